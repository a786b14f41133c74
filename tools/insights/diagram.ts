/**
 * Architecture diagram of a stack, generated from the plan's graph: what the environment holds, inside
 * nested boundaries (the account, the VPC, its subnet tiers and, in each tier, its AZs), linked by the
 * request flow (internet, DNS, edge, gateway, internal ALB, services, stores; partners through the partner
 * API and Cognito; events through EventBridge to Lambda and DynamoDB) and the operator flow (VPN). The data
 * stores are the catalog entries' `diagram` nodes. Laid out by ELK (diagramLayout.ts), emitted as SVG and
 * as Mermaid (which renders in a pull request).
 */
import { plural, shownRows } from "../catalog";
import { RecordedResource } from "../engine/mockEngine";

type Inputs = Record<string, unknown>;

/** A boundary: an organizational unit, an account, the VPC, a subnet tier, an AZ. */
export interface DiagramGroup {
  id: string;
  label: string;
  /** The enclosing group; none: the top level. */
  parent?: string;
}

export interface DiagramNode {
  id: string;
  label: string;
  /** The innermost boundary it sits in; none: outside every boundary (the internet, operators). */
  group?: string;
}

export type Flow = "request" | "operator";

export interface DiagramEdge {
  from: string;
  to: string;
  flow: Flow;
}

export interface Diagram {
  groups: DiagramGroup[];
  nodes: DiagramNode[];
  edges: DiagramEdge[];
}

/**
 * Where the environment's account sits: the boundaries around it, outermost first (the organization, its
 * OUs), with the account's own label. The organization program can pass its OUs and accounts here; by
 * default the account is drawn alone.
 */
export interface Placement {
  enclosing?: DiagramGroup[];
  accountLabel?: string;
}

const TIERS = [
  { tier: "public", label: "Public subnets" },
  { tier: "private", label: "Private subnets" },
  { tier: "data", label: "Data subnets (isolated)" },
] as const;

/** Picks the parts of the environment the graph contains and links them in request-flow order. */
export function buildDiagram(resources: readonly RecordedResource[], placement: Placement = {}): Diagram {
  const of = (type: string): RecordedResource[] => resources.filter((r) => r.type === type);
  const groups: DiagramGroup[] = [...(placement.enclosing ?? [])];
  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  const add = (id: string, label: string, group?: string): string => {
    nodes.push({ id, label, group });
    return id;
  };
  const link = (from: string | undefined, to: string | undefined, flow: Flow = "request"): void => {
    if (from && to && !edges.some((e) => e.from === from && e.to === to)) {
      edges.push({ from, to, flow });
    }
  };

  const account = "account";
  groups.push({
    id: account,
    label: placement.accountLabel ?? "AWS account of the environment",
    parent: placement.enclosing?.at(-1)?.id,
  });
  const vpcResource = of("aws:ec2/vpc:Vpc")[0];
  const vpc = vpcResource ? "vpc" : undefined;
  if (vpc) {
    const cidr = (vpcResource.inputs as Inputs).cidrBlock;
    groups.push({ id: vpc, label: `VPC ${typeof cidr === "string" ? cidr : ""}`.trim(), parent: account });
  }
  // Subnet tiers, and in each its AZs: a subnet per AZ, named <network>-<tier>-<n>.
  const tierOf = new Map<string, string>();
  for (const { tier, label } of TIERS) {
    const subnets = of("aws:ec2/subnet:Subnet").filter((s) => new RegExp(`-${tier}-\\d+$`).test(s.name));
    if (!vpc || subnets.length === 0) {
      continue;
    }
    const id = `tier-${tier}`;
    groups.push({ id, label, parent: vpc });
    tierOf.set(tier, id);
    for (const s of subnets) {
      const i = s.inputs as Inputs;
      const zone = i.availabilityZoneId ?? i.availabilityZone;
      const az = typeof zone === "string" ? zone : "?";
      const azGroup = `${id}-${az}`;
      groups.push({ id: azGroup, label: az, parent: id });
      add(
        `${azGroup}-subnet`,
        `subnet ${typeof i.cidrBlock === "string" ? i.cidrBlock : ""}`.trim(),
        azGroup,
      );
    }
  }
  const publicTier = tierOf.get("public") ?? vpc ?? account;
  const privateTier = tierOf.get("private") ?? vpc ?? account;
  const dataTier = tierOf.get("data") ?? privateTier;

  const internet = add("internet", "Internet: browsers and apps");
  const zones = of("aws:route53/zone:Zone").filter((z) => (z.inputs as Inputs).vpcs === undefined);
  const dns =
    zones.length > 0 || of("aws:route53/record:Record").length > 0
      ? add("dns", "Route 53 (public zone)", account)
      : undefined;
  link(internet, dns);
  const entry = dns ?? internet;

  const cdn =
    of("aws:cloudfront/distribution:Distribution").length > 0
      ? add("cdn", "CloudFront: static content", account)
      : undefined;
  link(entry, cdn);

  const lbs = of("aws:lb/loadBalancer:LoadBalancer");
  const publicLb = lbs.find((l) => (l.inputs as Inputs).internal !== true);
  const internalLb = lbs.find((l) => (l.inputs as Inputs).internal === true);
  const waf = of("aws:wafv2/webAclAssociation:WebAclAssociation").length > 0;
  const alb = publicLb ? add("alb", `Public ALB: TLS${waf ? " + WAF" : ""}`, publicTier) : undefined;
  link(entry, alb);

  const nats = of("aws:ec2/natGateway:NatGateway");
  if (nats.length > 0) {
    add("nat", `NAT egress: ${plural(nats.length, "gateway")}`, publicTier);
  }

  const services = of("aws:ecs/service:Service");
  const gatewaySvc = services.find((s) => /gateway/.test(s.name));
  const gateway = gatewaySvc
    ? add(
        "gateway",
        `Gateway / auth (${plural(Number((gatewaySvc.inputs as Inputs).desiredCount ?? 1), "task")})`,
        privateTier,
      )
    : undefined;
  link(alb, gateway);
  const ialb = internalLb ? add("ialb", "Internal ALB: path rules", privateTier) : undefined;
  link(gateway ?? alb, ialb);

  const apps = services.filter((s) => s !== gatewaySvc);
  const schedules = of("aws:scheduler/schedule:Schedule");
  const svc =
    apps.length > 0 || schedules.length > 0
      ? add(
          "services",
          `Services: ${plural(apps.length, "ECS service")}${schedules.length ? `, ${plural(schedules.length, "schedule")}` : ""}`,
          privateTier,
        )
      : undefined;
  link(ialb ?? gateway ?? alb, svc);

  // Identity and the partner API.
  const cognito =
    of("aws:cognito/userPool:UserPool").length > 0 ? add("cognito", "Cognito user pool", account) : undefined;
  link(gateway, cognito);
  if (of("aws:apigatewayv2/api:Api").length > 0) {
    const partners = add("partners", "Partners (OAuth clients)");
    const api = add("partner-api", "Partner API (API Gateway + VPC link)", account);
    link(partners, api);
    link(api, cognito);
    link(api, ialb ?? svc);
  }

  // The data layer: a node per store the catalog shows, from the resources of its types.
  const from = svc ?? gateway;
  for (const [id, label] of shownRows(resources, (e) => e.diagram)) {
    const inVpc = ["postgres", "cache", "search", "kafka"].includes(id);
    link(from, add(id, label, inVpc ? dataTier : id === "mongodb" ? undefined : account));
  }

  // Events: the bus, its functions (in the private tier) and the tables.
  const bus =
    of("aws:cloudwatch/eventBus:EventBus").length > 0
      ? add("bus", "EventBridge bus and rules", account)
      : undefined;
  link(from, bus);
  const functions = of("aws:lambda/function:Function");
  const lambda =
    functions.length > 0
      ? add("lambda", `Lambda: ${plural(functions.length, "function")}`, privateTier)
      : undefined;
  link(bus, lambda);
  const tables = of("aws:dynamodb/table:Table");
  const dynamo =
    tables.length > 0 ? add("dynamodb", `DynamoDB: ${plural(tables.length, "table")}`, account) : undefined;
  link(lambda, dynamo);
  link(from, dynamo);

  // Operators reach the private tier through the VPN server, the only public instance.
  const vpnAsg = of("aws:autoscaling/group:Group").find((r) => /vpn/.test(r.name));
  if (vpnAsg) {
    const operators = add("operators", "Operators");
    const vpn = add("vpn", "OpenVPN server (the only public instance)", publicTier);
    link(operators, vpn, "operator");
    link(vpn, svc ?? ialb, "operator");
  }
  return { groups, nodes, edges };
}

/** The diagram as a Mermaid flowchart, boundaries as subgraphs. */
export function toMermaid(d: Diagram): string {
  const q = (s: string): string => s.replace(/"/g, "'");
  const lines = ["flowchart TB"];
  const emit = (parent: string | undefined, indent: string): void => {
    for (const n of d.nodes.filter((x) => x.group === parent)) {
      lines.push(`${indent}${n.id}["${q(n.label)}"]`);
    }
    for (const g of d.groups.filter((x) => x.parent === parent)) {
      lines.push(`${indent}subgraph ${g.id}["${q(g.label)}"]`);
      emit(g.id, `${indent}  `);
      lines.push(`${indent}end`);
    }
  };
  emit(undefined, "  ");
  for (const e of d.edges) {
    lines.push(`  ${e.from} ${e.flow === "operator" ? "-.->" : "-->"} ${e.to}`);
  }
  return lines.join("\n");
}
