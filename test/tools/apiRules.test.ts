import * as assert from "assert";

import { CATALOG, ENTRIES } from "../../tools/catalog";
import { checkApiRules, checkResource, formatApiViolations, rulesOf } from "../../tools/engine/apiRules";
import { autoName, RecordedResource } from "../../tools/engine/mockEngine";
import { autoNamed, TAG_RULES } from "../../tools/rules";
import { stackPlan, wire } from "../helpers/graph";

const a = (n: number, c = "a"): string => c.repeat(n);
/** The value a length rule reports. */
const len = (s: string): string => `${s} (${s.length} characters)`;

const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const LB = "aws:lb/loadBalancer:LoadBalancer";
const TG = "aws:lb/targetGroup:TargetGroup";
const ROLE = "aws:iam/role:Role";
const POLICY = "aws:iam/policy:Policy";
const BUCKET = "aws:s3/bucket:Bucket";
const QUEUE = "aws:sqs/queue:Queue";
const TOPIC = "aws:sns/topic:Topic";
const LOG = "aws:cloudwatch/logGroup:LogGroup";
const RG = "aws:elasticache/replicationGroup:ReplicationGroup";
const DB = "aws:rds/instance:Instance";
const TABLE = "aws:dynamodb/table:Table";
const FN = "aws:lambda/function:Function";
const ALIAS = "aws:kms/alias:Alias";
const WAF = "aws:wafv2/webAcl:WebAcl";

/**
 * One failing example per rule: [rule id, type, inputs, the offending property and value it reports].
 * The logical name is `x` unless given: an auto-named property unset is judged as `x-` and 7 characters.
 */
type Example = [string, string, Record<string, unknown>, string, string, string?];
const EXAMPLES: Example[] = [
  ["budgets-budget-name-length", "aws:budgets/budget:Budget", { name: a(101) }, "name", len(a(101))],
  ["budgets-budget-name-chars", "aws:budgets/budget:Budget", { name: "a:b" }, "name", "a:b"],
  ["cloudtrail-trail-name-length", "aws:cloudtrail/trail:Trail", { name: "ab" }, "name", len("ab")],
  ["cloudtrail-trail-name-chars", "aws:cloudtrail/trail:Trail", { name: "a--b" }, "name", "a--b"],
  [
    "iam-instance-profile-name-length",
    "aws:iam/instanceProfile:InstanceProfile",
    { name: a(129) },
    "name",
    len(a(129)),
  ],
  [
    "iam-instance-profile-name-chars",
    "aws:iam/instanceProfile:InstanceProfile",
    { name: "a b" },
    "name",
    "a b",
  ],
  ["iam-policy-name-length", POLICY, { name: a(129) }, "name", len(a(129))],
  ["iam-policy-name-chars", POLICY, { name: "a/b" }, "name", "a/b"],
  ["iam-policy-description-length", POLICY, { name: "p", description: a(1001) }, "description", len(a(1001))],
  ["iam-role-name-length", ROLE, {}, "name", len(`${a(57)}-0000000`), a(57)],
  ["iam-role-name-chars", ROLE, { name: "role#1" }, "name", "role#1"],
  ["iam-role-description-length", ROLE, { name: "r", description: a(1001) }, "description", len(a(1001))],
  [
    "iam-role-description-chars",
    ROLE,
    { name: "r", description: "deploys \u2013 CI" },
    "description",
    "deploys \u2013 CI",
  ],
  ["iam-inline-policy-name-length", "aws:iam/rolePolicy:RolePolicy", { name: a(129) }, "name", len(a(129))],
  ["iam-inline-policy-name-chars", "aws:iam/rolePolicy:RolePolicy", { name: "read*" }, "name", "read*"],
  ["kms-alias-name-length", ALIAS, { name: `alias/${a(251)}` }, "name", len(`alias/${a(251)}`)],
  ["kms-alias-name-chars", ALIAS, { name: "platform-prod" }, "name", "platform-prod"],
  ["kms-alias-name-aws", ALIAS, { name: "alias/aws/platform" }, "name", "alias/aws/platform"],
  ["kms-key-description-length", "aws:kms/key:Key", { description: a(8193) }, "description", len(a(8193))],
  [
    "secretsmanager-secret-name-length",
    "aws:secretsmanager/secret:Secret",
    { name: a(513) },
    "name",
    len(a(513)),
  ],
  [
    "secretsmanager-secret-name-chars",
    "aws:secretsmanager/secret:Secret",
    { name: "a secret" },
    "name",
    "a secret",
  ],
  [
    "secretsmanager-secret-description-length",
    "aws:secretsmanager/secret:Secret",
    { name: "s", description: a(2049) },
    "description",
    len(a(2049)),
  ],
  [
    "sso-permission-set-name-length",
    "aws:ssoadmin/permissionSet:PermissionSet",
    { name: a(33) },
    "name",
    len(a(33)),
  ],
  [
    "sso-permission-set-name-chars",
    "aws:ssoadmin/permissionSet:PermissionSet",
    { name: "on call" },
    "name",
    "on call",
  ],
  [
    "sso-permission-set-description-length",
    "aws:ssoadmin/permissionSet:PermissionSet",
    { name: "p", description: a(701) },
    "description",
    len(a(701)),
  ],
  [
    "ec2-inline-rule-description",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    { ingress: [{ description: "it's" }] },
    "ingress[0].description",
    "it's",
  ],
  ["ec2-sg-name-length", SG, { name: a(256), description: "d" }, "name", len(a(256))],
  ["ec2-sg-name-chars", SG, { name: "caf\u00e9", description: "d" }, "name", "caf\u00e9"],
  ["ec2-sg-name-prefix", SG, { name: "sg-web", description: "d" }, "name", "sg-web"],
  ["ec2-sg-description-length", SG, { name: "n", description: a(256) }, "description", len(a(256))],
  ["ec2-sg-description-chars", SG, { name: "n", description: "partner's" }, "description", "partner's"],
  ["ec2-rule-description-length", INGRESS, { description: a(256) }, "description", len(a(256))],
  [
    "ec2-rule-description-chars",
    INGRESS,
    { description: "HTTPS from the partner API's VPC link" },
    "description",
    "HTTPS from the partner API's VPC link",
  ],
  ["backup-plan-name-length", "aws:backup/plan:Plan", { name: a(51) }, "name", len(a(51))],
  ["backup-plan-name-chars", "aws:backup/plan:Plan", { name: "daily plan" }, "name", "daily plan"],
  ["backup-selection-name-length", "aws:backup/selection:Selection", { name: a(51) }, "name", len(a(51))],
  ["backup-selection-name-chars", "aws:backup/selection:Selection", { name: "all/of" }, "name", "all/of"],
  ["backup-vault-name-length", "aws:backup/vault:Vault", { name: "v" }, "name", len("v")],
  ["backup-vault-name-chars", "aws:backup/vault:Vault", { name: "v.1" }, "name", "v.1"],
  [
    "elasticache-cluster-id-length",
    "aws:elasticache/cluster:Cluster",
    { clusterId: a(51) },
    "clusterId",
    len(a(51)),
  ],
  [
    "elasticache-cluster-id-chars",
    "aws:elasticache/cluster:Cluster",
    { clusterId: "1cache" },
    "clusterId",
    "1cache",
  ],
  [
    "elasticache-parameter-group-name-length",
    "aws:elasticache/parameterGroup:ParameterGroup",
    { name: a(256) },
    "name",
    len(a(256)),
  ],
  [
    "elasticache-parameter-group-name-chars",
    "aws:elasticache/parameterGroup:ParameterGroup",
    { name: "params-" },
    "name",
    "params-",
  ],
  [
    "elasticache-replication-group-id-length",
    RG,
    { description: "d" },
    "replicationGroupId",
    len(`${a(33)}-0000000`),
    a(33),
  ],
  [
    "elasticache-replication-group-id-chars",
    RG,
    { replicationGroupId: "cache--a", description: "d" },
    "replicationGroupId",
    "cache--a",
  ],
  [
    "elasticache-replication-group-description-length",
    RG,
    { replicationGroupId: "c", description: a(256) },
    "description",
    len(a(256)),
  ],
  [
    "elasticache-failover-needs-replica",
    RG,
    { replicationGroupId: "c", description: "d", automaticFailoverEnabled: true, numCacheClusters: 1 },
    "numCacheClusters",
    "1 with automatic failover / Multi-AZ",
  ],
  [
    "elasticache-multi-az-needs-failover",
    RG,
    {
      replicationGroupId: "c",
      description: "d",
      multiAzEnabled: true,
      automaticFailoverEnabled: false,
      numCacheClusters: 2,
    },
    "multiAzEnabled",
    "true with automaticFailoverEnabled false",
  ],
  [
    "elasticache-subnet-group-name-length",
    "aws:elasticache/subnetGroup:SubnetGroup",
    { name: a(256) },
    "name",
    len(a(256)),
  ],
  [
    "elasticache-subnet-group-name-chars",
    "aws:elasticache/subnetGroup:SubnetGroup",
    { name: "data_subnets" },
    "name",
    "data_subnets",
  ],
  [
    "opensearch-domain-name-length",
    "aws:opensearch/domain:Domain",
    { domainName: "platform-staging-eu-search-01" },
    "domainName",
    len("platform-staging-eu-search-01"),
  ],
  [
    "opensearch-domain-name-chars",
    "aws:opensearch/domain:Domain",
    { domainName: "Search" },
    "domainName",
    "Search",
  ],
  ["rds-instance-identifier-length", DB, { identifier: a(64) }, "identifier", len(a(64))],
  ["rds-instance-identifier-chars", DB, { identifier: "postgres-" }, "identifier", "postgres-"],
  [
    "rds-parameter-group-name-length",
    "aws:rds/parameterGroup:ParameterGroup",
    { name: a(256) },
    "name",
    len(a(256)),
  ],
  [
    "rds-parameter-group-name-chars",
    "aws:rds/parameterGroup:ParameterGroup",
    { name: "pg.17" },
    "name",
    "pg.17",
  ],
  [
    "rds-parameter-group-description-length",
    "aws:rds/parameterGroup:ParameterGroup",
    { name: "p", description: a(256) },
    "description",
    len(a(256)),
  ],
  ["rds-subnet-group-name-length", "aws:rds/subnetGroup:SubnetGroup", { name: a(256) }, "name", len(a(256))],
  ["rds-subnet-group-name-chars", "aws:rds/subnetGroup:SubnetGroup", { name: "Data" }, "name", "Data"],
  [
    "rds-subnet-group-name-default",
    "aws:rds/subnetGroup:SubnetGroup",
    { name: "default" },
    "name",
    "default",
  ],
  [
    "rds-subnet-group-description-length",
    "aws:rds/subnetGroup:SubnetGroup",
    { name: "s", description: a(256) },
    "description",
    len(a(256)),
  ],
  ["s3-bucket-name-length", BUCKET, { bucket: a(64) }, "bucket", len(a(64))],
  ["s3-bucket-name-chars", BUCKET, { bucket: "logs_bucket" }, "bucket", "logs_bucket"],
  ["s3-bucket-name-form", BUCKET, { bucket: "logs..bucket" }, "bucket", "logs..bucket"],
  ["s3-bucket-name-reserved", BUCKET, { bucket: "logs-s3alias" }, "bucket", "logs-s3alias"],
  ["sns-topic-name-length", TOPIC, { name: a(257) }, "name", len(a(257))],
  ["sns-topic-name-chars", TOPIC, { name: "alerts.prod" }, "name", "alerts.prod"],
  ["sns-topic-fifo-suffix", TOPIC, { name: "alerts", fifoTopic: true }, "name", "alerts"],
  ["sqs-queue-name-length", QUEUE, {}, "name", len(`${a(73)}-0000000`), a(73)],
  ["sqs-queue-name-chars", QUEUE, { name: "jobs:prod" }, "name", "jobs:prod"],
  ["sqs-queue-fifo-suffix", QUEUE, { name: "jobs", fifoQueue: true }, "name", "jobs"],
  [
    "sqs-content-deduplication-fifo",
    QUEUE,
    { name: "jobs", contentBasedDeduplication: true },
    "contentBasedDeduplication",
    "true without fifoQueue",
  ],
  ["autoscaling-group-name-length", "aws:autoscaling/group:Group", { name: a(256) }, "name", len(a(256))],
  [
    "ec2-launch-template-name-length",
    "aws:ec2/launchTemplate:LaunchTemplate",
    { name: "lt" },
    "name",
    len("lt"),
  ],
  [
    "ec2-launch-template-name-chars",
    "aws:ec2/launchTemplate:LaunchTemplate",
    { name: "vpn server" },
    "name",
    "vpn server",
  ],
  [
    "ec2-launch-template-description-length",
    "aws:ec2/launchTemplate:LaunchTemplate",
    { name: "vpn", description: a(256) },
    "description",
    len(a(256)),
  ],
  ["ecr-repository-name-length", "aws:ecr/repository:Repository", { name: "a" }, "name", len("a")],
  [
    "ecr-repository-name-chars",
    "aws:ecr/repository:Repository",
    { name: "Platform/Gateway" },
    "name",
    "Platform/Gateway",
  ],
  ["ecs-cluster-name-length", "aws:ecs/cluster:Cluster", { name: a(256) }, "name", len(a(256))],
  ["ecs-cluster-name-chars", "aws:ecs/cluster:Cluster", { name: "platform.prod" }, "name", "platform.prod"],
  ["ecs-service-name-length", "aws:ecs/service:Service", { name: a(256) }, "name", len(a(256))],
  ["ecs-service-name-chars", "aws:ecs/service:Service", { name: "orders api" }, "name", "orders api"],
  [
    "ecs-task-family-length",
    "aws:ecs/taskDefinition:TaskDefinition",
    { family: a(256) },
    "family",
    len(a(256)),
  ],
  [
    "ecs-task-family-chars",
    "aws:ecs/taskDefinition:TaskDefinition",
    { family: "orders/api" },
    "family",
    "orders/api",
  ],
  ["elb-lb-name-length", LB, { name: a(33) }, "name", len(a(33))],
  ["elb-lb-name-chars", LB, { name: "public-" }, "name", "public-"],
  ["elb-lb-name-internal", LB, {}, "name", "internal-alb-0000000", "internal-alb"],
  ["elb-tg-name-length", TG, {}, "name", len(`${a(25)}-0000000`), a(25)],
  ["elb-tg-name-chars", TG, { name: "orders_tg" }, "name", "orders_tg"],
  ["ssm-document-name-length", "aws:ssm/document:Document", { name: "ab" }, "name", len("ab")],
  ["ssm-document-name-chars", "aws:ssm/document:Document", { name: "issue client" }, "name", "issue client"],
  ["ssm-document-name-reserved", "aws:ssm/document:Document", { name: "AWS-Issue" }, "name", "AWS-Issue"],
  ["ssm-window-name-length", "aws:ssm/maintenanceWindow:MaintenanceWindow", { name: "w" }, "name", len("w")],
  [
    "ssm-window-name-chars",
    "aws:ssm/maintenanceWindow:MaintenanceWindow",
    { name: "patch window" },
    "name",
    "patch window",
  ],
  ["ssm-baseline-name-length", "aws:ssm/patchBaseline:PatchBaseline", { name: "b" }, "name", len("b")],
  [
    "ssm-baseline-name-chars",
    "aws:ssm/patchBaseline:PatchBaseline",
    { name: "al2023 baseline" },
    "name",
    "al2023 baseline",
  ],
  [
    "ssm-baseline-description-length",
    "aws:ssm/patchBaseline:PatchBaseline",
    { name: "bl", description: a(1025) },
    "description",
    len(a(1025)),
  ],
  [
    "cognito-resource-server-name-length",
    "aws:cognito/resourceServer:ResourceServer",
    { name: a(257) },
    "name",
    len(a(257)),
  ],
  [
    "cognito-resource-server-name-chars",
    "aws:cognito/resourceServer:ResourceServer",
    { name: "partner's api" },
    "name",
    "partner's api",
  ],
  ["cognito-user-pool-name-length", "aws:cognito/userPool:UserPool", { name: a(129) }, "name", len(a(129))],
  [
    "cognito-user-pool-name-chars",
    "aws:cognito/userPool:UserPool",
    { name: "users/prod" },
    "name",
    "users/prod",
  ],
  [
    "cognito-client-name-length",
    "aws:cognito/userPoolClient:UserPoolClient",
    { name: a(129) },
    "name",
    len(a(129)),
  ],
  [
    "cognito-client-name-chars",
    "aws:cognito/userPoolClient:UserPoolClient",
    { name: "gateway:client" },
    "name",
    "gateway:client",
  ],
  [
    "cognito-domain-prefix",
    "aws:cognito/userPoolDomain:UserPoolDomain",
    { domain: "Platform-Prod" },
    "domain",
    "Platform-Prod",
  ],
  [
    "cognito-domain-reserved",
    "aws:cognito/userPoolDomain:UserPoolDomain",
    { domain: "platform-cognito" },
    "domain",
    "platform-cognito",
  ],
  ["wafv2-web-acl-name-length", WAF, { name: a(129) }, "name", len(a(129))],
  ["wafv2-web-acl-name-chars", WAF, { name: "public.waf" }, "name", "public.waf"],
  ["wafv2-web-acl-description-length", WAF, { name: "w", description: a(257) }, "description", len(a(257))],
  [
    "wafv2-web-acl-description-chars",
    WAF,
    { name: "w", description: "AWS's managed rules" },
    "description",
    "AWS's managed rules",
  ],
  [
    "events-archive-name-length",
    "aws:cloudwatch/eventArchive:EventArchive",
    { name: a(49) },
    "name",
    len(a(49)),
  ],
  [
    "events-archive-name-chars",
    "aws:cloudwatch/eventArchive:EventArchive",
    { name: "all/events" },
    "name",
    "all/events",
  ],
  [
    "events-archive-description-length",
    "aws:cloudwatch/eventArchive:EventArchive",
    { name: "e", description: a(513) },
    "description",
    len(a(513)),
  ],
  ["events-bus-name-length", "aws:cloudwatch/eventBus:EventBus", { name: a(257) }, "name", len(a(257))],
  [
    "events-bus-name-chars",
    "aws:cloudwatch/eventBus:EventBus",
    { name: "platform prod" },
    "name",
    "platform prod",
  ],
  [
    "events-bus-name-aws",
    "aws:cloudwatch/eventBus:EventBus",
    { name: "aws.platform" },
    "name",
    "aws.platform",
  ],
  [
    "events-bus-description-length",
    "aws:cloudwatch/eventBus:EventBus",
    { name: "b", description: a(513) },
    "description",
    len(a(513)),
  ],
  [
    "events-rule-name-length",
    "aws:cloudwatch/eventRule:EventRule",
    {},
    "name",
    len(`${a(57)}-0000000`),
    a(57),
  ],
  [
    "events-rule-name-chars",
    "aws:cloudwatch/eventRule:EventRule",
    { name: "break glass" },
    "name",
    "break glass",
  ],
  [
    "events-rule-description-length",
    "aws:cloudwatch/eventRule:EventRule",
    { name: "r", description: a(513) },
    "description",
    len(a(513)),
  ],
  ["dynamodb-table-name-length", TABLE, { name: "ab" }, "name", len("ab")],
  ["dynamodb-table-name-chars", TABLE, { name: "carts/prod" }, "name", "carts/prod"],
  [
    "dynamodb-on-demand-no-capacity",
    TABLE,
    { name: "carts", billingMode: "PAY_PER_REQUEST", readCapacity: 5 },
    "readCapacity/writeCapacity",
    "5/undefined",
  ],
  ["lambda-function-name-length", FN, { name: a(65) }, "name", len(a(65))],
  ["lambda-function-name-chars", FN, { name: "platform.export" }, "name", "platform.export"],
  ["lambda-function-description-length", FN, { name: "f", description: a(257) }, "description", len(a(257))],
  [
    "lambda-image-no-runtime",
    FN,
    { name: "f", packageType: "Image", runtime: "nodejs22.x" },
    "runtime",
    '"nodejs22.x" with packageType Image',
  ],
  ["scheduler-schedule-name-length", "aws:scheduler/schedule:Schedule", { name: a(65) }, "name", len(a(65))],
  [
    "scheduler-schedule-name-chars",
    "aws:scheduler/schedule:Schedule",
    { name: "nightly:reports" },
    "name",
    "nightly:reports",
  ],
  [
    "scheduler-schedule-description-length",
    "aws:scheduler/schedule:Schedule",
    { name: "s", description: a(513) },
    "description",
    len(a(513)),
  ],
  [
    "cw-dashboard-name-length",
    "aws:cloudwatch/dashboard:Dashboard",
    { dashboardName: a(256) },
    "dashboardName",
    len(a(256)),
  ],
  [
    "cw-dashboard-name-chars",
    "aws:cloudwatch/dashboard:Dashboard",
    { dashboardName: "platform prod" },
    "dashboardName",
    "platform prod",
  ],
  [
    "logs-delivery-destination-name-length",
    "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination",
    { name: a(61) },
    "name",
    len(a(61)),
  ],
  [
    "logs-delivery-destination-name-chars",
    "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination",
    { name: "static/access" },
    "name",
    "static/access",
  ],
  [
    "logs-delivery-source-name-length",
    "aws:cloudwatch/logDeliverySource:LogDeliverySource",
    { name: a(61) },
    "name",
    len(a(61)),
  ],
  [
    "logs-delivery-source-name-chars",
    "aws:cloudwatch/logDeliverySource:LogDeliverySource",
    { name: "static.access" },
    "name",
    "static.access",
  ],
  ["logs-group-name-length", LOG, { name: a(513) }, "name", len(a(513))],
  ["logs-group-name-chars", LOG, { name: "/ecs/orders api" }, "name", "/ecs/orders api"],
  ["logs-group-name-aws", LOG, { name: "aws/platform" }, "name", "aws/platform"],
  ["cw-alarm-name-length", "aws:cloudwatch/metricAlarm:MetricAlarm", { name: a(256) }, "name", len(a(256))],
  [
    "cw-alarm-description-length",
    "aws:cloudwatch/metricAlarm:MetricAlarm",
    { name: "al", alarmDescription: a(1025) },
    "alarmDescription",
    len(a(1025)),
  ],
  [
    "logs-query-name-length",
    "aws:cloudwatch/queryDefinition:QueryDefinition",
    { name: a(256) },
    "name",
    len(a(256)),
  ],
  [
    "tags-count",
    QUEUE,
    { name: "q", tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"])) },
    "tags",
    "51 tags",
  ],
  ["tags-key", QUEUE, { name: "q", tags: { "cost centre!": "x" } }, "tags", "cost centre!"],
  ["tags-key-aws", QUEUE, { name: "q", tags: { "aws:owner": "x" } }, "tags", "aws:owner"],
  ["tags-value", QUEUE, { name: "q", tags: { owner: a(257) } }, "tags.owner", a(257)],
];

/** The auto-name the rules judge for logical name `name` (the engine's, made deterministic for the table). */
function resolve(value: string, urn: string, name: string): string {
  return value.replace(`${name}-0000000`, autoNamed({ name, urn }));
}

describe("AWS API rules", () => {
  it("covers every catalog entry: its rules, or why AWS checks nothing beyond the types", () => {
    for (const e of ENTRIES) {
      const api: { rules?: readonly unknown[]; none?: string } = e.api;
      assert.ok((api.rules === undefined) !== (api.none === undefined), `${e.type}: rules or a reason`);
      assert.ok(api.rules === undefined || api.rules.length > 0, `${e.type}: an empty rule list`);
      assert.ok(api.none === undefined || api.none.length > 10, `${e.type}: say why no rule applies`);
    }
  });

  it("cites an AWS documentation page for every rule", () => {
    for (const e of ENTRIES) {
      for (const rule of [...rulesOf(e.type)]) {
        assert.match(rule.doc, /^https:\/\/docs\.aws\.amazon\.com\//, `${rule.id}: ${rule.doc}`);
      }
    }
  });

  it("has a failing example for every rule", () => {
    const ids = new Set([
      ...ENTRIES.flatMap((e) => (e.api.rules ?? []).map((r) => r.id)),
      ...TAG_RULES.map((r) => r.id),
    ]);
    const examples = new Set(EXAMPLES.map((x) => x[0]));
    assert.deepStrictEqual(
      [...ids].filter((id) => !examples.has(id)),
      [],
      "rules without an example",
    );
    assert.deepStrictEqual(
      [...examples].filter((id) => !ids.has(id)),
      [],
      "examples of no rule",
    );
  });

  for (const [id, type, inputs, property, value, name = "x"] of EXAMPLES) {
    it(`${id}: rejects ${type.split(":").pop() ?? type} ${JSON.stringify(inputs).slice(0, 60)}`, () => {
      assert.ok(CATALOG.get(type), `${type} is in the catalog`);
      const urn = `urn:pulumi:test::platform::${type}::${name}`;
      const found = checkResource({ urn, type, name, inputs }).filter((v) => v.rule === id);
      assert.deepStrictEqual(
        found.map((v) => [v.property, v.value]),
        [[property, resolve(value, urn, name)]],
      );
    });
  }

  it("judges the auto-name Pulumi gives: the logical name, '-' and 7 hex characters, as the engine makes it", () => {
    const urn =
      "urn:pulumi:dev::platform::platform:edge:InternalLoadBalancer$aws:lb/loadBalancer:LoadBalancer::internal-alb";
    assert.strictEqual(autoNamed({ name: "internal-alb", urn }), autoName("internal-alb", urn));
    assert.match(autoNamed({ name: "internal-alb", urn }), /^internal-alb-[0-9a-f]{7}$/);
    assert.strictEqual(autoNamed({ name: "Logs", urn }, true), autoName("Logs", urn).toLowerCase());
  });

  it("skips values a preview does not know", () => {
    const found = checkResource({ urn: "u", type: LB, name: "public", inputs: { name: "<computed>" } });
    assert.deepStrictEqual(found, []);
  });

  it("prints the resource, the value, the rule and its page", () => {
    const v = checkResource({
      urn: "urn:pulumi:prod::platform::aws:lb/loadBalancer:LoadBalancer::internal-alb",
      type: LB,
      name: "internal-alb",
      inputs: { name: "internal-alb-1234567" },
    });
    assert.deepStrictEqual(formatApiViolations(v), [
      "AWS API rules: 1 violation(s) (AWS would reject these on the first deploy):",
      '  - aws:lb/loadBalancer:LoadBalancer "internal-alb": name "internal-alb-1234567": name must not begin with "internal-" [elb-lb-name-internal] https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html',
    ]);
  });

  describe("on a plan's resources", () => {
    const provider = "urn:pulumi:t::platform::pulumi:providers:aws::account";
    function recorded(type: string, name: string, inputs: Record<string, unknown>): RecordedResource {
      return {
        urn: `urn:pulumi:t::platform::${type}::${name}`,
        type,
        name,
        custom: true,
        provider: `${provider}::id`,
        dependencies: [],
        propertyDependencies: {},
        protect: false,
        retainOnDelete: false,
        deleteBeforeReplace: false,
        ignoreChanges: [],
        inputs: wire(inputs) as RecordedResource["inputs"],
      };
    }
    const account = (tags: Record<string, string>): RecordedResource => ({
      ...recorded("pulumi:providers:aws", "account", { defaultTags: { tags } }),
      urn: provider,
      provider: undefined,
    });

    it("counts the provider's default tags with a resource's own", () => {
      const defaults = Object.fromEntries(Array.from({ length: 45 }, (_, i) => [`d${i}`, "v"]));
      const own = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`o${i}`, "v"]));
      const found = checkApiRules([account(defaults), recorded(QUEUE, "jobs", { name: "jobs", tags: own })]);
      assert.deepStrictEqual(
        found.map((v) => [v.name, v.rule, v.value]),
        [["jobs", "tags-count", "51 tags"]],
      );
    });

    it("judges the provider's default tags themselves", () => {
      const found = checkApiRules([account({ "aws:team": "x" })]);
      assert.deepStrictEqual(
        found.map((v) => [v.rule, v.property, v.value]),
        [["tags-key-aws", "defaultTags.tags", "aws:team"]],
      );
    });

    it("rejects two resources of one type with one physical name in an account and region", () => {
      const found = checkApiRules([
        account({}),
        recorded(TABLE, "carts", { name: "platform-prod-carts" }),
        recorded(TABLE, "carts-2", { name: "platform-prod-carts" }),
        recorded(QUEUE, "platform-prod-carts", { name: "platform-prod-carts" }),
      ]);
      assert.deepStrictEqual(
        found.map((v) => [v.name, v.rule, v.value, v.requirement]),
        [
          [
            "carts",
            "unique-name",
            "platform-prod-carts",
            "name is unique per type, account and region (also used by carts-2)",
          ],
          [
            "carts-2",
            "unique-name",
            "platform-prod-carts",
            "name is unique per type, account and region (also used by carts)",
          ],
        ],
      );
    });
  });

  for (const stack of ["dev", "stage", "prod"]) {
    for (const mode of ["preview", "up"] as const) {
      it(`finds no violation in ${stack} (${mode})`, async () => {
        const plan = await stackPlan(stack, mode);
        assert.ok(plan.resources.length > 100);
        assert.deepStrictEqual(formatApiViolations(plan.apiViolations), ["AWS API rules: no violation"]);
        assert.deepStrictEqual(checkApiRules(plan.resources), plan.apiViolations);
      });
    }
  }
});
