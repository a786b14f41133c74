import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { createAlarms } from "../shared/alarms";
import { natGatewayAlarms } from "../shared/alarmSets";
import { encryptedLogGroup } from "../shared/logGroup";
import { policyJson, serviceTrustPolicy } from "../shared/policies";
import { endpointSecurityGroup, interfaceEndpoint } from "./endpoints";
import { planSubnets, Tier } from "./subnets";

export interface NetworkArgs {
  /** IPv4 CIDR of the VPC (/16../22, validated by the stack config). */
  vpcCidr: string;
  /**
   * The AZ IDs to span (2..6, such as `euw1-az1`), in order: subnet `i` of each tier sits in zone `i`. An AZ
   * ID is the same physical zone in every account, and pinning it means no zone's state can shift the
   * subnets (validated against the region by the stack config).
   */
  availabilityZoneIds: readonly string[];
  /** `perAz`: a NAT gateway in every AZ; `single`: one NAT gateway that every private subnet uses. */
  natGateways: "perAz" | "single";
  /** Interface endpoints to create in the private tier (service suffixes such as `ecr.api`). Default: none. */
  interfaceEndpoints?: readonly string[];
  region: string;
  accountId: pulumi.Input<string>;
  /** The environment key: flow logs are encrypted with it. */
  kmsKeyArn: pulumi.Input<string>;
  /** Retention of the flow log group, in days. */
  logRetentionDays: number;
  /**
   * Where each NAT gateway's alarms notify (SNS topic ARNs): source port exhaustion and dropped packets.
   * Default: nowhere (the environment wires them to its alert topic).
   */
  alarmActions?: pulumi.Input<string>[];
}

/**
 * The account's names of the pinned AZ IDs, in their order, from a DescribeAvailabilityZones result (names
 * and zone ids in step). Throws, naming the id, when the account does not see a pinned zone.
 */
export function zoneNames(
  pinned: readonly string[],
  names: readonly string[],
  zoneIds: readonly string[],
  region: string,
): string[] {
  return pinned.map((id) => {
    const i = zoneIds.indexOf(id);
    if (i < 0) {
      throw new Error(
        `platform:availabilityZoneIds names ${id}, which this account does not see in ${region} ` +
          `(it sees ${zoneIds.join(", ")})`,
      );
    }
    return names[i];
  });
}

/** The subnets and route tables of one tier, indexed by AZ. */
export interface TierResources {
  subnets: aws.ec2.Subnet[];
  routeTables: aws.ec2.RouteTable[];
}

/**
 * The environment's VPC in three tiers over the pinned AZs (by AZ ID):
 * - public: load balancers, NAT gateways and the VPN server only; default route to the internet gateway;
 * - private: services; default route to a NAT gateway;
 * - data: stores; no route out of the VPC at all (gateway endpoints to S3 and DynamoDB only).
 * No subnet maps public IPs on launch. Flow logs record all traffic to an encrypted log group, and the
 * default security group is stripped of every rule.
 */
export class Network extends pulumi.ComponentResource {
  readonly vpc: aws.ec2.Vpc;
  readonly vpcId: pulumi.Output<string>;
  readonly vpcCidr: string;
  /**
   * The account's names of the pinned zones, in the same order (what RDS, ElastiCache and the like take):
   * mapped from the AZ IDs, so a zone in another state or the account's own name mapping moves nothing.
   */
  readonly availabilityZones: pulumi.Output<string[]>;
  /** The pinned AZ IDs, in order. */
  readonly availabilityZoneIds: string[];
  readonly tiers: Record<Tier, TierResources>;
  readonly publicSubnetIds: pulumi.Output<string>[];
  readonly privateSubnetIds: pulumi.Output<string>[];
  readonly dataSubnetIds: pulumi.Output<string>[];
  readonly natGateways: aws.ec2.NatGateway[];
  readonly natAlarms: aws.cloudwatch.MetricAlarm[];
  readonly flowLogGroup: aws.cloudwatch.LogGroup;
  readonly endpointSecurityGroup?: aws.ec2.SecurityGroup;
  /**
   * The group every workload (ECS task, function) joins. Stores admit their port from this group only;
   * it admits nothing itself (load balancers add their own rules) and may reach anything outbound.
   */
  readonly servicesSecurityGroup: aws.ec2.SecurityGroup;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:network:Network", name, {}, opts);
    const parent = { parent: this };
    this.vpcCidr = args.vpcCidr;

    this.vpc = new aws.ec2.Vpc(
      name,
      { cidrBlock: args.vpcCidr, enableDnsSupport: true, enableDnsHostnames: true },
      parent,
    );
    this.vpcId = this.vpc.id;

    this.availabilityZoneIds = [...args.availabilityZoneIds];
    const azCount = this.availabilityZoneIds.length;
    // Every zone of the region whatever its state (no `state` filter): an impaired zone keeps its name.
    const zones = aws.getAvailabilityZonesOutput({}, parent);
    this.availabilityZones = pulumi
      .all([zones.names, zones.zoneIds])
      .apply(([names, ids]) => zoneNames(this.availabilityZoneIds, names, ids, args.region));

    // The default security group cannot be deleted; adopt it and leave it with no rules.
    new aws.ec2.DefaultSecurityGroup(
      `${name}-default-sg`,
      { vpcId: this.vpc.id, ingress: [], egress: [] },
      parent,
    );

    const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: this.vpc.id }, parent);

    const plan = planSubnets(args.vpcCidr, azCount);
    const empty = (): TierResources => ({ subnets: [], routeTables: [] });
    const tiers: Record<Tier, TierResources> = { public: empty(), private: empty(), data: empty() };
    for (const planned of plan) {
      const suffix = `${planned.tier}-${planned.azIndex}`;
      const subnet = new aws.ec2.Subnet(
        `${name}-${suffix}`,
        {
          vpcId: this.vpc.id,
          cidrBlock: planned.cidr,
          availabilityZoneId: this.availabilityZoneIds[planned.azIndex],
          mapPublicIpOnLaunch: false,
          tags: { Name: `${name}-${suffix}`, tier: planned.tier },
        },
        parent,
      );
      const routeTable = new aws.ec2.RouteTable(
        `${name}-${suffix}-rt`,
        { vpcId: this.vpc.id, tags: { Name: `${name}-${suffix}`, tier: planned.tier } },
        parent,
      );
      new aws.ec2.RouteTableAssociation(
        `${name}-${suffix}-rta`,
        { subnetId: subnet.id, routeTableId: routeTable.id },
        parent,
      );
      tiers[planned.tier].subnets.push(subnet);
      tiers[planned.tier].routeTables.push(routeTable);
    }
    this.tiers = tiers;

    // Public tier: default route to the internet gateway.
    tiers.public.routeTables.forEach(
      (rt, az) =>
        new aws.ec2.Route(
          `${name}-public-${az}-internet`,
          { routeTableId: rt.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id },
          parent,
        ),
    );

    // NAT gateways in the public subnets; private route tables default to the NAT of their AZ (or the one).
    const natCount = args.natGateways === "perAz" ? azCount : 1;
    this.natGateways = [];
    for (let az = 0; az < natCount; az++) {
      const eip = new aws.ec2.Eip(`${name}-nat-${az}-eip`, { domain: "vpc" }, parent);
      this.natGateways.push(
        new aws.ec2.NatGateway(
          `${name}-nat-${az}`,
          { allocationId: eip.id, subnetId: tiers.public.subnets[az].id, connectivityType: "public" },
          // A NAT gateway only forwards once the VPC has its internet gateway.
          { parent: this, dependsOn: [igw] },
        ),
      );
    }
    tiers.private.routeTables.forEach(
      (rt, az) =>
        new aws.ec2.Route(
          `${name}-private-${az}-nat`,
          {
            routeTableId: rt.id,
            destinationCidrBlock: "0.0.0.0/0",
            natGatewayId: this.natGateways[az % natCount].id,
          },
          parent,
        ),
    );
    // Data tier: no default route at all.
    this.natAlarms = this.natGateways.flatMap((nat, az) =>
      createAlarms(
        this,
        `${name}-nat-${az}`,
        natGatewayAlarms({ label: `NAT gateway ${az + 1} of ${natCount}`, natGatewayId: nat.id }),
        args.alarmActions,
      ),
    );

    // Gateway endpoints keep S3 and DynamoDB traffic inside AWS, for the private and data tiers.
    const innerRouteTableIds = [...tiers.private.routeTables, ...tiers.data.routeTables].map((rt) => rt.id);
    for (const service of ["s3", "dynamodb"]) {
      new aws.ec2.VpcEndpoint(
        `${name}-${service}-endpoint`,
        {
          vpcId: this.vpc.id,
          serviceName: `com.amazonaws.${args.region}.${service}`,
          vpcEndpointType: "Gateway",
          routeTableIds: innerRouteTableIds,
        },
        parent,
      );
    }

    this.servicesSecurityGroup = new aws.ec2.SecurityGroup(
      `${name}-services-sg`,
      { vpcId: this.vpc.id, description: "Workloads: every service joins; stores admit this group" },
      parent,
    );
    new aws.vpc.SecurityGroupEgressRule(
      `${name}-services-egress`,
      {
        securityGroupId: this.servicesSecurityGroup.id,
        ipProtocol: "-1",
        cidrIpv4: "0.0.0.0/0",
        description: "Services reach stores, endpoints and (through NAT) external APIs",
      },
      parent,
    );

    const endpoints = args.interfaceEndpoints ?? [];
    if (endpoints.length > 0) {
      const sg = endpointSecurityGroup(
        `${name}-endpoints`,
        {
          vpcId: this.vpc.id,
          vpcCidr: args.vpcCidr,
          description: "Interface endpoints: HTTPS from inside the VPC",
        },
        parent,
      );
      this.endpointSecurityGroup = sg;
      for (const service of endpoints) {
        interfaceEndpoint(
          name,
          {
            vpcId: this.vpc.id,
            region: args.region,
            service,
            subnetIds: tiers.private.subnets.map((s) => s.id),
            securityGroupId: sg.id,
          },
          parent,
        );
      }
    }

    // Flow logs: every accepted and rejected flow of the VPC, encrypted, with retention.
    this.flowLogGroup = encryptedLogGroup(
      `${name}-flow-logs`,
      { retentionInDays: args.logRetentionDays, kmsKeyArn: args.kmsKeyArn },
      parent,
    );
    const flowLogRole = new aws.iam.Role(
      `${name}-flow-logs-role`,
      { assumeRolePolicy: serviceTrustPolicy("vpc-flow-logs.amazonaws.com", args.accountId) },
      parent,
    );
    new aws.iam.RolePolicy(
      `${name}-flow-logs-write`,
      {
        role: flowLogRole.id,
        policy: policyJson([
          {
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            Resource: pulumi.interpolate`${this.flowLogGroup.arn}:*`,
          },
        ]),
      },
      parent,
    );
    new aws.ec2.FlowLog(
      `${name}-flow-log`,
      {
        vpcId: this.vpc.id,
        trafficType: "ALL",
        logDestinationType: "cloud-watch-logs",
        logDestination: this.flowLogGroup.arn,
        iamRoleArn: flowLogRole.arn,
        maxAggregationInterval: 60,
      },
      parent,
    );

    this.publicSubnetIds = tiers.public.subnets.map((s) => s.id);
    this.privateSubnetIds = tiers.private.subnets.map((s) => s.id);
    this.dataSubnetIds = tiers.data.subnets.map((s) => s.id);

    this.registerOutputs({
      vpcId: this.vpcId,
      vpcCidr: this.vpcCidr,
      availabilityZones: this.availabilityZones,
      availabilityZoneIds: this.availabilityZoneIds,
      publicSubnetIds: this.publicSubnetIds,
      privateSubnetIds: this.privateSubnetIds,
      dataSubnetIds: this.dataSubnetIds,
      natGatewayIds: this.natGateways.map((n) => n.id),
      natAlarmArns: this.natAlarms.map((a) => a.arn),
      servicesSecurityGroupId: this.servicesSecurityGroup.id,
      flowLogGroupName: this.flowLogGroup.name,
    });
  }
}
