/** KMS, Secrets Manager, WAF, Cognito, CloudTrail, Budgets, SSM, AWS Config. */
import { ApiCoverage, length, nameRules, pattern, reserved } from "./rule";

const CREATE_ALIAS = "https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html";
const CREATE_KEY = "https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html";
const CREATE_SECRET = "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html";
const CREATE_WEB_ACL = "https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html";
const CREATE_USER_POOL =
  "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPool.html";
const CREATE_USER_POOL_CLIENT =
  "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html";
const CREATE_POOL_DOMAIN =
  "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolDomain.html";
const CREATE_RESOURCE_SERVER =
  "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateResourceServer.html";
const CREATE_TRAIL = "https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html";
const BUDGET = "https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_budgets_Budget.html";
const CREATE_DOCUMENT =
  "https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_CreateDocument.html";
const CREATE_WINDOW =
  "https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_CreateMaintenanceWindow.html";
const CREATE_BASELINE =
  "https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_CreatePatchBaseline.html";
const PUT_AGGREGATOR =
  "https://docs.aws.amazon.com/config/latest/APIReference/API_PutConfigurationAggregator.html";
const CREATE_PERMISSION_SET =
  "https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_CreatePermissionSet.html";

/** Cognito's names of pools, clients and resource servers: `[\w\s+=,.@-]+`. */
const COGNITO_NAME = { regex: /^[\w\s+=,.@-]+$/, text: "uses only letters, digits, spaces and +=,.@-" };

export const ALIAS: ApiCoverage = {
  rules: [
    ...nameRules(
      "kms-alias-name",
      {
        property: "name",
        max: 256,
        regex: /^alias\/[a-zA-Z0-9:/_-]+$/,
        text: "begins with alias/ and uses only alphanumerics, '/', '_', '-' and ':'",
      },
      CREATE_ALIAS,
    ),
    reserved("kms-alias-name-aws", { property: "name", prefixes: ["alias/aws/"] }, CREATE_ALIAS),
  ],
};

export const KEY: ApiCoverage = {
  rules: [length("kms-key-description-length", { property: "description", min: 0, max: 8192 }, CREATE_KEY)],
};

export const SECRET: ApiCoverage = {
  rules: [
    ...nameRules(
      "secretsmanager-secret-name",
      {
        property: "name",
        auto: true,
        max: 512,
        regex: /^[a-zA-Z0-9/_+=.@-]+$/,
        text: "uses only alphanumerics and /_+=.@-",
      },
      CREATE_SECRET,
    ),
    length(
      "secretsmanager-secret-description-length",
      { property: "description", min: 0, max: 2048 },
      CREATE_SECRET,
    ),
  ],
};

export const WEB_ACL: ApiCoverage = {
  rules: [
    ...nameRules(
      "wafv2-web-acl-name",
      {
        property: "name",
        auto: true,
        max: 128,
        regex: /^[\w-]+$/,
        text: "uses only letters, digits, '_' and '-'",
      },
      CREATE_WEB_ACL,
    ),
    length("wafv2-web-acl-description-length", { property: "description", max: 256 }, CREATE_WEB_ACL),
    pattern(
      "wafv2-web-acl-description-chars",
      {
        property: "description",
        regex: /^[\w+=:#@/\-,.][\w+=:#@/\-,.\s]+[\w+=:#@/\-,.]$/,
        text: "uses only letters, digits, whitespace and +=:#@/-,. (not whitespace at either end)",
      },
      CREATE_WEB_ACL,
    ),
  ],
};

export const USER_POOL: ApiCoverage = {
  rules: nameRules(
    "cognito-user-pool-name",
    {
      property: "name",
      auto: true,
      max: 128,
      ...COGNITO_NAME,
    },
    CREATE_USER_POOL,
  ),
};

export const USER_POOL_CLIENT: ApiCoverage = {
  rules: nameRules(
    "cognito-client-name",
    {
      property: "name",
      auto: true,
      max: 128,
      ...COGNITO_NAME,
    },
    CREATE_USER_POOL_CLIENT,
  ),
};

export const USER_POOL_DOMAIN: ApiCoverage = {
  rules: [
    pattern(
      "cognito-domain-prefix",
      {
        property: "domain",
        regex: /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?|(?:[a-z0-9-]+\.)+[a-z]{2,})$/,
        text: "is a prefix of 1..63 lower-case letters, digits and hyphens (or a custom domain name)",
      },
      CREATE_POOL_DOMAIN,
    ),
    pattern(
      "cognito-domain-reserved",
      {
        property: "domain",
        regex: /^(?!.*(aws|amazon|cognito))/,
        text: "does not contain aws, amazon or cognito",
      },
      CREATE_POOL_DOMAIN,
    ),
  ],
};

export const RESOURCE_SERVER: ApiCoverage = {
  rules: nameRules(
    "cognito-resource-server-name",
    {
      property: "name",
      max: 256,
      ...COGNITO_NAME,
    },
    CREATE_RESOURCE_SERVER,
  ),
};

export const TRAIL: ApiCoverage = {
  rules: nameRules(
    "cloudtrail-trail-name",
    {
      property: "name",
      auto: true,
      min: 3,
      max: 128,
      regex: /^[a-zA-Z0-9](?:[a-zA-Z0-9]|[._-](?![._-]))*[a-zA-Z0-9]$/,
      text: "begins and ends with a letter or digit, uses only letters, digits, '.', '_' and '-', none two in a row",
    },
    CREATE_TRAIL,
  ),
};

export const BUDGET_RULES: ApiCoverage = {
  rules: nameRules(
    "budgets-budget-name",
    { property: "name", auto: true, max: 100, regex: /^[^:\\]+$/, text: "contains no ':' or '\\'" },
    BUDGET,
  ),
};

export const DOCUMENT: ApiCoverage = {
  rules: [
    ...nameRules(
      "ssm-document-name",
      {
        property: "name",
        auto: true,
        min: 3,
        max: 128,
        regex: /^[a-zA-Z0-9_\-.]+$/,
        text: "uses only a-z, A-Z, 0-9, '_', '-' and '.'",
      },
      CREATE_DOCUMENT,
    ),
    reserved(
      "ssm-document-name-reserved",
      { property: "name", auto: true, prefixes: ["aws", "amazon", "amzn"], ignoreCase: true },
      CREATE_DOCUMENT,
    ),
  ],
};

export const MAINTENANCE_WINDOW: ApiCoverage = {
  rules: nameRules(
    "ssm-window-name",
    {
      property: "name",
      auto: true,
      min: 3,
      max: 128,
      regex: /^[a-zA-Z0-9_\-.]+$/,
      text: "uses only a-z, A-Z, 0-9, '_', '-' and '.'",
    },
    CREATE_WINDOW,
  ),
};

export const PATCH_BASELINE: ApiCoverage = {
  rules: [
    ...nameRules(
      "ssm-baseline-name",
      {
        property: "name",
        auto: true,
        min: 3,
        max: 128,
        regex: /^[a-zA-Z0-9_\-.]+$/,
        text: "uses only a-z, A-Z, 0-9, '_', '-' and '.'",
      },
      CREATE_BASELINE,
    ),
    length("ssm-baseline-description-length", { property: "description", max: 1024 }, CREATE_BASELINE),
  ],
};

export const PERMISSION_SET: ApiCoverage = {
  rules: [
    ...nameRules(
      "sso-permission-set-name",
      { property: "name", max: 32, regex: /^[\w+=,.@-]+$/, text: "uses only letters, digits and _+=,.@-" },
      CREATE_PERMISSION_SET,
    ),
    length(
      "sso-permission-set-description-length",
      { property: "description", max: 700 },
      CREATE_PERMISSION_SET,
    ),
  ],
};

export const CONFIG_AGGREGATOR: ApiCoverage = {
  rules: nameRules(
    "config-aggregator-name",
    {
      property: "name",
      auto: true,
      max: 256,
      regex: /^[\w-]+$/,
      text: "uses only letters, digits, '_' and '-'",
    },
    PUT_AGGREGATOR,
  ),
};
