/**
 * Monthly cost estimate of a plan: each resource priced from the sizes its inputs ask for, with the price
 * table of prices.ts; usage-priced items listed as assumptions with their quantities, never hidden.
 */
import { RecordedResource } from "../engine/mockEngine";
import { buildGraph, Graph, topLevelOf } from "./graph";
import { PRICES, USAGE_ASSUMPTIONS } from "./prices";

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

const H = PRICES.hoursPerMonth;
type Inputs = Record<string, unknown>;

function num(v: unknown, fallback = 0): number {
  return typeof v === "number"
    ? v
    : typeof v === "string" && v !== "" && !Number.isNaN(Number(v))
      ? Number(v)
      : fallback;
}

function related(
  graph: Graph,
  r: RecordedResource,
  property: string,
  type: string,
): RecordedResource | undefined {
  return (r.propertyDependencies[property] ?? [])
    .map((u) => graph.byUrn.get(u))
    .find((x) => x?.type === type);
}

/** Fixed monthly price of one resource from its size, or undefined when it is not priced by size. */
function price(
  graph: Graph,
  r: RecordedResource,
  unpriced: Set<string>,
): { usd: number; basis: string } | undefined {
  const i = r.inputs as Inputs;
  const hourly = (key: string): number => {
    const p = PRICES.instances[key];
    if (p === undefined) {
      unpriced.add(`${r.type} size ${key}`);
      return 0;
    }
    return p;
  };
  switch (r.type) {
    case "aws:ec2/natGateway:NatGateway":
      return { usd: PRICES.hourly.natGateway * H, basis: `NAT gateway hours` };
    case "aws:ec2/eip:Eip":
      return { usd: PRICES.hourly.publicIpv4 * H, basis: "public IPv4 address hours" };
    case "aws:ec2/vpcEndpoint:VpcEndpoint": {
      if (i.vpcEndpointType !== "Interface") {
        return undefined;
      }
      const azs = Array.isArray(i.subnetIds) ? i.subnetIds.length : 1;
      return {
        usd: PRICES.hourly.interfaceEndpointPerAz * azs * H,
        basis: `interface endpoint in ${azs} AZ(s)`,
      };
    }
    case "aws:kms/key:Key":
      return { usd: PRICES.monthly.kmsKey, basis: "customer-managed key" };
    case "aws:secretsmanager/secret:Secret":
      return { usd: PRICES.monthly.secret, basis: "secret" };
    case "aws:route53/zone:Zone":
      return { usd: PRICES.monthly.hostedZone, basis: "hosted zone" };
    case "aws:wafv2/webAcl:WebAcl": {
      const rules = Array.isArray(i.rules) ? i.rules.length : 0;
      return {
        usd: PRICES.monthly.wafWebAcl + rules * PRICES.monthly.wafRule,
        basis: `web ACL with ${rules} rule(s)`,
      };
    }
    case "aws:lb/loadBalancer:LoadBalancer":
      return { usd: PRICES.hourly.applicationLoadBalancer * H, basis: "load balancer hours" };
    case "aws:cloudwatch/metricAlarm:MetricAlarm": {
      const metrics = Array.isArray(i.metricQueries)
        ? i.metricQueries.filter((q) => (q as Inputs).metric !== undefined).length
        : 1;
      return { usd: PRICES.monthly.alarmMetric * metrics, basis: `alarm on ${metrics} metric(s)` };
    }
    case "aws:cloudwatch/dashboard:Dashboard":
      return { usd: PRICES.monthly.dashboard, basis: "dashboard" };
    case "aws:rds/instance:Instance": {
      const copies = i.multiAz === true ? 2 : 1;
      const storage = num(i.allocatedStorage, 20);
      const usd =
        hourly(String(i.instanceClass)) * copies * H + storage * PRICES.monthly.rdsGp3GbSingleAz * copies;
      return {
        usd,
        basis: `${String(i.instanceClass)}${copies === 2 ? " Multi-AZ" : ""}, ${storage} GB gp3`,
      };
    }
    case "aws:elasticache/replicationGroup:ReplicationGroup": {
      const nodes = num(i.numCacheClusters, num(i.numNodeGroups, 1) * (num(i.replicasPerNodeGroup, 0) + 1));
      return { usd: hourly(String(i.nodeType)) * nodes * H, basis: `${nodes} x ${String(i.nodeType)}` };
    }
    case "aws:elasticache/cluster:Cluster": {
      if (i.replicationGroupId !== undefined) {
        return undefined;
      }
      const nodes = num(i.numCacheNodes, 1);
      return { usd: hourly(String(i.nodeType)) * nodes * H, basis: `${nodes} x ${String(i.nodeType)}` };
    }
    case "aws:opensearch/domain:Domain": {
      const cluster = (i.clusterConfig ?? {}) as Inputs;
      const count = num(cluster.instanceCount, 1);
      const masters = cluster.dedicatedMasterEnabled === true ? num(cluster.dedicatedMasterCount, 3) : 0;
      const ebs = num(((i.ebsOptions ?? {}) as Inputs).volumeSize, 10);
      const usd =
        hourly(String(cluster.instanceType)) * count * H +
        (masters ? hourly(String(cluster.dedicatedMasterType)) * masters * H : 0) +
        ebs * count * PRICES.monthly.opensearchGp3Gb;
      return {
        usd,
        basis: `${count} x ${String(cluster.instanceType)}${masters ? ` + ${masters} masters` : ""}, ${ebs} GB each`,
      };
    }
    case "aws:msk/cluster:Cluster": {
      const brokers = num(i.numberOfBrokerNodes, 3);
      const info = (i.brokerNodeGroupInfo ?? {}) as Inputs;
      const storage = num(
        ((((info.storageInfo ?? {}) as Inputs).ebsStorageInfo ?? {}) as Inputs).volumeSize,
        100,
      );
      const usd =
        hourly(String(info.instanceType)) * brokers * H + storage * brokers * PRICES.monthly.mskStorageGb;
      return { usd, basis: `${brokers} x ${String(info.instanceType)}, ${storage} GB each` };
    }
    case "aws:ecs/service:Service": {
      const task = related(graph, r, "taskDefinition", "aws:ecs/taskDefinition:TaskDefinition");
      const count = num(i.desiredCount, 1);
      if (!task) {
        return undefined;
      }
      const t = task.inputs as Inputs;
      const vcpu = num(t.cpu, 256) / 1024;
      const gb = num(t.memory, 512) / 1024;
      const strategy = Array.isArray(i.capacityProviderStrategies)
        ? (i.capacityProviderStrategies as Inputs[])
        : [];
      const weights = strategy.reduce((a, s) => a + num(s.weight, 0), 0);
      const spotShare =
        weights > 0
          ? strategy
              .filter((s) => s.capacityProvider === "FARGATE_SPOT")
              .reduce((a, s) => a + num(s.weight, 0), 0) / weights
          : 0;
      const full = (vcpu * PRICES.hourly.fargateVcpu + gb * PRICES.hourly.fargateGb) * count * H;
      const usd = full * (1 - spotShare * PRICES.hourly.fargateSpotDiscount);
      return {
        usd,
        basis: `${count} task(s) of ${vcpu} vCPU / ${gb} GB${spotShare > 0 ? `, ${Math.round(spotShare * 100)}% Spot` : ""}`,
      };
    }
    case "aws:autoscaling/group:Group": {
      const template = related(graph, r, "launchTemplate", "aws:ec2/launchTemplate:LaunchTemplate");
      const type = template ? String((template.inputs as Inputs).instanceType) : "unknown";
      const count = num(i.desiredCapacity, num(i.minSize, 1));
      return { usd: hourly(type) * count * H, basis: `${count} x ${type}` };
    }
    case "mongodbatlas:index/advancedCluster:AdvancedCluster": {
      const size = JSON.stringify(i.replicationSpecs ?? "").match(/"instanceSize":"(M\d+)"/)?.[1] ?? "M10";
      const p = PRICES.atlasClusters[size];
      if (p === undefined) {
        unpriced.add(`Atlas ${size}`);
      }
      return { usd: (p ?? 0) * H, basis: `Atlas ${size} cluster` };
    }
    case "confluentcloud:index/kafkaCluster:KafkaCluster": {
      const kind =
        ["dedicated", "standard", "enterprise", "basic"].find((k) => i[k] !== undefined) ?? "basic";
      const ckus = kind === "dedicated" ? num(((i.dedicated ?? {}) as Inputs).cku, 1) : 1;
      return {
        usd: PRICES.confluentClusters[kind] * ckus * H,
        basis: `Confluent ${kind}${kind === "dedicated" ? `, ${ckus} CKU` : ""} (usage extra)`,
      };
    }
    default:
      return undefined;
  }
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
    const usage = USAGE_ASSUMPTIONS[r.type];
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
