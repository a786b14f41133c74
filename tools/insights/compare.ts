/**
 * Side-by-side comparison of two stacks' plans: resources per component, sizes, cost and what survives
 * the loss of an AZ (`npm run plan -- --stack dev --compare prod`).
 */
import { RecordedResource } from "../engine/mockEngine";
import { buildGraph, topLevelOf } from "./graph";
import { Insights } from "./index";

type Inputs = Record<string, unknown>;

export interface StackSummary {
  stack: string;
  resources: number;
  protectedResources: number;
  /** Custom resources per top-level component. */
  byComponent: Record<string, number>;
  /** The sizes that matter, as short text. */
  sizes: Record<string, string>;
  monthlyUsd: number;
  firstDeploySeconds: number;
  /** Tiers that lose all capacity when some AZ fails. */
  singleZoneTiers: string[];
}

const count = (rs: RecordedResource[], type: string): RecordedResource[] => rs.filter((r) => r.type === type);
const text = (v: unknown, fallback: string): string =>
  typeof v === "number" || typeof v === "string" ? String(v) : fallback;

export function summarize(
  stack: string,
  resources: readonly RecordedResource[],
  insights: Insights,
): StackSummary {
  const rs = resources.filter((r) => r.custom);
  const graph = buildGraph(resources);
  const byComponent: Record<string, number> = {};
  for (const r of rs) {
    const c = topLevelOf(graph, r).name;
    byComponent[c] = (byComponent[c] ?? 0) + 1;
  }
  const sizes: Record<string, string> = {};
  sizes["availability zones"] = String(insights.zoneFailure.zones.length);
  sizes["NAT gateways"] = String(count(rs, "aws:ec2/natGateway:NatGateway").length);
  sizes["interface endpoints"] = String(
    count(rs, "aws:ec2/vpcEndpoint:VpcEndpoint").filter(
      (r) => (r.inputs as Inputs).vpcEndpointType === "Interface",
    ).length,
  );
  const dbs = count(rs, "aws:rds/instance:Instance");
  const primary = dbs.find((r) => (r.inputs as Inputs).replicateSourceDb === undefined);
  if (primary) {
    const i = primary.inputs as Inputs;
    sizes.postgres = `${String(i.instanceClass)}${i.multiAz === true ? " Multi-AZ" : ""} + ${dbs.length - 1} replica(s)`;
  }
  const cache = count(rs, "aws:elasticache/replicationGroup:ReplicationGroup")[0];
  if (cache) {
    const i = cache.inputs as Inputs;
    sizes.cache = `${text(i.numCacheClusters, "1")} x ${text(i.nodeType, "?")}`;
  }
  const search = count(rs, "aws:opensearch/domain:Domain")[0];
  if (search) {
    const c = ((search.inputs as Inputs).clusterConfig ?? {}) as Inputs;
    sizes.search = `${text(c.instanceCount, "1")} x ${text(c.instanceType, "?")}`;
  }
  const msk = count(rs, "aws:msk/cluster:Cluster")[0];
  if (msk) {
    const i = msk.inputs as Inputs;
    sizes.kafka = `MSK ${String(i.numberOfBrokerNodes)} x ${String(((i.brokerNodeGroupInfo ?? {}) as Inputs).instanceType)}`;
  } else if (rs.some((r) => r.type === "confluentcloud:index/kafkaCluster:KafkaCluster")) {
    sizes.kafka = "Confluent Cloud";
  }
  const services = count(rs, "aws:ecs/service:Service");
  sizes["ECS services (tasks)"] =
    `${services.length} (${services.reduce((a, s) => a + Number((s.inputs as Inputs).desiredCount ?? 1), 0)})`;
  sizes.VPN = rs.some((r) => r.type === "aws:autoscaling/group:Group" && /vpn/.test(r.name)) ? "yes" : "no";
  const lost = new Set(Object.values(insights.zoneFailure.lostByZone).flat());
  return {
    stack,
    resources: rs.length,
    protectedResources: rs.filter((r) => r.protect).length,
    byComponent,
    sizes,
    monthlyUsd: insights.cost.totalUsd,
    firstDeploySeconds: insights.criticalPath.totalSeconds,
    singleZoneTiers: [...lost].sort(),
  };
}

/** The comparison as text: one row per component, size and figure, the two stacks side by side. */
export function formatComparison(a: StackSummary, b: StackSummary): string[] {
  const row = (label: string, x: string, y: string): string =>
    `${label.padEnd(26)} ${x.padStart(34)} ${y.padStart(38)}${x === y ? "" : "   *"}`;
  const lines = [row("", a.stack, b.stack), row("resources", String(a.resources), String(b.resources))];
  lines.push(row("protected", String(a.protectedResources), String(b.protectedResources)));
  lines.push(row("monthly cost (USD)", a.monthlyUsd.toFixed(0), b.monthlyUsd.toFixed(0)));
  lines.push(
    row("first deploy (min)", (a.firstDeploySeconds / 60).toFixed(1), (b.firstDeploySeconds / 60).toFixed(1)),
  );
  lines.push(
    row("tiers lost with one AZ", String(a.singleZoneTiers.length), String(b.singleZoneTiers.length)),
  );
  lines.push("", "sizes");
  for (const key of [...new Set([...Object.keys(a.sizes), ...Object.keys(b.sizes)])]) {
    lines.push(row(`  ${key}`, a.sizes[key] ?? "-", b.sizes[key] ?? "-"));
  }
  lines.push("", "resources per component");
  for (const key of [...new Set([...Object.keys(a.byComponent), ...Object.keys(b.byComponent)])].sort()) {
    lines.push(row(`  ${key}`, String(a.byComponent[key] ?? 0), String(b.byComponent[key] ?? 0)));
  }
  const onlyA = a.singleZoneTiers.filter((t) => !b.singleZoneTiers.includes(t));
  if (onlyA.length > 0) {
    lines.push("", `lost with one AZ in ${a.stack} only: ${onlyA.join(", ")}`);
  }
  lines.push("", "(* differs)");
  return lines;
}
