/** Stores: RDS, ElastiCache, DynamoDB, OpenSearch, AWS Backup. */
import { ApiCoverage, combination, length, nameRules, pattern } from "./rule";

const CREATE_DB = "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html";
const CREATE_DB_PG =
  "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBParameterGroup.html";
const CREATE_DB_SG = "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBSubnetGroup.html";
const CREATE_RG =
  "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html";
const CREATE_CC_SG =
  "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateCacheSubnetGroup.html";
const CREATE_CC_PG =
  "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateCacheParameterGroup.html";
const CREATE_CC =
  "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateCacheCluster.html";
const CREATE_TABLE = "https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html";
const CREATE_DOMAIN =
  "https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_CreateDomain.html";
const CREATE_VAULT = "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupVault.html";
const CREATE_PLAN = "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupPlanInput.html";
const CREATE_SELECTION = "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupSelection.html";

/** RDS and ElastiCache identifiers: a letter first, letters, digits and single hyphens, no trailing hyphen. */
const IDENTIFIER = /^[a-zA-Z](?:-?[a-zA-Z0-9])*$/;
const IDENTIFIER_TEXT =
  "begins with a letter, uses only letters, digits and hyphens, with no two consecutive hyphens and no hyphen at the end";

export const DB_INSTANCE: ApiCoverage = {
  rules: nameRules(
    "rds-instance-identifier",
    { property: "identifier", auto: true, lower: true, max: 63, regex: IDENTIFIER, text: IDENTIFIER_TEXT },
    CREATE_DB,
  ),
};

export const DB_PARAMETER_GROUP: ApiCoverage = {
  rules: [
    ...nameRules(
      "rds-parameter-group-name",
      { property: "name", auto: true, lower: true, max: 255, regex: IDENTIFIER, text: IDENTIFIER_TEXT },
      CREATE_DB_PG,
    ),
    length("rds-parameter-group-description-length", { property: "description", max: 255 }, CREATE_DB_PG),
  ],
};

export const DB_SUBNET_GROUP: ApiCoverage = {
  rules: [
    ...nameRules(
      "rds-subnet-group-name",
      {
        property: "name",
        auto: true,
        lower: true,
        max: 255,
        regex: /^[a-z0-9 ._-]+$/,
        text: "uses only lower-case letters, digits, spaces, periods, underscores and hyphens",
      },
      CREATE_DB_SG,
    ),
    pattern(
      "rds-subnet-group-name-default",
      { property: "name", auto: true, regex: /^(?!default$)/, text: "is not 'default'" },
      CREATE_DB_SG,
    ),
    length("rds-subnet-group-description-length", { property: "description", max: 255 }, CREATE_DB_SG),
  ],
};

export const REPLICATION_GROUP: ApiCoverage = {
  rules: [
    ...nameRules(
      "elasticache-replication-group-id",
      {
        property: "replicationGroupId",
        auto: true,
        lower: true,
        max: 40,
        regex: IDENTIFIER,
        text: IDENTIFIER_TEXT,
      },
      CREATE_RG,
    ),
    length(
      "elasticache-replication-group-description-length",
      { property: "description", max: 255 },
      CREATE_RG,
    ),
    combination(
      "elasticache-failover-needs-replica",
      "automatic failover (and Multi-AZ, which needs it) needs at least one replica: numCacheClusters >= 2",
      CREATE_RG,
      (i) => {
        const n = i.numCacheClusters;
        const failover = i.automaticFailoverEnabled === true || i.multiAzEnabled === true;
        return failover && typeof n === "number" && n < 2
          ? [{ property: "numCacheClusters", value: `${n} with automatic failover / Multi-AZ` }]
          : [];
      },
    ),
    combination(
      "elasticache-multi-az-needs-failover",
      "Multi-AZ requires automatic failover",
      CREATE_RG,
      (i) =>
        i.multiAzEnabled === true && i.automaticFailoverEnabled === false
          ? [{ property: "multiAzEnabled", value: "true with automaticFailoverEnabled false" }]
          : [],
    ),
  ],
};

export const CACHE_CLUSTER: ApiCoverage = {
  rules: nameRules(
    "elasticache-cluster-id",
    { property: "clusterId", auto: true, lower: true, max: 50, regex: IDENTIFIER, text: IDENTIFIER_TEXT },
    CREATE_CC,
  ),
};

export const CACHE_SUBNET_GROUP: ApiCoverage = {
  rules: nameRules(
    "elasticache-subnet-group-name",
    {
      property: "name",
      auto: true,
      lower: true,
      max: 255,
      regex: /^[a-zA-Z0-9-]+$/,
      text: "uses only alphanumerics and hyphens",
    },
    CREATE_CC_SG,
  ),
};

export const CACHE_PARAMETER_GROUP: ApiCoverage = {
  rules: nameRules(
    "elasticache-parameter-group-name",
    { property: "name", auto: true, lower: true, max: 255, regex: IDENTIFIER, text: IDENTIFIER_TEXT },
    CREATE_CC_PG,
  ),
};

export const TABLE: ApiCoverage = {
  rules: [
    ...nameRules(
      "dynamodb-table-name",
      {
        property: "name",
        auto: true,
        min: 3,
        max: 255,
        regex: /^[a-zA-Z0-9_.-]+$/,
        text: "uses only a-z, A-Z, 0-9, '_', '-' and '.'",
      },
      CREATE_TABLE,
    ),
    combination(
      "dynamodb-on-demand-no-capacity",
      "an on-demand (PAY_PER_REQUEST) table takes no provisioned read/write capacity",
      CREATE_TABLE,
      (i) =>
        i.billingMode === "PAY_PER_REQUEST" &&
        (typeof i.readCapacity === "number" || typeof i.writeCapacity === "number")
          ? [
              {
                property: "readCapacity/writeCapacity",
                value: `${String(i.readCapacity)}/${String(i.writeCapacity)}`,
              },
            ]
          : [],
    ),
  ],
};

export const SEARCH_DOMAIN: ApiCoverage = {
  rules: nameRules(
    "opensearch-domain-name",
    {
      property: "domainName",
      auto: true,
      lower: true,
      min: 3,
      max: 28,
      regex: /^[a-z][a-z0-9-]+$/,
      text: "begins with a lower-case letter and uses only a-z, 0-9 and '-'",
    },
    CREATE_DOMAIN,
  ),
};

export const BACKUP_VAULT: ApiCoverage = {
  rules: nameRules(
    "backup-vault-name",
    {
      property: "name",
      auto: true,
      min: 2,
      max: 50,
      regex: /^[a-zA-Z0-9\-_]+$/,
      text: "uses only alphanumerics, '-' and '_'",
    },
    CREATE_VAULT,
  ),
};

export const BACKUP_PLAN: ApiCoverage = {
  rules: nameRules(
    "backup-plan-name",
    {
      property: "name",
      auto: true,
      max: 50,
      regex: /^[a-zA-Z0-9\-_.]+$/,
      text: "uses only alphanumerics and '-_.'",
    },
    CREATE_PLAN,
  ),
};

export const BACKUP_SELECTION: ApiCoverage = {
  rules: nameRules(
    "backup-selection-name",
    {
      property: "name",
      auto: true,
      max: 50,
      regex: /^[a-zA-Z0-9\-_.]+$/,
      text: "uses only alphanumerics and '-_.'",
    },
    CREATE_SELECTION,
  ),
};
