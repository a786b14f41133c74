/**
 * The catalog: one entry per resource type the platform creates (AWS, MongoDB Atlas, Confluent Cloud,
 * random, and their providers), holding what the tools know about it: the offline engine's made-up
 * outputs, the creation time of the critical path, the price rule, the zone-failure tier, the diagram
 * node, the comparison's size row and the policies of the pack that judge it (or why none does).
 *
 * Adding a kind of resource to the platform means adding its entry here, in the file of its domain; the
 * pack's coverage test fails on a type the program creates that the catalog does not list.
 */
import { ACCOUNTS } from "./accounts";
import { COMPUTE } from "./compute";
import { DATA } from "./data";
import { EDGE } from "./edge";
import { CatalogEntry, DEFAULT_DURATION, Duration, PlanResource, Shown } from "./entry";
import { EVENTS } from "./events";
import { MESSAGING } from "./messaging";
import { NETWORK } from "./network";
import { OBSERVABILITY } from "./observability";
import { ORGANIZATION } from "./organization";
import { SAAS } from "./saas";

export * from "./entry";
export * from "./replacement";

/** The entries of each file of the catalog (tools/catalog/<file>.ts), in the order the domains build on one another. */
export const CATALOG_FILES: ReadonlyArray<readonly [file: string, entries: readonly CatalogEntry[]]> = [
  ["accounts", ACCOUNTS],
  ["network", NETWORK],
  ["data", DATA],
  ["messaging", MESSAGING],
  ["compute", COMPUTE],
  ["edge", EDGE],
  ["events", EVENTS],
  ["observability", OBSERVABILITY],
  ["organization", ORGANIZATION],
  ["saas", SAAS],
];

/** Every entry, by domain. */
export const ENTRIES: readonly CatalogEntry[] = CATALOG_FILES.flatMap(([, entries]) => entries);

/** The catalog file that lists a type (tools/catalog/<file>.ts), for messages. */
export function catalogFileOf(type: string): string | undefined {
  const found = CATALOG_FILES.find(([, entries]) => entries.some((e) => e.type === type));
  return found && `tools/catalog/${found[0]}.ts`;
}

function byType(entries: readonly CatalogEntry[]): ReadonlyMap<string, CatalogEntry> {
  const map = new Map<string, CatalogEntry>();
  for (const e of entries) {
    if (map.has(e.type)) {
      throw new Error(`the catalog lists ${e.type} twice`);
    }
    map.set(e.type, e);
  }
  return map;
}

/** The entries by type token. */
export const CATALOG: ReadonlyMap<string, CatalogEntry> = byType(ENTRIES);

/** How long one resource takes to create (0 for components and providers, which make no cloud call). */
export function creationTime(r: PlanResource): Duration {
  if (!r.custom || r.type.startsWith("pulumi:providers:")) {
    return { p50: 0, p90: 0, source: "no cloud call (component or provider)" };
  }
  const entry = CATALOG.get(r.type);
  return entry?.creationOf?.(r.inputs) ?? entry?.creation ?? DEFAULT_DURATION;
}

/**
 * Rows shown from the resources of several types (diagram nodes, comparison sizes): for each row name
 * in order of position, the text of the first type that gives one.
 */
export function shownRows(
  resources: readonly PlanResource[],
  row: (e: CatalogEntry) => Shown | undefined,
): Array<[string, string]> {
  const rows = ENTRIES.map((e) => ({ type: e.type, shown: row(e) }))
    .filter((x): x is { type: string; shown: Shown } => x.shown !== undefined)
    .sort((a, b) => a.shown.position - b.shown.position);
  const texts = new Map<string, string>();
  for (const { type, shown } of rows) {
    if (!texts.has(shown.name)) {
      const text = shown.text(resources.filter((r) => r.type === type));
      if (text !== undefined) {
        texts.set(shown.name, text);
      }
    }
  }
  return [...texts];
}
