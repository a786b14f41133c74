/** The parts of a service that are plain data: scaling policies, variables, queue senders, image rules. */
import * as assert from "assert";

import { REPOSITORY_LIFECYCLE_RULES } from "../../../components/compute/serviceImage";
import { eventSenders, queueUrlVariable } from "../../../components/compute/serviceQueues";
import {
  backlogPerTask,
  backlogPerTaskMetrics,
  CPU_UTILIZATION,
  targetTrackingPolicyArgs,
} from "../../../components/compute/serviceScaling";
import { serviceEnvironment } from "../../../components/compute/serviceTasks";

const TARGET = {
  serviceNamespace: "ecs",
  scalableDimension: "ecs:service:DesiredCount",
  resourceId: "service/main/orders-api",
};

describe("service parts", () => {
  describe("target-tracking policies", () => {
    it("keep a metric at its target value on the given target, scaling out fast and in slowly", () => {
      assert.deepStrictEqual(targetTrackingPolicyArgs(TARGET, CPU_UTILIZATION, 60), {
        policyType: "TargetTrackingScaling",
        serviceNamespace: "ecs",
        scalableDimension: "ecs:service:DesiredCount",
        resourceId: "service/main/orders-api",
        targetTrackingScalingPolicyConfiguration: {
          predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
          targetValue: 60,
          scaleInCooldown: 300,
          scaleOutCooldown: 60,
        },
      });
    });

    it("carry a customized metric as given, with the same cooldowns", () => {
      const metric = backlogPerTask("orders-jobs", "main", "orders-worker");
      const config = targetTrackingPolicyArgs(TARGET, metric, 20).targetTrackingScalingPolicyConfiguration;
      assert.deepStrictEqual(config, {
        customizedMetricSpecification: {
          metrics: backlogPerTaskMetrics("orders-jobs", "main", "orders-worker"),
        },
        targetValue: 20,
        scaleInCooldown: 300,
        scaleOutCooldown: 60,
      });
    });

    it("measure a worker's backlog per running task, and its whole backlog while none runs", () => {
      const metrics = backlogPerTaskMetrics("orders-jobs", "main", "orders-worker");
      assert.deepStrictEqual(
        metrics.map((m) => [m.id, m.returnData]),
        [
          ["visible", false],
          ["tasks", false],
          ["backlog", true],
        ],
      );
      assert.strictEqual(metrics[2].expression, "IF(tasks > 0, visible / tasks, visible)");
      assert.deepStrictEqual(metrics[1].metricStat, {
        stat: "Average",
        metric: {
          namespace: "ECS/ContainerInsights",
          metricName: "RunningTaskCount",
          dimensions: [
            { name: "ClusterName", value: "main" },
            { name: "ServiceName", value: "orders-worker" },
          ],
        },
      });
    });
  });

  describe("task variables", () => {
    it("name the service and its queues' URLs, over its own environment and the platform's values", () => {
      const env = serviceEnvironment({
        spec: { name: "orders", environment: { LOG_LEVEL: "debug", PLATFORM_SERVICE: "spoofed" } },
        platformEnvironment: { PLATFORM_OIDC_ISSUER: "https://id.example.test" },
        queueUrls: { "order-events": "https://queue/order-events" },
        eventEnvironment: { PLATFORM_EVENT_BUS_NAME: "bus" },
      });
      assert.deepStrictEqual(env, {
        LOG_LEVEL: "debug",
        PLATFORM_SERVICE: "orders",
        PLATFORM_OIDC_ISSUER: "https://id.example.test",
        PLATFORM_QUEUE_ORDER_EVENTS_URL: "https://queue/order-events",
        PLATFORM_EVENT_BUS_NAME: "bus",
      });
    });

    it("let the platform's values override the service's own", () => {
      const env = serviceEnvironment({
        spec: { name: "gateway", environment: { PLATFORM_UPSTREAM: "mine" } },
        platformEnvironment: { PLATFORM_UPSTREAM: "http://internal" },
        queueUrls: {},
      });
      assert.strictEqual(env.PLATFORM_UPSTREAM, "http://internal");
    });

    it("spell a queue's URL variable in upper case with underscores", () => {
      assert.strictEqual(queueUrlVariable("order-events"), "PLATFORM_QUEUE_ORDER_EVENTS_URL");
    });
  });

  describe("queue senders", () => {
    it("let EventBridge send only for the rules that target the queue, and nothing without rules", () => {
      assert.strictEqual(eventSenders(undefined), undefined);
      assert.strictEqual(eventSenders([]), undefined);
      assert.deepStrictEqual(eventSenders(["arn:rule/a", "arn:rule/b"]), [
        { service: "events.amazonaws.com", sourceArns: ["arn:rule/a", "arn:rule/b"] },
      ]);
    });
  });

  describe("repository lifecycle", () => {
    it("expires untagged images after a week and keeps the 50 most recent", () => {
      assert.deepStrictEqual(
        REPOSITORY_LIFECYCLE_RULES.map((r) => [r.rulePriority, r.selection, r.action.type]),
        [
          [
            1,
            { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 },
            "expire",
          ],
          [2, { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 50 }, "expire"],
        ],
      );
    });
  });
});
