import * as assert from "assert";

import { Service, ServiceArgs } from "../../../components/compute/service";
import { resolveServices, ServiceConfig } from "../../../components/compute/serviceSpec";
import { RecordedResource } from "../../../tools/engine/mockEngine";
import { physical, resourcesOf, statements } from "../../helpers/edge";
import { inputs, jsonInput, ofType, propertyDeps, runComponent, single } from "../../helpers/graph";
import {
  serviceArgs,
  serviceResources,
  TEST_ACCOUNT,
  TEST_KEY,
  TEST_PRIVATE_SUBNETS,
} from "../../helpers/service";

const ACCOUNT = TEST_ACCOUNT;
const KEY = TEST_KEY;
const EXEC_LOGS = `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:cluster-exec`;
const PRIVATE_SUBNETS = TEST_PRIVATE_SUBNETS;
const args = (config: ServiceConfig, extra: Partial<ServiceArgs> = {}): ServiceArgs =>
  serviceArgs(config, extra);
const service = (config: ServiceConfig, extra: Partial<ServiceArgs> = {}): Promise<RecordedResource[]> =>
  serviceResources(args(config, extra));

const API: ServiceConfig = {
  name: "orders",
  modes: ["api"],
  image: "ghcr.io/acme/orders:1.4.2",
  paths: ["/orders", "/orders/*"],
  secrets: { DATABASE_URL: "secretsmanager:database-url", STRIPE: "secretsmanager:stripe:key" },
};
const WORKER: ServiceConfig = {
  name: "mailer",
  modes: ["worker"],
  image: "ghcr.io/acme/mailer:2.0.0",
  worker: { queue: "outbox", jobTimeoutSeconds: 90, backlogPerTask: 20 },
  queues: [{ name: "outbox" }],
};
const CRON: ServiceConfig = {
  name: "reports",
  modes: ["cron"],
  image: "ghcr.io/acme/reports:3.1.0",
  command: ["python", "-m", "reports"],
  schedules: [
    { name: "nightly", expression: "cron(0 3 * * ? *)", timezone: "Europe/Dublin", command: ["nightly"] },
    { name: "hourly", expression: "rate(1 hour)" },
  ],
};

function count(resources: RecordedResource[], type: string): number {
  return ofType(resources, type).length;
}

function containers(td: RecordedResource): Array<Record<string, unknown>> {
  return jsonInput<Array<Record<string, unknown>>>(td, "containerDefinitions");
}

describe("Service", () => {
  describe("api mode", () => {
    it("creates a target group, one rule per path, an ECS service behind them, and nothing of the other modes", async () => {
      const resources = await service(API);
      const counts = Object.fromEntries(
        [
          "aws:ecs/taskDefinition:TaskDefinition",
          "aws:ecs/service:Service",
          "aws:lb/targetGroup:TargetGroup",
          "aws:lb/listenerRule:ListenerRule",
          "aws:appautoscaling/policy:Policy",
          "aws:scheduler/schedule:Schedule",
          "aws:sqs/queue:Queue",
        ].map((t) => [t.split(":")[2], count(resources, t)]),
      );
      assert.deepStrictEqual(counts, {
        TaskDefinition: 1,
        Service: 1,
        TargetGroup: 1,
        ListenerRule: 2,
        Policy: 2,
        Schedule: 0,
        Queue: 0,
      });
      const td = single(resources, "aws:ecs/taskDefinition:TaskDefinition");
      assert.strictEqual(inputs(td).family, "platform-test-orders-api");
      const ecs = single(resources, "aws:ecs/service:Service");
      const lbs = inputs(ecs).loadBalancers as Array<Record<string, unknown>>;
      assert.deepStrictEqual(
        lbs.map((l) => [l.containerName, l.containerPort]),
        [["app", 8080]],
      );
      assert.deepStrictEqual(
        propertyDeps(resources, ecs, "loadBalancers").map((r) => r.type),
        ["aws:lb/targetGroup:TargetGroup"],
      );
    });

    it("routes each path to its target group with the derived priority, and starts the service after the rules", async () => {
      const resources = await service(API);
      const [spec] = resolveServices([API], { minTasks: 2, haGateway: true });
      const rules = ofType(resources, "aws:lb/listenerRule:ListenerRule");
      assert.deepStrictEqual(
        rules.map((r) => {
          const i = inputs(r);
          const conditions = i.conditions as Array<{ pathPattern: { values: string[] } }>;
          const actions = i.actions as Array<{ type: string }>;
          return [conditions[0].pathPattern.values, i.priority, actions[0].type, i.listenerArn];
        }),
        spec.routes.map((route) => [[route.path], route.priority, "forward", "arn:listener"]),
      );
      const ecs = single(resources, "aws:ecs/service:Service");
      for (const rule of rules) {
        assert.ok(ecs.dependencies.includes(rule.urn), `the service waits for ${rule.name}`);
      }
    });

    it("admits only the load balancer to its tasks, on its port, and lets the load balancer reach them", async () => {
      const resources = await service({ ...API, port: 9000 });
      const sg = single(resources, "aws:ec2/securityGroup:SecurityGroup");
      const ingress = single(resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
      assert.deepStrictEqual(propertyDeps(resources, ingress, "securityGroupId"), [sg]);
      assert.deepStrictEqual(
        [
          inputs(ingress).referencedSecurityGroupId,
          inputs(ingress).fromPort,
          inputs(ingress).toPort,
          inputs(ingress).cidrIpv4,
        ],
        ["sg-alb", 9000, 9000, undefined],
      );
      const egress = single(resources, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule");
      assert.strictEqual(inputs(egress).securityGroupId, "sg-alb");
      assert.deepStrictEqual(propertyDeps(resources, egress, "referencedSecurityGroupId"), [sg]);
      const ecs = single(resources, "aws:ecs/service:Service");
      const network = inputs(ecs).networkConfiguration as Record<string, unknown>;
      assert.deepStrictEqual(network.assignPublicIp, false);
      assert.deepStrictEqual(network.subnets, PRIVATE_SUBNETS);
      assert.deepStrictEqual(
        (network.securityGroups as string[])[0],
        "sg-services",
        "joins the services group",
      );
      assert.deepStrictEqual(propertyDeps(resources, ecs, "networkConfiguration"), [sg]);
    });

    it("scales on CPU and on requests per target, leaves the desired count to autoscaling, and rolls back failed deployments", async () => {
      const resources = await service({
        ...API,
        minTasks: 3,
        maxTasks: 9,
        cpuTarget: 50,
        requestsPerTarget: 700,
      });
      const target = single(resources, "aws:appautoscaling/target:Target");
      assert.deepStrictEqual(
        [inputs(target).minCapacity, inputs(target).maxCapacity, inputs(target).scalableDimension],
        [3, 9, "ecs:service:DesiredCount"],
      );
      const tg = single(resources, "aws:lb/targetGroup:TargetGroup");
      const policies = ofType(resources, "aws:appautoscaling/policy:Policy").map((p) => {
        const config = inputs(p).targetTrackingScalingPolicyConfiguration as {
          predefinedMetricSpecification: { predefinedMetricType: string; resourceLabel?: string };
          targetValue: number;
        };
        return [
          config.predefinedMetricSpecification.predefinedMetricType,
          config.targetValue,
          config.predefinedMetricSpecification.resourceLabel,
        ];
      });
      assert.deepStrictEqual(policies, [
        ["ECSServiceAverageCPUUtilization", 50, undefined],
        ["ALBRequestCountPerTarget", 700, `app/internal/123/targetgroup/${physical(tg)}/0123456789abcdef`],
      ]);
      const ecs = single(resources, "aws:ecs/service:Service");
      assert.deepStrictEqual(ecs.ignoreChanges, ["desiredCount"]);
      assert.deepStrictEqual(inputs(ecs).deploymentCircuitBreaker, { enable: true, rollback: true });
      assert.strictEqual(inputs(ecs).availabilityZoneRebalancing, "ENABLED");
      assert.strictEqual(inputs(ecs).desiredCount, 3);
    });
  });

  describe("worker mode", () => {
    it("runs an ECS service without a load balancer and scales it on CPU and on its queue's backlog per task", async () => {
      const resources = await service(WORKER);
      assert.strictEqual(count(resources, "aws:lb/targetGroup:TargetGroup"), 0);
      assert.strictEqual(count(resources, "aws:lb/listenerRule:ListenerRule"), 0);
      assert.strictEqual(count(resources, "aws:ec2/securityGroup:SecurityGroup"), 0);
      assert.strictEqual(count(resources, "aws:scheduler/schedule:Schedule"), 0);
      const ecs = single(resources, "aws:ecs/service:Service");
      assert.strictEqual(inputs(ecs).loadBalancers, undefined);
      assert.deepStrictEqual((inputs(ecs).networkConfiguration as Record<string, unknown>).securityGroups, [
        "sg-services",
      ]);
      const td = single(resources, "aws:ecs/taskDefinition:TaskDefinition");
      assert.strictEqual(inputs(td).family, "platform-test-mailer-worker");
      const [container] = containers(td);
      assert.deepStrictEqual(container.portMappings, []);
      const env = Object.fromEntries(
        (container.environment as { name: string; value: string }[]).map((e) => [e.name, e.value]),
      );
      const queue = ofType(resources, "aws:sqs/queue:Queue").find((q) => q.name === "mailer-outbox")!;
      assert.strictEqual(
        env.PLATFORM_QUEUE_OUTBOX_URL,
        `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/${physical(queue)}`,
      );
      assert.strictEqual(env.PLATFORM_MODE, "worker");

      const backlog = ofType(resources, "aws:appautoscaling/policy:Policy").find(
        (p) => p.name === "mailer-worker-backlog",
      )!;
      const config = inputs(backlog).targetTrackingScalingPolicyConfiguration as {
        targetValue: number;
        customizedMetricSpecification: {
          metrics: Array<{
            id: string;
            expression?: string;
            metricStat?: { metric: { dimensions: { name: string; value: string }[] } };
          }>;
        };
      };
      assert.strictEqual(config.targetValue, 20);
      const metrics = config.customizedMetricSpecification.metrics;
      assert.strictEqual(
        metrics.find((m) => m.id === "backlog")!.expression,
        "IF(tasks > 0, visible / tasks, visible)",
      );
      assert.deepStrictEqual(metrics.find((m) => m.id === "visible")!.metricStat!.metric.dimensions, [
        { name: "QueueName", value: physical(queue) },
      ]);
      assert.deepStrictEqual(
        propertyDeps(resources, backlog, "targetTrackingScalingPolicyConfiguration")
          .map((r) => r.name)
          .sort(),
        ["mailer-outbox", "mailer-worker"],
      );
    });

    it("gives the queue a visibility timeout that covers two attempts of the worker's longest job", async () => {
      const resources = await service(WORKER);
      const queue = ofType(resources, "aws:sqs/queue:Queue").find((q) => q.name === "mailer-outbox")!;
      assert.strictEqual(inputs(queue).visibilityTimeoutSeconds, 180);
      assert.strictEqual(inputs(queue).kmsMasterKeyId, KEY);
      assert.ok(ofType(resources, "aws:sqs/queue:Queue").some((q) => q.name === "mailer-outbox-dlq"));
    });

    it("does not scale on a queue when it has none", async () => {
      const resources = await service({ ...WORKER, worker: {}, queues: undefined });
      assert.deepStrictEqual(
        ofType(resources, "aws:appautoscaling/policy:Policy").map((p) => p.name),
        ["mailer-worker-cpu"],
      );
      assert.strictEqual(
        count(resources, "aws:iam/rolePolicy:RolePolicy"),
        1,
        "no task-role policy without queues",
      );
    });
  });

  describe("cron mode", () => {
    it("creates a schedule per entry and no ECS service, load balancer or autoscaling", async () => {
      const resources = await service(CRON);
      assert.strictEqual(count(resources, "aws:ecs/service:Service"), 0);
      assert.strictEqual(count(resources, "aws:lb/targetGroup:TargetGroup"), 0);
      assert.strictEqual(count(resources, "aws:appautoscaling/target:Target"), 0);
      const schedules = ofType(resources, "aws:scheduler/schedule:Schedule");
      assert.deepStrictEqual(
        schedules.map((s) => [inputs(s).scheduleExpression, inputs(s).scheduleExpressionTimezone]),
        [
          ["cron(0 3 * * ? *)", "Europe/Dublin"],
          ["rate(1 hour)", "UTC"],
        ],
      );
      assert.strictEqual(
        inputs(single(resources, "aws:ecs/taskDefinition:TaskDefinition")).family,
        "platform-test-reports-cron",
      );
    });

    it("runs the task privately with the schedule's command, retries, and dead-letters failed runs", async () => {
      const resources = await service(CRON);
      const [nightly, hourly] = ofType(resources, "aws:scheduler/schedule:Schedule");
      const target = inputs(nightly).target as {
        arn: string;
        input: string;
        retryPolicy: Record<string, number>;
        deadLetterConfig: { arn: string };
      };
      assert.strictEqual(target.arn, "arn:aws:scheduler:::aws-sdk:ecs:runTask");
      const request = JSON.parse(target.input) as Record<string, unknown>;
      assert.deepStrictEqual(request.networkConfiguration, {
        awsvpcConfiguration: {
          subnets: PRIVATE_SUBNETS,
          securityGroups: ["sg-services"],
          assignPublicIp: "DISABLED",
        },
      });
      assert.deepStrictEqual(request.overrides, {
        containerOverrides: [{ name: "app", command: ["nightly"] }],
      });
      assert.strictEqual(
        request.taskDefinition,
        `arn:aws:ecs:eu-west-1:${ACCOUNT}:task-definition/platform-test-reports-cron:1`,
      );
      const hourlyRequest = JSON.parse((inputs(hourly).target as { input: string }).input) as Record<
        string,
        unknown
      >;
      assert.deepStrictEqual(hourlyRequest.overrides, {
        containerOverrides: [{ name: "app", command: ["python", "-m", "reports"] }],
      });
      assert.deepStrictEqual(target.retryPolicy, { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 });
      const dlq = single(resources, "aws:sqs/queue:Queue");
      assert.strictEqual(target.deadLetterConfig.arn, `arn:aws:sqs:eu-west-1:${ACCOUNT}:${physical(dlq)}`);
      assert.strictEqual(inputs(dlq).kmsMasterKeyId, KEY);
    });

    it("lets the scheduler role run only the service's family in its cluster and pass only its two roles", async () => {
      const resources = await service(CRON);
      const policy = ofType(resources, "aws:iam/rolePolicy:RolePolicy").find(
        (p) => p.name === "reports-scheduler-policy",
      )!;
      const roles = ofType(resources, "aws:iam/role:Role");
      const roleArn = (name: string): string =>
        `arn:aws:iam::${ACCOUNT}:role/${physical(roles.find((r) => r.name === name)!)}`;
      const s = statements(policy);
      assert.deepStrictEqual(
        s.find((x) => x.Sid === "RunOwnTask")!.Resource,
        `arn:aws:ecs:eu-west-1:${ACCOUNT}:task-definition/platform-test-reports-cron:*`,
      );
      assert.deepStrictEqual(s.find((x) => x.Sid === "PassTaskRoles")!.Resource, [
        roleArn("reports-execution"),
        roleArn("reports-task"),
      ]);
      const scheduler = roles.find((r) => r.name === "reports-scheduler")!;
      assert.deepStrictEqual(statements(scheduler, "assumeRolePolicy")[0].Principal, {
        Service: "scheduler.amazonaws.com",
      });
    });
  });

  describe("every mode", () => {
    it("runs the same image as a non-root user on a read-only root filesystem, with a writable /tmp", async () => {
      const resources = await service({ ...API, modes: ["api", "worker"], worker: {} });
      const tds = ofType(resources, "aws:ecs/taskDefinition:TaskDefinition");
      assert.deepStrictEqual(
        tds.map((td) => inputs(td).family),
        ["platform-test-orders-api", "platform-test-orders-worker"],
      );
      for (const td of tds) {
        const [c] = containers(td);
        assert.strictEqual(c.image, "ghcr.io/acme/orders:1.4.2");
        assert.strictEqual(c.user, "1000:1000");
        assert.strictEqual(c.readonlyRootFilesystem, true);
        assert.deepStrictEqual(c.mountPoints, [
          { sourceVolume: "tmp", containerPath: "/tmp", readOnly: false },
        ]);
        assert.deepStrictEqual(inputs(td).requiresCompatibilities, ["FARGATE"]);
        assert.strictEqual(inputs(td).networkMode, "awsvpc");
        assert.strictEqual(inputs(td).trackLatest, true);
        assert.strictEqual(inputs(td).skipDestroy, true);
      }
    });

    it("injects secrets by reference from the service's own namespace, never as plain values", async () => {
      const resources = await service(API);
      const [c] = containers(single(resources, "aws:ecs/taskDefinition:TaskDefinition"));
      assert.deepStrictEqual(c.secrets, [
        {
          name: "DATABASE_URL",
          valueFrom: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:platform-test/orders/database-url-AbCdEf`,
        },
        {
          name: "STRIPE",
          valueFrom: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:platform-test/orders/stripe-AbCdEf:key::`,
        },
      ]);
      const names = (c.environment as { name: string }[]).map((e) => e.name);
      assert.ok(!names.includes("DATABASE_URL") && !names.includes("STRIPE"));
    });

    it("gives the execution role only the service's repository, log group and secrets", async () => {
      const resources = await service(API);
      const repo = single(resources, "aws:ecr/repository:Repository");
      const policy = ofType(resources, "aws:iam/rolePolicy:RolePolicy").find(
        (p) => p.name === "orders-execution-policy",
      )!;
      const repoArn = `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/${String(inputs(repo).name)}`;
      assert.deepStrictEqual(resourcesOf(statements(policy)), [
        "*",
        repoArn,
        `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/ecs/platform-test/orders:log-stream:*`,
        `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:platform-test/orders/*`,
        KEY,
      ]);
      assert.deepStrictEqual(
        statements(policy).find((s) => s.Resource === "*")!.Action,
        "ecr:GetAuthorizationToken",
        "the only wildcard is the one ECR offers no resource for",
      );
      const role = ofType(resources, "aws:iam/role:Role").find((r) => r.name === "orders-execution")!;
      const [trust] = statements(role, "assumeRolePolicy");
      assert.deepStrictEqual(trust.Principal, { Service: "ecs-tasks.amazonaws.com" });
      assert.deepStrictEqual(trust.Condition, { StringEquals: { "aws:SourceAccount": ACCOUNT } });
    });

    it("lets the task role use only the service's own queues, plus ECS Exec channels when exec is on", async () => {
      const resources = await service(WORKER, { ecsExec: true, execLogGroupArn: EXEC_LOGS });
      const policy = ofType(resources, "aws:iam/rolePolicy:RolePolicy").find(
        (p) => p.name === "mailer-task-policy",
      )!;
      const queue = ofType(resources, "aws:sqs/queue:Queue").find((q) => q.name === "mailer-outbox")!;
      const s = statements(policy);
      assert.deepStrictEqual(s.find((x) => x.Sid === "UseOwnQueues")!.Resource, [
        `arn:aws:sqs:eu-west-1:${ACCOUNT}:${physical(queue)}`,
      ]);
      assert.deepStrictEqual(s.find((x) => x.Sid === "EcsExecSessionLogs")!.Resource, `${EXEC_LOGS}:*`);
      const ecs = single(resources, "aws:ecs/service:Service");
      assert.strictEqual(inputs(ecs).enableExecuteCommand, true);
      const [c] = containers(single(resources, "aws:ecs/taskDefinition:TaskDefinition"));
      assert.strictEqual(c.readonlyRootFilesystem, false, "ECS Exec needs a writable root filesystem");
      assert.deepStrictEqual(c.mountPoints, []);
    });

    it("logs to its own KMS-encrypted log group with retention, and keeps images in an encrypted, immutable, scanned repository", async () => {
      const resources = await service(API, { protect: true });
      const logs = single(resources, "aws:cloudwatch/logGroup:LogGroup");
      assert.deepStrictEqual(
        [inputs(logs).name, inputs(logs).kmsKeyId, inputs(logs).retentionInDays],
        ["/ecs/platform-test/orders", KEY, 30],
      );
      const repo = single(resources, "aws:ecr/repository:Repository");
      assert.deepStrictEqual(
        [
          inputs(repo).name,
          inputs(repo).imageTagMutability,
          inputs(repo).imageScanningConfiguration,
          inputs(repo).encryptionConfigurations,
        ],
        ["platform-test/orders", "IMMUTABLE", { scanOnPush: true }, [{ encryptionType: "KMS", kmsKey: KEY }]],
      );
      assert.strictEqual(repo.protect, true);
      const lifecycle = single(resources, "aws:ecr/lifecyclePolicy:LifecyclePolicy");
      const rules = jsonInput<{ rules: Array<{ selection: { tagStatus: string } }> }>(
        lifecycle,
        "policy",
      ).rules;
      assert.deepStrictEqual(
        rules.map((r) => r.selection.tagStatus),
        ["untagged", "any"],
      );
    });

    it("reads a CI-owned image reference from SSM at every deployment, and may pull from its repository", async () => {
      const result = await runComponent(
        () => new Service("orders", args({ ...API, image: "ssm:/acme/orders/image" })),
      );
      assert.deepStrictEqual(
        result.invokes.filter((i) => i.token === "aws:ssm/getParameter:getParameter").map((i) => i.args.name),
        ["/acme/orders/image"],
      );
      const ciImage = `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/acme/orders/image:ci-build-1`;
      const [c] = containers(single(result.resources, "aws:ecs/taskDefinition:TaskDefinition"));
      assert.strictEqual(c.image, ciImage);
      const policy = ofType(result.resources, "aws:iam/rolePolicy:RolePolicy").find(
        (p) => p.name === "orders-execution-policy",
      )!;
      assert.ok(
        resourcesOf(statements(policy)).includes(
          `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/acme/orders/image`,
        ),
        "the execution role may pull the repository the parameter points into",
      );
    });

    it("starts tasks and schedules only after their roles have their policies", async () => {
      for (const config of [WORKER, CRON]) {
        const resources = await service(config);
        const policies = ofType(resources, "aws:iam/rolePolicy:RolePolicy")
          .filter((p) => !p.name.endsWith("-scheduler-policy"))
          .map((p) => p.urn);
        const starters = [
          ...ofType(resources, "aws:ecs/service:Service"),
          ...ofType(resources, "aws:scheduler/schedule:Schedule"),
        ];
        assert.ok(starters.length > 0);
        for (const s of starters) {
          assert.deepStrictEqual(
            policies.filter((p) => !s.dependencies.includes(p)),
            [],
            `${s.name} waits for every role policy`,
          );
        }
      }
    });

    it("refuses to build an api without a listener", () => {
      const a = args(API);
      assert.throws(
        () => new Service("orders", { ...a, listener: undefined }),
        /service orders: api mode needs a listener/,
      );
    });
  });
});
