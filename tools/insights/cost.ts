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
  for (const r of resources.filter((x) => x.custom)) {
    const component = topLevelOf(graph, r).name;
    const p = price(graph, r, unpriced);
    if (p && p.usd > 0) {
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
    byComponent,
    fixedUsd,
    usageUsd,
    totalUsd: cents(fixedUsd + usageUsd),
  };
}
