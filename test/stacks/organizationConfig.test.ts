/** An environment's config against the organization's outputs: membership, tier, domain, region, delegation. */
import * as assert from "assert";

import { OrganizationOutputs } from "../../components/organization/contract";
import { RawStackConfig, validateStackConfig } from "../../stacks/config";
import { problemLines, rawConfig } from "../helpers/config";

/** The base config (stack dev) with the organization's outputs changed. */
function withOrg(change: (org: OrganizationOutputs) => OrganizationOutputs, values = {}): RawStackConfig {
  const raw = rawConfig(values);
  return { ...raw, organization: change(raw.organization!) };
}

describe("environment config against the organization", () => {
  it("takes the account, its OU and the access role from the organization", () => {
    const result = validateStackConfig(rawConfig());
    assert.ok(result.ok);
    assert.deepStrictEqual(result.config.account, {
      mode: "adopt",
      id: "111111111111",
      organizationalUnitId: "ou-ab12-nonprod1",
      accessRole: "OrganizationAccountAccessRole",
    });
    assert.strictEqual(result.config.organization.securityAccountId, "999999999999");
  });

  it("names the key when the organization's outputs could not be read", () => {
    assert.deepStrictEqual(problemLines({ ...rawConfig(), organization: undefined }), [
      'platform:organizationStack: the outputs of the organization stack "organization/organization/organization" could not be read; deploy the organization program first (docs/organization.md)',
    ]);
  });

  it("refuses outputs of another contract version", () => {
    assert.deepStrictEqual(problemLines(withOrg((org) => ({ ...org, contractVersion: 99 }))), [
      "platform:organizationStack: its outputs are contract version 99; this code reads version 1: deploy the organization program from the same commit",
    ]);
  });

  it("refuses a stack the organization does not know", () => {
    assert.deepStrictEqual(problemLines({ ...rawConfig(), stack: "qa" }).slice(0, 1), [
      'stack name: "qa" is not one of the organization\'s environments (dev, prod); add it to organization:environments in organization/Pulumi.organization.yaml and deploy the organization first',
    ]);
  });

  it("refuses a tier or domain other than the organization's, and a region its guardrails deny", () => {
    const org = (o: OrganizationOutputs): OrganizationOutputs => ({
      ...o,
      environments: {
        ...o.environments,
        dev: { ...o.environments.dev, tier: "stage", domain: "qa.example.com" },
      },
    });
    assert.deepStrictEqual(
      problemLines(withOrg(org)),
      [
        'platform:tier: got "dev"; the organization knows dev as tier "stage" (its OU and session lengths follow it): make them agree',
        'platform:domain: got "dev.example.com"; the organization knows dev\'s domain as "qa.example.com" (its DNS delegation is scoped to it): make them agree',
        'platform:domain: got "dev.example.com"; a created zone must lie below the organization\'s parent zone example.com (or adopt the zone by id with platform:publicHostedZone)',
      ].slice(0, 2),
    );
    assert.deepStrictEqual(problemLines({ ...rawConfig(), region: "eu-north-1" }).slice(0, 1), [
      'aws:region: got "eu-north-1"; the organization\'s guardrails deny it (organization:allowedRegions: eu-west-1, eu-central-1)',
    ]);
  });

  it("refuses an environment account that is the security or shared-services account", () => {
    const org = (o: OrganizationOutputs): OrganizationOutputs => ({
      ...o,
      environments: { ...o.environments, dev: { ...o.environments.dev, accountId: o.securityAccountId } },
    });
    assert.deepStrictEqual(problemLines(withOrg(org)), [
      "platform:organizationStack: the organization gives dev account 999999999999, which is its security or shared-services account; an environment needs its own account",
    ]);
  });

  describe("the delegation of a created public zone", () => {
    it("accepts a created zone under the organization's parent zone, and an adopted zone without one", () => {
      assert.deepStrictEqual(problemLines(rawConfig()), []);
      const noDns = (o: OrganizationOutputs): OrganizationOutputs => ({ ...o, dns: undefined });
      assert.deepStrictEqual(problemLines(withOrg(noDns, { publicHostedZone: "Z0123456789ABC" })), []);
    });

    it("refuses a created zone when the organization has no parent zone", () => {
      const noDns = (o: OrganizationOutputs): OrganizationOutputs => ({ ...o, dns: undefined });
      assert.deepStrictEqual(problemLines(withOrg(noDns)), [
        "platform:publicHostedZone: is create, but the organization has no parent zone to delegate it from (organization:dns in organization/Pulumi.organization.yaml); set that, or adopt an existing, delegated zone by its id",
      ]);
    });

    it("refuses a created zone that does not lie below the parent zone", () => {
      const other = (o: OrganizationOutputs): OrganizationOutputs => ({
        ...o,
        dns: { parentZoneId: "Z0PARENT0EXAMPLE", parentZoneName: "example.org" },
      });
      assert.deepStrictEqual(problemLines(withOrg(other)), [
        'platform:domain: got "dev.example.com"; a created zone must lie below the organization\'s parent zone example.org (or adopt the zone by id with platform:publicHostedZone)',
      ]);
    });
  });
});
