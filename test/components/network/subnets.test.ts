import * as assert from "assert";
import fc from "fast-check";

import {
  cidr,
  contains,
  formatCidr,
  overlappingClaims,
  overlaps,
  parseCidr,
} from "../../../components/network/cidr";
import {
  MAX_AZS,
  MAX_VPC_PREFIX,
  MIN_AZS,
  MIN_VPC_PREFIX,
  planSubnets,
  TIERS,
} from "../../../components/network/subnets";

/** A random, aligned VPC block inside one of the RFC 1918 ranges, /16../22. */
const vpcArb = fc
  .tuple(
    fc.constantFrom("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"),
    fc.integer({ min: MIN_VPC_PREFIX, max: MAX_VPC_PREFIX }),
    fc.nat(),
  )
  .map(([range, prefix, n]) => {
    const parent = cidr(range);
    const blocks = 2 ** (prefix - parent.prefix);
    return formatCidr({ base: parent.base + (n % blocks) * 2 ** (32 - prefix), prefix });
  });
const azArb = fc.integer({ min: MIN_AZS, max: MAX_AZS });

describe("subnet planner", () => {
  it("never overlaps and stays inside the VPC, for any VPC size and AZ count", () => {
    fc.assert(
      fc.property(vpcArb, azArb, (vpc, azs) => {
        const plan = planSubnets(vpc, azs);
        assert.strictEqual(plan.length, TIERS.length * azs);
        const blocks = plan.map((s) => cidr(s.cidr));
        blocks.forEach((b, i) => {
          assert.ok(contains(cidr(vpc), b), `${formatCidr(b)} outside ${vpc}`);
          blocks
            .slice(i + 1)
            .forEach((o) => assert.ok(!overlaps(b, o), `${formatCidr(b)} overlaps ${formatCidr(o)}`));
        });
      }),
      { numRuns: 300 },
    );
  });

  it("is stable: adding an AZ never renumbers an existing subnet", () => {
    fc.assert(
      fc.property(vpcArb, fc.integer({ min: MIN_AZS, max: MAX_AZS - 1 }), (vpc, azs) => {
        const before = planSubnets(vpc, azs);
        const after = planSubnets(vpc, azs + 1);
        for (const s of before) {
          const same = after.find((a) => a.tier === s.tier && a.azIndex === s.azIndex);
          assert.strictEqual(same?.cidr, s.cidr);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("gives every subnet at least a /28 and sizes the tiers private > data > public", () => {
    fc.assert(
      fc.property(vpcArb, azArb, (vpc, azs) => {
        const plan = planSubnets(vpc, azs);
        const prefix = (tier: string): number => cidr(plan.find((s) => s.tier === tier)!.cidr).prefix;
        assert.ok(prefix("public") <= 28);
        assert.ok(prefix("private") < prefix("data") && prefix("data") < prefix("public"));
      }),
    );
  });

  it("lays out a /16 as documented", () => {
    const plan = planSubnets("10.30.0.0/16", 3);
    const of = (tier: string): string[] => plan.filter((s) => s.tier === tier).map((s) => s.cidr);
    assert.deepStrictEqual(of("private"), ["10.30.0.0/20", "10.30.16.0/20", "10.30.32.0/20"]);
    assert.deepStrictEqual(of("data"), ["10.30.128.0/21", "10.30.136.0/21", "10.30.144.0/21"]);
    assert.deepStrictEqual(of("public"), ["10.30.192.0/22", "10.30.196.0/22", "10.30.200.0/22"]);
  });

  it("rejects VPCs and AZ counts the layout cannot hold", () => {
    assert.throws(() => planSubnets("10.0.0.0/23", 2), /between \/16 and \/22/);
    assert.throws(() => planSubnets("10.0.0.0/15", 2), /between \/16 and \/22/);
    assert.throws(() => planSubnets("10.0.0.0/16", 1), /from 2 to 6/);
    assert.throws(() => planSubnets("10.0.0.0/16", 7), /from 2 to 6/);
  });
});

describe("CIDR arithmetic", () => {
  it("parses blocks and names what is wrong with bad ones", () => {
    assert.deepStrictEqual(parseCidr("10.1.0.0/16"), { base: 0x0a010000, prefix: 16 });
    assert.match(parseCidr("10.1.0.1/16") as string, /host bits set \(did you mean 10\.1\.0\.0\/16\?\)/);
    assert.match(parseCidr("10.300.0.0/16") as string, /octets 0\.\.255/);
    assert.match(parseCidr("10.0.0.0") as string, /not an IPv4 CIDR/);
    assert.match(parseCidr("10.0.0.0/33") as string, /prefix 0\.\.32/);
  });

  it("detects overlaps between claimed blocks and names both keys", () => {
    const problems = overlappingClaims([
      { key: "platform:vpcCidr", cidr: "10.10.0.0/16" },
      { key: "platform:atlasCidr", cidr: "10.10.128.0/18" },
      { key: "platform:other", cidr: "10.11.0.0/16" },
    ]);
    assert.deepStrictEqual(problems.length, 1);
    assert.match(
      problems[0],
      /platform:atlasCidr \(10\.10\.128\.0\/18\) overlaps platform:vpcCidr \(10\.10\.0\.0\/16\)/,
    );
  });
});
