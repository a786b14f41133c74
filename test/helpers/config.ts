/** Stack config values shared by the config tests: a valid base that each test changes one key of. */
import { RawStackConfig, validateStackConfig } from "../../stacks/config";

/** The `platform:` values every valid stack needs (a dev-tier stack that creates its account). */
export const BASE_VALUES: Readonly<Record<string, string>> = {
  tier: "dev",
  owner: "platform-team",
  costCentre: "CC-1",
  domain: "dev.example.com",
  alertEmails: JSON.stringify(["ops@example.com"]),
  accountEmail: "aws-dev@example.com",
  organizationalUnitId: "ou-ab12-abcdefgh",
  vpcCidr: "10.10.0.0/16",
  securityAccountId: "999999999999",
  peopleAccess: "crossAccountRoles",
  // The created public zone's delegation from its parent.
  dnsParentZoneId: "Z0PARENT0EXAMPLE",
  dnsParentZoneRoleArn: "arn:aws:iam::444455556666:role/dns-delegation",
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
  return { stack: "dev", region: "eu-west-1", values: values(changes, base), ...extra };
}

/** The problems validation reports, as `key: message` lines (empty when the config is valid). */
export function problemLines(raw: RawStackConfig): string[] {
  const result = validateStackConfig(raw);
  return result.ok ? [] : result.problems.map((p) => `${p.key}: ${p.message}`);
}
