/**
 * The plan's resource graph for the insight reports: which resources wait for which. A resource waits for
 * its dependencies and property dependencies, and for its provider; waiting for a component means waiting
 * for everything under it (that is how Pulumi expands `dependsOn` on a component).
 */
import { RecordedResource } from "../engine/mockEngine";

export interface Graph {
  resources: RecordedResource[];
  byUrn: Map<string, RecordedResource>;
  /** Direct children of each resource. */
  children: Map<string, RecordedResource[]>;
  /** Custom resources each custom resource waits for (direct). */
  waitsFor: Map<string, string[]>;
}

export function buildGraph(resources: readonly RecordedResource[]): Graph {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const children = new Map<string, RecordedResource[]>();
  for (const r of resources) {
    if (r.parent) {
      children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
    }
  }
  const customsUnder = (urn: string, seen = new Set<string>()): string[] => {
    const r = byUrn.get(urn);
    if (!r || seen.has(urn)) {
      return [];
    }
    seen.add(urn);
    if (r.custom) {
      return [urn];
    }
    return (children.get(urn) ?? []).flatMap((c) => customsUnder(c.urn, seen));
  };
  const waitsFor = new Map<string, string[]>();
  for (const r of resources.filter((x) => x.custom)) {
    const direct = new Set<string>([...r.dependencies, ...Object.values(r.propertyDependencies).flat()]);
    if (r.provider) {
      direct.add(r.provider);
    }
    direct.delete(r.urn);
    waitsFor.set(
      r.urn,
      [...new Set([...direct].flatMap((u) => customsUnder(u)))].filter((u) => u !== r.urn),
    );
  }
  return { resources: [...resources], byUrn, children, waitsFor };
}

/** The top-level component (or resource) each resource belongs to: the stack's direct child above it. */
export function topLevelOf(graph: Graph, r: RecordedResource): RecordedResource {
  let current = r;
  for (;;) {
    const parent = current.parent ? graph.byUrn.get(current.parent) : undefined;
    if (!parent || parent.type === "pulumi:pulumi:Stack") {
      return current;
    }
    current = parent;
  }
}
