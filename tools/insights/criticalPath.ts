/**
 * The deploy critical path: how long a first `pulumi up` takes if every resource starts as soon as what it
 * waits for is done (Pulumi runs independent steps in parallel), at the median (p50) and at the p90 of each
 * creation time, and the longest chain that decides it.
 *
 * The floor is the same computation on a different graph: each resource waits only for its true
 * prerequisites (tools/catalog/prerequisites.ts, written from AWS's API references, not from the program).
 * The ratio of the deploy to the floor is then what the program's own waits cost: above 1, a resource on
 * the critical chain waits for something AWS does not require; below 1, the program misses a prerequisite
 * (the first deploy would fail or race).
 */
import { creationTime, Duration } from "../catalog";
import { PREREQUISITES, READY_AFTER } from "../catalog/prerequisites";
import { RecordedResource } from "../engine/mockEngine";
import { buildGraph, Graph } from "./graph";

export interface ChainLink {
  urn: string;
  type: string;
  name: string;
  /** Its own creation time, p50 and p90. */
  p50: number;
  p90: number;
  /** When it finishes at p50, counted from the start of the deploy. */
  finishesAt: number;
  source: string;
}

/** A time at the median and at the 90th percentile of each creation time, in seconds. */
export interface Estimate {
  p50: number;
  p90: number;
}

export interface CriticalPath {
  /** Modeled wall time of a first deploy. */
  firstDeploy: Estimate;
  /** The longest chain at p50, first resource first. */
  chain: ChainLink[];
  /** The latest any resource finishes when each waits only for its prerequisites, and that chain (p50). */
  floor: Estimate & { resource: string; chain: string[] };
  /** firstDeploy / floor: 1.0 means the program adds no needless wait to the longest chain. */
  ratio: Estimate;
  /** Waits of the critical chain that are not prerequisites: what the program could drop. */
  needless: Array<{ resource: string; waitsFor: string }>;
  /** Prerequisites the program does not make a resource wait for (directly or through others). */
  missing: Array<{ resource: string; needs: string; why: string }>;
  /** Why the floor is the chain it is, in a sentence. */
  explanation: string;
}

type Edges = Map<string, string[]>;

/** Earliest finish of every custom resource over `edges`, with the dependency that decided it. */
function longestFinish(
  edges: Edges,
  durations: Map<string, number>,
): Map<string, { finish: number; via?: string }> {
  const memo = new Map<string, { finish: number; via?: string }>();
  const visiting = new Set<string>();
  const visit = (urn: string): { finish: number; via?: string } => {
    const known = memo.get(urn);
    if (known) {
      return known;
    }
    if (visiting.has(urn)) {
      throw new Error(`dependency cycle through ${urn}`);
    }
    visiting.add(urn);
    let start = 0;
    let via: string | undefined;
    for (const d of edges.get(urn) ?? []) {
      const f = visit(d).finish;
      if (f > start) {
        start = f;
        via = d;
      }
    }
    visiting.delete(urn);
    const result = { finish: start + (durations.get(urn) ?? 0), via };
    memo.set(urn, result);
    return result;
  };
  for (const urn of edges.keys()) {
    visit(urn);
  }
  return memo;
}

/**
 * Each resource's true prerequisites: what it refers to (through any property or dependency) that its type
 * needs, its provider, and the resources that make what it uses ready (a certificate's validation).
 */
export function prerequisiteEdges(graph: Graph): Edges {
  const edges: Edges = new Map();
  const byType = new Map<string, RecordedResource[]>();
  for (const r of graph.resources.filter((x) => x.custom)) {
    byType.set(r.type, [...(byType.get(r.type) ?? []), r]);
  }
  for (const [urn, waits] of graph.waitsFor) {
    const r = graph.byUrn.get(urn)!;
    const needs = new Set(PREREQUISITES[r.type]?.needs ?? []);
    const kept = waits.filter((u) => {
      const t = graph.byUrn.get(u)?.type ?? "";
      return needs.has(t) || (t.startsWith("pulumi:providers:") && u === r.provider);
    });
    for (const ready of READY_AFTER.filter((x) => x.usedBy.includes(r.type))) {
      for (const used of kept.filter((u) => graph.byUrn.get(u)?.type === ready.type)) {
        for (const t of ready.after) {
          for (const maker of byType.get(t) ?? []) {
            const refs = ready.through.flatMap((p) => maker.propertyDependencies[p] ?? []);
            if (maker.urn !== urn && refs.includes(used)) {
              kept.push(maker.urn);
            }
          }
        }
      }
    }
    edges.set(urn, [...new Set(kept)]);
  }
  return edges;
}

/** Whether `to` is among what `from` waits for, directly or through others. */
function reaches(graph: Graph, from: string, to: string): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const u = stack.pop()!;
    for (const d of graph.waitsFor.get(u) ?? []) {
      if (d === to) {
        return true;
      }
      if (!seen.has(d)) {
        seen.add(d);
        stack.push(d);
      }
    }
  }
  return false;
}

function chainOf(finish: Map<string, { finish: number; via?: string }>, last: string | undefined): string[] {
  const chain: string[] = [];
  for (let urn = last; urn; urn = finish.get(urn)?.via) {
    chain.unshift(urn);
  }
  return chain;
}

function latest(finish: Map<string, { finish: number }>): string | undefined {
  let last: string | undefined;
  for (const [urn, f] of finish) {
    if (!last || f.finish > (finish.get(last)?.finish ?? 0)) {
      last = urn;
    }
  }
  return last;
}

const maxFinish = (finish: Map<string, { finish: number }>): number =>
  Math.max(0, ...[...finish.values()].map((f) => f.finish));

export function criticalPath(
  resources: readonly RecordedResource[],
  /** How long one resource takes to create: its catalog entry's creation time by default. */
  durationOf: (r: RecordedResource) => Duration = creationTime,
): CriticalPath {
  const graph = buildGraph(resources);
  const customs = resources.filter((r) => r.custom);
  const durations = new Map(customs.map((r) => [r.urn, durationOf(r)]));
  const at = (k: "p50" | "p90"): Map<string, number> => new Map([...durations].map(([u, d]) => [u, d[k]]));
  const required = prerequisiteEdges(graph);

  const deploy = {
    p50: longestFinish(graph.waitsFor, at("p50")),
    p90: longestFinish(graph.waitsFor, at("p90")),
  };
  const floors = { p50: longestFinish(required, at("p50")), p90: longestFinish(required, at("p90")) };
  const name = (u: string): string => graph.byUrn.get(u)?.name ?? u;

  const last = latest(deploy.p50);
  const chain: ChainLink[] = chainOf(deploy.p50, last).map((urn) => {
    const r = graph.byUrn.get(urn)!;
    const d = durations.get(urn)!;
    return {
      urn,
      type: r.type,
      name: r.name,
      p50: d.p50,
      p90: d.p90,
      finishesAt: deploy.p50.get(urn)?.finish ?? 0,
      source: d.source,
    };
  });
  const floorLast = latest(floors.p50);
  const floorChain = chainOf(floors.p50, floorLast).filter((u) => (durations.get(u)?.p50 ?? 0) > 0);

  const needless: CriticalPath["needless"] = [];
  for (let i = 1; i < chain.length; i++) {
    if (!(required.get(chain[i].urn) ?? []).includes(chain[i - 1].urn)) {
      needless.push({ resource: chain[i].name, waitsFor: chain[i - 1].name });
    }
  }
  const missing: CriticalPath["missing"] = [];
  for (const [urn, prereqs] of required) {
    for (const p of prereqs) {
      if (!(graph.waitsFor.get(urn) ?? []).includes(p) && !reaches(graph, urn, p)) {
        const ready = READY_AFTER.find((x) => x.after.includes(graph.byUrn.get(p)?.type ?? ""));
        missing.push({ resource: name(urn), needs: name(p), why: ready?.why ?? "a prerequisite" });
      }
    }
  }

  const firstDeploy = { p50: maxFinish(deploy.p50), p90: maxFinish(deploy.p90) };
  const floor = {
    p50: maxFinish(floors.p50),
    p90: maxFinish(floors.p90),
    resource: floorLast ? name(floorLast) : "",
    chain: floorChain.map(name),
  };
  const ratio = {
    p50: floor.p50 > 0 ? firstDeploy.p50 / floor.p50 : 1,
    p90: floor.p90 > 0 ? firstDeploy.p90 / floor.p90 : 1,
  };
  return {
    firstDeploy,
    chain,
    floor,
    ratio,
    needless,
    missing,
    explanation: explain(last, floorLast, floors.p50, floor.p50, needless, name),
  };
}

function explain(
  last: string | undefined,
  floorLast: string | undefined,
  floorFinish: Map<string, { finish: number }>,
  floorSeconds: number,
  needless: CriticalPath["needless"],
  name: (u: string) => string,
): string {
  if (!last || !floorLast) {
    return "nothing to deploy";
  }
  const waits = needless.length
    ? `; on it the program adds ${needless.map((n) => `${n.resource} waiting for ${n.waitsFor}`).join(", ")}`
    : "; every wait on it is a prerequisite";
  if (last === floorLast) {
    return `the floor is the deploy's own longest chain, ending in ${name(last)}${waits}`;
  }
  const own = floorFinish.get(last)?.finish ?? 0;
  return (
    `the deploy's longest chain ends in ${name(last)}, which its prerequisites alone would finish by ` +
    `${formatDuration(own)}; the floor is set by another chain, ending in ${name(floorLast)} at ` +
    `${formatDuration(floorSeconds)}${waits}`
  );
}

/**
 * A duration as precise as its sources: the creation times are ranges people report, so nothing is
 * printed to the second. Under a minute: "under 1 min"; under an hour: whole minutes; beyond: 5 minutes.
 */
export function formatDuration(seconds: number): string {
  if (seconds < 60) {
    return seconds <= 0 ? "0 min" : "under 1 min";
  }
  if (seconds < 3600) {
    return `${Math.round(seconds / 60)} min`;
  }
  const fives = Math.round(seconds / 300);
  const h = Math.floor(fives / 12);
  const m = (fives % 12) * 5;
  return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, "0")} min`;
}
