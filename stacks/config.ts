/**
 * The typed schema of a stack's config, and its validation.
 *
 * Every key lives in the `platform:` namespace. Each is declared once here, with its type, meaning and
 * default: a universal default, a tier default (stacks/profiles.ts), or none (required). Validation runs
 * before any resource is registered and reports every problem at once, each naming the key, the bad value
 * and what is allowed.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import {
  ACCESS_ROLES,
  AccessRole,
  AppTeam,
  PEOPLE_ACCESS_MODES,
  PeopleAccessMode,
} from "../components/access/model";
import { AccountSpec } from "../components/accounts/memberAccount";
import { APP_TEAM_BLOCKS, appTeamBlock } from "../components/compute/priorities";
// Messaging and operator access (issue 6)
import {
  VPN_PROTOCOLS,
  VpnProtocol,
  vpnPortProblem,
  MAX_POOL_PREFIX,
  MIN_POOL_PREFIX,
} from "../components/access/vpnScripts";
import {
  CONFLUENT_CLUSTER_TYPES,
  confluentNetworkCidrProblems,
  confluentReservedOverlap,
  MIN_MULTI_ZONE_CKU,
} from "../components/messaging/confluent";
import {
  CLIENT_NAME,
  KAFKA_PROVIDERS,
  KafkaProviderName,
  kafkaDeclarationProblems,
  MSK_CLIENT_AUTH,
  TOPIC_NAME,
} from "../components/messaging/kafka";
import {
  MAX_MSK_VOLUME_GIB,
  MSK_INSTANCE_TYPE,
  MSK_KAFKA_VERSIONS,
  MSK_MODES,
  MskKafkaVersion,
  MskMode,
  mskBrokerAzs,
} from "../components/messaging/msk";
import { overlappingClaims, parseCidr, isRfc1918, CidrClaim } from "../components/network/cidr";
import { MAX_AZS, MIN_AZS, subnetPlanProblems } from "../components/network/subnets";
import {
  INTERFACE_ENDPOINTS,
  InterfaceEndpoint,
  LOG_RETENTION_DAYS,
  NAT_STRATEGIES,
  NatStrategy,
  TIER_NAMES,
  TIER_PROFILES,
  TierName,
  TierProfile,
} from "./profiles";
import { AZS_PER_REGION, KNOWN_REGIONS } from "./regions";
// data stores (issue 5)
import {
  ATLAS_CIDR_PREFIX,
  ATLAS_INSTANCE_SIZES,
  ATLAS_MONGODB_VERSIONS,
  CACHE_ENGINES,
  CACHE_MAX_REPLICAS,
  CACHE_NODE_TYPES,
  CACHE_SNAPSHOT_RETENTION_DAYS,
  CacheEngine,
  examples,
  POSTGRES_BACKUP_RETENTION_DAYS,
  POSTGRES_INSTANCE_CLASSES,
  POSTGRES_MAJOR_VERSIONS,
  POSTGRES_MAX_READ_REPLICAS,
  POSTGRES_STORAGE_GB,
  PostgresMajorVersion,
  SEARCH_INSTANCE_TYPES,
  SEARCH_MAX_INSTANCES,
  SEARCH_VOLUME_GB,
} from "../components/data/catalog";
import { searchZoneCount } from "../components/data/search";
import { CLOUDFRONT_PRICE_CLASSES } from "../components/data/staticSite";
// Edge and compute (issue 4), service queues (issue 6, item 2).
import { serviceProblems, servicesSchema } from "../components/compute/serviceSpec";
import { cognitoDomainProblem } from "../components/edge/identity";
// Events (issue 11): DynamoDB tables, the event bus and its rules, Lambda functions.
import { tableProblems, tablesSchema, TableConfig } from "../components/data/tableSpec";
import {
  EventRuleConfig,
  eventRulesSchema,
  eventsProblems,
  FunctionConfig,
  functionsSchema,
} from "../components/events/eventsSpec";
// Observability and operations (issue 8).
import {
  BACKUP_RETENTION_DAYS,
  BACKUP_VAULT_LOCK_MODES,
  backupCopyRegionFor,
} from "../components/observability/backup";

/** The namespace of the platform's own keys (the project name). */
export const NAMESPACE = "platform";

/** How a key's value is written in YAML; also the `type` Pulumi.yaml can declare. */
export type ConfigKind = "string" | "integer" | "boolean" | "array" | "object";

export interface KeySpec {
  readonly kind: ConfigKind;
  /** For arrays of scalars: the item type, as Pulumi.yaml declares it. */
  readonly items?: "string" | "integer";
  readonly schema: z.ZodType;
  readonly description: string;
  /** The stack must set the key. */
  readonly required?: true;
  /** Universal default, the same for every tier (declared in Pulumi.yaml). */
  readonly default?: unknown;
  /** The default comes from the tier profile of the same name. */
  readonly tierDefault?: true;
  /** The value is a secret: set with `pulumi config set --secret`, read as a secret output. */
  readonly secret?: true;
}

const EMAIL = z.email({ error: "expected an email address such as ops@example.com" });
const NAME = /^[a-z][a-z0-9-]*[a-z0-9]$/;

// Messaging and operator access (issue 6): item schemas of the Kafka and VPN keys.
/** An IPv4 CIDR block, syntax only (ranges and overlaps are cross-key checks). */
const CIDR = z.string().superRefine((value, ctx) => {
  const parsed = parseCidr(value);
  if (typeof parsed === "string") {
    ctx.addIssue({ code: "custom", message: parsed });
  }
});
const KAFKA_TOPIC = z.strictObject({
  name: z
    .string()
    .regex(TOPIC_NAME, "a topic name: 1..249 of a-z, 0-9, '.', '_', '-', starting with a letter or digit"),
  partitions: z.number().int().min(1).max(1000).default(6),
  retentionHours: z
    .number()
    .int()
    .min(-1)
    .max(87600)
    .refine((h) => h !== 0, "0 keeps nothing; use -1 (forever) or at least 1")
    .default(168),
  cleanupPolicy: z.enum(["delete", "compact"]).default("delete"),
});
const KAFKA_CLIENT = z.strictObject({
  name: z
    .string()
    .regex(
      CLIENT_NAME,
      "a client name: 2..32 of a-z, 0-9, '-', starting with a letter (usually the service's name)",
    ),
  read: z.array(z.string()).default([]),
  write: z.array(z.string()).default([]),
  auth: z.enum(MSK_CLIENT_AUTH).optional(),
});

/** Every key a stack can set. Adding a key here makes it valid config; tests check Pulumi.yaml and the docs. */
export const CONFIG_KEYS = {
  tier: {
    kind: "string",
    required: true,
    schema: z.enum(TIER_NAMES),
    description:
      "Tier of the environment; picks the defaults of every tier-dependent key (dev, stage, prod).",
  },
  namePrefix: {
    kind: "string",
    default: "platform",
    schema: z
      .string()
      .min(2)
      .max(12)
      .regex(NAME, "lower-case letters, digits and hyphens, starting with a letter"),
    description: "Prefix of physical resource names (2..12 characters: a-z, 0-9, '-').",
  },
  owner: {
    kind: "string",
    required: true,
    schema: z.string().min(1).max(128),
    description: "Team that owns the environment; tagged on every resource as `owner`.",
  },
  costCentre: {
    kind: "string",
    required: true,
    schema: z.string().min(1).max(128),
    description: "Cost centre billed for the environment; tagged on every resource as `cost-centre`.",
  },
  domain: {
    kind: "string",
    required: true,
    schema: z
      .string()
      .regex(
        /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
        "a lower-case DNS name such as dev.example.com",
      ),
    description: "DNS domain of the environment (public hosted zone), for example `dev.example.com`.",
  },
  alertEmails: {
    kind: "array",
    items: "string",
    required: true,
    schema: z.array(EMAIL).min(1).max(10),
    description: "Email addresses that receive budget and platform alerts (1..10).",
  },
  accountEmail: {
    kind: "string",
    schema: EMAIL,
    description:
      "Root email of the member account to create in the Organization. Set this or `accountId`, not both.",
  },
  accountId: {
    kind: "string",
    schema: z.string().regex(/^\d{12}$/, "12 digits"),
    description:
      "Id of an existing member account to adopt instead of creating one. Set this or `accountEmail`.",
  },
  accountName: {
    kind: "string",
    schema: z.string().min(1).max(50),
    description: "Name of the member account to create (default `<namePrefix>-<stack>`).",
  },
  organizationalUnitId: {
    kind: "string",
    schema: z
      .string()
      .regex(
        /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/,
        "an OU id (ou-xxxx-xxxxxxxx) or root id (r-xxxx)",
      ),
    description:
      "Organizational unit (or root) the created account is placed in. Required with `accountEmail`.",
  },
  accountAccessRole: {
    kind: "string",
    default: "OrganizationAccountAccessRole",
    schema: z.string().regex(/^[\w+=,.@-]{1,64}$/, "an IAM role name (1..64 of A-Z a-z 0-9 +=,.@_-)"),
    description: "Role in the member account that the stack's credentials assume to build the environment.",
  },
  // Access model (issue 10): CI identity, people, app teams, guardrails
  githubRepository: {
    kind: "string",
    default: "acme-platform/platform",
    schema: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,39}\/[A-Za-z0-9_.-]{1,100}$/, "a GitHub repository as owner/name"),
    description: "GitHub repository (owner/name) whose workflows may preview and deploy this project.",
  },
  assumeAccessRole: {
    kind: "boolean",
    default: true,
    schema: z.boolean(),
    description:
      "Build the member account through its access role (true: the stack runs with management credentials) or with the ambient credentials as they are (false: CI already holds the member account's deploy role).",
  },
  managementRoleArn: {
    kind: "string",
    schema: z.string().regex(/^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, "an IAM role ARN"),
    description:
      "Role in the management account that Organization-level resources (the account, its SCPs, Identity Center) are managed through. Default: the ambient credentials.",
  },
  securityAccountId: {
    kind: "string",
    required: true,
    schema: z.string().regex(/^\d{12}$/, "12 digits"),
    description:
      "Account of the security team: trusted (with MFA) by the break-glass role, the auditor role and the people roles.",
  },
  peopleAccess: {
    kind: "string",
    default: "identityCenter",
    schema: z.enum(PEOPLE_ACCESS_MODES),
    description:
      "How people reach the environment: `identityCenter` permission sets, or `crossAccountRoles` trusting the security account with MFA.",
  },
  identityCenterInstanceArn: {
    kind: "string",
    schema: z
      .string()
      .regex(
        /^arn:aws:sso:::instance\/ssoins-[0-9a-f]{16}$/,
        "an Identity Center instance ARN (arn:aws:sso:::instance/ssoins-...)",
      ),
    description: "Identity Center instance of the Organization. Required with peopleAccess identityCenter.",
  },
  identityStoreId: {
    kind: "string",
    schema: z.string().regex(/^d-[0-9a-f]{10}$/, "an identity store id (d-xxxxxxxxxx)"),
    description: "Identity store of the Identity Center instance. Required with peopleAccess identityCenter.",
  },
  accessGroups: {
    kind: "object",
    default: {
      administrators: "platform-admins",
      developers: "developers",
      oncall: "oncall",
      auditors: "security-auditors",
    },
    schema: z.strictObject(
      Object.fromEntries(ACCESS_ROLES.map((r) => [r, z.string().trim().min(1, "a group name")])) as Record<
        AccessRole,
        z.ZodString
      >,
    ),
    description: `Identity Center group (display name) for each role: ${ACCESS_ROLES.join(", ")}.`,
  },
  sessionDurationHours: {
    kind: "integer",
    tierDefault: true,
    schema: z.number().int().min(1).max(12),
    description: "Session length of people's roles and permission sets, in hours (1..12, AWS's limits).",
  },
  appTeams: {
    kind: "array",
    default: [],
    schema: z.array(
      z.strictObject({
        name: z.string().regex(/^[a-z][a-z0-9-]{1,20}$/, "2..21 of a-z, 0-9, '-', starting with a letter"),
        repository: z
          .string()
          .regex(/^[A-Za-z0-9_.-]{1,39}\/[A-Za-z0-9_.-]{1,100}$/, "a GitHub repository as owner/name"),
        listenerPriorityBlock: z
          .number()
          .int()
          .min(0)
          .max(APP_TEAM_BLOCKS - 1)
          .optional(),
      }),
    ),
    description:
      "App teams that deploy services onto the platform: each gets its own permissions boundary, a role its repository's workflows assume and a block of listener-rule slots on the internal ALB (listenerPriorityBlock, 0..24, derived from the name by default).",
  },
  allowedRegions: {
    kind: "array",
    items: "string",
    schema: z.array(z.enum(KNOWN_REGIONS as [string, ...string[]])).min(1),
    description:
      "Regions the account may use (a service control policy denies the others; in us-east-1, where the static site's certificate and edge logs and the break-glass forwarding live, only the platform's deploy and access roles may act unless it is listed). Default: the stack's region, and the region of the backup copies when backupCrossRegionCopy is on.",
  },
  vpcCidr: {
    kind: "string",
    required: true,
    schema: z.string(),
    description:
      "IPv4 CIDR of the VPC, /16 to /22, inside RFC 1918 and disjoint from every other environment and peer.",
  },
  azCount: {
    kind: "integer",
    tierDefault: true,
    schema: z.number().int().min(MIN_AZS).max(MAX_AZS),
    description: `Availability Zones the VPC spans (${MIN_AZS}..${MAX_AZS}, and no more than the region has).`,
  },
  natGateways: {
    kind: "string",
    tierDefault: true,
    schema: z.enum(NAT_STRATEGIES),
    description: "NAT gateways: `perAz` (one per AZ, survives an AZ loss) or `single` (cheaper).",
  },
  interfaceEndpoints: {
    kind: "array",
    items: "string",
    tierDefault: true,
    schema: z
      .array(z.enum(INTERFACE_ENDPOINTS))
      .refine((a) => new Set(a).size === a.length, "each endpoint once"),
    description: `Interface VPC endpoints in the private tier, any of: ${INTERFACE_ENDPOINTS.join(", ")}.`,
  },
  logRetentionDays: {
    kind: "integer",
    tierDefault: true,
    schema: z.union(LOG_RETENTION_DAYS.map((d) => z.literal(d))),
    description:
      "Retention of every CloudWatch log group, in days (a value CloudWatch accepts, e.g. 14, 30, 365).",
  },
  trailRetentionDays: {
    kind: "integer",
    tierDefault: true,
    schema: z.number().int().min(1).max(3653),
    description: "Days CloudTrail log files are kept in the trail bucket (1..3653).",
  },
  kmsDeletionWindowDays: {
    kind: "integer",
    tierDefault: true,
    schema: z.number().int().min(7).max(30),
    description: "Waiting period before a deleted KMS key is destroyed, in days (7..30).",
  },
  protectStatefulResources: {
    kind: "boolean",
    tierDefault: true,
    schema: z.boolean(),
    description:
      "Mark keys, data buckets and databases `protect` so that `pulumi destroy` cannot remove them.",
  },
  budgetMonthlyUsd: {
    kind: "integer",
    tierDefault: true,
    schema: z.number().int().min(1).max(10_000_000),
    description: "Monthly cost budget of the member account in USD; alerts at 80% actual and 100% forecast.",
  },

  // data stores (issue 5): Postgres, MongoDB Atlas, cache, file storage, static site, search
  postgresMajorVersion: {
    kind: "integer",
    default: 17,
    schema: z
      .number()
      .int()
      .refine((v) => (POSTGRES_MAJOR_VERSIONS as readonly number[]).includes(v), {
        message: `allowed values: ${POSTGRES_MAJOR_VERSIONS.join(", ")}`,
      }),
    description: `PostgreSQL major version on RDS (${POSTGRES_MAJOR_VERSIONS.join(", ")}); minor versions upgrade automatically.`,
  },
  postgresDatabaseName: {
    kind: "string",
    default: "app",
    schema: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, "1..63 of a-z, 0-9, '_', starting with a letter"),
    description: "Name of the database created in the Postgres instance.",
  },
  postgresInstanceClass: {
    kind: "string",
    tierDefault: true,
    schema: z.string().refine((v) => POSTGRES_INSTANCE_CLASSES.includes(v), {
      message: `not an RDS for PostgreSQL instance class the platform runs; one of ${examples(POSTGRES_INSTANCE_CLASSES)}`,
    }),
    description:
      "RDS instance class of the Postgres primary and its replicas, e.g. db.t4g.medium, db.r7g.large.",
  },
  postgresAllocatedStorageGb: {
    kind: "integer",
    tierDefault: true,
    schema: z.number().int().min(POSTGRES_STORAGE_GB.min).max(POSTGRES_STORAGE_GB.max),
    description: `gp3 storage allocated to Postgres at creation, in GiB (${POSTGRES_STORAGE_GB.min}..${POSTGRES_STORAGE_GB.max}).`,
  },
  postgresMaxAllocatedStorageGb: {
    kind: "integer",
    tierDefault: true,
    schema: z.number().int().min(POSTGRES_STORAGE_GB.min).max(POSTGRES_STORAGE_GB.max),
    description: `Ceiling of Postgres storage autoscaling, in GiB (above postgresAllocatedStorageGb, at most ${POSTGRES_STORAGE_GB.max}).`,
  },
  postgresMultiAz: {
    kind: "boolean",
    tierDefault: true,
    schema: z.boolean(),
    description: "Run the Postgres primary with a synchronous standby in another AZ.",
  },
  postgresBackupRetentionDays: {
    kind: "integer",
    tierDefault: true,
    schema: z.number().int().min(POSTGRES_BACKUP_RETENTION_DAYS.min).max(POSTGRES_BACKUP_RETENTION_DAYS.max),
    description: `Days of automated Postgres backups (${POSTGRES_BACKUP_RETENTION_DAYS.min}..${POSTGRES_BACKUP_RETENTION_DAYS.max}).`,
  },
  postgresReadReplicas: {
    kind: "integer",
    tierDefault: true,
    schema: z.number().int().min(0).max(POSTGRES_MAX_READ_REPLICAS),
    description: "Postgres read replicas, each in an AZ other than the primary's (at most azCount - 1).",
  },
  mongodbEnabled: {
    kind: "boolean",
    default: false,
    schema: z.boolean(),
    description: "Build MongoDB Atlas (a project, a cluster and VPC peering); needs mongodbAtlasOrgId.",
  },
  mongodbAtlasOrgId: {
    kind: "string",
    default: "",
    schema: z.string().regex(/^([0-9a-f]{24})?$/, "a MongoDB Atlas organization id (24 hex digits)"),
    description: "Atlas organization the environment's project is created in (required with mongodbEnabled).",
  },
  mongodbAtlasCidr: {
    kind: "string",
    default: "192.168.248.0/21",
    schema: z.string(),
    description: `CIDR of the Atlas peering container (/${ATLAS_CIDR_PREFIX.min}../${ATLAS_CIDR_PREFIX.max} in RFC 1918), disjoint from the VPC and every peer.`,
  },
  mongodbInstanceSize: {
    kind: "string",
    tierDefault: true,
    schema: z.enum(ATLAS_INSTANCE_SIZES),
    description: "Atlas cluster tier (dedicated, M10 or larger: network peering needs a dedicated cluster).",
  },
  mongodbMajorVersion: {
    kind: "string",
    default: "8.0",
    schema: z.enum(ATLAS_MONGODB_VERSIONS),
    description: `MongoDB major version of the Atlas cluster (${ATLAS_MONGODB_VERSIONS.join(", ")}).`,
  },
  mongodbBackup: {
    kind: "boolean",
    tierDefault: true,
    schema: z.boolean(),
    description: "Atlas cloud backups with point-in-time restore.",
  },
  cacheEngine: {
    kind: "string",
    default: "valkey",
    schema: z.enum(CACHE_ENGINES),
    description: "ElastiCache engine: `valkey` or `redis` (replication group) or `memcached` (cluster).",
  },
  cacheNodeType: {
    kind: "string",
    tierDefault: true,
    schema: z.string().refine((v) => CACHE_NODE_TYPES.includes(v), {
      message: `not an ElastiCache node type the platform runs; one of ${examples(CACHE_NODE_TYPES)}`,
    }),
    description: "ElastiCache node type, e.g. cache.t4g.micro, cache.r7g.large.",
  },
  cacheReplicas: {
    kind: "integer",
    tierDefault: true,
    schema: z.number().int().min(0).max(CACHE_MAX_REPLICAS),
    description:
      "Replicas of the Valkey/Redis primary (0..5), spread over the AZs; 1 or more turns on Multi-AZ with automatic failover. Memcached: nodes beyond the first.",
  },
  cacheSnapshotRetentionDays: {
    kind: "integer",
    tierDefault: true,
    schema: z.number().int().min(CACHE_SNAPSHOT_RETENTION_DAYS.min).max(CACHE_SNAPSHOT_RETENTION_DAYS.max),
    description: `Days of daily Valkey/Redis snapshots kept (${CACHE_SNAPSHOT_RETENTION_DAYS.min}..${CACHE_SNAPSHOT_RETENTION_DAYS.max}; Memcached keeps none).`,
  },
  fileStorageNoncurrentVersionDays: {
    kind: "integer",
    tierDefault: true,
    schema: z.number().int().min(1).max(3650),
    description: "Days old versions of objects in the file storage bucket are kept (1..3650).",
  },
  staticSiteSubdomain: {
    kind: "string",
    default: "static",
    schema: z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, "one DNS label (a-z, 0-9, '-')"),
    description: "Host of the static site under the environment's domain (`<subdomain>.<domain>`).",
  },
  staticSitePriceClass: {
    kind: "string",
    tierDefault: true,
    schema: z.enum(CLOUDFRONT_PRICE_CLASSES),
    description: `CloudFront price class of the static site (${CLOUDFRONT_PRICE_CLASSES.join(", ")}).`,
  },
  searchEnabled: {
    kind: "boolean",
    default: false,
    schema: z.boolean(),
    description: "Build the OpenSearch domain.",
  },
  searchInstanceType: {
    kind: "string",
    tierDefault: true,
    schema: z.string().refine((v) => SEARCH_INSTANCE_TYPES.includes(v), {
      message: `not an OpenSearch instance type the platform runs; one of ${examples(SEARCH_INSTANCE_TYPES)}`,
    }),
    description: "OpenSearch data node instance type, e.g. t3.medium.search, r7g.large.search.",
  },
  searchInstanceCount: {
    kind: "integer",
    tierDefault: true,
    schema: z.number().int().min(1).max(SEARCH_MAX_INSTANCES),
    description: `OpenSearch data nodes (1..${SEARCH_MAX_INSTANCES}); with zone awareness a multiple of 2 or 3.`,
  },
  searchZoneAwareness: {
    kind: "boolean",
    tierDefault: true,
    schema: z.boolean(),
    description: "Spread OpenSearch data nodes and replicas over 2 or 3 AZs.",
  },
  searchVolumeGb: {
    kind: "integer",
    tierDefault: true,
    schema: z.number().int().min(SEARCH_VOLUME_GB.min).max(SEARCH_VOLUME_GB.max),
    description: `gp3 volume per OpenSearch data node, in GiB (${SEARCH_VOLUME_GB.min}..${SEARCH_VOLUME_GB.max}).`,
  },
  searchDedicatedMasters: {
    kind: "boolean",
    tierDefault: true,
    schema: z.boolean(),
    description: "Three dedicated OpenSearch master nodes (one per AZ).",
  },
  // -------------------------------------------------------------------------------------------------
  // Messaging and operator access (issue 6): Kafka on Amazon MSK or Confluent Cloud, the OpenVPN server.
  kafkaProvider: {
    kind: "string",
    default: "none",
    schema: z.enum(KAFKA_PROVIDERS),
    description: "Kafka of the environment: `msk` (Amazon MSK), `confluent` (Confluent Cloud) or `none`.",
  },
  kafkaTopics: {
    kind: "array",
    tierDefault: true,
    schema: z.array(KAFKA_TOPIC).max(200),
    description:
      "Kafka topics to create: a list of {name, partitions (default 6), retentionHours (default 168; -1 keeps forever), cleanupPolicy (delete or compact)}.",
  },
  kafkaClients: {
    kind: "array",
    tierDefault: true,
    schema: z.array(KAFKA_CLIENT).max(100),
    description:
      "Kafka clients, one per service: a list of {name, read: [topics], write: [topics], auth (MSK only: iam; scram is refused, since IAM policies are what limit a client to its topics)}. Each gets credentials and a grant limited to its topics and its consumer groups (`<name>`, `<name>.*`).",
  },
  mskMode: {
    kind: "string",
    default: "provisioned",
    schema: z.enum(MSK_MODES),
    description:
      "MSK cluster type: `provisioned` brokers, or `serverless` (pay per use, IAM only; MSK Serverless offers no customer-managed key, so the environment key does not encrypt it).",
  },
  mskKafkaVersion: {
    kind: "string",
    default: "3.8.x",
    schema: z.enum(MSK_KAFKA_VERSIONS),
    description: `Kafka version of a provisioned MSK cluster (${MSK_KAFKA_VERSIONS.join(", ")}).`,
  },
  mskInstanceType: {
    kind: "string",
    tierDefault: true,
    schema: z
      .string()
      .regex(
        MSK_INSTANCE_TYPE,
        "a standard MSK broker type: kafka.t3.small, kafka.m5.<size> or kafka.m7g.<size>",
      ),
    description: "Broker instance type of a provisioned MSK cluster, for example `kafka.m7g.large`.",
  },
  mskBrokerCount: {
    kind: "integer",
    tierDefault: true,
    schema: z.number().int().min(2).max(30),
    description:
      "Brokers of a provisioned MSK cluster (2..30): a multiple of the AZs they spread over (azCount, at most 3); at least 3 in prod.",
  },
  mskVolumeGiB: {
    kind: "integer",
    tierDefault: true,
    schema: z.number().int().min(1).max(MAX_MSK_VOLUME_GIB),
    description: `EBS data volume per MSK broker at creation, in GiB (1..${MAX_MSK_VOLUME_GIB}).`,
  },
  mskMaxVolumeGiB: {
    kind: "integer",
    tierDefault: true,
    schema: z.number().int().min(1).max(MAX_MSK_VOLUME_GIB),
    description: `Largest volume per broker that storage autoscaling may grow to, in GiB (mskVolumeGiB..${MAX_MSK_VOLUME_GIB}; equal turns autoscaling off).`,
  },
  confluentClusterType: {
    kind: "string",
    tierDefault: true,
    schema: z.enum(CONFLUENT_CLUSTER_TYPES),
    description:
      "Confluent Cloud cluster type: `basic` or `standard` (reached over TLS) or `dedicated` (peered with the VPC).",
  },
  confluentCku: {
    kind: "integer",
    tierDefault: true,
    schema: z.number().int().min(1).max(100),
    description: `CKUs of a dedicated Confluent cluster (at least ${MIN_MULTI_ZONE_CKU}: it runs in three zones).`,
  },
  confluentNetworkCidr: {
    kind: "string",
    tierDefault: true,
    schema: CIDR,
    description:
      "The /16 of a dedicated Confluent cluster's network, peered with the VPC; disjoint from the VPC, every peer and Confluent's reserved blocks.",
  },
  vpn: {
    kind: "boolean",
    default: false,
    schema: z.boolean(),
    description: "Run the operators' OpenVPN server (the only instance in a public subnet).",
  },
  vpnPort: {
    kind: "integer",
    default: 1194,
    schema: z.number().int().min(1).max(65535),
    description:
      "Port the OpenVPN server listens on; must not collide with another listener of the server (22, 53, 7505, ...).",
  },
  vpnProtocol: {
    kind: "string",
    default: "udp",
    schema: z.enum(VPN_PROTOCOLS),
    description: "Transport of the OpenVPN server: `udp` or `tcp`.",
  },
  vpnAllowedCidrs: {
    kind: "array",
    items: "string",
    default: [],
    schema: z.array(CIDR).max(50),
    description: "Source IPv4 CIDRs admitted to the VPN port (at least one when vpn is on; up to 50).",
  },
  vpnClientPool: {
    kind: "string",
    default: "10.250.0.0/22",
    schema: CIDR,
    description: `Tunnel addresses of VPN clients (RFC 1918, /${MIN_POOL_PREFIX}../${MAX_POOL_PREFIX}); disjoint from the VPC and every peer.`,
  },
  vpnInstanceType: {
    kind: "string",
    default: "t4g.small",
    schema: z
      .string()
      .regex(
        /^[a-z]+[0-9]+g[a-z]*\.[a-z0-9]+$/,
        "an ARM (Graviton) instance type such as t4g.small or c7g.medium",
      ),
    description:
      "Instance type of the OpenVPN server: an ARM (Graviton) type, since it boots the ARM Amazon Linux image.",
  },
  // Edge and compute (issue 4) and service queues (issue 6, item 2): DNS, load balancers, WAF,
  // identity, the partner API, the ECS cluster and the services with their queues.
  publicHostedZone: {
    kind: "string",
    default: "create",
    schema: z
      .string()
      .regex(/^(create|Z[A-Z0-9]{5,32})$/, "create, or the id of an existing public hosted zone (Z...)"),
    description:
      "Public hosted zone of `domain`: `create` one (then delegate it from the parent zone), or the id of an existing zone to adopt.",
  },
  wafRateLimit: {
    kind: "integer",
    default: 2000,
    schema: z.number().int().min(10).max(2_000_000_000),
    description:
      "Requests one client IP may send in 5 minutes before the public WAF blocks it (10..2000000000).",
  },
  albDeletionProtection: {
    kind: "boolean",
    tierDefault: true,
    schema: z.boolean(),
    description: "Turn on deletion protection of the public and internal load balancers.",
  },
  partnerApi: {
    kind: "boolean",
    default: false,
    schema: z.boolean(),
    description:
      "Create the partner API: an API Gateway HTTP API on `partners.<domain>` with a JWT authorizer, throttling and a VPC link to the internal ALB.",
  },
  partnerApiRateLimit: {
    kind: "integer",
    default: 100,
    schema: z.number().int().min(1).max(10000),
    description: "Steady requests per second the partner API accepts across all partners (1..10000).",
  },
  partnerApiBurstLimit: {
    kind: "integer",
    default: 200,
    schema: z.number().int().min(1).max(5000),
    description: "Burst of requests the partner API accepts across all partners (1..5000).",
  },
  fargateBaseTasks: {
    kind: "integer",
    tierDefault: true,
    schema: z.number().int().min(0).max(100),
    description:
      "Tasks of each service that always run on regular Fargate before any go to Fargate Spot (0..100).",
  },
  fargateSpotPercent: {
    kind: "integer",
    tierDefault: true,
    schema: z.number().int().min(0).max(100),
    description:
      "Share of each service's tasks beyond the base that run on Fargate Spot, in percent (0..100).",
  },
  ecsExec: {
    kind: "boolean",
    tierDefault: true,
    schema: z.boolean(),
    description:
      "Allow ECS Exec into service tasks; sessions are encrypted with the environment key and logged.",
  },
  defaultMinTasks: {
    kind: "integer",
    tierDefault: true,
    schema: z.number().int().min(1).max(100),
    description: "Tasks an api or worker service keeps at least unless it sets `minTasks` (1..100).",
  },
  services: {
    kind: "array",
    tierDefault: true,
    schema: servicesSchema,
    description:
      "Services the environment runs: name, modes (api, worker, cron), image, paths, sizes, schedules, queues, secrets. See the README.",
  },
  // Events (issue 11): DynamoDB tables, the environment's event bus and its rules, Lambda functions.
  tables: {
    kind: "array",
    default: [],
    schema: tablesSchema,
    description:
      "DynamoDB tables: a list of {name, attributes {name: S|N|B}, hashKey, rangeKey, indexes [{name, hashKey, rangeKey, projection}], billingMode, ttlAttribute}. Encrypted with the environment key, point-in-time recovery on.",
  },
  dynamodbRecoveryPeriodDays: {
    kind: "integer",
    tierDefault: true,
    schema: z.number().int().min(1).max(35),
    description: "Days of continuous backups each DynamoDB table keeps for point-in-time recovery (1..35).",
  },
  eventBus: {
    kind: "boolean",
    default: false,
    schema: z.boolean(),
    description:
      "Create the environment's EventBridge bus (encrypted, limited to the account, archived); needed by eventRules and by `eventBus: put` grants.",
  },
  eventArchiveRetentionDays: {
    kind: "integer",
    tierDefault: true,
    schema: z.number().int().min(1).max(3653),
    description: "Days the event bus's archive keeps every event for replays (1..3653).",
  },
  eventRules: {
    kind: "array",
    default: [],
    schema: eventRulesSchema,
    description:
      "Rules on the environment's bus: a list of {name, pattern (a JSON event pattern), targets [{queue: <service>/<queue>} | {function: <name>}], retryAttempts, maxEventAgeSeconds}; each rule dead-letters to its own queue.",
  },
  functions: {
    kind: "array",
    default: [],
    schema: functionsSchema,
    description:
      "Lambda functions: a list of {name, code (bundled | s3 {bucket, key} | image <service>:<tag>), runtime, handler, memory (128..10240), timeout (1..900), reservedConcurrency, environment, tables, eventBus, schedules, queue}. See the README.",
  },
  // Observability and operations (issue 8): the alert topic's HTTPS subscriber, the thresholds of the
  // alarms every component raises, and AWS Backup.
  alertWebhookUrl: {
    kind: "string",
    secret: true,
    schema: z
      .string()
      .max(2048)
      .regex(
        /^https:\/\/[a-z0-9.-]+(:\d+)?(\/\S*)?$/i,
        "an https:// URL of a chat or paging tool that confirms SNS subscriptions itself (PagerDuty, Opsgenie)",
      ),
    description:
      "HTTPS endpoint of a chat or paging tool subscribed to the alert topic (it must confirm SNS subscriptions itself, as PagerDuty and Opsgenie do). A secret: set it with --secret. Default: none.",
  },
  alarmAlb5xxPercent: {
    kind: "integer",
    tierDefault: true,
    schema: z.number().int().min(1).max(100),
    description:
      "Alarm when more than this share of a load balancer's requests are answered 5xx, in percent (1..100).",
  },
  alarmAlbResponseTimeMs: {
    kind: "integer",
    tierDefault: true,
    schema: z.number().int().min(10).max(60000),
    description:
      "Alarm when the 95th percentile of a load balancer's target response time exceeds this, in ms (10..60000).",
  },
  alarmCpuPercent: {
    kind: "integer",
    tierDefault: true,
    schema: z.number().int().min(1).max(100),
    description:
      "Alarm when an ECS service, the database or a cache node stays above this CPU, in percent (1..100).",
  },
  alarmMemoryPercent: {
    kind: "integer",
    tierDefault: true,
    schema: z.number().int().min(1).max(100),
    description:
      "Alarm when an ECS service or a Valkey/Redis node stays above this memory, in percent (1..100).",
  },
  alarmReplicaLagSeconds: {
    kind: "integer",
    tierDefault: true,
    schema: z.number().int().min(1).max(86400),
    description:
      "Alarm when a Postgres read replica or a cache replica lags by more than this, in seconds (1..86400).",
  },
  alarmDbConnectionsPercent: {
    kind: "integer",
    tierDefault: true,
    schema: z.number().int().min(1).max(100),
    description:
      "Alarm when Postgres connections exceed this share of the instance class's default max_connections, in percent (1..100).",
  },
  alarmCacheEvictions: {
    kind: "integer",
    tierDefault: true,
    schema: z.number().int().min(0).max(1_000_000_000),
    description: "Alarm when a cache node evicts more keys than this in 5 minutes (0..1000000000).",
  },
  alarmQueueAgeSeconds: {
    kind: "integer",
    tierDefault: true,
    schema: z.number().int().min(60).max(1_209_600),
    description: "Alarm when a queue's oldest message is older than this, in seconds (60..1209600).",
  },
  alarmWafBlockedRequests: {
    kind: "integer",
    tierDefault: true,
    schema: z.number().int().min(1).max(2_000_000_000),
    description: "Alarm when the public WAF blocks more requests than this in 5 minutes (1..2000000000).",
  },
  backupRetentionDays: {
    kind: "integer",
    tierDefault: true,
    schema: z.number().int().min(BACKUP_RETENTION_DAYS.min).max(BACKUP_RETENTION_DAYS.max),
    description: `Days each daily AWS Backup recovery point (and its copy) is kept (${BACKUP_RETENTION_DAYS.min}..${BACKUP_RETENTION_DAYS.max}); with a vault lock, also the least it is kept.`,
  },
  backupVaultLock: {
    kind: "string",
    tierDefault: true,
    schema: z.enum(BACKUP_VAULT_LOCK_MODES),
    description:
      "Lock of the backup vaults: `none`, `governance` (privileged users may lift it) or `compliance` (immutable 3 days after it is set: no one can delete a recovery point before its retention ends).",
  },
  backupCrossRegionCopy: {
    kind: "boolean",
    tierDefault: true,
    schema: z.boolean(),
    description: "Copy every recovery point to a vault in backupCopyRegion (required with it).",
  },
  backupCopyRegion: {
    kind: "string",
    schema: z.enum(KNOWN_REGIONS as [string, ...string[]]),
    description:
      "Region backups are copied to with backupCrossRegionCopy: not the stack's own, and one of allowedRegions when those are set. Default: the partner region in the same jurisdiction (eu-west-1: eu-central-1, us-east-1: us-west-2, ...).",
  },
} as const satisfies Record<string, KeySpec>;

export type ConfigKey = keyof typeof CONFIG_KEYS;

/** The resolved, validated config of one environment. */
export interface StackConfig extends TierProfile {
  /** Stack name, used as the environment name. */
  env: string;
  region: string;
  tier: TierName;
  namePrefix: string;
  owner: string;
  costCentre: string;
  domain: string;
  alertEmails: string[];
  account: AccountSpec;
  // Access model (issue 10)
  githubRepository: string;
  assumeAccessRole: boolean;
  managementRoleArn?: string;
  securityAccountId: string;
  peopleAccess: PeopleAccessMode;
  identityCenterInstanceArn?: string;
  identityStoreId?: string;
  accessGroups: Record<AccessRole, string>;
  appTeams: AppTeam[];
  allowedRegions?: string[];
  vpcCidr: string;
  natGateways: NatStrategy;
  interfaceEndpoints: InterfaceEndpoint[];

  // data stores (issue 5)
  postgresMajorVersion: PostgresMajorVersion;
  postgresDatabaseName: string;
  mongodbEnabled: boolean;
  mongodbAtlasOrgId: string;
  mongodbAtlasCidr: string;
  mongodbMajorVersion: string;
  cacheEngine: CacheEngine;
  staticSiteSubdomain: string;
  searchEnabled: boolean;
  // Messaging and operator access (issue 6); the Kafka sizes and lists are tier defaults (TierProfile).
  kafkaProvider: KafkaProviderName;
  mskMode: MskMode;
  mskKafkaVersion: MskKafkaVersion;
  vpn: boolean;
  vpnPort: number;
  vpnProtocol: VpnProtocol;
  vpnAllowedCidrs: string[];
  vpnClientPool: string;
  vpnInstanceType: string;
  // Edge and compute (issue 4); tier-dependent edge settings are in TierProfile.
  publicHostedZone: string;
  wafRateLimit: number;
  partnerApi: boolean;
  partnerApiRateLimit: number;
  partnerApiBurstLimit: number;
  // Events (issue 11); the recovery and archive periods are tier defaults (TierProfile).
  tables: TableConfig[];
  eventBus: boolean;
  eventRules: EventRuleConfig[];
  functions: FunctionConfig[];
  // Observability and operations (issue 8); thresholds and backup settings are tier defaults (TierProfile).
  /** The webhook of the alert topic: a secret (read as plain text here; pass it on with pulumi.secret). */
  alertWebhookUrl?: string;
  backupCopyRegion?: string;
}

/** One validation problem: the key, and a message that says what is wrong and what is allowed. */
export interface ConfigProblem {
  readonly key: string;
  readonly message: string;
}

export class ConfigValidationError extends pulumi.RunError {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      `invalid stack config (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  - ${p.key}: ${p.message}`).join("\n"),
    );
    this.name = "ConfigValidationError";
  }
}

/** The raw inputs of validation: what Pulumi hands the program, as strings. */
export interface RawStackConfig {
  /** Stack name. */
  readonly stack: string;
  /** `aws:region`. */
  readonly region: string | undefined;
  /** Values of the `platform:` namespace, keyed without the namespace, as Pulumi stores them (strings). */
  readonly values: Readonly<Record<string, string>>;
  /** Keys (without the namespace) whose values are stored as secrets (`secure:` in the stack file). */
  readonly secretKeys?: readonly string[];
}

const fullKey = (key: string): string => `${NAMESPACE}:${key}`;

/**
 * What the offline plan hands the program for a secret it cannot decrypt (tools/engine/stackFiles.ts,
 * SECRET_PLACEHOLDER; a test keeps the two equal). Such a value is not validated.
 */
export const UNDECRYPTED_SECRET = "[secret]";

/** Decodes a config string by the key's kind: strings stay as they are, everything else is JSON. */
function decode(kind: ConfigKind, text: string): unknown {
  if (kind === "string") {
    return text;
  }
  try {
    return JSON.parse(text);
  } catch {
    return text; // zod reports the type mismatch with the value
  }
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (v, p) => (v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[p] : undefined),
    value,
  );
}

function pathSuffix(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
}

/** Formats one zod issue as a problem naming the key, the bad value and what is allowed. */
function problemFromIssue(key: string, value: unknown, issue: z.core.$ZodIssue): ConfigProblem {
  const at = valueAt(value, issue.path);
  const got = `got ${show(at)}`;
  let message: string;
  switch (issue.code) {
    case "invalid_value":
      message = `${got}; allowed values: ${issue.values.map((v) => show(v)).join(", ")}`;
      break;
    case "invalid_type":
      message = `${got}; expected ${issue.expected}`;
      break;
    case "too_small":
      message =
        issue.origin === "array" || issue.origin === "string"
          ? `${got}; needs at least ${String(issue.minimum)} ${issue.origin === "array" ? "item(s)" : "character(s)"}`
          : `${got}; minimum is ${String(issue.minimum)}`;
      break;
    case "too_big":
      message =
        issue.origin === "array" || issue.origin === "string"
          ? `${got}; allows at most ${String(issue.maximum)} ${issue.origin === "array" ? "item(s)" : "character(s)"}`
          : `${got}; maximum is ${String(issue.maximum)}`;
      break;
    case "invalid_union":
      // Only the log retention is a union of literals: list them.
      message = `${got}; allowed values: ${LOG_RETENTION_DAYS.join(", ")}`;
      break;
    default:
      message = `${got}; ${issue.message}`;
  }
  return { key: key + pathSuffix(issue.path), message };
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

function unknownKeyProblem(key: string): ConfigProblem {
  const known = Object.keys(CONFIG_KEYS);
  const nearest = known
    .map((k) => ({ k, d: levenshtein(key.toLowerCase(), k.toLowerCase()) }))
    .sort((a, b) => a.d - b.d)[0];
  const hint = nearest && nearest.d <= 3 ? `did you mean ${fullKey(nearest.k)}? ` : "";
  return {
    key: fullKey(key),
    message: `unknown key; ${hint}see docs/config.md for the keys a stack can set`,
  };
}

export type ValidationResult = { ok: true; config: StackConfig } | { ok: false; problems: ConfigProblem[] };

/**
 * What validation knows after reading every key: each field holds the stack's value, or else its
 * default (universal or tier), or is undefined where the key is missing or its value is bad. Checks
 * that span several keys run on the draft, so that every problem is found in one pass.
 */
export type Draft = { [K in keyof StackConfig]?: StackConfig[K] };

/** A check across keys; it skips what it cannot judge because a field it needs is undefined. */
export type ConfigCheck = (draft: Draft, raw: RawStackConfig) => ConfigProblem[];

/** Keys that are folded into `StackConfig.account` rather than copied to a field of their own. */
const ACCOUNT_KEYS = [
  "accountEmail",
  "accountId",
  "accountName",
  "organizationalUnitId",
  "accountAccessRole",
];

/** Reads each key: schema, secrecy, required. Returns the parsed values and the problems found. */
function parseKeys(raw: RawStackConfig): { parsed: Record<string, unknown>; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const parsed: Record<string, unknown> = {};
  for (const key of Object.keys(raw.values)) {
    if (!(key in CONFIG_KEYS)) {
      problems.push(unknownKeyProblem(key));
    }
  }
  const secretKeys = new Set(raw.secretKeys ?? []);
  for (const [key, spec] of Object.entries(CONFIG_KEYS) as [ConfigKey, KeySpec][]) {
    const text = raw.values[key];
    if (secretKeys.has(key) && !spec.secret) {
      // Read as plain config, a secret would land in resource properties and the state in plain text.
      problems.push({
        key: fullKey(key),
        message: `is stored as a secret but is not a secret setting; set it in plain text (pulumi config set ${fullKey(key)} <value>)`,
      });
    } else if (spec.secret && text !== undefined && !secretKeys.has(key)) {
      problems.push({
        key: fullKey(key),
        message: `is a secret; set it with pulumi config set --secret ${fullKey(key)} <value>`,
      });
    } else if (text === undefined) {
      if (spec.required) {
        problems.push({ key: fullKey(key), message: `is required: ${spec.description}` });
      }
    } else if (spec.secret && text === UNDECRYPTED_SECRET) {
      // The offline plan cannot decrypt a secret: it stands in a placeholder, which cannot be judged.
      parsed[key] = text;
    } else {
      const value = decode(spec.kind, text);
      const result = spec.schema.safeParse(value);
      if (result.success) {
        parsed[key] = result.data;
      } else if (spec.secret) {
        // Never echo a secret: say what is expected, not what was given.
        problems.push(
          ...result.error.issues.map((issue) => ({
            key: fullKey(key),
            message: `the secret value is not valid; expected ${issue.message}`,
          })),
        );
      } else {
        problems.push(...result.error.issues.map((issue) => problemFromIssue(fullKey(key), value, issue)));
      }
    }
  }
  return { parsed, problems };
}

/** Builds the draft: parsed values, then universal defaults, then the tier's defaults. */
function draftOf(raw: RawStackConfig, parsed: Record<string, unknown>): Draft {
  const tier = parsed.tier as TierName | undefined;
  const profile: Partial<TierProfile> = tier ? TIER_PROFILES[tier] : {};
  const draft: Record<string, unknown> = { env: raw.stack, region: raw.region };
  for (const [key, spec] of Object.entries(CONFIG_KEYS) as [ConfigKey, KeySpec][]) {
    if (ACCOUNT_KEYS.includes(key)) {
      continue;
    }
    const badValue = raw.values[key] !== undefined && parsed[key] === undefined;
    draft[key] = badValue ? undefined : (parsed[key] ?? spec.default ?? profile[key as keyof TierProfile]);
  }
  const { accountEmail, accountId, organizationalUnitId, accountName } = parsed as Record<
    string,
    string | undefined
  >;
  const accessRole =
    (parsed.accountAccessRole as string | undefined) ?? CONFIG_KEYS.accountAccessRole.default;
  if (accountId !== undefined && accountEmail === undefined && organizationalUnitId !== undefined) {
    draft.account = { mode: "adopt", id: accountId, organizationalUnitId, accessRole };
  } else if (accountEmail !== undefined && accountId === undefined && organizationalUnitId !== undefined) {
    const name = accountName ?? `${String(draft.namePrefix)}-${raw.stack}`;
    draft.account = { mode: "create", email: accountEmail, name, organizationalUnitId, accessRole };
  }
  return draft;
}

// ---------------------------------------------------------------------------------------------------
// Checks across keys. Each is pure and reports with the key it blames. Add a domain's checks here and
// register them in CHECKS.

/** The stack name becomes part of physical names. */
const checkNames: ConfigCheck = (draft, raw) => {
  const problems: ConfigProblem[] = [];
  if (!/^[a-z][a-z0-9-]{0,15}$/.test(raw.stack)) {
    problems.push({
      key: "stack name",
      message: `got ${show(raw.stack)}; a stack name is the environment name: 1..16 of a-z, 0-9, '-', starting with a letter`,
    });
  }
  const base = `${draft.namePrefix ?? CONFIG_KEYS.namePrefix.default}-${raw.stack}`;
  if (draft.namePrefix !== undefined && base.length > 20) {
    problems.push({
      key: fullKey("namePrefix"),
      message:
        `"${base}" is ${base.length} characters; with the stack name it must fit 20 so that ` +
        `load balancer and target group names stay within AWS's 32`,
    });
  }
  return problems;
};

/** Region (a provider key, validated here) and the AZ count it can hold. */
const checkRegion: ConfigCheck = (draft, raw) => {
  if (raw.region === undefined) {
    return [{ key: "aws:region", message: `is required; one of ${KNOWN_REGIONS.join(", ")}` }];
  }
  if (!(raw.region in AZS_PER_REGION)) {
    return [
      { key: "aws:region", message: `got ${show(raw.region)}; allowed values: ${KNOWN_REGIONS.join(", ")}` },
    ];
  }
  const available = AZS_PER_REGION[raw.region];
  if (draft.azCount !== undefined && draft.azCount > available) {
    const isDefault = raw.values.azCount === undefined ? ` (the ${draft.tier} default)` : "";
    return [
      {
        key: fullKey("azCount"),
        message: `got ${draft.azCount}${isDefault}; ${raw.region} has ${available} Availability Zones`,
      },
    ];
  }
  return [];
};

/** Account: create one (email + OU) or adopt one (id). */
const checkAccount: ConfigCheck = (_draft, raw) => {
  const has = (k: string): boolean => raw.values[k] !== undefined;
  const either = `${fullKey("accountEmail")} | ${fullKey("accountId")}`;
  if (!has("accountEmail") && !has("accountId")) {
    return [
      {
        key: either,
        message: "one is required: an email to create the member account, or the id of an account to adopt",
      },
    ];
  }
  if (has("accountEmail") && has("accountId")) {
    return [
      {
        key: either,
        message: "set only one: accountEmail creates a new account, accountId adopts an existing one",
      },
    ];
  }
  if (!has("organizationalUnitId")) {
    const why = has("accountEmail")
      ? "the OU (ou-xxxx-xxxxxxxx) the new account is placed in"
      : "the OU the account is in";
    return [
      {
        key: fullKey("organizationalUnitId"),
        message: `is required: ${why}, where the environment's service control policies are attached`,
      },
    ];
  }
  return [];
};

/** Access model: Identity Center needs its instance; groups and teams must be distinct; regions must fit. */
const checkAccess: ConfigCheck = (draft, raw) => {
  const problems: ConfigProblem[] = [];
  if (draft.peopleAccess === "identityCenter") {
    for (const key of ["identityCenterInstanceArn", "identityStoreId"] as const) {
      if (raw.values[key] === undefined) {
        problems.push({
          key: fullKey(key),
          message: "is required with peopleAccess identityCenter (or set peopleAccess crossAccountRoles)",
        });
      }
    }
  }
  if (draft.accessGroups !== undefined) {
    const seen = new Map<string, string>();
    for (const [role, group] of Object.entries(draft.accessGroups)) {
      const other = seen.get(group.toLowerCase());
      if (other) {
        problems.push({
          key: fullKey(`accessGroups.${role}`),
          message: `got "${group}", the same group as accessGroups.${other}; each role needs its own group`,
        });
      }
      seen.set(group.toLowerCase(), role);
    }
  }
  for (const [i, team] of (draft.appTeams ?? []).entries()) {
    const first = (draft.appTeams ?? []).findIndex((t) => t.name === team.name);
    if (first !== i) {
      problems.push({
        key: fullKey(`appTeams[${i}].name`),
        message: `got "${team.name}", already the name of appTeams[${first}]; team names must be unique`,
      });
    }
  } // Each team owns a block of listener-rule slots; two teams sharing one would collide on the internal ALB.
  const blocks = new Map<number, number>();
  for (const [i, team] of (draft.appTeams ?? []).entries()) {
    const block = appTeamBlock(team.name, team.listenerPriorityBlock);
    const other = blocks.get(block);
    if (other !== undefined) {
      problems.push({
        key: fullKey(`appTeams[${i}].listenerPriorityBlock`),
        message:
          `team "${team.name}" gets listener priority block ${block}, which team "${(draft.appTeams ?? [])[other].name}" ` +
          `(appTeams[${other}]) already has; set appTeams[${i}].listenerPriorityBlock to a free block (0..${APP_TEAM_BLOCKS - 1})`,
      });
    } else {
      blocks.set(block, i);
    }
  }

  if (
    draft.allowedRegions !== undefined &&
    raw.region !== undefined &&
    !draft.allowedRegions.includes(raw.region)
  ) {
    problems.push({
      key: fullKey("allowedRegions"),
      message: `got ${show(draft.allowedRegions)}; it must include the stack's own region ${raw.region}`,
    });
  }
  return problems;
};

/** VPC CIDR: syntax, RFC 1918, the subnet layout. */
const checkVpcCidr: ConfigCheck = (draft) => {
  if (draft.vpcCidr === undefined) {
    return [];
  }
  const key = fullKey("vpcCidr");
  const block = parseCidr(draft.vpcCidr);
  if (typeof block === "string") {
    return [{ key, message: block }];
  }
  const problems: ConfigProblem[] = subnetPlanProblems(block, MIN_AZS).map((message) => ({
    key,
    message: `got "${draft.vpcCidr}"; ${message}`,
  }));
  if (!isRfc1918(block)) {
    problems.push({
      key,
      message: `got "${draft.vpcCidr}"; must lie inside an RFC 1918 range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)`,
    });
  }
  return problems;
};

/**
 * Every CIDR block the environment claims: the VPC, and each peer or client pool a component adds.
 * All must be disjoint, or routes become ambiguous.
 */
export function cidrClaims(draft: Draft): CidrClaim[] {
  const claims: CidrClaim[] = [];
  if (draft.vpcCidr !== undefined) {
    claims.push({ key: fullKey("vpcCidr"), cidr: draft.vpcCidr });
  }
  // data stores (issue 5): the Atlas peering container, when Atlas is built
  if (draft.mongodbEnabled === true && draft.mongodbAtlasCidr !== undefined) {
    claims.push({ key: fullKey("mongodbAtlasCidr"), cidr: draft.mongodbAtlasCidr });
  }
  // Messaging and operator access (issue 6): a peered Confluent network, the VPN client pool.
  if (
    draft.kafkaProvider === "confluent" &&
    draft.confluentClusterType === "dedicated" &&
    draft.confluentNetworkCidr !== undefined
  ) {
    claims.push({ key: fullKey("confluentNetworkCidr"), cidr: draft.confluentNetworkCidr });
  }
  if (draft.vpn === true && draft.vpnClientPool !== undefined) {
    claims.push({ key: fullKey("vpnClientPool"), cidr: draft.vpnClientPool });
  }
  return claims;
}

// ---------------------------------------------------------------------------------------------------
// Messaging and operator access (issue 6).

/** Kafka: the declared topics and clients, and the settings of the chosen provider. */
const checkKafka: ConfigCheck = (draft, raw) => {
  const problems: ConfigProblem[] = [];
  const topics = draft.kafkaTopics;
  const clients = draft.kafkaClients;
  if (topics !== undefined && clients !== undefined) {
    for (const p of kafkaDeclarationProblems(topics, clients)) {
      problems.push({
        key: fullKey(p.list === "topics" ? "kafkaTopics" : "kafkaClients") + p.path,
        message: p.message,
      });
    }
  }
  const provider = draft.kafkaProvider;
  if (provider === "none") {
    const declared = (topics?.length ?? 0) + (clients?.length ?? 0);
    if (declared > 0) {
      problems.push({
        key: fullKey("kafkaProvider"),
        message:
          `is "none" but ${fullKey("kafkaTopics")} and ${fullKey("kafkaClients")} declare ` +
          `${topics?.length ?? 0} topic(s) and ${clients?.length ?? 0} client(s); set it to msk or confluent, or remove them`,
      });
    }
    return problems;
  }
  const authed = (clients ?? []).map((c, i) => ({ c, i })).filter(({ c }) => c.auth !== undefined);
  if (provider === "msk") {
    const count = draft.mskBrokerCount;
    if (draft.mskMode === "provisioned" && count !== undefined && draft.azCount !== undefined) {
      const azs = mskBrokerAzs(draft.azCount);
      const isDefault = raw.values.mskBrokerCount === undefined ? ` (the ${draft.tier} default)` : "";
      if (count % azs !== 0) {
        const capped = draft.azCount > azs ? `, of which MSK uses ${azs}` : "";
        problems.push({
          key: fullKey("mskBrokerCount"),
          message:
            `got ${count}${isDefault}; brokers spread evenly over ${azs} Availability Zones ` +
            `(${fullKey("azCount")} ${draft.azCount}${capped}): use a multiple of ${azs}`,
        });
      }
      if (draft.tier === "prod" && count < 3) {
        problems.push({
          key: fullKey("mskBrokerCount"),
          message: `got ${count}; prod runs at least 3 brokers, so that topics keep 3 replicas with 2 in sync when a broker is lost`,
        });
      }
    }
    if (
      draft.mskMode === "provisioned" &&
      draft.mskVolumeGiB !== undefined &&
      draft.mskMaxVolumeGiB !== undefined &&
      draft.mskMaxVolumeGiB < draft.mskVolumeGiB
    ) {
      problems.push({
        key: fullKey("mskMaxVolumeGiB"),
        message: `got ${draft.mskMaxVolumeGiB}; must be at least ${fullKey("mskVolumeGiB")} (${draft.mskVolumeGiB}): storage never shrinks`,
      });
    }
    // A client's topics and groups are enforced by its IAM policy, which SASL/SCRAM bypasses: a SCRAM
    // client would need Kafka ACLs, which this program does not manage (no provider reaches the brokers).
    for (const { c, i } of authed.filter(({ c }) => c.auth === "scram")) {
      problems.push({
        key: `${fullKey("kafkaClients")}[${i}].auth`,
        message:
          draft.mskMode === "serverless"
            ? `got "${c.auth}"; MSK Serverless supports IAM authentication only (auth: iam)`
            : `got "${c.auth}"; the platform limits each client to its topics through IAM, which SCRAM clients bypass (they would need Kafka ACLs it does not manage): use auth: iam`,
      });
    }
  }
  if (provider === "confluent") {
    for (const { c, i } of authed) {
      problems.push({
        key: `${fullKey("kafkaClients")}[${i}].auth`,
        message: `got "${c.auth}"; auth applies to MSK only: Confluent clients authenticate with an API key (remove it)`,
      });
    }
    if (draft.confluentClusterType === "dedicated") {
      if (draft.confluentCku !== undefined && draft.confluentCku < MIN_MULTI_ZONE_CKU) {
        problems.push({
          key: fullKey("confluentCku"),
          message: `got ${draft.confluentCku}; a dedicated cluster runs in three zones and needs at least ${MIN_MULTI_ZONE_CKU} CKUs`,
        });
      }
      if (draft.confluentNetworkCidr !== undefined) {
        problems.push(
          ...confluentNetworkCidrProblems(draft.confluentNetworkCidr).map((message) => ({
            key: fullKey("confluentNetworkCidr"),
            message,
          })),
        );
      }
      const vpc = draft.vpcCidr === undefined ? undefined : parseCidr(draft.vpcCidr);
      const reserved =
        vpc === undefined || typeof vpc === "string" ? undefined : confluentReservedOverlap(vpc);
      if (reserved !== undefined) {
        problems.push({
          key: fullKey("vpcCidr"),
          message: `got "${draft.vpcCidr}"; overlaps ${reserved}, which Confluent Cloud reserves: a VPC peered with a dedicated cluster must avoid it`,
        });
      }
    }
  }
  return problems;
};

/** VPN: something to admit when it is on, a port nothing else listens on, a sane client pool. */
const checkVpn: ConfigCheck = (draft) => {
  const problems: ConfigProblem[] = [];
  if (draft.vpnPort !== undefined && draft.vpnProtocol !== undefined) {
    const collision = vpnPortProblem(draft.vpnPort, draft.vpnProtocol);
    if (collision !== undefined) {
      problems.push({ key: fullKey("vpnPort"), message: collision });
    }
  }
  const pool = draft.vpnClientPool === undefined ? undefined : parseCidr(draft.vpnClientPool);
  if (pool !== undefined && typeof pool !== "string") {
    if (pool.prefix < MIN_POOL_PREFIX || pool.prefix > MAX_POOL_PREFIX) {
      problems.push({
        key: fullKey("vpnClientPool"),
        message: `got "${draft.vpnClientPool}"; a client pool is /${MIN_POOL_PREFIX} to /${MAX_POOL_PREFIX}`,
      });
    }
    if (!isRfc1918(pool)) {
      problems.push({
        key: fullKey("vpnClientPool"),
        message: `got "${draft.vpnClientPool}"; must lie inside an RFC 1918 range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)`,
      });
    }
  }
  if (draft.vpn === true && draft.vpnAllowedCidrs !== undefined && draft.vpnAllowedCidrs.length === 0) {
    problems.push({
      key: fullKey("vpnAllowedCidrs"),
      message:
        `is empty, but ${fullKey("vpn")} is on; list the source CIDRs admitted to the VPN port ` +
        `(your offices' egress ranges, or 0.0.0.0/0 for roaming operators who hold certificates)`,
    });
  }
  return problems;
};

const checkCidrOverlaps: ConfigCheck = (draft) =>
  overlappingClaims(cidrClaims(draft)).map((message) => ({ key: message.split(" ")[0], message }));

// data stores (issue 5)

/** Names the tier when a value is the tier's default rather than the stack's own. */
function defaultNote(raw: RawStackConfig, key: string, draft: Draft): string {
  return raw.values[key] === undefined ? ` (the ${draft.tier} default)` : "";
}

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
// Edge and compute (issue 4), service queues (issue 6, item 2).

/** The services: modes, images, sizes, schedules, queues, paths and listener priorities. */
const checkServices: ConfigCheck = (draft) => {
  if (draft.services === undefined || draft.defaultMinTasks === undefined) {
    return [];
  }
  const haGateway = draft.tier !== undefined && draft.tier !== "dev";
  return serviceProblems(draft.services, { minTasks: draft.defaultMinTasks, haGateway }).map((p) => ({
    key: fullKey(`services${p.at}`),
    message: p.message,
  }));
};

/** The Cognito hosted-UI prefix is derived from the domain and must avoid Cognito's reserved words. */
const checkIdentityDomain: ConfigCheck = (draft) => {
  const problem = draft.domain === undefined ? undefined : cognitoDomainProblem(draft.domain);
  return problem === undefined
    ? []
    : [{ key: fullKey("domain"), message: `got "${draft.domain}"; ${problem}` }];
};

// Events (issue 11).

/** Tables, and what uses them: the rules, the functions, the services' grants. */
const checkEvents: ConfigCheck = (draft) => {
  const problems: ConfigProblem[] = [];
  if (draft.tables !== undefined) {
    problems.push(
      ...tableProblems(draft.tables).map((p) => ({ key: fullKey(`tables${p.at}`), message: p.message })),
    );
  }
  const { tables, eventBus, eventRules, functions, services } = draft;
  if (
    tables === undefined ||
    eventBus === undefined ||
    eventRules === undefined ||
    functions === undefined ||
    services === undefined
  ) {
    return problems;
  }
  return [...problems, ...eventsProblems({ tables, eventBus, eventRules, functions, services })];
};
// Observability and operations (issue 8)

/**
 * Backups: with copies on, a second region (the stack's choice or its region's partner) that the
 * guardrails allow; a chosen region only with copies on.
 */
const checkBackups: ConfigCheck = (draft, raw) => {
  const problems: ConfigProblem[] = [];
  const key = fullKey("backupCopyRegion");
  const chosen = draft.backupCopyRegion;
  const copy = draft.backupCrossRegionCopy;
  if (chosen !== undefined && copy === false) {
    problems.push({
      key,
      message:
        `got "${chosen}", but ${fullKey("backupCrossRegionCopy")} is false${defaultNote(raw, "backupCrossRegionCopy", draft)}; ` +
        "set it to true to copy backups there, or remove the region",
    });
  }
  if (
    copy !== true ||
    raw.region === undefined ||
    (chosen === undefined && raw.values.backupCopyRegion !== undefined)
  ) {
    return problems;
  }
  const target = backupCopyRegionFor(raw.region, chosen);
  const copyOn = `${fullKey("backupCrossRegionCopy")} is true${defaultNote(raw, "backupCrossRegionCopy", draft)}`;
  if (target === undefined) {
    problems.push({
      key,
      message: `is required when ${copyOn}: ${raw.region} has no partner region in its jurisdiction to default to; name the region backups are copied to`,
    });
  } else if (target === raw.region) {
    problems.push({
      key,
      message: `got "${target}", the stack's own region; copies go to a second region, so that losing one keeps them`,
    });
  } else if (draft.allowedRegions !== undefined && !draft.allowedRegions.includes(target)) {
    const what = chosen === undefined ? `"${target}" (the default for ${raw.region})` : `got "${target}"`;
    problems.push({
      key,
      message:
        `${what}; the guardrails deny regions outside ${fullKey("allowedRegions")} ` +
        `(${draft.allowedRegions.join(", ")}): add it there, or copy to one of those`,
    });
  }
  return problems;
};

/** Every cross-key check, in the order their problems are reported. */
const CHECKS: readonly ConfigCheck[] = [
  checkNames,
  checkRegion,
  checkAccount,
  checkAccess,
  checkVpcCidr,
  checkCidrOverlaps,
  // data stores (issue 5)
  checkPostgres,
  checkMongodb,
  checkSearch,
  // Messaging and operator access (issue 6)
  checkKafka,
  checkVpn,
  // Edge and compute (issue 4), service queues (issue 6, item 2).
  checkServices,
  checkIdentityDomain,
  // Events (issue 11)
  checkEvents,
  // Observability and operations (issue 8).
  checkBackups,
];

/**
 * Validates a stack's raw config and resolves its defaults. Pure: no Pulumi runtime needed.
 * Collects every problem instead of stopping at the first.
 */
export function validateStackConfig(raw: RawStackConfig): ValidationResult {
  const { parsed, problems } = parseKeys(raw);
  const draft = draftOf(raw, parsed);
  for (const check of CHECKS) {
    problems.push(...check(draft, raw));
  }
  if (problems.length > 0) {
    return { ok: false, problems };
  }
  // With no problems, every required key was given and every other one has a default.
  return { ok: true, config: draft as StackConfig };
}

// Internal to @pulumi/pulumi (the SDK's Config uses it to warn about plain reads of secrets).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const runtimeConfig = require("@pulumi/pulumi/runtime/config") as { isConfigSecret(key: string): boolean };

/** Reads the running stack's config from the Pulumi runtime (including Pulumi.yaml defaults). */
export function readRawStackConfig(): RawStackConfig {
  const all = pulumi.runtime.allConfig();
  const values: Record<string, string> = {};
  const secretKeys: string[] = [];
  const prefix = `${NAMESPACE}:`;
  for (const [k, v] of Object.entries(all)) {
    if (k.startsWith(prefix)) {
      values[k.slice(prefix.length)] = v;
      if (runtimeConfig.isConfigSecret(k)) {
        secretKeys.push(k.slice(prefix.length));
      }
    }
  }
  return { stack: pulumi.getStack(), region: all["aws:region"], values, secretKeys };
}

/** Validates the running stack's config; throws {@link ConfigValidationError} listing every problem. */
export function loadStackConfig(): StackConfig {
  const result = validateStackConfig(readRawStackConfig());
  if (!result.ok) {
    throw new ConfigValidationError(result.problems);
  }
  return result.config;
}
