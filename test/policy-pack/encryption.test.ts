import * as aws from "@pulumi/aws";

import { Diagnostic } from "../../tools/engine/policyRunner";
import { assertClean, assertViolation, evaluateProgram } from "../helpers/policies";

/**
 * Each at-rest policy over a compliant resource (encrypted with a key of the stack) and one violating
 * resource per property checked. Run as a preview: the key's ARN is unknown, so the policies must follow
 * property dependencies to recognise it.
 */
describe("policies: encryption at rest", () => {
  let d: Diagnostic[];
  before(async () => {
    d = await evaluateProgram(
      () => {
        const key = new aws.kms.Key("env-key", { enableKeyRotation: true });
        const k = key.arn;
        // RDS
        new aws.rds.Instance("db-good", {
          instanceClass: "db.t4g.micro",
          engine: "postgres",
          storageEncrypted: true,
          kmsKeyId: k,
        });
        new aws.rds.Instance("db-plain", {
          instanceClass: "db.t4g.micro",
          engine: "postgres",
          storageEncrypted: false,
          kmsKeyId: k,
        });
        new aws.rds.Instance("db-default-key", {
          instanceClass: "db.t4g.micro",
          engine: "postgres",
          storageEncrypted: true,
        });
        new aws.rds.Instance("db-replica", { instanceClass: "db.t4g.micro", replicateSourceDb: "db-good" });
        new aws.rds.Cluster("aurora-aws-key", {
          engine: "aurora-postgresql",
          storageEncrypted: true,
          kmsKeyId: "alias/aws/rds",
        });
        // EBS
        new aws.ebs.Volume("volume-good", {
          availabilityZone: "eu-west-1a",
          size: 8,
          encrypted: true,
          kmsKeyId: k,
        });
        new aws.ebs.Volume("volume-plain", { availabilityZone: "eu-west-1a", size: 8, encrypted: false });
        new aws.ec2.Instance("instance-good", {
          ami: "a",
          instanceType: "t4g.micro",
          rootBlockDevice: { encrypted: true, kmsKeyId: k },
        });
        new aws.ec2.Instance("instance-no-root", { ami: "a", instanceType: "t4g.micro" });
        new aws.ec2.LaunchTemplate("template-good", {
          blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", kmsKeyId: k } }],
        });
        new aws.ec2.LaunchTemplate("template-plain", {
          blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "false" } }],
        });
        new aws.ec2.LaunchTemplate("template-no-disks", {});
        // S3
        const bucket = (
          name: string,
          rule?: aws.types.input.s3.BucketServerSideEncryptionConfigurationRule,
        ): aws.s3.Bucket => {
          const b = new aws.s3.Bucket(name, {});
          if (rule) {
            new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-sse`, {
              bucket: b.id,
              rules: [rule],
            });
          }
          return b;
        };
        bucket("bucket-good", {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: k },
          bucketKeyEnabled: true,
        });
        bucket("bucket-none");
        bucket("bucket-sse-s3", { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } });
        bucket("bucket-kms-no-key", { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } });
        const logs = bucket("alb-logs", { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } });
        new aws.lb.LoadBalancer("alb", { accessLogs: { bucket: logs.bucket, enabled: true }, subnets: [] });
        const serverLogs = bucket("server-logs", {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" },
        });
        new aws.s3.BucketLogging("bucket-good-logging", {
          bucket: "bucket-good",
          targetBucket: serverLogs.id,
          targetPrefix: "b/",
        });
        // ElastiCache
        new aws.elasticache.ReplicationGroup("redis-good", {
          description: "r",
          atRestEncryptionEnabled: true,
          transitEncryptionEnabled: true,
          kmsKeyId: k,
        });
        new aws.elasticache.ReplicationGroup("redis-no-transit", {
          description: "r",
          atRestEncryptionEnabled: true,
          transitEncryptionEnabled: false,
          kmsKeyId: k,
        });
        new aws.elasticache.Cluster("memcached-good", {
          engine: "memcached",
          nodeType: "cache.t4g.micro",
          transitEncryptionEnabled: true,
        });
        new aws.elasticache.Cluster("memcached-plain", { engine: "memcached", nodeType: "cache.t4g.micro" });
        // MSK
        const brokers = { instanceType: "kafka.m7g.large", clientSubnets: ["s"], securityGroups: ["sg"] };
        new aws.msk.Cluster("kafka-good", {
          kafkaVersion: "3.7.x",
          numberOfBrokerNodes: 3,
          brokerNodeGroupInfo: brokers,
          encryptionInfo: {
            encryptionAtRestKmsKeyArn: k,
            encryptionInTransit: { clientBroker: "TLS", inCluster: true },
          },
        });
        new aws.msk.Cluster("kafka-plaintext", {
          kafkaVersion: "3.7.x",
          numberOfBrokerNodes: 3,
          brokerNodeGroupInfo: brokers,
          encryptionInfo: {
            encryptionAtRestKmsKeyArn: k,
            encryptionInTransit: { clientBroker: "TLS_PLAINTEXT", inCluster: false },
          },
        });
        new aws.msk.ServerlessCluster("kafka-serverless", {
          clientAuthentication: { sasl: { iam: { enabled: true } } },
          vpcConfigs: [{ subnetIds: ["s"] }],
        });
        // Queues, topics, logs, secrets, registries, search, streams, tables, functions, vaults, files
        new aws.sqs.Queue("queue-good", { kmsMasterKeyId: k });
        new aws.sqs.Queue("queue-sse-sqs", { sqsManagedSseEnabled: true });
        new aws.sns.Topic("topic-good", { kmsMasterKeyId: k });
        new aws.sns.Topic("topic-aws-key", { kmsMasterKeyId: "alias/aws/sns" });
        new aws.cloudwatch.LogGroup("logs-good", { kmsKeyId: k, retentionInDays: 30 });
        new aws.cloudwatch.LogGroup("logs-plain", { retentionInDays: 30 });
        new aws.secretsmanager.Secret("secret-good", { kmsKeyId: k });
        new aws.secretsmanager.Secret("secret-default", {});
        new aws.ecr.Repository("repo-good", {
          encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: k }],
        });
        new aws.ecr.Repository("repo-aes", {});
        new aws.opensearch.Domain("search-good", { encryptAtRest: { enabled: true, kmsKeyId: k } });
        new aws.opensearch.Domain("search-plain", { encryptAtRest: { enabled: false } });
        new aws.kinesis.Stream("stream-good", { encryptionType: "KMS", kmsKeyId: k, shardCount: 1 });
        new aws.kinesis.Stream("stream-plain", { shardCount: 1 });
        new aws.kinesis.FirehoseDeliveryStream("firehose-aws-owned", {
          destination: "extended_s3",
          serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" },
        });
        new aws.dynamodb.Table("table-good", {
          hashKey: "id",
          attributes: [{ name: "id", type: "S" }],
          serverSideEncryption: { enabled: true, kmsKeyArn: k },
        });
        new aws.dynamodb.Table("table-default", { hashKey: "id", attributes: [{ name: "id", type: "S" }] });
        new aws.lambda.Function("fn-good", {
          role: "r",
          environment: { variables: { A: "1" } },
          kmsKeyArn: k,
        });
        new aws.lambda.Function("fn-plain-env", { role: "r", environment: { variables: { A: "1" } } });
        new aws.lambda.Function("fn-no-env", { role: "r" });
        new aws.backup.Vault("vault-good", { kmsKeyArn: k });
        new aws.backup.Vault("vault-default", {});
        new aws.efs.FileSystem("files-plain", { encrypted: false });
      },
      { preview: true },
    );
  });

  const cases: Array<[string, string[], Array<[string, RegExp]>]> = [
    [
      "rds-encrypted",
      ["db-good", "db-replica"],
      [
        ["db-plain", /storageEncrypted is not true/],
        ["db-default-key", /kmsKeyId is not set, so AWS encrypts with its own key/],
        ["aurora-aws-key", /kmsKeyId names an AWS-managed key/],
      ],
    ],
    [
      "ebs-encrypted",
      ["volume-good", "instance-good", "template-good"],
      [
        ["volume-plain", /encrypted is not true/],
        ["volume-plain", /kmsKeyId is not set/],
        ["instance-no-root", /rootBlockDevice is not declared/],
        ["template-plain", /blockDeviceMappings\[0\]\.ebs\.encrypted is not true/],
        ["template-plain", /blockDeviceMappings\[0\]\.ebs\.kmsKeyId is not the environment key/],
        ["template-no-disks", /declares no root volume/],
      ],
    ],
    [
      "s3-bucket-encrypted",
      ["bucket-good", "alb-logs", "server-logs"],
      [
        ["bucket-none", /has no server-side encryption configuration/],
        [
          "bucket-sse-s3",
          /is encrypted with AES256 \(rules\[0\]\), not SSE-KMS with the environment key; only a bucket that receives access logs may use AES256/,
        ],
        ["bucket-kms-no-key", /uses SSE-KMS without the environment key/],
      ],
    ],
    [
      "elasticache-encrypted",
      ["redis-good", "memcached-good"],
      [
        ["redis-no-transit", /transitEncryptionEnabled is not true/],
        ["memcached-plain", /transitEncryptionEnabled is not true/],
      ],
    ],
    [
      "msk-encrypted",
      ["kafka-good"],
      [
        ["kafka-plaintext", /clientBroker is TLS_PLAINTEXT, not TLS/],
        ["kafka-plaintext", /inCluster is false/],
        ["kafka-serverless", /MSK Serverless always uses an AWS-owned key/],
      ],
    ],
    ["sqs-encrypted", ["queue-good"], [["queue-sse-sqs", /kmsMasterKeyId is not set/]]],
    ["sns-encrypted", ["topic-good"], [["topic-aws-key", /kmsMasterKeyId names an AWS-managed key/]]],
    ["log-group-encrypted", ["logs-good"], [["logs-plain", /kmsKeyId is not set/]]],
    ["secrets-encrypted", ["secret-good"], [["secret-default", /kmsKeyId is not set/]]],
    ["ecr-encrypted", ["repo-good"], [["repo-aes", /encryptionType is unset \(AES256\), not KMS/]]],
    ["opensearch-encrypted", ["search-good"], [["search-plain", /encryptAtRest\.enabled is not true/]]],
    [
      "kinesis-encrypted",
      ["stream-good"],
      [
        ["stream-plain", /encryptionType is not KMS/],
        ["firehose-aws-owned", /serverSideEncryption\.keyType is not CUSTOMER_MANAGED_CMK/],
      ],
    ],
    ["dynamodb-encrypted", ["table-good"], [["table-default", /serverSideEncryption\.enabled is not true/]]],
    ["lambda-environment-encrypted", ["fn-good", "fn-no-env"], [["fn-plain-env", /kmsKeyArn is not set/]]],
    ["backup-vault-encrypted", ["vault-good"], [["vault-default", /kmsKeyArn is not set/]]],
    ["efs-encrypted", [], [["files-plain", /encrypted is not true/]]],
  ];

  for (const [policy, good, bad] of cases) {
    it(`${policy}: passes ${good.join(", ") || "nothing"}; fails ${[...new Set(bad.map(([n]) => n))].join(", ")}`, () => {
      for (const name of good) {
        assertClean(d, policy, name);
      }
      for (const [name, message] of bad) {
        assertViolation(d, policy, name, message);
      }
    });
  }
});
