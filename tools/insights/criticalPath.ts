/**
 * The deploy critical path: how long a first `pulumi up` takes if every resource starts as soon as what it
 * waits for is done (Pulumi runs independent steps in parallel), and the longest chain that decides it.
 */
import { CATALOG, creationTime, Duration } from "../catalog";
import { RecordedResource } from "../engine/mockEngine";
import { buildGraph, Graph } from "./graph";

export interface ChainLink {
  urn: string;
  type: string;
  name: string;
  seconds: number;
  /** When it finishes, counted from the start of the deploy. */
  finishesAt: number;
}

export interface CriticalPath {
  /** Modeled wall time of a first deploy, in seconds. */
  totalSeconds: number;
  /** The longest chain, first resource first. */
  chain: ChainLink[];
  /** The latest any resource could finish after only what it truly needs (the catalog's `essential` types). */
  floor: { seconds: number; resource: string; needs: string[] };
  /** totalSeconds / floor.seconds: 1.0 means the program adds no needless waits. */
  ratio: number;
}

/**
 * Earliest finish of every custom resource when it waits only for the dependencies `follows` keeps,
 * with the dependency that decided it.
 */
function longestFinish(
  graph: Graph,
  durations: Map<string, number>,
  follows: (from: string, to: string) => boolean,
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
    for (const d of graph.waitsFor.get(urn) ?? []) {
      if (!follows(urn, d)) {
        continue;
      }
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
  for (const urn of graph.waitsFor.keys()) {
    visit(urn);
  }
  return memo;
}

export function criticalPath(
  resources: readonly RecordedResource[],
  /** How long one resource takes to create: its catalog entry's creation time by default. */
  durationOf: (r: RecordedResource) => Duration = creationTime,
): CriticalPath {
  const graph = buildGraph(resources);
  const durations = new Map(resources.filter((r) => r.custom).map((r) => [r.urn, durationOf(r).seconds]));
  const finish = longestFinish(graph, durations, () => true);

  let last: string | undefined;
  for (const [urn, f] of finish) {
    if (!last || f.finish > (finish.get(last)?.finish ?? 0)) {
      last = urn;
    }
  }
  const chain: ChainLink[] = [];
  for (let urn = last; urn; urn = finish.get(urn)?.via) {
    const r = graph.byUrn.get(urn)!;
    chain.unshift({
      urn,
      type: r.type,
      name: r.name,
      seconds: durations.get(urn) ?? 0,
      finishesAt: finish.get(urn)?.finish ?? 0,
    });
  }
  const totalSeconds = last ? (finish.get(last)?.finish ?? 0) : 0;

  // The floor: each resource after only what it truly needs; the latest of them.
  const essential = (from: string, to: string): boolean => {
    const r = graph.byUrn.get(from)!;
    const viaProperty = (CATALOG.get(r.type)?.essentialInputs ?? []).some((p) =>
      (r.propertyDependencies[p] ?? []).includes(to),
    );
    return viaProperty || CATALOG.get(graph.byUrn.get(to)?.type ?? "")?.essential === true;
  };
  const floorFinish = longestFinish(graph, durations, essential);
  let floor = { seconds: 0, resource: "", needs: [] as string[] };
  for (const [urn, f] of floorFinish) {
    if (f.finish > floor.seconds) {
      const needs: string[] = [];
      for (let u = f.via; u; u = floorFinish.get(u)?.via) {
        if ((durations.get(u) ?? 0) > 0) {
          needs.unshift(graph.byUrn.get(u)!.name);
        }
      }
      floor = { seconds: f.finish, resource: graph.byUrn.get(urn)!.name, needs };
    }
  }
  return { totalSeconds, chain, floor, ratio: floor.seconds > 0 ? totalSeconds / floor.seconds : 1 };
}

export function formatDuration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return m > 0 ? `${m} min ${String(s).padStart(2, "0")} s` : `${s} s`;
}
