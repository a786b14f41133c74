import * as assert from "assert";

import { CONFIG_KEYS, RawStackConfig, validateStackConfig } from "../../stacks/config";
import { BASE_VALUES, withOrganization } from "../helpers/config";
import { organizationFixture } from "../helpers/organization";

const VALID = BASE_VALUES;

function raw(
  values: Record<string, string | undefined>,
  extra: Partial<RawStackConfig> = {},
): RawStackConfig {
  const merged = { ...VALID, ...values };
  const defined = Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;
  return { ...withOrganization({ stack: "dev", region: "eu-west-1", values: defined }), ...extra };
}

function problems(config: RawStackConfig): string[] {
  const result = validateStackConfig(config);
  assert.ok(!result.ok, "expected the config to be rejected");
  return result.problems.map((p) => `${p.key}: ${p.message}`);
}

describe("stack config validation", () => {
  it("accepts a valid config and fills in the tier defaults", () => {
    const result = validateStackConfig(raw({}));
    assert.ok(result.ok);
    assert.strictEqual(result.config.azCount, CONFIG_KEYS.azCount.tierDefault.dev);
    assert.strictEqual(result.config.natGateways, "single");
    assert.strictEqual(result.config.namePrefix, "platform");
    assert.deepStrictEqual(result.config.account, {
      mode: "adopt",
      id: "111111111111",
      organizationalUnitId: "ou-ab12-nonprod1",
      accessRole: "OrganizationAccountAccessRole",
    });
  });

  it("lets the stack override a tier default", () => {
    const exception = { key: "natGateways", reason: "one NAT gateway until the egress load is known" };
    const result = validateStackConfig(
      raw({ tier: "prod", natGateways: "single", azCount: "2", prodExceptions: JSON.stringify([exception]) }),
    );
    assert.ok(result.ok);
    assert.strictEqual(result.config.natGateways, "single");
    assert.strictEqual(result.config.azCount, 2);
    assert.strictEqual(result.config.protectStatefulResources, true);
  });

  it("takes the account, its OU and the access role from the organization's outputs", () => {
    const org = organizationFixture({ accessRole: "LandingZoneAccess" });
    const result = validateStackConfig(
      raw({ tier: "prod", domain: "prod.example.com" }, { stack: "prod", organization: org }),
    );
    assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
    assert.deepStrictEqual(result.config.account, {
      mode: "adopt",
      id: "222222222222",
      organizationalUnitId: "ou-ab12-prodwork",
      accessRole: "LandingZoneAccess",
    });
  });

  const badConfigs: Array<{ name: string; config: RawStackConfig; key: string; message: RegExp }> = [
    {
      name: "unknown tier",
      config: raw({ tier: "production" }),
      key: "platform:tier",
      message: /got "production"; allowed values: "dev", "stage", "prod"/,
    },
    {
      name: "unknown NAT strategy",
      config: raw({ natGateways: "perAZ" }),
      key: "platform:natGateways",
      message: /got "perAZ"; allowed values: "perAz", "single"/,
    },
    {
      name: "malformed CIDR",
      config: raw({ vpcCidr: "10.10.0.0" }),
      key: "platform:vpcCidr",
      message: /not an IPv4 CIDR block/,
    },
    {
      name: "CIDR with host bits",
      config: raw({ vpcCidr: "10.10.0.5/16" }),
      key: "platform:vpcCidr",
      message: /host bits set \(did you mean 10\.10\.0\.0\/16\?\)/,
    },
    {
      name: "public CIDR",
      config: raw({ vpcCidr: "8.8.0.0/16" }),
      key: "platform:vpcCidr",
      message: /RFC 1918/,
    },
    {
      name: "VPC too small",
      config: raw({ vpcCidr: "10.10.0.0/24" }),
      key: "platform:vpcCidr",
      message: /between \/16 and \/22 \(got \/24\)/,
    },
    {
      name: "AZ count below 2",
      config: raw({ azCount: "1" }),
      key: "platform:azCount",
      message: /got 1; minimum is 2/,
    },
    {
      name: "AZ count above 6",
      config: raw({ azCount: "7" }),
      key: "platform:azCount",
      message: /got 7; maximum is 6/,
    },
    {
      name: "more AZs than the region has",
      config: raw({ azCount: "3" }, { region: "us-west-1" }),
      key: "platform:azCount",
      message: /got 3; us-west-1 has 2 Availability Zones/,
    },
    {
      name: "tier default above the region's AZs",
      config: raw({ tier: "prod" }, { region: "us-west-1" }),
      key: "platform:azCount",
      message: /got 3 \(the prod default\); us-west-1 has 2/,
    },
    {
      name: "AZ count not a number",
      config: raw({ azCount: "three" }),
      key: "platform:azCount",
      message: /got "three"; expected number/,
    },
    {
      name: "missing domain",
      config: raw({ domain: undefined }),
      key: "platform:domain",
      message: /is required/,
    },
    {
      name: "bad domain",
      config: raw({ domain: "Not A Domain" }),
      key: "platform:domain",
      message: /got "Not A Domain"; a lower-case DNS name/,
    },
    {
      name: "bad alert email",
      config: raw({ alertEmails: '["ops@example.com","nope"]' }),
      key: "platform:alertEmails[1]",
      message: /got "nope"/,
    },
    {
      name: "no alert emails",
      config: raw({ alertEmails: "[]" }),
      key: "platform:alertEmails",
      message: /needs at least 1 item/,
    },
    {
      name: "name prefix too long for AWS limits",
      config: raw({ namePrefix: "averylongname" }),
      key: "platform:namePrefix",
      message: /at most 12 character/,
    },
    {
      name: "name prefix plus stack too long",
      config: raw({ namePrefix: "abcdefghijkl" }, { stack: "staging-eu" }),
      key: "platform:namePrefix",
      message: /must fit 20/,
    },
    {
      name: "name prefix with capitals",
      config: raw({ namePrefix: "Acme" }),
      key: "platform:namePrefix",
      message: /lower-case letters/,
    },
    {
      name: "unknown interface endpoint",
      config: raw({ interfaceEndpoints: '["ecr.api","s3"]' }),
      key: "platform:interfaceEndpoints[1]",
      message: /got "s3"; allowed values: "ecr.api"/,
    },
    {
      name: "bad log retention",
      config: raw({ logRetentionDays: "10" }),
      key: "platform:logRetentionDays",
      message: /got 10; allowed values: 1, 3, 5, 7, 14/,
    },
    {
      name: "KMS deletion window out of range",
      config: raw({ kmsDeletionWindowDays: "3" }),
      key: "platform:kmsDeletionWindowDays",
      message: /minimum is 7/,
    },
    {
      name: "missing region",
      config: raw({}, { region: undefined }),
      key: "aws:region",
      message: /is required/,
    },
    {
      name: "unknown region",
      config: raw({}, { region: "eu-middle-9" }),
      key: "aws:region",
      message: /got "eu-middle-9"; allowed values: us-east-1/,
    },
    {
      name: "typo in a key",
      config: raw({ natGateway: "single" }),
      key: "platform:natGateway",
      message: /unknown key; did you mean platform:natGateways\?/,
    },
    {
      name: "bad stack name",
      config: raw({}, { stack: "Prod_EU" }),
      key: "stack name",
      message: /got "Prod_EU"/,
    },
  ];

  for (const c of badConfigs) {
    it(`rejects ${c.name}, naming ${c.key}`, () => {
      const found = problems(c.config);
      const match = found.find((p) => p.startsWith(`${c.key}: `) && c.message.test(p));
      assert.ok(match, `no problem for ${c.key} matching ${c.message}; got:\n  ${found.join("\n  ")}`);
    });
  }

  it("reports every problem at once", () => {
    const found = problems(
      raw({ tier: "qa", vpcCidr: "10.0.0.1/16", domain: undefined, natGateways: "many" }),
    );
    for (const key of ["platform:tier", "platform:vpcCidr", "platform:domain", "platform:natGateways"]) {
      assert.ok(
        found.some((p) => p.startsWith(`${key}: `)),
        `missing ${key} in ${found.join("; ")}`,
      );
    }
  });

  it("describes every key and gives every non-required key a default", () => {
    for (const [key, spec] of Object.entries(CONFIG_KEYS)) {
      assert.ok(spec.description.length > 20, `${key} needs a description`);
      const hasDefault = "default" in spec || "tierDefault" in spec;
      const optional = [
        // Observability: the webhook is a secret only some stacks have; the copy region defaults
        // to the partner of the stack's region.
        "alertWebhookUrl",
        "backupCopyRegion",
        // Network: unset, the region's first azCount AZ IDs of the platform's table.
        "availabilityZoneIds",
      ].includes(key);
      assert.ok("required" in spec || hasDefault || optional, `${key} has no default and is not required`);
    }
  });
});
