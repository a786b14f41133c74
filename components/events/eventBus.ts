import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { DEAD_LETTER_RETENTION_SECONDS, Queue } from "../messaging/queue";
import { AlarmThresholds } from "../shared/alarms";
import { policyJson, Statement } from "../shared/policies";

export interface EventBusArgs {
  /** Physical name of the bus ({@link eventBusName}); rules and grants name it before it exists. */
  busName: string;
  /** The member account: the only account whose principals may put events on the bus. */
  accountId: pulumi.Input<string>;
  /** Region of the bus (part of its ARN, which the policy names before the bus exists). */
  region: string;
  /** The environment key: events on the bus, the archive and the dead-letter queue are encrypted with it. */
  kmsKeyArn: pulumi.Input<string>;
  /** Days the archive keeps every event for replay (1..3653). */
  archiveRetentionDays: number;
  /** `protect` the archive and the dead-letter queue (they hold events). Default: false. */
  protect?: boolean;
  /** Where the alarms of its queues notify (SNS topic ARNs), on ALARM and OK. Default: nowhere. */
  alarmActions?: pulumi.Input<string>[];
  /** Alarm thresholds; any left out take DEFAULT_ALARM_THRESHOLDS. */
  alarmThresholds?: Partial<AlarmThresholds>;
}

/** The physical name of the environment's bus: `<namePrefix>-<env>`. */
export function eventBusName(baseName: string): string {
  return baseName;
}

/** The variable that tells a service or function the name of the environment's bus. */
export const EVENT_BUS_VARIABLE = "PLATFORM_EVENT_BUS_NAME";

/** ARN of a custom bus by its name (known before the bus exists). */
export function eventBusArn(region: string, accountId: string, busName: string): string {
  return `arn:aws:events:${region}:${accountId}:event-bus/${busName}`;
}

/**
 * The bus's resource policy: principals of the environment's account may put events (still subject to
 * their own IAM policies), and no principal of another account may, whatever it is granted elsewhere.
 */
export function eventBusPolicyStatements(
  busArn: pulumi.Input<string>,
  accountId: pulumi.Input<string>,
): Statement[] {
  return [
    {
      Sid: "AccountMayPutEvents",
      Effect: "Allow",
      Principal: { AWS: pulumi.interpolate`arn:aws:iam::${accountId}:root` },
      Action: "events:PutEvents",
      Resource: busArn,
    },
    {
      Sid: "DenyOtherAccounts",
      Effect: "Deny",
      Principal: "*",
      Action: "events:PutEvents",
      Resource: busArn,
      Condition: { StringNotEquals: { "aws:PrincipalAccount": accountId } },
    },
  ];
}

/**
 * The environment's custom event bus, for events between services: encrypted with the environment key,
 * a resource policy limited to the environment's account, an archive of every event (kept
 * `archiveRetentionDays`, encrypted) for replays, and a dead-letter queue for events EventBridge cannot
 * encrypt or decrypt. Rules on the bus are `EventRule`s.
 */
export class EventBus extends pulumi.ComponentResource {
  readonly bus: aws.cloudwatch.EventBus;
  readonly name: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;
  readonly policy: aws.cloudwatch.EventBusPolicy;
  readonly archive: aws.cloudwatch.EventArchive;
  readonly deadLetterQueue: Queue;

  constructor(name: string, args: EventBusArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:events:EventBus", name, {}, opts);
    const parent = { parent: this };
    const protect = args.protect ?? false;
    const knownArn = pulumi
      .output(args.accountId)
      .apply((account) => eventBusArn(args.region, account, args.busName));

    this.deadLetterQueue = new Queue(
      `${name}-dlq`,
      {
        kmsKeyArn: args.kmsKeyArn,
        deadLetterQueue: false,
        messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
        senders: [{ service: "events.amazonaws.com", sourceArns: [knownArn] }],
        protect,
        alarmActions: args.alarmActions,
        alarmThresholds: args.alarmThresholds,
      },
      parent,
    );
    this.bus = new aws.cloudwatch.EventBus(
      name,
      {
        name: args.busName,
        description: `Events between the services of ${args.busName}`,
        kmsKeyIdentifier: args.kmsKeyArn,
        deadLetterConfig: { arn: this.deadLetterQueue.arn },
      },
      parent,
    );
    this.name = this.bus.name;
    this.arn = this.bus.arn;

    this.policy = new aws.cloudwatch.EventBusPolicy(
      `${name}-policy`,
      { eventBusName: this.bus.name, policy: policyJson(eventBusPolicyStatements(knownArn, args.accountId)) },
      parent,
    );
    this.archive = new aws.cloudwatch.EventArchive(
      `${name}-archive`,
      {
        name: args.busName,
        description: `Every event of ${args.busName}, for replays`,
        eventSourceArn: this.bus.arn,
        retentionDays: args.archiveRetentionDays,
        kmsKeyIdentifier: args.kmsKeyArn,
      },
      { parent: this, protect },
    );

    this.registerOutputs({
      bus: this.bus,
      name: this.name,
      arn: this.arn,
      policy: this.policy,
      archive: this.archive,
      archiveName: this.archive.name,
      deadLetterQueue: this.deadLetterQueue,
      deadLetterQueueUrl: this.deadLetterQueue.url,
    });
  }
}
