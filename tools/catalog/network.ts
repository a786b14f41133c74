/** Network: the VPC, its subnets and routes, NAT egress, endpoints and security groups. */
import { network, none } from "../rules";
import { CatalogEntry, OBSERVED, shortHash, subnetZones, WAITER } from "./entry";
import { PRICES } from "./prices";
import { aws, EVERY_INPUT } from "./replacement";

const H = PRICES.hoursPerMonth;

export const NETWORK: readonly CatalogEntry[] = [
  {
    type: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    replaceOn: aws("default_security_group", ["vpcId"]),
    api: network.DEFAULT_SECURITY_GROUP,
    policies: ["default-security-group-closed", "no-public-ingress", "no-ssh-rdp"],
    autoName: null,
  },
  {
    type: "aws:ec2/eip:Eip",
    unexposed: "an address; what it attaches to is judged (NAT gateway, VPN server)",
    replaceOn: aws("eip", [
      "address",
      "customerOwnedIpv4Pool",
      "domain",
      "ipamPoolId",
      "networkBorderGroup",
      "publicIpv4Pool",
    ]),
    api: none("no name (tags only, judged on every resource)"),
    unruled: "an address; what it attaches to is judged (NAT gateway, VPN server)",
    autoName: null,
    outputs: ({ physical }) => ({
      allocationId: `eipalloc-${shortHash(physical)}`,
      publicIp: "203.0.113.10",
    }),
    price: () => ({ usd: PRICES.hourly.publicIpv4 * H, basis: "public IPv4 address hours" }),
  },
  {
    type: "aws:ec2/flowLog:FlowLog",
    unexposed: "writes to a log group; no endpoint, no resource policy",
    replaceOn: aws("flow_log", [EVERY_INPUT]),
    api: none("no name; its log group and role are judged"),
    unruled: "required by vpc-flow-logs; its log group is judged",
    autoName: null,
  },
  {
    type: "aws:ec2/internetGateway:InternetGateway",
    unexposed: "the path itself: routes to it are judged by private-subnets-stay-private",
    replaceOn: aws("internet_gateway", []),
    api: none("no name (tags only)"),
    unruled: "routes to it are judged by private-subnets-stay-private",
    autoName: null,
    creation: { p50: 3, p90: 5, source: OBSERVED },
  },
  {
    type: "aws:ec2/natGateway:NatGateway",
    replaceOn: aws("nat_gateway", [
      "allocationId",
      "availabilityMode",
      "connectivityType",
      "privateIp",
      "subnetId",
      "vpcId",
    ]),
    api: none("no name (tags only)"),
    policies: ["only-edge-in-public-subnets"],
    autoName: null,
    creation: { p50: 120, p90: 300, source: `${WAITER}; NAT gateways take 1-2 minutes, up to 5` },
    usage: { quantity: "100 GB processed at $0.048/GB", monthlyUsd: 4.8 },
    price: () => ({ usd: PRICES.hourly.natGateway * H, basis: `NAT gateway hours` }),
    // The private subnets of an AZ reach out through the NAT gateway their route table names.
    pooledZoneTier: (nats, graph) => {
      if (nats.length === 0) {
        return undefined;
      }
      const zones = [...new Set(nats.flatMap((n) => subnetZones(graph, n)))].sort();
      return {
        tier: "NAT egress",
        resource: nats.map((n) => n.name).join(", "),
        placement: "spread",
        zones,
        why: `${nats.length} NAT gateway(s)`,
      };
    },
    size: { name: "NAT gateways", position: 10, text: (nats) => String(nats.length) },
  },
  {
    type: "aws:ec2/route:Route",
    replaceOn: aws("route", [
      "destinationCidrBlock",
      "destinationIpv6CidrBlock",
      "destinationPrefixListId",
      "routeTableId",
    ]),
    api: none("no name: a destination CIDR and a target, typed"),
    policies: ["private-subnets-stay-private"],
    autoName: null,
  },
  {
    type: "aws:ec2/routeTable:RouteTable",
    replaceOn: aws("route_table", ["vpcId"]),
    api: none("no name (tags only)"),
    policies: ["private-subnets-stay-private"],
    autoName: null,
  },
  {
    type: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    replaceOn: aws("route_table_association", ["gatewayId", "subnetId"]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    policies: ["private-subnets-stay-private"],
    autoName: null,
  },
  {
    type: "aws:ec2/securityGroup:SecurityGroup",
    replaceOn: aws("security_group", ["description", "name", "namePrefix", "vpcId"]),
    api: network.SECURITY_GROUP,
    policies: ["no-public-ingress", "no-ssh-rdp"],
    creation: { p50: 3, p90: 5, source: OBSERVED },
  },
  {
    type: "aws:ec2/subnet:Subnet",
    replaceOn: aws("subnet", [
      "availabilityZone",
      "availabilityZoneId",
      "cidrBlock",
      "ipv4IpamPoolId",
      "ipv4NetmaskLength",
      "ipv6IpamPoolId",
      "ipv6Native",
      "outpostArn",
      "vpcId",
    ]),
    api: none("no name (tags only); CIDRs are checked by the config's network checks"),
    policies: ["private-subnets-stay-private", "only-edge-in-public-subnets"],
    autoName: null,
    creation: { p50: 3, p90: 5, source: OBSERVED },
  },
  {
    type: "aws:ec2/vpc:Vpc",
    replaceOn: aws("vpc", ["cidrBlock", "ipv4IpamPoolId", "ipv4NetmaskLength"]),
    api: none("no name (tags only); the CIDR is checked by the config's network checks"),
    policies: ["vpc-flow-logs", "default-security-group-closed"],
    autoName: null,
    creation: { p50: 5, p90: 10, source: OBSERVED },
  },
  {
    type: "aws:ec2/vpcEndpoint:VpcEndpoint",
    replaceOn: aws("vpc_endpoint", [
      "resourceConfigurationArn",
      "serviceName",
      "serviceNetworkArn",
      "serviceRegion",
      "vpcEndpointType",
      "vpcId",
    ]),
    api: none("no name: a service name from the region, typed"),
    policies: ["only-edge-in-public-subnets"],
    autoName: null,
    creation: { p50: 90, p90: 180, source: `${WAITER} (interface endpoints create ENIs per AZ)` },
    price: (r) => {
      const i = r.inputs;
      if (i.vpcEndpointType !== "Interface") {
        return undefined;
      }
      const azs = Array.isArray(i.subnetIds) ? i.subnetIds.length : 1;
      return {
        usd: PRICES.hourly.interfaceEndpointPerAz * azs * H,
        basis: `interface endpoint in ${azs} AZ(s)`,
      };
    },
    size: {
      name: "interface endpoints",
      position: 20,
      text: (endpoints) => String(endpoints.filter((r) => r.inputs.vpcEndpointType === "Interface").length),
    },
  },
  {
    type: "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter",
    unexposed: "joins two private networks; the routes and security groups it enables are judged",
    replaceOn: aws("vpc_peering_connection_accepter", ["vpcPeeringConnectionId"]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "accepts a peering; the routes it enables are judged",
  },
  {
    type: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    unexposed: "outbound only: opens nothing to the internet",
    replaceOn: aws("vpc_security_group_egress_rule", ["securityGroupId"]),
    api: network.SECURITY_GROUP_RULE,
    unruled: "outbound only; the pack restricts what may come in",
  },
  {
    type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    replaceOn: aws("vpc_security_group_ingress_rule", ["securityGroupId"]),
    api: network.SECURITY_GROUP_RULE,
    policies: ["no-public-ingress", "no-ssh-rdp"],
  },
];
