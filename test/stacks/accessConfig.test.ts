import * as assert from "assert";

import { RawStackConfig, validateStackConfig } from "../../stacks/config";
import { values, withOrganization } from "../helpers/config";
import { organizationFixture } from "../helpers/organization";

/** A prod stack whose people come through the organization's Identity Center. */
const VALID = values({ tier: "prod", domain: "prod.example.com", peopleAccess: undefined });

function problems(
  values: Record<string, string | undefined>,
  organization = organizationFixture(),
): string[] {
  const merged = Object.fromEntries(
    Object.entries({ ...VALID, ...values }).filter(([, v]) => v !== undefined),
  ) as Record<string, string>;
  const raw: RawStackConfig = withOrganization({ stack: "prod", region: "eu-west-1", values: merged });
  // The given organization, knowing this stack as withOrganization does.
  const known = { ...organization, environments: raw.organization?.environments ?? {} };
  const result = validateStackConfig({ ...raw, organization: known });
  return result.ok ? [] : result.problems.map((p) => `${p.key}: ${p.message}`);
}

describe("access model config", () => {
  it("accepts Identity Center when the organization has it, and cross-account roles either way", () => {
    assert.deepStrictEqual(problems({}), []);
    const without = organizationFixture({ identityCenter: undefined });
    assert.deepStrictEqual(problems({ peopleAccess: "crossAccountRoles" }, without), []);
    assert.deepStrictEqual(problems({}, without), [
      'platform:peopleAccess: got "identityCenter", but the organization has no Identity Center (organization:identityCenter in organization/Pulumi.organization.yaml); set it there, or set peopleAccess crossAccountRoles',
    ]);
  });

  const cases: Array<[string, Record<string, string | undefined>, RegExp]> = [
    [
      "a repository slug that is not owner/name",
      { githubRepository: "platform" },
      /^platform:githubRepository: got "platform"; a GitHub repository as owner\/name/,
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
      "an unknown people access mode",
      { peopleAccess: "sso" },
      /^platform:peopleAccess: got "sso"; allowed values: "identityCenter", "crossAccountRoles"/,
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
