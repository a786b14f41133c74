import * as assert from "assert";

import { derivedPriority } from "../../components/compute/priorities";
import { ServiceConfig } from "../../components/compute/serviceSpec";
import { RawStackConfig, validateStackConfig } from "../../stacks/config";
import { RecordedResource } from "../../tools/engine/mockEngine";
import { display } from "../../tools/engine/wire";
import { organizationKnowing, values, withOrganization } from "../helpers/config";
import { byUrn, inputs, jsonInput, ofType, stackPlan } from "../helpers/graph";

const VALID = values({ tier: "stage", domain: "stage.example.com", vpcCidr: "10.20.0.0/16" });

const GATEWAY: ServiceConfig = {
  name: "gateway",
  modes: ["api"],
  ingress: "public",
  image: "ghcr.io/acme/gateway:2.3.1",
};
const ORDERS: ServiceConfig = {
  name: "orders",
  modes: ["api", "worker"],
  image: "ssm:/acme/orders/image",
  paths: ["/orders/*"],
  worker: { queue: "jobs" },
  queues: [{ name: "jobs" }],
};

function raw(values: Record<string, string | undefined>, stack = "stage"): RawStackConfig {
  const merged = Object.fromEntries(
    Object.entries({ ...VALID, ...values }).filter(([, v]) => v !== undefined),
  ) as Record<string, string>;
  return withOrganization({ stack, region: "eu-west-1", values: merged });
}

function withServices(services: unknown[], values: Record<string, string> = {}): RawStackConfig {
  return raw({ ...values, services: JSON.stringify(services) });
}

function problems(config: RawStackConfig): string[] {
  const result = validateStackConfig(config);
  assert.ok(!result.ok, "expected the config to be rejected");
  return result.problems.map((p) => `${p.key}: ${p.message}`);
}

describe("edge and compute config", () => {
  it("accepts services and fills in the tier's edge defaults", () => {
    const result = validateStackConfig(withServices([GATEWAY, ORDERS]));
    assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
    const c = result.config;
    assert.deepStrictEqual(
      [
        c.publicHostedZone,
        c.wafRateLimit,
        c.partnerApi,
        c.albDeletionProtection,
        c.defaultMinTasks,
        c.fargateSpotPercent,
      ],
      ["create", 2000, false, false, 2, 50],
    );
    assert.deepStrictEqual(
      c.services.map((s) => s.name),
      ["gateway", "orders"],
    );
    const dev = validateStackConfig(raw({ tier: "dev" }, "dev"));
    assert.ok(dev.ok);
    assert.deepStrictEqual(dev.config.services, [], "no services unless the stack declares them");
  });

  const bad: Array<{ name: string; config: RawStackConfig; problem: string }> = [
    {
      name: "duplicate service names",
      config: withServices([GATEWAY, ORDERS, { ...ORDERS, paths: ["/other/*"] }]),
      problem:
        'platform:services[2].name: service "orders" is declared twice (also platform:services[1]); names must be unique',
    },
    {
      name: "two services claiming one path",
      config: withServices([
        ORDERS,
        { name: "billing", modes: ["api"], image: "a/b:1", paths: ["/orders/*"] },
      ]),
      problem:
        'platform:services[1].paths[0]: service "billing" claims path "/orders/*", which service "orders" already ' +
        "claims (platform:services[0].paths[0]); each path routes to one service",
    },
    {
      name: "two services with one listener priority",
      config: withServices([
        ORDERS,
        {
          name: "billing",
          modes: ["api"],
          image: "a/b:1",
          paths: ["/billing/*"],
          priority: derivedPriority("/orders/*"),
        },
      ]),
      problem:
        `platform:services[1].priority: service "billing" path "/billing/*" gets listener priority ` +
        `${derivedPriority("/orders/*")}, which service "orders" path "/orders/*" (platform:services[0].paths[0]) ` +
        "already has; choose another platform:services[1].priority",
    },
    {
      name: "an invalid schedule expression",
      config: withServices([
        {
          name: "reports",
          modes: ["cron"],
          image: "a/b:1",
          schedules: [{ name: "nightly", expression: "cron(0 3 * * *)" }],
        },
      ]),
      problem:
        'platform:services[0].schedules[0].expression: service "reports": got "cron(0 3 * * *)"; a cron expression ' +
        "has 6 fields (minutes hours day-of-month month day-of-week year), got 5",
    },
    {
      name: "an unknown mode",
      config: withServices([{ ...ORDERS, modes: ["api", "batch"] }]),
      problem:
        'platform:services[0].modes[1]: service "orders": got "batch"; allowed values: "api", "worker", "cron"',
    },
    {
      name: "a worker that scales on a queue it does not have",
      config: withServices([{ ...ORDERS, worker: { queue: "emails" } }]),
      problem:
        'platform:services[0].worker.queue: service "orders": got "emails"; the service declares no queue of that ' +
        'name (its queues: "jobs")',
    },
    {
      name: "a CPU and memory pair Fargate does not support",
      config: withServices([{ ...ORDERS, cpu: 256, memory: 4096 }]),
      problem:
        'platform:services[0].memory: service "orders": Fargate does not support cpu 256 with memory 4096; with ' +
        "cpu 256 use memory 512, 1024, 2048 (MiB)",
    },
    {
      name: "an image reference without a tag or digest",
      config: withServices([{ ...GATEWAY, image: "ghcr.io/acme/gateway" }]),
      problem:
        'platform:services[0].image: service "gateway": got "ghcr.io/acme/gateway"; has no tag or digest; pin one ' +
        "(repository:1.4.2 or repository@sha256:<digest>) so a deployment is repeatable",
    },
    {
      name: "a visibility timeout shorter than the worker's jobs",
      config: withServices([
        {
          ...ORDERS,
          worker: { queue: "jobs", jobTimeoutSeconds: 300 },
          queues: [{ name: "jobs", visibilityTimeoutSeconds: 60 }],
        },
      ]),
      problem:
        'platform:services[0].queues[0].visibilityTimeoutSeconds: service "orders": got 60; the worker\'s jobs take ' +
        "up to 300 s (worker.jobTimeoutSeconds), so messages would be delivered again while still being processed; " +
        "use at least that",
    },
    {
      name: "a single gateway task in stage",
      config: withServices([{ ...GATEWAY, minTasks: 1 }]),
      problem:
        'platform:services[0].minTasks: service "gateway": got 1; the gateway (ingress "public") runs at least 2 ' +
        "tasks across AZs in stage and prod",
    },
    {
      name: "two services on the public listener",
      config: withServices([GATEWAY, { ...GATEWAY, name: "edge2" }]),
      problem:
        'platform:services[1].ingress: service "edge2": only one service (the gateway) takes the public listener; ' +
        'service "gateway" (platform:services[0]) already does',
    },
    {
      name: "an api setting on a worker",
      config: withServices([{ name: "mailer", modes: ["worker"], image: "a/b:1", paths: ["/mail/*"] }]),
      problem:
        'platform:services[0].paths: service "mailer": is an api setting; the service\'s modes are ["worker"]',
    },
    {
      name: "a cron service without schedules",
      config: withServices([{ name: "reports", modes: ["cron"], image: "a/b:1" }]),
      problem:
        'platform:services[0].schedules: service "reports": is required in cron mode: at least one schedule (name, expression, command)',
    },
    {
      name: "an internal api without paths",
      config: withServices([{ name: "billing", modes: ["api"], image: "a/b:1" }]),
      problem:
        'platform:services[0].paths: service "billing": an api service with ingress "internal" needs 1..5 paths, for example ["/orders/*"]',
    },
    {
      name: "a root user",
      config: withServices([{ ...GATEWAY, user: "0:0" }]),
      problem:
        'platform:services[0].user: service "gateway": got "0:0"; containers run as a non-root user (uid:gid such as 1000:1000, or a name)',
    },
    {
      name: "a variable the platform sets",
      config: withServices([{ ...GATEWAY, environment: { PLATFORM_UPSTREAM_URL: "http://x" } }]),
      problem:
        'platform:services[0].environment.PLATFORM_UPSTREAM_URL: service "gateway": names starting with PLATFORM_ are set by the platform',
    },
    {
      name: "a secret that is not a reference",
      config: withServices([{ ...GATEWAY, secrets: { TOKEN: "hunter2" } }]),
      problem:
        'platform:services[0].secrets.TOKEN: service "gateway": got "hunter2"; expected ' +
        "secretsmanager:<name>[:<json key>], where <name> is relative to the service's namespace " +
        "(<namePrefix>-<env>/<service>/)",
    },
    {
      name: "a secret in SSM, which the platform cannot create empty",
      config: withServices([{ ...GATEWAY, secrets: { DATABASE_URL: "ssm:database-url" } }]),
      problem:
        'platform:services[0].secrets.DATABASE_URL: service "gateway": got "ssm:database-url"; the platform ' +
        "creates every service secret, empty, as a Secrets Manager secret whose value is set out of band; an " +
        "SSM parameter cannot be created without a value, so ssm: is not accepted. Use " +
        "secretsmanager:<name>[:<json key>], where <name> is relative to the service's namespace " +
        "(<namePrefix>-<env>/<service>/)",
    },
    {
      name: "an unknown time zone",
      config: withServices([
        {
          name: "reports",
          modes: ["cron"],
          image: "a/b:1",
          schedules: [{ name: "nightly", expression: "rate(1 day)", timezone: "Mars/Olympus" }],
        },
      ]),
      problem:
        'platform:services[0].schedules[0].timezone: service "reports": got "Mars/Olympus"; expected an IANA time zone such as Europe/Dublin',
    },
    {
      name: "a service name that does not fit physical names",
      config: withServices([{ ...GATEWAY, name: "Gateway_Service" }]),
      problem:
        "platform:services[0].name: got \"Gateway_Service\"; 2..20 of a-z, 0-9, '-', starting with a letter",
    },
    {
      name: "a hosted zone id that is not one",
      config: raw({ publicHostedZone: "zone-1" }),
      problem:
        'platform:publicHostedZone: got "zone-1"; create, or the id of an existing public hosted zone (Z...)',
    },
    {
      name: "a WAF rate limit below WAF's minimum",
      config: raw({ wafRateLimit: "5" }),
      problem: "platform:wafRateLimit: got 5; minimum is 10",
    },
    {
      name: "a domain whose Cognito prefix has a reserved word",
      config: raw({ domain: "stage.myaws.io" }),
      problem:
        'platform:domain: got "stage.myaws.io"; the Cognito domain prefix "stage-myaws-io" derived from it contains "aws", which Cognito reserves',
    },
    {
      name: "a Spot share above 100",
      config: raw({ fargateSpotPercent: "120" }),
      problem: "platform:fargateSpotPercent: got 120; maximum is 100",
    },
  ];

  for (const c of bad) {
    it(`rejects ${c.name}`, () => {
      const found = problems(c.config);
      assert.ok(found.includes(c.problem), `expected:\n  ${c.problem}\ngot:\n  ${found.join("\n  ")}`);
    });
  }

  it("reports every service problem at once", () => {
    const found = problems(
      withServices([
        { ...GATEWAY, image: "ghcr.io/acme/gateway" },
        { ...ORDERS, modes: ["api", "worker", "batch"], cpu: 256, memory: 4096 },
      ]),
    );
    assert.deepStrictEqual(
      found.map((p) => p.split(":").slice(0, 2).join(":")),
      ["platform:services[0].image", "platform:services[1].modes[2]", "platform:services[1].memory"],
    );
  });

  it("registers nothing when a service is invalid", async () => {
    const { runProgram } = await import("../../tools/engine/mockEngine");
    const { main } = await import("../../stacks/program");
    const config = Object.fromEntries(Object.entries(VALID).map(([k, v]) => [`platform:${k}`, v]));
    const result = await runProgram(main, {
      project: "platform",
      stack: "stage",
      config: {
        "aws:region": "eu-west-1",
        ...config,
        "platform:services": JSON.stringify([{ ...ORDERS, worker: { queue: "emails" } }]),
      },
      preview: true,
      stackReferences: {
        "organization/organization/organization": { ...organizationKnowing("stage", VALID) },
      },
    });
    assert.strictEqual(result.error?.name, "ConfigValidationError");
    assert.match(
      result.error.message,
      /platform:services\[0\]\.worker\.queue: service "orders": got "emails"/,
    );
    // The organization's outputs are read (a stack reference creates nothing); nothing is registered.
    assert.deepStrictEqual(
      result.resources.map((r) => r.type),
      ["pulumi:pulumi:Stack"],
    );
  });
});

/** The subnet tiers a resource's property refers to, following property dependencies. */
function tiersOf(resources: RecordedResource[], r: RecordedResource, key: string): string[] {
  const urns = byUrn(resources);
  const tiers = (r.propertyDependencies[key] ?? [])
    .map((u) => urns.get(u)!)
    .filter((x) => x.type === "aws:ec2/subnet:Subnet")
    .map((s) => (inputs(s).tags as Record<string, string>).tier);
  return [...new Set(tiers)];
}

function named(resources: RecordedResource[], type: string, name: string): RecordedResource {
  const found = ofType(resources, type).filter((r) => r.name === name);
  assert.strictEqual(found.length, 1, `${type} ${name}`);
  return found[0];
}

describe("edge and compute in the stacks", () => {
  it("routes the public listener to the gateway only, and the internal listener by path with distinct priorities", async () => {
    const { resources } = await stackPlan("prod");
    const publicHttps = named(resources, "aws:lb/listener:Listener", "public-https");
    const internalHttps = named(resources, "aws:lb/listener:Listener", "internal-https");
    const rulesOn = (listener: RecordedResource): RecordedResource[] =>
      ofType(resources, "aws:lb/listenerRule:ListenerRule").filter((r) =>
        r.propertyDependencies.listenerArn?.includes(listener.urn),
      );
    const urns = byUrn(resources);
    const describe = (rule: RecordedResource): [string[], number, string] => [
      (inputs(rule).conditions as Array<{ pathPattern: { values: string[] } }>)[0].pathPattern.values,
      inputs(rule).priority as number,
      urns.get(rule.propertyDependencies.actions[0])!.name,
    ];
    assert.deepStrictEqual(rulesOn(publicHttps).map(describe), [
      [["/*"], derivedPriority("/*"), "gateway-tg"],
    ]);
    const internal = rulesOn(internalHttps)
      .map(describe)
      .sort(([a], [b]) => a[0].localeCompare(b[0]));
    assert.deepStrictEqual(internal, [
      [["/billing/*"], derivedPriority("/billing/*"), "billing-tg"],
      [["/orders"], derivedPriority("/orders"), "orders-tg"],
      [["/orders/*"], derivedPriority("/orders/*"), "orders-tg"],
    ]);
    const priorities = internal.map(([, p]) => p);
    assert.strictEqual(new Set(priorities).size, priorities.length, "no two rules share a priority");
  });

  for (const stack of ["dev", "stage", "prod"]) {
    it(`${stack}: runs every task in the private subnets without a public IP, in the services group`, async () => {
      const { resources } = await stackPlan(stack);
      const servicesSg = named(resources, "aws:ec2/securityGroup:SecurityGroup", "network-services-sg");
      const services = ofType(resources, "aws:ecs/service:Service");
      assert.ok(services.length >= 3);
      for (const s of services) {
        const network = inputs(s).networkConfiguration as { assignPublicIp: boolean };
        assert.strictEqual(network.assignPublicIp, false, s.name);
        assert.deepStrictEqual(tiersOf(resources, s, "networkConfiguration"), ["private"], s.name);
        assert.ok(
          s.propertyDependencies.networkConfiguration.includes(servicesSg.urn),
          `${s.name} joins the services group`,
        );
      }
      const lbs = ofType(resources, "aws:lb/loadBalancer:LoadBalancer");
      assert.deepStrictEqual(
        lbs.map((lb) => [lb.name, inputs(lb).internal, tiersOf(resources, lb, "subnets")]),
        [
          ["public-alb", false, ["public"]],
          ["internal-alb", true, ["private"]],
        ],
      );
    });
  }

  it("associates the WAF with the public ALB, and nothing with the internal one", async () => {
    const { resources } = await stackPlan("stage");
    const associations = ofType(resources, "aws:wafv2/webAclAssociation:WebAclAssociation");
    const urns = byUrn(resources);
    assert.deepStrictEqual(
      associations.map((a) => urns.get(a.propertyDependencies.resourceArn[0])!.name),
      ["public-alb"],
    );
  });

  it("encrypts every queue with the environment key, and gives every input queue a dead-letter queue", async () => {
    const { resources } = await stackPlan("prod");
    const key = named(resources, "aws:kms/key:Key", "key");
    const queues = ofType(resources, "aws:sqs/queue:Queue");
    assert.deepStrictEqual(queues.map((q) => q.name).sort(), [
      // Backups: the failed-job alert's dead-letter queue.
      "backup-failed-jobs-dlq",
      // Events: the bus's, the functions' and the rules' dead-letter queues.
      "events-dlq",
      "fn-event-recorder-failures",
      "fn-order-export-failures",
      "orders-exports",
      "orders-exports-dlq",
      "orders-jobs",
      "orders-jobs-dlq",
      "orders-payment-events",
      "orders-payment-events-dlq",
      "reports-schedules-dlq",
      "rule-audit-trail-dlq",
      "rule-payment-events-dlq",
    ]);
    for (const q of queues) {
      assert.deepStrictEqual(q.propertyDependencies.kmsMasterKeyId, [key.urn], q.name);
      assert.strictEqual(q.protect, true, `${q.name} is protected in prod`);
    }
    assert.deepStrictEqual(
      named(resources, "aws:sqs/queue:Queue", "orders-jobs").propertyDependencies.redrivePolicy,
      [named(resources, "aws:sqs/queue:Queue", "orders-jobs-dlq").urn],
    );
  });

  it("tells the gateway where the internal ALB and the identity provider are", async () => {
    const { resources } = await stackPlan("dev", "up");
    const td = named(resources, "aws:ecs/taskDefinition:TaskDefinition", "gateway-api");
    const [container] = jsonInput<Array<{ environment: { name: string; value: string }[] }>>(
      td,
      "containerDefinitions",
    );
    const env = Object.fromEntries(container.environment.map((e) => [e.name, e.value]));
    assert.strictEqual(env.PLATFORM_UPSTREAM_URL, "https://internal.dev.acme-platform.com");
    assert.strictEqual(env.PLATFORM_PUBLIC_URL, "https://dev.acme-platform.com");
    assert.match(env.PLATFORM_OIDC_ISSUER, /^https:\/\/cognito-idp\.eu-west-1\.amazonaws\.com\//);
    assert.ok(env.PLATFORM_OIDC_CLIENT_ID);
    const orders = named(resources, "aws:ecs/taskDefinition:TaskDefinition", "orders-api");
    const [o] = jsonInput<Array<{ environment: { name: string }[] }>>(orders, "containerDefinitions");
    assert.ok(
      !o.environment.some((e) => e.name === "PLATFORM_UPSTREAM_URL"),
      "only the gateway gets the upstream",
    );
  });

  it("differs by tier: dev runs one task per service on Spot, prod a task per AZ on regular Fargate", async () => {
    const summary = async (stack: string): Promise<unknown> => {
      const { resources } = await stackPlan(stack);
      const gateway = named(resources, "aws:ecs/service:Service", "gateway-api");
      return [
        inputs(gateway).desiredCount,
        (inputs(gateway).capacityProviderStrategies as { capacityProvider: string }[]).map(
          (s) => s.capacityProvider,
        ),
        inputs(named(resources, "aws:lb/loadBalancer:LoadBalancer", "public-alb")).enableDeletionProtection,
        ofType(resources, "aws:apigatewayv2/api:Api").length,
      ];
    };
    assert.deepStrictEqual(await summary("dev"), [1, ["FARGATE_SPOT"], false, 0]);
    assert.deepStrictEqual(await summary("prod"), [3, ["FARGATE"], true, 1]);
  });

  it("exports what app teams and their CI need, with the partner client secret as a secret", async () => {
    const plan = await stackPlan("prod", "up");
    const outputs = display(plan.outputs) as Record<string, unknown>;
    assert.strictEqual(outputs.publicUrl, "https://prod.acme-platform.com");
    assert.strictEqual(outputs.internalUrl, "https://internal.prod.acme-platform.com");
    assert.strictEqual(outputs.partnerApiClientSecret, "[secret]");
    assert.strictEqual(
      (outputs.partnerApi as Record<string, string>).url,
      "https://partners.prod.acme-platform.com",
    );
    const services = outputs.services as Record<string, Record<string, unknown>>;
    assert.deepStrictEqual(Object.keys(services).sort(), ["billing", "gateway", "orders", "reports"]);
    assert.deepStrictEqual(services.orders.taskDefinitionFamilies, {
      api: "platform-prod-orders-api",
      worker: "platform-prod-orders-worker",
    });
    assert.strictEqual(
      services.orders.repositoryUrl,
      "210987654321.dkr.ecr.eu-west-1.amazonaws.com/platform-prod/orders",
    );
    // Events: the orders service's queues for the payment-events rule and the order-export function.
    assert.deepStrictEqual(Object.keys(services.orders.queueUrls as object), [
      "exports",
      "jobs",
      "payment-events",
    ]);
  });
});
