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
import { AccountSpec } from "../components/accounts/memberAccount";
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
// Edge and compute (issue 4), service queues (issue 6, item 2).
import { serviceProblems, servicesSchema } from "../components/compute/serviceSpec";
import { cognitoDomainProblem } from "../components/edge/identity";

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
  // --- Edge and compute (issue 4) and service queues (issue 6, item 2): DNS, load balancers, WAF,
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
  vpcCidr: string;
  natGateways: NatStrategy;
  interfaceEndpoints: InterfaceEndpoint[];
  // Edge and compute (issue 4); tier-dependent edge settings are in TierProfile.
  publicHostedZone: string;
  wafRateLimit: number;
  partnerApi: boolean;
  partnerApiRateLimit: number;
  partnerApiBurstLimit: number;
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
    } else {
      const value = decode(spec.kind, text);
      const result = spec.schema.safeParse(value);
      if (result.success) {
        parsed[key] = result.data;
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
  if (accountId !== undefined && accountEmail === undefined) {
    draft.account = { mode: "adopt", id: accountId, accessRole };
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
  if (has("accountEmail") && !has("organizationalUnitId")) {
    return [
      {
        key: fullKey("organizationalUnitId"),
        message: "is required with accountEmail: the OU (ou-xxxx-xxxxxxxx) the new account is placed in",
      },
    ];
  }
  return [];
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
  return claims;
}

const checkCidrOverlaps: ConfigCheck = (draft) =>
  overlappingClaims(cidrClaims(draft)).map((message) => ({ key: message.split(" ")[0], message }));

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

/** Every cross-key check, in the order their problems are reported. */
const CHECKS: readonly ConfigCheck[] = [
  checkNames,
  checkRegion,
  checkAccount,
  checkVpcCidr,
  checkCidrOverlaps,
  // Edge and compute (issue 4), service queues (issue 6, item 2).
  checkServices,
  checkIdentityDomain,
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
