/**
 * Zone-failure check: for each Availability Zone, simulate its loss on the plan's graph and report which
 * tiers lose all their capacity. A tier is a set of resources that serve one purpose (the public entry,
 * each service, each data store, Kafka, NAT egress); it survives the loss of an AZ when some of its
 * capacity sits in another AZ, or when AWS (or the SaaS) fails it over for us.
 */
import { CATALOG, ENTRIES, TierPlacement } from "../catalog";
import { RecordedResource } from "../engine/mockEngine";
import { buildGraph } from "./graph";

type Inputs = Record<string, unknown>;

export type { TierPlacement };

export interface ZoneFailureReport {
  zones: string[];
  tiers: TierPlacement[];
  /** For each AZ, the tiers that lose all capacity when it fails. */
  lostByZone: Record<string, string[]>;
}

export function zoneFailure(resources: readonly RecordedResource[]): ZoneFailureReport {
  const graph = buildGraph(resources);
  const zones = [
    ...new Set(
      resources
        .filter((r) => r.type === "aws:ec2/subnet:Subnet")
        .map((r) => (r.inputs as Inputs).availabilityZoneId ?? (r.inputs as Inputs).availabilityZone)
        .filter((z): z is string => typeof z === "string"),
    ),
  ].sort();
  // Each resource's own tier, then the tiers all resources of a type form together (NAT egress).
  const pooled = ENTRIES.map((e) =>
    e.pooledZoneTier?.(
      graph.resources.filter((r) => r.type === e.type),
      graph,
    ),
  );
  const tiers = [...resources.map((r) => CATALOG.get(r.type)?.zoneTier?.(r, graph)), ...pooled].filter(
    (t): t is TierPlacement => !!t,
  );
  const lostByZone: Record<string, string[]> = {};
  for (const az of zones) {
    lostByZone[az] = tiers
      .filter((t) => {
        switch (t.placement) {
          case "managed":
            return false;
          case "one-of":
            // AWS picks the AZ; assume the worst (it is this one) unless the tier cannot be here at all.
            return t.zones.length === 0 || t.zones.includes(az);
          case "spread":
            return t.zones.every((z) => z === az);
        }
      })
      .map((t) => t.tier);
  }
  return { zones, tiers, lostByZone };
}
