import * as assert from "assert";

import {
  Dashboard,
  dashboardBody,
  dashboardSections,
  DashboardSources,
  GRID_COLUMNS,
  layoutWidgets,
  MAX_WIDGETS,
  servicePages,
  SERVICES_PER_DASHBOARD,
  Widget,
} from "../../../components/observability/dashboard";
import { inputs, jsonInput, runComponent, single } from "../../helpers/graph";

const SOURCES: DashboardSources = {
  title: "platform-prod",
  region: "eu-west-1",
  webAclMetricName: "public-waf-acl",
  publicLoadBalancer: "app/public/1",
  internalLoadBalancer: "app/internal/2",
  services: [
    {
      name: "orders",
      ingress: "internal",
      clusterName: "cluster-1",
      ecsServices: [
        { mode: "api", serviceName: "orders-api-svc" },
        { mode: "worker", serviceName: "orders-worker-svc" },
      ],
      targetGroup: { arnSuffix: "targetgroup/orders/3", loadBalancerArnSuffix: "app/internal/2" },
      queues: [{ name: "jobs", queueName: "orders-jobs-q", deadLetterQueueName: "orders-jobs-dlq" }],
    },
    {
      name: "gateway",
      ingress: "public",
      clusterName: "cluster-1",
      ecsServices: [{ mode: "api", serviceName: "gateway-api-svc" }],
      targetGroup: { arnSuffix: "targetgroup/gateway/4", loadBalancerArnSuffix: "app/public/1" },
      queues: [],
    },
    {
      name: "reports",
      ingress: "internal",
      clusterName: "cluster-1",
      ecsServices: [],
      queues: [{ name: "schedules", deadLetterQueueName: "reports-schedules-dlq" }],
    },
  ],
  postgres: { primary: "platform-prod-postgres", replicas: ["platform-prod-postgres-replica-1"] },
  cache: {
    engine: "valkey",
    nodes: [
      { clusterId: "cache-rg-001", nodeId: "0001" },
      { clusterId: "cache-rg-002", nodeId: "0001" },
    ],
  },
  search: { domainName: "platform-prod-search", accountId: "123456789012" },
  kafka: { clusterName: "kafka-cluster", brokers: 3 },
  natGateways: ["nat-a", "nat-b", "nat-c"],
  vpn: {
    autoScalingGroupName: "vpn-asg",
    namespace: "Platform/VPN",
    metricName: "ServerUp",
    dimension: "Server",
    serverName: "platform-prod-vpn",
  },
};

/** Every string in the metric lines of the widgets. */
function metricStrings(widgets: Widget[]): string[] {
  return widgets.flatMap((w) =>
    ((w.properties.metrics as unknown[][] | undefined) ?? [])
      .flat()
      .filter((v): v is string => typeof v === "string"),
  );
}

describe("dashboard body", () => {
  it("follows a request top to bottom: WAF, public ALB, gateway, internal ALB, services, queues, stores", () => {
    assert.deepStrictEqual(
      dashboardSections(SOURCES).map((s) => s.title),
      [
        "1. Edge: WAF in front of the public load balancer",
        "2. Public load balancer",
        "3. Gateway",
        "4. Internal load balancer",
        "5. Services",
        "6. Queues",
        "7. Postgres",
        "8. Cache (valkey)",
        "9. Search (OpenSearch)",
        "10. Kafka (MSK)",
        "11. Network: NAT gateways",
        "12. Operator access: VPN",
      ],
    );
    const headings = dashboardBody(SOURCES)
      .widgets.filter((w) => w.type === "text" && w.height === 1)
      .map((w) => w.y);
    assert.deepStrictEqual(
      headings,
      [...headings].sort((a, b) => a - b),
      "sections stack downwards",
    );
  });

  it("lays every widget inside the 24-column grid without overlaps", () => {
    const { widgets } = dashboardBody(SOURCES);
    const cells = new Set<string>();
    for (const w of widgets) {
      assert.ok(w.x >= 0 && w.x + w.width <= GRID_COLUMNS, JSON.stringify(w));
      for (let x = w.x; x < w.x + w.width; x++) {
        for (let y = w.y; y < w.y + w.height; y++) {
          assert.ok(!cells.has(`${x},${y}`), `overlap at ${x},${y}`);
          cells.add(`${x},${y}`);
        }
      }
    }
    assert.match(widgets[0].properties.markdown as string, /^# platform-prod: the request path/);
    assert.match(widgets[0].properties.markdown as string, /Managed by Pulumi/);
  });

  it("graphs every resource it is given, in the region of the stack", () => {
    const { widgets } = dashboardBody(SOURCES);
    const names = metricStrings(widgets);
    for (const id of [
      "public-waf-acl",
      "app/public/1",
      "app/internal/2",
      "gateway-api-svc",
      "orders-api-svc",
      "orders-worker-svc",
      "targetgroup/orders/3",
      "orders-jobs-q",
      "orders-jobs-dlq",
      "reports-schedules-dlq",
      "platform-prod-postgres",
      "platform-prod-postgres-replica-1",
      "cache-rg-002",
      "platform-prod-search",
      "kafka-cluster",
      "nat-c",
      "vpn-asg",
      "platform-prod-vpn",
    ]) {
      assert.ok(names.includes(id), `${id} is on no graph`);
    }
    for (const w of widgets.filter((x) => x.type === "metric")) {
      assert.strictEqual(w.properties.region, "eu-west-1");
    }
  });

  it("puts the gateway's graphs before the internal load balancer, the others after", () => {
    const { widgets } = dashboardBody(SOURCES);
    const yOf = (title: RegExp): number => widgets.find((w) => title.test(String(w.properties.title)))!.y;
    assert.ok(yOf(/^Requests$/) < yOf(/^gateway: CPU/), "the public load balancer comes first");
    const internalHeading = widgets.find((w) => w.properties.markdown === "## 4. Internal load balancer")!.y;
    assert.ok(yOf(/^gateway: CPU/) < internalHeading);
    assert.ok(yOf(/^orders: CPU/) > internalHeading);
  });

  it("leaves out what the environment does not have", () => {
    const small = dashboardSections({
      ...SOURCES,
      webAclMetricName: undefined,
      services: [],
      postgres: undefined,
      cache: undefined,
      search: undefined,
      kafka: undefined,
      natGateways: [],
      vpn: undefined,
    }).map((s) => s.title);
    assert.deepStrictEqual(small, ["2. Public load balancer", "4. Internal load balancer"]);
    const memcached = dashboardSections({
      ...SOURCES,
      cache: { engine: "memcached", nodes: [{ clusterId: "m", nodeId: "0001" }] },
    });
    const cache = memcached.find((s) => s.title.startsWith("8."))!;
    assert.deepStrictEqual(
      cache.graphs.map((g) => g.title),
      ["Cache: CPU (%)", "Cache: evictions"],
    );
  });

  it("refuses more widgets than CloudWatch accepts", () => {
    const many = Array.from({ length: 600 }, (_, i) => ({ title: `s${i}`, graphs: [] }));
    assert.throws(
      () => layoutWidgets("t", "eu-west-1", many),
      /the dashboard has 601 widgets; CloudWatch accepts 500/,
    );
  });
});

describe("Dashboard", () => {
  it("creates one dashboard named after the environment, with the body as JSON", async () => {
    const { resources } = await runComponent(
      () => new Dashboard("dashboard", { dashboardName: "platform-prod", sources: SOURCES }),
    );
    const dashboard = single(resources, "aws:cloudwatch/dashboard:Dashboard");
    assert.strictEqual(inputs(dashboard).dashboardName, "platform-prod");
    assert.deepStrictEqual(
      jsonInput(dashboard, "dashboardBody"),
      JSON.parse(JSON.stringify(dashboardBody(SOURCES))),
    );
  });

  it("refuses a name CloudWatch refuses", async () => {
    await assert.rejects(
      runComponent(() => new Dashboard("d", { dashboardName: "platform prod", sources: SOURCES })),
      /dashboard names are 1..255 of A-Z, a-z, 0-9, '-', '_'; got platform prod/,
    );
  });
});

describe("dashboards of a large environment", () => {
  /** `n` services like orders (an api and a worker with a queue and a target group: 3 graphs each). */
  const many = (n: number): DashboardSources["services"] =>
    Array.from({ length: n }, (_, i) => ({ ...SOURCES.services[0], name: `svc-${i}` }));

  it("keep one dashboard up to SERVICES_PER_DASHBOARD services, then pages of services", () => {
    assert.deepStrictEqual(
      servicePages(many(3)).map((p) => p.length),
      [3],
    );
    assert.deepStrictEqual(servicePages([]), [[]]);
    assert.deepStrictEqual(
      servicePages(many(2 * SERVICES_PER_DASHBOARD + 1)).map((p) => p.length),
      [SERVICES_PER_DASHBOARD, SERVICES_PER_DASHBOARD, 1],
    );
  });

  it("stay within CloudWatch's widgets per dashboard with a full page, the platform's sections included", () => {
    const full = many(SERVICES_PER_DASHBOARD);
    const first = dashboardBody({ ...SOURCES, services: full }).widgets;
    const page = dashboardBody({ ...SOURCES, services: full, servicesOnly: true }).widgets;
    assert.ok(first.length <= MAX_WIDGETS, `${first.length} widgets on the first dashboard`);
    assert.ok(page.length <= MAX_WIDGETS, `${page.length} widgets on a page of services`);
    // Without pages, the same environment would be refused.
    assert.throws(
      () => dashboardBody({ ...SOURCES, services: many(3 * SERVICES_PER_DASHBOARD) }),
      /CloudWatch accepts 500/,
    );
  });

  it("show only the services, their graphs and their queues on a further page", () => {
    const page = dashboardSections({ ...SOURCES, services: many(2), servicesOnly: true });
    assert.deepStrictEqual(
      page.map((s) => s.title),
      ["Services", "Queues"],
    );
    assert.ok(page[0].graphs.every((g) => g.title.startsWith("svc-")));
  });
});
