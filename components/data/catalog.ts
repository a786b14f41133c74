/**
 * What the data stores can be built from: engines, versions, instance classes and node types, and the
 * AWS and Atlas limits the stack config is validated against. Pure: config validation and the components
 * import these without Pulumi.
 *
 * The class lists are curated (current generations the platform supports), not every type AWS sells:
 * validation rejects a class that does not exist for the engine, and also one the platform does not run
 * (burstable classes too small for Performance Insights and enhanced monitoring).
 */

/** `family.size` names for every family, e.g. `sizes("db.", ["m7g"], ["large"])` gives `db.m7g.large`. */
function classes(
  prefix: string,
  families: readonly string[],
  sizes: readonly string[],
  suffix = "",
): string[] {
  return families.flatMap((f) => sizes.map((s) => `${prefix}${f}.${s}${suffix}`));
}

const UP_TO_16 = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"];
const UP_TO_24 = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge"];
const UP_TO_32 = [...UP_TO_24, "32xlarge"];

// ---------------------------------------------------------------------------------------------------
// RDS for PostgreSQL

/** Major versions of PostgreSQL the platform runs on RDS (the parameter group family is `postgres<major>`). */
export const POSTGRES_MAJOR_VERSIONS = [14, 15, 16, 17] as const;
export type PostgresMajorVersion = (typeof POSTGRES_MAJOR_VERSIONS)[number];

/** DB instance classes RDS offers for PostgreSQL that the platform supports. */
export const POSTGRES_INSTANCE_CLASSES: readonly string[] = [
  ...classes("db.", ["t3", "t4g"], ["medium", "large", "xlarge", "2xlarge"]),
  ...classes("db.", ["m5", "r5"], UP_TO_24),
  ...classes("db.", ["m6g", "r6g", "m7g", "r7g"], UP_TO_16),
  ...classes("db.", ["m6i", "r6i"], UP_TO_32),
];

/** gp3 storage of an RDS for PostgreSQL instance, in GiB (AWS limits). */
export const POSTGRES_STORAGE_GB = { min: 20, max: 65_536 } as const;
/** Automated backups: AWS allows 0..35 days; the platform requires at least 7. */
export const POSTGRES_BACKUP_RETENTION_DAYS = { min: 7, max: 35 } as const;
/** Read replicas of one RDS for PostgreSQL source (AWS quota). */
export const POSTGRES_MAX_READ_REPLICAS = 15;

// ---------------------------------------------------------------------------------------------------
// ElastiCache

export const CACHE_ENGINES = ["valkey", "redis", "memcached"] as const;
export type CacheEngine = (typeof CACHE_ENGINES)[number];

/** The version each engine is created with and its parameter group family. */
export const CACHE_ENGINE_VERSIONS: Readonly<Record<CacheEngine, { version: string; family: string }>> = {
  valkey: { version: "8.0", family: "valkey8" },
  redis: { version: "7.1", family: "redis7" },
  memcached: { version: "1.6.22", family: "memcached1.6" },
};

/** Node types ElastiCache offers for Valkey, Redis OSS and Memcached that the platform supports. */
export const CACHE_NODE_TYPES: readonly string[] = [
  ...classes("cache.", ["t3", "t4g"], ["micro", "small", "medium"]),
  ...classes("cache.", ["m5", "r5"], ["large", "xlarge", "2xlarge", "4xlarge", "12xlarge", "24xlarge"]),
  ...classes("cache.", ["m6g", "r6g", "m7g", "r7g"], UP_TO_16),
];

/** Replicas of a Valkey/Redis node group (AWS limit). */
export const CACHE_MAX_REPLICAS = 5;
/** Daily snapshots kept (AWS allows 0..35; 0 turns snapshots off). */
export const CACHE_SNAPSHOT_RETENTION_DAYS = { min: 0, max: 35 } as const;

// ---------------------------------------------------------------------------------------------------
// MongoDB Atlas

/**
 * Dedicated Atlas cluster tiers on AWS. Network peering needs a dedicated cluster, so the shared and
 * flex tiers (M0, M2, M5, FLEX) are not offered.
 */
export const ATLAS_INSTANCE_SIZES = [
  "M10",
  "M20",
  "M30",
  "M40",
  "M50",
  "M60",
  "M80",
  "M140",
  "M200",
  "M300",
  "R40",
  "R50",
  "R60",
  "R80",
  "R200",
  "R300",
  "R400",
  "R700",
] as const;
export type AtlasInstanceSize = (typeof ATLAS_INSTANCE_SIZES)[number];

/** The Atlas CIDR of a network peering container: /21../24 inside RFC 1918 (Atlas limits). */
export const ATLAS_CIDR_PREFIX = { min: 21, max: 24 } as const;

/** MongoDB major versions Atlas deploys that the platform supports. */
export const ATLAS_MONGODB_VERSIONS = ["7.0", "8.0"] as const;

/** Atlas names regions in upper snake case: `eu-west-1` is `EU_WEST_1`. */
export function atlasRegionName(awsRegion: string): string {
  return awsRegion.toUpperCase().replace(/-/g, "_");
}

// ---------------------------------------------------------------------------------------------------
// OpenSearch

/** Data node instance types OpenSearch Service offers that support encryption at rest and fine-grained access control. */
export const SEARCH_INSTANCE_TYPES: readonly string[] = [
  "t3.medium.search",
  ...classes(
    "",
    ["m6g", "r6g", "c6g"],
    ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge"],
    ".search",
  ),
  ...classes("", ["m7g", "r7g", "c7g"], UP_TO_16, ".search"),
];

/** gp3 volume of one data node, in GiB (the smallest AWS allows; the largest for the supported types). */
export const SEARCH_VOLUME_GB = { min: 10, max: 16_384 } as const;
/** Data nodes of one domain (AWS default quota is 80). */
export const SEARCH_MAX_INSTANCES = 80;
/** The engine version new domains run. */
export const SEARCH_ENGINE_VERSION = "OpenSearch_2.19";

/** Burstable (T) instance types cannot run Auto-Tune. */
export function supportsAutoTune(instanceType: string): boolean {
  return !instanceType.startsWith("t");
}

/** A short list of examples for error messages. */
export function examples(list: readonly string[], count = 4): string {
  return `${list.slice(0, count).join(", ")}, ... (${list.length} in all: components/data/catalog.ts)`;
}
