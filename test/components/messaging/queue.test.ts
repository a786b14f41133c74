import * as assert from "assert";

import { Queue } from "../../../components/messaging/queue";
import { RecordedResource } from "../../../tools/engine/mockEngine";
import { physical } from "../../helpers/edge";
import { inputs, jsonInput, ofType, propertyDeps, runComponent } from "../../helpers/graph";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/env";

interface Policy {
  Statement: Array<{
    Effect: string;
    Principal: string;
    Action: string;
    Condition: unknown;
    Resource: string;
  }>;
}

async function queue(
  args: Partial<ConstructorParameters<typeof Queue>[1]> = {},
): Promise<RecordedResource[]> {
  const result = await runComponent(() => new Queue("jobs", { kmsKeyArn: KEY, ...args }));
  return result.resources;
}

describe("Queue", () => {
  it("encrypts the queue and its dead-letter queue with the environment key", async () => {
    const resources = await queue();
    const queues = ofType(resources, "aws:sqs/queue:Queue");
    assert.deepStrictEqual(
      queues.map((q) => q.name),
      ["jobs-dlq", "jobs"],
    );
    for (const q of queues) {
      assert.strictEqual(inputs(q).kmsMasterKeyId, KEY, q.name);
      assert.notStrictEqual(inputs(q).sqsManagedSseEnabled, true);
    }
  });

  it("redrives to the dead-letter queue after maxReceiveCount receives, and the DLQ accepts only this queue", async () => {
    const resources = await queue({ maxReceiveCount: 3, visibilityTimeoutSeconds: 240 });
    const [dlq, main] = ofType(resources, "aws:sqs/queue:Queue");
    assert.deepStrictEqual(jsonInput(main, "redrivePolicy"), {
      deadLetterTargetArn: `arn:aws:sqs:eu-west-1:123456789012:${physical(dlq)}`,
      maxReceiveCount: 3,
    });
    assert.deepStrictEqual(propertyDeps(resources, main, "redrivePolicy"), [dlq]);
    assert.strictEqual(inputs(main).visibilityTimeoutSeconds, 240);
    assert.strictEqual(inputs(dlq).messageRetentionSeconds, 1209600);
    const allow = ofType(resources, "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy")[0];
    assert.deepStrictEqual(propertyDeps(resources, allow, "queueUrl"), [dlq]);
    assert.deepStrictEqual(jsonInput(allow, "redriveAllowPolicy"), {
      redrivePermission: "byQueue",
      sourceQueueArns: [`arn:aws:sqs:eu-west-1:123456789012:${physical(main)}`],
    });
  });

  it("denies non-TLS access to both queues", async () => {
    const resources = await queue();
    const policies = ofType(resources, "aws:sqs/queuePolicy:QueuePolicy");
    assert.strictEqual(policies.length, 2);
    const covered = policies.flatMap((p) => propertyDeps(resources, p, "queueUrl").map((q) => q.name)).sort();
    assert.deepStrictEqual(covered, ["jobs", "jobs-dlq"]);
    for (const p of policies) {
      const [statement] = jsonInput<Policy>(p, "policy").Statement;
      assert.deepStrictEqual(
        {
          effect: statement.Effect,
          principal: statement.Principal,
          action: statement.Action,
          condition: statement.Condition,
        },
        {
          effect: "Deny",
          principal: "*",
          action: "sqs:*",
          condition: { Bool: { "aws:SecureTransport": false } },
        },
      );
    }
  });

  it("makes a plain dead-letter target without a queue of its own, and protects queues when asked", async () => {
    const resources = await queue({ deadLetterQueue: false, protect: true });
    const queues = ofType(resources, "aws:sqs/queue:Queue");
    assert.deepStrictEqual(
      queues.map((q) => q.name),
      ["jobs"],
    );
    assert.strictEqual(inputs(queues[0]).redrivePolicy, undefined);
    assert.strictEqual(queues[0].protect, true);
    assert.strictEqual(ofType(resources, "aws:sqs/queuePolicy:QueuePolicy").length, 1);
  });
});
