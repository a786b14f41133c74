/**
 * Side-by-side comparison of two stacks' plans: resources per component, sizes, cost and what survives
 * the loss of an AZ (`npm run plan -- --stack dev --compare prod`).
 */
import { shownRows } from "../catalog";
import { RecordedResource } from "../engine/mockEngine";
import { buildGraph, topLevelOf } from "./graph";
import { Insights } from "./index";

export interface StackSummary {
  stack: string;
  resources: number;
  protectedResources: number;
  /** Custom resources per top-level component; the providers made at the top count as one row. */
  byComponent: Record<string, number>;
  /** The sizes that matter, as short text: the availability zones and the catalog entries' `size` rows. */
  sizes: Record<string, string>;
  monthlyUsd: number;
  firstDeploySeconds: number;
  /** Tiers that lose all capacity when some AZ fails. */
  singleZoneTiers: string[];
}

/** The row of the comparison that counts the providers made outside every component. */
export const PROVIDERS_ROW = "(providers)";

export function summarize(
  stack: string,
  resources: readonly RecordedResource[],
  insights: Insights,
): StackSummary {
  const rs = resources.filter((r) => r.custom);
  const graph = buildGraph(resources);
  const byComponent: Record<string, number> = {};
  for (const r of rs) {
    const top = topLevelOf(graph, r);
    // A provider made at the top (the management account's, random's) is no component of the environment.
    const c = top.type.startsWith("pulumi:providers:") ? PROVIDERS_ROW : top.name;
    byComponent[c] = (byComponent[c] ?? 0) + 1;
  }
  const sizes: Record<string, string> = {};
  sizes["availability zones"] = String(insights.zoneFailure.zones.length);
  for (const [key, size] of shownRows(rs, (e) => e.size)) {
    sizes[key] = size;
  }
  const lost = new Set(Object.values(insights.zoneFailure.lostByZone).flat());
  return {
    stack,
    resources: rs.length,
    protectedResources: rs.filter((r) => r.protect).length,
    byComponent,
    sizes,
    monthlyUsd: insights.cost.totalUsd,
    firstDeploySeconds: insights.criticalPath.firstDeploy.p50,
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
