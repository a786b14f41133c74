/**
 * Observability and operations across the real stacks: every alarm-worthy resource has its
 * alarms, every alarm goes to the alert topic, every log group expires and is encrypted, the backup plan
 * covers every stateful store, and prod copies its backups to a second region.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

import { COLLECTOR_NAME } from "../../components/compute/taskDefinition";
import { ALARM_KINDS, AlarmKind, RUNBOOK_PATH } from "../../components/shared/alarms";
import { StackConfig } from "../../stacks/config";
import { RecordedResource } from "../../tools/engine/mockEngine";
import { planStack } from "../../tools/engine/plan";
import { PROJECT_DIR, readStackFiles, SECRET_PLACEHOLDER } from "../../tools/engine/stackFiles";
import { display } from "../../tools/engine/wire";
import { realStackConfig } from "../helpers/config";
import { planWithParts } from "../helpers/devParts";
import { physical } from "../helpers/edge";
import { byUrn, inputs, jsonInput, ofType, single, stackPlan } from "../helpers/graph";

const STACKS = ["dev", "stage", "prod"] as const;
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

/** Each real stack's validated config, read once before the tests. */
const configs = new Map<string, StackConfig>();
before(async () => {
  for (const stack of STACKS) {
    configs.set(stack, await realStackConfig(stack));
  }
});

function configOf(stack: string): StackConfig {
  const config = configs.get(stack);
  assert.ok(config, `no config read for ${stack}`);
  return config;
}

function kindOf(alarm: RecordedResource): AlarmKind {
  return (inputs(alarm).tags as Record<string, string>)["alarm-kind"] as AlarmKind;
}

/** URNs an alarm's metrics depend on: its dimensions, or the metrics of its metric math. */
function watched(alarm: RecordedResource): string[] {
  return [
    ...(alarm.propertyDependencies.dimensions ?? []),
    ...(alarm.propertyDependencies.metricQueries ?? []),
  ];
}

/** The alarm kinds each alarm-worthy resource must have (beyond these, a resource may have more). */
function requiredKinds(r: RecordedResource): AlarmKind[] | undefined {
  const i = inputs(r);
  switch (r.type) {
    case "aws:lb/loadBalancer:LoadBalancer":
      return ["alb-5xx-rate", "alb-response-time"];
    case "aws:lb/targetGroup:TargetGroup":
      return ["alb-unhealthy-targets"];
    case "aws:ecs/service:Service":
      return ["ecs-cpu", "ecs-memory", "ecs-running-tasks"];
    case "aws:rds/instance:Instance":
      return [
        "rds-cpu",
        "rds-free-storage",
        "rds-freeable-memory",
        "rds-connections",
        ...(i.replicateSourceDb === undefined ? [] : (["rds-replica-lag"] as const)),
      ];
    case "aws:elasticache/replicationGroup:ReplicationGroup":
      return [
        "cache-cpu",
        "cache-memory",
        "cache-evictions",
        ...((i.numCacheClusters as number) > 1 ? (["cache-replication-lag"] as const) : []),
      ];
    case "aws:elasticache/cluster:Cluster":
      return ["cache-cpu", "cache-evictions"];
    case "aws:msk/cluster:Cluster":
      return ["msk-disk", "msk-under-replicated"];
    case "aws:opensearch/domain:Domain":
      return [
        "search-cluster-red",
        "search-writes-blocked",
        "search-free-storage",
        "search-cpu",
        "search-jvm-memory",
      ];
    case "aws:ec2/natGateway:NatGateway":
      return ["nat-port-allocation", "nat-packets-dropped"];
    case "aws:autoscaling/group:Group":
      return ["vpn-status-check", "vpn-no-instance"];
    case "aws:lambda/function:Function":
      return [
        "lambda-errors",
        ...(i.reservedConcurrentExecutions === undefined ? [] : (["lambda-throttles"] as const)),
      ];
    case "aws:wafv2/webAcl:WebAcl":
      return i.scope === "REGIONAL" ? ["waf-blocked-spike"] : undefined;
    default:
      return undefined;
  }
}

describe("observability of the stacks", () => {
  for (const stack of STACKS) {
    describe(stack, () => {
      // Dev's plan with the parts it leaves out to stay within its cost back on (docs/cost.md), so that
      // every tier's Kafka and function alarms are judged.
      it("gives every alarm-worthy resource its alarms", async () => {
        const { resources } = await planWithParts(stack);
        const alarms = ofType(resources, ALARM);
        const judged = new Set<string>();
        for (const r of resources) {
          const kinds = requiredKinds(r);
          if (kinds === undefined) {
            continue;
          }
          judged.add(r.type);
          const has = new Set(alarms.filter((a) => watched(a).includes(r.urn)).map(kindOf));
          for (const kind of kinds) {
            assert.ok(
              has.has(kind),
              `${r.type} ${r.name} has no ${kind} alarm (it has: ${[...has].join(", ")})`,
            );
          }
        }
        // Queues: a work queue (one with a redrive policy) alarms on its oldest message; a dead-letter
        // target (of a queue, the schedules, the bus, a rule, a function) on any message.
        for (const q of ofType(resources, "aws:sqs/queue:Queue")) {
          const kinds = alarms.filter((a) => watched(a).includes(q.urn)).map(kindOf);
          const deadLetterTarget = inputs(q).redrivePolicy === undefined;
          assert.deepStrictEqual(
            kinds,
            [deadLetterTarget ? "sqs-dead-letters" : "sqs-oldest-message"],
            `queue ${q.name}`,
          );
          judged.add(q.type);
        }
        // Every stack has these (the VPN's group only where the VPN is on).
        for (const type of [
          "aws:lb/loadBalancer:LoadBalancer",
          "aws:lb/targetGroup:TargetGroup",
          "aws:ecs/service:Service",
          "aws:rds/instance:Instance",
          "aws:elasticache/replicationGroup:ReplicationGroup",
          "aws:msk/cluster:Cluster",
          "aws:ec2/natGateway:NatGateway",
          "aws:wafv2/webAcl:WebAcl",
          "aws:sqs/queue:Queue",
          "aws:lambda/function:Function",
          ...(configOf(stack).vpn ? ["aws:autoscaling/group:Group"] : []),
          ...(configOf(stack).searchEnabled ? ["aws:opensearch/domain:Domain"] : []),
        ]) {
          assert.ok(judged.has(type), `no ${type} was judged`);
        }
      });

      it("sends every alarm to the alert topic, when it fires and when it recovers", async () => {
        const { resources } = await stackPlan(stack);
        const topic = ofType(resources, "aws:sns/topic:Topic").find((t) => t.name === "alerts")!;
        const alarms = ofType(resources, ALARM);
        assert.ok(alarms.length > 20);
        for (const a of alarms) {
          assert.deepStrictEqual(a.propertyDependencies.alarmActions, [topic.urn], `${a.name} alarmActions`);
          assert.deepStrictEqual(a.propertyDependencies.okActions, [topic.urn], `${a.name} okActions`);
          assert.strictEqual(inputs(a).actionsEnabled, true, a.name);
        }
        const up = await stackPlan(stack, "up");
        const arn = (display(up.outputs) as Record<string, unknown>).alertTopicArn;
        for (const a of ofType(up.resources, ALARM)) {
          assert.deepStrictEqual(inputs(a).alarmActions, [arn], a.name);
        }
      });

      it("points every alarm at its runbook entry", async () => {
        const { resources } = await stackPlan(stack);
        for (const a of ofType(resources, ALARM)) {
          const kind = kindOf(a);
          assert.ok((ALARM_KINDS as readonly string[]).includes(kind), `${a.name}: kind ${kind}`);
          assert.ok(
            (inputs(a).alarmDescription as string).endsWith(`Runbook: ${RUNBOOK_PATH}#${kind}`),
            `${a.name}: ${String(inputs(a).alarmDescription)}`,
          );
        }
      });

      it("keeps no log group without the tier's retention and a KMS key of the stack", async () => {
        const { resources } = await stackPlan(stack);
        const urns = byUrn(resources);
        const days = configOf(stack).logRetentionDays;
        const groups = ofType(resources, "aws:cloudwatch/logGroup:LogGroup");
        assert.ok(groups.length > 10);
        for (const g of groups) {
          assert.strictEqual(inputs(g).retentionInDays, days, `${g.name} retention`);
          const keys = (g.propertyDependencies.kmsKeyId ?? []).map((u) => urns.get(u)?.type);
          assert.deepStrictEqual(
            keys,
            ["aws:kms/key:Key"],
            `${g.name} is not encrypted with a key of the stack`,
          );
        }
      });

      it("backs up every stateful store: Postgres primaries, DynamoDB tables, the file storage bucket", async () => {
        const { resources } = await stackPlan(stack);
        const urns = byUrn(resources);
        const selection = single(resources, "aws:backup/selection:Selection");
        const selected = new Set(selection.propertyDependencies.resources);
        const stateful = resources.filter(
          (r) =>
            (r.type === "aws:rds/instance:Instance" && inputs(r).replicateSourceDb === undefined) ||
            r.type === "aws:rds/cluster:Cluster" ||
            r.type === "aws:dynamodb/table:Table" ||
            r.type === "aws:efs/fileSystem:FileSystem" ||
            (r.type === "aws:s3/bucket:Bucket" &&
              urns.get(urns.get(r.parent!)!.parent!)?.type === "platform:data:FileStorage"),
        );
        assert.ok(stateful.length >= 2);
        for (const r of stateful) {
          assert.ok(selected.has(r.urn), `${r.type} ${r.name} is not backed up`);
        }
        const plan = single(resources, "aws:backup/plan:Plan");
        const [rule] = inputs(plan).rules as Array<{ lifecycle: { deleteAfter: number }; schedule: string }>;
        assert.strictEqual(rule.lifecycle.deleteAfter, configOf(stack).backupRetentionDays);
        const vault = ofType(resources, "aws:backup/vault:Vault").find((v) => v.name === "backup-vault")!;
        assert.deepStrictEqual(
          vault.propertyDependencies.kmsKeyArn.map((u) => urns.get(u)!.name),
          ["key"],
          "the environment key",
        );
        assert.strictEqual(vault.protect, configOf(stack).protectStatefulResources);
      });

      it("turns Container Insights on in every cluster, and runs a collector beside every traced service", async () => {
        const { resources } = await stackPlan(stack, "up");
        for (const c of ofType(resources, "aws:ecs/cluster:Cluster")) {
          const settings = inputs(c).settings as Array<{ name: string; value: string }>;
          assert.ok(
            settings.some((s) => s.name === "containerInsights" && ["enabled", "enhanced"].includes(s.value)),
            c.name,
          );
        }
        const traced = new Set(
          configOf(stack)
            .services.filter((s) => s.tracing)
            .map((s) => s.name),
        );
        assert.ok(traced.size > 0, "the stack traces at least one service");
        for (const td of ofType(resources, "aws:ecs/taskDefinition:TaskDefinition")) {
          const service = td.parent!.split("::").pop()!;
          const names = jsonInput<Array<{ name: string }>>(td, "containerDefinitions").map((c) => c.name);
          assert.strictEqual(
            names.includes(COLLECTOR_NAME),
            traced.has(service),
            `${td.name}: ${names.join(", ")}`,
          );
        }
      });

      it("draws the request path on one dashboard and exports where to look", async () => {
        const { resources, outputs } = await planWithParts(stack, "up");
        const config = configOf(stack);
        const dashboard = single(resources, "aws:cloudwatch/dashboard:Dashboard");
        assert.strictEqual(inputs(dashboard).dashboardName, `${config.namePrefix}-${config.env}`);
        const body = jsonInput<{ widgets: Array<{ properties: { markdown?: string } }> }>(
          dashboard,
          "dashboardBody",
        );
        const headings = body.widgets.map((w) => w.properties.markdown).filter((m) => m?.startsWith("## "));
        assert.ok(
          headings.indexOf("## 2. Public load balancer") < headings.indexOf("## 4. Internal load balancer"),
        );
        assert.ok(
          headings.includes("## 7. Postgres") && headings.includes("## 10. Kafka (MSK)"),
          headings.join("; "),
        );
        assert.strictEqual(headings.includes("## 9. Search (OpenSearch)"), config.searchEnabled);
        // Every queue, dead-letter queues included, is on a graph (by the name the provider gives it).
        const text = JSON.stringify(body);
        for (const q of ofType(resources, "aws:sqs/queue:Queue")) {
          assert.ok(text.includes(`"${physical(q, stack)}"`), `queue ${q.name} is on no graph`);
        }
        const obs = (display(outputs) as { observability: Record<string, unknown> }).observability;
        assert.match(
          obs.dashboardUrl as string,
          /^https:\/\/console\.aws\.amazon\.com\/cloudwatch\/home\?region=eu-west-1#dashboards\/dashboard\//,
        );
        assert.ok(obs.backupVaultName && obs.backupRoleArn);
        assert.deepStrictEqual(
          Object.keys(obs.logQueries as object).sort(),
          config.services.map((s) => s.name).sort(),
        );
      });
    });
  }

  it("locks the vaults by tier: none in dev, governance in stage, compliance in prod", async () => {
    const locks = async (stack: string): Promise<unknown[][]> =>
      ofType(
        (await stackPlan(stack)).resources,
        "aws:backup/vaultLockConfiguration:VaultLockConfiguration",
      ).map((l) => [l.name, inputs(l).minRetentionDays, inputs(l).changeableForDays]);
    assert.deepStrictEqual(await locks("dev"), []);
    assert.deepStrictEqual(await locks("stage"), [["backup-vault-lock", 14, undefined]]);
    assert.deepStrictEqual(await locks("prod"), [
      ["backup-vault-lock", 35, 3],
      ["backup-copy-vault-lock", 35, 3],
    ]);
  });

  it("copies prod's backups to a second region, into a vault under a key of that region", async () => {
    const { resources } = await stackPlan("prod");
    const urns = byUrn(resources);
    const config = configOf("prod");
    const copyVault = ofType(resources, "aws:backup/vault:Vault").find((v) => v.name === "backup-copy-vault");
    assert.ok(copyVault, "prod has a copy vault");
    const region = inputs(copyVault).region;
    assert.strictEqual(region, "eu-central-1");
    assert.notStrictEqual(region, config.region);
    const [key] = copyVault.propertyDependencies.kmsKeyArn.map((u) => urns.get(u)!);
    assert.deepStrictEqual(
      [key.type, inputs(key).region, inputs(key).enableKeyRotation],
      ["aws:kms/key:Key", region, true],
    );
    const plan = single(resources, "aws:backup/plan:Plan");
    const [rule] = inputs(plan).rules as Array<{ copyActions: unknown[] }>;
    assert.strictEqual(rule.copyActions.length, 1);
    assert.ok(
      plan.propertyDependencies.rules.includes(copyVault.urn),
      "the copy action targets the copy vault",
    );
    // The organization's guardrails let the account use the copy region.
    const scp = ofType(
      (await stackPlan("organization", "up")).resources,
      "aws:organizations/policy:Policy",
    ).find((p) => p.name === "guardrails-scp-regions")!;
    assert.ok((inputs(scp).content as string).includes('"eu-central-1"'));
    for (const stack of ["dev", "stage"]) {
      const other = (await stackPlan(stack)).resources;
      assert.strictEqual(ofType(other, "aws:backup/vault:Vault").length, 1, `${stack} keeps no copy`);
      const [otherRule] = inputs(single(other, "aws:backup/plan:Plan")).rules as Array<{
        copyActions: unknown[];
      }>;
      assert.deepStrictEqual(otherRule.copyActions, []);
    }
  });

  it("subscribes the paging tool when a stack sets the webhook secret, keeping it secret", async () => {
    const files = readStackFiles("dev");
    const secretKey = "platform:alertWebhookUrl";
    const plan = await planStack("dev", {
      files: {
        ...files,
        config: { ...files.config, [secretKey]: SECRET_PLACEHOLDER },
        secretKeys: [...files.secretKeys, secretKey],
      },
    });
    assert.deepStrictEqual(plan.problems, []);
    assert.strictEqual(plan.error, undefined);
    const hook = ofType(plan.resources, "aws:sns/topicSubscription:TopicSubscription").find(
      (s) => s.name === "alerts-webhook",
    )!;
    assert.deepStrictEqual([inputs(hook).protocol, inputs(hook).endpoint], ["https", "[secret]"]);
    const without = await stackPlan("dev");
    assert.ok(
      !ofType(without.resources, "aws:sns/topicSubscription:TopicSubscription").some(
        (s) => s.name === "alerts-webhook",
      ),
    );
  });
});

describe("runbooks", () => {
  const runbooks = path.join(PROJECT_DIR, "docs", "runbooks");

  it("have an entry for every kind of alarm, and no entry for a kind that does not exist", () => {
    const text = fs.readFileSync(path.join(PROJECT_DIR, RUNBOOK_PATH), "utf8");
    const headings = [...text.matchAll(/^## (\S+)$/gm)].map((m) => m[1]);
    assert.deepStrictEqual([...headings].sort(), [...ALARM_KINDS].sort());
    for (const kind of ALARM_KINDS) {
      const section = text.split(`## ${kind}\n`)[1].split("\n## ")[0];
      for (const part of ["**Means**", "**Check**", "**Do**"]) {
        assert.ok(section.includes(part), `${kind} lacks ${part}`);
      }
    }
  });

  it("cover the operations done by hand, and link only to files that exist", () => {
    for (const file of [
      "README.md",
      "rotate-database-password.md",
      "restore-from-backup.md",
      "vpn-certificates.md",
      "rollback-service-deploy.md",
    ]) {
      const text = fs.readFileSync(path.join(runbooks, file), "utf8");
      for (const [, target] of text.matchAll(/\]\(([^)#]+\.md)(#[^)]*)?\)/g)) {
        assert.ok(fs.existsSync(path.join(runbooks, target)), `${file} links to ${target}`);
      }
    }
  });
});
