/** The service module's part of the events: grants on tables and the bus, queues fed by rules. */
import * as assert from "assert";

import { ServiceArgs, ServiceEventAccess } from "../../../components/compute/service";
import { taskRoleStatements } from "../../../components/compute/servicePolicies";
import { ServiceConfig } from "../../../components/compute/serviceSpec";
import { RecordedResource } from "../../../tools/engine/mockEngine";
import { named, PolicyStatement, statements } from "../../helpers/edge";
import { jsonInput, ofType } from "../../helpers/graph";
import { serviceArgs, serviceResources, TEST_ACCOUNT, TEST_KEY } from "../../helpers/service";

const ACCOUNT = TEST_ACCOUNT;
const KEY = TEST_KEY;
const CARTS = `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/platform-test-carts`;
const LOG = `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/platform-test-event-log`;
const BUS = `arn:aws:events:eu-west-1:${ACCOUNT}:event-bus/platform-test`;
const RULE = `arn:aws:events:eu-west-1:${ACCOUNT}:rule/platform-test/platform-test-payment-events`;

const WORKER: ServiceConfig = {
  name: "orders",
  modes: ["worker"],
  image: "ghcr.io/acme/orders:1.0.0",
  worker: { queue: "jobs" },
  queues: [{ name: "jobs" }, { name: "payment-events" }],
};

const args = (events?: ServiceEventAccess): ServiceArgs =>
  serviceArgs(WORKER, { subnetIds: ["subnet-private-a"], events }, { minTasks: 1, haGateway: false });

const service = (events?: ServiceEventAccess): Promise<RecordedResource[]> => serviceResources(args(events));

const ACCESS: ServiceEventAccess = {
  tables: [{ arn: CARTS, access: "readWrite" }],
  eventBusArn: BUS,
  queueEventRules: { "payment-events": [RULE] },
  environment: { PLATFORM_TABLE_CARTS_NAME: "platform-test-carts", PLATFORM_EVENT_BUS_NAME: "platform-test" },
  stores: [],
};

describe("Service: events", () => {
  it("gives the task role exactly the tables and the bus it names", async () => {
    const policy = statements(named(await service(ACCESS), "orders-task-policy"));
    const tables = policy.filter((s) => [s.Action].flat().some((a) => a.startsWith("dynamodb:")));
    assert.deepStrictEqual(
      tables.map((s) => [s.Sid, s.Resource]),
      [["ReadWriteTables", [CARTS, `${CARTS}/index/*`]]],
    );
    const put = policy.filter((s) => [s.Action].flat().some((a) => a.startsWith("events:")));
    assert.deepStrictEqual(put, [
      { Sid: "PutEventsOnBus", Effect: "Allow", Action: "events:PutEvents", Resource: BUS },
    ]);
  });

  it("grants no table and no bus without them", async () => {
    const policy = statements(named(await service(), "orders-task-policy"));
    assert.ok(
      !policy.some((s) => [s.Action].flat().some((a) => /^(dynamodb|events):/.test(a))),
      "nothing beyond the queues",
    );
    const readOnly: PolicyStatement[] = taskRoleStatements({
      region: "eu-west-1",
      queueArns: [],
      kmsKeyArn: KEY,
      tables: [{ arn: LOG, access: "read" }],
    }) as PolicyStatement[];
    assert.deepStrictEqual(
      readOnly.map((s) => s.Sid),
      ["ReadTables"],
      "a service with only a read grant gets only that statement",
    );
  });

  it("creates a task policy for a service whose only grant is a table", async () => {
    const noQueues: ServiceConfig = { name: "reader", modes: ["worker"], image: "ghcr.io/acme/reader:1.0.0" };
    const resources = await serviceResources(
      serviceArgs(
        noQueues,
        {
          events: {
            tables: [{ arn: LOG, access: "read" }],
            queueEventRules: {},
            environment: {},
            stores: [],
          },
        },
        { minTasks: 1, haGateway: false },
      ),
    );
    assert.deepStrictEqual(
      statements(named(resources, "reader-task-policy")).map((s) => [s.Sid, s.Resource]),
      [["ReadTables", [LOG, `${LOG}/index/*`]]],
    );
    const svc = ofType(resources, "aws:ecs/service:Service")[0];
    assert.ok(
      svc.dependencies.includes(named(resources, "reader-task-policy").urn),
      "tasks start once their grant exists",
    );
  });

  it("lets only the rules that target a queue send to it", async () => {
    const resources = await service(ACCESS);
    const fed = statements(named(resources, "orders-payment-events-policy"));
    assert.deepStrictEqual(
      fed.map((s) => s.Sid),
      ["DenyInsecureTransport", "AllowSender0"],
    );
    assert.deepStrictEqual(fed[1].Principal, { Service: "events.amazonaws.com" });
    assert.deepStrictEqual(fed[1].Condition, { ArnEquals: { "aws:SourceArn": [RULE] } });
    const jobs = statements(named(resources, "orders-jobs-policy"));
    assert.deepStrictEqual(
      jobs.map((s) => s.Sid),
      ["DenyInsecureTransport"],
      "a queue no rule targets admits no service",
    );
  });

  it("tells the containers the names of their tables and of the bus", async () => {
    const td = ofType(await service(ACCESS), "aws:ecs/taskDefinition:TaskDefinition")[0];
    const [container] = jsonInput<Array<{ environment: { name: string; value: string }[] }>>(
      td,
      "containerDefinitions",
    );
    const env = Object.fromEntries(container.environment.map((e) => [e.name, e.value]));
    assert.strictEqual(env.PLATFORM_TABLE_CARTS_NAME, "platform-test-carts");
    assert.strictEqual(env.PLATFORM_EVENT_BUS_NAME, "platform-test");
  });
});
