/**
 * The environment's CloudWatch dashboard: the request path from top to bottom (WAF, public load balancer,
 * gateway, internal load balancer, services and their queues, the stores, search, Kafka), then the network
 * and operator access. {@link dashboardBody} builds the JSON body from plain names and ids (tested without
 * mocks); the {@link Dashboard} component resolves them from the environment's resources.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { RUNBOOK_PATH } from "../shared/alarms";

/** The dashboard grid is 24 columns wide; CloudWatch accepts 0..500 widgets. */
export const GRID_COLUMNS = 24;
export const MAX_WIDGETS = 500;

/**
 * The services one dashboard shows at most: a service has at most 3 graphs (CPU and memory, tasks, targets),
 * so 100 services and the platform's own sections stay well within {@link MAX_WIDGETS}. An environment with
 * more services gets further dashboards of services only (`<name>-services-2`, ...).
 */
export const SERVICES_PER_DASHBOARD = 100;

/** Splits the services into the dashboards that show them: the first with the platform, then pages of services. */
export function servicePages<T>(services: readonly T[]): T[][] {
  const pages: T[][] = [];
  for (let i = 0; i < services.length; i += SERVICES_PER_DASHBOARD) {
    pages.push(services.slice(i, i + SERVICES_PER_DASHBOARD));
  }
  return pages.length > 0 ? pages : [[]];
}
/** Graphs per row, and their size in grid units. */
const GRAPH_WIDTH = 8;
const GRAPH_HEIGHT = 6;

/** One service as the dashboard shows it. */
export interface DashboardService {
  name: string;
  /** `public`: the gateway, behind the public load balancer. */
  ingress: "public" | "internal";
  clusterName: string;
  /** The ECS services of its long-running modes (api, worker). */
  ecsServices: { mode: string; serviceName: string }[];
  /** ARN suffix of the api's target group, and of the load balancer it is behind. */
  targetGroup?: { arnSuffix: string; loadBalancerArnSuffix: string };
  /**
   * Its queues: the name in config, the SQS names of the queue and of its dead-letter queue. A queue that
   * is only a dead-letter target (the schedules' DLQ) has a dead-letter name and no queue name.
   */
  queues: { name: string; queueName?: string; deadLetterQueueName?: string }[];
}

/** Names and ids of everything the dashboard shows; absent parts are left out. */
export interface DashboardSources {
  /** `<namePrefix>-<env>`: the dashboard's title. */
  title: string;
  /**
   * A further page of a large environment's services: only their sections (gateway, services, their
   * queues); the load balancers, data stores, network and VPN are on the first dashboard.
   */
  servicesOnly?: boolean;
  region: string;
  /** Metric name of the public load balancer's web ACL (its `WebACL` dimension). */
  webAclMetricName?: string;
  /** ARN suffixes (`app/<name>/<id>`) of the load balancers. */
  publicLoadBalancer: string;
  internalLoadBalancer: string;
  services: DashboardService[];
  /** Queues beside the services' (event bus, rules, functions), under the label `events`. */
  eventQueues?: DashboardService["queues"];
  /** Lambda functions: the name in config and the function name. */
  functions?: { name: string; functionName: string }[];
  postgres?: { primary: string; replicas: string[] };
  cache?: { engine: string; nodes: { clusterId: string; nodeId: string }[] };
  /** The OpenSearch domain and the account that publishes its metrics. */
  search?: { domainName: string; accountId: string };
  kafka?: { clusterName: string; brokers: number };
  natGateways: string[];
  vpn?: {
    autoScalingGroupName: string;
    namespace: string;
    metricName: string;
    dimension: string;
    serverName: string;
  };
}

/** A metric line of a graph: `[namespace, name, dim, value, ..., options]`. */
export type MetricLine = (string | Record<string, unknown>)[];

export interface Widget {
  type: "metric" | "text";
  x: number;
  y: number;
  width: number;
  height: number;
  properties: Record<string, unknown>;
}

/** A graph before it is placed. */
export interface Graph {
  title: string;
  metrics: MetricLine[];
  /** Default statistic of its lines. */
  stat: string;
  period?: number;
}

/** A titled band of graphs. */
export interface Section {
  title: string;
  graphs: Graph[];
}

function line(
  namespace: string,
  name: string,
  dimensions: Record<string, string>,
  options: Record<string, unknown> = {},
): MetricLine {
  const dims = Object.entries(dimensions).flat();
  return Object.keys(options).length > 0 ? [namespace, name, ...dims, options] : [namespace, name, ...dims];
}

function loadBalancerGraphs(arnSuffix: string): Graph[] {
  const lb = { LoadBalancer: arnSuffix };
  const elb = "AWS/ApplicationELB";
  return [
    { title: "Requests", stat: "Sum", metrics: [line(elb, "RequestCount", lb)] },
    {
      title: "5xx answers (load balancer, targets)",
      stat: "Sum",
      metrics: [
        line(elb, "HTTPCode_ELB_5XX_Count", lb, { label: "load balancer 5xx" }),
        line(elb, "HTTPCode_Target_5XX_Count", lb, { label: "target 5xx" }),
        line(elb, "HTTPCode_Target_4XX_Count", lb, { label: "target 4xx" }),
      ],
    },
    {
      title: "Target response time (p50, p95, p99)",
      stat: "p95",
      metrics: ["p50", "p95", "p99"].map((p) => line(elb, "TargetResponseTime", lb, { stat: p, label: p })),
    },
  ];
}

function serviceGraphs(s: DashboardService): Graph[] {
  const graphs: Graph[] = [];
  const dims = (serviceName: string): Record<string, string> => ({
    ClusterName: s.clusterName,
    ServiceName: serviceName,
  });
  if (s.ecsServices.length > 0) {
    graphs.push(
      {
        title: `${s.name}: CPU and memory (%)`,
        stat: "Average",
        metrics: s.ecsServices.flatMap((e) => [
          line("AWS/ECS", "CPUUtilization", dims(e.serviceName), { label: `${e.mode} CPU` }),
          line("AWS/ECS", "MemoryUtilization", dims(e.serviceName), { label: `${e.mode} memory` }),
        ]),
      },
      {
        title: `${s.name}: tasks running / desired`,
        stat: "Average",
        metrics: s.ecsServices.flatMap((e) => [
          line("ECS/ContainerInsights", "RunningTaskCount", dims(e.serviceName), {
            label: `${e.mode} running`,
          }),
          line("ECS/ContainerInsights", "DesiredTaskCount", dims(e.serviceName), {
            label: `${e.mode} desired`,
          }),
        ]),
      },
    );
  }
  if (s.targetGroup) {
    const tg = { TargetGroup: s.targetGroup.arnSuffix, LoadBalancer: s.targetGroup.loadBalancerArnSuffix };
    graphs.push({
      title: `${s.name}: targets healthy / unhealthy`,
      stat: "Minimum",
      metrics: [
        line("AWS/ApplicationELB", "HealthyHostCount", tg, { label: "healthy" }),
        line("AWS/ApplicationELB", "UnHealthyHostCount", tg, { label: "unhealthy", stat: "Maximum" }),
      ],
    });
  }
  return graphs;
}

function queueGraphs(services: DashboardService[], eventQueues: DashboardService["queues"]): Graph[] {
  const all = [
    ...services.flatMap((s) => s.queues.map((q) => ({ service: s.name, ...q }))),
    ...eventQueues.map((q) => ({ service: "events", ...q })),
  ];
  if (all.length === 0) {
    return [];
  }
  const queues = all.filter((q): q is typeof q & { queueName: string } => q.queueName !== undefined);
  return [
    {
      title: "Oldest message (s)",
      stat: "Maximum",
      metrics: queues.map((q) =>
        line(
          "AWS/SQS",
          "ApproximateAgeOfOldestMessage",
          { QueueName: q.queueName },
          { label: `${q.service}/${q.name}` },
        ),
      ),
    },
    {
      title: "Messages waiting",
      stat: "Maximum",
      metrics: queues.map((q) =>
        line(
          "AWS/SQS",
          "ApproximateNumberOfMessagesVisible",
          { QueueName: q.queueName },
          { label: `${q.service}/${q.name}` },
        ),
      ),
    },
    {
      title: "Dead letters",
      stat: "Maximum",
      metrics: all
        .filter((q) => q.deadLetterQueueName !== undefined)
        .map((q) =>
          line(
            "AWS/SQS",
            "ApproximateNumberOfMessagesVisible",
            { QueueName: q.deadLetterQueueName! },
            { label: `${q.service}/${q.name} dead letters` },
          ),
        ),
    },
  ].filter((g) => g.metrics.length > 0);
}

/** Lambda functions: invocations and errors, throttles, and the slowest durations. */
function functionGraphs(functions: { name: string; functionName: string }[]): Graph[] {
  if (functions.length === 0) {
    return [];
  }
  const lines = (metricName: string, suffix = ""): MetricLine[] =>
    functions.map((f) =>
      line("AWS/Lambda", metricName, { FunctionName: f.functionName }, { label: `${f.name}${suffix}` }),
    );
  return [
    { title: "Functions: invocations", stat: "Sum", metrics: lines("Invocations") },
    {
      title: "Functions: errors and throttles",
      stat: "Sum",
      metrics: [...lines("Errors", " errors"), ...lines("Throttles", " throttles")],
    },
    { title: "Functions: duration p95 (ms)", stat: "p95", metrics: lines("Duration") },
  ];
}

/** The sections of a page of services only: the gateway, the services and their queues. */
function serviceSections(src: DashboardSources): Section[] {
  const gateway = src.services.filter((s) => s.ingress === "public");
  const others = src.services.filter((s) => s.ingress !== "public");
  const queues = queueGraphs(src.services, []);
  return [
    { title: "Gateway", graphs: gateway.flatMap(serviceGraphs) },
    { title: "Services", graphs: others.flatMap(serviceGraphs) },
    { title: "Queues", graphs: queues },
  ].filter((section) => section.graphs.length > 0);
}

/** The sections of the dashboard, in the order a request travels (then the network and operator access). */
export function dashboardSections(src: DashboardSources): Section[] {
  if (src.servicesOnly) {
    return serviceSections(src);
  }
  const sections: Section[] = [];
  if (src.webAclMetricName !== undefined) {
    const acl = { WebACL: src.webAclMetricName, Region: src.region, Rule: "ALL" };
    sections.push({
      title: "1. Edge: WAF in front of the public load balancer",
      graphs: [
        {
          title: "Requests allowed / blocked",
          stat: "Sum",
          metrics: [
            line("AWS/WAFV2", "AllowedRequests", acl, { label: "allowed" }),
            line("AWS/WAFV2", "BlockedRequests", acl, { label: "blocked" }),
          ],
        },
      ],
    });
  }
  sections.push({ title: "2. Public load balancer", graphs: loadBalancerGraphs(src.publicLoadBalancer) });
  const gateway = src.services.filter((s) => s.ingress === "public");
  const others = src.services.filter((s) => s.ingress !== "public");
  if (gateway.length > 0) {
    sections.push({ title: "3. Gateway", graphs: gateway.flatMap(serviceGraphs) });
  }
  sections.push({ title: "4. Internal load balancer", graphs: loadBalancerGraphs(src.internalLoadBalancer) });
  const serviceSection = others.flatMap(serviceGraphs);
  if (serviceSection.length > 0) {
    sections.push({ title: "5. Services", graphs: serviceSection });
  }
  const queues = queueGraphs(src.services, src.eventQueues ?? []);
  const functions = functionGraphs(src.functions ?? []);
  if (queues.length > 0 || functions.length > 0) {
    const title = functions.length > 0 ? "6. Queues and functions" : "6. Queues";
    sections.push({ title, graphs: [...queues, ...functions] });
  }
  if (src.postgres) {
    const ids = [src.postgres.primary, ...src.postgres.replicas];
    const rds = (name: string, options: Record<string, unknown> = {}): MetricLine[] =>
      ids.map((id, i) =>
        line(
          "AWS/RDS",
          name,
          { DBInstanceIdentifier: id },
          { label: i === 0 ? "primary" : `replica ${i}`, ...options },
        ),
      );
    const graphs: Graph[] = [
      { title: "Postgres: CPU (%)", stat: "Average", metrics: rds("CPUUtilization") },
      { title: "Postgres: connections", stat: "Maximum", metrics: rds("DatabaseConnections") },
      { title: "Postgres: free storage (bytes)", stat: "Minimum", metrics: rds("FreeStorageSpace") },
      { title: "Postgres: freeable memory (bytes)", stat: "Average", metrics: rds("FreeableMemory") },
      {
        title: "Postgres: read / write latency (s)",
        stat: "Average",
        metrics: [...rds("ReadLatency"), ...rds("WriteLatency")],
      },
    ];
    if (src.postgres.replicas.length > 0) {
      graphs.push({
        title: "Postgres: replica lag (s)",
        stat: "Maximum",
        metrics: rds("ReplicaLag").slice(1),
      });
    }
    sections.push({ title: "7. Postgres", graphs });
  }
  if (src.cache && src.cache.nodes.length > 0) {
    const memcached = src.cache.engine === "memcached";
    const nodeLines = (name: string): MetricLine[] =>
      src.cache!.nodes.map((n, i) =>
        line(
          "AWS/ElastiCache",
          name,
          { CacheClusterId: n.clusterId, CacheNodeId: n.nodeId },
          { label: `node ${i + 1}` },
        ),
      );
    sections.push({
      title: `8. Cache (${src.cache.engine})`,
      graphs: [
        {
          title: "Cache: CPU (%)",
          stat: "Average",
          metrics: nodeLines(memcached ? "CPUUtilization" : "EngineCPUUtilization"),
        },
        ...(memcached
          ? []
          : [
              {
                title: "Cache: memory (% of maxmemory)",
                stat: "Average",
                metrics: nodeLines("DatabaseMemoryUsagePercentage"),
              },
            ]),
        { title: "Cache: evictions", stat: "Sum", metrics: nodeLines("Evictions") },
      ],
    });
  }
  if (src.search) {
    const es = (name: string, options: Record<string, unknown> = {}): MetricLine =>
      line("AWS/ES", name, { DomainName: src.search!.domainName, ClientId: src.search!.accountId }, options);
    sections.push({
      title: "9. Search (OpenSearch)",
      graphs: [
        {
          title: "Search: cluster status",
          stat: "Maximum",
          metrics: [
            es("ClusterStatus.red", { label: "red" }),
            es("ClusterStatus.yellow", { label: "yellow" }),
          ],
        },
        {
          title: "Search: CPU and JVM memory pressure (%)",
          stat: "Maximum",
          metrics: [es("CPUUtilization", { label: "CPU" }), es("JVMMemoryPressure", { label: "JVM memory" })],
        },
        {
          title: "Search: free storage (MiB, least of the nodes)",
          stat: "Minimum",
          metrics: [es("FreeStorageSpace")],
        },
      ],
    });
  }
  if (src.kafka) {
    const brokers = Array.from({ length: src.kafka.brokers }, (_, i) => String(i + 1));
    const brokerLines = (name: string): MetricLine[] =>
      brokers.map((b) =>
        line(
          "AWS/Kafka",
          name,
          { "Cluster Name": src.kafka!.clusterName, "Broker ID": b },
          { label: `broker ${b}` },
        ),
      );
    sections.push({
      title: "10. Kafka (MSK)",
      graphs: [
        {
          title: "Kafka: data disk used (%)",
          stat: "Maximum",
          metrics: brokerLines("KafkaDataLogsDiskUsed"),
        },
        {
          title: "Kafka: under-replicated partitions",
          stat: "Maximum",
          metrics: brokerLines("UnderReplicatedPartitions"),
        },
      ],
    });
  }
  if (src.natGateways.length > 0) {
    const nat = (name: string, options: (i: number) => Record<string, unknown>): MetricLine[] =>
      src.natGateways.map((id, i) => line("AWS/NATGateway", name, { NatGatewayId: id }, options(i)));
    sections.push({
      title: "11. Network: NAT gateways",
      graphs: [
        {
          title: "NAT: bytes out to the internet",
          stat: "Sum",
          metrics: nat("BytesOutToDestination", (i) => ({ label: `NAT ${i + 1}` })),
        },
        {
          title: "NAT: port allocation errors, dropped packets",
          stat: "Sum",
          metrics: [
            ...nat("ErrorPortAllocation", (i) => ({ label: `NAT ${i + 1} port errors` })),
            ...nat("PacketsDropCount", (i) => ({ label: `NAT ${i + 1} dropped` })),
          ],
        },
      ],
    });
  }
  if (src.vpn) {
    const v = src.vpn;
    sections.push({
      title: "12. Operator access: VPN",
      graphs: [
        {
          title: "VPN: OpenVPN up, instances in service",
          stat: "Minimum",
          metrics: [
            line(v.namespace, v.metricName, { [v.dimension]: v.serverName }, { label: "OpenVPN up" }),
            line(
              "AWS/AutoScaling",
              "GroupInServiceInstances",
              { AutoScalingGroupName: v.autoScalingGroupName },
              { label: "in service" },
            ),
          ],
        },
      ],
    });
  }
  return sections;
}

/** Places the sections top to bottom: a heading row, then the graphs three to a row. */
export function layoutWidgets(title: string, region: string, sections: Section[]): Widget[] {
  const widgets: Widget[] = [
    {
      type: "text",
      x: 0,
      y: 0,
      width: GRID_COLUMNS,
      height: 2,
      properties: {
        markdown:
          `# ${title}: the request path, top to bottom\n` +
          `Managed by Pulumi (project platform): changes made in the console are overwritten. ` +
          `Alarms and what to do about them: ${RUNBOOK_PATH}.`,
      },
    },
  ];
  let y = 2;
  const perRow = GRID_COLUMNS / GRAPH_WIDTH;
  for (const section of sections) {
    widgets.push({
      type: "text",
      x: 0,
      y,
      width: GRID_COLUMNS,
      height: 1,
      properties: { markdown: `## ${section.title}` },
    });
    y += 1;
    section.graphs.forEach((g, i) => {
      widgets.push({
        type: "metric",
        x: (i % perRow) * GRAPH_WIDTH,
        y: y + Math.floor(i / perRow) * GRAPH_HEIGHT,
        width: GRAPH_WIDTH,
        height: GRAPH_HEIGHT,
        properties: {
          title: g.title,
          region,
          view: "timeSeries",
          stacked: false,
          stat: g.stat,
          period: g.period ?? 300,
          metrics: g.metrics,
        },
      });
    });
    y += Math.ceil(section.graphs.length / perRow) * GRAPH_HEIGHT;
  }
  if (widgets.length > MAX_WIDGETS) {
    throw new Error(`the dashboard has ${widgets.length} widgets; CloudWatch accepts ${MAX_WIDGETS}`);
  }
  return widgets;
}

/** The dashboard's body (`JSON.stringify` it): the last 3 hours, each graph with its own period. */
export function dashboardBody(src: DashboardSources): {
  start: string;
  periodOverride: string;
  widgets: Widget[];
} {
  return {
    start: "-PT3H",
    periodOverride: "inherit",
    widgets: layoutWidgets(src.title, src.region, dashboardSections(src)),
  };
}

export interface DashboardArgs {
  /** Name of the dashboard (1..255 of A-Z, a-z, 0-9, '-', '_'): the environment's `<namePrefix>-<env>`. */
  dashboardName: string;
  /** What to show; outputs of the environment's resources, resolved when they are known. */
  sources: pulumi.Input<DashboardSources>;
}

/** The environment's CloudWatch dashboard. */
export class Dashboard extends pulumi.ComponentResource {
  readonly dashboard: aws.cloudwatch.Dashboard;
  readonly dashboardName: pulumi.Output<string>;
  /** Console URL of the dashboard. */
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: DashboardArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:observability:Dashboard", name, {}, opts);
    if (!/^[A-Za-z0-9_-]{1,255}$/.test(args.dashboardName)) {
      throw new Error(`dashboard names are 1..255 of A-Z, a-z, 0-9, '-', '_'; got ${args.dashboardName}`);
    }
    const sources = pulumi.output(args.sources);
    this.dashboard = new aws.cloudwatch.Dashboard(
      name,
      {
        dashboardName: args.dashboardName,
        dashboardBody: sources.apply((s) => JSON.stringify(dashboardBody(s))),
      },
      { parent: this },
    );
    this.dashboardName = this.dashboard.dashboardName;
    this.url = pulumi.interpolate`https://console.aws.amazon.com/cloudwatch/home?region=${sources.region}#dashboards/dashboard/${this.dashboard.dashboardName}`;

    this.registerOutputs({ dashboardName: this.dashboardName, url: this.url });
  }
}
