import * as assert from "assert";

import { RawStackConfig, validateStackConfig } from "../../stacks/config";
import { values, withOrganization } from "../helpers/config";

/** A prod stack that adopts its account and builds Atlas and search. */
const VALID = values({
  tier: "prod",
  domain: "prod.example.com",
  vpcCidr: "10.30.0.0/16",
  mongodbEnabled: "true",
  mongodbAtlasOrgId: "5f1a2b3c4d5e6f7a8b9c0d1e",
  mongodbAtlasCidr: "192.168.224.0/21",
  searchEnabled: "true",
});

function raw(values: Record<string, string | undefined>, region = "eu-west-1"): RawStackConfig {
  const merged = Object.entries({ ...VALID, ...values }).filter(([, v]) => v !== undefined);
  return withOrganization({
    stack: "prod",
    region,
    values: Object.fromEntries(merged) as Record<string, string>,
  });
}

function problems(values: Record<string, string | undefined>, region?: string): string[] {
  const result = validateStackConfig(raw(values, region));
  assert.ok(!result.ok, "expected the config to be rejected");
  return result.problems.map((p) => `${p.key}: ${p.message}`);
}

describe("data store config", () => {
  it("accepts a full prod config and fills in the data tier defaults", () => {
    const result = validateStackConfig(raw({}));
    assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
    const c = result.config;
    assert.deepStrictEqual(
      [c.postgresInstanceClass, c.postgresMultiAz, c.postgresBackupRetentionDays, c.postgresReadReplicas],
      ["db.r7g.large", true, 35, 1],
    );
    assert.deepStrictEqual(
      [c.cacheEngine, c.cacheReplicas, c.mongodbInstanceSize, c.mongodbBackup],
      ["valkey", 2, "M30", true],
    );
    assert.deepStrictEqual(
      [c.postgresMajorVersion, c.staticSiteSubdomain, c.searchInstanceCount],
      [17, "static", 3],
    );
  });

  it("leaves MongoDB Atlas and search off unless asked", () => {
    const result = validateStackConfig(
      raw({
        mongodbEnabled: undefined,
        mongodbAtlasOrgId: undefined,
        mongodbAtlasCidr: undefined,
        searchEnabled: undefined,
      }),
    );
    assert.ok(result.ok);
    assert.deepStrictEqual([result.config.mongodbEnabled, result.config.searchEnabled], [false, false]);
  });

  const bad: Array<{
    name: string;
    values: Record<string, string | undefined>;
    region?: string;
    expected: string;
  }> = [
    {
      name: "an Atlas CIDR that overlaps the VPC",
      values: { mongodbAtlasCidr: "10.30.8.0/21" },
      expected:
        "platform:mongodbAtlasCidr: platform:mongodbAtlasCidr (10.30.8.0/21) overlaps platform:vpcCidr (10.30.0.0/16); each block must be disjoint so that routes are unambiguous",
    },
    {
      name: "an Atlas CIDR larger than Atlas accepts",
      values: { mongodbAtlasCidr: "192.168.0.0/20" },
      expected: 'platform:mongodbAtlasCidr: got "192.168.0.0/20"; Atlas accepts a /21 to /24 (got /20)',
    },
    {
      name: "an Atlas CIDR outside RFC 1918",
      values: { mongodbAtlasCidr: "100.64.0.0/21" },
      expected:
        'platform:mongodbAtlasCidr: got "100.64.0.0/21"; must lie inside an RFC 1918 range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)',
    },
    {
      name: "an Atlas CIDR with host bits",
      values: { mongodbAtlasCidr: "192.168.224.1/21" },
      expected:
        'platform:mongodbAtlasCidr: "192.168.224.1/21" has host bits set (did you mean 192.168.224.0/21?)',
    },
    {
      name: "Atlas without an organization",
      values: { mongodbAtlasOrgId: undefined },
      expected:
        "platform:mongodbAtlasOrgId: is required with mongodbEnabled: the Atlas organization (24 hex digits) the project is created in",
    },
    {
      name: "a malformed Atlas organization id",
      values: { mongodbAtlasOrgId: "acme" },
      expected: 'platform:mongodbAtlasOrgId: got "acme"; a MongoDB Atlas organization id (24 hex digits)',
    },
    {
      name: "an Atlas tier that cannot peer",
      values: { mongodbInstanceSize: "M0" },
      expected:
        'platform:mongodbInstanceSize: got "M0"; allowed values: "M10", "M20", "M30", "M40", "M50", "M60", "M80", "M140", "M200", "M300", "R40", "R50", "R60", "R80", "R200", "R300", "R400", "R700"',
    },
    {
      name: "more Postgres replicas than the AZs allow",
      values: { postgresReadReplicas: "3" },
      expected:
        "platform:postgresReadReplicas: got 3; each replica sits in an AZ other than the primary's: at most 2 with azCount 3",
    },
    {
      name: "more Postgres replicas than two AZs allow",
      values: { azCount: "2", postgresReadReplicas: "2", searchEnabled: "false" },
      expected:
        "platform:postgresReadReplicas: got 2; each replica sits in an AZ other than the primary's: at most 1 with azCount 2",
    },
    {
      name: "an instance class that does not exist for Postgres",
      values: { postgresInstanceClass: "db.r7g.huge" },
      expected:
        'platform:postgresInstanceClass: got "db.r7g.huge"; not an RDS for PostgreSQL instance class the platform runs; one of db.t3.medium, db.t3.large, db.t3.xlarge, db.t3.2xlarge, ... (70 in all: components/data/catalog.ts)',
    },
    {
      name: "a cache node type as a Postgres class",
      values: { postgresInstanceClass: "cache.r7g.large" },
      expected:
        'platform:postgresInstanceClass: got "cache.r7g.large"; not an RDS for PostgreSQL instance class the platform runs; one of db.t3.medium, db.t3.large, db.t3.xlarge, db.t3.2xlarge, ... (70 in all: components/data/catalog.ts)',
    },
    {
      name: "a node type that does not exist for ElastiCache",
      values: { cacheNodeType: "db.r7g.large" },
      expected:
        'platform:cacheNodeType: got "db.r7g.large"; not an ElastiCache node type the platform runs; one of cache.t3.micro, cache.t3.small, cache.t3.medium, cache.t4g.micro, ... (46 in all: components/data/catalog.ts)',
    },
    {
      name: "an OpenSearch type without encryption at rest support",
      values: { searchInstanceType: "t2.small.search" },
      expected:
        'platform:searchInstanceType: got "t2.small.search"; not an OpenSearch instance type the platform runs; one of t3.medium.search, m6g.large.search, m6g.xlarge.search, m6g.2xlarge.search, ... (40 in all: components/data/catalog.ts)',
    },
    {
      name: "a backup retention below the platform's 7 days",
      values: { postgresBackupRetentionDays: "3" },
      expected: "platform:postgresBackupRetentionDays: got 3; minimum is 7",
    },
    {
      name: "a backup retention above AWS's 35 days",
      values: { postgresBackupRetentionDays: "40" },
      expected: "platform:postgresBackupRetentionDays: got 40; maximum is 35",
    },
    {
      name: "a snapshot retention above AWS's 35 days",
      values: { cacheSnapshotRetentionDays: "36" },
      expected: "platform:cacheSnapshotRetentionDays: got 36; maximum is 35",
    },
    {
      name: "Postgres storage below the gp3 minimum",
      values: { postgresAllocatedStorageGb: "10" },
      expected: "platform:postgresAllocatedStorageGb: got 10; minimum is 20",
    },
    {
      name: "Postgres storage above the RDS maximum",
      values: { postgresMaxAllocatedStorageGb: "70000" },
      expected: "platform:postgresMaxAllocatedStorageGb: got 70000; maximum is 65536",
    },
    {
      name: "a storage autoscaling ceiling not above the allocation",
      values: { postgresAllocatedStorageGb: "1000" },
      expected:
        "platform:postgresMaxAllocatedStorageGb: got 1000 (the prod default); the autoscaling ceiling must be above postgresAllocatedStorageGb (1000)",
    },
    {
      name: "a search volume below the gp3 minimum",
      values: { searchVolumeGb: "5" },
      expected: "platform:searchVolumeGb: got 5; minimum is 10",
    },
    {
      name: "more cache replicas than ElastiCache allows",
      values: { cacheReplicas: "6" },
      expected: "platform:cacheReplicas: got 6; maximum is 5",
    },
    {
      name: "search nodes that cannot spread over the AZs",
      values: { searchInstanceCount: "5" },
      expected:
        "platform:searchInstanceCount: got 5; zone awareness spreads the data nodes evenly over the AZs: the count must be a multiple of 2 or 3",
    },
    {
      name: "an unknown cache engine",
      values: { cacheEngine: "memcache" },
      expected: 'platform:cacheEngine: got "memcache"; allowed values: "valkey", "redis", "memcached"',
    },
    {
      name: "an unsupported Postgres version",
      values: { postgresMajorVersion: "12" },
      expected: "platform:postgresMajorVersion: got 12; allowed values: 14, 15, 16, 17",
    },
    {
      name: "a static site host that is not one DNS label",
      values: { staticSiteSubdomain: "cdn.static" },
      expected: "platform:staticSiteSubdomain: got \"cdn.static\"; one DNS label (a-z, 0-9, '-')",
    },
    {
      name: "an unknown CloudFront price class",
      values: { staticSitePriceClass: "PriceClass_50" },
      expected:
        'platform:staticSitePriceClass: got "PriceClass_50"; allowed values: "PriceClass_100", "PriceClass_200", "PriceClass_All"',
    },
  ];

  for (const { name, values, region, expected } of bad) {
    it(`rejects ${name}`, () => {
      assert.deepStrictEqual(problems(values, region), [expected]);
    });
  }

  it("names the tier default when the prod search layout does not fit two AZs", () => {
    assert.deepStrictEqual(problems({ azCount: "2" }), [
      "platform:searchInstanceCount: got 3 (the prod default); zone awareness spreads the data nodes evenly over the AZs: the count must be a multiple of 2",
    ]);
  });

  it("does not claim the Atlas CIDR when Atlas is off", () => {
    const result = validateStackConfig(raw({ mongodbEnabled: "false", mongodbAtlasCidr: "10.30.8.0/21" }));
    assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
  });
});
