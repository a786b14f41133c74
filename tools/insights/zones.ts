/**
 * Zone-failure check: for each Availability Zone, simulate its loss on the plan's graph and report which
 * tiers lose all their capacity. A tier is a set of resources that serve one purpose (the public entry,
 * each service, each data store, Kafka, NAT egress); it survives the loss of an AZ when some of its
 * capacity sits in another AZ, or when AWS (or the SaaS) fails it over for us.
 */
import { RecordedResource } from "../engine/mockEngine";
import { buildGraph, Graph } from "./graph";

type Inputs = Record<string, unknown>;

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

export interface ZoneFailureReport {
  zones: string[];
  tiers: TierPlacement[];
  /** For each AZ, the tiers that lose all capacity when it fails. */
  lostByZone: Record<string, string[]>;
}

function zonesOfSubnets(graph: Graph, urns: readonly string[]): string[] {
  const zones = new Set<string>();
  for (const u of urns) {
    const s = graph.byUrn.get(u);
    const az = s?.type === "aws:ec2/subnet:Subnet" ? (s.inputs as Inputs).availabilityZone : undefined;
    if (typeof az === "string") {
      zones.add(az);
    }
  }
  return [...zones].sort();
}

/** Subnets a resource is placed in, through any property (subnets, subnetIds, networkConfiguration, ...). */
function subnetZones(graph: Graph, r: RecordedResource): string[] {
  return zonesOfSubnets(graph, Object.values(r.propertyDependencies).flat());
}

/** Subnets behind a subnet group the resource uses. */
function groupZones(graph: Graph, r: RecordedResource, property: string): string[] {
  const groups = (r.propertyDependencies[property] ?? [])
    .map((u) => graph.byUrn.get(u))
    .filter((g): g is RecordedResource => !!g);
  return zonesOfSubnets(
    graph,
    groups.flatMap((g) => Object.values(g.propertyDependencies).flat()),
  );
}

const num = (v: unknown, d: number): number => (typeof v === "number" ? v : d);

function placementOf(graph: Graph, r: RecordedResource): TierPlacement | undefined {
  const i = r.inputs as Inputs;
  const base = { resource: r.name };
  switch (r.type) {
    case "aws:lb/loadBalancer:LoadBalancer": {
      const zones = subnetZones(graph, r);
      return {
        ...base,
        tier: i.internal === true ? `internal load balancer ${r.name}` : `ingress ${r.name}`,
        placement: "spread",
        zones,
        why: `nodes in ${zones.length} AZ(s)`,
      };
    }
    case "aws:ecs/service:Service": {
      const zones = subnetZones(graph, r);
      const count = num(i.desiredCount, 1);
      return count >= 2
        ? {
            ...base,
            tier: `service ${r.name}`,
            placement: "spread",
            zones,
            why: `${count} tasks spread over ${zones.length} AZ(s)`,
          }
        : { ...base, tier: `service ${r.name}`, placement: "one-of", zones, why: "a single task" };
    }
    case "aws:rds/instance:Instance":
      if (i.replicateSourceDb !== undefined) {
        return undefined; // replicas add read capacity; the store's availability is the primary's
      }
      return i.multiAz === true
        ? {
            ...base,
            tier: `postgres ${r.name}`,
            placement: "managed",
            zones: groupZones(graph, r, "dbSubnetGroupName"),
            why: "Multi-AZ standby takes over",
          }
        : {
            ...base,
            tier: `postgres ${r.name}`,
            placement: "one-of",
            zones: groupZones(graph, r, "dbSubnetGroupName"),
            why: "single-AZ instance",
          };
    case "aws:elasticache/replicationGroup:ReplicationGroup": {
      const failover =
        i.automaticFailoverEnabled === true && i.multiAzEnabled === true && num(i.numCacheClusters, 1) >= 2;
      const zones = groupZones(graph, r, "subnetGroupName");
      return failover
        ? {
            ...base,
            tier: `cache ${r.name}`,
            placement: "managed",
            zones,
            why: "Multi-AZ with automatic failover",
          }
        : { ...base, tier: `cache ${r.name}`, placement: "one-of", zones, why: "no replica in another AZ" };
    }
    case "aws:elasticache/cluster:Cluster":
      if (i.replicationGroupId !== undefined) {
        return undefined;
      }
      return {
        ...base,
        tier: `cache ${r.name}`,
        placement: "one-of",
        zones: groupZones(graph, r, "subnetGroupName"),
        why: "Memcached nodes hold their own keys",
      };
    case "aws:opensearch/domain:Domain": {
      const cluster = (i.clusterConfig ?? {}) as Inputs;
      const zones = subnetZones(graph, r);
      return cluster.zoneAwarenessEnabled === true && num(cluster.instanceCount, 1) >= 2
        ? {
            ...base,
            tier: `search ${r.name}`,
            placement: "managed",
            zones,
            why: "zone awareness with replicas",
          }
        : { ...base, tier: `search ${r.name}`, placement: "one-of", zones, why: "no zone awareness" };
    }
    case "aws:msk/cluster:Cluster": {
      const zones = subnetZones(graph, r);
      return {
        ...base,
        tier: `kafka ${r.name}`,
        placement: zones.length >= 2 ? "spread" : "one-of",
        zones,
        why: `brokers in ${zones.length} AZ(s)`,
      };
    }
    case "aws:msk/serverlessCluster:ServerlessCluster":
      return {
        ...base,
        tier: `kafka ${r.name}`,
        placement: "managed",
        zones: subnetZones(graph, r),
        why: "MSK Serverless is multi-AZ",
      };
    case "confluentcloud:index/kafkaCluster:KafkaCluster":
      return i.availability === "MULTI_ZONE" || i.availability === "HIGH"
        ? {
            ...base,
            tier: `kafka ${r.name}`,
            placement: "managed",
            zones: [],
            why: "Confluent multi-zone cluster",
          }
        : {
            ...base,
            tier: `kafka ${r.name}`,
            placement: "one-of",
            zones: [],
            why: "Confluent single-zone cluster",
          };
    case "mongodbatlas:index/advancedCluster:AdvancedCluster":
      return {
        ...base,
        tier: `mongodb ${r.name}`,
        placement: "managed",
        zones: [],
        why: "Atlas replica set across the region's AZs",
      };
    default:
      return undefined;
  }
}

/** NAT egress: the private subnets of an AZ reach out through the NAT gateway their route table names. */
function natEgress(graph: Graph): TierPlacement | undefined {
  const nats = graph.resources.filter((r) => r.type === "aws:ec2/natGateway:NatGateway");
  if (nats.length === 0) {
    return undefined;
  }
  const zones = [...new Set(nats.flatMap((n) => subnetZones(graph, n)))].sort();
  return {
    tier: "NAT egress",
    resource: nats.map((n) => n.name).join(", "),
    placement: "spread",
    zones,
    why: `${nats.length} NAT gateway(s)`,
  };
}

export function zoneFailure(resources: readonly RecordedResource[]): ZoneFailureReport {
  const graph = buildGraph(resources);
  const zones = [
    ...new Set(
      resources
        .filter((r) => r.type === "aws:ec2/subnet:Subnet")
        .map((r) => (r.inputs as Inputs).availabilityZone)
        .filter((z): z is string => typeof z === "string"),
    ),
  ].sort();
  const tiers = [...resources.map((r) => placementOf(graph, r)), natEgress(graph)].filter(
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
