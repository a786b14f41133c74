/** What a service gives on-call and developers: its alarms, saved log queries, and opt-in tracing. */
import * as assert from "assert";

import { ServiceArgs } from "../../../components/compute/service";
import { resolveServices, ServiceConfig } from "../../../components/compute/serviceSpec";
import {
  COLLECTOR_CONFIG,
  COLLECTOR_IMAGE,
  COLLECTOR_NAME,
  CONTAINER_NAME,
  taskContainers,
  tracingEnvironment,
} from "../../../components/compute/taskDefinition";
import { serviceLogQueries } from "../../../components/shared/logQueries";
import { RecordedResource } from "../../../tools/engine/mockEngine";
import { statements } from "../../helpers/edge";
import { inputs, jsonInput, ofType } from "../../helpers/graph";
import { serviceArgs, serviceResources, TEST_ACCOUNT } from "../../helpers/service";

const ACCOUNT = TEST_ACCOUNT;
const TOPIC = `arn:aws:sns:eu-west-1:${ACCOUNT}:alerts`;

const ORDERS: ServiceConfig = {
  name: "orders",
  modes: ["api", "worker"],
  image: "ghcr.io/acme/orders:1.4.2",
  paths: ["/orders/*"],
  environment: { OTEL_SERVICE_NAME: "orders-eu" },
  worker: { queue: "jobs" },
  queues: [{ name: "jobs" }],
  tracing: true,
};

const args = (config: ServiceConfig, extra: Partial<ServiceArgs> = {}): ServiceArgs =>
  serviceArgs(config, {
    subnetIds: ["subnet-a", "subnet-b"],
    alarmActions: [TOPIC],
    alarmThresholds: { cpuPercent: 70, queueAgeSeconds: 300 },
    ...extra,
  });

const service = (config: ServiceConfig, extra: Partial<ServiceArgs> = {}): Promise<RecordedResource[]> =>
  serviceResources(args(config, extra));

const alarms = (resources: RecordedResource[]): RecordedResource[] =>
  ofType(resources, "aws:cloudwatch/metricAlarm:MetricAlarm");

describe("service observability", () => {
  it("alarms per ECS service, on the api's targets and on each queue, all to the given topic", async () => {
    const resources = await service(ORDERS);
    const names = alarms(resources)
      .map((a) => a.name)
      .sort();
    assert.deepStrictEqual(names, [
      "orders-api-cpu",
      "orders-api-memory",
      "orders-api-running-tasks",
      "orders-jobs-dlq-messages",
      "orders-jobs-oldest-message",
      "orders-tg-unhealthy-targets",
      "orders-worker-cpu",
      "orders-worker-memory",
      "orders-worker-running-tasks",
    ]);
    for (const a of alarms(resources)) {
      assert.deepStrictEqual([inputs(a).alarmActions, inputs(a).okActions], [[TOPIC], [TOPIC]], a.name);
    }
    const cpu = inputs(alarms(resources).find((a) => a.name === "orders-worker-cpu")!);
    assert.strictEqual(cpu.threshold, 70, "the given threshold");
    const worker = ofType(resources, "aws:ecs/service:Service").find((x) => x.name === "orders-worker")!;
    assert.strictEqual((cpu.dimensions as Record<string, string>).ClusterName, "main");
    assert.deepStrictEqual(
      alarms(resources).find((a) => a.name === "orders-worker-cpu")!.propertyDependencies.dimensions,
      [worker.urn],
    );
    const age = inputs(alarms(resources).find((a) => a.name === "orders-jobs-oldest-message")!);
    assert.strictEqual(age.threshold, 300);
    const targets = inputs(alarms(resources).find((a) => a.name === "orders-tg-unhealthy-targets")!);
    assert.strictEqual((targets.dimensions as Record<string, string>).LoadBalancer, "app/internal/123");
  });

  it("gives a cron service's schedule dead-letter queue an alarm on its first message", async () => {
    const resources = await service({
      name: "reports",
      modes: ["cron"],
      image: "ghcr.io/acme/reports:3.1.0",
      schedules: [{ name: "nightly", expression: "cron(0 3 * * ? *)" }],
    });
    assert.deepStrictEqual(
      alarms(resources).map((a) => [a.name, inputs(a).metricName]),
      [["reports-schedules-dlq-messages", "ApproximateNumberOfMessagesVisible"]],
    );
  });

  it("saves Logs Insights queries over the service's log group, in its own folder", async () => {
    const resources = await service(ORDERS);
    const queries = ofType(resources, "aws:cloudwatch/queryDefinition:QueryDefinition");
    const logGroup = ofType(resources, "aws:cloudwatch/logGroup:LogGroup")[0];
    assert.deepStrictEqual(
      queries.map((q) => inputs(q).name),
      ["platform-test/orders/recent", "platform-test/orders/errors", "platform-test/orders/errors-per-task"],
    );
    for (const q of queries) {
      assert.deepStrictEqual(inputs(q).logGroupNames, ["/ecs/platform-test/orders"]);
      assert.deepStrictEqual(q.propertyDependencies.logGroupNames, [logGroup.urn]);
    }
    const errors = serviceLogQueries("platform-test", "orders")[1].query;
    assert.match(errors, /\| filter @message like \/\(\?i\)\(error\|exception\|fatal\|panic\|traceback\)\//);
  });

  it("with tracing: a collector sidecar in every task, the app pointed at it, the task role allowed to send traces", async () => {
    const resources = await service(ORDERS);
    for (const td of ofType(resources, "aws:ecs/taskDefinition:TaskDefinition")) {
      const containers = jsonInput<Array<Record<string, unknown>>>(td, "containerDefinitions");
      assert.deepStrictEqual(
        containers.map((c) => c.name),
        [CONTAINER_NAME, COLLECTOR_NAME],
      );
      const [app, collector] = containers;
      assert.deepStrictEqual(app.dependsOn, [{ containerName: COLLECTOR_NAME, condition: "START" }]);
      const env = Object.fromEntries(
        (app.environment as Array<{ name: string; value: string }>).map((e) => [e.name, e.value]),
      );
      assert.strictEqual(env.OTEL_EXPORTER_OTLP_ENDPOINT, "http://localhost:4317");
      assert.strictEqual(env.OTEL_SERVICE_NAME, "orders-eu", "the service's own value wins");
      assert.deepStrictEqual(
        [
          collector.image,
          collector.command,
          collector.essential,
          collector.readonlyRootFilesystem,
          collector.user,
        ],
        [COLLECTOR_IMAGE, [`--config=${COLLECTOR_CONFIG}`], false, true, "10001"],
      );
      const logs = (collector.logConfiguration as { options: Record<string, string> }).options;
      assert.deepStrictEqual(
        [logs["awslogs-group"], logs["awslogs-stream-prefix"]],
        ["/ecs/platform-test/orders", "otel"],
      );
    }
    const taskPolicy = ofType(resources, "aws:iam/rolePolicy:RolePolicy").find(
      (p) => p.name === "orders-task-policy",
    )!;
    const traces = statements(taskPolicy).find((s) => s.Sid === "SendTraces")!;
    assert.deepStrictEqual(traces.Action, [
      "xray:PutTraceSegments",
      "xray:PutTelemetryRecords",
      "xray:GetSamplingRules",
      "xray:GetSamplingTargets",
      "xray:GetSamplingStatisticSummaries",
    ]);
  });

  it("without tracing: one container, no OpenTelemetry variables, no trace permissions", async () => {
    const resources = await service({
      ...ORDERS,
      tracing: undefined,
      environment: undefined,
      queues: undefined,
      worker: undefined,
      modes: ["api"],
    });
    const [td] = ofType(resources, "aws:ecs/taskDefinition:TaskDefinition");
    const containers = jsonInput<Array<Record<string, unknown>>>(td, "containerDefinitions");
    assert.deepStrictEqual(
      containers.map((c) => c.name),
      [CONTAINER_NAME],
    );
    const names = (containers[0].environment as Array<{ name: string }>).map((e) => e.name);
    assert.ok(!names.some((n) => n.startsWith("OTEL_")), names.join(","));
    assert.ok(
      !ofType(resources, "aws:iam/rolePolicy:RolePolicy").some((p) => p.name === "orders-task-policy"),
    );
  });

  it("builds the containers as plain data", () => {
    const [spec] = resolveServices([{ ...ORDERS, environment: undefined }], {
      minTasks: 1,
      haGateway: false,
    });
    assert.deepStrictEqual(tracingEnvironment(spec), {
      OTEL_SERVICE_NAME: "orders",
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://localhost:4317",
      OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
      OTEL_PROPAGATORS: "tracecontext,baggage,xray",
    });
    const containers = taskContainers({
      spec,
      mode: "worker",
      image: "img:1",
      environment: {},
      secrets: {},
      logGroupName: "/ecs/x/orders",
      region: "eu-west-1",
      ecsExec: false,
    });
    assert.strictEqual(containers.length, 2);
    assert.strictEqual(
      (containers[1].logConfiguration as { options: Record<string, string> }).options["awslogs-region"],
      "eu-west-1",
    );
  });
});
