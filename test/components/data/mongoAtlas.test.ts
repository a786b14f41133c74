import * as aws from "@pulumi/aws";
import * as mongodbatlas from "@pulumi/mongodbatlas";
import * as assert from "assert";

import { atlasRegionName } from "../../../components/data/catalog";
import { MongoAtlas, MongoAtlasArgs, mongoIamUser } from "../../../components/data/mongoAtlas";
import { RecordedResource } from "../../../tools/engine/mockEngine";
import { byUrn, inputs, ofType, runComponent, single } from "../../helpers/graph";
import { valueOf } from "./values";

const ARGS: MongoAtlasArgs = {
  orgId: "5f1a2b3c4d5e6f7a8b9c0d1e",
  baseName: "platform-prod",
  region: "eu-west-1",
  accountId: "123456789012",
  vpcId: "vpc-1",
  vpcCidr: "10.30.0.0/16",
  atlasCidr: "192.168.224.0/21",
  privateRouteTableIds: ["rtb-private-0", "rtb-private-1", "rtb-private-2"],
  instanceSize: "M30",
  mongoDbMajorVersion: "8.0",
  backup: true,
  protect: true,
};

async function atlas(args: Partial<MongoAtlasArgs> = {}, preview = false): Promise<RecordedResource[]> {
  const result = await runComponent(
    () => {
      const awsProvider = new aws.Provider("member", { region: "eu-west-1" });
      const atlasProvider = new mongodbatlas.Provider("atlas", {});
      new MongoAtlas("mongodb", { ...ARGS, ...args }, { providers: [awsProvider, atlasProvider] });
    },
    { preview },
  );
  return result.resources;
}
type Inputs = Record<string, unknown>;

describe("MongoAtlas", () => {
  it("sets the Atlas CIDR on the container, never on the peering, and builds the cluster after the container", async () => {
    const rs = await atlas();
    const container = single(rs, "mongodbatlas:index/networkContainer:NetworkContainer");
    assert.deepStrictEqual(
      [inputs(container).atlasCidrBlock, inputs(container).regionName, inputs(container).providerName],
      ["192.168.224.0/21", "EU_WEST_1", "AWS"],
    );
    const peering = single(rs, "mongodbatlas:index/networkPeering:NetworkPeering");
    assert.strictEqual(
      inputs(peering).atlasCidrBlock,
      undefined,
      "the provider ignores it here (pulumi-mongodbatlas#128)",
    );
    assert.deepStrictEqual(peering.propertyDependencies.containerId, [container.urn]);
    assert.deepStrictEqual(
      [
        inputs(peering).vpcId,
        inputs(peering).routeTableCidrBlock,
        inputs(peering).accepterRegionName,
        inputs(peering).awsAccountId,
      ],
      ["vpc-1", "10.30.0.0/16", "eu-west-1", "123456789012"],
    );
    const cluster = single(rs, "mongodbatlas:index/advancedCluster:AdvancedCluster");
    assert.ok(
      cluster.dependencies.includes(container.urn),
      "Atlas would otherwise create a default container",
    );
  });

  it("accepts the peering on the AWS side and routes the Atlas CIDR from the private route tables only", async () => {
    const rs = await atlas();
    const urns = byUrn(rs);
    const accepter = single(rs, "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter");
    assert.strictEqual(inputs(accepter).autoAccept, true);
    assert.deepStrictEqual(
      accepter.propertyDependencies.vpcPeeringConnectionId.map((u) => urns.get(u)!.type),
      ["mongodbatlas:index/networkPeering:NetworkPeering"],
    );
    const routes = ofType(rs, "aws:ec2/route:Route");
    assert.deepStrictEqual(
      routes.map((r) => inputs(r).routeTableId),
      ARGS.privateRouteTableIds,
    );
    for (const r of routes) {
      assert.strictEqual(
        inputs(r).destinationCidrBlock,
        "192.168.224.0/21",
        "the block Atlas reports for the container",
      );
      assert.deepStrictEqual(r.propertyDependencies.vpcPeeringConnectionId, [accepter.urn]);
      assert.strictEqual(inputs(r).gatewayId, undefined);
    }
  });

  it("admits only the VPC CIDR to the project", async () => {
    const rs = await atlas();
    const entries = ofType(rs, "mongodbatlas:index/projectIpAccessList:ProjectIpAccessList");
    assert.deepStrictEqual(
      entries.map((e) => [inputs(e).cidrBlock, inputs(e).ipAddress]),
      [["10.30.0.0/16", undefined]],
    );
  });

  it("runs a dedicated replica set with TLS 1.2+, backups and termination protection in prod", async () => {
    const rs = await atlas();
    const cluster = single(rs, "mongodbatlas:index/advancedCluster:AdvancedCluster");
    const i = inputs(cluster);
    assert.strictEqual(i.clusterType, "REPLICASET");
    assert.deepStrictEqual((i.advancedConfiguration as Inputs).minimumEnabledTlsProtocol, "TLS1_2");
    assert.deepStrictEqual(
      [i.backupEnabled, i.pitEnabled, i.terminationProtectionEnabled],
      [true, true, true],
    );
    const region = ((i.replicationSpecs as Inputs[])[0].regionConfigs as Inputs[])[0];
    assert.deepStrictEqual(region.electableSpecs, { instanceSize: "M30", nodeCount: 3 });
    assert.strictEqual(region.regionName, "EU_WEST_1");
    assert.strictEqual(cluster.protect, true);
    assert.strictEqual(single(rs, "mongodbatlas:index/project:Project").protect, true);
    const dev = inputs(
      single(
        await atlas({ backup: false, protect: false }),
        "mongodbatlas:index/advancedCluster:AdvancedCluster",
      ),
    );
    assert.deepStrictEqual(
      [dev.backupEnabled, dev.pitEnabled, dev.terminationProtectionEnabled],
      [false, false, false],
    );
  });

  it("creates Atlas resources with the Atlas provider and AWS resources with the member provider", async () => {
    for (const r of (await atlas()).filter((x) => x.custom && !x.type.startsWith("pulumi:providers:"))) {
      const expected = r.type.startsWith("mongodbatlas:") ? "::atlas" : "::member";
      assert.ok(r.provider?.endsWith(expected), `${r.type} uses ${r.provider}`);
    }
  });

  it("exposes the project, cluster and connection string", async () => {
    let m: MongoAtlas | undefined;
    await runComponent(() => {
      m = new MongoAtlas("mongodb", ARGS, {
        providers: [
          new aws.Provider("member", { region: "eu-west-1" }),
          new mongodbatlas.Provider("atlas", {}),
        ],
      });
    });
    assert.match(await valueOf(m!.connectionString), /^mongodb\+srv:\/\/platform-prod\./);
    assert.strictEqual(await valueOf(m!.clusterName), "platform-prod");
    assert.strictEqual(await valueOf(m!.atlasCidr), "192.168.224.0/21");
  });
});

describe("mongoIamUser", () => {
  it("grants a service's IAM role one database on the cluster, with no password", async () => {
    const { resources } = await runComponent(() => {
      const atlasProvider = new mongodbatlas.Provider("atlas", {});
      mongoIamUser(
        "orders-mongo",
        {
          projectId: "p1",
          clusterName: "platform-prod",
          roleArn: "arn:aws:iam::123456789012:role/orders",
          databaseName: "orders",
        },
        { provider: atlasProvider },
      );
    });
    const user = inputs(single(resources, "mongodbatlas:index/databaseUser:DatabaseUser"));
    assert.deepStrictEqual(
      [user.awsIamType, user.authDatabaseName, user.username, user.password],
      ["ROLE", "$external", "arn:aws:iam::123456789012:role/orders", undefined],
    );
    assert.deepStrictEqual(user.roles, [{ roleName: "readWrite", databaseName: "orders" }]);
    assert.deepStrictEqual(user.scopes, [{ name: "platform-prod", type: "CLUSTER" }]);
  });

  it("names Atlas regions the Atlas way", () => {
    assert.strictEqual(atlasRegionName("ap-southeast-2"), "AP_SOUTHEAST_2");
  });
});
