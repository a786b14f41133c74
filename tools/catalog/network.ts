/** Network: the VPC, its subnets and routes, NAT egress, endpoints and security groups. */
import { CatalogEntry, OBSERVED, shortHash, subnetZones, WAITER } from "./entry";
import { PRICES } from "./prices";

const H = PRICES.hoursPerMonth;

export const NETWORK: readonly CatalogEntry[] = [
  {
    type: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    policies: ["default-security-group-closed", "no-public-ingress", "no-ssh-rdp"],
    autoName: null,
  },
  {
    type: "aws:ec2/eip:Eip",
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
    unruled: "required by vpc-flow-logs; its log group is judged",
    autoName: null,
  },
  {
    type: "aws:ec2/internetGateway:InternetGateway",
    unruled: "routes to it are judged by private-subnets-stay-private",
    autoName: null,
    creation: { seconds: 3, source: OBSERVED },
  },
  {
    type: "aws:ec2/natGateway:NatGateway",
    policies: ["only-edge-in-public-subnets"],
    autoName: null,
    creation: { seconds: 120, source: `${WAITER}; NAT gateways take 1-2 minutes` },
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
    policies: ["private-subnets-stay-private"],
    autoName: null,
  },
  {
    type: "aws:ec2/routeTable:RouteTable",
    policies: ["private-subnets-stay-private"],
    autoName: null,
  },
  {
    type: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    policies: ["private-subnets-stay-private"],
    autoName: null,
  },
  {
    type: "aws:ec2/securityGroup:SecurityGroup",
    policies: ["no-public-ingress", "no-ssh-rdp"],
    creation: { seconds: 3, source: OBSERVED },
    essential: true,
  },
  {
    type: "aws:ec2/subnet:Subnet",
    policies: ["private-subnets-stay-private", "only-edge-in-public-subnets"],
    autoName: null,
    creation: { seconds: 3, source: OBSERVED },
    essential: true,
  },
  {
    type: "aws:ec2/vpc:Vpc",
    policies: ["vpc-flow-logs", "default-security-group-closed"],
    autoName: null,
    creation: { seconds: 5, source: OBSERVED },
    essential: true,
  },
  {
    type: "aws:ec2/vpcEndpoint:VpcEndpoint",
    policies: ["only-edge-in-public-subnets"],
    autoName: null,
    creation: { seconds: 90, source: `${WAITER} (interface endpoints create ENIs per AZ)` },
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
    unruled: "accepts a peering; the routes it enables are judged",
  },
  {
    type: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    unruled: "outbound only; the pack restricts what may come in",
  },
  {
    type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    policies: ["no-public-ingress", "no-ssh-rdp"],
  },
];
