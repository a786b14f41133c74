import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { createAlarms, NamedAlarm } from "../shared/alarms";
import { encryptedLogGroup } from "../shared/logGroup";
import { policyJson, secretReadStatements, Statement } from "../shared/policies";
import {
  KafkaClientAccess,
  KafkaClientSpec,
  KafkaConnection,
  KafkaTopicSpec,
  SaslMechanism,
  topicConfig,
} from "./kafka";

// ---------------------------------------------------------------------------------------------------
// Pure helpers: tested without mocks.

/** Kafka versions MSK offers for new provisioned clusters (3.6.0 is the first with the topic API). */
export const MSK_KAFKA_VERSIONS = ["3.6.0", "3.7.x", "3.8.x", "3.9.x", "4.0.x"] as const;
export type MskKafkaVersion = (typeof MSK_KAFKA_VERSIONS)[number];

/** `provisioned` brokers (sized by config), or `serverless` (pay per use, IAM only). */
export const MSK_MODES = ["provisioned", "serverless"] as const;
export type MskMode = (typeof MSK_MODES)[number];

/** Standard broker instance types (Express brokers manage their own storage and are not offered). */
export const MSK_INSTANCE_TYPE =
  /^kafka\.(t3\.small|m5\.(large|xlarge|2xlarge|4xlarge|8xlarge|12xlarge|16xlarge|24xlarge)|m7g\.(large|xlarge|2xlarge|4xlarge|8xlarge|12xlarge|16xlarge))$/;

/** Client ports inside the VPC: SASL/IAM and SASL/SCRAM, both over TLS. */
export const MSK_PORTS = { iam: 9098, scram: 9096 } as const;

/** MSK places brokers in two or three client subnets, each in its own AZ. */
export const MAX_MSK_BROKER_AZS = 3;
/** Largest EBS volume per broker, in GiB. */
export const MAX_MSK_VOLUME_GIB = 16384;
/** Storage utilization (percent) at which the storage autoscaling policy grows the volumes. */
export const MSK_STORAGE_TARGET_PERCENT = 60;
/** Broker data disk use (percent) that raises the disk alarm. */
export const MSK_DISK_ALARM_PERCENT = 85;

/** The AZs (client subnets) brokers spread over in an environment of `azCount` AZs. */
export function mskBrokerAzs(azCount: number): number {
  return Math.min(azCount, MAX_MSK_BROKER_AZS);
}

/** Replication factor and minimum in-sync replicas that a cluster of `brokerCount` brokers can honour. */
export function mskReplication(brokerCount: number): {
  replicationFactor: number;
  minInSyncReplicas: number;
} {
  return brokerCount >= 3
    ? { replicationFactor: 3, minInSyncReplicas: 2 }
    : { replicationFactor: brokerCount, minInSyncReplicas: 1 };
}

/** The broker configuration: no topic auto-creation, durable replication, no unclean elections, ACLs enforced. */
export function mskServerProperties(brokerCount: number): string {
  const { replicationFactor, minInSyncReplicas } = mskReplication(brokerCount);
  return [
    "auto.create.topics.enable=false",
    `default.replication.factor=${replicationFactor}`,
    `min.insync.replicas=${minInSyncReplicas}`,
    "num.partitions=6",
    "unclean.leader.election.enable=false",
    "allow.everyone.if.no.acl.found=false",
    "delete.topic.enable=true",
    "log.retention.hours=168",
    "",
  ].join("\n");
}

/**
 * The ARN of a topic, consumer group or transactional id of the cluster, for IAM access control:
 * `arn:aws:kafka:<region>:<account>:topic/<cluster name>/<cluster uuid>/<topic>`.
 */
export function mskResourceArn(
  clusterArn: string,
  kind: "topic" | "group" | "transactional-id",
  name: string,
): string {
  if (!/^arn:[\w-]+:kafka:[\w-]+:\d{12}:cluster\/[^/]+\/[^/]+$/.test(clusterArn)) {
    throw new Error(`not an MSK cluster ARN: ${clusterArn}`);
  }
  return `${clusterArn.replace(":cluster/", `:${kind}/`)}/${name}`;
}

export interface MskGrantOptions {
  /** Serverless topics cannot be created through the MSK API: writers may create their own topics. */
  serverless?: boolean;
}

/**
 * IAM statements for a client that authenticates with IAM: connect, read and write exactly its declared
 * topics, and use its own consumer groups (`<client>` and `<client>.*`). Producers may write
 * idempotently (the Kafka client default). This is the grant to attach to the client's role.
 */
export function mskClientStatements(
  clusterArn: string,
  client: Pick<KafkaClientSpec, "name" | "read" | "write">,
  opts: MskGrantOptions = {},
): Statement[] {
  const topicArns = (names: readonly string[]): string[] =>
    [...new Set(names)].map((t) => mskResourceArn(clusterArn, "topic", t));
  const statements: Statement[] = [
    {
      Sid: "Connect",
      Effect: "Allow",
      Action: [
        "kafka-cluster:Connect",
        ...(client.write.length > 0 ? ["kafka-cluster:WriteDataIdempotently"] : []),
      ],
      Resource: clusterArn,
    },
  ];
  if (client.read.length > 0) {
    statements.push(
      {
        Sid: "ReadTopics",
        Effect: "Allow",
        Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"],
        Resource: topicArns(client.read),
      },
      {
        Sid: "OwnConsumerGroups",
        Effect: "Allow",
        Action: ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"],
        Resource: [
          mskResourceArn(clusterArn, "group", client.name),
          mskResourceArn(clusterArn, "group", `${client.name}.*`),
        ],
      },
    );
  }
  if (client.write.length > 0) {
    statements.push({
      Sid: "WriteTopics",
      Effect: "Allow",
      Action: [
        "kafka-cluster:DescribeTopic",
        "kafka-cluster:WriteData",
        ...(opts.serverless ? ["kafka-cluster:CreateTopic"] : []),
      ],
      Resource: topicArns(client.write),
    });
  }
  return statements;
}

// ---------------------------------------------------------------------------------------------------

export interface MskClusterArgs {
  /** Prefix of physical names that need one (`<namePrefix>-<env>`): SCRAM secrets. */
  baseName: string;
  /**
   * `provisioned` (default) or `serverless`. Serverless supports IAM only, takes no topics through the API
   * (writers get `CreateTopic` on their own topics) and offers no customer-managed key: the environment key
   * does not encrypt it, which the policy pack has to exempt explicitly.
   */
  mode?: MskMode;
  /** Kafka version of a provisioned cluster (one of {@link MSK_KAFKA_VERSIONS}). Default `3.8.x`. */
  kafkaVersion?: MskKafkaVersion;
  /** Broker instance type of a provisioned cluster, for example `kafka.m7g.large`. */
  instanceType: string;
  /** Brokers of a provisioned cluster: a multiple of the client subnets used (validated by the stack config). */
  brokerCount: number;
  /** EBS data volume per broker at creation, in GiB (1..16384). */
  volumeGiB: number;
  /** Largest volume storage autoscaling may grow to, in GiB. No autoscaling when equal to `volumeGiB`. */
  maxVolumeGiB: number;
  /** Topics to create (provisioned only: MSK's topic API does not serve serverless clusters). */
  topics: readonly KafkaTopicSpec[];
  /**
   * Clients: each gets an IAM policy (and, with `auth: scram`, a SCRAM secret). The IAM policy is what
   * limits an IAM client to its topics; a SCRAM client needs Kafka ACLs managed elsewhere, which is why
   * stack config refuses `auth: scram`.
   */
  clients: readonly KafkaClientSpec[];
  vpcId: pulumi.Input<string>;
  /**
   * Private subnets, one per AZ in AZ order. The brokers use the first two or three (MSK allows no more),
   * so `brokerCount` must be a multiple of `min(subnets, 3)`.
   */
  subnetIds: pulumi.Input<string>[];
  /** The group every workload joins: the only source admitted on the client ports. */
  servicesSecurityGroupId: pulumi.Input<string>;
  /** The environment key: data at rest, broker logs and SCRAM secrets. */
  kmsKeyArn: pulumi.Input<string>;
  /** Region, for the key's `kms:ViaService` conditions. */
  region: string;
  /** Retention of the broker log group, in days. */
  logRetentionDays: number;
  /** Mark the cluster and its topics `protect`. Default false. */
  protect?: boolean;
  /** Where the cluster's alarms notify (SNS topic ARNs). Default: nowhere (observability wires them). */
  alarmActions?: pulumi.Input<string>[];
}

/**
 * Amazon MSK for one environment. Provisioned (default): brokers spread over the private subnets,
 * storage encrypted with the environment key and autoscaled, TLS only between clients and brokers and
 * inside the cluster, IAM authentication (SASL/SCRAM for clients that ask for it), unauthenticated and
 * public access off, broker logs to a KMS-encrypted log group, a configuration with safe defaults,
 * topics created through the MSK API, and alarms on disk use and under-replicated partitions.
 * Serverless: IAM only, same security group. Either way the security group admits the services group
 * on the SASL ports only.
 */
export class MskCluster extends pulumi.ComponentResource implements KafkaConnection {
  readonly provider = "msk" as const;
  readonly authMode = "iam" as const;
  readonly networkMode = "vpc" as const;
  readonly mode: MskMode;
  readonly clusterArn: pulumi.Output<string>;
  readonly bootstrapServers: pulumi.Output<string>;
  readonly securityGroup: aws.ec2.SecurityGroup;
  readonly securityGroupId: pulumi.Output<string>;
  readonly cluster?: aws.msk.Cluster;
  readonly serverlessCluster?: aws.msk.ServerlessCluster;
  readonly logGroup?: aws.cloudwatch.LogGroup;
  readonly topics: aws.msk.Topic[] = [];
  readonly alarms: aws.cloudwatch.MetricAlarm[] = [];
  readonly clients: Readonly<Record<string, KafkaClientAccess>>;
  /** The SASL ports clients use: 9098 (IAM), and 9096 (SCRAM) when a client asks for it. */
  readonly authPorts: number[];
  private readonly childName: string;

  constructor(name: string, args: MskClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:messaging:MskCluster", name, {}, opts);
    const parent = { parent: this };
    this.childName = name;
    this.mode = args.mode ?? "provisioned";
    const serverless = this.mode === "serverless";
    const scramClients = args.clients.filter((c) => (c.auth ?? "iam") === "scram");
    if (serverless && scramClients.length > 0) {
      throw new Error(`MSK Serverless supports IAM only; client ${scramClients[0].name} asks for scram`);
    }
    const subnetIds = args.subnetIds.slice(0, MAX_MSK_BROKER_AZS);
    this.authPorts = scramClients.length > 0 ? [MSK_PORTS.iam, MSK_PORTS.scram] : [MSK_PORTS.iam];

    this.securityGroup = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      { vpcId: args.vpcId, description: "Kafka brokers: the services group on the SASL/TLS ports only" },
      parent,
    );
    this.securityGroupId = this.securityGroup.id;
    this.admit("services", args.servicesSecurityGroupId);

    let bootstrapScram: pulumi.Output<string> | undefined;
    if (serverless) {
      this.serverlessCluster = new aws.msk.ServerlessCluster(
        name,
        {
          clientAuthentication: { sasl: { iam: { enabled: true } } },
          vpcConfigs: [{ subnetIds, securityGroupIds: [this.securityGroup.id] }],
        },
        { parent: this, protect: args.protect ?? false },
      );
      this.clusterArn = this.serverlessCluster.arn;
      this.bootstrapServers = this.serverlessCluster.bootstrapBrokersSaslIam;
    } else {
      const kafkaVersion = args.kafkaVersion ?? "3.8.x";
      this.logGroup = encryptedLogGroup(
        `${name}-broker-logs`,
        { retentionInDays: args.logRetentionDays, kmsKeyArn: args.kmsKeyArn },
        parent,
      );
      const configuration = new aws.msk.Configuration(
        `${name}-config`,
        {
          kafkaVersions: [kafkaVersion],
          serverProperties: mskServerProperties(args.brokerCount),
          description: "Platform defaults: no auto topic creation, durable replication",
        },
        parent,
      );
      this.cluster = new aws.msk.Cluster(
        name,
        {
          kafkaVersion,
          numberOfBrokerNodes: args.brokerCount,
          brokerNodeGroupInfo: {
            instanceType: args.instanceType,
            clientSubnets: subnetIds,
            securityGroups: [this.securityGroup.id],
            storageInfo: { ebsStorageInfo: { volumeSize: args.volumeGiB } },
            connectivityInfo: { publicAccess: { type: "DISABLED" } },
          },
          clientAuthentication: {
            sasl: { iam: true, scram: scramClients.length > 0 },
            unauthenticated: false,
          },
          encryptionInfo: {
            encryptionAtRestKmsKeyArn: args.kmsKeyArn,
            encryptionInTransit: { clientBroker: "TLS", inCluster: true },
          },
          configurationInfo: { arn: configuration.arn, revision: configuration.latestRevision },
          loggingInfo: {
            brokerLogs: { cloudwatchLogs: { enabled: true, logGroup: this.logGroup.name } },
          },
          enhancedMonitoring: "DEFAULT",
        },
        {
          parent: this,
          protect: args.protect ?? false,
          // Storage autoscaling grows the volumes; the program must not shrink them back.
          ignoreChanges:
            args.maxVolumeGiB > args.volumeGiB
              ? ["brokerNodeGroupInfo.storageInfo.ebsStorageInfo.volumeSize"]
              : [],
        },
      );
      this.clusterArn = this.cluster.arn;
      this.bootstrapServers = this.cluster.bootstrapBrokersSaslIam;
      bootstrapScram = this.cluster.bootstrapBrokersSaslScram;

      if (args.maxVolumeGiB > args.volumeGiB) {
        const target = new aws.appautoscaling.Target(
          `${name}-storage`,
          {
            serviceNamespace: "kafka",
            scalableDimension: "kafka:broker-storage:VolumeSize",
            resourceId: this.cluster.arn,
            minCapacity: 1,
            maxCapacity: args.maxVolumeGiB,
          },
          parent,
        );
        new aws.appautoscaling.Policy(
          `${name}-storage`,
          {
            policyType: "TargetTrackingScaling",
            serviceNamespace: target.serviceNamespace,
            scalableDimension: target.scalableDimension,
            resourceId: target.resourceId,
            targetTrackingScalingPolicyConfiguration: {
              predefinedMetricSpecification: { predefinedMetricType: "KafkaBrokerStorageUtilization" },
              targetValue: MSK_STORAGE_TARGET_PERCENT,
              disableScaleIn: true,
            },
          },
          parent,
        );
      }

      const { replicationFactor, minInSyncReplicas } = mskReplication(args.brokerCount);
      for (const topic of args.topics) {
        this.topics.push(
          new aws.msk.Topic(
            `${name}-topic-${topic.name}`,
            {
              clusterArn: this.cluster.arn,
              name: topic.name,
              partitionCount: topic.partitions,
              replicationFactor,
              configs: JSON.stringify({
                ...topicConfig(topic),
                "min.insync.replicas": String(minInSyncReplicas),
              }),
            },
            { parent: this, protect: args.protect ?? false },
          ),
        );
      }

      // Per broker: data disk filling up, and partitions whose replicas fell behind (the runbook entries
      // are msk-disk and msk-under-replicated in docs/runbooks/alarms.md).
      for (let broker = 1; broker <= args.brokerCount; broker++) {
        const dimensions = { "Cluster Name": this.cluster.clusterName, "Broker ID": String(broker) };
        const brokerAlarms: NamedAlarm[] = [
          {
            suffix: "disk",
            spec: {
              kind: "msk-disk",
              summary: `Kafka broker ${broker}: data disk above ${MSK_DISK_ALARM_PERCENT}% (storage autoscaling may be at its maximum)`,
              metric: {
                namespace: "AWS/Kafka",
                metricName: "KafkaDataLogsDiskUsed",
                dimensions,
                stat: "Maximum",
              },
              comparison: ">=",
              threshold: MSK_DISK_ALARM_PERCENT,
              evaluationPeriods: 1,
              missingData: "missing",
            },
          },
          {
            suffix: "under-replicated",
            spec: {
              kind: "msk-under-replicated",
              summary: `Kafka broker ${broker}: under-replicated partitions for 10 minutes`,
              metric: {
                namespace: "AWS/Kafka",
                metricName: "UnderReplicatedPartitions",
                dimensions,
                stat: "Maximum",
              },
              comparison: ">",
              threshold: 0,
              evaluationPeriods: 2,
              missingData: "missing",
            },
          },
        ];
        this.alarms.push(...createAlarms(this, `${name}-broker-${broker}`, brokerAlarms, args.alarmActions));
      }
    }

    // Clients: an IAM policy each; SCRAM clients also a secret MSK reads.
    const clients: Record<string, KafkaClientAccess> = {};
    for (const client of args.clients) {
      const auth = client.auth ?? "iam";
      let statements: pulumi.Output<Statement[]>;
      let secretArn: pulumi.Output<string> | undefined;
      let saslMechanism: SaslMechanism = "AWS_MSK_IAM";
      let bootstrap = this.bootstrapServers;
      if (auth === "scram" && this.cluster && bootstrapScram) {
        const secret = new aws.secretsmanager.Secret(
          `${name}-scram-${client.name}`,
          {
            // MSK only reads secrets whose name starts with AmazonMSK_ and that a customer key encrypts.
            namePrefix: `AmazonMSK_${args.baseName}-${client.name}-`,
            kmsKeyId: args.kmsKeyArn,
            description: `SASL/SCRAM credentials of Kafka client ${client.name}`,
          },
          parent,
        );
        const password = aws.secretsmanager.getRandomPasswordOutput(
          { passwordLength: 32, excludePunctuation: true },
          parent,
        ).randomPassword;
        const version = new aws.secretsmanager.SecretVersion(
          `${name}-scram-${client.name}`,
          {
            secretId: secret.id,
            secretString: pulumi
              .secret(password)
              .apply((p) => JSON.stringify({ username: client.name, password: p })),
          },
          // A new random password is drawn on every run; keep the first one (rotate by replacing).
          { parent: this, ignoreChanges: ["secretString"] },
        );
        new aws.msk.SingleScramSecretAssociation(
          `${name}-scram-${client.name}`,
          { clusterArn: this.cluster.arn, secretArn: secret.arn },
          { parent: this, dependsOn: [version] },
        );
        secretArn = secret.arn;
        saslMechanism = "SCRAM-SHA-512";
        bootstrap = bootstrapScram;
        statements = pulumi.output(secretReadStatements(secret.arn, args.kmsKeyArn, args.region));
      } else {
        statements = this.clusterArn.apply((arn) => mskClientStatements(arn, client, { serverless }));
      }
      const policy = new aws.iam.Policy(
        `${name}-client-${client.name}`,
        {
          description: `Kafka client ${client.name}: its topics and groups only`,
          policy: statements.apply((s) => policyJson(s)),
        },
        parent,
      );
      clients[client.name] = {
        saslMechanism,
        bootstrapServers: bootstrap,
        secretArn,
        policyArn: policy.arn,
        read: [...client.read],
        write: [...client.write],
      };
    }
    this.clients = clients;

    this.registerOutputs({
      clusterArn: this.clusterArn,
      bootstrapServers: this.bootstrapServers,
      securityGroupId: this.securityGroupId,
      logGroupName: this.logGroup?.name,
      topicNames: args.topics.map((t) => t.name),
      clients: Object.fromEntries(
        Object.entries(clients).map(([k, c]) => [k, { policyArn: c.policyArn, secretArn: c.secretArn }]),
      ),
    });
  }

  /**
   * The security-group half of a client's grant: admits `sourceSecurityGroupId` on the SASL ports (the
   * IAM half is the client's `policyArn`, see {@link mskClientStatements}). The services group is
   * admitted already; use this for a workload with a group of its own. `label` names the rules.
   */
  admit(label: string, sourceSecurityGroupId: pulumi.Input<string>): aws.vpc.SecurityGroupIngressRule[] {
    return this.authPorts.map(
      (port) =>
        new aws.vpc.SecurityGroupIngressRule(
          `${this.childName}-${port === MSK_PORTS.iam ? "iam" : "scram"}-from-${label}`,
          {
            securityGroupId: this.securityGroup.id,
            referencedSecurityGroupId: sourceSecurityGroupId,
            ipProtocol: "tcp",
            fromPort: port,
            toPort: port,
            description: `Kafka SASL/${port === MSK_PORTS.iam ? "IAM" : "SCRAM"} over TLS from ${label}`,
          },
          { parent: this },
        ),
    );
  }
}
