/**
 * The integration model's log, content and copy wirings (the trail, CloudFront, access logs, log delivery,
 * flow logs, log group keys, Backup's vault keys), each broken on purpose in a copy of the real plan: the
 * finding names both ends and the policy that denies.
 */
import * as assert from "assert";

import { integrationsOf } from "../../tools/engine/integrations";
import { integrationContext } from "../../tools/engine/plan";
import { PlanView } from "../../tools/engine/planView";
import { realStackConfig } from "../helpers/config";
import { stackPlan } from "../helpers/graph";
import {
  assertFinding,
  editPolicy,
  find,
  findingLines,
  judge,
  upCopy,
  withCondition,
  withoutSid,
} from "../helpers/integrations";

const OTHER_ACCOUNT = "999999999999";

describe("integration model: logs, content and copies", function () {
  this.timeout(300_000);

  it("every stack judges the trail, CloudFront, access logs, log delivery, flow logs, log keys and vault keys", async () => {
    for (const stack of ["dev", "stage", "prod"]) {
      const plan = await stackPlan(stack, "up");
      assert.deepStrictEqual(findingLines(plan.integrations!), [], stack);
    }
    // The kinds this file's wirings add are all present in prod (and judged reachable above).
    const plan = await stackPlan("prod", "up");
    const config = await realStackConfig("prod");
    const ctx = integrationContext(config);
    const view = new PlanView(plan.resources, plan.states!, ctx.account, ctx.region, ctx.scps, ctx.external);
    const kinds = new Set(integrationsOf(view, ctx).integrations.map((i) => i.kind));
    for (const kind of [
      "trail-delivery",
      "trail-encryption",
      "trail-logs",
      "cloudfront-origin",
      "log-encryption",
      "log-delivery",
      "access-logs",
      "flow-logs",
      "backup-vault",
    ]) {
      assert.ok(kinds.has(kind), `prod has ${kind} wirings`);
    }
  });

  it("the trail's bucket policy naming another trail: CloudTrail cannot write its logs", async () => {
    const resources = await upCopy("prod");
    const policy = find(resources, "aws:s3/bucketPolicy:BucketPolicy", "baseline-trail-logs-policy");
    editPolicy(
      policy,
      "policy",
      withCondition(
        "CloudTrailWrite",
        "aws:SourceArn",
        "arn:aws:cloudtrail:eu-west-1:210987654321:trail/other",
      ),
    );
    editPolicy(policy, "policy", withoutSid("CloudTrailAclCheck"));
    const report = await judge("prod", resources);
    for (const action of ["s3:PutObject", "s3:GetBucketAcl"]) {
      assertFinding(
        report,
        '[trail-delivery] Trail "baseline-trail" -> Bucket "baseline-trail-logs"',
        `cloudtrail.amazonaws.com ${action}`,
        "bucket policy baseline-trail-logs-policy (no statement allows)",
      );
    }
  });

  it("the key without CloudTrail's statement: the trail cannot encrypt its log files", async () => {
    const resources = await upCopy("prod");
    editPolicy(find(resources, "aws:kms/key:Key", "key"), "policy", withoutSid("AllowCloudTrailEncrypt"));
    assertFinding(
      await judge("prod", resources),
      '[trail-encryption] Trail "baseline-trail" -> Key "key"',
      "kms:GenerateDataKey",
      'key policy of Key "key" (no statement allows)',
    );
  });

  it("the trail's log role without its write policy: CloudTrail cannot deliver events to its log group", async () => {
    const resources = (await upCopy("prod")).filter(
      (r) => !(r.type === "aws:iam/rolePolicy:RolePolicy" && r.name === "baseline-trail-logs"),
    );
    assertFinding(
      await judge("prod", resources),
      '[trail-logs] Trail "baseline-trail" -> LogGroup "baseline-trail-logs"',
      'Role "baseline-trail-logs" logs:PutLogEvents',
      "denied: identity policies (no statement allows)",
    );
  });

  it("the search log policy naming another domain: OpenSearch cannot publish its logs", async () => {
    const resources = await upCopy("prod");
    editPolicy(
      find(resources, "aws:cloudwatch/logResourcePolicy:LogResourcePolicy", "search-log-policy"),
      "policyDocument",
      (d) => ({
        ...d,
        Statement: d.Statement.map((st) => ({
          ...st,
          Condition: {
            ...st.Condition,
            ArnLike: { "aws:SourceArn": "arn:aws:es:eu-west-1:210987654321:domain/other" },
          },
        })),
      }),
    );
    assertFinding(
      await judge("prod", resources),
      '[log-delivery] Domain "search" -> LogGroup "search-audit-logs"',
      "es.amazonaws.com logs:PutLogEvents",
      "log resource policies of eu-west-1 (search-log-policy, public-waf-log-delivery) (no statement allows)",
    );
  });

  it("the static site's bucket policy naming another distribution, and the key without CloudFront: CloudFront cannot read", async () => {
    const resources = await upCopy("prod");
    editPolicy(
      find(resources, "aws:s3/bucketPolicy:BucketPolicy", "static-site-bucket-policy"),
      "policy",
      withCondition(
        "CloudFrontOriginAccessControl",
        "aws:SourceArn",
        "arn:aws:cloudfront::210987654321:distribution/EOTHER",
      ),
    );
    editPolicy(
      find(resources, "aws:kms/key:Key", "key"),
      "policy",
      withoutSid("AllowCloudFrontOriginAccessControl"),
    );
    const report = await judge("prod", resources);
    const ends = '[cloudfront-origin] Distribution "static-site-cdn" -> Bucket "static-site-bucket"';
    assertFinding(
      report,
      ends,
      "s3:GetObject",
      "bucket policy static-site-bucket-policy (no statement allows)",
    );
    assertFinding(report, ends, "kms:Decrypt", 'key policy of Key "key" (no statement allows)');
  });

  it("a key without CloudWatch Logs' statement: its log groups cannot be written (in the home and the edge Region)", async () => {
    const resources = await upCopy("prod");
    for (const name of ["key", "static-site-edge-key"]) {
      editPolicy(find(resources, "aws:kms/key:Key", name), "policy", withoutSid("AllowCloudWatchLogs"));
    }
    const report = await judge("prod", resources);
    assertFinding(
      report,
      '[log-encryption] LogGroup "network-flow-logs" -> Key "key"',
      "logs.eu-west-1.amazonaws.com kms:GenerateDataKey",
      'key policy of Key "key"',
    );
    assertFinding(
      report,
      '[log-encryption] LogGroup "static-site-access-logs" -> Key "static-site-edge-key"',
      "logs.us-east-1.amazonaws.com kms:Decrypt",
      'key policy of Key "static-site-edge-key"',
    );
  });

  it("CloudWatch Logs' statement scoped to another Region: the encryption context no longer matches", async () => {
    const resources = await upCopy("prod");
    editPolicy(
      find(resources, "aws:kms/key:Key", "key"),
      "policy",
      withCondition(
        "AllowCloudWatchLogs",
        "kms:EncryptionContext:aws:logs:arn",
        "arn:aws:logs:us-east-1:210987654321:*",
      ),
    );
    assertFinding(
      await judge("prod", resources),
      '[log-encryption] LogGroup "public-waf-logs" -> Key "key"',
      'key policy of Key "key" (no statement allows)',
    );
  });

  it("without the log resource policies: WAF and CloudFront logs cannot be delivered", async () => {
    const resources = (await upCopy("prod")).filter(
      (r) =>
        !(
          r.type === "aws:cloudwatch/logResourcePolicy:LogResourcePolicy" &&
          ["public-waf-log-delivery", "static-site-log-delivery"].includes(r.name)
        ),
    );
    const report = await judge("prod", resources);
    assertFinding(
      report,
      '[log-delivery] WebAcl "public-waf" -> LogGroup "public-waf-logs"',
      "delivery.logs.amazonaws.com logs:PutLogEvents",
      "log resource policies of eu-west-1 (search-log-policy) (no statement allows)",
    );
    assertFinding(
      report,
      '[log-delivery] WebAcl "static-site-waf" -> LogGroup "static-site-waf-logs"',
      "no log resource policy in us-east-1",
    );
    assertFinding(
      report,
      '[log-delivery] Distribution "static-site-cdn" -> LogGroup "static-site-access-logs"',
      "logs:CreateLogStream",
    );
  });

  it("the WAF log policy for another account: the log delivery service's aws:SourceAccount does not match", async () => {
    const resources = await upCopy("prod");
    editPolicy(
      find(resources, "aws:cloudwatch/logResourcePolicy:LogResourcePolicy", "public-waf-log-delivery"),
      "policyDocument",
      withCondition("WafLogDelivery", "aws:SourceAccount", OTHER_ACCOUNT),
    );
    assertFinding(
      await judge("prod", resources),
      '[log-delivery] WebAcl "public-waf" -> LogGroup "public-waf-logs"',
      "public-waf-log-delivery",
    );
  });

  it("the access-log bucket without the Region's ELB account, or S3's logging service: access logs are lost", async () => {
    const resources = await upCopy("prod");
    const policy = find(resources, "aws:s3/bucketPolicy:BucketPolicy", "alb-logs-policy");
    // eu-west-1 predates August 2022: its load balancers write as the Region's ELB account, and the
    // statement for the service principal does not stand in for it.
    editPolicy(policy, "policy", withoutSid("AlbLogDeliveryRegionalAccount"));
    editPolicy(policy, "policy", withCondition("S3ServerAccessLogs", "aws:SourceAccount", OTHER_ACCOUNT));
    const report = await judge("prod", resources);
    assertFinding(
      report,
      '[access-logs] LoadBalancer "public-alb" -> Bucket "alb-logs"',
      "ELB account 156460612806 s3:PutObject",
      "bucket policy alb-logs-policy (no statement allows)",
    );
    assertFinding(
      report,
      '[access-logs] Bucket "files-bucket" -> Bucket "alb-logs"',
      "logging.s3.amazonaws.com s3:PutObject",
      "bucket policy alb-logs-policy",
    );
  });

  it("the flow log role trusting another account, and without its write policy: flow logs cannot be published", async () => {
    const resources = (await upCopy("prod")).filter(
      (r) => !(r.type === "aws:iam/rolePolicy:RolePolicy" && r.name === "network-flow-logs-write"),
    );
    editPolicy(find(resources, "aws:iam/role:Role", "network-flow-logs-role"), "assumeRolePolicy", (d) => ({
      ...d,
      Statement: d.Statement.map((s) => ({
        ...s,
        Condition: { StringEquals: { "aws:SourceAccount": OTHER_ACCOUNT } },
      })),
    }));
    const report = await judge("prod", resources);
    const ends = '[flow-logs] FlowLog "network-flow-log" -> LogGroup "network-flow-logs"';
    assertFinding(
      report,
      ends,
      "vpc-flow-logs.amazonaws.com sts:AssumeRole",
      'trust policy of Role "network-flow-logs-role"',
    );
    assertFinding(report, ends, 'Role "network-flow-logs-role" logs:PutLogEvents', "identity policies");
  });

  it("the copy key without its grant through AWS Backup: copies to the other Region's vault fail", async () => {
    const resources = await upCopy("prod");
    editPolicy(
      find(resources, "aws:kms/key:Key", "backup-copy-key"),
      "policy",
      withoutSid("AllowUseThroughBackup"),
    );
    const report = await judge("prod", resources);
    assertFinding(
      report,
      '[backup-vault] Plan "backup-plan" -> Vault "backup-copy-vault"',
      "kms:CreateGrant",
      'on Key "backup-copy-key" through backup.eu-central-1.amazonaws.com (judged by the key policy alone)',
      // The key policy leaves the role to IAM, where the model knows no grant of it.
      "denied: identity policies (no statement allows)",
    );
    assert.deepStrictEqual(
      findingLines(report).filter((l) => l.includes('-> Vault "backup-vault"')),
      [],
      "the primary vault's key is untouched",
    );
  });
});
