import * as assert from "assert";

import { RecordedResource } from "../../tools/engine/mockEngine";
import { planWithParts } from "../helpers/devParts";
import { byUrn, inputs, ofType, stackPlan } from "../helpers/graph";

type Inputs = Record<string, unknown>;
const DATA_COMPONENTS = ["postgres", "cache", "search", "mongodb", "files", "static-site"];

/** Resources whose parent chain reaches one of the data components. */
function dataResources(rs: RecordedResource[]): RecordedResource[] {
  const urns = byUrn(rs);
  const inData = (r: RecordedResource): boolean => {
    for (let p = r.parent; p; p = urns.get(p)?.parent) {
      const parent = urns.get(p);
      if (parent && DATA_COMPONENTS.includes(parent.name) && parent.type.startsWith("platform:data:")) {
        return true;
      }
    }
    return false;
  };
  return rs.filter((r) => r.custom && inData(r));
}

function tierOf(rs: RecordedResource[], urn: string): string {
  return (inputs(byUrn(rs).get(urn)!).tags as Record<string, string>).tier;
}

describe("data stores in the real stacks", () => {
  for (const stack of ["dev", "stage", "prod"]) {
    describe(stack, () => {
      it("encrypts every store, secret and log group with the environment key (the edge logs with the us-east-1 key)", async () => {
        const { resources: rs } = await stackPlan(stack);
        const envKey = rs.find((r) => r.type === "aws:kms/key:Key" && r.name === "key")!;
        const edgeKey = rs.find((r) => r.type === "aws:kms/key:Key" && r.name === "static-site-edge-key")!;
        const keyOf = (r: RecordedResource, prop: string): string[] => r.propertyDependencies[prop] ?? [];
        const checks: Array<[string, string]> = [
          ["aws:rds/instance:Instance", "kmsKeyId"],
          ["aws:rds/instance:Instance", "performanceInsightsKmsKeyId"],
          ["aws:elasticache/replicationGroup:ReplicationGroup", "kmsKeyId"],
          ["aws:opensearch/domain:Domain", "encryptAtRest"],
          ["aws:secretsmanager/secret:Secret", "kmsKeyId"],
          ["aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "rules"],
        ];
        const data = dataResources(rs);
        let checked = 0;
        for (const [type, prop] of checks) {
          for (const r of ofType(data, type)) {
            assert.deepStrictEqual(keyOf(r, prop), [envKey.urn], `${r.name}.${prop}`);
            checked++;
          }
        }
        assert.ok(checked >= 6, `checked ${checked}`);
        for (const g of ofType(data, "aws:cloudwatch/logGroup:LogGroup")) {
          const expected = inputs(g).region === "us-east-1" ? edgeKey.urn : envKey.urn;
          assert.deepStrictEqual(keyOf(g, "kmsKeyId"), [expected], g.name);
          assert.ok(Number(inputs(g).retentionInDays) > 0, g.name);
        }
        const primary = rs.find((r) => r.type === "aws:rds/instance:Instance" && r.name === "postgres")!;
        assert.deepStrictEqual(keyOf(primary, "masterUserSecretKmsKeyId"), [envKey.urn]);
      });

      it("lets nothing but the services' security group reach a store", async () => {
        const { resources: rs } = await stackPlan(stack);
        const services = rs.find((r) => r.name === "network-services-sg")!;
        const rules = dataResources(rs).filter((r) => r.type.startsWith("aws:vpc/securityGroup"));
        assert.ok(rules.length >= 2);
        for (const rule of rules) {
          assert.strictEqual(
            rule.type,
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
            rule.name,
          );
          assert.deepStrictEqual(
            rule.propertyDependencies.referencedSecurityGroupId,
            [services.urn],
            rule.name,
          );
          assert.strictEqual(inputs(rule).cidrIpv4, undefined);
          assert.strictEqual(inputs(rule).cidrIpv6, undefined);
        }
        for (const db of ofType(rs, "aws:rds/instance:Instance")) {
          assert.strictEqual(inputs(db).publiclyAccessible, false);
        }
      });

      it("places the stores in the data subnets", async () => {
        const { resources: rs } = await stackPlan(stack);
        const groups = [
          ...ofType(rs, "aws:rds/subnetGroup:SubnetGroup"),
          ...ofType(rs, "aws:elasticache/subnetGroup:SubnetGroup"),
        ];
        assert.strictEqual(groups.length, 2);
        for (const g of groups) {
          const tiers = g.propertyDependencies.subnetIds.map((u) => tierOf(rs, u));
          assert.deepStrictEqual([...new Set(tiers)], ["data"], g.name);
        }
        for (const d of ofType(rs, "aws:opensearch/domain:Domain")) {
          const subnets = d.propertyDependencies.vpcOptions.filter((u) =>
            u.includes("aws:ec2/subnet:Subnet"),
          );
          assert.deepStrictEqual([...new Set(subnets.map((u) => tierOf(rs, u)))], ["data"]);
        }
      });

      // Dev leaves Atlas out to stay within its cost (docs/cost.md): judged with it back on.
      it("routes to MongoDB Atlas from every private route table and nowhere else", async () => {
        const { resources: rs } = await planWithParts(stack);
        const urns = byUrn(rs);
        const atlasRoutes = ofType(rs, "aws:ec2/route:Route").filter(
          (r) => (r.propertyDependencies.vpcPeeringConnectionId ?? []).length > 0,
        );
        const privateTables = ofType(rs, "aws:ec2/routeTable:RouteTable").filter(
          (t) => (inputs(t).tags as Record<string, string>).tier === "private",
        );
        assert.strictEqual(atlasRoutes.length, privateTables.length);
        assert.deepStrictEqual(
          atlasRoutes.map((r) => r.propertyDependencies.routeTableId[0]).sort(),
          privateTables.map((t) => t.urn).sort(),
        );
        for (const r of atlasRoutes) {
          const via = urns.get(r.propertyDependencies.vpcPeeringConnectionId[0])!;
          assert.strictEqual(via.type, "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter");
        }
      });
    });
  }

  it("protects prod's stores (protect, deletion protection, final snapshots) and not dev's", async () => {
    const stateful = (rs: RecordedResource[]): RecordedResource[] => [
      ...ofType(rs, "aws:rds/instance:Instance"),
      ...ofType(rs, "aws:elasticache/replicationGroup:ReplicationGroup"),
      ...ofType(rs, "aws:opensearch/domain:Domain"),
      ...ofType(rs, "mongodbatlas:index/advancedCluster:AdvancedCluster"),
      ...ofType(rs, "aws:s3/bucket:Bucket").filter((b) => b.name === "files-bucket"),
    ];
    const prod = stateful((await stackPlan("prod")).resources);
    assert.strictEqual(prod.length, 6, prod.map((r) => r.name).join(", "));
    for (const r of prod) {
      assert.strictEqual(r.protect, true, r.name);
    }
    for (const db of ofType(prod, "aws:rds/instance:Instance")) {
      const i: Inputs = inputs(db);
      assert.strictEqual(i.deletionProtection, true, db.name);
      if (i.replicateSourceDb === undefined) {
        assert.deepStrictEqual(
          [i.skipFinalSnapshot, i.finalSnapshotIdentifier],
          [false, "platform-prod-postgres-final"],
        );
      }
    }
    const cache = ofType(prod, "aws:elasticache/replicationGroup:ReplicationGroup")[0];
    assert.strictEqual(inputs(cache).finalSnapshotIdentifier, "platform-prod-cache-final");
    assert.strictEqual(inputs(cache).multiAzEnabled, true);
    const atlas = ofType(prod, "mongodbatlas:index/advancedCluster:AdvancedCluster")[0];
    assert.strictEqual(inputs(atlas).terminationProtectionEnabled, true);
    assert.strictEqual(inputs(atlas).backupEnabled, true);
    const dev = stateful((await stackPlan("dev")).resources);
    assert.ok(
      dev.every((r) => !r.protect),
      "dev stays disposable",
    );
  });

  it("differs by config: dev single-AZ Postgres without replicas or search, prod Multi-AZ with a replica and search", async () => {
    const count = async (stack: string, type: string): Promise<number> =>
      ofType((await stackPlan(stack)).resources, type).length;
    assert.strictEqual(await count("dev", "aws:rds/instance:Instance"), 1);
    assert.strictEqual(await count("prod", "aws:rds/instance:Instance"), 2);
    assert.strictEqual(await count("dev", "aws:opensearch/domain:Domain"), 0);
    assert.strictEqual(await count("stage", "aws:opensearch/domain:Domain"), 1);
    assert.strictEqual(await count("prod", "aws:opensearch/domain:Domain"), 1);
  });

  it("exports each store's connection details and no secret values", async () => {
    const plan = await stackPlan("prod", "up");
    const data = (plan.outputs.data ?? {}) as Record<string, Inputs>;
    assert.deepStrictEqual(Object.keys(data).sort(), [
      "cache",
      "fileStorage",
      "mongodb",
      "postgres",
      "search",
      "staticSite",
    ]);
    assert.strictEqual(data.postgres.port, 5432);
    assert.match(String(data.postgres.masterSecretArn), /^arn:aws:secretsmanager:/);
    assert.match(String(data.cache.authSecretArn), /^arn:aws:secretsmanager:/);
    assert.strictEqual(data.staticSite.url, "https://static.prod.acme-platform.com");
    assert.match(String(data.mongodb.connectionString), /^mongodb\+srv:\/\//);
    assert.doesNotMatch(JSON.stringify(data), /mock-[0-9a-f]+-password/, "the AUTH token is not an output");
  });
});
