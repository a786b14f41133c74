import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyJson } from "../policies";

export interface AlertTopicArgs {
  accountId: pulumi.Input<string>;
  /** The environment key: the topic is encrypted with it. */
  kmsKeyArn: pulumi.Input<string>;
  /** Email addresses subscribed to the topic (each confirms its subscription). */
  emails: string[];
}

/**
 * The environment's alert topic: encrypted with the environment key; CloudWatch alarms and EventBridge
 * rules of this account may publish to it; people subscribe by email.
 */
export class AlertTopic extends pulumi.ComponentResource {
  readonly topic: aws.sns.Topic;
  readonly arn: pulumi.Output<string>;

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

    this.registerOutputs({ topic: this.topic, arn: this.arn });
  }
}
