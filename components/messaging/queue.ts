import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { AlarmThresholds, createAlarms, resolveThresholds } from "../shared/alarms";
import { queueAlarms } from "../shared/alarmSets";
import { policyJson, Statement } from "../shared/policies";

export interface QueueArgs {
  /** The environment key: the queue (and its dead-letter queue) are encrypted with it (SSE-KMS). */
  kmsKeyArn: pulumi.Input<string>;
  /**
   * Seconds a received message stays invisible to other consumers (0..43200). Must cover the longest a
   * consumer takes to process one message, or the message is delivered again while still in work.
   * Default: 30.
   */
  visibilityTimeoutSeconds?: number;
  /** Seconds a message is kept (60..1209600). Default: 4 days. */
  messageRetentionSeconds?: number;
  /**
   * Receives after which a message moves to the dead-letter queue (1..1000). Default: 5. Ignored with
   * `deadLetterQueue: false`.
   */
  maxReceiveCount?: number;
  /**
   * Give the queue a dead-letter queue (kept 14 days, redrive allowed from this queue only). Default: true.
   * Set false only for a queue that is itself a dead-letter target (of a schedule, for example).
   */
  deadLetterQueue?: boolean;
  /** Mark the queues `protect` (they hold messages). Default: false. */
  protect?: boolean;
  /**
   * Where the queue's alarms notify (SNS topic ARNs), on ALARM and OK: the age of its oldest message and
   * any message in its dead-letter queue (or in itself, with `deadLetterQueue: false`). Default: nowhere
   * (the environment wires them to its alert topic).
   */
  alarmActions?: pulumi.Input<string>[];
  /** Alarm thresholds (`queueAgeSeconds`); the rest is ignored. Default: DEFAULT_ALARM_THRESHOLDS. */
  alarmThresholds?: Partial<AlarmThresholds>;
  /**
   * AWS services that may send to the queue (not to its dead-letter queue), each on behalf of the listed
   * resources only (`aws:SourceArn`): EventBridge rules that target the queue, for example. Default: none.
   */
  senders?: QueueSender[];
}

/** An AWS service allowed to send to a queue, for the given source resources only. */
export interface QueueSender {
  /** Service principal, such as `events.amazonaws.com`. */
  service: string;
  /** ARNs of the resources (rules, buses, schedules) the service may send for; at least one. */
  sourceArns: pulumi.Input<string>[];
}

/** Lets a service principal send to the queue, only for the given source ARNs (confused-deputy guard). */
export function allowQueueSender(
  queueArn: pulumi.Input<string>,
  sender: QueueSender,
  index: number,
): Statement {
  return {
    Sid: `AllowSender${index}`,
    Effect: "Allow",
    Principal: { Service: sender.service },
    Action: "sqs:SendMessage",
    Resource: queueArn,
    Condition: { ArnEquals: { "aws:SourceArn": sender.sourceArns } },
  };
}

/** Fourteen days, the longest SQS keeps a message: dead letters wait for someone to look at them. */
export const DEAD_LETTER_RETENTION_SECONDS = 1209600;

/** Denies every SQS action on the queue that is not made over TLS. */
export function denyInsecureQueueTransport(queueArn: pulumi.Input<string>): Statement {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "sqs:*",
    Resource: queueArn,
    Condition: { Bool: { "aws:SecureTransport": false } },
  };
}

/**
 * An SQS standard queue with the platform's defaults: SSE-KMS with the environment key, long polling, a
 * policy that denies non-TLS access, and a dead-letter queue (same encryption and policy, 14 days
 * retention) that receives a message after `maxReceiveCount` failed receives. The dead-letter queue accepts
 * redrives from this queue only.
 */
export class Queue extends pulumi.ComponentResource {
  readonly queue: aws.sqs.Queue;
  readonly arn: pulumi.Output<string>;
  readonly url: pulumi.Output<string>;
  readonly queueName: pulumi.Output<string>;
  readonly deadLetterQueue?: aws.sqs.Queue;
  readonly deadLetterArn?: pulumi.Output<string>;
  readonly deadLetterUrl?: pulumi.Output<string>;
  readonly alarms: aws.cloudwatch.MetricAlarm[];

  constructor(name: string, args: QueueArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:messaging:Queue", name, {}, opts);
    const stateful = { parent: this, protect: args.protect ?? false };
    const encryption = { kmsMasterKeyId: args.kmsKeyArn, kmsDataKeyReusePeriodSeconds: 300 };

    if (args.deadLetterQueue ?? true) {
      this.deadLetterQueue = new aws.sqs.Queue(
        `${name}-dlq`,
        { ...encryption, messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS },
        stateful,
      );
      this.deadLetterArn = this.deadLetterQueue.arn;
      this.deadLetterUrl = this.deadLetterQueue.url;
    }
    this.queue = new aws.sqs.Queue(
      name,
      {
        ...encryption,
        visibilityTimeoutSeconds: args.visibilityTimeoutSeconds ?? 30,
        messageRetentionSeconds: args.messageRetentionSeconds ?? 345600,
        receiveWaitTimeSeconds: 20,
        redrivePolicy: this.deadLetterQueue
          ? pulumi.jsonStringify({
              deadLetterTargetArn: this.deadLetterQueue.arn,
              maxReceiveCount: args.maxReceiveCount ?? 5,
            })
          : undefined,
      },
      stateful,
    );
    this.arn = this.queue.arn;
    this.url = this.queue.url;
    this.queueName = this.queue.name;

    new aws.sqs.QueuePolicy(
      `${name}-policy`,
      {
        queueUrl: this.queue.url,
        policy: policyJson([
          denyInsecureQueueTransport(this.queue.arn),
          ...(args.senders ?? []).map((sender, i) => allowQueueSender(this.queue.arn, sender, i)),
        ]),
      },
      { parent: this },
    );
    if (this.deadLetterQueue) {
      new aws.sqs.QueuePolicy(
        `${name}-dlq-policy`,
        {
          queueUrl: this.deadLetterQueue.url,
          policy: policyJson([denyInsecureQueueTransport(this.deadLetterQueue.arn)]),
        },
        { parent: this },
      );
      new aws.sqs.RedriveAllowPolicy(
        `${name}-dlq-redrive-allow`,
        {
          queueUrl: this.deadLetterQueue.url,
          redriveAllowPolicy: pulumi.jsonStringify({
            redrivePermission: "byQueue",
            sourceQueueArns: [this.queue.arn],
          }),
        },
        { parent: this },
      );
    }

    // A queue without a dead-letter queue is itself a dead-letter target: any message in it is a failure.
    const thresholds = resolveThresholds(args.alarmThresholds);
    const deadLetterTarget = (args.deadLetterQueue ?? true) === false;
    this.alarms = createAlarms(
      this,
      name,
      [
        ...queueAlarms(
          { label: `Queue ${name}`, queueName: this.queue.name, deadLetter: deadLetterTarget },
          thresholds,
        ),
        ...(this.deadLetterQueue
          ? queueAlarms(
              {
                label: `Dead-letter queue of ${name}`,
                queueName: this.deadLetterQueue.name,
                deadLetter: true,
              },
              thresholds,
            ).map((a) => ({ ...a, suffix: `dlq-${a.suffix}` }))
          : []),
      ],
      args.alarmActions,
    );

    this.registerOutputs({
      queue: this.queue,
      arn: this.arn,
      url: this.url,
      queueName: this.queueName,
      deadLetterQueue: this.deadLetterQueue,
      deadLetterArn: this.deadLetterArn,
      deadLetterUrl: this.deadLetterUrl,
      alarms: this.alarms,
    });
  }
}
