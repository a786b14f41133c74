import * as assert from "assert";

import { capacityProviderStrategy } from "../../../components/compute/cluster";
import { FARGATE_SIZES, fargateSizeProblem } from "../../../components/compute/fargate";
import { ecrRepositoryArn, parseImageRef, parseImageSource } from "../../../components/compute/image";
import {
  assignPriorities,
  derivedPriority,
  MAX_RULE_PRIORITY,
  pathDepth,
  pathProblem,
} from "../../../components/compute/priorities";
import { isTimeZone, scheduleExpressionProblem } from "../../../components/compute/schedule";
import {
  executionRoleStatements,
  schedulerRoleStatements,
  secretPrefixes,
  secretValueFrom,
  taskRoleStatements,
} from "../../../components/compute/servicePolicies";
import {
  defaultVisibilityTimeout,
  parseSecretRef,
  resolveServices,
} from "../../../components/compute/serviceSpec";
import {
  containerDefinition,
  readOnlyRoot,
  runTaskRequest,
  taskVolumes,
} from "../../../components/compute/taskDefinition";

describe("compute helpers", () => {
  describe("Fargate sizes", () => {
    it("accepts every documented pair and nothing between", () => {
      assert.strictEqual(fargateSizeProblem(256, 512), undefined);
      assert.strictEqual(fargateSizeProblem(1024, 8192), undefined);
      assert.strictEqual(fargateSizeProblem(4096, 30720), undefined);
      assert.strictEqual(fargateSizeProblem(8192, 16384 + 4096), undefined);
      assert.strictEqual(fargateSizeProblem(16384, 122880), undefined);
      assert.deepStrictEqual(FARGATE_SIZES[2048].length, 13, "4096..16384 in steps of 1024");
    });

    it("says which memory values go with a CPU value", () => {
      assert.strictEqual(
        fargateSizeProblem(256, 4096),
        "Fargate does not support cpu 256 with memory 4096; with cpu 256 use memory 512, 1024, 2048 (MiB)",
      );
      assert.strictEqual(
        fargateSizeProblem(8192, 17408),
        "Fargate does not support cpu 8192 with memory 17408; with cpu 8192 use memory 16384..61440 in steps of 4096 (MiB)",
      );
      assert.strictEqual(
        fargateSizeProblem(300, 512),
        "Fargate has no task size with cpu 300; cpu is one of 256, 512, 1024, 2048, 4096, 8192, 16384",
      );
    });
  });

  describe("schedule expressions", () => {
    for (const ok of [
      "cron(0 3 * * ? *)",
      "cron(0/15 * ? * MON-FRI *)",
      "cron(0 8 1,15 * ? 2030)",
      "cron(30 2 L * ? *)",
      "cron(0 9 ? * 2#1 *)",
      "rate(1 minute)",
      "rate(15 minutes)",
      "rate(2 days)",
    ]) {
      it(`accepts ${ok}`, () => assert.strictEqual(scheduleExpressionProblem(ok), undefined));
    }
    const bad: Array<[string, string]> = [
      [
        "0 3 * * *",
        "expected cron(<6 fields>) or rate(<n> <unit>), for example cron(0 3 * * ? *) or rate(15 minutes)",
      ],
      [
        "cron(0 3 * * *)",
        "a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), got 5",
      ],
      [
        "cron(0 3 * * * *)",
        "exactly one of day-of-month and day-of-week must be ? (for example cron(0 3 * * ? *))",
      ],
      [
        "cron(0 3 ? * ? *)",
        "exactly one of day-of-month and day-of-week must be ? (for example cron(0 3 * * ? *))",
      ],
      ["cron(61 3 * * ? *)", 'minutes field "61" is not valid (values 0..59, with , - * /)'],
      ["cron(0 24 * * ? *)", 'hours field "24" is not valid (values 0..23, with , - * /)'],
      ["cron(0 3 * FOO ? *)", 'month field "FOO" is not valid (values 1..12 or names, with , - * /)'],
      ["cron(? 3 * * ? *)", '"?" is allowed only in day-of-month or day-of-week, not in minutes'],
      ["rate(1 minutes)", "use the singular unit with 1: rate(1 minute)"],
      ["rate(5 minute)", "use the plural unit with 5: rate(5 minutes)"],
      ["rate(0 hours)", "the rate value must be 1 or more"],
      [
        "rate(5 weeks)",
        "a rate expression is rate(<n> minute|minutes|hour|hours|day|days), for example rate(5 minutes)",
      ],
    ];
    for (const [expr, message] of bad) {
      it(`rejects ${expr}`, () => assert.strictEqual(scheduleExpressionProblem(expr), message));
    }

    it("knows IANA time zones", () => {
      assert.ok(isTimeZone("Europe/Dublin"));
      assert.ok(isTimeZone("UTC"));
      assert.ok(!isTimeZone("Mars/Olympus"));
    });
  });

  describe("listener priorities", () => {
    it("derives a stable priority from the path alone, more specific paths first", () => {
      const p = derivedPriority("/orders/*");
      assert.strictEqual(derivedPriority("/orders/*"), p, "same path, same priority");
      assert.ok(p >= 8 * 5000 + 1 && p < 9 * 5000, `depth 1 is band 8: ${p}`);
      assert.ok(derivedPriority("/orders/admin/*") < p, "deeper paths are evaluated first");
      assert.ok(derivedPriority("/*") > derivedPriority("/orders/*"));
      assert.ok(derivedPriority("/a/b/c/d/e/f/g/h/i/j/k") >= 1);
      assert.ok(derivedPriority("/*") <= MAX_RULE_PRIORITY);
      assert.deepStrictEqual([pathDepth("/*"), pathDepth("/orders"), pathDepth("/v1/orders*")], [0, 1, 1]);
    });

    it("does not depend on the order of the claims", () => {
      const a = { service: "orders", path: "/orders/*", key: "k0" };
      const b = { service: "billing", path: "/billing/*", key: "k1" };
      const forward = assignPriorities([a, b]).routes;
      const backward = assignPriorities([b, a]).routes;
      const byPath = (routes: { path: string; priority: number }[]): Record<string, number> =>
        Object.fromEntries(routes.map((r) => [r.path, r.priority]));
      assert.deepStrictEqual(byPath(forward), byPath(backward));
    });

    it("reports a path claimed twice, naming both services and keys", () => {
      const { problems } = assignPriorities([
        { service: "orders", path: "/orders/*", key: "platform:services[0].paths[0]" },
        { service: "billing", path: "/orders/*", key: "platform:services[1].paths[0]" },
      ]);
      assert.deepStrictEqual(problems, [
        {
          key: "platform:services[1].paths[0]",
          message:
            'service "billing" claims path "/orders/*", which service "orders" already claims ' +
            "(platform:services[0].paths[0]); each path routes to one service",
        },
      ]);
    });

    it("reports two rules with one priority, naming both", () => {
      const { problems } = assignPriorities([
        { service: "orders", path: "/orders/*", key: "platform:services[0].paths[0]" },
        {
          service: "billing",
          path: "/billing/*",
          key: "platform:services[1].paths[0]",
          priority: derivedPriority("/orders/*"),
          priorityKey: "platform:services[1].priority",
        },
      ]);
      assert.deepStrictEqual(problems, [
        {
          key: "platform:services[1].priority",
          message:
            `service "billing" path "/billing/*" gets listener priority ${derivedPriority("/orders/*")}, which ` +
            'service "orders" path "/orders/*" (platform:services[0].paths[0]) already has; choose another platform:services[1].priority',
        },
      ]);
    });

    it("validates path patterns", () => {
      assert.strictEqual(pathProblem("/orders/*"), undefined);
      assert.match(pathProblem("orders")!, /starts with \//);
      assert.match(pathProblem("/a b")!, /starts with \//);
      assert.match(pathProblem(`/${"a".repeat(128)}`)!, /129 characters; a path pattern has at most 128/);
    });
  });

  describe("images", () => {
    it("parses references with a tag or a digest", () => {
      assert.deepStrictEqual(parseImageRef("ghcr.io/acme/gateway:2.3.1"), {
        registry: "ghcr.io",
        repository: "acme/gateway",
        tag: "2.3.1",
        digest: undefined,
      });
      const digest = `sha256:${"a".repeat(64)}`;
      assert.deepStrictEqual(parseImageRef(`acme/gateway@${digest}`), {
        registry: undefined,
        repository: "acme/gateway",
        tag: undefined,
        digest,
      });
      assert.deepStrictEqual(parseImageRef("localhost:5000/app:1"), {
        registry: "localhost:5000",
        repository: "app",
        tag: "1",
        digest: undefined,
      });
    });

    it("rejects a reference without a tag or digest, and malformed ones", () => {
      assert.strictEqual(
        parseImageRef("ghcr.io/acme/gateway"),
        "has no tag or digest; pin one (repository:1.4.2 or repository@sha256:<digest>) so a deployment is repeatable",
      );
      assert.match(parseImageRef("Acme/Gateway:1") as string, /is not an image reference/);
      assert.match(parseImageSource("ssm:") as string, /ssm: is followed by an SSM parameter name/);
      assert.deepStrictEqual(parseImageSource("ssm:/acme/orders/image"), {
        kind: "ssm",
        parameter: "/acme/orders/image",
      });
    });

    it("finds the ECR repository of a private ECR reference only", () => {
      assert.strictEqual(
        ecrRepositoryArn("111122223333.dkr.ecr.eu-west-1.amazonaws.com/platform/gateway:2.3.1"),
        "arn:aws:ecr:eu-west-1:111122223333:repository/platform/gateway",
      );
      assert.strictEqual(ecrRepositoryArn("ghcr.io/acme/gateway:2.3.1"), undefined);
    });
  });

  describe("secrets", () => {
    const arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:platform-dev/orders/stripe-AbCdEf";

    it("names the created secret by its full ARN, with a JSON key when one is given", () => {
      assert.strictEqual(secretValueFrom({ store: "secretsmanager", name: "stripe" }, arn), arn);
      assert.strictEqual(
        secretValueFrom({ store: "secretsmanager", name: "stripe", jsonKey: "api_key" }, arn),
        `${arn}:api_key::`,
      );
    });

    it("parses Secrets Manager references and refuses SSM parameters and other stores", () => {
      assert.deepStrictEqual(parseSecretRef("secretsmanager:db/password"), {
        store: "secretsmanager",
        name: "db/password",
      });
      assert.deepStrictEqual(parseSecretRef("secretsmanager:stripe:api_key"), {
        store: "secretsmanager",
        name: "stripe",
        jsonKey: "api_key",
      });
      assert.strictEqual(
        parseSecretRef("vault:db"),
        "expected secretsmanager:<name>[:<json key>], where <name> is relative to the service's namespace " +
          "(<namePrefix>-<env>/<service>/)",
      );
      assert.match(
        parseSecretRef("ssm:database-url") as string,
        /an SSM parameter cannot be created without a value/,
      );
    });
  });

  describe("IAM documents", () => {
    const prefixes = secretPrefixes("eu-west-1", "123456789012", "platform-dev/orders");

    it("lets the execution role pull, log and read only its own things", () => {
      const statements = executionRoleStatements({
        region: "eu-west-1",
        repositoryArns: ["arn:aws:ecr:eu-west-1:123456789012:repository/platform-dev/orders"],
        logGroupArn: "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/platform-dev/orders",
        kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/env",
        secrets: [{ store: "secretsmanager", name: "database-url" }],
        prefixes,
      });
      assert.deepStrictEqual(
        statements.map((s) => [s.Sid, s.Resource]),
        [
          ["EcrAuth", "*"],
          ["PullOwnImage", ["arn:aws:ecr:eu-west-1:123456789012:repository/platform-dev/orders"]],
          [
            "WriteOwnLogs",
            "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/platform-dev/orders:log-stream:*",
          ],
          ["ReadOwnSecrets", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:platform-dev/orders/*"],
          ["DecryptSecrets", "arn:aws:kms:eu-west-1:123456789012:key/env"],
        ],
      );
      // The key decrypts secrets only through the store that holds them.
      assert.deepStrictEqual(statements.find((s) => s.Sid === "DecryptSecrets")!.Condition, {
        StringEquals: { "kms:ViaService": ["secretsmanager.eu-west-1.amazonaws.com"] },
      });
    });

    it("gives the task role nothing when the service has no queues and no ECS Exec", () => {
      const region = "eu-west-1";
      assert.deepStrictEqual(taskRoleStatements({ region, queueArns: [], kmsKeyArn: "k" }), []);
      const withExec = taskRoleStatements({
        region,
        queueArns: ["q"],
        kmsKeyArn: "k",
        execLogGroupArn: "lg",
      });
      assert.deepStrictEqual(
        withExec.map((s) => s.Sid),
        [
          "UseOwnQueues",
          "EcsExecChannels",
          "EcsExecSessionLogs",
          "EcsExecLogGroups",
          "UseEnvironmentKeyForQueues",
          "EcsExecSessionKey",
        ],
      );
      // Queue messages are decrypted only through SQS; only the ECS Exec session key is used directly.
      assert.deepStrictEqual(withExec.find((s) => s.Sid === "UseEnvironmentKeyForQueues")!.Condition, {
        StringEquals: { "kms:ViaService": "sqs.eu-west-1.amazonaws.com" },
      });
      const queuesOnly = taskRoleStatements({ region, queueArns: ["q"], kmsKeyArn: "k" });
      assert.ok(queuesOnly.every((s) => s.Sid !== "EcsExecSessionKey"));
    });

    it("lets the scheduler run only its own family in its own cluster", () => {
      const statements = schedulerRoleStatements({
        region: "eu-west-1",
        accountId: "123456789012",
        family: "platform-dev-reports-cron",
        clusterArn: "arn:cluster",
        passRoleArns: ["arn:exec", "arn:task"],
        deadLetterArn: "arn:dlq",
        kmsKeyArn: "arn:key",
      });
      const run = statements.find((s) => s.Sid === "RunOwnTask")!;
      assert.strictEqual(
        run.Resource,
        "arn:aws:ecs:eu-west-1:123456789012:task-definition/platform-dev-reports-cron:*",
      );
      assert.deepStrictEqual(run.Condition, { ArnEquals: { "ecs:cluster": "arn:cluster" } });
      const pass = statements.find((s) => s.Sid === "PassTaskRoles")!;
      assert.deepStrictEqual(pass.Resource, ["arn:exec", "arn:task"]);
      const key = statements.find((s) => s.Sid === "EncryptDeadLetters")!;
      assert.deepStrictEqual(key.Condition, {
        StringEquals: { "kms:ViaService": "sqs.eu-west-1.amazonaws.com" },
      });
    });
  });

  describe("task definitions", () => {
    const [orders] = resolveServices(
      [
        {
          name: "orders",
          modes: ["api", "worker"],
          image: "ghcr.io/acme/orders:1.0.0",
          paths: ["/orders/*"],
          command: ["serve"],
          worker: { command: ["work"], queue: "jobs", jobTimeoutSeconds: 300 },
          queues: [{ name: "jobs" }, { name: "events" }],
        },
      ],
      { minTasks: 2, haGateway: true },
    );

    it("gives each mode its command, the api its port, and runs non-root on a read-only filesystem", () => {
      const common = {
        spec: orders,
        image: "img:1",
        environment: { B: "2", A: "1" },
        secrets: { S: "arn:s" },
        logGroupName: "/ecs/x",
        region: "eu-west-1",
        ecsExec: false,
      };
      const api = containerDefinition({ ...common, mode: "api" });
      const worker = containerDefinition({ ...common, mode: "worker" });
      assert.deepStrictEqual(api.command, ["serve"]);
      assert.deepStrictEqual(worker.command, ["work"]);
      assert.deepStrictEqual((api.portMappings as { containerPort: number }[])[0].containerPort, 8080);
      assert.deepStrictEqual(worker.portMappings, []);
      assert.strictEqual(api.user, "1000:1000");
      assert.strictEqual(api.readonlyRootFilesystem, true);
      assert.deepStrictEqual(api.environment, [
        { name: "A", value: "1" },
        { name: "B", value: "2" },
      ]);
      assert.deepStrictEqual(api.secrets, [{ name: "S", valueFrom: "arn:s" }]);
      assert.strictEqual(worker.stopTimeout, 120);
    });

    it("keeps the root filesystem read-only with a writable /tmp, unless ECS Exec (which AWS does not support on it) is on", () => {
      assert.deepStrictEqual(
        taskVolumes(orders, false).map((v) => v.containerPath),
        ["/tmp"],
      );
      assert.strictEqual(readOnlyRoot(orders, false), true);
      assert.strictEqual(readOnlyRoot(orders, true), false);
      assert.deepStrictEqual(taskVolumes(orders, true), []);
      assert.deepStrictEqual(taskVolumes({ ...orders, readonlyRootFilesystem: false }, false), []);
    });

    it("sizes the worker's queue for two attempts of its longest job", () => {
      assert.deepStrictEqual(
        orders.queues.map((q) => [q.name, q.visibilityTimeoutSeconds]),
        [
          ["jobs", 600],
          ["events", 30],
        ],
      );
      assert.strictEqual(defaultVisibilityTimeout(10), 30);
      assert.strictEqual(defaultVisibilityTimeout(40000), 43200);
    });

    it("runs a scheduled task in private subnets without a public IP, with the command override", () => {
      const request = runTaskRequest({
        clusterArn: "c",
        taskDefinitionArn: "td",
        subnetIds: ["s1"],
        securityGroupIds: ["sg"],
        capacityProviderStrategy: [{ capacityProvider: "FARGATE", base: 0, weight: 1 }],
        command: ["report"],
      });
      assert.deepStrictEqual(request.networkConfiguration, {
        awsvpcConfiguration: { subnets: ["s1"], securityGroups: ["sg"], assignPublicIp: "DISABLED" },
      });
      assert.deepStrictEqual(request.overrides, {
        containerOverrides: [{ name: "app", command: ["report"] }],
      });
    });
  });

  describe("capacity provider strategy", () => {
    it("puts the base on regular Fargate and splits the rest by the Spot share", () => {
      assert.deepStrictEqual(capacityProviderStrategy(0, 100), [
        { capacityProvider: "FARGATE_SPOT", base: 0, weight: 100 },
      ]);
      assert.deepStrictEqual(capacityProviderStrategy(2, 0), [
        { capacityProvider: "FARGATE", base: 2, weight: 100 },
      ]);
      assert.deepStrictEqual(capacityProviderStrategy(1, 50), [
        { capacityProvider: "FARGATE", base: 1, weight: 50 },
        { capacityProvider: "FARGATE_SPOT", base: 0, weight: 50 },
      ]);
      assert.throws(() => capacityProviderStrategy(0, 101), /spotPercent is 0..100; got 101/);
    });
  });
});
