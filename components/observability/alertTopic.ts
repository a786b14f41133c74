import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { policyJson } from "../shared/policies";

export interface AlertTopicArgs {
  accountId: pulumi.Input<string>;
  /** The environment key: the topic is encrypted with it. */
  kmsKeyArn: pulumi.Input<string>;
  /** Email addresses subscribed to the topic (each confirms its subscription). */
  emails: string[];
  /**
   * HTTPS endpoint of a chat or paging tool (PagerDuty, Opsgenie, ...) subscribed to the topic. It must
   * confirm SNS subscriptions by itself (the subscription is created as auto-confirming) and it usually
   * embeds a credential, so pass it as a secret: it is stored as one. Default: none.
   */
  webhookUrl?: pulumi.Input<string>;
}

/**
 * SNS's retry policy for the HTTPS subscriber: 10 attempts over about 20 minutes, backing off
 * exponentially, and no more than 10 deliveries a second (a storm of alarms must not trip the tool's
 * rate limit). Within SNS's limits: numRetries <= 100, it covers the three phases, delays in 1..3600 s.
 */
export const WEBHOOK_DELIVERY_POLICY = {
  healthyRetryPolicy: {
    numRetries: 10,
    numNoDelayRetries: 0,
    minDelayTarget: 20,
    numMinDelayRetries: 2,
    maxDelayTarget: 600,
    numMaxDelayRetries: 3,
    backoffFunction: "exponential",
  },
  throttlePolicy: { maxReceivesPerSecond: 10 },
} as const;

/**
 * The environment's alert topic: encrypted with the environment key; CloudWatch alarms and EventBridge
 * rules of this account may publish to it; people subscribe by email, and a chat or paging tool by HTTPS.
 */
export class AlertTopic extends pulumi.ComponentResource {
  readonly topic: aws.sns.Topic;
  readonly arn: pulumi.Output<string>;
  readonly webhookSubscription?: aws.sns.TopicSubscription;

  constructor(name: string, args: AlertTopicArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:observability:AlertTopic", name, {}, opts);
    const parent = { parent: this };

    this.topic = new aws.sns.Topic(name, { kmsMasterKeyId: args.kmsKeyArn }, parent);
    this.arn = this.topic.arn;
    new aws.sns.TopicPolicy(
      `${name}-policy`,
      {
        arn: this.topic.arn,
        policy: policyJson([
          {
            Sid: "AlarmsAndEventsOfThisAccount",
            Effect: "Allow",
            Principal: { Service: ["cloudwatch.amazonaws.com", "events.amazonaws.com"] },
            Action: "sns:Publish",
            Resource: this.topic.arn,
            Condition: { StringEquals: { "aws:SourceAccount": args.accountId } },
          },
        ]),
      },
      parent,
    );
    args.emails.forEach(
      (email, i) =>
        new aws.sns.TopicSubscription(
          `${name}-email-${i}`,
          { topic: this.topic.arn, protocol: "email", endpoint: email },
          parent,
        ),
    );
    // The chat or paging tool.
    if (args.webhookUrl !== undefined) {
      this.webhookSubscription = new aws.sns.TopicSubscription(
        `${name}-webhook`,
        {
          topic: this.topic.arn,
          protocol: "https",
          endpoint: pulumi.secret(args.webhookUrl),
          endpointAutoConfirms: true,
          confirmationTimeoutInMinutes: 5,
          deliveryPolicy: JSON.stringify(WEBHOOK_DELIVERY_POLICY),
        },
        parent,
      );
    }

    this.registerOutputs({ topic: this.topic, arn: this.arn, webhookSubscription: this.webhookSubscription });
  }
}
