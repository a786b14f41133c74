/**
 * IAM documents of a service, built from resolved ARNs so that they can be tested without mocks. Each role
 * reaches only the service's own resources: its repository, log group, queues, and the secrets under its
 * namespace `<namePrefix>-<env>/<service>/`.
 */
// Table and event bus grants.
import { TableAccessGrant, tableAccessStatements } from "../data/dynamoTable";
import { deadLetterStatements, keyThrough, Statement, viaService } from "../shared/policies";
import { putEventsStatement } from "../shared/policies";
import { SecretRef } from "./serviceSpec";

/** The prefix of a service's secrets: `<baseName>/<service>`. */
export function secretNamespace(baseName: string, service: string): string {
  return `${baseName}/${service}`;
}

export interface SecretPrefixes {
  /** ARN prefix of the service's Secrets Manager secrets (`...:secret:<namespace>/`). */
  secretsmanager: string;
}

export function secretPrefixes(region: string, accountId: string, namespace: string): SecretPrefixes {
  return {
    secretsmanager: `arn:aws:secretsmanager:${region}:${accountId}:secret:${namespace}/`,
  };
}

/**
 * The `valueFrom` of a container secret: the full ARN of the secret the platform created (with its random
 * suffix), followed by `:<json key>::` for one key of a JSON value
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html).
 */
export function secretValueFrom(ref: SecretRef, secretArn: string): string {
  return ref.jsonKey === undefined ? secretArn : `${secretArn}:${ref.jsonKey}::`;
}

export interface ExecutionRoleArns {
  region: string;
  /** Repositories the image may come from: the service's own, and the ECR repository of a pinned image. */
  repositoryArns: string[];
  logGroupArn: string;
  kmsKeyArn: string;
  secrets: SecretRef[];
  prefixes: SecretPrefixes;
}

/** What ECS needs to start the service's tasks: pull its image, write its logs, read its secrets. */
export function executionRoleStatements(a: ExecutionRoleArns): Statement[] {
  const statements: Statement[] = [
    // GetAuthorizationToken has no resource-level permissions.
    { Sid: "EcrAuth", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
    {
      Sid: "PullOwnImage",
      Effect: "Allow",
      Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
      Resource: [...new Set(a.repositoryArns)],
    },
    {
      Sid: "WriteOwnLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `${a.logGroupArn}:log-stream:*`,
    },
  ];
  if (a.secrets.length > 0) {
    statements.push({
      Sid: "ReadOwnSecrets",
      Effect: "Allow",
      Action: ["secretsmanager:GetSecretValue"],
      Resource: `${a.prefixes.secretsmanager}*`,
    });
    // Only as Secrets Manager decrypts a secret for ECS, never a direct Decrypt.
    const stores = [...new Set(a.secrets.map((s) => s.store))].sort();
    statements.push({
      Sid: "DecryptSecrets",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: a.kmsKeyArn,
      Condition: { StringEquals: { "kms:ViaService": stores.map((s) => viaService(s, a.region)) } },
    });
  }
  return statements;
}

export interface TaskRoleArns {
  region: string;
  queueArns: string[];
  kmsKeyArn: string;
  /** The cluster's ECS Exec log group, when the service allows ECS Exec. */
  execLogGroupArn?: string;
  /** DynamoDB tables the service may use (`tables` in its config). Default: none. */
  tables?: TableAccessGrant[];
  /** The environment's event bus, when the service may put events on it (`eventBus: put`). */
  eventBusArn?: string;
  /** The service sends traces to X-Ray through its OpenTelemetry collector sidecar. */
  tracing?: boolean;
}

/** What a service does with a queue of its own: send, receive, delete, extend, inspect. */
export const QUEUE_USE_ACTIONS = [
  "sqs:SendMessage",
  "sqs:ReceiveMessage",
  "sqs:DeleteMessage",
  "sqs:ChangeMessageVisibility",
  "sqs:GetQueueAttributes",
  "sqs:GetQueueUrl",
] as const;

/** ECS Exec's channels from the task's SSM agent (no resource-level permission: Resource "*"). */
export const EXEC_CHANNEL_ACTIONS = [
  "ssmmessages:CreateControlChannel",
  "ssmmessages:CreateDataChannel",
  "ssmmessages:OpenControlChannel",
  "ssmmessages:OpenDataChannel",
] as const;

/** X-Ray's write and sampling actions (no resource-level permission: Resource "*"). */
export const TRACE_ACTIONS = [
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
  "xray:GetSamplingRules",
  "xray:GetSamplingTargets",
  "xray:GetSamplingStatisticSummaries",
] as const;

/**
 * What the service's code may do: use its own queues, the tables and the event bus it names, (with ECS
 * Exec) open and log sessions, and (with tracing) let its collector sidecar send traces to X-Ray.
 */
export function taskRoleStatements(a: TaskRoleArns): Statement[] {
  const statements: Statement[] = [];
  if (a.queueArns.length > 0) {
    statements.push({
      Sid: "UseOwnQueues",
      Effect: "Allow",
      Action: [...QUEUE_USE_ACTIONS],
      Resource: a.queueArns,
    });
  }
  if (a.execLogGroupArn !== undefined) {
    statements.push(
      {
        Sid: "EcsExecChannels",
        Effect: "Allow",
        Action: [...EXEC_CHANNEL_ACTIONS],
        Resource: "*",
      },
      {
        Sid: "EcsExecSessionLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        Resource: `${a.execLogGroupArn}:*`,
      },
      { Sid: "EcsExecLogGroups", Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
    );
  }
  // Exactly the tables and the bus the service names.
  statements.push(...tableAccessStatements(a.tables ?? []));
  if (a.eventBusArn !== undefined) {
    statements.push(putEventsStatement(a.eventBusArn));
  }
  if (a.tracing) {
    // X-Ray's write and sampling actions support no resource-level permissions.
    statements.push({
      Sid: "SendTraces",
      Effect: "Allow",
      Action: [...TRACE_ACTIONS],
      Resource: "*",
    });
  }
  if (a.queueArns.length > 0) {
    // Messages of the service's queues are encrypted with the environment key: only through SQS.
    statements.push(keyThrough("UseEnvironmentKeyForQueues", a.kmsKeyArn, "sqs", a.region));
  }
  if (a.execLogGroupArn !== undefined) {
    // The SSM agent in the task decrypts the ECS Exec session's data key itself (the cluster's
    // executeCommandConfiguration names the environment key), so this grant has no service condition.
    statements.push({
      Sid: "EcsExecSessionKey",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: a.kmsKeyArn,
    });
  }
  return statements;
}

export interface SchedulerRoleArns {
  region: string;
  accountId: string;
  /** Family of the task definition the schedules run. */
  family: string;
  clusterArn: string;
  /** The task's execution and task roles, which RunTask passes to ECS. */
  passRoleArns: string[];
  deadLetterArn: string;
  kmsKeyArn: string;
}

/** What EventBridge Scheduler needs to run the service's cron task and to dead-letter a failed run. */
export function schedulerRoleStatements(a: SchedulerRoleArns): Statement[] {
  return [
    {
      Sid: "RunOwnTask",
      Effect: "Allow",
      Action: "ecs:RunTask",
      Resource: `arn:aws:ecs:${a.region}:${a.accountId}:task-definition/${a.family}:*`,
      Condition: { ArnEquals: { "ecs:cluster": a.clusterArn } },
    },
    {
      Sid: "TagOwnTasks",
      Effect: "Allow",
      Action: "ecs:TagResource",
      Resource: `arn:aws:ecs:${a.region}:${a.accountId}:task/*`,
      Condition: { StringEquals: { "ecs:CreateAction": "RunTask" } },
    },
    {
      Sid: "PassTaskRoles",
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: a.passRoleArns,
      Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
    },
    ...deadLetterStatements(a.deadLetterArn, a.kmsKeyArn, a.region),
  ];
}
