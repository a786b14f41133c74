import * as assert from "assert";

import { RawStackConfig, validateStackConfig } from "../../stacks/config";
import { values } from "../helpers/config";

/** A prod stack that adopts its account and gives people access through Identity Center. */
const VALID = values({
  tier: "prod",
  domain: "example.com",
  accountEmail: undefined,
  accountId: "123456789012",
  peopleAccess: undefined,
  identityCenterInstanceArn: "arn:aws:sso:::instance/ssoins-0123456789abcdef",
  identityStoreId: "d-0123456789",
});

function problems(values: Record<string, string | undefined>): string[] {
  const merged = Object.fromEntries(
    Object.entries({ ...VALID, ...values }).filter(([, v]) => v !== undefined),
  ) as Record<string, string>;
  const raw: RawStackConfig = { stack: "prod", region: "eu-west-1", values: merged };
  const result = validateStackConfig(raw);
  return result.ok ? [] : result.problems.map((p) => `${p.key}: ${p.message}`);
}

describe("access model config", () => {
  it("accepts Identity Center with its instance, and cross-account roles without it", () => {
    assert.deepStrictEqual(problems({}), []);
    assert.deepStrictEqual(
      problems({
        peopleAccess: "crossAccountRoles",
        identityCenterInstanceArn: undefined,
        identityStoreId: undefined,
      }),
      [],
    );
  });

  const cases: Array<[string, Record<string, string | undefined>, RegExp]> = [
    [
      "a repository slug that is not owner/name",
      { githubRepository: "platform" },
      /^platform:githubRepository: got "platform"; a GitHub repository as owner\/name/,
    ],
    [
      "an empty group name",
      { accessGroups: JSON.stringify({ administrators: " ", developers: "d", oncall: "o", auditors: "a" }) },
      /^platform:accessGroups\.administrators: got " "; needs at least 1 character/,
    ],
    [
      "two roles sharing a group",
      {
        accessGroups: JSON.stringify({
          administrators: "ops",
          developers: "d",
          oncall: "Ops",
          auditors: "a",
        }),
      },
      /^platform:accessGroups\.oncall: got "Ops", the same group as accessGroups\.administrators/,
    ],
    [
      "a missing group",
      { accessGroups: JSON.stringify({ administrators: "ops", developers: "d", oncall: "o" }) },
      /^platform:accessGroups\.auditors: got undefined; expected string/,
    ],
    [
      "an empty team name",
      { appTeams: JSON.stringify([{ name: "", repository: "acme/orders" }]) },
      /^platform:appTeams\[0\]\.name: got ""; 2\.\.21 of a-z/,
    ],
    [
      "two teams with one name",
      {
        appTeams: JSON.stringify([
          { name: "orders", repository: "acme/a" },
          { name: "orders", repository: "acme/b" },
        ]),
      },
      /^platform:appTeams\[1\]\.name: got "orders", already the name of appTeams\[0\]/,
    ],
    [
      "a team repository that is not owner/name",
      { appTeams: JSON.stringify([{ name: "orders", repository: "orders" }]) },
      /^platform:appTeams\[0\]\.repository: got "orders"; a GitHub repository/,
    ],
    [
      "a region allow-list without the stack's region",
      { allowedRegions: JSON.stringify(["us-east-1"]) },
      /^platform:allowedRegions: got \["us-east-1"\]; it must include the stack's own region eu-west-1/,
    ],
    [
      "an unknown region in the allow-list",
      { allowedRegions: JSON.stringify(["eu-west-1", "mars-1"]) },
      /^platform:allowedRegions\[1\]: got "mars-1"; allowed values/,
    ],
    [
      "a session longer than AWS allows",
      { sessionDurationHours: "24" },
      /^platform:sessionDurationHours: got 24; maximum is 12/,
    ],
    [
      "a session shorter than AWS allows",
      { sessionDurationHours: "0" },
      /^platform:sessionDurationHours: got 0; minimum is 1/,
    ],
    [
      "Identity Center without its instance",
      { identityCenterInstanceArn: undefined },
      /^platform:identityCenterInstanceArn: is required with peopleAccess identityCenter/,
    ],
    [
      "an unknown people access mode",
      { peopleAccess: "sso" },
      /^platform:peopleAccess: got "sso"; allowed values: "identityCenter", "crossAccountRoles"/,
    ],
    [
      "a missing security account",
      { securityAccountId: undefined },
      /^platform:securityAccountId: is required/,
    ],
  ];
  for (const [name, values, message] of cases) {
    it(`rejects ${name}`, () => {
      const found = problems(values);
      assert.ok(
        found.some((p) => message.test(p)),
        `expected ${message}; got:\n  ${found.join("\n  ")}`,
      );
    });
  }
});
