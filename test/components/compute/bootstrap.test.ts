/** A service in a bootstrap deploy, its image parameter missing, and the secrets it creates empty. */
import * as assert from "assert";

import { Service } from "../../../components/compute/service";
import { ServiceConfig } from "../../../components/compute/serviceSpec";
import { RecordedResource } from "../../../tools/engine/mockEngine";
import { display } from "../../../tools/engine/wire";
import { inputs, ofType, runComponent } from "../../helpers/graph";
import { serviceArgs, serviceResources, TEST_KEY, WORKLOAD_TYPES } from "../../helpers/service";

const PARAMETER = "/acme/orders/image";
const ORDERS: ServiceConfig = {
  name: "orders",
  modes: ["api", "worker", "cron"],
  image: `ssm:${PARAMETER}`,
  paths: ["/orders/*"],
  worker: { queue: "jobs" },
  queues: [{ name: "jobs" }],
  schedules: [{ name: "nightly", expression: "cron(0 3 * * ? *)" }],
  secrets: {
    DATABASE_URL: "secretsmanager:database-url",
    STRIPE_KEY: "secretsmanager:stripe:api_key",
    STRIPE_ACCOUNT: "secretsmanager:stripe:account",
  },
};
const GET_PARAMETER = "aws:ssm/getParameter:getParameter";
const MISSING =
  "service orders: ssm parameter /acme/orders/image does not exist; push the service's first image and " +
  "write its reference there, or deploy once with platform:bootstrap true";

function typesOf(resources: readonly RecordedResource[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of resources) {
    counts[r.type] = (counts[r.type] ?? 0) + 1;
  }
  return counts;
}

describe("Service: bootstrap and secrets", () => {
  it("reads no image parameter in a bootstrap deploy and holds the workload back", async () => {
    const result = await runComponent(() => new Service("orders", serviceArgs(ORDERS, { bootstrap: true })), {
      missingParameters: [PARAMETER],
    });
    assert.deepStrictEqual(
      result.invokes.filter((i) => i.token === GET_PARAMETER),
      [],
    );
    const counts = typesOf(result.resources);
    for (const type of WORKLOAD_TYPES) {
      assert.strictEqual(counts[type], undefined, `${type} is held back`);
    }
    // Everything the workload will need exists: repository, roles, queues, secrets, routing.
    for (const type of [
      "aws:ecr/repository:Repository",
      "aws:iam/role:Role",
      "aws:sqs/queue:Queue",
      "aws:secretsmanager/secret:Secret",
      "aws:ec2/securityGroup:SecurityGroup",
      "aws:lb/targetGroup:TargetGroup",
      "aws:lb/listenerRule:ListenerRule",
    ]) {
      assert.ok((counts[type] ?? 0) > 0, `${type} is created`);
    }
  });

  it("fails with the parameter and the bootstrap key when the image parameter does not exist", async () => {
    // The SDK reports it through the properties it was serializing: the message ends with ours.
    await assert.rejects(
      runComponent(() => new Service("orders", serviceArgs(ORDERS)), { missingParameters: [PARAMETER] }),
      (err: Error) => err.message.endsWith(`: ${MISSING}`) || err.message === MISSING,
    );
  });

  it("builds the workload once the key is off: the bootstrap resources stay as they were", async () => {
    // A pinned image: the bootstrap deploy's resources are exactly those of the next deploy, which adds the
    // workload. (With an ssm: image the execution policy also gains the repository the parameter points
    // into, when that is not the service's own.)
    const pinned: ServiceConfig = { ...ORDERS, image: "ghcr.io/acme/orders:1.4.2" };
    const first = await serviceResources(serviceArgs(pinned, { bootstrap: true }));
    const next = await serviceResources(serviceArgs(pinned));
    const byUrn = new Map(next.map((r) => [r.urn, r]));
    for (const r of first) {
      const later = byUrn.get(r.urn);
      assert.ok(later, `${r.urn} is kept`);
      assert.deepStrictEqual(display(later.inputs), display(r.inputs), `${r.name} does not change`);
    }
    const added = next.filter((r) => !first.some((f) => f.urn === r.urn)).map((r) => r.type);
    // The ECS services' alarms come with them; the target group's alarm and the scheduler's role exist already.
    assert.deepStrictEqual(
      [...new Set(added)].sort(),
      [...WORKLOAD_TYPES, "aws:cloudwatch/metricAlarm:MetricAlarm"].sort(),
    );
  });

  it("creates one empty secret per referenced name, with the environment key and no value", async () => {
    const resources = await serviceResources(serviceArgs(ORDERS, { protect: true }));
    const secrets = ofType(resources, "aws:secretsmanager/secret:Secret");
    assert.deepStrictEqual(
      secrets.map((s) => [inputs(s).name, inputs(s).kmsKeyId, s.protect]),
      [
        ["platform-test/orders/database-url", TEST_KEY, true],
        ["platform-test/orders/stripe", TEST_KEY, true],
      ],
    );
    assert.deepStrictEqual(ofType(resources, "aws:secretsmanager/secretVersion:SecretVersion"), []);
    for (const s of secrets) {
      assert.ok(!("secretString" in s.inputs) && !("secretBinary" in s.inputs), "no value in code or state");
    }
    // The task definitions name the created secrets, so they are registered after them.
    for (const td of ofType(resources, "aws:ecs/taskDefinition:TaskDefinition")) {
      const deps = new Set(td.propertyDependencies.containerDefinitions);
      assert.ok(
        secrets.every((s) => deps.has(s.urn)),
        `${td.name} depends on the secrets`,
      );
    }
  });
});
