import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { Diagnostic } from "../../tools/engine/policyRunner";
import { assertClean, assertViolation, evaluateProgram } from "../helpers/policies";

/** A VPC with an internet gateway, a NAT gateway and a helper to add subnets with their routing. */
function network() {
  const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" });
  new aws.ec2.DefaultSecurityGroup("vpc-default-sg", { vpcId: vpc.id, ingress: [], egress: [] });
  new aws.ec2.FlowLog("vpc-flow", {
    vpcId: vpc.id,
    trafficType: "ALL",
    logDestination: "arn:aws:logs:eu-west-1:1:log-group:x",
  });
  const igw = new aws.ec2.InternetGateway("igw", { vpcId: vpc.id });
  let n = 0;
  const subnet = (
    name: string,
    tier: string | undefined,
    route: { internet?: boolean; nat?: pulumi.Input<string>; inline?: boolean } = {},
    mapPublicIpOnLaunch = false,
  ): aws.ec2.Subnet => {
    const s = new aws.ec2.Subnet(name, {
      vpcId: vpc.id,
      cidrBlock: `10.0.${n++}.0/24`,
      mapPublicIpOnLaunch,
      tags: tier ? { tier } : {},
    });
    const rt = new aws.ec2.RouteTable(`${name}-rt`, {
      vpcId: vpc.id,
      routes: route.inline && route.internet ? [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }] : [],
    });
    new aws.ec2.RouteTableAssociation(`${name}-rta`, { subnetId: s.id, routeTableId: rt.id });
    if (route.internet && !route.inline) {
      new aws.ec2.Route(`${name}-internet`, {
        routeTableId: rt.id,
        destinationCidrBlock: "0.0.0.0/0",
        gatewayId: igw.id,
      });
    }
    if (route.nat) {
      new aws.ec2.Route(`${name}-nat`, {
        routeTableId: rt.id,
        destinationCidrBlock: "0.0.0.0/0",
        natGatewayId: route.nat,
      });
    }
    return s;
  };
  return { vpc, igw, subnet };
}

describe("policy: private-subnets-stay-private", () => {
  let d: Diagnostic[];
  before(async () => {
    d = await evaluateProgram(() => {
      const { subnet } = network();
      const pub = subnet("good-public", "public", { internet: true });
      const nat = new aws.ec2.NatGateway("nat", { subnetId: pub.id, allocationId: "eipalloc-1" });
      subnet("good-private", "private", { nat: nat.id });
      subnet("good-data", "data");
      subnet("private-with-igw", "private", { internet: true });
      subnet("private-inline-igw", "private", { internet: true, inline: true });
      subnet("private-maps-ips", "private", { nat: nat.id }, true);
      subnet("data-with-nat", "data", { nat: nat.id });
      subnet("untiered", undefined);
    });
  });
  const policy = "private-subnets-stay-private";

  it("passes public, private and data subnets routed as their tier says", () => {
    for (const name of ["good-public", "good-private", "good-data"]) {
      assertClean(d, policy, name);
    }
  });
  it("fails a private subnet routed to the internet gateway, by a route resource or an inline route", () => {
    assertViolation(
      d,
      policy,
      "private-with-igw",
      /is a private subnet but its route table has a default route to an internet gateway/,
    );
    assertViolation(
      d,
      policy,
      "private-inline-igw",
      /is a private subnet but its route table has a default route to an internet gateway/,
    );
  });
  it("fails a private subnet that maps public IPs on launch", () => {
    assertViolation(d, policy, "private-maps-ips", /is a private subnet but maps public IPs on launch/);
  });
  it("fails a data subnet routed to a NAT gateway", () => {
    assertViolation(
      d,
      policy,
      "data-with-nat",
      /is a data subnet but its route table has a default route to a NAT gateway/,
    );
  });
  it("fails a subnet that declares no tier", () => {
    assertViolation(d, policy, "untiered", /declares no tier: tag it tier=public, tier=private or tier=data/);
  });
});

describe("policy: only-edge-in-public-subnets", () => {
  let d: Diagnostic[];
  before(async () => {
    d = await evaluateProgram(() => {
      const { subnet } = network();
      const pub = subnet("public-a", "public", { internet: true });
      const priv = subnet("private-a", "private");
      new aws.lb.LoadBalancer("public-alb", {
        internal: false,
        loadBalancerType: "application",
        subnets: [pub.id],
      });
      new aws.lb.LoadBalancer("internal-alb", {
        internal: true,
        loadBalancerType: "application",
        subnets: [pub.id],
      });
      new aws.ec2.NatGateway("nat", { subnetId: pub.id, allocationId: "eipalloc-1" });
      new aws.rds.SubnetGroup("db-subnets", { subnetIds: [pub.id, priv.id] });
      new aws.ecs.Service("svc", {
        cluster: "c",
        taskDefinition: "t",
        networkConfiguration: { subnets: [pub.id], assignPublicIp: false },
      });
      new aws.autoscaling.Group("vpn", { maxSize: 1, minSize: 1, vpcZoneIdentifiers: [pub.id] });
      new aws.autoscaling.Group("app-asg", { maxSize: 1, minSize: 1, vpcZoneIdentifiers: [pub.id] });
      new aws.ec2.VpcEndpoint("endpoint", {
        vpcId: "vpc-1",
        serviceName: "com.amazonaws.eu-west-1.sts",
        vpcEndpointType: "Interface",
        subnetIds: [priv.id],
      });
      new aws.lambda.Function("fn", { role: "r", vpcConfig: { subnetIds: [pub.id], securityGroupIds: [] } });
    });
  });
  const policy = "only-edge-in-public-subnets";

  it("lets an internet-facing load balancer, a NAT gateway and the VPN server use public subnets", () => {
    for (const name of ["public-alb", "nat", "vpn", "endpoint"]) {
      assertClean(d, policy, name);
    }
  });
  it("fails anything else placed in a public subnet, naming the subnet", () => {
    const message =
      /is placed in public subnet\(s\) public-a; only internet-facing load balancers, NAT gateways and the VPN server/;
    for (const name of ["internal-alb", "db-subnets", "svc", "app-asg", "fn"]) {
      assertViolation(d, policy, name, message);
    }
  });
});

describe("policies: no public addresses", () => {
  let d: Diagnostic[];
  before(async () => {
    d = await evaluateProgram(() => {
      new aws.ec2.Instance("private-instance", {
        ami: "ami-1",
        instanceType: "t4g.micro",
        associatePublicIpAddress: false,
      });
      new aws.ec2.Instance("public-instance", {
        ami: "ami-1",
        instanceType: "t4g.micro",
        associatePublicIpAddress: true,
      });
      new aws.ec2.LaunchTemplate("public-template", {
        networkInterfaces: [{ associatePublicIpAddress: "true" }],
      });
      new aws.ec2.LaunchTemplate("vpn", {
        networkInterfaces: [{ associatePublicIpAddress: "true" }],
      });
      new aws.ecs.Service("private-svc", {
        cluster: "c",
        networkConfiguration: { subnets: ["subnet-1"], assignPublicIp: false },
      });
      new aws.ecs.Service("public-svc", {
        cluster: "c",
        networkConfiguration: { subnets: ["subnet-1"], assignPublicIp: true },
      });
      new aws.scheduler.Schedule("public-job", {
        scheduleExpression: "rate(1 hour)",
        flexibleTimeWindow: { mode: "OFF" },
        target: {
          arn: "arn:aws:ecs:eu-west-1:1:cluster/c",
          roleArn: "r",
          ecsParameters: {
            taskDefinitionArn: "t",
            networkConfiguration: { subnets: ["subnet-1"], assignPublicIp: true },
          },
        },
      });
      new aws.rds.Instance("private-db", {
        instanceClass: "db.t4g.micro",
        engine: "postgres",
        publiclyAccessible: false,
      });
      new aws.rds.Instance("public-db", {
        instanceClass: "db.t4g.micro",
        engine: "postgres",
        publiclyAccessible: true,
      });
      const brokers = { instanceType: "kafka.m7g.large", clientSubnets: ["s"], securityGroups: ["sg"] };
      new aws.msk.Cluster("private-kafka", {
        kafkaVersion: "3.7.x",
        numberOfBrokerNodes: 3,
        brokerNodeGroupInfo: brokers,
      });
      new aws.msk.Cluster("public-kafka", {
        kafkaVersion: "3.7.x",
        numberOfBrokerNodes: 3,
        brokerNodeGroupInfo: {
          ...brokers,
          connectivityInfo: { publicAccess: { type: "SERVICE_PROVIDED_EIPS" } },
        },
      });
    });
  });

  it("no-public-ip-on-instances: instances and launch templates, except the VPN server", () => {
    assertClean(d, "no-public-ip-on-instances", "private-instance");
    assertClean(d, "no-public-ip-on-instances", "vpn");
    assertViolation(
      d,
      "no-public-ip-on-instances",
      "public-instance",
      /associates a public IP address: set associatePublicIpAddress to false/,
    );
    assertViolation(
      d,
      "no-public-ip-on-instances",
      "public-template",
      /networkInterfaces\[0\]\.associatePublicIpAddress/,
    );
  });
  it("ecs-tasks-no-public-ip: services and scheduled tasks", () => {
    assertClean(d, "ecs-tasks-no-public-ip", "private-svc");
    assertViolation(
      d,
      "ecs-tasks-no-public-ip",
      "public-svc",
      /assigns public IPs to its tasks \(networkConfiguration\.assignPublicIp\)/,
    );
    assertViolation(
      d,
      "ecs-tasks-no-public-ip",
      "public-job",
      /target\.ecsParameters\.networkConfiguration\.assignPublicIp/,
    );
  });
  it("rds-not-public", () => {
    assertClean(d, "rds-not-public", "private-db");
    assertViolation(
      d,
      "rds-not-public",
      "public-db",
      /is publicly accessible: set publiclyAccessible to false/,
    );
  });
  it("msk-no-public-access", () => {
    assertClean(d, "msk-no-public-access", "private-kafka");
    assertViolation(
      d,
      "msk-no-public-access",
      "public-kafka",
      /turns on public access .*SERVICE_PROVIDED_EIPS\): set it to DISABLED/,
    );
  });
});

describe("policies: security groups", () => {
  let d: Diagnostic[];
  before(async () => {
    d = await evaluateProgram(() => {
      const { vpc } = network();
      const sg = (name: string): aws.ec2.SecurityGroup => new aws.ec2.SecurityGroup(name, { vpcId: vpc.id });
      const rule = (
        name: string,
        group: aws.ec2.SecurityGroup,
        args: Partial<aws.vpc.SecurityGroupIngressRuleArgs>,
      ) =>
        new aws.vpc.SecurityGroupIngressRule(name, { securityGroupId: group.id, ipProtocol: "tcp", ...args });
      const albSg = sg("alb-sg");
      new aws.lb.LoadBalancer("alb", { internal: false, securityGroups: [albSg.id], subnets: [] });
      const internalSg = sg("internal-alb-sg");
      new aws.lb.LoadBalancer("internal-alb", {
        internal: true,
        securityGroups: [internalSg.id],
        subnets: [],
      });
      rule("alb-https", albSg, { cidrIpv4: "0.0.0.0/0", fromPort: 443, toPort: 443 });
      rule("alb-http", albSg, { cidrIpv4: "0.0.0.0/0", fromPort: 80, toPort: 80 });
      rule("alb-8080", albSg, { cidrIpv4: "0.0.0.0/0", fromPort: 8080, toPort: 8080 });
      rule("internal-https", internalSg, { cidrIpv4: "0.0.0.0/0", fromPort: 443, toPort: 443 });
      const dbSg = sg("db-sg");
      rule("db-from-vpc", dbSg, { cidrIpv4: "10.0.0.0/16", fromPort: 5432, toPort: 5432 });
      rule("db-from-world", dbSg, { cidrIpv4: "0.0.0.0/0", fromPort: 5432, toPort: 5432 });
      rule("db-from-world-v6", dbSg, { cidrIpv6: "::/0", fromPort: 5432, toPort: 5432 });
      new aws.ec2.SecurityGroupRule("legacy-rule", {
        type: "ingress",
        securityGroupId: dbSg.id,
        protocol: "tcp",
        fromPort: 6379,
        toPort: 6379,
        cidrBlocks: ["0.0.0.0/0"],
      });
      new aws.ec2.SecurityGroup("inline-sg", {
        vpcId: vpc.id,
        ingress: [{ protocol: "tcp", fromPort: 9092, toPort: 9092, ipv6CidrBlocks: ["::/0"] }],
      });
      const vpnSg = sg("vpn-sg");
      rule("vpn-udp", vpnSg, { ipProtocol: "udp", cidrIpv4: "0.0.0.0/0", fromPort: 1194, toPort: 1194 });
      rule("vpn-tcp", vpnSg, { cidrIpv4: "0.0.0.0/0", fromPort: 443, toPort: 443 });
      rule("ssh-from-vpc", dbSg, { cidrIpv4: "10.0.0.0/16", fromPort: 22, toPort: 22 });
      rule("all-tcp", dbSg, { referencedSecurityGroupId: albSg.id, fromPort: 0, toPort: 65535 });
      rule("all-traffic", dbSg, { ipProtocol: "-1", referencedSecurityGroupId: albSg.id });
      new aws.ec2.Vpc("unmanaged-vpc", { cidrBlock: "10.1.0.0/16" });
      const other = new aws.ec2.Vpc("open-default-vpc", { cidrBlock: "10.2.0.0/16" });
      new aws.ec2.DefaultSecurityGroup("open-default-sg", {
        vpcId: other.id,
        ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }],
      });
    });
  });

  it("no-public-ingress: the internet-facing ALB on 80/443 and the VPN server on its port only", () => {
    for (const name of ["alb-https", "alb-http", "vpn-udp", "db-from-vpc"]) {
      assertClean(d, "no-public-ingress", name);
    }
    assertViolation(
      d,
      "no-public-ingress",
      "alb-8080",
      /admits 0\.0\.0\.0\/0 on tcp, port 8080; only an internet-facing ALB/,
    );
    assertViolation(d, "no-public-ingress", "internal-https", /admits 0\.0\.0\.0\/0 on tcp, port 443/);
    assertViolation(d, "no-public-ingress", "db-from-world", /admits 0\.0\.0\.0\/0 on tcp, port 5432/);
    assertViolation(d, "no-public-ingress", "db-from-world-v6", /admits ::\/0 on tcp, port 5432/);
    assertViolation(d, "no-public-ingress", "legacy-rule", /admits 0\.0\.0\.0\/0 on tcp, port 6379/);
    assertViolation(d, "no-public-ingress", "inline-sg", /\(ingress\[0\]\) admits ::\/0 on tcp, port 9092/);
    assertViolation(d, "no-public-ingress", "vpn-tcp", /admits 0\.0\.0\.0\/0 on tcp, port 443/);
  });
  it("no-ssh-rdp: from anywhere, including ranges and all-traffic rules", () => {
    assertClean(d, "no-ssh-rdp", "db-from-vpc");
    assertViolation(d, "no-ssh-rdp", "ssh-from-vpc", /admits SSH \(tcp, port 22\)/);
    assertViolation(d, "no-ssh-rdp", "all-tcp", /admits SSH \(tcp, ports 0-65535\)/);
    assertViolation(d, "no-ssh-rdp", "all-tcp", /admits RDP \(tcp, ports 0-65535\)/);
    assertViolation(d, "no-ssh-rdp", "all-traffic", /admits RDP \(all protocols, all ports\)/);
  });
  it("default-security-group-closed: managed and empty for every VPC", () => {
    assertClean(d, "default-security-group-closed", "vpc");
    assertClean(d, "default-security-group-closed", "vpc-default-sg");
    assertViolation(
      d,
      "default-security-group-closed",
      "unmanaged-vpc",
      /leaves its default security group unmanaged/,
    );
    assertViolation(
      d,
      "default-security-group-closed",
      "open-default-sg",
      /has ingress rules: the default security group must have none/,
    );
  });
});
