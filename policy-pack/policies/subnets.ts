/**
 * Private subnets stay private. A subnet is public if and only if its route table has a default route
 * to an internet gateway; the policies here work that out from the graph (route tables, routes and
 * associations, followed through property dependencies because ids are unknown during preview).
 */
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";

import { DEFAULT_VPN_RESOURCE_NAMES, isVpnResource, VpnConfig, vpnNamesSchema, withDefaults } from "./config";
import { dependenciesOf, isTrue, label, read, readArray, UNKNOWN } from "./util";

const SUBNET = "aws:ec2/subnet:Subnet";
const ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";
const DEFAULT_ROUTE_TABLE = "aws:ec2/defaultRouteTable:DefaultRouteTable";
const ROUTE = "aws:ec2/route:Route";
const ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation";
const MAIN_ASSOCIATION = "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation";
const INTERNET_GATEWAY = "aws:ec2/internetGateway:InternetGateway";
const LOAD_BALANCER_TYPES = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];

export const TIERS = ["public", "private", "data"];

interface RouteFacts {
  /** A default route to an internet gateway: the subnets using this table are public. */
  internet: boolean;
  /** A default route to a NAT gateway. */
  nat: boolean;
}

export interface SubnetFacts {
  subnet: PolicyResource;
  /** The tier the subnet declares in its `tier` tag. */
  tier: string | undefined;
  public: boolean;
  natRoute: boolean;
}

function isDefaultDestination(cidr: unknown, ipv6: unknown): boolean {
  return cidr === "0.0.0.0/0" || ipv6 === "::/0";
}

function targetsInternetGateway(gatewayId: unknown, deps: PolicyResource[]): boolean {
  return (
    (typeof gatewayId === "string" && gatewayId.startsWith("igw-")) ||
    deps.some((d) => d.type === INTERNET_GATEWAY)
  );
}

function isSet(value: unknown): boolean {
  return value === UNKNOWN || (typeof value === "string" && value !== "");
}

/** Routing facts of every subnet of the stack, keyed by subnet URN. */
export function subnetFacts(resources: readonly PolicyResource[]): Map<string, SubnetFacts> {
  const tables = new Map<string, RouteFacts>();
  const table = (urn: string): RouteFacts => {
    let facts = tables.get(urn);
    if (!facts) {
      facts = { internet: false, nat: false };
      tables.set(urn, facts);
    }
    return facts;
  };
  const mainTableOfVpc = new Map<string, string>();

  for (const r of resources) {
    if (r.type === ROUTE_TABLE || r.type === DEFAULT_ROUTE_TABLE) {
      const facts = table(r.urn);
      const routes = readArray(r.props, "routes");
      const routeDeps = dependenciesOf(r, "routes");
      for (const route of routes === UNKNOWN ? [] : routes) {
        if (isDefaultDestination(read(route, "cidrBlock"), read(route, "ipv6CidrBlock"))) {
          const gateway = read(route, "gatewayId");
          facts.internet ||= targetsInternetGateway(gateway, gateway === UNKNOWN ? routeDeps : []);
          facts.nat ||= isSet(read(route, "natGatewayId"));
        }
      }
      if (r.type === DEFAULT_ROUTE_TABLE) {
        for (const vpc of dependenciesOf(r, "defaultRouteTableId")) {
          mainTableOfVpc.set(vpc.urn, r.urn);
        }
      }
    }
  }
  for (const r of resources) {
    if (
      r.type === ROUTE &&
      isDefaultDestination(read(r.props, "destinationCidrBlock"), read(r.props, "destinationIpv6CidrBlock"))
    ) {
      for (const rt of dependenciesOf(r, "routeTableId")) {
        const facts = table(rt.urn);
        facts.internet ||= targetsInternetGateway(read(r.props, "gatewayId"), dependenciesOf(r, "gatewayId"));
        facts.nat ||= isSet(read(r.props, "natGatewayId"));
      }
    }
    if (r.type === MAIN_ASSOCIATION) {
      const rt = dependenciesOf(r, "routeTableId")[0];
      for (const vpc of dependenciesOf(r, "vpcId")) {
        if (rt) {
          mainTableOfVpc.set(vpc.urn, rt.urn);
        }
      }
    }
  }
  const tableOfSubnet = new Map<string, string>();
  for (const r of resources.filter((x) => x.type === ASSOCIATION)) {
    const rt = dependenciesOf(r, "routeTableId")[0];
    for (const subnet of dependenciesOf(r, "subnetId")) {
      if (rt) {
        tableOfSubnet.set(subnet.urn, rt.urn);
      }
    }
  }

  const facts = new Map<string, SubnetFacts>();
  for (const subnet of resources.filter((x) => x.type === SUBNET)) {
    const vpc = dependenciesOf(subnet, "vpcId")[0];
    const rt = tableOfSubnet.get(subnet.urn) ?? (vpc ? mainTableOfVpc.get(vpc.urn) : undefined);
    const routing = rt ? table(rt) : { internet: false, nat: false };
    const tier = read(subnet.props, "tags", "tier");
    facts.set(subnet.urn, {
      subnet,
      tier: typeof tier === "string" ? tier : undefined,
      public: routing.internet,
      natRoute: routing.nat,
    });
  }
  return facts;
}

export const privateSubnetsStayPrivate: StackValidationPolicy = {
  name: "private-subnets-stay-private",
  description:
    "Private and data subnets must not route to an internet gateway or map public IPs on launch, and data " +
    "subnets must not route to a NAT gateway. Tag every subnet with its tier (tier=public|private|data) and " +
    "associate private and data subnets with route tables that have no such default route.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    for (const f of subnetFacts(args.resources).values()) {
      const name = label(f.subnet);
      if (f.tier === undefined || !TIERS.includes(f.tier)) {
        reportViolation(
          `${name} declares no tier: tag it tier=public, tier=private or tier=data`,
          f.subnet.urn,
        );
        continue;
      }
      if (f.tier === "public") {
        continue;
      }
      if (f.public) {
        reportViolation(
          `${name} is a ${f.tier} subnet but its route table has a default route to an internet gateway`,
          f.subnet.urn,
        );
      }
      if (isTrue(read(f.subnet.props, "mapPublicIpOnLaunch"))) {
        reportViolation(`${name} is a ${f.tier} subnet but maps public IPs on launch`, f.subnet.urn);
      }
      if (f.tier === "data" && f.natRoute) {
        reportViolation(
          `${name} is a data subnet but its route table has a default route to a NAT gateway`,
          f.subnet.urn,
        );
      }
    }
  },
};

/** Types that reference subnets to build the network itself, not to place something in it. */
const NETWORK_PLUMBING = new Set([
  SUBNET,
  ASSOCIATION,
  "aws:ec2/networkAclAssociation:NetworkAclAssociation",
  "aws:ec2/networkAcl:NetworkAcl",
  "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl",
]);

export const onlyEdgeInPublicSubnets: StackValidationPolicy = {
  name: "only-edge-in-public-subnets",
  description:
    "Only internet-facing load balancers, NAT gateways and the VPN server may use public subnets. Place " +
    "databases, caches, brokers, services, functions, search domains and endpoints in the private or data tier.",
  enforcementLevel: "mandatory",
  configSchema: vpnNamesSchema,
  validateStack: (args, reportViolation) => {
    const config = withDefaults<VpnConfig>(
      { vpnResourceNames: DEFAULT_VPN_RESOURCE_NAMES },
      args.getConfig<VpnConfig>(),
    );
    const facts = subnetFacts(args.resources);
    for (const r of args.resources) {
      if (NETWORK_PLUMBING.has(r.type) || r.type.startsWith("pulumi:")) {
        continue;
      }
      const publicSubnets = new Set<string>();
      for (const deps of Object.values(r.propertyDependencies)) {
        for (const d of deps) {
          if (facts.get(d.urn)?.public) {
            publicSubnets.add(d.name);
          }
        }
      }
      if (publicSubnets.size === 0) {
        continue;
      }
      const internetFacingLb = LOAD_BALANCER_TYPES.includes(r.type) && !isTrue(read(r.props, "internal"));
      const allowed =
        internetFacingLb || r.type === "aws:ec2/natGateway:NatGateway" || isVpnResource(r, config);
      if (!allowed) {
        reportViolation(
          `${label(r)} is placed in public subnet(s) ${[...publicSubnets].join(", ")}; only internet-facing load ` +
            `balancers, NAT gateways and the VPN server may use public subnets: move it to the private or data tier`,
          r.urn,
        );
      }
    }
  },
};
