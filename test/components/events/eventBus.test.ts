import * as assert from "assert";

import { EventBus, eventBusArn } from "../../../components/events/eventBus";
import { EventRule, EventRuleArgs, eventRuleArn } from "../../../components/events/eventRule";
import { RecordedResource } from "../../../tools/engine/mockEngine";
import { named, physical, statements } from "../../helpers/edge";
import { inputs, jsonInput, ofType, runComponent, single } from "../../helpers/graph";

const ACCOUNT = "123456789012";
const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/env`;
const BUS_ARN = eventBusArn("eu-west-1", ACCOUNT, "platform-dev");

/** The SQS queue of a logical name (the Queue component of the same name aside). */
function sqsQueue(resources: RecordedResource[], name: string): RecordedResource {
  const found = ofType(resources, "aws:sqs/queue:Queue").filter((q) => q.name === name);
  assert.strictEqual(found.length, 1, `one queue named ${name}`);
  return found[0];
}

async function bus(protect = false): Promise<RecordedResource[]> {
  const { resources } = await runComponent(
    () =>
      new EventBus("events", {
        busName: "platform-dev",
        accountId: ACCOUNT,
        region: "eu-west-1",
        kmsKeyArn: KEY,
        archiveRetentionDays: 30,
        protect,
      }),
  );
  return resources;
}

describe("EventBus", () => {
  it("encrypts the bus with the environment key and dead-letters what it cannot encrypt", async () => {
    const resources = await bus();
    const b = single(resources, "aws:cloudwatch/eventBus:EventBus");
    assert.strictEqual(inputs(b).name, "platform-dev");
    assert.strictEqual(inputs(b).kmsKeyIdentifier, KEY);
    const dlq = sqsQueue(resources, "events-dlq");
    assert.deepStrictEqual(b.propertyDependencies.deadLetterConfig, [dlq.urn]);
    assert.strictEqual(inputs(dlq).kmsMasterKeyId, KEY);
    const policy = statements(named(resources, "events-dlq-policy"));
    assert.deepStrictEqual(policy[1], {
      Sid: "AllowSender0",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sqs:SendMessage",
      Resource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:${physical(dlq)}`,
      Condition: { ArnEquals: { "aws:SourceArn": [BUS_ARN] } },
    });
    assert.strictEqual(policy[0].Sid, "DenyInsecureTransport");
  });

  it("limits putting events to the environment's account", async () => {
    const resources = await bus();
    const policy = single(resources, "aws:cloudwatch/eventBusPolicy:EventBusPolicy");
    const b = single(resources, "aws:cloudwatch/eventBus:EventBus");
    assert.deepStrictEqual(policy.propertyDependencies.eventBusName, [b.urn]);
    assert.deepStrictEqual(jsonInput(policy, "policy"), {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AccountMayPutEvents",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
          Action: "events:PutEvents",
          Resource: BUS_ARN,
        },
        {
          Sid: "DenyOtherAccounts",
          Effect: "Deny",
          Principal: "*",
          Action: "events:PutEvents",
          Resource: BUS_ARN,
          Condition: { StringNotEquals: { "aws:PrincipalAccount": ACCOUNT } },
        },
      ],
    });
  });

  it("archives every event, encrypted, for the tier's period, protected where the tier says", async () => {
    const resources = await bus(true);
    const archive = single(resources, "aws:cloudwatch/eventArchive:EventArchive");
    const b = single(resources, "aws:cloudwatch/eventBus:EventBus");
    assert.deepStrictEqual(archive.propertyDependencies.eventSourceArn, [b.urn]);
    assert.strictEqual(inputs(archive).retentionDays, 30);
    assert.strictEqual(inputs(archive).kmsKeyIdentifier, KEY);
    assert.strictEqual(inputs(archive).eventPattern, undefined, "no filter: every event");
    assert.strictEqual(archive.protect, true);
    assert.strictEqual(sqsQueue(resources, "events-dlq").protect, true);
    assert.strictEqual((await bus(false)).find((r) => r.name === "events-archive")!.protect, false);
  });
});

describe("EventRule", () => {
  const QUEUE = `arn:aws:sqs:eu-west-1:${ACCOUNT}:orders-payments`;
  const FUNCTION = `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:platform-dev-event-recorder`;
  const ARGS: EventRuleArgs = {
    ruleName: "platform-dev-audit",
    eventBusName: "platform-dev",
    pattern: '{"source":["acme.orders"]}',
    targets: {
      "queue-orders-payments": { kind: "queue", arn: QUEUE },
      "function-event-recorder": {
        kind: "function",
        arn: FUNCTION,
        functionName: "platform-dev-event-recorder",
      },
    },
    retryAttempts: 185,
    maxEventAgeSeconds: 3600,
    kmsKeyArn: KEY,
  };

  async function rule(args: Partial<EventRuleArgs> = {}): Promise<RecordedResource[]> {
    const { resources } = await runComponent(() => new EventRule("rule-audit", { ...ARGS, ...args }));
    return resources;
  }

  it("matches the pattern on the environment's bus under its fixed name", async () => {
    const r = single(await rule(), "aws:cloudwatch/eventRule:EventRule");
    assert.deepStrictEqual(
      [inputs(r).name, inputs(r).eventBusName, inputs(r).eventPattern, inputs(r).state],
      ["platform-dev-audit", "platform-dev", '{"source":["acme.orders"]}', "ENABLED"],
    );
    // The ARN the services' queues admit before the rule exists: the format EventBridge gives rules on a custom bus.
    assert.strictEqual(
      eventRuleArn("eu-west-1", ACCOUNT, "platform-dev", "platform-dev-audit"),
      "arn:aws:events:eu-west-1:123456789012:rule/platform-dev/platform-dev-audit",
    );
  });

  it("delivers to each target with retries, then to the rule's own dead-letter queue", async () => {
    const resources = await rule();
    const r = single(resources, "aws:cloudwatch/eventRule:EventRule");
    const dlq = sqsQueue(resources, "rule-audit-dlq");
    const targets = ofType(resources, "aws:cloudwatch/eventTarget:EventTarget");
    assert.deepStrictEqual(
      targets.map((t) => [inputs(t).targetId, inputs(t).arn]),
      [
        ["queue-orders-payments", QUEUE],
        ["function-event-recorder", FUNCTION],
      ],
    );
    for (const t of targets) {
      assert.deepStrictEqual(t.propertyDependencies.rule, [r.urn]);
      assert.deepStrictEqual(t.propertyDependencies.deadLetterConfig, [dlq.urn], `${t.name} dead-letters`);
      assert.deepStrictEqual(inputs(t).retryPolicy, {
        maximumRetryAttempts: 185,
        maximumEventAgeInSeconds: 3600,
      });
      assert.strictEqual(inputs(t).eventBusName, "platform-dev");
    }
    assert.strictEqual(inputs(dlq).kmsMasterKeyId, KEY);
    assert.strictEqual(inputs(dlq).messageRetentionSeconds, 1209600);
    assert.strictEqual(inputs(dlq).redrivePolicy, undefined, "a dead-letter queue has none of its own");
  });

  it("lets only this rule write to its dead-letter queue", async () => {
    const resources = await rule();
    const r = single(resources, "aws:cloudwatch/eventRule:EventRule");
    const policy = named(resources, "rule-audit-dlq-policy");
    assert.ok(policy.propertyDependencies.policy.includes(r.urn), "the policy names the rule's ARN");
    const [deny, allow] = statements(policy);
    assert.strictEqual(deny.Effect, "Deny");
    assert.deepStrictEqual(allow.Condition, {
      ArnEquals: {
        "aws:SourceArn": ["arn:aws:events:eu-west-1:123456789012:rule/platform-dev/platform-dev-audit"],
      },
    });
    assert.deepStrictEqual(allow.Principal, { Service: "events.amazonaws.com" });
  });

  it("lets the rule, and only the rule, invoke a function target, before the target exists", async () => {
    const resources = await rule();
    const r = single(resources, "aws:cloudwatch/eventRule:EventRule");
    const permission = single(resources, "aws:lambda/permission:Permission");
    assert.deepStrictEqual(
      [inputs(permission).action, inputs(permission).principal, inputs(permission).function],
      ["lambda:InvokeFunction", "events.amazonaws.com", "platform-dev-event-recorder"],
    );
    assert.deepStrictEqual(permission.propertyDependencies.sourceArn, [r.urn]);
    const target = named(resources, "rule-audit-function-event-recorder");
    assert.ok(target.dependencies.includes(permission.urn), "the target waits for the permission");
    const queueTarget = named(resources, "rule-audit-queue-orders-payments");
    assert.ok(!queueTarget.dependencies.includes(permission.urn));
  });

  it("refuses more targets than EventBridge takes", async () => {
    const many = Object.fromEntries(
      [1, 2, 3, 4, 5, 6].map((i) => [`queue-${i}`, { kind: "queue" as const, arn: `${QUEUE}${i}` }]),
    );
    await assert.rejects(rule({ targets: many }), /EventBridge takes 1..5 targets per rule, got 6/);
  });
});
