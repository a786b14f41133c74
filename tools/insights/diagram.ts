/**
 * Architecture diagram of a stack, generated from the plan's graph: the request flow (internet, DNS,
 * public ALB and WAF, gateway, internal ALB, services, data stores, Kafka, queues) and operator access
 * (VPN). The data stores are the catalog entries' `diagram` nodes. Emitted as Mermaid (renders in a pull
 * request) and as a standalone SVG.
 */
import { plural, shownRows } from "../catalog";
import { RecordedResource } from "../engine/mockEngine";

type Inputs = Record<string, unknown>;

export interface DiagramNode {
  id: string;
  label: string;
  /** Row of the layered layout, top (0) to bottom. */
  layer: number;
}

export interface Diagram {
  nodes: DiagramNode[];
  edges: Array<[string, string]>;
}

/** Picks the parts of the environment the graph contains and links them in request-flow order. */
export function buildDiagram(resources: readonly RecordedResource[]): Diagram {
  const of = (type: string): RecordedResource[] => resources.filter((r) => r.type === type);
  const nodes: DiagramNode[] = [];
  const edges: Array<[string, string]> = [];
  const add = (id: string, label: string, layer: number): string => {
    nodes.push({ id, label, layer });
    return id;
  };
  const link = (from: string | undefined, to: string | undefined): void => {
    if (from && to) {
      edges.push([from, to]);
    }
  };

  const internet = add("internet", "Internet: browsers and apps", 0);
  const zones = of("aws:route53/zone:Zone").filter((z) => (z.inputs as Inputs).vpcs === undefined);
  const dns =
    zones.length > 0 || of("aws:route53/record:Record").length > 0 ? add("dns", "Route 53", 1) : undefined;
  link(internet, dns);
  const entry = dns ?? internet;

  const distributions = of("aws:cloudfront/distribution:Distribution");
  const cdn = distributions.length > 0 ? add("cdn", "CloudFront (static content)", 2) : undefined;
  link(entry, cdn);

  const lbs = of("aws:lb/loadBalancer:LoadBalancer");
  const publicLb = lbs.find((l) => (l.inputs as Inputs).internal !== true);
  const internalLb = lbs.find((l) => (l.inputs as Inputs).internal === true);
  const waf = of("aws:wafv2/webAclAssociation:WebAclAssociation").length > 0;
  const alb = publicLb ? add("alb", `Public ALB: TLS${waf ? " + WAF" : ""}`, 2) : undefined;
  link(entry, alb);

  const services = of("aws:ecs/service:Service");
  const gatewaySvc = services.find((s) => /gateway/.test(s.name));
  const gateway = gatewaySvc
    ? add(
        "gateway",
        `Gateway / auth (${plural(Number((gatewaySvc.inputs as Inputs).desiredCount ?? 1), "task")})`,
        3,
      )
    : undefined;
  link(alb, gateway);
  const ialb = internalLb ? add("ialb", "Internal ALB: path rules", 4) : undefined;
  link(gateway ?? alb, ialb);

  const apps = services.filter((s) => s !== gatewaySvc);
  const schedules = of("aws:scheduler/schedule:Schedule");
  const svc =
    apps.length > 0 || schedules.length > 0
      ? add(
          "services",
          `Services: ${plural(apps.length, "ECS service")}${schedules.length ? `, ${plural(schedules.length, "scheduled job")}` : ""}`,
          5,
        )
      : undefined;
  link(ialb ?? gateway ?? alb, svc);

  // The data layer: a node per store the catalog shows, from the resources of its types.
  const from = svc ?? gateway;
  for (const [id, label] of shownRows(resources, (e) => e.diagram)) {
    link(from, add(id, label, 6));
  }
  const vpnAsg = resources.find((r) => r.type === "aws:autoscaling/group:Group" && /vpn/.test(r.name));
  if (vpnAsg) {
    const operators = add("operators", "Operators", 0);
    const vpn = add("vpn", "OpenVPN server (the only public instance)", 1);
    link(operators, vpn);
    link(vpn, svc ?? ialb);
  }
  return { nodes, edges };
}

export function toMermaid(d: Diagram): string {
  const q = (s: string): string => s.replace(/"/g, "'");
  return [
    "flowchart TB",
    ...d.nodes.map((n) => `  ${n.id}["${q(n.label)}"]`),
    ...d.edges.map(([a, b]) => `  ${a} --> ${b}`),
  ].join("\n");
}

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A layered SVG: one row per layer, boxes centred in their row, arrows from box to box. */
export function toSvg(d: Diagram, title: string): string {
  const boxW = 220;
  const boxH = 44;
  const gapX = 24;
  const rowH = 96;
  const layers = [...new Set(d.nodes.map((n) => n.layer))].sort((a, b) => a - b);
  const widest = Math.max(...layers.map((l) => d.nodes.filter((n) => n.layer === l).length));
  const width = Math.max(widest * (boxW + gapX) + gapX, 600);
  const pos = new Map<string, { x: number; y: number }>();
  layers.forEach((layer, row) => {
    const inRow = d.nodes.filter((n) => n.layer === layer);
    const rowWidth = inRow.length * (boxW + gapX) - gapX;
    inRow.forEach((n, i) =>
      pos.set(n.id, { x: (width - rowWidth) / 2 + i * (boxW + gapX), y: 50 + row * rowH }),
    );
  });
  const height = 50 + layers.length * rowH;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<defs><marker id="arrow" markerWidth="10" markerHeight="8" refX="9" refY="4" orient="auto"><path d="M0,0 L10,4 L0,8 z" fill="#555"/></marker></defs>`,
    `<text x="${width / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`,
  ];
  for (const [a, b] of d.edges) {
    const p = pos.get(a);
    const q = pos.get(b);
    if (p && q) {
      parts.push(
        `<line x1="${p.x + boxW / 2}" y1="${p.y + boxH}" x2="${q.x + boxW / 2}" y2="${q.y}" stroke="#555" marker-end="url(#arrow)"/>`,
      );
    }
  }
  for (const n of d.nodes) {
    const p = pos.get(n.id)!;
    parts.push(
      `<rect x="${p.x}" y="${p.y}" width="${boxW}" height="${boxH}" rx="6" fill="#eef4fb" stroke="#2b5d8a"/>`,
      `<text x="${p.x + boxW / 2}" y="${p.y + boxH / 2 + 4}" text-anchor="middle">${esc(n.label.length > 36 ? `${n.label.slice(0, 34)}…` : n.label)}</text>`,
    );
  }
  parts.push("</svg>");
  return parts.join("\n") + "\n";
}
