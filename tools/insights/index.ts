/** The plan's insight reports, computed from its resource graph, and their text form. */
import { RecordedResource } from "../engine/mockEngine";
import { CostReport, estimateCost } from "./cost";
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
    `Deploy critical path: ${formatDuration(cp.totalSeconds)} for a first deploy ` +
      `(floor ${formatDuration(cp.floor.seconds)}: ${cp.floor.resource}${cp.floor.needs.length ? ` after ${cp.floor.needs.join(" -> ")}` : ""}; ratio ${cp.ratio.toFixed(2)})`,
    ...cp.chain
      .filter((l) => l.seconds > 0)
      .map(
        (l) =>
          `  ${formatDuration(l.finishesAt).padStart(13)}  ${l.name} (${l.type}, ${formatDuration(l.seconds)})`,
      ),
    "",
    `Monthly cost estimate: ${usd(i.cost.totalUsd)} (${usd(i.cost.fixedUsd)} from sizes, ${usd(i.cost.usageUsd)} assumed usage; ` +
      `prices v${i.cost.priceTable.version}, ${i.cost.priceTable.region}, ${i.cost.priceTable.date})`,
    ...Object.entries(i.cost.byComponent)
      .sort(([, a], [, b]) => b - a)
      .map(([component, amount]) => `  ${component.padEnd(28)} ${usd(amount).padStart(9)}`),
    ...(i.cost.unpriced.length ? [`  not priced (counted as $0): ${i.cost.unpriced.join(", ")}`] : []),
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
