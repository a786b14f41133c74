import * as assert from "assert";

import { AlertTopic, WEBHOOK_DELIVERY_POLICY } from "../../../components/observability/alertTopic";
import { RecordedResource } from "../../../tools/engine/mockEngine";
import { SECRET_SIG, SIG_KEY } from "../../../tools/engine/wire";
import { inputs, jsonInput, ofType, runComponent } from "../../helpers/graph";

const WEBHOOK = "https://events.pagerduty.example/integration/abc123/enqueue";

async function topic(webhookUrl?: string): Promise<RecordedResource[]> {
  return (
    await runComponent(
      () =>
        new AlertTopic("alerts", {
          accountId: "123456789012",
          kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/env",
          emails: ["ops@example.com"],
          webhookUrl,
        }),
    )
  ).resources;
}

const subscriptions = (resources: RecordedResource[]): RecordedResource[] =>
  ofType(resources, "aws:sns/topicSubscription:TopicSubscription");

describe("AlertTopic webhook", () => {
  it("subscribes the paging tool over HTTPS, auto-confirming, with the endpoint stored as a secret", async () => {
    const resources = await topic(WEBHOOK);
    const hook = subscriptions(resources).find((s) => s.name === "alerts-webhook")!;
    assert.deepStrictEqual(
      [inputs(hook).protocol, inputs(hook).endpointAutoConfirms, inputs(hook).endpoint],
      ["https", true, "[secret]"],
    );
    // In wire form the endpoint is a secret envelope: Pulumi encrypts it in the state.
    assert.deepStrictEqual(hook.inputs.endpoint, { [SIG_KEY]: SECRET_SIG, value: WEBHOOK });
    assert.deepStrictEqual(jsonInput(hook, "deliveryPolicy"), WEBHOOK_DELIVERY_POLICY);
  });

  it("retries within SNS's delivery policy limits", () => {
    const p = WEBHOOK_DELIVERY_POLICY.healthyRetryPolicy;
    assert.ok(p.numRetries <= 100);
    assert.ok(p.numNoDelayRetries + p.numMinDelayRetries + p.numMaxDelayRetries <= p.numRetries);
    assert.ok(p.minDelayTarget >= 1 && p.minDelayTarget <= p.maxDelayTarget && p.maxDelayTarget <= 3600);
  });

  it("has only the email subscriptions without a webhook", async () => {
    assert.deepStrictEqual(
      subscriptions(await topic()).map((s) => inputs(s).protocol),
      ["email"],
    );
  });
});
