/**
 * The cron mode of a service: EventBridge Scheduler schedules that run its task with a command override,
 * with retries, and a dead-letter queue for the runs that fail.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { Queue } from "../messaging/queue";
import { AlarmThresholds } from "../shared/alarms";
import { serviceTrustPolicy } from "../shared/policies";
import { ServiceArgs, ServiceScope } from "./serviceArgs";
import { schedulerRoleStatements } from "./servicePolicies";
import { serviceTaskDefinition, ServiceTaskInputs } from "./serviceTasks";
import { runTaskRequest } from "./taskDefinition";

/** Universal target of EventBridge Scheduler that calls ECS RunTask with a full request. */
export const RUN_TASK_TARGET = "arn:aws:scheduler:::aws-sdk:ecs:runTask";

export interface ServiceCronInputs extends Pick<
  ServiceArgs,
  | "spec"
  | "baseName"
  | "region"
  | "accountId"
  | "clusterArn"
  | "kmsKeyArn"
  | "protect"
  | "alarmActions"
  | "subnetIds"
  | "capacityProviderStrategy"
  | "capacityProviders"
> {
  thresholds: AlarmThresholds;
  /** The roles the scheduler passes to ECS. */
  executionRoleArn: pulumi.Input<string>;
  taskRoleArn: pulumi.Input<string>;
  /** The groups the scheduled tasks join. */
  securityGroups: pulumi.Input<string>[];
  /** What the tasks need before they start (see DeploymentInputs). */
  prerequisites: pulumi.Resource[];
  /** What the task definition is built from; none in a bootstrap deploy, which holds the workload back. */
  tasks?: ServiceTaskInputs;
}

export interface ServiceCron {
  /** None in a bootstrap deploy. */
  taskDefinition?: aws.ecs.TaskDefinition;
  deadLetterQueue: Queue;
  schedules: aws.scheduler.Schedule[];
}

/**
 * The whole cron mode, in the order its resources are created. Without `tasks` (a bootstrap deploy) no task
 * definition and no schedule: nothing runs until the next deploy, whose schedules find the dead-letter queue
 * and the scheduler's role in place.
 */
export function serviceCron(scope: ServiceScope, inputs: ServiceCronInputs): ServiceCron {
  const { parent, name } = scope;
  const spec = inputs.spec;
  const deadLetterQueue = new Queue(
    `${name}-schedules-dlq`,
    {
      kmsKeyArn: inputs.kmsKeyArn,
      deadLetterQueue: false,
      messageRetentionSeconds: 1209600,
      protect: inputs.protect,
      alarmActions: inputs.alarmActions,
      alarmThresholds: inputs.thresholds,
    },
    { parent },
  );
  const role = new aws.iam.Role(
    `${name}-scheduler`,
    {
      description: `EventBridge Scheduler runs the scheduled tasks of ${spec.name}`,
      assumeRolePolicy: serviceTrustPolicy("scheduler.amazonaws.com", inputs.accountId),
    },
    { parent },
  );
  const rolePolicy = new aws.iam.RolePolicy(
    `${name}-scheduler-policy`,
    {
      role: role.id,
      policy: pulumi
        .all([
          inputs.accountId,
          inputs.clusterArn,
          pulumi.all([inputs.executionRoleArn, inputs.taskRoleArn]),
          deadLetterQueue.arn,
          inputs.kmsKeyArn,
        ])
        .apply(([accountId, clusterArn, roles, dlq, kmsKeyArn]) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: schedulerRoleStatements({
              region: inputs.region,
              accountId,
              family: `${inputs.baseName}-${spec.name}-cron`,
              clusterArn,
              passRoleArns: roles,
              deadLetterArn: dlq,
              kmsKeyArn,
            }),
          }),
        ),
    },
    { parent },
  );
  if (inputs.tasks === undefined) {
    return { deadLetterQueue, schedules: [] };
  }
  const taskDefinition = serviceTaskDefinition(scope, "cron", inputs.tasks);
  const schedules = spec.schedules.map(
    (schedule) =>
      new aws.scheduler.Schedule(
        `${name}-${schedule.name}`,
        {
          description: `${spec.name}: ${schedule.name}`,
          scheduleExpression: schedule.expression,
          scheduleExpressionTimezone: schedule.timezone,
          flexibleTimeWindow: { mode: "OFF" },
          target: {
            arn: RUN_TASK_TARGET,
            roleArn: role.arn,
            input: pulumi
              .all([
                inputs.clusterArn,
                taskDefinition.arn,
                pulumi.all(inputs.subnetIds),
                pulumi.all(inputs.securityGroups),
              ])
              .apply(([clusterArn, taskDefinitionArn, subnetIds, securityGroupIds]) =>
                JSON.stringify(
                  runTaskRequest({
                    clusterArn,
                    taskDefinitionArn,
                    subnetIds,
                    securityGroupIds,
                    capacityProviderStrategy: inputs.capacityProviderStrategy,
                    command: schedule.command ?? spec.command,
                  }),
                ),
              ),
            retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
            deadLetterConfig: { arn: deadLetterQueue.arn },
          },
        },
        // The schedule's first run needs its role's and the task's permissions in place.
        {
          parent,
          dependsOn: [
            rolePolicy,
            ...inputs.prerequisites,
            ...(inputs.capacityProviders ? [inputs.capacityProviders] : []),
          ],
        },
      ),
  );
  return { taskDefinition, deadLetterQueue, schedules };
}
