/**
 * The data stores: Postgres on RDS, MongoDB Atlas, the cache (ElastiCache), file storage, the static
 * site and search (OpenSearch).
 */
import { z } from "zod";

import {
  ATLAS_CIDR_PREFIX,
  ATLAS_INSTANCE_SIZES,
  ATLAS_MONGODB_VERSIONS,
  CACHE_ENGINES,
  CACHE_MAX_REPLICAS,
  CACHE_NODE_TYPES,
  CACHE_SNAPSHOT_RETENTION_DAYS,
  examples,
  POSTGRES_BACKUP_RETENTION_DAYS,
  POSTGRES_INSTANCE_CLASSES,
  POSTGRES_MAJOR_VERSIONS,
  POSTGRES_MAX_READ_REPLICAS,
  POSTGRES_STORAGE_GB,
  SEARCH_INSTANCE_TYPES,
  SEARCH_MAX_INSTANCES,
  SEARCH_VOLUME_GB,
} from "../../components/data/catalog";
import { searchZoneCount } from "../../components/data/search";
import { CLOUDFRONT_PRICE_CLASSES } from "../../components/data/staticSite";
import { isRfc1918, parseCidr } from "../../components/network/cidr";
import { defaultNote } from "./core";
import { ConfigProblem, fullKey, key } from "./engine";
import type { ConfigCheck } from "./index";

// Validated against their lists, but read as plain strings: the stacks hand them on as strings.
const ATLAS_INSTANCE_SIZE: z.ZodType<string> = z.enum(ATLAS_INSTANCE_SIZES);
const ATLAS_MONGODB_VERSION: z.ZodType<string> = z.enum(ATLAS_MONGODB_VERSIONS);
const PRICE_CLASS: z.ZodType<string> = z.enum(CLOUDFRONT_PRICE_CLASSES);

export const DATA_KEYS = {
  postgresMajorVersion: key({
    kind: "integer",
    default: 17,
    schema: z
      .number()
      .int()
      .refine((v) => (POSTGRES_MAJOR_VERSIONS as readonly number[]).includes(v), {
        message: `allowed values: ${POSTGRES_MAJOR_VERSIONS.join(", ")}`,
      })
      .pipe(z.literal(POSTGRES_MAJOR_VERSIONS)), // always passes after the refine; narrows the type
    description: `PostgreSQL major version on RDS (${POSTGRES_MAJOR_VERSIONS.join(", ")}); minor versions upgrade automatically.`,
  }),
  postgresDatabaseName: key({
    kind: "string",
    default: "app",
    schema: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, "1..63 of a-z, 0-9, '_', starting with a letter"),
    description: "Name of the database created in the Postgres instance.",
  }),
  postgresInstanceClass: key({
    kind: "string",
    tierDefault: { dev: "db.t4g.medium", stage: "db.m7g.large", prod: "db.r7g.large" },
    schema: z.string().refine((v) => POSTGRES_INSTANCE_CLASSES.includes(v), {
      message: `not an RDS for PostgreSQL instance class the platform runs; one of ${examples(POSTGRES_INSTANCE_CLASSES)}`,
    }),
    description:
      "RDS instance class of the Postgres primary and its replicas, e.g. db.t4g.medium, db.r7g.large.",
  }),
  postgresAllocatedStorageGb: key({
    kind: "integer",
    tierDefault: { dev: 20, stage: 50, prod: 100 },
    schema: z.number().int().min(POSTGRES_STORAGE_GB.min).max(POSTGRES_STORAGE_GB.max),
    description: `gp3 storage allocated to Postgres at creation, in GiB (${POSTGRES_STORAGE_GB.min}..${POSTGRES_STORAGE_GB.max}).`,
  }),
  postgresMaxAllocatedStorageGb: key({
    kind: "integer",
    tierDefault: { dev: 100, stage: 200, prod: 1000 },
    schema: z.number().int().min(POSTGRES_STORAGE_GB.min).max(POSTGRES_STORAGE_GB.max),
    description: `Ceiling of Postgres storage autoscaling, in GiB (above postgresAllocatedStorageGb, at most ${POSTGRES_STORAGE_GB.max}).`,
  }),
  postgresMultiAz: key({
    kind: "boolean",
    tierDefault: { dev: false, stage: true, prod: true },
    schema: z.boolean(),
    description: "Run the Postgres primary with a synchronous standby in another AZ.",
  }),
  postgresBackupRetentionDays: key({
    kind: "integer",
    tierDefault: { dev: 7, stage: 14, prod: 35 },
    schema: z.number().int().min(POSTGRES_BACKUP_RETENTION_DAYS.min).max(POSTGRES_BACKUP_RETENTION_DAYS.max),
    description: `Days of automated Postgres backups (${POSTGRES_BACKUP_RETENTION_DAYS.min}..${POSTGRES_BACKUP_RETENTION_DAYS.max}).`,
  }),
  postgresReadReplicas: key({
    kind: "integer",
    tierDefault: { dev: 0, stage: 0, prod: 1 },
    schema: z.number().int().min(0).max(POSTGRES_MAX_READ_REPLICAS),
    description: "Postgres read replicas, each in an AZ other than the primary's (at most azCount - 1).",
  }),
  mongodbEnabled: key({
    kind: "boolean",
    default: false,
    schema: z.boolean(),
    description: "Build MongoDB Atlas (a project, a cluster and VPC peering); needs mongodbAtlasOrgId.",
  }),
  mongodbAtlasOrgId: key({
    kind: "string",
    default: "",
    schema: z.string().regex(/^([0-9a-f]{24})?$/, "a MongoDB Atlas organization id (24 hex digits)"),
    description: "Atlas organization the environment's project is created in (required with mongodbEnabled).",
  }),
  mongodbAtlasCidr: key({
    kind: "string",
    default: "192.168.248.0/21",
    schema: z.string(),
    description: `CIDR of the Atlas peering container (/${ATLAS_CIDR_PREFIX.min}../${ATLAS_CIDR_PREFIX.max} in RFC 1918), disjoint from the VPC and every peer.`,
  }),
  mongodbInstanceSize: key({
    kind: "string",
    tierDefault: { dev: "M10", stage: "M20", prod: "M30" },
    schema: ATLAS_INSTANCE_SIZE,
    description: "Atlas cluster tier (dedicated, M10 or larger: network peering needs a dedicated cluster).",
  }),
  mongodbMajorVersion: key({
    kind: "string",
    default: "8.0",
    schema: ATLAS_MONGODB_VERSION,
    description: `MongoDB major version of the Atlas cluster (${ATLAS_MONGODB_VERSIONS.join(", ")}).`,
  }),
  mongodbBackup: key({
    kind: "boolean",
    tierDefault: { dev: false, stage: true, prod: true },
    schema: z.boolean(),
    description: "Atlas cloud backups with point-in-time restore.",
  }),
  cacheEngine: key({
    kind: "string",
    default: "valkey",
    schema: z.enum(CACHE_ENGINES),
    description: "ElastiCache engine: `valkey` or `redis` (replication group) or `memcached` (cluster).",
  }),
  cacheNodeType: key({
    kind: "string",
    tierDefault: { dev: "cache.t4g.micro", stage: "cache.t4g.small", prod: "cache.r7g.large" },
    schema: z.string().refine((v) => CACHE_NODE_TYPES.includes(v), {
      message: `not an ElastiCache node type the platform runs; one of ${examples(CACHE_NODE_TYPES)}`,
    }),
    description: "ElastiCache node type, e.g. cache.t4g.micro, cache.r7g.large.",
  }),
  cacheReplicas: key({
    kind: "integer",
    tierDefault: { dev: 0, stage: 1, prod: 2 },
    schema: z.number().int().min(0).max(CACHE_MAX_REPLICAS),
    description:
      "Replicas of the Valkey/Redis primary (0..5), spread over the AZs; 1 or more turns on Multi-AZ with automatic failover. Memcached: nodes beyond the first.",
  }),
  cacheSnapshotRetentionDays: key({
    kind: "integer",
    tierDefault: { dev: 1, stage: 7, prod: 14 },
    schema: z.number().int().min(CACHE_SNAPSHOT_RETENTION_DAYS.min).max(CACHE_SNAPSHOT_RETENTION_DAYS.max),
    description: `Days of daily Valkey/Redis snapshots kept (${CACHE_SNAPSHOT_RETENTION_DAYS.min}..${CACHE_SNAPSHOT_RETENTION_DAYS.max}; Memcached keeps none).`,
  }),
  fileStorageNoncurrentVersionDays: key({
    kind: "integer",
    tierDefault: { dev: 30, stage: 90, prod: 365 },
    schema: z.number().int().min(1).max(3650),
    description: "Days old versions of objects in the file storage bucket are kept (1..3650).",
  }),
  staticSiteSubdomain: key({
    kind: "string",
    default: "static",
    schema: z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, "one DNS label (a-z, 0-9, '-')"),
    description: "Host of the static site under the environment's domain (`<subdomain>.<domain>`).",
  }),
  staticSiteWaf: key({
    kind: "boolean",
    tierDefault: { dev: false, stage: true, prod: true },
    schema: z.boolean(),
    description:
      "A WAF web ACL (rate limit, AWS managed rules) in front of the static site, with its logs (about $18 a month modeled). Off in dev, to cut its cost: dev's static site serves test content and has no rate limit.",
  }),
  staticSitePriceClass: key({
    kind: "string",
    tierDefault: { dev: "PriceClass_100", stage: "PriceClass_100", prod: "PriceClass_All" },
    schema: PRICE_CLASS,
    description: `CloudFront price class of the static site (${CLOUDFRONT_PRICE_CLASSES.join(", ")}).`,
  }),
  searchEnabled: key({
    kind: "boolean",
    default: false,
    schema: z.boolean(),
    description: "Build the OpenSearch domain.",
  }),
  searchInstanceType: key({
    kind: "string",
    tierDefault: { dev: "t3.medium.search", stage: "m7g.large.search", prod: "r7g.large.search" },
    schema: z.string().refine((v) => SEARCH_INSTANCE_TYPES.includes(v), {
      message: `not an OpenSearch instance type the platform runs; one of ${examples(SEARCH_INSTANCE_TYPES)}`,
    }),
    description: "OpenSearch data node instance type, e.g. t3.medium.search, r7g.large.search.",
  }),
  searchInstanceCount: key({
    kind: "integer",
    tierDefault: { dev: 1, stage: 2, prod: 3 },
    schema: z.number().int().min(1).max(SEARCH_MAX_INSTANCES),
    description: `OpenSearch data nodes (1..${SEARCH_MAX_INSTANCES}); with zone awareness a multiple of 2 or 3.`,
  }),
  searchZoneAwareness: key({
    kind: "boolean",
    tierDefault: { dev: false, stage: true, prod: true },
    schema: z.boolean(),
    description: "Spread OpenSearch data nodes and replicas over 2 or 3 AZs.",
  }),
  searchVolumeGb: key({
    kind: "integer",
    tierDefault: { dev: 10, stage: 20, prod: 100 },
    schema: z.number().int().min(SEARCH_VOLUME_GB.min).max(SEARCH_VOLUME_GB.max),
    description: `gp3 volume per OpenSearch data node, in GiB (${SEARCH_VOLUME_GB.min}..${SEARCH_VOLUME_GB.max}).`,
  }),
  searchDedicatedMasters: key({
    kind: "boolean",
    tierDefault: { dev: false, stage: false, prod: true },
    schema: z.boolean(),
    description: "Three dedicated OpenSearch master nodes (one per AZ).",
  }),
};

/** Postgres: storage autoscaling above the allocation; each replica in an AZ of its own. */
const checkPostgres: ConfigCheck = (draft, raw) => {
  const problems: ConfigProblem[] = [];
  const { postgresAllocatedStorageGb: allocated, postgresMaxAllocatedStorageGb: max } = draft;
  if (allocated !== undefined && max !== undefined && max <= allocated) {
    problems.push({
      key: fullKey("postgresMaxAllocatedStorageGb"),
      message:
        `got ${max}${defaultNote(raw, "postgresMaxAllocatedStorageGb", draft)}; the autoscaling ceiling must be ` +
        `above postgresAllocatedStorageGb (${allocated})`,
    });
  }
  const { postgresReadReplicas: replicas, azCount } = draft;
  if (replicas !== undefined && azCount !== undefined && replicas > azCount - 1) {
    problems.push({
      key: fullKey("postgresReadReplicas"),
      message:
        `got ${replicas}${defaultNote(raw, "postgresReadReplicas", draft)}; each replica sits in an AZ other ` +
        `than the primary's: at most ${azCount - 1} with azCount ${azCount}`,
    });
  }
  return problems;
};

/** Atlas: the container CIDR's own limits (overlaps are checked with every other claim). */
const checkMongodb: ConfigCheck = (draft) => {
  const problems: ConfigProblem[] = [];
  if (draft.mongodbEnabled === true && draft.mongodbAtlasOrgId === "") {
    problems.push({
      key: fullKey("mongodbAtlasOrgId"),
      message:
        "is required with mongodbEnabled: the Atlas organization (24 hex digits) the project is created in",
    });
  }
  if (draft.mongodbAtlasCidr === undefined) {
    return problems;
  }
  const key = fullKey("mongodbAtlasCidr");
  const block = parseCidr(draft.mongodbAtlasCidr);
  if (typeof block === "string") {
    return [...problems, { key, message: block }];
  }
  if (block.prefix < ATLAS_CIDR_PREFIX.min || block.prefix > ATLAS_CIDR_PREFIX.max) {
    problems.push({
      key,
      message: `got "${draft.mongodbAtlasCidr}"; Atlas accepts a /${ATLAS_CIDR_PREFIX.min} to /${ATLAS_CIDR_PREFIX.max} (got /${block.prefix})`,
    });
  }
  if (!isRfc1918(block)) {
    problems.push({
      key,
      message: `got "${draft.mongodbAtlasCidr}"; must lie inside an RFC 1918 range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)`,
    });
  }
  return problems;
};

/** Search: zone awareness needs the data nodes spread evenly over 2 or 3 AZs. */
const checkSearch: ConfigCheck = (draft, raw) => {
  const { searchEnabled, searchZoneAwareness, searchInstanceCount, azCount } = draft;
  if (!searchEnabled || !searchZoneAwareness || searchInstanceCount === undefined || azCount === undefined) {
    return [];
  }
  const zones = searchZoneCount(searchInstanceCount, azCount);
  if (typeof zones === "string") {
    return [
      {
        key: fullKey("searchInstanceCount"),
        message: `got ${searchInstanceCount}${defaultNote(raw, "searchInstanceCount", draft)}; ${zones}`,
      },
    ];
  }
  return [];
};

export const DATA_CHECKS: readonly ConfigCheck[] = [checkPostgres, checkMongodb, checkSearch];
