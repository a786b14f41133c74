/**
 * The typed schema of a stack's config, and its validation.
 *
 * Every key lives in the `platform:` namespace and is declared once, in the file of its domain, with its
 * type, meaning and default: a universal default, a default for each tier, or none (required). The
 * resolved config's type is derived from those declarations. Validation runs before any resource is
 * registered and reports every problem at once, each naming the key, the bad value and what is allowed.
 */
import * as pulumi from "@pulumi/pulumi";

import { AccountSpec } from "../../components/accounts/memberAccount";
import { OrganizationOutputs } from "../../components/organization/contract";
import { ACCESS_CHECKS, ACCESS_KEYS } from "./access";
import { COMPUTE_CHECKS, COMPUTE_KEYS } from "./compute";
import { CORE_CHECKS, CORE_KEYS, tierOf } from "./core";
import { DATA_CHECKS, DATA_KEYS } from "./data";
import {
  Check,
  ConfigModel,
  ConfigValidationError,
  draftValues,
  isResolved,
  NAMESPACE,
  Parsed,
  parseKeys,
  RawStackConfig,
  Resolved,
  runValidation,
  ValidationResult as ResultOf,
} from "./engine";
import { EVENTS_CHECKS, EVENTS_KEYS } from "./events";
import { FLOOR_CHECKS, FLOOR_KEYS } from "./floors";
import { MESSAGING_CHECKS, MESSAGING_KEYS } from "./messaging";
import { MOVED_KEYS, NAMESPACES } from "./namespaces";
import { NETWORK_CHECKS, NETWORK_KEYS } from "./network";
import { OBSERVABILITY_CHECKS, OBSERVABILITY_KEYS } from "./observability";
import { accountOf, ORGANIZATION_CHECKS, ORGANIZATION_KEYS } from "./organization";

export { environmentBaseName } from "./core";
export {
  type ConfigKind,
  type ConfigProblem,
  ConfigValidationError,
  type HasValue,
  type KeySpec,
  NAMESPACE,
  type RawStackConfig,
  type Resolved,
  type TierValues,
  UNDECRYPTED_SECRET,
  type ValueOf,
} from "./engine";
export { TIER_NAMES, type TierName } from "./engine";
export {
  cidrClaims,
  INTERFACE_ENDPOINTS,
  type InterfaceEndpoint,
  NAT_STRATEGIES,
  type NatStrategy,
} from "./network";
export { LOG_RETENTION_DAYS } from "./observability";

/** The keys of every domain but the core, in the order their problems are reported. */
const DOMAIN_KEYS = {
  ...ORGANIZATION_KEYS,
  ...ACCESS_KEYS,
  ...NETWORK_KEYS,
  ...DATA_KEYS,
  ...MESSAGING_KEYS,
  ...COMPUTE_KEYS,
  ...EVENTS_KEYS,
  ...OBSERVABILITY_KEYS,
  ...FLOOR_KEYS,
};

/** The keys that are copied to a field of StackConfig of the same name. */
export const FIELD_KEYS = { ...CORE_KEYS, ...DOMAIN_KEYS };

/** Every key a stack can set. Adding a key to a domain makes it valid config; tests check Pulumi.yaml and the docs. */
export const CONFIG_KEYS = FIELD_KEYS;

export type ConfigKey = keyof typeof CONFIG_KEYS;

/**
 * The resolved, validated config of one environment: a field per key (optional exactly where the key
 * has neither a default nor is required), plus the stack's name and region, the organization's outputs
 * and the member account the organization placed the environment in.
 */
export interface StackConfig extends Resolved<typeof FIELD_KEYS> {
  /** Stack name, used as the environment name. */
  env: string;
  region: string;
  account: AccountSpec;
  /** What the organization program says of the organization (its stack outputs). */
  organization: OrganizationOutputs;
}

/**
 * What validation knows after reading every key: each field holds the stack's value, or else its
 * default (universal or tier), or is undefined where the key is missing or its value is bad. Checks
 * that span several keys run on the draft, so that every problem is found in one pass.
 */
export type Draft = { [K in keyof StackConfig]?: StackConfig[K] };

/** A check across keys; it skips what it cannot judge because a field it needs is undefined. */
export type ConfigCheck = Check<Draft>;

export type ValidationResult = ResultOf<StackConfig>;

/** Every cross-key check, in the order their problems are reported. */
export const CHECKS: readonly ConfigCheck[] = [
  ...CORE_CHECKS,
  ...ORGANIZATION_CHECKS,
  ...ACCESS_CHECKS,
  ...NETWORK_CHECKS,
  ...DATA_CHECKS,
  ...MESSAGING_CHECKS,
  ...COMPUTE_CHECKS,
  ...EVENTS_CHECKS,
  ...OBSERVABILITY_CHECKS,
  ...FLOOR_CHECKS,
];

/** The draft: the stack's name and region, each key's value or default, the account the keys describe. */
function draftOf(raw: RawStackConfig, parsed: Parsed): Draft {
  const values = draftValues(FIELD_KEYS, raw, parsed, tierOf(parsed));
  const account = accountOf(raw);
  return {
    env: raw.stack,
    region: raw.region,
    ...values,
    ...(account && { account }),
    ...(raw.organization && { organization: raw.organization }),
  };
}

/**
 * The config, from a draft without problems: every field that always has a value holds one (checked,
 * not assumed), and the region and account are known.
 */
function resolve(draft: Draft): StackConfig | undefined {
  const { env, region, account, organization, ...values } = draft;
  if (
    env === undefined ||
    region === undefined ||
    account === undefined ||
    organization === undefined ||
    !isResolved(FIELD_KEYS, values)
  ) {
    return undefined;
  }
  return { env, region, ...values, account, organization };
}

const MODEL: ConfigModel<Draft, StackConfig> = {
  keys: CONFIG_KEYS,
  draft: draftOf,
  checks: CHECKS,
  moved: MOVED_KEYS,
  namespaces: NAMESPACES,
  resolve,
};

/**
 * The draft of a stack's config, whatever its problems: what the checks across stacks read (each key's
 * value, or its default, or undefined where the value is bad).
 */
export function draftOfStack(raw: RawStackConfig): Draft {
  return draftOf(raw, parseKeys(raw, CONFIG_KEYS).parsed);
}

/**
 * Validates a stack's raw config and resolves its defaults. Pure: no Pulumi runtime needed.
 * Collects every problem instead of stopping at the first.
 */
export function validateStackConfig(raw: RawStackConfig): ValidationResult {
  return runValidation(raw, MODEL);
}

// Internal to @pulumi/pulumi (the SDK's Config uses it to warn about plain reads of secrets).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const runtimeConfig = require("@pulumi/pulumi/runtime/config") as { isConfigSecret(key: string): boolean };

/**
 * A stack's raw config from its fully qualified values (`platform:tier`, `aws:region`), as a stack file
 * and Pulumi.yaml give them: the values of a project's namespace and which of them are secrets. The
 * platform's also lists every other key, which its validation judges (the organization program's reads
 * only its own).
 */
export function rawStackConfig(
  files: {
    readonly stack: string;
    readonly config: Readonly<Record<string, string>>;
    readonly secretKeys: readonly string[];
  },
  namespace = NAMESPACE,
): RawStackConfig {
  const prefix = `${namespace}:`;
  const values: Record<string, string> = {};
  const otherKeys: string[] = [];
  for (const [k, v] of Object.entries(files.config)) {
    if (k.startsWith(prefix)) {
      values[k.slice(prefix.length)] = v;
    } else {
      otherKeys.push(k);
    }
  }
  const secretKeys = files.secretKeys.filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
  return {
    stack: files.stack,
    region: files.config["aws:region"],
    values,
    secretKeys,
    ...(namespace === NAMESPACE ? { otherKeys } : { namespace }),
  };
}

/** Reads the running stack's config of a namespace from the Pulumi runtime (including Pulumi.yaml defaults). */
export function readRawStackConfig(namespace = NAMESPACE): RawStackConfig {
  const config = pulumi.runtime.allConfig();
  const secretKeys = Object.keys(config).filter((k) => runtimeConfig.isConfigSecret(k));
  return rawStackConfig({ stack: pulumi.getStack(), config, secretKeys }, namespace);
}

/**
 * Validates the running stack's config against the organization's outputs (as read through the stack
 * reference); throws {@link ConfigValidationError} listing every problem.
 */
export function loadStackConfig(raw: RawStackConfig): StackConfig {
  const result = validateStackConfig(raw);
  if (!result.ok) {
    throw new ConfigValidationError(result.problems);
  }
  return result.config;
}
