/**
 * Tier defaults: the one place where `dev`, `stage` and `prod` differ by default.
 * A stack picks a tier with `platform:tier` and overrides any of these in its YAML.
 */
// Messaging and operator access (issue 6)
import type { KafkaClientSpec, KafkaTopicSpec } from "../components/messaging/kafka";
import type { ConfluentClusterType } from "../components/messaging/confluent";

// Edge and compute (issue 4).
import type { ServiceConfig } from "../components/compute/serviceSpec";
// Observability and operations (issue 8).
import type { BackupVaultLockMode } from "../components/observability/backup";

export const TIER_NAMES = ["dev", "stage", "prod"] as const;
export type TierName = (typeof TIER_NAMES)[number];

export const NAT_STRATEGIES = ["perAz", "single"] as const;
export type NatStrategy = (typeof NAT_STRATEGIES)[number];

/** Interface endpoints the network can create in the private tier (service name suffixes). */
export const INTERFACE_ENDPOINTS = [
  "ecr.api",
  "ecr.dkr",
  "logs",
  "secretsmanager",
  "ssm",
  "ssmmessages",
  "ec2messages",
  "sts",
  "kms",
] as const;
export type InterfaceEndpoint = (typeof INTERFACE_ENDPOINTS)[number];

/** Retention values CloudWatch Logs accepts (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Values a tier sets by default; each is also a config key of the same name. */
export interface TierProfile {
  /** Availability Zones the VPC spans. */
  azCount: number;
  /** NAT gateways: one per AZ (survives an AZ loss) or a single one (cheaper). */
  natGateways: NatStrategy;
  /** Interface endpoints in the private tier. */
  interfaceEndpoints: InterfaceEndpoint[];
  /** Retention of every log group, in days. */
  logRetentionDays: number;
  /** Retention of the CloudTrail bucket's objects, in days. */
  trailRetentionDays: number;
  /** Waiting period before a deleted KMS key is gone, in days (7..30). */
  kmsDeletionWindowDays: number;
  /** Session length of people's roles and permission sets, in hours. */
  sessionDurationHours: number;
  /** `protect` stateful resources (keys, buckets with data, databases) against `pulumi destroy`. */
  protectStatefulResources: boolean;
  /** Monthly cost budget of the member account, in USD. */
  budgetMonthlyUsd: number;

  // data stores (issue 5)
  /** RDS instance class of the Postgres primary (and its replicas). */
  postgresInstanceClass: string;
  /** Storage allocated to Postgres at creation, in GiB. */
  postgresAllocatedStorageGb: number;
  /** Ceiling of Postgres storage autoscaling, in GiB. */
  postgresMaxAllocatedStorageGb: number;
  /** Postgres primary with a synchronous standby in another AZ. */
  postgresMultiAz: boolean;
  /** Days of automated Postgres backups (point-in-time recovery window). */
  postgresBackupRetentionDays: number;
  /** Postgres read replicas, each in another AZ. */
  postgresReadReplicas: number;
  /** ElastiCache node type. */
  cacheNodeType: string;
  /** Replicas of the Valkey/Redis primary (Memcached: nodes beyond the first). */
  cacheReplicas: number;
  /** Days of daily cache snapshots kept (Valkey/Redis). */
  cacheSnapshotRetentionDays: number;
  /** Atlas cluster tier. */
  mongodbInstanceSize: string;
  /** Atlas cloud backups (snapshots and point-in-time restore). */
  mongodbBackup: boolean;
  /** Days old versions of file storage objects are kept. */
  fileStorageNoncurrentVersionDays: number;
  /** CloudFront price class of the static site. */
  staticSitePriceClass: string;
  /** OpenSearch data node instance type. */
  searchInstanceType: string;
  /** OpenSearch data nodes. */
  searchInstanceCount: number;
  /** Spread OpenSearch data nodes over AZs (zone awareness). */
  searchZoneAwareness: boolean;
  /** gp3 volume per OpenSearch data node, in GiB. */
  searchVolumeGb: number;
  /** Three dedicated OpenSearch master nodes. */
  searchDedicatedMasters: boolean;
  // Messaging and operator access (issue 6).
  /** Kafka topics to create (none by default: a stack declares its own). */
  kafkaTopics: KafkaTopicSpec[];
  /** Kafka clients and their grants (none by default). */
  kafkaClients: KafkaClientSpec[];
  /** MSK broker instance type. */
  mskInstanceType: string;
  /** MSK brokers: a multiple of the AZs they spread over. */
  mskBrokerCount: number;
  /** MSK data volume per broker at creation, in GiB. */
  mskVolumeGiB: number;
  /** Largest MSK volume storage autoscaling may reach, in GiB. */
  mskMaxVolumeGiB: number;
  /** Confluent Cloud cluster type. */
  confluentClusterType: ConfluentClusterType;
  /** CKUs of a dedicated Confluent cluster. */
  confluentCku: number;
  /** The /16 of a peered Confluent network: a different block per tier, clear of Confluent's reserved ones. */
  confluentNetworkCidr: string;
  // Edge and compute (issue 4).
  /** Deletion protection of the load balancers. */
  albDeletionProtection: boolean;
  /** Tasks of each service always on regular Fargate. */
  fargateBaseTasks: number;
  /** Share of the remaining tasks on Fargate Spot, in percent. */
  fargateSpotPercent: number;
  /** Allow ECS Exec into service tasks. */
  ecsExec: boolean;
  /** Minimum tasks of an api or worker service that does not set its own. */
  defaultMinTasks: number;
  /** Services of the environment: none by default; stacks declare theirs. */
  services: ServiceConfig[];
  // Events (issue 11).
  /** Days of point-in-time recovery each DynamoDB table keeps. */
  dynamodbRecoveryPeriodDays: number;
  /** Days the event bus's archive keeps events. */
  eventArchiveRetentionDays: number;
  // Observability and operations (issue 8): alarm thresholds (stricter towards prod) and backups.
  /** Share of a load balancer's requests answered 5xx that raises an alarm, in percent. */
  alarmAlb5xxPercent: number;
  /** p95 target response time that raises an alarm, in ms. */
  alarmAlbResponseTimeMs: number;
  /** Sustained CPU of a service, the database or a cache node that raises an alarm, in percent. */
  alarmCpuPercent: number;
  /** Sustained memory of a service or a cache node that raises an alarm, in percent. */
  alarmMemoryPercent: number;
  /** Replica lag (Postgres, cache) that raises an alarm, in seconds. */
  alarmReplicaLagSeconds: number;
  /** Postgres connections that raise an alarm, in percent of max_connections. */
  alarmDbConnectionsPercent: number;
  /** Keys a cache node may evict in 5 minutes before an alarm. */
  alarmCacheEvictions: number;
  /** Age of a queue's oldest message that raises an alarm, in seconds. */
  alarmQueueAgeSeconds: number;
  /** Requests the WAF may block in 5 minutes before an alarm. */
  alarmWafBlockedRequests: number;
  /** Days each daily backup is kept. */
  backupRetentionDays: number;
  /** Lock of the backup vaults. */
  backupVaultLock: BackupVaultLockMode;
  /** Copy every backup to a second region (backupCopyRegion). */
  backupCrossRegionCopy: boolean;
}

export const TIER_PROFILES: Readonly<Record<TierName, TierProfile>> = {
  dev: {
    azCount: 2,
    natGateways: "single",
    interfaceEndpoints: [],
    logRetentionDays: 14,
    trailRetentionDays: 90,
    kmsDeletionWindowDays: 7,
    sessionDurationHours: 8,
    protectStatefulResources: false,
    budgetMonthlyUsd: 1500,
    // Data stores (issue 5)
    postgresInstanceClass: "db.t4g.medium",
    postgresAllocatedStorageGb: 20,
    postgresMaxAllocatedStorageGb: 100,
    postgresMultiAz: false,
    postgresBackupRetentionDays: 7,
    postgresReadReplicas: 0,
    cacheNodeType: "cache.t4g.micro",
    cacheReplicas: 0,
    cacheSnapshotRetentionDays: 1,
    mongodbInstanceSize: "M10",
    mongodbBackup: false,
    fileStorageNoncurrentVersionDays: 30,
    staticSitePriceClass: "PriceClass_100",
    searchInstanceType: "t3.medium.search",
    searchInstanceCount: 1,
    searchZoneAwareness: false,
    searchVolumeGb: 10,
    searchDedicatedMasters: false,
    // Messaging and operator access (issue 6)
    kafkaTopics: [],
    kafkaClients: [],
    mskInstanceType: "kafka.t3.small",
    mskBrokerCount: 2,
    mskVolumeGiB: 20,
    mskMaxVolumeGiB: 100,
    confluentClusterType: "basic",
    confluentCku: 2,
    confluentNetworkCidr: "172.24.0.0/16",
    // Edge and compute (issue 4): cheap, Spot-only, exec allowed.
    albDeletionProtection: false,
    fargateBaseTasks: 0,
    fargateSpotPercent: 100,
    ecsExec: true,
    defaultMinTasks: 1,
    services: [],
    // Events (issue 11): a week of recovery and replay.
    dynamodbRecoveryPeriodDays: 7,
    eventArchiveRetentionDays: 7,
    // Observability and operations (issue 8): lenient alarms, a week of backups, no lock, no copy.
    alarmAlb5xxPercent: 10,
    alarmAlbResponseTimeMs: 3000,
    alarmCpuPercent: 90,
    alarmMemoryPercent: 90,
    alarmReplicaLagSeconds: 600,
    alarmDbConnectionsPercent: 90,
    alarmCacheEvictions: 1000,
    alarmQueueAgeSeconds: 3600,
    alarmWafBlockedRequests: 1000,
    backupRetentionDays: 7,
    backupVaultLock: "none",
    backupCrossRegionCopy: false,
  },
  stage: {
    azCount: 3,
    natGateways: "single",
    interfaceEndpoints: ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "sts"],
    logRetentionDays: 30,
    trailRetentionDays: 365,
    kmsDeletionWindowDays: 30,
    sessionDurationHours: 4,
    protectStatefulResources: false,
    budgetMonthlyUsd: 4000,
    // Data stores (issue 5)
    postgresInstanceClass: "db.m7g.large",
    postgresAllocatedStorageGb: 50,
    postgresMaxAllocatedStorageGb: 200,
    postgresMultiAz: true,
    postgresBackupRetentionDays: 14,
    postgresReadReplicas: 0,
    cacheNodeType: "cache.t4g.small",
    cacheReplicas: 1,
    cacheSnapshotRetentionDays: 7,
    mongodbInstanceSize: "M20",
    mongodbBackup: true,
    fileStorageNoncurrentVersionDays: 90,
    staticSitePriceClass: "PriceClass_100",
    searchInstanceType: "m7g.large.search",
    searchInstanceCount: 2,
    searchZoneAwareness: true,
    searchVolumeGb: 20,
    searchDedicatedMasters: false,
    // Messaging and operator access (issue 6)
    kafkaTopics: [],
    kafkaClients: [],
    mskInstanceType: "kafka.t3.small",
    mskBrokerCount: 3,
    mskVolumeGiB: 100,
    mskMaxVolumeGiB: 500,
    confluentClusterType: "standard",
    confluentCku: 2,
    confluentNetworkCidr: "172.25.0.0/16",
    // Edge and compute (issue 4): two tasks across AZs, half of the rest on Spot.
    albDeletionProtection: false,
    fargateBaseTasks: 1,
    fargateSpotPercent: 50,
    ecsExec: true,
    defaultMinTasks: 2,
    services: [],
    // Events (issue 11): two weeks of recovery, a month of replay.
    dynamodbRecoveryPeriodDays: 14,
    eventArchiveRetentionDays: 30,
    // Observability and operations (issue 8): two weeks of backups in a vault under governance lock.
    alarmAlb5xxPercent: 5,
    alarmAlbResponseTimeMs: 2000,
    alarmCpuPercent: 85,
    alarmMemoryPercent: 85,
    alarmReplicaLagSeconds: 300,
    alarmDbConnectionsPercent: 85,
    alarmCacheEvictions: 500,
    alarmQueueAgeSeconds: 1800,
    alarmWafBlockedRequests: 1000,
    backupRetentionDays: 14,
    backupVaultLock: "governance",
    backupCrossRegionCopy: false,
  },
  prod: {
    azCount: 3,
    natGateways: "perAz",
    interfaceEndpoints: [...INTERFACE_ENDPOINTS],
    logRetentionDays: 365,
    trailRetentionDays: 2557,
    kmsDeletionWindowDays: 30,
    sessionDurationHours: 2,
    protectStatefulResources: true,
    budgetMonthlyUsd: 15000,
    // Data stores (issue 5)
    postgresInstanceClass: "db.r7g.large",
    postgresAllocatedStorageGb: 100,
    postgresMaxAllocatedStorageGb: 1000,
    postgresMultiAz: true,
    postgresBackupRetentionDays: 35,
    postgresReadReplicas: 1,
    cacheNodeType: "cache.r7g.large",
    cacheReplicas: 2,
    cacheSnapshotRetentionDays: 14,
    mongodbInstanceSize: "M30",
    mongodbBackup: true,
    fileStorageNoncurrentVersionDays: 365,
    staticSitePriceClass: "PriceClass_All",
    searchInstanceType: "r7g.large.search",
    searchInstanceCount: 3,
    searchZoneAwareness: true,
    searchVolumeGb: 100,
    searchDedicatedMasters: true,
    // Messaging and operator access (issue 6)
    kafkaTopics: [],
    kafkaClients: [],
    mskInstanceType: "kafka.m7g.large",
    mskBrokerCount: 3,
    mskVolumeGiB: 500,
    mskMaxVolumeGiB: 4000,
    confluentClusterType: "dedicated",
    confluentCku: 2,
    confluentNetworkCidr: "172.26.0.0/16",
    // Edge and compute (issue 4): a task per AZ on regular Fargate, no exec, protected load balancers.
    albDeletionProtection: true,
    fargateBaseTasks: 2,
    fargateSpotPercent: 0,
    ecsExec: false,
    defaultMinTasks: 3,
    services: [],
    // Events (issue 11): the longest point-in-time recovery DynamoDB offers, a year of replay.
    dynamodbRecoveryPeriodDays: 35,
    eventArchiveRetentionDays: 365,
    // Observability and operations (issue 8): strict alarms; 35 days of backups, locked (compliance),
    // copied to a second region.
    alarmAlb5xxPercent: 2,
    alarmAlbResponseTimeMs: 1000,
    alarmCpuPercent: 80,
    alarmMemoryPercent: 80,
    alarmReplicaLagSeconds: 60,
    alarmDbConnectionsPercent: 80,
    alarmCacheEvictions: 100,
    alarmQueueAgeSeconds: 900,
    alarmWafBlockedRequests: 500,
    backupRetentionDays: 35,
    backupVaultLock: "compliance",
    backupCrossRegionCopy: true,
  },
};
