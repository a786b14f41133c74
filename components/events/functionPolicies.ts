/**
 * IAM documents of a Lambda function, built from resolved ARNs so that they can be tested without mocks.
 * The execution role reaches only the function's own log group and failure queue, its trigger queue, and
 * the tables and bus its config names; the scheduler role may only invoke the function.
 */
import * as pulumi from "@pulumi/pulumi";

import { TableAccessGrant, tableAccessStatements } from "../data/dynamoTable";
import { deadLetterStatements, keyThrough, policyJson, Statement } from "../shared/policies";
import { putEventsStatement } from "../shared/policies";

/**
 * Trust policy of an execution role: Lambda may assume it. Unlike other service roles, it carries no
 * `aws:SourceAccount` condition: Lambda does not send one when it assumes a function's role.
 */
export function lambdaTrustPolicy(): pulumi.Output<string> {
  return policyJson([
    { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
  ]);
}

/** EC2 calls Lambda makes with the execution role to attach the function to the VPC (as AWSLambdaVPCAccessExecutionRole). */
export const VPC_ACCESS_ACTIONS = [
  "ec2:CreateNetworkInterface",
  "ec2:DescribeNetworkInterfaces",
  "ec2:DescribeSubnets",
  "ec2:DeleteNetworkInterface",
  "ec2:AssignPrivateIpAddresses",
  "ec2:UnassignPrivateIpAddresses",
] as const;

/** What SQS needs from a consumer, Lambda's poller included. */
export const QUEUE_CONSUMER_ACTIONS = [
  "sqs:ReceiveMessage",
  "sqs:DeleteMessage",
  "sqs:ChangeMessageVisibility",
  "sqs:GetQueueAttributes",
] as const;

export interface ExecutionRoleArns {
  region: string;
  logGroupArn: string;
  /** The function's failure queue: the destination of failed asynchronous invocations. */
  failureQueueArn: string;
  kmsKeyArn: string;
  /** The SQS queue that triggers the function, if any. */
  triggerQueueArn?: string;
  tables: TableAccessGrant[];
  eventBusArn?: string;
}

/** The execution role's statements: logs, VPC attachment, failure queue, trigger queue, tables, bus. */
export function executionRoleStatements(a: ExecutionRoleArns): Statement[] {
  const statements: Statement[] = [
    {
      Sid: "WriteOwnLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `${a.logGroupArn}:log-stream:*`,
    },
    // ENI management has no resource-level scoping that Lambda's calls fit; AWS's own policy uses "*".
    { Sid: "AttachToVpc", Effect: "Allow", Action: [...VPC_ACCESS_ACTIONS], Resource: "*" },
    { Sid: "SendFailures", Effect: "Allow", Action: "sqs:SendMessage", Resource: a.failureQueueArn },
  ];
  if (a.triggerQueueArn !== undefined) {
    statements.push({
      Sid: "ConsumeTriggerQueue",
      Effect: "Allow",
      Action: [...QUEUE_CONSUMER_ACTIONS],
      Resource: a.triggerQueueArn,
    });
  }
  statements.push(...tableAccessStatements(a.tables));
  if (a.eventBusArn !== undefined) {
    statements.push(putEventsStatement(a.eventBusArn));
  }
  statements.push(keyThrough("QueueEncryption", a.kmsKeyArn, "sqs", a.region));
  return statements;
}

export interface SchedulerRoleArns {
  region: string;
  functionArn: string;
  failureQueueArn: string;
  kmsKeyArn: string;
}

/** What EventBridge Scheduler needs to invoke the function and to dead-letter a failed delivery. */
export function schedulerRoleStatements(a: SchedulerRoleArns): Statement[] {
  return [
    { Sid: "InvokeFunction", Effect: "Allow", Action: "lambda:InvokeFunction", Resource: a.functionArn },
    ...deadLetterStatements(a.failureQueueArn, a.kmsKeyArn, a.region),
  ];
}

/**
 * The input a schedule invokes a function with when its config sets none: a "Scheduled Event" in the shape
 * of an EventBridge event, so that one handler serves rules and schedules. Scheduler fills the
 * `<aws.scheduler.*>` context attributes at each invocation.
 */
export function scheduledEventInput(schedule: string, accountId: string, region: string): string {
  return JSON.stringify({
    version: "0",
    id: "<aws.scheduler.execution-id>",
    "detail-type": "Scheduled Event",
    source: "platform.scheduler",
    account: accountId,
    time: "<aws.scheduler.scheduled-time>",
    region,
    resources: ["<aws.scheduler.schedule-arn>"],
    detail: { schedule },
  });
}
