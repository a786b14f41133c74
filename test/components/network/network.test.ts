import * as assert from "assert";

import { Network, NetworkArgs, zoneNames } from "../../../components/network/network";
import { defaultInvokes, InvokeContext } from "../../../tools/engine/invokes";
import { RecordedResource, runProgram } from "../../../tools/engine/mockEngine";
import { display } from "../../../tools/engine/wire";
import { byUrn, inputs, jsonInput, ofType, runComponent, single } from "../../helpers/graph";

const ARGS: NetworkArgs = {
  vpcCidr: "10.10.0.0/16",
  availabilityZoneIds: ["euw1-az1", "euw1-az2", "euw1-az3"],
  natGateways: "perAz",
  interfaceEndpoints: ["ecr.api", "logs"],
  region: "eu-west-1",
  accountId: "123456789012",
  kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/env",
  logRetentionDays: 30,
};

async function network(args: Partial<NetworkArgs> = {}): Promise<RecordedResource[]> {
  const result = await runComponent(() => new Network("net", { ...ARGS, ...args }));
  return result.resources;
}

/** For each subnet tier, the default routes of the route tables associated with its subnets. */
function defaultRoutesByTier(resources: RecordedResource[]): Record<string, Inputs[]> {
  const urns = byUrn(resources);
  const out: Record<string, Inputs[]> = {};
  for (const assoc of ofType(resources, "aws:ec2/routeTableAssociation:RouteTableAssociation")) {
    // Follow the association through its property dependencies, as the policy pack does.
    const subnet = urns.get(assoc.propertyDependencies.subnetId[0])!;
    const routeTable = assoc.propertyDependencies.routeTableId[0];
    const tier = (inputs(subnet).tags as Record<string, string>).tier;
    const routes = ofType(resources, "aws:ec2/route:Route").filter(
      (r) => r.propertyDependencies.routeTableId[0] === routeTable,
    );
    out[tier] = [...(out[tier] ?? []), ...routes.map((r) => ({ ...inputs(r), via: r.propertyDependencies }))];
  }
  return out;
}
type Inputs = Record<string, unknown>;

function targets(route: Inputs, resources: RecordedResource[]): string[] {
  const deps = route.via as Record<string, string[]>;
  const urns = byUrn(resources);
  return [...(deps.gatewayId ?? []), ...(deps.natGatewayId ?? [])].map((u) => urns.get(u)!.type);
}

describe("Network", () => {
  it("creates one subnet, route table and association per tier and AZ, none mapping public IPs", async () => {
    const resources = await network();
    const subnets = ofType(resources, "aws:ec2/subnet:Subnet");
    assert.strictEqual(subnets.length, 9);
    assert.strictEqual(ofType(resources, "aws:ec2/routeTable:RouteTable").length, 9);
    assert.strictEqual(ofType(resources, "aws:ec2/routeTableAssociation:RouteTableAssociation").length, 9);
    for (const s of subnets) {
      assert.strictEqual(inputs(s).mapPublicIpOnLaunch, false, s.name);
    }
    assert.deepStrictEqual(
      subnets.map((s) => [inputs(s).availabilityZoneId, inputs(s).availabilityZone]),
      [...Array(3).keys()].flatMap(() => [
        ["euw1-az1", undefined],
        ["euw1-az2", undefined],
        ["euw1-az3", undefined],
      ]),
    );
  });

  describe("pinned by AZ ID", () => {
    /** The network's subnets' AZ IDs and its zone names output, as `pulumi up` against an account's zones. */
    async function pinned(
      ids: string[],
      account: Partial<InvokeContext>,
    ): Promise<{ subnetZones: unknown[]; names: unknown }> {
      const result = await runProgram(
        () => {
          const net = new Network("net", { ...ARGS, availabilityZoneIds: ids });
          return { names: net.availabilityZones };
        },
        {
          project: "platform",
          stack: "test",
          config: { "aws:region": "eu-west-1" },
          preview: false,
          invokes: defaultInvokes({
            region: "eu-west-1",
            zoneCount: 3,
            accountId: "123456789012",
            ...account,
          }),
        },
      );
      if (result.error) {
        throw result.error;
      }
      const names = (display(result.outputs) as Record<string, unknown>).names;
      const subnets = ofType(result.resources, "aws:ec2/subnet:Subnet").filter((s) =>
        s.name.includes("private"),
      );
      return { subnetZones: subnets.map((s) => inputs(s).availabilityZoneId), names };
    }

    it("keeps every subnet in its zone when another zone of the region is impaired", async () => {
      const healthy = await pinned(["euw1-az2", "euw1-az3"], {});
      const impaired = await pinned(["euw1-az2", "euw1-az3"], { zoneStates: { "euw1-az1": "impaired" } });
      assert.deepStrictEqual(healthy.subnetZones, ["euw1-az2", "euw1-az3"]);
      assert.deepStrictEqual(impaired.subnetZones, healthy.subnetZones);
      assert.deepStrictEqual(impaired.names, ["eu-west-1b", "eu-west-1c"]);
      assert.deepStrictEqual(impaired.names, healthy.names);
    });

    it("maps the pinned ids to the account's own AZ names for the stores that take names", async () => {
      const other = await pinned(["euw1-az1", "euw1-az2"], {
        zoneIdOrder: ["euw1-az3", "euw1-az1", "euw1-az2"],
      });
      assert.deepStrictEqual(other.subnetZones, ["euw1-az1", "euw1-az2"]);
      assert.deepStrictEqual(other.names, ["eu-west-1b", "eu-west-1c"]);
    });

    it("fails, naming the id, when the account does not see a pinned zone", () => {
      assert.throws(
        () => zoneNames(["euw1-az4"], ["eu-west-1a"], ["euw1-az1"], "eu-west-1"),
        /^Error: platform:availabilityZoneIds names euw1-az4, which this account does not see in eu-west-1 \(it sees euw1-az1\)$/,
      );
    });
  });

  it("routes only the public tier to the internet gateway, the private tier to NAT, the data tier nowhere", async () => {
    const resources = await network();
    const routes = defaultRoutesByTier(resources);
    assert.strictEqual(routes.public.length, 3);
    for (const r of routes.public) {
      assert.strictEqual(r.destinationCidrBlock, "0.0.0.0/0");
      assert.deepStrictEqual(targets(r, resources), ["aws:ec2/internetGateway:InternetGateway"]);
    }
    assert.strictEqual(routes.private.length, 3);
    for (const r of routes.private) {
      assert.deepStrictEqual(targets(r, resources), ["aws:ec2/natGateway:NatGateway"]);
    }
    assert.deepStrictEqual(routes.data, [], "the data tier has no routes at all");
  });

  it("puts a NAT gateway in each AZ's public subnet with perAz, one with single", async () => {
    const perAz = await network();
    const nats = ofType(perAz, "aws:ec2/natGateway:NatGateway");
    assert.strictEqual(nats.length, 3);
    const urns = byUrn(perAz);
    for (const nat of nats) {
      const subnet = urns.get(nat.propertyDependencies.subnetId[0])!;
      assert.strictEqual((inputs(subnet).tags as Record<string, string>).tier, "public");
      assert.ok(
        nat.dependencies.some((d) => urns.get(d)?.type === "aws:ec2/internetGateway:InternetGateway"),
      );
    }
    const single_ = await network({ natGateways: "single" });
    assert.strictEqual(ofType(single_, "aws:ec2/natGateway:NatGateway").length, 1);
    const privateRoutes = defaultRoutesByTier(single_).private;
    assert.strictEqual(privateRoutes.length, 3, "every private route table still has its default route");
  });

  it("logs every flow to a KMS-encrypted log group with retention", async () => {
    const resources = await network();
    const flowLog = single(resources, "aws:ec2/flowLog:FlowLog");
    assert.strictEqual(inputs(flowLog).trafficType, "ALL");
    assert.strictEqual(inputs(flowLog).logDestinationType, "cloud-watch-logs");
    const group = single(resources, "aws:cloudwatch/logGroup:LogGroup");
    assert.deepStrictEqual(flowLog.propertyDependencies.logDestination, [group.urn]);
    assert.strictEqual(inputs(group).kmsKeyId, ARGS.kmsKeyArn);
    assert.strictEqual(inputs(group).retentionInDays, 30);
    const role = single(resources, "aws:iam/role:Role");
    const trust = jsonInput<{ Statement: Array<{ Principal: { Service: string }; Condition: unknown }> }>(
      role,
      "assumeRolePolicy",
    );
    assert.strictEqual(trust.Statement[0].Principal.Service, "vpc-flow-logs.amazonaws.com");
    assert.deepStrictEqual(trust.Statement[0].Condition, {
      StringEquals: { "aws:SourceAccount": "123456789012" },
    });
  });

  it("gives workloads one security group that admits nothing and may reach out", async () => {
    const resources = await network({ interfaceEndpoints: [] });
    const sg = ofType(resources, "aws:ec2/securityGroup:SecurityGroup").find(
      (g) => g.name === "net-services-sg",
    )!;
    const rules = resources.filter(
      (r) =>
        r.type.startsWith("aws:vpc/securityGroup") &&
        r.propertyDependencies.securityGroupId?.includes(sg.urn),
    );
    assert.deepStrictEqual(
      rules.map((r) => r.type),
      ["aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"],
    );
  });

  it("strips the default security group of every rule", async () => {
    const sg = single(await network(), "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup");
    assert.deepStrictEqual(inputs(sg).ingress, []);
    assert.deepStrictEqual(inputs(sg).egress, []);
  });

  it("adds S3 and DynamoDB gateway endpoints to the private and data route tables", async () => {
    const resources = await network();
    const gateways = ofType(resources, "aws:ec2/vpcEndpoint:VpcEndpoint").filter(
      (e) => inputs(e).vpcEndpointType === "Gateway",
    );
    assert.deepStrictEqual(gateways.map((e) => inputs(e).serviceName).sort(), [
      "com.amazonaws.eu-west-1.dynamodb",
      "com.amazonaws.eu-west-1.s3",
    ]);
    const urns = byUrn(resources);
    for (const e of gateways) {
      const tiers = e.propertyDependencies.routeTableIds.map(
        (u) => (inputs(urns.get(u)!).tags as Record<string, string>).tier,
      );
      assert.deepStrictEqual([...new Set(tiers)].sort(), ["data", "private"]);
    }
  });

  it("creates interface endpoints only when asked, in the private subnets, open on 443 to the VPC only", async () => {
    const resources = await network();
    const interfaces = ofType(resources, "aws:ec2/vpcEndpoint:VpcEndpoint").filter(
      (e) => inputs(e).vpcEndpointType === "Interface",
    );
    assert.deepStrictEqual(
      interfaces.map((e) => inputs(e).serviceName),
      ["com.amazonaws.eu-west-1.ecr.api", "com.amazonaws.eu-west-1.logs"],
    );
    const urns = byUrn(resources);
    for (const e of interfaces) {
      assert.strictEqual(inputs(e).privateDnsEnabled, true);
      const tiers = e.propertyDependencies.subnetIds.map(
        (u) => (inputs(urns.get(u)!).tags as Record<string, string>).tier,
      );
      assert.deepStrictEqual([...new Set(tiers)], ["private"]);
    }
    const rule = single(resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    assert.deepStrictEqual(
      { cidr: inputs(rule).cidrIpv4, from: inputs(rule).fromPort, to: inputs(rule).toPort },
      { cidr: "10.10.0.0/16", from: 443, to: 443 },
    );
    const none = await network({ interfaceEndpoints: [] });
    assert.strictEqual(ofType(none, "aws:ec2/vpcEndpoint:VpcEndpoint").length, 2);
    assert.deepStrictEqual(
      ofType(none, "aws:ec2/securityGroup:SecurityGroup").map((g) => g.name),
      ["net-services-sg"],
      "no endpoint security group without endpoints",
    );
  });
});
