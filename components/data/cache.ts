import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

import { AlarmThresholds, createAlarms, resolveThresholds } from "../shared/alarms";
import { cacheNodeAlarms } from "../shared/alarmSets";
import { encryptedLogGroup } from "../shared/logGroup";
import { physicalName } from "../shared/naming";
import { Statement } from "../shared/policies";
import { secretReadStatements } from "../shared/policies";
import { CACHE_ENGINE_VERSIONS, CacheEngine } from "./catalog";
import { storeSecurityGroup } from "./storeAccess";

export const CACHE_PORTS: Readonly<Record<CacheEngine, number>> = {
  valkey: 6379,
  redis: 6379,
  memcached: 11211,
};

export interface CacheArgs {
  /** Prefix of physical names (`platform-prod`). */
  baseName: string;
  /** `valkey` or `redis`: a replication group with AUTH; `memcached`: a cluster (TLS, no AUTH in Memcached). */
  engine: CacheEngine;
  /** ElastiCache node type (validated by the stack config). */
  nodeType: string;
  /**
   * Valkey/Redis: replicas of the primary (0..5), spread over the AZs; 1 or more turns on Multi-AZ with
   * automatic failover. Memcached: nodes beyond the first, spread over the AZs.
   */
  replicas: number;
  /** Days of daily snapshots kept (Valkey/Redis; 0..35). Memcached has no snapshots. */
  snapshotRetentionDays: number;
  vpcId: pulumi.Input<string>;
  /** Data tier subnets, one per AZ. */
  subnetIds: pulumi.Input<string>[];
  /** AZ names in subnet order: node `i` is placed in AZ `i mod AZs`. */
  availabilityZones: pulumi.Input<string[]>;
  /** Groups admitted on the cache port (the services' group). */
  clientSecurityGroupIds: pulumi.Input<string>[];
  /** The environment key: data at rest, the AUTH secret and the engine logs are encrypted with it. */
  kmsKeyArn: pulumi.Input<string>;
  /** Retention of the engine and slow logs, in days. */
  logRetentionDays: number;
  /** `protect` the cache and its AUTH secret against `pulumi destroy`. Default: false. */
  protect?: boolean;
  /** Weekly maintenance window (UTC). Default: `sun:05:00-sun:06:00`. */
  maintenanceWindow?: string;
  /** Daily snapshot window (UTC), must not overlap the maintenance window. Default: `02:00-03:00`. */
  snapshotWindow?: string;
  /**
   * Where the alarms of each node notify (SNS topic ARNs): CPU, memory, evictions, replication lag.
   * Default: nowhere (the environment wires them to its alert topic).
   */
  alarmActions?: pulumi.Input<string>[];
  /** Alarm thresholds; any left out take DEFAULT_ALARM_THRESHOLDS. */
  alarmThresholds?: Partial<AlarmThresholds>;
}

/** Where each node goes: node `i` in AZ `i mod AZs` (the primary first), so the nodes spread over every AZ. */
export function cacheNodeZones(azs: readonly string[], replicas: number): string[] {
  if (azs.length === 0) {
    throw new Error("cache nodes need at least one AZ");
  }
  return Array.from({ length: replicas + 1 }, (_, i) => azs[i % azs.length]);
}

/** Read the AUTH token of a Valkey/Redis cache from its secret. */
export function cacheAuthSecretStatements(
  secretArn: pulumi.Input<string>,
  kmsKeyArn: pulumi.Input<string>,
  region: string,
): Statement[] {
  return secretReadStatements(secretArn, kmsKeyArn, region);
}

/**
 * ElastiCache in the data subnets, reachable on its port only from the client groups.
 *
 * Valkey/Redis: a replication group with encryption at rest (environment key) and in transit (TLS
 * required), an AUTH token generated here and kept in Secrets Manager (a Pulumi secret in the state, never
 * in config), Multi-AZ with automatic failover when it has replicas, daily snapshots and a final snapshot,
 * slow and engine logs in encrypted log groups. Memcached: a cluster with in-transit encryption.
 */
export class Cache extends pulumi.ComponentResource {
  readonly engine: CacheEngine;
  readonly replicationGroup?: aws.elasticache.ReplicationGroup;
  readonly cluster?: aws.elasticache.Cluster;
  readonly securityGroup: aws.ec2.SecurityGroup;
  readonly securityGroupId: pulumi.Output<string>;
  /** Host of the primary (Valkey/Redis) or the configuration endpoint (Memcached). */
  readonly endpoint: pulumi.Output<string>;
  /** Host of the reader endpoint (Valkey/Redis); the configuration endpoint for Memcached. */
  readonly readerEndpoint: pulumi.Output<string>;
  readonly port: number;
  /** Secret holding `{"authToken": ...}` (Valkey/Redis only). */
  readonly authSecretArn?: pulumi.Output<string>;
  readonly alarms: aws.cloudwatch.MetricAlarm[];
  /** The nodes as CloudWatch names them (CacheClusterId, CacheNodeId), the primary's first. */
  readonly nodes: { clusterId: pulumi.Output<string>; nodeId: string }[];

  constructor(name: string, args: CacheArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:data:Cache", name, {}, opts);
    const parent = { parent: this };
    const protect = args.protect ?? false;
    this.engine = args.engine;
    this.port = CACHE_PORTS[args.engine];
    const { version, family } = CACHE_ENGINE_VERSIONS[args.engine];
    const zones = pulumi.output(args.availabilityZones).apply((azs) => cacheNodeZones(azs, args.replicas));

    this.securityGroup = storeSecurityGroup(
      `${name}-sg`,
      {
        vpcId: args.vpcId,
        description: `Cache (${args.engine}): ${this.port} from the services only`,
        port: this.port,
        clientSecurityGroupIds: args.clientSecurityGroupIds,
      },
      parent,
    );
    this.securityGroupId = this.securityGroup.id;

    const subnetGroup = new aws.elasticache.SubnetGroup(
      `${name}-subnets`,
      { description: `Data subnets of the ${args.baseName} cache`, subnetIds: args.subnetIds },
      parent,
    );
    const parameterGroup = new aws.elasticache.ParameterGroup(
      `${name}-params`,
      {
        family,
        description: `${args.baseName} cache (${args.engine})`,
        parameters:
          args.engine === "memcached"
            ? [{ name: "max_item_size", value: "1048576" }]
            : [{ name: "maxmemory-policy", value: "volatile-lru" }],
      },
      parent,
    );
    const maintenanceWindow = args.maintenanceWindow ?? "sun:05:00-sun:06:00";

    if (args.engine === "memcached") {
      const nodes = args.replicas + 1;
      this.cluster = new aws.elasticache.Cluster(
        name,
        {
          engine: "memcached",
          engineVersion: version,
          nodeType: args.nodeType,
          numCacheNodes: nodes,
          azMode: nodes > 1 ? "cross-az" : "single-az",
          preferredAvailabilityZones: zones,
          port: this.port,
          subnetGroupName: subnetGroup.name,
          securityGroupIds: [this.securityGroup.id],
          parameterGroupName: parameterGroup.name,
          transitEncryptionEnabled: true,
          maintenanceWindow,
          // AutoMinorVersionUpgrade applies to Valkey and Redis only; Memcached is upgraded in its window.
          applyImmediately: false,
        },
        { parent: this, protect },
      );
      const host = this.cluster.configurationEndpoint.apply((e) => (e ?? "").split(":")[0]);
      this.endpoint = host;
      this.readerEndpoint = host;
    } else {
      const token = new random.RandomPassword(
        `${name}-auth-token`,
        // AUTH tokens: 16..128 printable characters; alphanumeric avoids the characters ElastiCache refuses.
        { length: 64, special: false },
        parent,
      );
      const secret = new aws.secretsmanager.Secret(
        `${name}-auth`,
        {
          description: `AUTH token of the ${args.baseName} cache`,
          kmsKeyId: args.kmsKeyArn,
          recoveryWindowInDays: protect ? 30 : 7,
        },
        { parent: this, protect },
      );
      this.authSecretArn = secret.arn;

      const logGroups = ["slow-log", "engine-log"].map((logType) => ({
        logType,
        group: encryptedLogGroup(
          `${name}-${logType}`,
          { retentionInDays: args.logRetentionDays, kmsKeyArn: args.kmsKeyArn },
          parent,
        ),
      }));
      const multiAz = args.replicas >= 1;
      this.replicationGroup = new aws.elasticache.ReplicationGroup(
        name,
        {
          description: `${args.baseName} cache (${args.engine})`,
          engine: args.engine,
          engineVersion: version,
          nodeType: args.nodeType,
          port: this.port,
          numCacheClusters: args.replicas + 1,
          preferredCacheClusterAzs: zones,
          automaticFailoverEnabled: multiAz,
          multiAzEnabled: multiAz,
          subnetGroupName: subnetGroup.name,
          securityGroupIds: [this.securityGroup.id],
          parameterGroupName: parameterGroup.name,
          atRestEncryptionEnabled: true,
          kmsKeyId: args.kmsKeyArn,
          transitEncryptionEnabled: true,
          transitEncryptionMode: "required",
          authToken: pulumi.secret(token.result),
          snapshotRetentionLimit: args.snapshotRetentionDays,
          snapshotWindow: args.snapshotWindow ?? "02:00-03:00",
          maintenanceWindow,
          autoMinorVersionUpgrade: true,
          applyImmediately: false,
          finalSnapshotIdentifier: physicalName([args.baseName, "cache-final"], 255),
          logDeliveryConfigurations: logGroups.map(({ logType, group }) => ({
            destination: group.name,
            destinationType: "cloudwatch-logs",
            logFormat: "json",
            logType,
          })),
        },
        { parent: this, protect },
      );
      new aws.secretsmanager.SecretVersion(
        `${name}-auth-value`,
        {
          secretId: secret.id,
          secretString: pulumi.jsonStringify({
            authToken: pulumi.secret(token.result),
            host: this.replicationGroup.primaryEndpointAddress,
            port: this.port,
            tls: true,
          }),
        },
        parent,
      );
      this.endpoint = this.replicationGroup.primaryEndpointAddress;
      this.readerEndpoint = this.replicationGroup.readerEndpointAddress;
    }

    // Per node: a replication group's member clusters are `<group id>-001`, `-002`, ... with one node
    // `0001` each; a Memcached cluster has nodes `0001`, `0002`, ...
    const thresholds = resolveThresholds(args.alarmThresholds);
    this.nodes = Array.from({ length: args.replicas + 1 }, (_, i) => {
      const n = i + 1;
      return this.replicationGroup
        ? {
            clusterId: pulumi.interpolate`${this.replicationGroup.id}-${String(n).padStart(3, "0")}`,
            nodeId: "0001",
          }
        : { clusterId: this.cluster!.clusterId, nodeId: String(n).padStart(4, "0") };
    });
    this.alarms = this.nodes.flatMap((node, i) =>
      createAlarms(
        this,
        `${name}-node-${i + 1}`,
        cacheNodeAlarms(
          {
            label: `Cache ${args.baseName} (${args.engine}) node ${i + 1}`,
            clusterId: node.clusterId,
            nodeId: node.nodeId,
            engine: args.engine,
            replicated: args.replicas >= 1,
          },
          thresholds,
        ),
        args.alarmActions,
      ),
    );

    this.registerOutputs({
      engine: this.engine,
      replicationGroup: this.replicationGroup,
      cluster: this.cluster,
      securityGroupId: this.securityGroupId,
      endpoint: this.endpoint,
      readerEndpoint: this.readerEndpoint,
      port: this.port,
      authSecretArn: this.authSecretArn,
      alarmArns: this.alarms.map((a) => a.arn),
    });
  }
}
