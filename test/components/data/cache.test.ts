import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";

import { Cache, CacheArgs, cacheNodeZones } from "../../../components/data/cache";
import { RecordedResource } from "../../../tools/engine/mockEngine";
import { byUrn, inputs, ofType, runComponent, single } from "../../helpers/graph";
import { AZS, DATA_SUBNETS, KEY, valueOf } from "./values";

const ARGS: CacheArgs = {
  baseName: "platform-prod",
  engine: "valkey",
  nodeType: "cache.r7g.large",
  replicas: 2,
  snapshotRetentionDays: 14,
  vpcId: "vpc-1",
  subnetIds: DATA_SUBNETS,
  availabilityZones: AZS,
  clientSecurityGroupIds: ["sg-services"],
  kmsKeyArn: KEY,
  logRetentionDays: 365,
  protect: true,
};

async function cache(args: Partial<CacheArgs> = {}, preview = false): Promise<RecordedResource[]> {
  return (await runComponent(() => new Cache("cache", { ...ARGS, ...args }), { preview })).resources;
}

const group = (rs: RecordedResource[]): RecordedResource =>
  single(rs, "aws:elasticache/replicationGroup:ReplicationGroup");

describe("Cache (Valkey/Redis)", () => {
  it("encrypts at rest with the environment key and requires TLS", async () => {
    const i = inputs(group(await cache()));
    assert.strictEqual(i.atRestEncryptionEnabled, true);
    assert.strictEqual(i.kmsKeyId, KEY);
    assert.strictEqual(i.transitEncryptionEnabled, true);
    assert.strictEqual(i.transitEncryptionMode, "required");
    assert.deepStrictEqual([i.engine, i.engineVersion, i.port], ["valkey", "8.0", 6379]);
  });

  it("keeps the generated AUTH token secret, in Secrets Manager under the environment key", async () => {
    const rs = await cache({}, true);
    const rg = group(rs);
    assert.strictEqual(inputs(rg).authToken, "[secret]", "a Pulumi secret in the state");
    const token = single(rs, "random:index/randomPassword:RandomPassword");
    assert.deepStrictEqual(rg.propertyDependencies.authToken, [token.urn]);
    assert.strictEqual(inputs(token).special, false);
    assert.strictEqual(inputs(token).length, 64);
    const secret = single(rs, "aws:secretsmanager/secret:Secret");
    assert.strictEqual(inputs(secret).kmsKeyId, KEY);
    assert.strictEqual(secret.protect, true);
    const version = single(rs, "aws:secretsmanager/secretVersion:SecretVersion");
    assert.strictEqual(inputs(version).secretString, "[secret]");
    assert.deepStrictEqual(version.propertyDependencies.secretId, [secret.urn]);
  });

  it("runs Multi-AZ with automatic failover and a node per AZ when it has replicas", async () => {
    const i = inputs(group(await cache()));
    assert.strictEqual(i.numCacheClusters, 3);
    assert.strictEqual(i.automaticFailoverEnabled, true);
    assert.strictEqual(i.multiAzEnabled, true);
    assert.deepStrictEqual(i.preferredCacheClusterAzs, AZS);
    const dev = inputs(group(await cache({ replicas: 0, protect: false })));
    assert.strictEqual(dev.numCacheClusters, 1);
    assert.strictEqual(dev.automaticFailoverEnabled, false);
    assert.strictEqual(dev.multiAzEnabled, false);
  });

  it("sits in the data subnets, reachable on 6379 from the services group only", async () => {
    const rs = await cache();
    const subnets = single(rs, "aws:elasticache/subnetGroup:SubnetGroup");
    assert.deepStrictEqual(inputs(subnets).subnetIds, DATA_SUBNETS);
    assert.deepStrictEqual(group(rs).propertyDependencies.subnetGroupName, [subnets.urn]);
    const sg = single(rs, "aws:ec2/securityGroup:SecurityGroup");
    assert.deepStrictEqual(group(rs).propertyDependencies.securityGroupIds, [sg.urn]);
    const rule = single(rs, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    assert.deepStrictEqual(
      [
        inputs(rule).referencedSecurityGroupId,
        inputs(rule).fromPort,
        inputs(rule).toPort,
        inputs(rule).cidrIpv4,
      ],
      ["sg-services", 6379, 6379, undefined],
    );
    assert.strictEqual(ofType(rs, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").length, 0);
  });

  it("keeps snapshots, takes a final one, maintains in its window and is protected in prod", async () => {
    const rg = group(await cache());
    const i = inputs(rg);
    assert.strictEqual(i.snapshotRetentionLimit, 14);
    assert.strictEqual(i.finalSnapshotIdentifier, "platform-prod-cache-final");
    assert.strictEqual(i.maintenanceWindow, "sun:05:00-sun:06:00");
    assert.strictEqual(i.snapshotWindow, "02:00-03:00");
    assert.strictEqual(rg.protect, true);
    assert.strictEqual(group(await cache({ protect: false })).protect, false);
  });

  it("delivers slow and engine logs to encrypted log groups with retention, through its parameter group", async () => {
    const rs = await cache();
    const rg = group(rs);
    const urns = byUrn(rs);
    const delivered = rg.propertyDependencies.logDeliveryConfigurations.map((u) => urns.get(u)!);
    assert.strictEqual(delivered.length, 2);
    for (const g of delivered) {
      assert.strictEqual(g.type, "aws:cloudwatch/logGroup:LogGroup");
      assert.strictEqual(inputs(g).kmsKeyId, KEY);
      assert.strictEqual(inputs(g).retentionInDays, 365);
    }
    assert.deepStrictEqual(
      (inputs(rg).logDeliveryConfigurations as Array<{ logType: string }>).map((c) => c.logType),
      ["slow-log", "engine-log"],
    );
    const params = single(rs, "aws:elasticache/parameterGroup:ParameterGroup");
    assert.strictEqual(inputs(params).family, "valkey8");
    assert.deepStrictEqual(rg.propertyDependencies.parameterGroupName, [params.urn]);
  });

  it("exposes endpoints, port, the AUTH secret and its security group", async () => {
    let c: Cache | undefined;
    await runComponent(() => {
      c = new Cache("cache", ARGS);
    });
    const [endpoint, reader, secret, sg] = await valueOf(
      pulumi.all([c!.endpoint, c!.readerEndpoint, c!.authSecretArn!, c!.securityGroupId]),
    );
    assert.match(endpoint, /^master\./);
    assert.match(reader, /^replica\./);
    assert.match(secret, /^arn:aws:secretsmanager:/);
    assert.ok(sg);
    assert.strictEqual(c!.port, 6379);
  });
});

describe("Cache (Memcached)", () => {
  it("builds a cluster with in-transit encryption, spread over the AZs, reachable from the services only", async () => {
    const rs = await cache({ engine: "memcached", replicas: 1, nodeType: "cache.t4g.small" });
    assert.strictEqual(ofType(rs, "aws:elasticache/replicationGroup:ReplicationGroup").length, 0);
    assert.strictEqual(ofType(rs, "random:index/randomPassword:RandomPassword").length, 0);
    const cluster = single(rs, "aws:elasticache/cluster:Cluster");
    const i = inputs(cluster);
    assert.strictEqual(i.engine, "memcached");
    assert.strictEqual(i.transitEncryptionEnabled, true);
    assert.strictEqual(i.numCacheNodes, 2);
    assert.strictEqual(i.azMode, "cross-az");
    assert.deepStrictEqual(i.preferredAvailabilityZones, ["eu-west-1a", "eu-west-1b"]);
    assert.strictEqual(i.port, 11211);
    const rule = single(rs, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    assert.deepStrictEqual(
      [inputs(rule).referencedSecurityGroupId, inputs(rule).fromPort],
      ["sg-services", 11211],
    );
    assert.strictEqual(
      inputs(single(rs, "aws:elasticache/parameterGroup:ParameterGroup")).family,
      "memcached1.6",
    );
  });
});

describe("cacheNodeZones", () => {
  it("spreads nodes over the AZs, the primary first", () => {
    assert.deepStrictEqual(cacheNodeZones(["a", "b", "c"], 2), ["a", "b", "c"]);
    assert.deepStrictEqual(cacheNodeZones(["a", "b"], 3), ["a", "b", "a", "b"]);
    assert.deepStrictEqual(cacheNodeZones(["a"], 0), ["a"]);
    assert.throws(() => cacheNodeZones([], 0), /at least one AZ/);
  });
});
