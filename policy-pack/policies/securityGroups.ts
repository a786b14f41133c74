/**
 * Security groups: the internet reaches only the public load balancer (80/443) and the VPN server (its
 * VPN port); nothing admits SSH or RDP; each VPC's default security group has no rules. Inline rules and
 * every rule resource type of @pulumi/aws v7 are checked.
 */
import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

import {
  DEFAULT_VPN_PORT,
  DEFAULT_VPN_PROTOCOL,
  DEFAULT_VPN_RESOURCE_NAMES,
  isVpnResource,
  vpnNamesSchema,
  withDefaults,
} from "./config";
import { dependenciesOf, isAnywhere, isTrue, label, read, readArray, UNKNOWN } from "./util";

const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
const DEFAULT_SECURITY_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
const RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

/** The parts of a resource the rule readers need (a stack policy's resource, or a resource policy's args). */
export type RuleSource = Pick<PolicyResource, "type" | "urn" | "props"> & {
  propertyDependencies?: PolicyResource["propertyDependencies"];
};

/** One ingress permission, wherever it was written. */
export interface Ingress {
  /** The resource that declares it. */
  owner: RuleSource;
  /** Where in the owner, for messages. */
  where: string;
  /** URNs of the security groups it opens (known through the graph). */
  groups: string[];
  protocol: string;
  fromPort: number | undefined;
  toPort: number | undefined;
  /** Source CIDR blocks (IPv4 and IPv6). */
  cidrs: string[];
}

function protocolOf(value: unknown): string {
  const p = (
    typeof value === "number" ? String(value) : typeof value === "string" ? value : ""
  ).toLowerCase();
  return p === "-1" || p === "all" ? "all" : p === "6" ? "tcp" : p === "17" ? "udp" : p;
}

function port(value: unknown): number | undefined {
  return typeof value === "number" ? value : undefined;
}

function strings(value: unknown[] | typeof UNKNOWN): string[] {
  return value === UNKNOWN ? [] : value.filter((v): v is string => typeof v === "string");
}

/** Protocol, ports and sources of a rule in the classic shape (inline rules and `aws.ec2.SecurityGroupRule`). */
function classicRule(rule: unknown): Pick<Ingress, "protocol" | "fromPort" | "toPort" | "cidrs"> {
  return {
    protocol: protocolOf(read(rule, "protocol")),
    fromPort: port(read(rule, "fromPort")),
    toPort: port(read(rule, "toPort")),
    cidrs: [...strings(readArray(rule, "cidrBlocks")), ...strings(readArray(rule, "ipv6CidrBlocks"))],
  };
}

/** Every ingress permission declared by one resource. */
export function ingressOf(r: RuleSource): Ingress[] {
  const groupsOf = (): string[] => (r.propertyDependencies?.securityGroupId ?? []).map((g) => g.urn);
  const inline = (property: string): Ingress[] => {
    const rules = readArray(r.props, property);
    return (rules === UNKNOWN ? [] : rules).map((rule, i) => ({
      owner: r,
      where: `${property}[${i}]`,
      groups: [r.urn],
      ...classicRule(rule),
    }));
  };
  switch (r.type) {
    case SECURITY_GROUP:
    case DEFAULT_SECURITY_GROUP:
      return inline("ingress");
    case RULE:
      if (read(r.props, "type") !== "ingress") {
        return [];
      }
      return [{ owner: r, where: "rule", groups: groupsOf(), ...classicRule(r.props) }];
    case INGRESS_RULE: {
      const cidrs = [read(r.props, "cidrIpv4"), read(r.props, "cidrIpv6")].filter(
        (c): c is string => typeof c === "string",
      );
      return [
        {
          owner: r,
          where: "rule",
          groups: groupsOf(),
          protocol: protocolOf(read(r.props, "ipProtocol")),
          fromPort: port(read(r.props, "fromPort")),
          toPort: port(read(r.props, "toPort")),
          cidrs,
        },
      ];
    }
    default:
      return [];
  }
}

/** True when the permission lets `portNumber` in over TCP. */
export function coversTcpPort(rule: Ingress, portNumber: number): boolean {
  if (rule.protocol === "all") {
    return true;
  }
  if (rule.protocol !== "tcp") {
    return false;
  }
  const from = rule.fromPort ?? 0;
  const to = rule.toPort ?? 65535;
  return from <= portNumber && portNumber <= to;
}

function describe(rule: Ingress): string {
  const ports =
    rule.protocol === "all"
      ? "all ports"
      : rule.fromPort === rule.toPort
        ? `port ${rule.fromPort}`
        : `ports ${rule.fromPort}-${rule.toPort}`;
  return `${rule.protocol === "all" ? "all protocols" : rule.protocol}, ${ports}`;
}

interface PublicIngressConfig {
  vpnResourceNames: string[];
  vpnPort: number;
  vpnProtocol: string;
}

const LOAD_BALANCER_TYPES = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];

export const noPublicIngress: StackValidationPolicy = {
  name: "no-public-ingress",
  description:
    "Security groups must not admit 0.0.0.0/0 or ::/0, except an internet-facing application load balancer " +
    "on ports 80 and 443 and the VPN server on its VPN port. Admit a security group or the VPC CIDR instead.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      ...vpnNamesSchema.properties,
      vpnPort: { type: "integer", default: DEFAULT_VPN_PORT, description: "The VPN server's port." },
      vpnProtocol: {
        type: "string",
        enum: ["udp", "tcp"],
        default: DEFAULT_VPN_PROTOCOL,
        description: "The VPN server's protocol.",
      },
    },
  },
  validateStack: (args, reportViolation) => {
    const config = withDefaults<PublicIngressConfig>(
      {
        vpnResourceNames: DEFAULT_VPN_RESOURCE_NAMES,
        vpnPort: DEFAULT_VPN_PORT,
        vpnProtocol: DEFAULT_VPN_PROTOCOL,
      },
      args.getConfig<PublicIngressConfig>(),
    );
    const albGroups = new Set<string>();
    const vpnGroups = new Set<string>();
    for (const r of args.resources) {
      const isAlb =
        LOAD_BALANCER_TYPES.includes(r.type) &&
        (read(r.props, "loadBalancerType") ?? "application") === "application";
      if (isAlb && !isTrue(read(r.props, "internal"))) {
        dependenciesOf(r, "securityGroups").forEach((g) => albGroups.add(g.urn));
      }
      if (isVpnResource(r, config)) {
        if (r.type === SECURITY_GROUP) {
          vpnGroups.add(r.urn);
        }
        for (const property of [
          "vpcSecurityGroupIds",
          "securityGroups",
          "networkInterfaces",
          "vpcSecurityGroupIds",
        ]) {
          dependenciesOf(r, property)
            .filter((g) => g.type === SECURITY_GROUP)
            .forEach((g) => vpnGroups.add(g.urn));
        }
      }
    }
    for (const r of args.resources) {
      for (const rule of ingressOf(r)) {
        const open = rule.cidrs.filter(isAnywhere);
        if (open.length === 0) {
          continue;
        }
        const onlyGroups = (set: Set<string>): boolean =>
          rule.groups.length > 0 && rule.groups.every((g) => set.has(g));
        const webPort =
          rule.protocol === "tcp" &&
          rule.fromPort === rule.toPort &&
          (rule.fromPort === 80 || rule.fromPort === 443);
        const vpnPort =
          rule.protocol === config.vpnProtocol &&
          rule.fromPort === config.vpnPort &&
          rule.toPort === config.vpnPort;
        if ((webPort && onlyGroups(albGroups)) || (vpnPort && onlyGroups(vpnGroups))) {
          continue;
        }
        reportViolation(
          `${label(r)} (${rule.where}) admits ${open.join(" and ")} on ${describe(rule)}; only an internet-facing ` +
            `ALB may admit the internet (on 80 and 443) and the VPN server (on UDP ${config.vpnPort}): admit a ` +
            `security group or the VPC CIDR instead`,
          r.urn,
        );
      }
    }
  },
};

export const noSshRdp: ResourceValidationPolicy = {
  name: "no-ssh-rdp",
  description:
    "No security group may admit SSH (22) or RDP (3389), from anywhere: operators use Session Manager or " +
    "the VPN. Remove the rule, or narrow a port range or 'all traffic' rule so it leaves these ports out.",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (![SECURITY_GROUP, DEFAULT_SECURITY_GROUP, RULE, INGRESS_RULE].includes(args.type)) {
      args.notApplicable("only applies to security groups and their rules");
      return;
    }
    for (const rule of ingressOf(args)) {
      for (const [portNumber, service] of [
        [22, "SSH"],
        [3389, "RDP"],
      ] as const) {
        if (coversTcpPort(rule, portNumber)) {
          reportViolation(`${label(args)} (${rule.where}) admits ${service} (${describe(rule)})`);
        }
      }
    }
  },
};

export const defaultSecurityGroupClosed: StackValidationPolicy = {
  name: "default-security-group-closed",
  description:
    "Every VPC's default security group must have no rules, so that nothing lands in it by accident: manage " +
    "it with aws.ec2.DefaultSecurityGroup with empty ingress and egress.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const managed = new Set<string>();
    for (const r of args.resources.filter((x) => x.type === DEFAULT_SECURITY_GROUP)) {
      dependenciesOf(r, "vpcId").forEach((v) => managed.add(v.urn));
      for (const property of ["ingress", "egress"]) {
        const rules = readArray(r.props, property);
        if (rules === UNKNOWN || rules.length > 0) {
          reportViolation(
            `${label(r)} has ${property} rules: the default security group must have none`,
            r.urn,
          );
        }
      }
    }
    for (const vpc of args.resources.filter((x) => x.type === "aws:ec2/vpc:Vpc")) {
      if (!managed.has(vpc.urn)) {
        reportViolation(
          `${label(vpc)} leaves its default security group unmanaged (AWS gives it an allow-all-within rule): ` +
            `add an aws.ec2.DefaultSecurityGroup for it with no rules`,
          vpc.urn,
        );
      }
    }
  },
};
