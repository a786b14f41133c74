/**
 * The integration model on the real stacks (run as `pulumi up`): every wiring reachable, and each fix of
 * a wiring that would deploy and not work has a test here that takes the fix back out of the plan and
 * expects the finding that names both ends and the policy that denies.
 */
import * as assert from "assert";

import { EXEC_KEY_TAG } from "../../components/shared/tags";
import { NamedPolicy } from "../../tools/engine/iamEvaluator";
import { planFails } from "../../tools/engine/plan";
import { realStackConfig } from "../helpers/config";
import { stackPlan } from "../helpers/graph";
import {
  assertFinding,
  Doc,
  editPolicy,
  find,
  findingLines,
  judge,
  upCopy,
  withoutSid,
} from "../helpers/integrations";

/** A named policy without one statement. */
const withoutSidPolicy = (p: NamedPolicy, sid: string): NamedPolicy => ({
  ...p,
  document: withoutSid(sid)(p.document as Doc),
});

describe("integration model: the real stacks", function () {
  this.timeout(300_000);
  for (const stack of ["dev", "stage", "prod"]) {
    it(`${stack}: every wiring is reachable and every asynchronous target fails loudly`, async () => {
      const plan = await stackPlan(stack, "up");
      const report = plan.integrations!;
      assert.deepStrictEqual(findingLines(report), []);
      assert.ok(report.integrations > 50 && report.requests > 300, JSON.stringify(report).slice(0, 200));
      assert.strictEqual(planFails(plan), false);
    });
  }

  it("a preview plan judges the integrations only when asked (the plan CLI asks)", async () => {
    const preview = await stackPlan("dev");
    assert.strictEqual(preview.integrations, undefined);
  });
});

describe("integration model: wirings broken on purpose", function () {
  this.timeout(300_000);

  it("a key statement removed: EventBridge's alerts to the encrypted topic fail, and the plan fails naming it", async () => {
    const plan = await stackPlan("prod", "up");
    const resources = await upCopy("prod");
    editPolicy(find(resources, "aws:kms/key:Key", "key"), "policy", withoutSid("AllowAlarmAndEventDelivery"));
    const report = await judge("prod", resources);
    assertFinding(
      report,
      '[rule-target] EventRule "backup-failed-jobs" -> Topic "alerts"',
      "events.amazonaws.com kms:GenerateDataKey",
      'denied: identity policies (no statement allows); key policy of Key "key" (no statement allows)',
    );
    assertFinding(
      report,
      '[alarm-action] MetricAlarm "postgres-cpu" -> Topic "alerts"',
      "cloudwatch.amazonaws.com",
    );
    assert.strictEqual(planFails({ ...plan, integrations: report }), true);
  });

  it("the delivery statement conditioned on aws:SourceAccount (as before): EventBridge sends none on KMS calls", async () => {
    const resources = await upCopy("prod");
    editPolicy(find(resources, "aws:kms/key:Key", "key"), "policy", (d) => ({
      ...d,
      Statement: d.Statement.map((s) =>
        s.Sid === "AllowAlarmAndEventDelivery"
          ? { ...s, Condition: { StringEquals: { "aws:SourceAccount": "210987654321" } } }
          : s,
      ),
    }));
    const report = await judge("prod", resources);
    // Break-glass and backup alerts, and the services' encrypted queues that rules feed.
    assertFinding(
      report,
      'EventRule "backup-failed-jobs" -> Topic "alerts"',
      "kms:Decrypt",
      'key policy of Key "key"',
    );
    assertFinding(report, "[rule-target]", '-> Queue "orders-payment-events"', "kms:GenerateDataKey");
  });

  it("the archive's grant removed: the encrypted archive cannot re-encrypt (kms:ReEncrypt*)", async () => {
    const resources = await upCopy("prod");
    editPolicy(find(resources, "aws:kms/key:Key", "key"), "policy", withoutSid("AllowEventBridgeArchives"));
    const report = await judge("prod", resources);
    assertFinding(
      report,
      '[archive-encryption] EventArchive "events-archive" -> Key "key"',
      "kms:ReEncryptFrom",
    );
  });

  it("a team's boundary narrowed (its queues left out): the grant handed to the team fails at the boundary", async () => {
    const resources = await upCopy("prod");
    editPolicy(
      find(resources, "aws:iam/policy:Policy", "app-teams-orders-boundary"),
      "policy",
      withoutSid("OwnQueues"),
    );
    const report = await judge("prod", resources);
    assertFinding(
      report,
      "[app-team-grant] a role of orders",
      "sqs:SendMessage on arn:aws:sqs:eu-west-1:210987654321:orders-jobs",
      "permissions boundary app-teams-orders-boundary (no statement allows)",
    );
  });

  it("a team's boundary as it was (deployment only): SQS, DynamoDB, S3, Kafka, RDS, EventBridge, X-Ray and ECS Exec all fail", async () => {
    const resources = await upCopy("prod");
    const workload = [
      "OwnQueues",
      "Tables",
      "OwnBuckets",
      "PostgresAsTheTeam",
      "EnvironmentBus",
      "TracesAndExecChannels",
    ];
    editPolicy(find(resources, "aws:iam/policy:Policy", "app-teams-orders-boundary"), "policy", (d) => ({
      ...d,
      Statement: d.Statement.filter(
        (s) => !workload.includes(s.Sid ?? "") && !(s.Sid ?? "").startsWith("Kafka"),
      ),
    }));
    const report = await judge("prod", resources);
    for (const action of [
      "sqs:ReceiveMessage",
      "dynamodb:PutItem",
      "s3:PutObject",
      "kafka-cluster:Connect",
      "rds-db:connect",
      "events:PutEvents",
      "xray:PutTraceSegments",
      "ssmmessages:OpenDataChannel",
    ]) {
      assertFinding(report, "a role of orders", action, "permissions boundary app-teams-orders-boundary");
    }
  });

  it("the orders task role without its Kafka client policy: it cannot connect", async () => {
    const resources = (await upCopy("prod")).filter(
      (r) =>
        !(r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment" && r.name === "orders-kafka-client"),
    );
    const report = await judge("prod", resources);
    assertFinding(report, '[service-kafka] Role "orders-task" -> Cluster "kafka"', "kafka-cluster:Connect");
    assertFinding(report, 'Role "orders-task"', "kafka-cluster:ReadData on topic payments");
  });

  it("on-call's permission set without the exec key: its ECS Exec session cannot get a data key (dev allows ECS Exec)", async () => {
    const resources = await upCopy("dev");
    const report = await judge("dev", resources, (ctx) => {
      const set = ctx.oncall!.permissionSet!;
      const policies = set.policies.map((p) => withoutSid("EcsExecSessionKey")(p.document as Doc));
      return {
        ...ctx,
        oncall: {
          ...ctx.oncall!,
          permissionSet: { ...set, policies: policies.map((document) => ({ name: "set", document })) },
        },
      };
    });
    assertFinding(report, "[oncall-exec]", 'kms:GenerateDataKey on Key "key"', "denied");
  });

  it("the gateway pulls its image from the organization's registry across accounts, as the repository's policy allows", async () => {
    const resources = await upCopy("prod");
    const config = await realStackConfig("prod");
    const [repository] = Object.values(config.organization.registry.repositories).filter((u) =>
      u.endsWith("/platform/gateway"),
    );
    assert.ok(repository, "the organization's registry has the gateway's repository");
    // The pull policy without the environment accounts: the execution role's own grant is not enough.
    const report = await judge("prod", resources, (ctx) => ({
      ...ctx,
      external: ctx.external!.map((e) => ({
        ...e,
        policy: withoutSidPolicy(e.policy, "EnvironmentAccountsPull"),
      })),
    }));
    assertFinding(
      report,
      'Role "gateway-execution"',
      "ecr:BatchGetImage",
      "repository policy of platform/gateway",
    );
    // As the organization writes it, the same request is allowed.
    const allowed = await judge("prod", resources);
    assert.deepStrictEqual(
      findingLines(allowed).filter((l) => l.includes("gateway-execution")),
      [],
      "the pull is reachable with the organization's policy",
    );
  });

  it("the environment key without its exec tag: on-call's permission set grants no session key", async () => {
    const resources = await upCopy("dev");
    const key = find(resources, "aws:kms/key:Key", "key");
    assert.deepStrictEqual(
      key.inputs.tags,
      { [EXEC_KEY_TAG]: "true" },
      "dev allows ECS Exec: its key carries the tag",
    );
    key.inputs = Object.fromEntries(Object.entries(key.inputs).filter(([k]) => k !== "tags"));
    const report = await judge("dev", resources);
    assertFinding(report, "[oncall-exec]", 'kms:GenerateDataKey on Key "key"', "denied");
  });

  it("the Backup role trusting only requests that carry aws:SourceAccount (as before): AWS Backup cannot assume it", async () => {
    const resources = await upCopy("prod");
    editPolicy(find(resources, "aws:iam/role:Role", "backup-role"), "assumeRolePolicy", (d) => ({
      ...d,
      Statement: d.Statement.map((s) => ({
        ...s,
        Condition: { StringEquals: { "aws:SourceAccount": "210987654321" } },
      })),
    }));
    const report = await judge("prod", resources);
    assertFinding(
      report,
      '[service-role-trust] backup.amazonaws.com -> Role "backup-role"',
      'trust policy of Role "backup-role" (no statement allows)',
      "aws-backup/latest/devguide/iam-service-roles.html",
    );
  });

  it("a rule target without a dead-letter queue, or a dead-letter queue nobody is alarmed about, is reported", async () => {
    const noDlq = await upCopy("prod");
    delete find(noDlq, "aws:cloudwatch/eventTarget:EventTarget", "backup-failed-jobs-alert").inputs
      .deadLetterConfig;
    assertFinding(
      await judge("prod", noDlq),
      '[loud-failure] EventRule "backup-failed-jobs" -> Topic "alerts"',
      "no dead-letter queue",
    );
    const unwatched = (await upCopy("prod")).filter(
      (r) =>
        !(
          r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" && r.name === "backup-failed-jobs-dlq-messages"
        ),
    );
    assertFinding(
      await judge("prod", unwatched),
      '[loud-failure] EventRule "backup-failed-jobs"',
      'dead-letter queue Queue "backup-failed-jobs-dlq"',
      "no alarm",
    );
  });
});
