/**
 * What the tools know about one resource type, in one place: the outputs the offline engine makes up for
 * it, how long it takes to create, how it is priced, which zone-failure tier it forms, where it shows in
 * the architecture diagram and the stack comparison, and which policies of the pack judge it.
 */
import { createHash } from "crypto";

import { ApiCoverage } from "../rules";
import { Replacement } from "./replacement";

export type Inputs = Record<string, unknown>;

/**
 * A resource of the plan, as the catalog's rules read it: the engine's PlanResource (the catalog sits
 * below the engine and the insights, and imports neither).
 */
export interface PlanResource {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  inputs: Inputs;
  propertyDependencies: Record<string, string[]>;
}

/** The plan's resources by URN, as the catalog's rules read them (the insights' PlanGraph). */
export interface PlanGraph {
  byUrn: ReadonlyMap<string, PlanResource>;
}

/** A name that identifies a resource within its account and region. */
export interface UniqueName {
  property: string;
  auto?: boolean;
  lower?: boolean;
}

/**
 * How long a creation takes, in seconds: the median (p50) and the time nine deploys in ten stay under (p90),
 * and where the figures come from. They are estimates from reported ranges, not measurements: the tools
 * print them rounded (tools/insights/criticalPath.ts, formatDuration).
 */
export interface Duration {
  p50: number;
  p90: number;
  source: string;
}

/** What the offline engine knows when it makes up a resource's outputs in `up` mode. */
export interface OutputContext {
  /** The resource's name in the program. */
  name: string;
  urn: string;
  /** The provider-assigned physical name (autoName). */
  physical: string;
  region: string;
  account: string;
  /** The inputs, as the provider receives them. */
  inputs: Inputs;
}

/** A fixed monthly price of one resource, and how it was reached. */
export interface Price {
  usd: number;
  basis: string;
}

export interface PriceContext {
  graph: PlanGraph;
  /** The hourly price of an instance class or node type; a size the table lacks counts 0 and is listed. */
  hourly(size: string): number;
  /** Lists something the table has no price for (counted as 0). */
  unpriced(what: string): void;
}

export interface TierPlacement {
  tier: string;
  resource: string;
  /**
   * AZs that hold capacity; each must be able to carry the tier alone for it to survive.
   * "managed": the service replicates across AZs and fails over by itself.
   * "one-of": all capacity is in a single AZ that AWS picks among `zones` (lost with whichever it is).
   */
  placement: "spread" | "managed" | "one-of";
  zones: string[];
  why: string;
}

/**
 * A row of the architecture diagram's data layer or of the comparison's sizes. Rows are ordered by
 * `position`; when several types share a node or key, the first (lowest position, then catalog order)
 * that gives a text wins.
 */
export interface Shown {
  /** The diagram node's id, or the comparison row's label. */
  name: string;
  position: number;
  /** From the resources of this type (possibly none); undefined leaves the row to the next type. */
  text: (resources: PlanResource[]) => string | undefined;
}

/** Which policies of the pack judge the type, or why none does. */
export type Coverage =
  { policies: readonly string[]; unruled?: undefined } | { unruled: string; policies?: undefined };

export type CatalogEntry = Coverage & {
  /** Pulumi type token, `pkg:module/name:Name` (or `pulumi:providers:pkg`). */
  type: string;
  /**
   * Why the type cannot be reached from the internet nor grant access through a resource policy, when no
   * policy of the pack's no-public-path family (NO_PUBLIC_PATH in policy-pack/policies/index.ts) is among
   * its `policies`. A type needs one or the other; the catalog test fails on a type with neither.
   */
  unexposed?: string;
  /**
   * Which input changes replace a resource of the type instead of updating it (the provider's ForceNew
   * arguments, tools/catalog/replacement.ts), with the provider page that says so: the change preview.
   */
  replaceOn: Replacement;
  /**
   * What is lost when a resource of the type is deleted or replaced (data, keys, users, an account): the
   * type is stateful. Stateful resources are protected in prod, and their replacement fails the change
   * preview unless allowed.
   */
  stateful?: string;
  /**
   * AWS's own API rules on the type's names, descriptions and property combinations (tools/rules/), or why
   * AWS checks nothing there beyond the provider's types. Run on every plan (tools/engine/apiRules.ts).
   */
  api: ApiCoverage;
  /**
   * The name property that identifies a resource of the type within its account and region (two with one
   * name collide), for the uniqueness check of tools/engine/apiRules.ts: `auto` when the provider auto-names
   * it, `lower` when AWS compares it lower-cased.
   */
  uniqueName?: UniqueName;
  /**
   * The property the provider fills with an auto-name during `Check` (known in a preview); null for none.
   * Unset: `name`, when the inputs leave it unset.
   */
  autoName?: string | null;
  /**
   * Computed outputs the offline engine returns in `up` mode, in the formats the service returns, beyond
   * `id` and (for AWS) a generic `arn`, which these override.
   */
  outputs?: (c: OutputContext) => Record<string, unknown>;
  /** Typical creation time of a first `pulumi up`; unset: one synchronous API call. */
  creation?: Duration;
  /** A creation time that depends on what the inputs ask for (Multi-AZ, a replica, a dedicated cluster). */
  creationOf?: (inputs: Inputs) => Duration | undefined;
  /** Fixed monthly price from the sizes the inputs ask for; undefined when this resource is not priced. */
  price?: (r: PlanResource, c: PriceContext) => Price | undefined;
  /** Usage-priced: what one resource is assumed to use each month. */
  usage?: { quantity: string; monthlyUsd: number };
  /** The zone-failure tier one resource forms. */
  zoneTier?: (r: PlanResource, graph: PlanGraph) => TierPlacement | undefined;
  /** The zone-failure tier all resources of the type form together (NAT egress). */
  pooledZoneTier?: (resources: PlanResource[], graph: PlanGraph) => TierPlacement | undefined;
  /** A node of the diagram's data layer (under the services). */
  diagram?: Shown;
  /** A row of the comparison's sizes (custom resources of the type). */
  size?: Shown;
};

export const DEFAULT_DURATION: Duration = { p50: 2, p90: 5, source: "one synchronous API call" };

export const AWS_DOCS = "AWS documentation";
export const OBSERVED = "typical observed time (team deploy logs), rounded up";
export const WAITER = "provider waits for the service's 'available' state";

export function shortHash(text: string): string {
  return createHash("sha1").update(text).digest("hex").slice(0, 7);
}

/** A string input, or the physical name when the inputs leave it unset. */
export function inputOr(c: OutputContext, key: string): string {
  const v = c.inputs[key];
  return typeof v === "string" ? v : c.physical;
}

/** A number input: a number or a numeric string (the provider takes both); undefined otherwise. */
export function numberIn(v: unknown): number | undefined {
  return typeof v === "number"
    ? v
    : typeof v === "string" && v !== "" && !Number.isNaN(Number(v))
      ? Number(v)
      : undefined;
}

/** A size from the inputs: a number or a numeric string; the fallback otherwise. */
export function sizeOf(v: unknown, fallback = 0): number {
  return numberIn(v) ?? fallback;
}

/** A number input, or the fallback. */
export const numberOr = (v: unknown, fallback: number): number => (typeof v === "number" ? v : fallback);

/** A number or string input as text, or the fallback. */
export const textOr = (v: unknown, fallback: string): string =>
  typeof v === "number" || typeof v === "string" ? String(v) : fallback;

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The resource of a type that one of r's properties refers to. */
export function related(
  graph: PlanGraph,
  r: PlanResource,
  property: string,
  type: string,
): PlanResource | undefined {
  return (r.propertyDependencies[property] ?? [])
    .map((u) => graph.byUrn.get(u))
    .find((x) => x?.type === type);
}

function zonesOfSubnets(graph: PlanGraph, urns: readonly string[]): string[] {
  const zones = new Set<string>();
  for (const u of urns) {
    const s = graph.byUrn.get(u);
    // Subnets are pinned by AZ ID (an AZ name where a subnet takes one).
    const az =
      s?.type === "aws:ec2/subnet:Subnet"
        ? (s.inputs.availabilityZoneId ?? s.inputs.availabilityZone)
        : undefined;
    if (typeof az === "string") {
      zones.add(az);
    }
  }
  return [...zones].sort();
}

/** Subnets a resource is placed in, through any property (subnets, subnetIds, networkConfiguration, ...). */
export function subnetZones(graph: PlanGraph, r: PlanResource): string[] {
  return zonesOfSubnets(graph, Object.values(r.propertyDependencies).flat());
}

/** Subnets behind a subnet group the resource uses. */
export function groupZones(graph: PlanGraph, r: PlanResource, property: string): string[] {
  const groups = (r.propertyDependencies[property] ?? [])
    .map((u) => graph.byUrn.get(u))
    .filter((g): g is PlanResource => !!g);
  return zonesOfSubnets(
    graph,
    groups.flatMap((g) => Object.values(g.propertyDependencies).flat()),
  );
}
