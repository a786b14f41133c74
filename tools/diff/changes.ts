/**
 * The change preview: what a deploy of one plan would do to the resources of an earlier plan of the same
 * stack. Resources are matched by URN; each is created, updated, replaced or deleted. An update changes
 * inputs in place; a replacement is forced by a change of an input the provider cannot update (the type's
 * `replaceOn` in the catalog), and a replacement propagates: what refers to a replaced resource sees a
 * new id or ARN, which may force its own replacement (a subnet replaced replaces the MSK cluster in it),
 * as `pulumi preview` shows it.
 *
 * Inputs are compared in the plan's display form: a value unknown in a preview (`<computed>`) equals
 * itself, so references are compared by the resources they point to (property dependencies) instead.
 * Secrets show as `[secret]` in both plans: a changed secret value is not seen.
 */
import { CATALOG, forcingPath, schemaPath } from "../catalog";
import { displayResource, RecordedResource } from "../engine/mockEngine";
import { COMPUTED } from "../engine/wire";

/** A resource as the JSON plan holds it (displayResource). */
export interface PlannedResource {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  provider?: string;
  propertyDependencies: Record<string, string[]>;
  protect: boolean;
  ignoreChanges?: string[];
  inputs: Record<string, unknown>;
}

/** What the diff reads of a JSON plan. */
export interface PlanDoc {
  stack: string;
  resources: PlannedResource[];
  insights?: { cost?: { totalUsd?: number } };
}

export type ChangeKind = "create" | "update" | "replace" | "delete";

export interface PropertyChange {
  /** Input path, `[i]` for list items. */
  path: string;
  before: unknown;
  after: unknown;
  /** Why the value changes when it compares equal in the plans (a reference to another resource). */
  cause?: string;
  /** The forceNew path of the type's replacement table this change hits: it forces replacement. */
  forces?: string;
}

export interface ResourceChange {
  kind: ChangeKind;
  urn: string;
  type: string;
  name: string;
  /** What would be lost (the catalog's `stateful`), for stateful types. */
  stateful?: string;
  /** Protected in the plan: `pulumi up` refuses to replace or delete it until unprotected. */
  protect: boolean;
  /** Changed inputs (update and replace). */
  changes: PropertyChange[];
  /** For a replacement not forced by an input: why (a new provider). */
  reason?: string;
}

export interface CostChange {
  beforeUsd: number;
  afterUsd: number;
  deltaUsd: number;
}

export interface ChangeSet {
  stack: string;
  /** Stateful replacements first, then replacements, deletions, creations and updates. */
  changes: ResourceChange[];
  counts: Record<ChangeKind, number>;
  /** Stateful resources that would be replaced: they fail the preview unless allowed. */
  statefulReplacements: ResourceChange[];
  /** The modeled monthly cost of each plan (insights.cost), when both have it. */
  cost?: CostChange;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The changed leaves of two input values; lists of different lengths change as a whole. */
export function diffInputs(before: unknown, after: unknown, path = ""): PropertyChange[] {
  if (same(before, after)) {
    return [];
  }
  const join = (k: string): string => (path ? `${path}.${k}` : k);
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
      (k) => !k.startsWith("__"),
    );
    return keys.sort().flatMap((k) => diffInputs(before[k], after[k], join(k)));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((b, i) => diffInputs(b, after[i], `${path}[${i}]`));
  }
  return [{ path, before, after }];
}

/** The paths of the values unknown in a preview (references to resources not created yet) in a value. */
function unknownLeaves(value: unknown, path: string): string[] {
  if (value === COMPUTED) {
    return [path];
  }
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => unknownLeaves(v, `${path}[${i}]`));
  }
  if (isObject(value)) {
    return Object.entries(value).flatMap(([k, v]) => unknownLeaves(v, `${path}.${k}`));
  }
  return [];
}

/** The value at a schema path (lists transparent: the list itself when the path crosses one). */
function valueAt(value: unknown, path: string): unknown {
  let v = value;
  for (const k of path.split(".")) {
    if (!isObject(v)) {
      return v;
    }
    v = v[k];
  }
  return v;
}

/** Whether a change lies under one of the paths `ignoreChanges` names. */
function ignored(path: string, ignore: readonly string[]): boolean {
  return ignore.some((i) => path === i || path.startsWith(`${i}.`) || path.startsWith(`${i}[`));
}

function names(urns: readonly string[], byUrn: ReadonlyMap<string, PlannedResource>): string {
  return urns.map((u) => byUrn.get(u)?.name ?? u.split("::").pop()).join(", ");
}

/** The input changes of a resource present in both plans, with what each forces. */
function changesOf(
  before: PlannedResource,
  after: PlannedResource,
  replaced: ReadonlySet<string>,
  byUrn: { before: ReadonlyMap<string, PlannedResource>; after: ReadonlyMap<string, PlannedResource> },
): PropertyChange[] {
  const changes = diffInputs(before.inputs, after.inputs);
  const replaceOn = CATALOG.get(after.type)?.replaceOn;
  const properties = new Set([
    ...Object.keys(before.propertyDependencies),
    ...Object.keys(after.propertyDependencies),
  ]);
  for (const p of [...properties].sort()) {
    const was = new Set(before.propertyDependencies[p] ?? []);
    const now = new Set(after.propertyDependencies[p] ?? []);
    const added = [...now].filter((u) => !was.has(u));
    const removed = [...was].filter((u) => !now.has(u));
    const gone = [...now].filter((u) => replaced.has(u));
    // A reference added or dropped explains itself when the property's value changes too.
    const explained = changes.some(
      (c) => c.path === p || c.path.startsWith(`${p}.`) || c.path.startsWith(`${p}[`),
    );
    const cause =
      gone.length > 0
        ? `${names(gone, byUrn.after)} ${gone.length === 1 ? "is" : "are"} replaced`
        : (added.length > 0 || removed.length > 0) && !explained
          ? [
              added.length > 0 ? `now refers to ${names(added, byUrn.after)}` : "",
              removed.length > 0 ? `no longer to ${names(removed, byUrn.before)}` : "",
            ]
              .filter((x) => x)
              .join("; ")
          : undefined;
    if (!cause) {
      continue;
    }
    // Where in the property the reference sits: among the values unknown in the preview, one that forces
    // replacement if any does (else the property as a whole; references are recorded per property).
    const leaves = unknownLeaves(after.inputs[p], p).map(schemaPath);
    const path = leaves.find((l) => replaceOn && forcingPath(replaceOn, l)) ?? p;
    const covered = changes.some((c) => {
      const q = schemaPath(c.path);
      return q === path || path.startsWith(`${q}.`) || q.startsWith(`${path}.`);
    });
    if (!covered) {
      changes.push({ path, before: valueAt(before.inputs, path), after: valueAt(after.inputs, path), cause });
    }
  }
  const ignore = after.ignoreChanges ?? [];
  return changes
    .filter((c) => !ignored(c.path, ignore))
    .map((c) => {
      const forces = replaceOn && forcingPath(replaceOn, c.path);
      return forces ? { ...c, forces } : c;
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}

const ORDER: Record<ChangeKind, number> = { replace: 1, delete: 2, create: 3, update: 4 };

function rank(c: ResourceChange): number {
  // Stateful replacements first, then stateful deletions within the deletions.
  return ORDER[c.kind] * 2 - (c.stateful && (c.kind === "replace" || c.kind === "delete") ? 1 : 0);
}

/** What deploying `after` over `before` would do, resource by resource. */
export function diffPlans(before: PlanDoc, after: PlanDoc): ChangeSet {
  const custom = (d: PlanDoc): PlannedResource[] => d.resources.filter((r) => r.custom);
  const byUrn = {
    before: new Map(custom(before).map((r) => [r.urn, r])),
    after: new Map(custom(after).map((r) => [r.urn, r])),
  };
  const stateful = (type: string): string | undefined => CATALOG.get(type)?.stateful;
  const result = new Map<string, ResourceChange>();

  // Replacements propagate through references: recompute until the replaced set stops growing.
  let replaced = new Set<string>();
  for (;;) {
    result.clear();
    const next = new Set<string>();
    for (const r of byUrn.after.values()) {
      const old = byUrn.before.get(r.urn);
      const base = { urn: r.urn, type: r.type, name: r.name, stateful: stateful(r.type), protect: r.protect };
      if (!old) {
        result.set(r.urn, { kind: "create", ...base, changes: [] });
        continue;
      }
      const changes = changesOf(old, r, replaced, byUrn);
      const newProvider = old.provider && r.provider && old.provider !== r.provider;
      const providerReplaced = r.provider !== undefined && replaced.has(r.provider);
      if (changes.some((c) => c.forces) || newProvider || providerReplaced) {
        next.add(r.urn);
        const reason = newProvider
          ? `its provider changes to ${names([r.provider ?? ""], byUrn.after)}`
          : providerReplaced
            ? `its provider ${names([r.provider ?? ""], byUrn.after)} is replaced`
            : undefined;
        result.set(r.urn, { kind: "replace", ...base, changes, ...(reason ? { reason } : {}) });
      } else if (changes.length > 0) {
        result.set(r.urn, { kind: "update", ...base, changes });
      }
    }
    if (next.size === replaced.size) {
      break;
    }
    replaced = next;
  }
  for (const r of byUrn.before.values()) {
    if (!byUrn.after.has(r.urn)) {
      result.set(r.urn, {
        kind: "delete",
        urn: r.urn,
        type: r.type,
        name: r.name,
        stateful: stateful(r.type),
        protect: r.protect,
        changes: [],
      });
    }
  }
  const changes = [...result.values()].sort(
    (a, b) => rank(a) - rank(b) || a.type.localeCompare(b.type) || a.name.localeCompare(b.name),
  );
  const counts: Record<ChangeKind, number> = { create: 0, update: 0, replace: 0, delete: 0 };
  for (const c of changes) {
    counts[c.kind]++;
  }
  const beforeUsd = before.insights?.cost?.totalUsd;
  const afterUsd = after.insights?.cost?.totalUsd;
  return {
    stack: after.stack,
    changes,
    counts,
    statefulReplacements: changes.filter((c) => c.kind === "replace" && c.stateful),
    ...(beforeUsd !== undefined && afterUsd !== undefined
      ? { cost: { beforeUsd, afterUsd, deltaUsd: Math.round((afterUsd - beforeUsd) * 100) / 100 } }
      : {}),
  };
}

/** Whether the preview fails: a stateful resource would be replaced and that was not allowed. */
export function blocksDeploy(set: Pick<ChangeSet, "statefulReplacements">, allowReplace: boolean): boolean {
  return set.statefulReplacements.length > 0 && !allowReplace;
}

/** A plan's resources as the JSON plan holds them, for a diff without the file. */
export function planDoc(stack: string, resources: readonly RecordedResource[], totalUsd?: number): PlanDoc {
  return {
    stack,
    resources: resources.map((r) => displayResource(r) as unknown as PlannedResource),
    ...(totalUsd !== undefined ? { insights: { cost: { totalUsd } } } : {}),
  };
}
