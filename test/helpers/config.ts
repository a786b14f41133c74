/** Stack config values shared by the config tests: a valid base that each test changes one key of. */
import * as assert from "assert";

import { backupCopyRegionFor } from "../../components/observability/backup";
import { OrganizationOutputs } from "../../components/organization/contract";
import { RawStackConfig, StackConfig, validateStackConfig } from "../../stacks/config";
import { organizationOutputs, rawConfigOf } from "../../tools/engine/plan";
import { readStackFiles } from "../../tools/engine/stackFiles";
import { organizationFixture } from "./organization";

/** The `platform:` values every valid stack needs (a dev-tier stack of the organization fixture). */
export const BASE_VALUES: Readonly<Record<string, string>> = {
  tier: "dev",
  owner: "platform-team",
  costCentre: "CC-1",
  domain: "dev.example.com",
  alertEmails: JSON.stringify(["ops@example.com"]),
  vpcCidr: "10.10.0.0/16",
  peopleAccess: "crossAccountRoles",
};

/** `BASE_VALUES` with changes; a value of `undefined` removes the key. */
export function values(
  changes: Record<string, string | undefined> = {},
  base = BASE_VALUES,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries({ ...base, ...changes }).filter((e): e is [string, string] => e[1] !== undefined),
  );
}

export function rawConfig(
  changes: Record<string, string | undefined> = {},
  extra: Partial<RawStackConfig> = {},
  base = BASE_VALUES,
): RawStackConfig {
  const raw = { stack: "dev", region: "eu-west-1", values: values(changes, base), ...extra };
  return "organization" in extra ? raw : withOrganization(raw);
}

/** A real stack's config as the plan validates it: its stack files and the organization stack's outputs. */
export async function realStackConfig(stack: string): Promise<StackConfig> {
  const { outputs } = await organizationOutputs();
  const result = validateStackConfig({ ...rawConfigOf(readStackFiles(stack)), organization: outputs });
  assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
  return result.config;
}

/**
 * The organization fixture, knowing the stack as an environment of the values' tier and domain (when they
 * are valid), so that a test of another key does not also meet a membership problem.
 */
export function organizationKnowing(
  stack: string,
  vals: Record<string, string>,
  region = "eu-west-1",
): OrganizationOutputs {
  const org = organizationFixture();
  const known = org.environments.dev;
  const tier = ["dev", "stage", "prod"].includes(vals.tier) ? vals.tier : known.tier;
  const domain = vals.domain ?? known.domain;
  return {
    ...org,
    // The stack's region and its backup partner, so that a test of another key meets no region problem.
    allowedRegions: [...new Set([region, backupCopyRegionFor(region) ?? region, ...org.allowedRegions])],
    environments: {
      ...org.environments,
      [stack]: {
        ...known,
        tier,
        domain,
        organizationalUnitId:
          tier === "prod" ? org.organizationalUnits.prod : org.organizationalUnits.nonProd,
      },
    },
  };
}

/** A raw config with the organization fixture knowing its stack as {@link organizationKnowing} does. */
export function withOrganization(raw: RawStackConfig): RawStackConfig {
  return { ...raw, organization: organizationKnowing(raw.stack, { ...raw.values }, raw.region) };
}

/** The problems validation reports, as `key: message` lines (empty when the config is valid). */
export function problemLines(raw: RawStackConfig): string[] {
  const result = validateStackConfig(raw);
  return result.ok ? [] : result.problems.map((p) => `${p.key}: ${p.message}`);
}
