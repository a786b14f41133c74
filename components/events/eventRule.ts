import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { DEAD_LETTER_RETENTION_SECONDS, Queue } from "../messaging/queue";
import { AlarmThresholds } from "../shared/alarms";

/** Where a rule delivers matching events. */
export type EventRuleTarget =
  /** An SQS queue whose policy admits this rule (`aws:SourceArn`): a service queue. */
  | { kind: "queue"; arn: pulumi.Input<string> }
  /** A Lambda function; the rule gets permission to invoke it. */
  | { kind: "function"; arn: pulumi.Input<string>; functionName: pulumi.Input<string> };

export interface EventRuleArgs {
  /** Physical name of the rule ({@link eventRuleName}); the queues it targets admit its ARN. */
  ruleName: string;
  /** The bus the rule listens on (the environment's bus). */
  eventBusName: pulumi.Input<string>;
  /** What the rule is for, shown in the console. Default: none. */
  description?: string;
  /** The event pattern, validated JSON. */
  pattern: string;
  /**
   * Targets by label (1..5); the label becomes the target id and part of child names, so keep it stable:
   * `queue-<service>-<queue>`, `function-<name>`.
   */
  targets: Record<string, EventRuleTarget>;
  /** Delivery attempts before an event goes to the dead-letter queue (0..185). */
  retryAttempts: number;
  /** Seconds EventBridge keeps trying to deliver an event (60..86400). */
  maxEventAgeSeconds: number;
  /** The environment key: the dead-letter queue is encrypted with it. */
  kmsKeyArn: pulumi.Input<string>;
  /** `protect` the dead-letter queue (it holds undelivered events). Default: false. */
  protect?: boolean;
  /** Where the alarms of its queues notify (SNS topic ARNs), on ALARM and OK. Default: nowhere. */
  alarmActions?: pulumi.Input<string>[];
  /** Alarm thresholds; any left out take DEFAULT_ALARM_THRESHOLDS. */
  alarmThresholds?: Partial<AlarmThresholds>;
}

/** `<baseName>-<rule>`: the physical name of a rule declared in config (at most 64 characters). */
export function eventRuleName(baseName: string, rule: string): string {
  return `${baseName}-${rule}`;
}

/** ARN of a rule on a custom bus (known before the rule exists). */
export function eventRuleArn(region: string, accountId: string, busName: string, ruleName: string): string {
  return `arn:aws:events:${region}:${accountId}:rule/${busName}/${ruleName}`;
}

/**
 * An EventBridge rule on the environment's bus that routes events matching a pattern to service queues
 * and functions. Each target retries within the rule's limits and then dead-letters to the rule's own
 * queue (KMS-encrypted, 14 days, writable by this rule only). Function targets get a resource policy
 * statement that lets this rule, and nothing else, invoke them.
 */
export class EventRule extends pulumi.ComponentResource {
  readonly rule: aws.cloudwatch.EventRule;
  readonly arn: pulumi.Output<string>;
  readonly deadLetterQueue: Queue;
  readonly targets: Record<string, aws.cloudwatch.EventTarget> = {};

  constructor(name: string, args: EventRuleArgs, opts?: pulumi.ComponentResourceOptions) {
    const labels = Object.keys(args.targets);
    if (labels.length < 1 || labels.length > 5) {
      throw new Error(`rule ${args.ruleName}: EventBridge takes 1..5 targets per rule, got ${labels.length}`);
    }
    super("platform:events:EventRule", name, {}, opts);
    const parent = { parent: this };

    this.rule = new aws.cloudwatch.EventRule(
      name,
      {
        name: args.ruleName,
        description: args.description,
        eventBusName: args.eventBusName,
        eventPattern: args.pattern,
        state: "ENABLED",
      },
      parent,
    );
    this.arn = this.rule.arn;

    this.deadLetterQueue = new Queue(
      `${name}-dlq`,
      {
        kmsKeyArn: args.kmsKeyArn,
        deadLetterQueue: false,
        messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
        senders: [{ service: "events.amazonaws.com", sourceArns: [this.rule.arn] }],
        protect: args.protect,
        alarmActions: args.alarmActions,
        alarmThresholds: args.alarmThresholds,
      },
      parent,
    );

    for (const [label, target] of Object.entries(args.targets)) {
      const dependsOn: pulumi.Resource[] = [];
      if (target.kind === "function") {
        dependsOn.push(
          new aws.lambda.Permission(
            `${name}-${label}-invoke`,
            {
              action: "lambda:InvokeFunction",
              function: target.functionName,
              principal: "events.amazonaws.com",
              sourceArn: this.rule.arn,
            },
            parent,
          ),
        );
      }
      this.targets[label] = new aws.cloudwatch.EventTarget(
        `${name}-${label}`,
        {
          rule: this.rule.name,
          eventBusName: args.eventBusName,
          targetId: label,
          arn: target.arn,
          retryPolicy: {
            maximumRetryAttempts: args.retryAttempts,
            maximumEventAgeInSeconds: args.maxEventAgeSeconds,
          },
          deadLetterConfig: { arn: this.deadLetterQueue.arn },
        },
        // Events delivered before the function's permission exists would only be dead-lettered.
        { parent: this, dependsOn },
      );
    }

    this.registerOutputs({
      rule: this.rule,
      arn: this.arn,
      deadLetterQueue: this.deadLetterQueue,
      deadLetterQueueUrl: this.deadLetterQueue.url,
      targets: this.targets,
      targetIds: labels,
    });
  }
}
