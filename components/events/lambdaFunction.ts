import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { TableAccess } from "../data/tableSpec";
import { DEAD_LETTER_RETENTION_SECONDS, Queue } from "../messaging/queue";
import { AlarmThresholds, createAlarms } from "../shared/alarms";
import { lambdaFunctionAlarms } from "../shared/alarmSets";
import { encryptedLogGroup } from "../shared/logGroup";
import { serviceTrustPolicy } from "../shared/policies";
import { Architecture } from "./eventsSchema";
import { FunctionScheduleSpec } from "./eventsSpec";
import {
  executionRoleStatements,
  lambdaTrustPolicy,
  scheduledEventInput,
  schedulerRoleStatements,
} from "./functionPolicies";

/** Where the function's code comes from. */
export type LambdaCode =
  /** A zip archive the program packages (the functions of this repository). */
  | { kind: "archive"; archive: pulumi.asset.Archive; runtime: string; handler: string }
  /** A zip object in S3, in the function's Region. */
  | { kind: "s3"; bucket: string; key: string; version?: string; runtime: string; handler: string }
  /** A container image in ECR (a service's repository). */
  | { kind: "image"; imageUri: pulumi.Input<string> };

/** The SQS queue that triggers the function (an event source mapping). */
export interface LambdaQueueTrigger {
  queueArn: pulumi.Input<string>;
  /** Messages per invocation (1..10000). */
  batchSize: number;
  /** Seconds to gather a batch (0..300); at least 1 with a batch above 10. */
  maxBatchingWindowSeconds: number;
  /** The handler returns `batchItemFailures`, so that only failed messages return to the queue. */
  reportBatchItemFailures: boolean;
}

export interface LambdaFunctionArgs {
  /** Physical name ({@link functionPhysicalName}); rules, schedules and the log group name it. */
  functionName: string;
  /** What the function does, shown in the console. Default: none. */
  description?: string;
  /** The code: a zip archive packaged by the program, a zip object in S3, or a container image. */
  code: LambdaCode;
  /** Instruction set: `arm64` (Graviton) or `x86_64`; an image must be built for it. */
  architecture: Architecture;
  /** Memory in MB (128..10240); CPU scales with it. */
  memory: number;
  /** Seconds an invocation may run (1..900); at most its trigger queue's visibility timeout. */
  timeout: number;
  /** Concurrency reserved for (and limiting) the function. Default: none (the account's unreserved pool). */
  reservedConcurrency?: number;
  /** Environment variables, encrypted at rest with `kmsKeyArn`. */
  environment: Record<string, pulumi.Input<string>>;
  /** The member account (the scheduler role's confused-deputy guard and the scheduled event's account). */
  accountId: pulumi.Input<string>;
  /** Region of the function (KMS conditions name the SQS endpoint of the Region). */
  region: string;
  /** Private subnets the function's network interfaces are placed in (one per AZ). */
  subnetIds: pulumi.Input<string>[];
  /** Security groups of the function: the services group, so that stores admit it. */
  securityGroupIds: pulumi.Input<string>[];
  /** The environment key: environment variables, logs and the failure queue are encrypted with it. */
  kmsKeyArn: pulumi.Input<string>;
  /** Retention of the function's log group, in days (a value CloudWatch accepts). */
  logRetentionDays: number;
  /** DynamoDB tables the function may use. Default: none. */
  tables?: { arn: pulumi.Input<string>; access: TableAccess }[];
  /** The bus the function may put events on. Default: none. */
  eventBusArn?: pulumi.Input<string>;
  /** The SQS queue that triggers the function. Default: none. */
  queueTrigger?: LambdaQueueTrigger;
  /** EventBridge Scheduler schedules that invoke the function. Default: none. */
  schedules?: FunctionScheduleSpec[];
  /** Resources the code needs before the function is created (an ECR repository policy). Default: none. */
  codeDependsOn?: pulumi.Resource[];
  /** `protect` the failure queue (it holds failed events). Default: false. */
  protect?: boolean;
  /**
   * Where the function's alarms notify (SNS topic ARNs), on ALARM and OK: errors, throttles (with
   * reserved concurrency) and any message in its failure queue. Default: nowhere.
   */
  alarmActions?: pulumi.Input<string>[];
  /** Alarm thresholds; any left out take DEFAULT_ALARM_THRESHOLDS. */
  alarmThresholds?: Partial<AlarmThresholds>;
}

/** `<baseName>-<function>`: the physical name of a function declared in config (at most 64 characters). */
export function functionPhysicalName(baseName: string, fn: string): string {
  return `${baseName}-${fn}`;
}

/** ARN of a function by its name (known before the function exists). */
export function functionArn(region: string, accountId: string, functionName: string): string {
  return `arn:aws:lambda:${region}:${accountId}:function:${functionName}`;
}

/** Attempts and age limits of asynchronous invocations (rules and schedules invoke asynchronously). */
export const ASYNC_INVOKE = { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 21600 } as const;

/**
 * A Lambda function of the environment: in the private subnets as a member of the services security group,
 * environment variables encrypted with the environment key, JSON logs to its own KMS-encrypted log group
 * with retention, an execution role limited to its own resources and grants, and a failure queue that
 * receives asynchronous invocations (from rules and schedules) that still fail after Lambda's retries.
 * Triggers: EventBridge Scheduler schedules (which dead-letter to the same queue), an SQS queue (event
 * source mapping), and EventBridge rules (`EventRule` targets).
 */
export class LambdaFunction extends pulumi.ComponentResource {
  readonly function: aws.lambda.Function;
  readonly functionName: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;
  readonly role: aws.iam.Role;
  readonly logGroup: aws.cloudwatch.LogGroup;
  readonly failureQueue: Queue;
  readonly eventSourceMapping?: aws.lambda.EventSourceMapping;
  readonly schedules: aws.scheduler.Schedule[] = [];
  readonly alarms: aws.cloudwatch.MetricAlarm[];

  constructor(name: string, args: LambdaFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:events:LambdaFunction", name, {}, opts);
    const parent = { parent: this };

    this.logGroup = encryptedLogGroup(
      `${name}-logs`,
      {
        logGroupName: `/aws/lambda/${args.functionName}`,
        retentionInDays: args.logRetentionDays,
        kmsKeyArn: args.kmsKeyArn,
      },
      parent,
    );
    this.failureQueue = new Queue(
      `${name}-failures`,
      {
        kmsKeyArn: args.kmsKeyArn,
        deadLetterQueue: false,
        messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
        protect: args.protect,
        alarmActions: args.alarmActions,
        alarmThresholds: args.alarmThresholds,
      },
      parent,
    );
    this.role = new aws.iam.Role(
      `${name}-role`,
      {
        description: `What the function ${args.functionName} may do`,
        assumeRolePolicy: lambdaTrustPolicy(),
      },
      parent,
    );
    const tables = args.tables ?? [];
    const rolePolicy = new aws.iam.RolePolicy(
      `${name}-policy`,
      {
        role: this.role.id,
        policy: pulumi
          .all([
            this.logGroup.arn,
            this.failureQueue.arn,
            args.kmsKeyArn,
            args.queueTrigger?.queueArn,
            pulumi.all(tables.map((t) => t.arn)),
            args.eventBusArn,
          ])
          .apply(([logGroupArn, failureQueueArn, kmsKeyArn, triggerQueueArn, tableArns, eventBusArn]) =>
            JSON.stringify({
              Version: "2012-10-17",
              Statement: executionRoleStatements({
                region: args.region,
                logGroupArn,
                failureQueueArn,
                kmsKeyArn,
                triggerQueueArn,
                tables: tables.map((t, i) => ({ arn: tableArns[i], access: t.access })),
                eventBusArn,
              }),
            }),
          ),
      },
      parent,
    );

    const code = args.code;
    const codeArgs: Partial<aws.lambda.FunctionArgs> =
      code.kind === "image"
        ? { packageType: "Image", imageUri: code.imageUri }
        : code.kind === "s3"
          ? {
              packageType: "Zip",
              s3Bucket: code.bucket,
              s3Key: code.key,
              s3ObjectVersion: code.version,
              runtime: code.runtime,
              handler: code.handler,
            }
          : { packageType: "Zip", code: code.archive, runtime: code.runtime, handler: code.handler };
    this.function = new aws.lambda.Function(
      name,
      {
        name: args.functionName,
        description: args.description,
        role: this.role.arn,
        ...codeArgs,
        architectures: [args.architecture],
        memorySize: args.memory,
        timeout: args.timeout,
        reservedConcurrentExecutions: args.reservedConcurrency,
        environment: { variables: args.environment },
        kmsKeyArn: args.kmsKeyArn,
        vpcConfig: { subnetIds: args.subnetIds, securityGroupIds: args.securityGroupIds },
        loggingConfig: {
          logFormat: "JSON",
          logGroup: this.logGroup.name,
          applicationLogLevel: "INFO",
          systemLogLevel: "INFO",
        },
      },
      // Creating a VPC function checks that its role may manage network interfaces: the policy comes first.
      { parent: this, dependsOn: [rolePolicy, ...(args.codeDependsOn ?? [])] },
    );
    this.functionName = this.function.name;
    this.arn = this.function.arn;

    // Rules and schedules invoke asynchronously: what still fails after the retries lands in the failure queue.
    new aws.lambda.FunctionEventInvokeConfig(
      `${name}-async`,
      {
        functionName: this.function.name,
        ...ASYNC_INVOKE,
        destinationConfig: { onFailure: { destination: this.failureQueue.arn } },
      },
      parent,
    );

    const trigger = args.queueTrigger;
    if (trigger !== undefined) {
      this.eventSourceMapping = new aws.lambda.EventSourceMapping(
        `${name}-queue`,
        {
          eventSourceArn: trigger.queueArn,
          functionName: this.function.arn,
          batchSize: trigger.batchSize,
          maximumBatchingWindowInSeconds: trigger.maxBatchingWindowSeconds,
          functionResponseTypes: trigger.reportBatchItemFailures ? ["ReportBatchItemFailures"] : undefined,
          enabled: true,
        },
        // Lambda checks that the role may receive from the queue when the mapping is created.
        { parent: this, dependsOn: [rolePolicy] },
      );
    }

    const schedules = args.schedules ?? [];
    if (schedules.length > 0) {
      const schedulerRole = new aws.iam.Role(
        `${name}-scheduler`,
        {
          description: `EventBridge Scheduler invokes the function ${args.functionName}`,
          assumeRolePolicy: serviceTrustPolicy("scheduler.amazonaws.com", args.accountId),
        },
        parent,
      );
      const schedulerPolicy = new aws.iam.RolePolicy(
        `${name}-scheduler-policy`,
        {
          role: schedulerRole.id,
          policy: pulumi
            .all([this.function.arn, this.failureQueue.arn, args.kmsKeyArn])
            .apply(([fnArn, failureQueueArn, kmsKeyArn]) =>
              JSON.stringify({
                Version: "2012-10-17",
                Statement: schedulerRoleStatements({
                  region: args.region,
                  functionArn: fnArn,
                  failureQueueArn,
                  kmsKeyArn,
                }),
              }),
            ),
        },
        parent,
      );
      for (const schedule of schedules) {
        this.schedules.push(
          new aws.scheduler.Schedule(
            `${name}-${schedule.name}`,
            {
              description: `${args.functionName}: ${schedule.name}`,
              scheduleExpression: schedule.expression,
              scheduleExpressionTimezone: schedule.timezone,
              flexibleTimeWindow: { mode: "OFF" },
              target: {
                arn: this.function.arn,
                roleArn: schedulerRole.arn,
                input:
                  schedule.input ??
                  pulumi
                    .output(args.accountId)
                    .apply((account) => scheduledEventInput(schedule.name, account, args.region)),
                retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
                deadLetterConfig: { arn: this.failureQueue.arn },
              },
            },
            // The first run needs the scheduler's permission to invoke.
            { parent: this, dependsOn: [schedulerPolicy] },
          ),
        );
      }
    }

    this.alarms = createAlarms(
      this,
      name,
      lambdaFunctionAlarms({
        label: `Function ${args.functionName}`,
        functionName: this.functionName,
        reservedConcurrency: args.reservedConcurrency,
      }),
      args.alarmActions,
    );

    this.registerOutputs({
      alarms: this.alarms,
      function: this.function,
      functionName: this.functionName,
      arn: this.arn,
      role: this.role,
      roleArn: this.role.arn,
      logGroup: this.logGroup,
      logGroupName: this.logGroup.name,
      failureQueue: this.failureQueue,
      failureQueueUrl: this.failureQueue.url,
      eventSourceMapping: this.eventSourceMapping,
      eventSourceMappingId: this.eventSourceMapping?.id,
      schedules: this.schedules,
      scheduleNames: this.schedules.map((s) => s.name),
    });
  }
}
