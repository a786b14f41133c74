/**
 * Encryption at rest with the environment's customer-managed key. A key counts when the property is
 * computed from a KMS key of the stack (followed through property dependencies, since the key's ARN is
 * unknown during preview) or is a known key ARN; an `alias/aws/...` key or no key at all does not.
 */
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";

import { isTrue, keyProblem, keySource, label, nestedKeyIsCmk, read, readArray, show, UNKNOWN } from "./util";

/** One way a resource type must be encrypted. */
interface AtRestRule {
  type: string;
  /** Properties (paths) that must be true. */
  enabled?: string[][];
  /** Property path of the key that must be the environment's. */
  key?: string[];
  /** Other checks, returning problems. */
  extra?: (r: PolicyResource) => string[];
  /** When the rule does not apply to a resource of the type (returns why). */
  skip?: (r: PolicyResource) => boolean;
}

function problemsOf(r: PolicyResource, rule: AtRestRule): string[] {
  if (rule.skip?.(r)) {
    return [];
  }
  const problems: string[] = [];
  for (const path of rule.enabled ?? []) {
    const value = read(r.props, ...path);
    if (value !== UNKNOWN && !isTrue(value)) {
      problems.push(`${path.join(".")} is not true`);
    }
  }
  if (rule.key) {
    const problem = keyProblem(keySource(r, ...rule.key), rule.key.join("."));
    if (problem) {
      problems.push(problem);
    }
  }
  return [...problems, ...(rule.extra?.(r) ?? [])];
}

function atRestPolicy(name: string, what: string, rules: AtRestRule[]): StackValidationPolicy {
  return {
    name,
    description:
      `${what} must be encrypted at rest with the environment's customer-managed KMS key: turn encryption on ` +
      `and pass the environment key's ARN (never an alias/aws/* key, never the service default).`,
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
      for (const r of args.resources) {
        for (const rule of rules.filter((x) => x.type === r.type)) {
          for (const problem of problemsOf(r, rule)) {
            reportViolation(`${label(r)} is not encrypted with the environment key: ${problem}`, r.urn);
          }
        }
      }
    },
  };
}

/** Each EBS device of an instance or launch template: encrypted, with the environment key. */
function blockDeviceProblems(
  r: PolicyResource,
  devices: Array<{ where: string; ebs: unknown }>,
  keyProperty: string,
): string[] {
  const problems: string[] = [];
  for (const d of devices) {
    if (!isTrue(read(d.ebs, "encrypted")) && read(d.ebs, "encrypted") !== UNKNOWN) {
      problems.push(`${d.where}.encrypted is not true`);
    }
    if (!nestedKeyIsCmk(r, keyProperty, read(d.ebs, "kmsKeyId"))) {
      problems.push(`${d.where}.kmsKeyId is not the environment key`);
    }
  }
  return problems;
}

function list(r: PolicyResource, property: string): unknown[] {
  const items = readArray(r.props, property);
  return items === UNKNOWN ? [] : items;
}

export const rdsEncrypted = atRestPolicy("rds-encrypted", "RDS instances and clusters", [
  {
    type: "aws:rds/instance:Instance",
    enabled: [["storageEncrypted"]],
    key: ["kmsKeyId"],
    // A same-region read replica inherits its source's encryption and key.
    skip: (r) => read(r.props, "replicateSourceDb") !== undefined,
  },
  { type: "aws:rds/cluster:Cluster", enabled: [["storageEncrypted"]], key: ["kmsKeyId"] },
]);

export const ebsEncrypted = atRestPolicy(
  "ebs-encrypted",
  "EBS volumes, instance disks and launch template disks",
  [
    { type: "aws:ebs/volume:Volume", enabled: [["encrypted"]], key: ["kmsKeyId"] },
    {
      type: "aws:ec2/instance:Instance",
      extra: (r) => {
        if (read(r.props, "rootBlockDevice") === undefined) {
          return ["rootBlockDevice is not declared, so the root volume's encryption is left to the AMI"];
        }
        const devices = [{ where: "rootBlockDevice", ebs: read(r.props, "rootBlockDevice") }];
        const root = blockDeviceProblems(r, devices, "rootBlockDevice");
        const extra = list(r, "ebsBlockDevices").map((d, i) => ({ where: `ebsBlockDevices[${i}]`, ebs: d }));
        return [...root, ...blockDeviceProblems(r, extra, "ebsBlockDevices")];
      },
    },
    {
      type: "aws:ec2/launchTemplate:LaunchTemplate",
      extra: (r) => {
        const mappings = list(r, "blockDeviceMappings");
        if (mappings.length === 0) {
          return ["blockDeviceMappings declares no root volume, so its encryption is left to the AMI"];
        }
        const devices = mappings.map((m, i) => ({
          where: `blockDeviceMappings[${i}].ebs`,
          ebs: read(m, "ebs"),
        }));
        return blockDeviceProblems(r, devices, "blockDeviceMappings");
      },
    },
  ],
);

const S3_BUCKETS = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];
const S3_ENCRYPTION = [
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
];
const LOAD_BALANCERS = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];
const S3_LOGGING = ["aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2"];

export const s3BucketEncrypted: StackValidationPolicy = {
  name: "s3-bucket-encrypted",
  description:
    "Every S3 bucket must have a server-side encryption configuration using SSE-KMS with the environment's " +
    "customer-managed key. The one exception is the environment's access-log bucket: load balancer access " +
    "logs and S3 server access logs can only be delivered to SSE-S3 (AES256) buckets, so a bucket that " +
    "receives them may use AES256, and must still declare it.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    // Log delivery buckets: ELB access logs and S3 server access logs can only be written to SSE-S3.
    const accessLogBuckets = new Set<string>();
    for (const lb of args.resources.filter((r) => LOAD_BALANCERS.includes(r.type))) {
      if (isTrue(read(lb.props, "accessLogs", "enabled"))) {
        (lb.propertyDependencies.accessLogs ?? []).forEach((b) => accessLogBuckets.add(b.urn));
      }
    }
    for (const logging of args.resources.filter((r) => S3_LOGGING.includes(r.type))) {
      (logging.propertyDependencies.targetBucket ?? []).forEach((b) => accessLogBuckets.add(b.urn));
    }
    const configs = new Map<string, PolicyResource[]>();
    for (const c of args.resources.filter((r) => S3_ENCRYPTION.includes(r.type))) {
      for (const b of c.propertyDependencies.bucket ?? []) {
        configs.set(b.urn, [...(configs.get(b.urn) ?? []), c]);
      }
    }
    for (const bucket of args.resources.filter((r) => S3_BUCKETS.includes(r.type))) {
      const found = configs.get(bucket.urn) ?? [];
      if (found.length === 0) {
        reportViolation(
          `${label(bucket)} has no server-side encryption configuration: add one with SSE-KMS and the environment key`,
          bucket.urn,
        );
        continue;
      }
      for (const config of found) {
        const rules = list(config, "rules");
        for (const [i, rule] of rules.entries()) {
          const algorithm = read(rule, "applyServerSideEncryptionByDefault", "sseAlgorithm");
          if (algorithm === "AES256" && accessLogBuckets.has(bucket.urn)) {
            continue;
          }
          if (algorithm !== "aws:kms" && algorithm !== "aws:kms:dsse" && algorithm !== UNKNOWN) {
            reportViolation(
              `${label(bucket)} is encrypted with ${show(algorithm)} (rules[${i}]), not SSE-KMS with the environment key` +
                (algorithm === "AES256" ? "; only a bucket that receives access logs may use AES256" : ""),
              bucket.urn,
            );
            continue;
          }
          const key = read(rule, "applyServerSideEncryptionByDefault", "kmsMasterKeyId");
          if (!nestedKeyIsCmk(config, "rules", key)) {
            reportViolation(
              `${label(bucket)} uses SSE-KMS without the environment key (rules[${i}].applyServerSideEncryptionByDefault.kmsMasterKeyId)`,
              bucket.urn,
            );
          }
        }
      }
    }
  },
};

export const elasticacheEncrypted = atRestPolicy(
  "elasticache-encrypted",
  "ElastiCache replication groups and serverless caches",
  [
    {
      type: "aws:elasticache/replicationGroup:ReplicationGroup",
      enabled: [["atRestEncryptionEnabled"], ["transitEncryptionEnabled"]],
      key: ["kmsKeyId"],
    },
    {
      type: "aws:elasticache/cluster:Cluster",
      // A cluster that belongs to a replication group inherits its settings.
      skip: (r) => read(r.props, "replicationGroupId") !== undefined,
      extra: (r) => {
        const engine = read(r.props, "engine");
        if (engine === "memcached") {
          // Memcached has no encryption at rest; it must at least encrypt in transit.
          return isTrue(read(r.props, "transitEncryptionEnabled"))
            ? []
            : ["transitEncryptionEnabled is not true"];
        }
        return [`a standalone ${show(engine)} cluster cannot encrypt at rest: use a replication group`];
      },
    },
    { type: "aws:elasticache/serverlessCache:ServerlessCache", key: ["kmsKeyId"] },
  ],
);

export const mskEncrypted = atRestPolicy("msk-encrypted", "MSK clusters", [
  {
    type: "aws:msk/cluster:Cluster",
    key: ["encryptionInfo", "encryptionAtRestKmsKeyArn"],
    extra: (r) => {
      const problems: string[] = [];
      const clientBroker = read(r.props, "encryptionInfo", "encryptionInTransit", "clientBroker");
      if (clientBroker !== undefined && clientBroker !== "TLS" && clientBroker !== UNKNOWN) {
        problems.push(`encryptionInfo.encryptionInTransit.clientBroker is ${show(clientBroker)}, not TLS`);
      }
      const inCluster = read(r.props, "encryptionInfo", "encryptionInTransit", "inCluster");
      if (inCluster === false) {
        problems.push("encryptionInfo.encryptionInTransit.inCluster is false");
      }
      return problems;
    },
  },
  {
    type: "aws:msk/serverlessCluster:ServerlessCluster",
    extra: () => [
      "MSK Serverless always uses an AWS-owned key; use a provisioned cluster or record an exemption",
    ],
  },
]);

export const sqsEncrypted = atRestPolicy("sqs-encrypted", "SQS queues", [
  { type: "aws:sqs/queue:Queue", key: ["kmsMasterKeyId"] },
]);

export const snsEncrypted = atRestPolicy("sns-encrypted", "SNS topics", [
  { type: "aws:sns/topic:Topic", key: ["kmsMasterKeyId"] },
]);

export const logGroupEncrypted = atRestPolicy("log-group-encrypted", "CloudWatch log groups", [
  { type: "aws:cloudwatch/logGroup:LogGroup", key: ["kmsKeyId"] },
]);

export const secretsEncrypted = atRestPolicy("secrets-encrypted", "Secrets Manager secrets", [
  { type: "aws:secretsmanager/secret:Secret", key: ["kmsKeyId"] },
]);

export const ecrEncrypted = atRestPolicy("ecr-encrypted", "ECR repositories", [
  {
    type: "aws:ecr/repository:Repository",
    extra: (r) => {
      const configs = list(r, "encryptionConfigurations");
      const type = configs.length > 0 ? read(configs[0], "encryptionType") : undefined;
      if (type !== "KMS" && type !== UNKNOWN) {
        return [
          `encryptionConfigurations[0].encryptionType is ${type === undefined ? "unset (AES256)" : show(type)}, not KMS`,
        ];
      }
      const key = read(configs[0], "kmsKey");
      return nestedKeyIsCmk(r, "encryptionConfigurations", key)
        ? []
        : ["encryptionConfigurations[0].kmsKey is not the environment key"];
    },
  },
]);

export const opensearchEncrypted = atRestPolicy("opensearch-encrypted", "OpenSearch domains", [
  {
    type: "aws:opensearch/domain:Domain",
    enabled: [["encryptAtRest", "enabled"]],
    key: ["encryptAtRest", "kmsKeyId"],
  },
]);

export const kinesisEncrypted = atRestPolicy(
  "kinesis-encrypted",
  "Kinesis streams and Firehose delivery streams",
  [
    {
      type: "aws:kinesis/stream:Stream",
      key: ["kmsKeyId"],
      extra: (r) => (read(r.props, "encryptionType") === "KMS" ? [] : ["encryptionType is not KMS"]),
    },
    {
      type: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
      enabled: [["serverSideEncryption", "enabled"]],
      key: ["serverSideEncryption", "keyArn"],
      extra: (r) =>
        read(r.props, "serverSideEncryption", "keyType") === "CUSTOMER_MANAGED_CMK"
          ? []
          : ["serverSideEncryption.keyType is not CUSTOMER_MANAGED_CMK"],
    },
  ],
);

export const dynamodbEncrypted = atRestPolicy("dynamodb-encrypted", "DynamoDB tables", [
  {
    type: "aws:dynamodb/table:Table",
    enabled: [["serverSideEncryption", "enabled"]],
    key: ["serverSideEncryption", "kmsKeyArn"],
  },
]);

export const lambdaEnvironmentEncrypted = atRestPolicy(
  "lambda-environment-encrypted",
  "Lambda environment variables",
  [
    {
      type: "aws:lambda/function:Function",
      key: ["kmsKeyArn"],
      skip: (r) => read(r.props, "environment") === undefined,
    },
  ],
);

export const backupVaultEncrypted = atRestPolicy("backup-vault-encrypted", "AWS Backup vaults", [
  { type: "aws:backup/vault:Vault", key: ["kmsKeyArn"] },
]);

export const efsEncrypted = atRestPolicy("efs-encrypted", "EFS file systems", [
  { type: "aws:efs/fileSystem:FileSystem", enabled: [["encrypted"]], key: ["kmsKeyId"] },
]);
