/** The organization program's config: its stack file validates, and each bad value names its key. */
import * as assert from "assert";
import * as path from "path";

import { ORGANIZATION_NAMESPACE, validateOrganizationConfig } from "../../organization/config";
import { rawStackConfig } from "../../stacks/config";
import { readStackFiles } from "../../tools/engine/stackFiles";

const FILES = readStackFiles("organization", path.join(__dirname, "..", "..", "..", "organization"));

/** The organization's real stack file with `changes` (values as YAML would give them: JSON for lists). */
function problems(changes: Record<string, unknown>, region = "eu-west-1"): string[] {
  const config: Record<string, string> = { ...FILES.config, "aws:region": region };
  for (const [k, v] of Object.entries(changes)) {
    config[`${ORGANIZATION_NAMESPACE}:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
  }
  const result = validateOrganizationConfig(rawStackConfig({ ...FILES, config }, ORGANIZATION_NAMESPACE));
  return result.ok ? [] : result.problems.map((p) => `${p.key}: ${p.message}`);
}

const ENVIRONMENTS = JSON.parse(FILES.config["organization:environments"]) as {
  name: string;
  domain: string;
  account: { email?: string; id?: string };
}[];

describe("the organization program's config", () => {
  it("validates as checked in", () => {
    assert.deepStrictEqual(problems({}), []);
  });

  it("refuses two environments of one name or one domain, naming the later one", () => {
    const [dev, stage] = ENVIRONMENTS;
    const twice = [dev, { ...stage, name: dev.name, domain: dev.domain }, ...ENVIRONMENTS.slice(2)];
    assert.deepStrictEqual(problems({ environments: twice }), [
      `organization:environments[1].name: got "${dev.name}", already environments[0].name; each environment needs its own`,
      `organization:environments[1].domain: got "${dev.domain}", already environments[0].domain; each environment needs its own`,
    ]);
  });

  it("refuses one root e-mail for two accounts, compared without case", () => {
    const [dev, stage] = ENVIRONMENTS;
    const shared = [
      dev,
      { ...stage, account: { email: dev.account.email!.toUpperCase() } },
      ...ENVIRONMENTS.slice(2),
    ];
    assert.deepStrictEqual(problems({ environments: shared }), [
      `organization:environments[1].account.email: got "${dev.account.email}", the same as organization:environments[0].account.email; every account needs its own root e-mail (unique across AWS)`,
    ]);
  });

  it("refuses an environment domain outside the parent zone", () => {
    const [dev, ...rest] = ENVIRONMENTS;
    assert.deepStrictEqual(problems({ environments: [{ ...dev, domain: "dev.example.org" }, ...rest] }), [
      'organization:environments[0].domain: got "dev.example.org"; it must be acme-platform.com or a subdomain of it (organization:dns.parentDomain), so the parent zone can delegate to it',
    ]);
  });

  it("refuses allowed regions without its own region", () => {
    assert.deepStrictEqual(problems({ allowedRegions: ["eu-central-1"] }), [
      `organization:allowedRegions: got ["eu-central-1"]; it must include the organization's own region eu-west-1 (aws:region)`,
    ]);
  });
});
