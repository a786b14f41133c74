/** Data stores: Postgres, the caches, OpenSearch, S3 buckets and backups. */
import { data, none, s3 } from "../rules";
import {
  CatalogEntry,
  Duration,
  groupZones,
  inputOr,
  Inputs,
  numberOr,
  OutputContext,
  PlanResource,
  related,
  sizeOf,
  subnetZones,
  textOr,
  WAITER,
} from "./entry";
import { PRICES } from "./prices";
import { aws, EVERY_INPUT } from "./replacement";

const H = PRICES.hoursPerMonth;

/** The host name the made-up endpoints of a store share. */
const host = (c: OutputContext): string => `${c.physical}.${c.region}.example.internal`;

const RDS_MULTI_AZ: Duration = {
  p50: 1080,
  p90: 1800,
  source: `${WAITER}; Multi-AZ Postgres 15-18 minutes (standby and backup), up to 30`,
};
const RDS_REPLICA: Duration = {
  p50: 720,
  p90: 1200,
  source: `${WAITER}; a read replica is built from a snapshot of its source, 10-20 minutes`,
};

/** The instance that is not a read replica. */
const primaryOf = (dbs: PlanResource[]): PlanResource | undefined =>
  dbs.find((r) => r.inputs.replicateSourceDb === undefined);

function cacheNode([cache]: PlanResource[]): string | undefined {
  const engine = cache?.inputs?.engine;
  return cache && `Cache (${typeof engine === "string" ? engine : "redis"})`;
}

export const DATA: readonly CatalogEntry[] = [
  {
    type: "aws:backup/plan:Plan",
    unexposed: "a schedule and retention; no endpoint, no resource policy",
    replaceOn: aws("backup_plan", ["name"]),
    api: data.BACKUP_PLAN,
    unruled: "a schedule and retention; the vaults it writes to are judged",
  },
  {
    type: "aws:backup/selection:Selection",
    unexposed: "which stores are backed up; no endpoint, no resource policy",
    replaceOn: aws("backup_selection", [EVERY_INPUT]),
    api: data.BACKUP_SELECTION,
    unruled: "which stores are backed up (tested: every stateful store)",
  },
  {
    type: "aws:backup/vault:Vault",
    unexposed: "reached only through AWS Backup's API with IAM; the program sets no vault policy",
    replaceOn: aws("backup_vault", ["kmsKeyArn", "name"]),
    stateful: "the recovery points",
    uniqueName: { property: "name", auto: true },
    api: data.BACKUP_VAULT,
    policies: ["backup-vault-encrypted"],
    // https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupVault.html (BackupVaultArn)
    outputs: (c) => ({ arn: `arn:aws:backup:${c.region}:${c.account}:backup-vault:${inputOr(c, "name")}` }),
    usage: { quantity: "200 GB of recovery points ($0.05/GB warm)", monthlyUsd: 10 },
  },
  {
    type: "aws:backup/vaultLockConfiguration:VaultLockConfiguration",
    unexposed: "protects recovery points from deletion; grants nothing",
    replaceOn: aws("backup_vault_lock_configuration", [EVERY_INPUT]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "protects the recovery points of a judged vault from deletion",
  },
  {
    type: "aws:elasticache/cluster:Cluster",
    unexposed: "has no public endpoint (VPC only); its subnets and security groups are judged",
    replaceOn: aws("elasticache_cluster", [
      "availabilityZone",
      "clusterId",
      "engine",
      "networkType",
      "outpostMode",
      "port",
      "preferredOutpostArn",
      "replicationGroupId",
      "snapshotArns",
      "snapshotName",
      "subnetGroupName",
    ]),
    stateful: "the cache's data and snapshots",
    api: data.CACHE_CLUSTER,
    policies: ["elasticache-encrypted"],
    creation: { p50: 480, p90: 900, source: `${WAITER}; 5-8 minutes, up to 15` },
    outputs: (c) => ({ configurationEndpoint: `${host(c)}:11211` }),
    price: (r, c) => {
      const i = r.inputs;
      if (i.replicationGroupId !== undefined) {
        return undefined;
      }
      const nodes = sizeOf(i.numCacheNodes, 1);
      return { usd: c.hourly(String(i.nodeType)) * nodes * H, basis: `${nodes} x ${String(i.nodeType)}` };
    },
    zoneTier: (r, graph) =>
      r.inputs.replicationGroupId !== undefined
        ? undefined
        : {
            resource: r.name,
            tier: `cache ${r.name}`,
            placement: "one-of",
            zones: groupZones(graph, r, "subnetGroupName"),
            why: "Memcached nodes hold their own keys",
          },
    diagram: { name: "cache", position: 31, text: cacheNode },
  },
  {
    type: "aws:elasticache/parameterGroup:ParameterGroup",
    unexposed: "engine settings; no endpoint, no resource policy",
    replaceOn: aws("elasticache_parameter_group", ["description", "family", "name"]),
    api: data.CACHE_PARAMETER_GROUP,
    unruled: "engine settings; encryption is a replication group setting, judged there",
  },
  {
    type: "aws:elasticache/replicationGroup:ReplicationGroup",
    unexposed: "has no public endpoint (VPC only); its subnets and security groups are judged",
    replaceOn: aws(
      "elasticache_replication_group",
      [
        "atRestEncryptionEnabled",
        "dataTieringEnabled",
        "globalReplicationGroupId",
        "kmsKeyId",
        "networkType",
        "port",
        "preferredCacheClusterAzs",
        "replicationGroupId",
        "snapshotArns",
        "snapshotName",
        "subnetGroupName",
      ],
      "engine redis to valkey is an in-place upgrade; valkey back to redis is replaced (decided at diff time)",
    ),
    stateful: "the cache's data and snapshots",
    uniqueName: { property: "replicationGroupId", auto: true, lower: true },
    api: data.REPLICATION_GROUP,
    policies: ["elasticache-encrypted"],
    creation: { p50: 720, p90: 1200, source: `${WAITER}; 8-12 minutes, up to 20` },
    outputs: (c) => ({
      primaryEndpointAddress: `master.${host(c)}`,
      readerEndpointAddress: `replica.${host(c)}`,
    }),
    price: (r, c) => {
      const i = r.inputs;
      const nodes = sizeOf(
        i.numCacheClusters,
        sizeOf(i.numNodeGroups, 1) * (sizeOf(i.replicasPerNodeGroup, 0) + 1),
      );
      // The table holds Redis OSS rates; Valkey nodes cost less (prices.ts).
      const valkey = i.engine === "valkey";
      const rate = c.hourly(String(i.nodeType)) * (valkey ? 1 - PRICES.valkeyNodeDiscount : 1);
      return {
        usd: rate * nodes * H,
        basis: `${nodes} x ${String(i.nodeType)}${valkey ? " (Valkey, 20% below Redis OSS)" : ""}`,
      };
    },
    zoneTier: (r, graph) => {
      const i = r.inputs;
      const base = { resource: r.name };
      const failover =
        i.automaticFailoverEnabled === true &&
        i.multiAzEnabled === true &&
        numberOr(i.numCacheClusters, 1) >= 2;
      const zones = groupZones(graph, r, "subnetGroupName");
      return failover
        ? {
            ...base,
            tier: `cache ${r.name}`,
            placement: "managed",
            zones,
            why: "Multi-AZ with automatic failover",
          }
        : { ...base, tier: `cache ${r.name}`, placement: "one-of", zones, why: "no replica in another AZ" };
    },
    diagram: { name: "cache", position: 30, text: cacheNode },
    size: {
      name: "cache",
      position: 40,
      text: ([cache]) => {
        const i = cache?.inputs as Inputs | undefined;
        return i && `${textOr(i.numCacheClusters, "1")} x ${textOr(i.nodeType, "?")}`;
      },
    },
  },
  {
    type: "aws:elasticache/subnetGroup:SubnetGroup",
    replaceOn: aws("elasticache_subnet_group", ["name"]),
    api: data.CACHE_SUBNET_GROUP,
    policies: ["only-edge-in-public-subnets"],
  },
  {
    type: "aws:opensearch/domain:Domain",
    replaceOn: aws(
      "opensearch_domain",
      ["domainName", "encryptAtRest.kmsKeyId"],
      "adding or removing vpcOptions altogether replaces the domain (decided at diff time); its subnets and security groups change in place",
    ),
    stateful: "the indexes",
    uniqueName: { property: "domainName", auto: true, lower: true },
    api: data.SEARCH_DOMAIN,
    policies: [
      "opensearch-encrypted",
      "opensearch-https",
      "only-edge-in-public-subnets",
      "opensearch-in-vpc",
      "no-public-resource-policy",
    ],
    creation: { p50: 1200, p90: 1800, source: `${WAITER}; 15-20 minutes, up to 30` },
    // https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_DomainStatus.html (ARN)
    outputs: (c) => ({
      endpoint: `vpc-${host(c)}`,
      arn: `arn:aws:es:${c.region}:${c.account}:domain/${inputOr(c, "domainName")}`,
    }),
    price: (r, c) => {
      const i = r.inputs;
      const cluster = (i.clusterConfig ?? {}) as Inputs;
      const count = sizeOf(cluster.instanceCount, 1);
      const masters = cluster.dedicatedMasterEnabled === true ? sizeOf(cluster.dedicatedMasterCount, 3) : 0;
      const ebs = sizeOf(((i.ebsOptions ?? {}) as Inputs).volumeSize, 10);
      const usd =
        c.hourly(String(cluster.instanceType)) * count * H +
        (masters ? c.hourly(String(cluster.dedicatedMasterType)) * masters * H : 0) +
        ebs * count * PRICES.monthly.opensearchGp3Gb;
      return {
        usd,
        basis: `${count} x ${String(cluster.instanceType)}${masters ? ` + ${masters} masters` : ""}, ${ebs} GB each`,
      };
    },
    zoneTier: (r, graph) => {
      const cluster = (r.inputs.clusterConfig ?? {}) as Inputs;
      const base = { resource: r.name };
      const zones = subnetZones(graph, r);
      return cluster.zoneAwarenessEnabled === true && numberOr(cluster.instanceCount, 1) >= 2
        ? {
            ...base,
            tier: `search ${r.name}`,
            placement: "managed",
            zones,
            why: "zone awareness with replicas",
          }
        : { ...base, tier: `search ${r.name}`, placement: "one-of", zones, why: "no zone awareness" };
    },
    diagram: {
      name: "search",
      position: 40,
      text: (domains) => (domains.length > 0 ? "OpenSearch" : undefined),
    },
    size: {
      name: "search",
      position: 50,
      text: ([search]) => {
        const c = search?.inputs?.clusterConfig as Inputs | undefined;
        return search && `${textOr(c?.instanceCount, "1")} x ${textOr(c?.instanceType, "?")}`;
      },
    },
  },
  {
    type: "aws:rds/instance:Instance",
    replaceOn: aws("db_instance", [
      "availabilityZone",
      "backupTarget",
      "characterSetName",
      "customIamInstanceProfile",
      "dbName",
      "engine",
      "identifier",
      "identifierPrefix",
      "kmsKeyId",
      "ncharCharacterSetName",
      "restoreToPointInTime",
      "s3Import",
      "snapshotIdentifier",
      "storageEncrypted",
      "timezone",
      "username",
    ]),
    stateful: "the database",
    uniqueName: { property: "identifier", auto: true, lower: true },
    api: data.DB_INSTANCE,
    policies: ["rds-encrypted", "rds-not-public", "rds-force-ssl"],
    creation: { p50: 600, p90: 900, source: `${WAITER}; single-AZ Postgres 6-10 minutes, up to 15` },
    outputs: (c) => ({
      address: host(c),
      endpoint: `${host(c)}:5432`,
      resourceId: `db-${c.physical}`,
      masterUserSecrets: c.inputs.manageMasterUserPassword
        ? [
            {
              secretArn: `arn:aws:secretsmanager:${c.region}:${c.account}:secret:rds!${c.physical}`,
              secretStatus: "active",
            },
          ]
        : [],
    }),
    creationOf: (i) =>
      i.replicateSourceDb !== undefined ? RDS_REPLICA : i.multiAz === true ? RDS_MULTI_AZ : undefined,
    price: (r, c) => {
      const i = r.inputs;
      const copies = i.multiAz === true ? 2 : 1;
      // A read replica has its source's storage (CreateDBInstanceReadReplica takes no AllocatedStorage:
      // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstanceReadReplica.html).
      const source = related(c.graph, r, "replicateSourceDb", "aws:rds/instance:Instance");
      const storage = sizeOf(i.allocatedStorage, sizeOf(source?.inputs.allocatedStorage, 20));
      const usd =
        c.hourly(String(i.instanceClass)) * copies * H + storage * PRICES.monthly.rdsGp3GbSingleAz * copies;
      return {
        usd,
        basis: `${String(i.instanceClass)}${copies === 2 ? " Multi-AZ" : ""}, ${storage} GB gp3`,
      };
    },
    zoneTier: (r, graph) => {
      const i = r.inputs;
      const base = { resource: r.name };
      if (i.replicateSourceDb !== undefined) {
        return undefined; // replicas add read capacity; the store's availability is the primary's
      }
      return i.multiAz === true
        ? {
            ...base,
            tier: `postgres ${r.name}`,
            placement: "managed",
            zones: groupZones(graph, r, "dbSubnetGroupName"),
            why: "Multi-AZ standby takes over",
          }
        : {
            ...base,
            tier: `postgres ${r.name}`,
            placement: "one-of",
            zones: groupZones(graph, r, "dbSubnetGroupName"),
            why: "single-AZ instance",
          };
    },
    diagram: {
      name: "postgres",
      position: 10,
      text: (dbs) => {
        const i = primaryOf(dbs)?.inputs;
        return i && `Postgres (RDS ${String(i.instanceClass)}${i.multiAz === true ? ", Multi-AZ" : ""})`;
      },
    },
    size: {
      name: "postgres",
      position: 30,
      text: (dbs) => {
        const i = primaryOf(dbs)?.inputs;
        return (
          i &&
          `${String(i.instanceClass)}${i.multiAz === true ? " Multi-AZ" : ""} + ${dbs.length - 1} replica(s)`
        );
      },
    },
  },
  {
    type: "aws:rds/parameterGroup:ParameterGroup",
    unexposed: "engine settings; no endpoint, no resource policy",
    replaceOn: aws("db_parameter_group", ["description", "family", "name", "namePrefix"]),
    api: data.DB_PARAMETER_GROUP,
    policies: ["rds-force-ssl"],
  },
  {
    type: "aws:rds/subnetGroup:SubnetGroup",
    replaceOn: aws("db_subnet_group", ["name", "namePrefix"]),
    api: data.DB_SUBNET_GROUP,
    policies: ["only-edge-in-public-subnets"],
  },
  {
    type: "aws:s3/bucket:Bucket",
    replaceOn: aws("s3_bucket", ["bucket", "bucketNamespace", "bucketPrefix", "objectLockEnabled"]),
    stateful: "objects: content, uploads, trail, Config and access logs, VPN PKI",
    uniqueName: { property: "bucket", auto: true, lower: true },
    api: s3.BUCKET_RULES,
    policies: [
      "s3-bucket-encrypted",
      "s3-bucket-has-tls-policy",
      "s3-public-access-blocked",
      "s3-no-public-acl",
      "no-public-resource-policy",
    ],
    autoName: "bucket",
    outputs: (c) => ({ arn: `arn:aws:s3:::${inputOr(c, "bucket")}` }),
    usage: { quantity: "50 GB stored ($0.023/GB) and 1 M requests", monthlyUsd: 1.65 },
    diagram: {
      name: "s3",
      position: 70,
      text: (buckets) => (buckets.some((b) => /files/.test(b.name)) ? "S3 file storage" : undefined),
    },
  },
  {
    type: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    unexposed: "expiry rules; grants nothing",
    replaceOn: aws("s3_bucket_lifecycle_configuration", ["bucket", "expectedBucketOwner"]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "expiry rules; no exposure or encryption setting",
  },
  {
    type: "aws:s3/bucketLogging:BucketLogging",
    unexposed: "sends access logs to a bucket that is judged; grants nothing",
    replaceOn: aws("s3_bucket_logging", ["bucket", "expectedBucketOwner"]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    policies: ["s3-bucket-encrypted"],
  },
  {
    type: "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
    replaceOn: aws("s3_bucket_object_lock_configuration", ["bucket", "expectedBucketOwner"]),
    unexposed: "a retention setting of a bucket (the bucket and its policy are judged)",
    api: s3.OBJECT_LOCK,
    unruled: "write-once retention of a bucket that is judged",
  },
  {
    type: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    unexposed:
      "enables or disables ACLs; a public ACL is judged by s3-no-public-acl and ignored by the public access block",
    replaceOn: aws("s3_bucket_ownership_controls", ["bucket"]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "disables ACLs; no exposure or encryption setting",
  },
  {
    type: "aws:s3/bucketPolicy:BucketPolicy",
    replaceOn: aws("s3_bucket_policy", ["bucket"]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    policies: ["s3-bucket-policy-denies-http", "no-public-resource-policy"],
  },
  {
    type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    replaceOn: aws("s3_bucket_public_access_block", ["bucket"]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    policies: ["s3-public-access-blocked"],
  },
  {
    type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    unexposed: "encryption settings; grants nothing",
    replaceOn: aws("s3_bucket_server_side_encryption_configuration", ["bucket", "expectedBucketOwner"]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    policies: ["s3-bucket-encrypted"],
  },
  {
    type: "aws:s3/bucketVersioning:BucketVersioning",
    unexposed: "versioning; grants nothing",
    replaceOn: aws("s3_bucket_versioning", ["bucket", "expectedBucketOwner"]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "versioning; no exposure or encryption setting",
  },
];
