/** The plan's insight reports, computed from its resource graph, and their text form. */
import { RecordedResource } from "../engine/mockEngine";
import { CostReport, estimateCost, formatAssumptions } from "./cost";
import { CriticalPath, criticalPath, formatDuration } from "./criticalPath";
import { DeclaredQuotas, formatQuotas, QuotaReport, quotaReport } from "./quotas";
import { zoneFailure, ZoneFailureReport } from "./zones";

export interface Insights {
  criticalPath: CriticalPath;
  cost: CostReport;
  zoneFailure: ZoneFailureReport;
  /** New-account quotas and notes (tools/insights/quotas.ts). */
  quotas: QuotaReport;
}

/** `declared`: the quotas the stack's config says the account has been granted (see `declaredQuotas`). */
export function insights(resources: readonly RecordedResource[], declared: DeclaredQuotas = {}): Insights {
  return {
    criticalPath: criticalPath(resources),
    cost: estimateCost(resources),
    zoneFailure: zoneFailure(resources),
    quotas: quotaReport(resources, declared),
  };
}

const usd = (n: number): string => `$${n.toLocaleString("en-US", { maximumFractionDigits: 0 })}`;

export function formatInsights(i: Insights): string[] {
  const cp = i.criticalPath;
  const lines = [
    `Deploy critical path, first deploy: ${formatDuration(cp.firstDeploy.p50)} at p50, ` +
      `${formatDuration(cp.firstDeploy.p90)} at p90 (floor ${formatDuration(cp.floor.p50)} / ` +
      `${formatDuration(cp.floor.p90)}; ratio ${cp.ratio.p50.toFixed(2)} / ${cp.ratio.p90.toFixed(2)})`,
    `  floor: what AWS itself requires (tools/catalog/prerequisites.ts): ${cp.floor.chain.join(" -> ")}`,
    `  ${cp.explanation}`,
    ...cp.missing.map((m) => `  MISSING: ${m.resource} does not wait for ${m.needs} (${m.why})`),
    "  the longest chain (finishes at p50; each link's own p50 / p90):",
    ...cp.chain
      .filter((l) => l.p50 > 0)
      .map(
        (l) =>
          `  ${formatDuration(l.finishesAt).padStart(11)}  ${l.name} (${l.type}, ` +
          `${formatDuration(l.p50)} / ${formatDuration(l.p90)}: ${l.source})`,
      ),
    "",
    `Monthly cost estimate: ${usd(i.cost.totalUsd)} (${usd(i.cost.fixedUsd)} from sizes, ${usd(i.cost.usageUsd)} assumed usage; ` +
      `prices v${i.cost.priceTable.version}, ${i.cost.priceTable.region}, ${i.cost.priceTable.date})`,
    ...Object.entries(i.cost.byComponent)
      .sort(([, a], [, b]) => b - a)
      .map(([component, amount]) => `  ${component.padEnd(28)} ${usd(amount).padStart(9)}`),
    ...(i.cost.unpriced.length ? [`  not priced (counted as $0): ${i.cost.unpriced.join(", ")}`] : []),
    ...(i.cost.free.length
      ? [`  free tier (counted as $0; an organization's accounts share it): ${i.cost.free.join(", ")}`]
      : []),
    "  usage assumed each month (by type: resources, what one is assumed to use):",
    ...formatAssumptions(i.cost),
    "",
    `Zone-failure check (${i.zoneFailure.zones.join(", ")}):`,
    ...i.zoneFailure.zones.map((z) => {
      const lost = i.zoneFailure.lostByZone[z];
      return `  losing ${z}: ${lost.length === 0 ? "every tier keeps capacity" : `loses all capacity of ${lost.join(", ")}`}`;
    }),
    "",
    ...formatQuotas(i.quotas),
  ];
  return lines;
}
