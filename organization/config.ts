/**
 * The organization program's config: the `organization:` keys of organization/Pulumi.organization.yaml,
 * declared and validated with the same engine as the environments' (stacks/config/engine.ts). Validation
 * runs before any resource is registered and reports every problem at once, each naming its key.
 */
import { z } from "zod";

import { CONFIG_KEYS as PLATFORM_KEYS, TIER_NAMES } from "../stacks/config";
import {
  ConfigModel,
  ConfigProblem,
  draftValues,
  duplicateProblems,
  isResolved,
  key,
  Parsed,
  RawStackConfig,
  Resolved,
  runValidation,
  show,
  ValidationResult,
} from "../stacks/config/engine";
import { KNOWN_REGIONS } from "../stacks/config/regions";

/** The organization program's project name: the namespace of its keys. */
export const ORGANIZATION_NAMESPACE = "organization";
const fullKey = (k: string): string => `${ORGANIZATION_NAMESPACE}:${k}`;

const EMAIL = z.email({ error: "expected an email address such as aws-security@example.com" });
const ACCOUNT_ID = z.string().regex(/^\d{12}$/, "12 digits");
const REGION = z.enum(KNOWN_REGIONS as [string, ...string[]]);
const DOMAIN = z
  .string()
  .regex(/^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "a lower-case DNS name");

/**
 * An account the program creates (`email`, and optionally `name`) or adopts (`id`). Account names: 1..50
 * characters (Organizations CreateAccount, AccountName).
 */
const ACCOUNT = z.union([
  z.strictObject({ email: EMAIL, name: z.string().min(1).max(50).optional() }),
  z.strictObject({ id: ACCOUNT_ID }),
]);
export type AccountConfig = z.output<typeof ACCOUNT>;

const ENVIRONMENT = z.strictObject({
  /** The environment's stack name in the platform project. */
  name: z.string().regex(/^[a-z][a-z0-9-]{0,15}$/, "1..16 of a-z, 0-9, '-', starting with a letter"),
  tier: z.enum(TIER_NAMES),
  domain: DOMAIN,
  account: ACCOUNT,
  /** Session length of the environment's permission sets, in hours (default: the tier's). */
  sessionDurationHours: z.number().int().min(1).max(12).optional(),
  /** Amazon Inspector scans of the account's instances, images and functions (default: {@link inspectorScanningOf}). */
  inspectorScanning: z.boolean().optional(),
});
export type EnvironmentConfig = z.output<typeof ENVIRONMENT>;

/**
 * Whether Inspector scans an environment's account: as configured, else on except in the dev tier (about
 * $20 a month modeled; dev runs the images stage and prod scan, and ECR still scans each push).
 */
export function inspectorScanningOf(env: Pick<EnvironmentConfig, "tier" | "inspectorScanning">): boolean {
  return env.inspectorScanning ?? env.tier !== "dev";
}

/** The keys of the organization program's stack file (namespace `organization:`). */
export const ORGANIZATION_PROGRAM_KEYS = {
  namePrefix: key({
    kind: "string",
    default: "platform",
    schema: PLATFORM_KEYS.namePrefix.schema,
    description:
      "Prefix of physical names, the same as the environments' `platform:namePrefix` (2..12 of a-z, 0-9, '-').",
  }),
  owner: key({
    kind: "string",
    required: true,
    schema: z.string().min(1).max(128),
    description: "Team that owns the organization's shared accounts; tagged as `owner`.",
  }),
  costCentre: key({
    kind: "string",
    required: true,
    schema: z.string().min(1).max(128),
    description: "Cost centre of the organization's shared accounts; tagged as `cost-centre`.",
  }),
  alertEmails: key({
    kind: "array",
    items: "string",
    required: true,
    schema: z.array(EMAIL).min(1).max(10),
    description: "Who hears the shared accounts' budget alerts (1..10 addresses).",
  }),
  managementAccountId: key({
    kind: "string",
    required: true,
    schema: ACCOUNT_ID,
    description:
      "The management account the program runs in (its credentials); the provider refuses to act anywhere else.",
  }),
  existingOrganizationId: key({
    kind: "string",
    schema: z.string().regex(/^o-[a-z0-9]{10,32}$/, "an organization id such as o-a1b2c3d4e5"),
    description:
      "Adopt this existing organization (imported on the first `pulumi up`) instead of creating one; see docs/organization.md.",
  }),
  existingOrganizationalUnitIds: key({
    kind: "object",
    default: {},
    schema: z.strictObject({
      security: z.string().optional(),
      infrastructure: z.string().optional(),
      workloads: z.string().optional(),
      nonProd: z.string().optional(),
      prod: z.string().optional(),
    }),
    description:
      "Existing OUs to adopt (imported) instead of creating them, by role: security, infrastructure, workloads, nonProd, prod.",
  }),
  accessRole: key({
    kind: "string",
    default: "OrganizationAccountAccessRole",
    schema: z.string().regex(/^[\w+=,.@-]{1,64}$/, "an IAM role name (1..64 of A-Z a-z 0-9 +=,.@_-)"),
    description:
      "Role in every member account that the management account assumes (Organizations creates it in new accounts).",
  }),
  landingZone: key({
    kind: "string",
    default: "none",
    schema: z.enum(["none", "controlTower"]),
    description:
      "A landing zone already governing the organization: `controlTower` keeps its organization trail and Config recorders (none is created) and its roles out of every guardrail.",
  }),
  securityAccount: key({
    kind: "object",
    required: true,
    schema: ACCOUNT,
    description:
      "The security account (people's identities, audit, delegated security services): `{email, name?}` to create it or `{id}` to adopt it.",
  }),
  sharedServicesAccount: key({
    kind: "object",
    required: true,
    schema: ACCOUNT,
    description:
      "The shared-services account (image registry, CI role, parent DNS zone): `{email, name?}` to create it or `{id}` to adopt it.",
  }),
  environments: key({
    kind: "array",
    required: true,
    schema: z.array(ENVIRONMENT).min(1).max(20),
    description:
      "The platform's environments, one per stack of the platform project: `{name, tier, domain, account: {email, name?} | {id}, sessionDurationHours?, inspectorScanning?}` (Inspector scanning: default on except in the dev tier).",
  }),
  allowedRegions: key({
    kind: "array",
    items: "string",
    schema: z.array(REGION).min(1),
    description:
      "Regions the member accounts may use (a service control policy denies the others). Default: the organization's region.",
  }),
  identityCenter: key({
    kind: "object",
    schema: z.strictObject({
      region: REGION,
      instanceArn: z
        .string()
        .regex(/^arn:aws:sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/, "an Identity Center instance ARN"),
      identityStoreId: z.string().regex(/^d-[0-9a-f]{10}$|^[0-9a-f-]{36}$/, "an identity store id"),
      groups: z
        .strictObject({
          administrators: z.string().min(1).max(1024),
          developers: z.string().min(1).max(1024),
          oncall: z.string().min(1).max(1024),
          auditors: z.string().min(1).max(1024),
        })
        .optional(),
    }),
    description:
      "Identity Center: its primary (home) region, where alone permission sets and assignments can be written, the instance ARN, the identity store id and the group of each role.",
  }),
  registry: key({
    kind: "object",
    default: { repositories: ["platform/gateway"], pushRepositories: [], replicationRegions: [] },
    schema: z.strictObject({
      repositories: z
        .array(z.string().regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/))
        .min(1)
        .max(100),
      pushRepositories: z.array(z.string().regex(/^[\w.-]+\/[\w.-]+$/, "owner/name")).max(50),
      replicationRegions: z.array(REGION).max(25),
    }),
    description:
      "The shared ECR registry: its repositories, the GitHub repositories whose CI may push, and the regions it replicates to.",
  }),
  dns: key({
    kind: "object",
    schema: z.strictObject({
      parentDomain: DOMAIN,
      parentZone: z.union([z.literal("create"), z.string().regex(/^Z[0-9A-Z]{1,31}$/, "a hosted zone id")]),
    }),
    description:
      "The parent public zone in the shared-services account (`create`, or the id of an existing zone there) that delegates to each environment's zone.",
  }),
  logArchive: key({
    kind: "object",
    default: { retentionDays: 2555, objectLockMode: "COMPLIANCE", objectLockDays: 365 },
    schema: z.strictObject({
      retentionDays: z.number().int().min(90).max(3650),
      objectLockMode: z.enum(["GOVERNANCE", "COMPLIANCE"]),
      objectLockDays: z.number().int().min(1).max(3650),
    }),
    description:
      "The organization trail's log archive: days logs are kept, and the Object Lock mode and days that protect each object.",
  }),
  existingGuardDutyDetectorId: key({
    kind: "string",
    schema: z.string().regex(/^[0-9a-f]{32}$/, "a GuardDuty detector id (32 hex digits)"),
    description:
      "A GuardDuty detector that already exists in the security account (home region) to adopt instead of creating a second.",
  }),
  budgetMonthlyUsd: key({
    kind: "integer",
    default: 500,
    schema: z.number().int().min(1).max(10_000_000),
    description: "Monthly cost budget of each shared account (security, shared-services) in USD.",
  }),
};

export type OrganizationConfigValues = Resolved<typeof ORGANIZATION_PROGRAM_KEYS>;

/** The resolved organization config: every key, the stack name and the region (home region). */
export interface OrganizationConfig extends OrganizationConfigValues {
  stack: string;
  region: string;
  allowedRegions: string[];
}

type Draft = Partial<OrganizationConfig>;

/** Each account e-mail and id once across the organization's accounts; environment names and domains once. */
function checkUnique(draft: Draft): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const accounts: [string, AccountConfig | undefined][] = [
    ["securityAccount", draft.securityAccount],
    ["sharedServicesAccount", draft.sharedServicesAccount],
    ...(draft.environments ?? []).map((e, i): [string, AccountConfig] => [
      `environments[${i}].account`,
      e.account,
    ]),
  ];
  const seen = new Map<string, string>();
  for (const [where, account] of accounts) {
    if (account === undefined) {
      continue;
    }
    const value = "email" in account ? account.email.toLowerCase() : account.id;
    const field = "email" in account ? "email" : "id";
    const first = seen.get(value);
    if (first !== undefined) {
      problems.push({
        key: fullKey(`${where}.${field}`),
        message: `got ${show(value)}, the same as ${fullKey(first)}; every account needs its own ${field === "email" ? "root e-mail (unique across AWS)" : "id"}`,
      });
    } else {
      seen.set(value, `${where}.${field}`);
    }
  }
  for (const field of ["name", "domain"] as const) {
    problems.push(
      ...duplicateProblems(
        "environments",
        draft.environments,
        "each environment needs its own",
        (env) => env[field],
        { field, namespace: ORGANIZATION_NAMESPACE },
      ),
    );
  }
  const ous = Object.entries(draft.existingOrganizationalUnitIds ?? {});
  for (const [i, [role, id]] of ous.entries()) {
    const other = ous.findIndex(([, o]) => o === id);
    if (other !== i) {
      problems.push({
        key: fullKey(`existingOrganizationalUnitIds.${role}`),
        message: `got ${show(id)}, the same OU as existingOrganizationalUnitIds.${ous[other][0]}; each role needs its own OU`,
      });
    }
  }
  return problems;
}

/** Environment domains live under the parent zone that delegates to them. */
function checkDomains(draft: Draft): ConfigProblem[] {
  const parent = draft.dns?.parentDomain;
  if (parent === undefined) {
    return [];
  }
  return (draft.environments ?? []).flatMap((env, i) =>
    env.domain === parent || env.domain.endsWith(`.${parent}`)
      ? []
      : [
          {
            key: fullKey(`environments[${i}].domain`),
            message: `got ${show(env.domain)}; it must be ${parent} or a subdomain of it (organization:dns.parentDomain), so the parent zone can delegate to it`,
          },
        ],
  );
}

/** The regions: the organization's own must be allowed, and so must every replication region. */
function checkRegions(draft: Draft, raw: RawStackConfig): ConfigProblem[] {
  if (raw.region === undefined || !KNOWN_REGIONS.includes(raw.region)) {
    return [
      { key: "aws:region", message: `got ${show(raw.region)}; allowed values: ${KNOWN_REGIONS.join(", ")}` },
    ];
  }
  const allowed = draft.allowedRegions;
  if (allowed === undefined) {
    return [];
  }
  const problems: ConfigProblem[] = [];
  if (!allowed.includes(raw.region)) {
    problems.push({
      key: fullKey("allowedRegions"),
      message: `got ${show(allowed)}; it must include the organization's own region ${raw.region} (aws:region)`,
    });
  }
  for (const [i, region] of (draft.registry?.replicationRegions ?? []).entries()) {
    if (!allowed.includes(region) || region === raw.region) {
      problems.push({
        key: fullKey(`registry.replicationRegions[${i}]`),
        message: `got ${show(region)}; a replication region must be one of organization:allowedRegions and not the registry's own region ${raw.region}`,
      });
    }
  }
  return problems;
}

/** The draft: each key's value or default; allowed regions default to the organization's region. */
function draftOf(raw: RawStackConfig, parsed: Parsed): Draft {
  const values = draftValues(ORGANIZATION_PROGRAM_KEYS, raw, parsed, undefined);
  const allowedRegions = values.allowedRegions ?? (raw.region === undefined ? undefined : [raw.region]);
  return { stack: raw.stack, region: raw.region, ...values, allowedRegions };
}

function resolve(draft: Draft): OrganizationConfig | undefined {
  const { stack, region, allowedRegions, ...values } = draft;
  if (
    stack === undefined ||
    region === undefined ||
    allowedRegions === undefined ||
    !isResolved(ORGANIZATION_PROGRAM_KEYS, values)
  ) {
    return undefined;
  }
  return { stack, region, allowedRegions, ...values };
}

const MODEL: ConfigModel<Draft, OrganizationConfig> = {
  keys: ORGANIZATION_PROGRAM_KEYS,
  draft: draftOf,
  checks: [checkRegions, checkUnique, checkDomains],
  resolve,
};

/** Validates the organization stack's raw config (values of the `organization:` namespace). Pure. */
export function validateOrganizationConfig(raw: RawStackConfig): ValidationResult<OrganizationConfig> {
  return runValidation({ ...raw, namespace: ORGANIZATION_NAMESPACE }, MODEL);
}

/** The session length of an environment's permission sets: its own, or its tier's default. */
export function sessionHoursOf(env: EnvironmentConfig): number {
  return env.sessionDurationHours ?? PLATFORM_KEYS.sessionDurationHours.tierDefault[env.tier];
}
