/**
 * The environment itself: its tier, names, owners, domain, alert recipients, the member account it
 * lives in, and the settings every stateful resource shares (key deletion window, protection, budget).
 */
import { z } from "zod";

import {
  ConfigProblem,
  duplicateProblems,
  fullKey,
  key,
  Parsed,
  RawStackConfig,
  show,
  TIER_NAMES,
  TierName,
} from "./engine";
import type { ConfigCheck, Draft } from "./index";
import { AZS_PER_REGION, KNOWN_REGIONS } from "./regions";

const EMAIL = z.email({ error: "expected an email address such as ops@example.com" });
const NAME = /^[a-z][a-z0-9-]*[a-z0-9]$/;

export const CORE_KEYS = {
  tier: key({
    kind: "string",
    required: true,
    schema: z.enum(TIER_NAMES),
    description:
      "Tier of the environment; picks the defaults of every tier-dependent key (dev, stage, prod).",
  }),
  namePrefix: key({
    kind: "string",
    default: "platform",
    schema: z
      .string()
      .min(2)
      .max(12)
      .regex(NAME, "lower-case letters, digits and hyphens, starting with a letter"),
    description: "Prefix of physical resource names (2..12 characters: a-z, 0-9, '-').",
  }),
  owner: key({
    kind: "string",
    required: true,
    schema: z.string().min(1).max(128),
    description: "Team that owns the environment; tagged on every resource as `owner`.",
  }),
  costCentre: key({
    kind: "string",
    required: true,
    schema: z.string().min(1).max(128),
    description: "Cost centre billed for the environment; tagged on every resource as `cost-centre`.",
  }),
  domain: key({
    kind: "string",
    required: true,
    schema: z
      .string()
      .regex(
        /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
        "a lower-case DNS name such as dev.example.com",
      ),
    description: "DNS domain of the environment (public hosted zone), for example `dev.example.com`.",
  }),
  alertEmails: key({
    kind: "array",
    items: "string",
    required: true,
    schema: z.array(EMAIL).min(1).max(10),
    description: "Email addresses that receive budget and platform alerts (1..10).",
  }),
  kmsDeletionWindowDays: key({
    kind: "integer",
    tierDefault: { dev: 7, stage: 30, prod: 30 },
    schema: z.number().int().min(7).max(30),
    description: "Waiting period before a deleted KMS key is destroyed, in days (7..30).",
  }),
  protectStatefulResources: key({
    kind: "boolean",
    tierDefault: { dev: false, stage: false, prod: true },
    schema: z.boolean(),
    description:
      "Mark keys, data buckets and databases `protect` so that `pulumi destroy` cannot remove them.",
  }),
  bootstrap: key({
    kind: "boolean",
    default: false,
    schema: z.boolean(),
    description:
      "The first deploy of an environment, before any image is pushed, any `ssm:` image parameter written or any service secret set: everything is built except the workloads. No image parameter is read; task definitions, ECS services with their scaling and alarms, cron schedules, image-based Lambda functions and the rules and triggers that only serve them are held back (not created); service secrets are created empty. Then set the secrets, push the images, write the parameters and deploy again without it. Never set it on a running environment: it removes the workloads.",
  }),
  budgetMonthlyUsd: key({
    kind: "integer",
    tierDefault: { dev: 1500, stage: 4000, prod: 15000 },
    schema: z.number().int().min(1).max(10_000_000),
    description: "Monthly cost budget of the member account in USD; alerts at 80% actual and 100% forecast.",
  }),
};

/** The tier a stack picked, once its value parsed. */
export function tierOf(parsed: Parsed): TierName | undefined {
  return TIER_NAMES.find((t) => t === parsed.tier);
}

/** The environment's base name, `<namePrefix>-<env>`: the prefix of its physical names. */
export function environmentBaseName(namePrefix: string, env: string): string {
  return `${namePrefix}-${env}`;
}

/** Names the tier when a value is the tier's default rather than the stack's own. */
export function defaultNote(raw: RawStackConfig, key: string, draft: Draft): string {
  return raw.values[key] === undefined ? ` (the ${draft.tier} default)` : "";
}

/** The stack name becomes part of physical names. */
const checkNames: ConfigCheck = (draft, raw) => {
  const problems: ConfigProblem[] = [];
  if (!/^[a-z][a-z0-9-]{0,15}$/.test(raw.stack)) {
    problems.push({
      key: "stack name",
      message: `got ${show(raw.stack)}; a stack name is the environment name: 1..16 of a-z, 0-9, '-', starting with a letter`,
    });
  }
  const base = environmentBaseName(draft.namePrefix ?? CORE_KEYS.namePrefix.default, raw.stack);
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
    return [
      {
        key: fullKey("azCount"),
        message: `got ${draft.azCount}${defaultNote(raw, "azCount", draft)}; ${raw.region} has ${available} Availability Zones`,
      },
    ];
  }
  return [];
};

/**
 * Each alert address once: a topic has one subscription per protocol and endpoint
 * (https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html), so a repeated address would make two
 * subscription resources for one real subscription, and removing either would end it. Addresses are
 * compared without case.
 */
const checkAlertEmails: ConfigCheck = (draft) =>
  duplicateProblems("alertEmails", draft.alertEmails, "each address once", (e) => e.toLowerCase());

export const CORE_CHECKS: readonly ConfigCheck[] = [checkNames, checkRegion, checkAlertEmails];
