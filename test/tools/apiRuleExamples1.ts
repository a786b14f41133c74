/** Failing examples of the AWS API rules (part 1): one per rule, read by apiRules.test.ts. */

export const a = (n: number, c = "a"): string => c.repeat(n);
/** The value a length rule reports. */
export const len = (s: string): string => `${s} (${s.length} characters)`;

export const SG = "aws:ec2/securityGroup:SecurityGroup";
export const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
export const LB = "aws:lb/loadBalancer:LoadBalancer";
export const TG = "aws:lb/targetGroup:TargetGroup";
export const ROLE = "aws:iam/role:Role";
export const POLICY = "aws:iam/policy:Policy";
export const BUCKET = "aws:s3/bucket:Bucket";
export const QUEUE = "aws:sqs/queue:Queue";
export const TOPIC = "aws:sns/topic:Topic";
export const LOG = "aws:cloudwatch/logGroup:LogGroup";
export const RG = "aws:elasticache/replicationGroup:ReplicationGroup";
export const DB = "aws:rds/instance:Instance";
export const TABLE = "aws:dynamodb/table:Table";
export const FN = "aws:lambda/function:Function";
export const ALIAS = "aws:kms/alias:Alias";
export const WAF = "aws:wafv2/webAcl:WebAcl";

/**
 * One failing example per rule: [rule id, type, inputs, the offending property and value it reports].
 * The logical name is `x` unless given: an auto-named property unset is judged as `x-` and 7 characters.
 */
export type Example = [string, string, Record<string, unknown>, string, string, string?];
export const EXAMPLES_1: Example[] = [
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
];
