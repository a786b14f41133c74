/**
 * Monthly cost estimate of a plan: each resource priced from the sizes its inputs ask for, by the price
 * rule of its catalog entry and the price table of catalog/prices.ts; usage-priced items listed as
 * assumptions with their quantities, never hidden.
 */
import { CATALOG, Price } from "../catalog";
import { PRICES } from "../catalog/prices";
import { RecordedResource } from "../engine/mockEngine";
import { buildGraph, Graph, topLevelOf } from "./graph";

export interface CostLine {
  /** The top-level component the resource belongs to. */
  component: string;
  resource: string;
  type: string;
  monthlyUsd: number;
  /** How the figure was reached. */
  basis: string;
}

export interface CostReport {
  priceTable: { version: number; region: string; date: string };
  /** Resources priced by the hour or month from their size. */
  lines: CostLine[];
  /** Usage-priced items, with the quantity assumed. */
  assumptions: CostLine[];
  /** Sizes the table has no price for (counted as 0, listed so they are not hidden). */
  unpriced: string[];
  /** Resources within the account's free allowance of their type (counted as 0). */
  free: string[];
  byComponent: Record<string, number>;
  fixedUsd: number;
  usageUsd: number;
  totalUsd: number;
}

/** Fixed monthly price of one resource from its size, by its catalog entry; undefined when not priced by size. */
function price(graph: Graph, r: RecordedResource, unpriced: Set<string>): Price | undefined {
  return CATALOG.get(r.type)?.price?.(r, {
    graph,
    hourly: (size) => {
      const p = PRICES.instances[size];
      if (p === undefined) {
        unpriced.add(`${r.type} size ${size}`);
        return 0;
      }
      return p;
    },
    unpriced: (what) => unpriced.add(what),
  });
}

export function estimateCost(resources: readonly RecordedResource[]): CostReport {
  const graph = buildGraph(resources);
  const lines: CostLine[] = [];
  const assumptions: CostLine[] = [];
  const unpriced = new Set<string>();
  // The account's free allowance of a type (three dashboards): the first ones registered cost nothing.
  const freeLeft = new Map(Object.entries(PRICES.free));
  const free: string[] = [];
  for (const r of resources.filter((x) => x.custom)) {
    const component = topLevelOf(graph, r).name;
    const p = price(graph, r, unpriced);
    const allowance = freeLeft.get(r.type) ?? 0;
    if (p && p.usd > 0 && allowance > 0) {
      freeLeft.set(r.type, allowance - 1);
      free.push(`${r.name} (${p.basis}, within the account's free ${PRICES.free[r.type]})`);
    } else if (p && p.usd > 0) {
      lines.push({ component, resource: r.name, type: r.type, monthlyUsd: p.usd, basis: p.basis });
    }
    const usage = CATALOG.get(r.type)?.usage;
    if (usage) {
      assumptions.push({
        component,
        resource: r.name,
        type: r.type,
        monthlyUsd: usage.monthlyUsd,
        basis: `assumed ${usage.quantity}`,
      });
    }
  }
  // Sums rounded to the cent: the float error of adding up depends on the order resources registered in.
  const cents = (usd: number): number => Math.round(usd * 100) / 100;
  const sum = (ls: CostLine[]): number => cents(ls.reduce((a, l) => a + l.monthlyUsd, 0));
  const byComponent: Record<string, number> = {};
  for (const l of [...lines, ...assumptions]) {
    byComponent[l.component] = (byComponent[l.component] ?? 0) + l.monthlyUsd;
  }
  for (const component of Object.keys(byComponent)) {
    byComponent[component] = cents(byComponent[component]);
  }
  const fixedUsd = sum(lines);
  const usageUsd = sum(assumptions);
  return {
    priceTable: { version: PRICES.version, region: PRICES.region, date: PRICES.date },
    lines,
    assumptions,
    unpriced: [...unpriced].sort(),
    free,
    byComponent,
    fixedUsd,
    usageUsd,
    totalUsd: cents(fixedUsd + usageUsd),
  };
}

/**
 * The usage assumptions as text: one line per type, with how many resources assume it and what they add
 * up to, the largest first.
 */
export function formatAssumptions(cost: CostReport): string[] {
  const byType = new Map<string, { count: number; usd: number; basis: string }>();
  for (const a of cost.assumptions) {
    const t = byType.get(a.type) ?? { count: 0, usd: 0, basis: a.basis };
    byType.set(a.type, { count: t.count + 1, usd: t.usd + a.monthlyUsd, basis: a.basis });
  }
  const usd = (n: number): string => `$${n.toLocaleString("en-US", { maximumFractionDigits: 0 })}`;
  return [...byType]
    .sort(([, a], [, b]) => b.usd - a.usd)
    .map(([type, t]) => `    ${usd(t.usd).padStart(6)}  ${t.count} x ${type.split(":")[1]}: ${t.basis}`);
}
