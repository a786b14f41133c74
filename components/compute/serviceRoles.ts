/**
 * The roles of a service: the execution role ECS starts its tasks with, the task role its code runs as,
 * and their policies, each reaching only the service's own resources.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { serviceTrustPolicy } from "../shared/policies";
import { ecrRepositoryArn } from "./image";
import { ServiceArgs, ServiceScope } from "./serviceArgs";
import {
  executionRoleStatements,
  secretNamespace,
  SecretPrefixes,
  secretPrefixes,
  taskRoleStatements,
} from "./servicePolicies";

/** ARN prefixes of the secrets and parameters in the service's namespace. */
export function serviceSecretPrefixes(
  inputs: Pick<ServiceArgs, "spec" | "baseName" | "region" | "accountId">,
): pulumi.Output<SecretPrefixes> {
  const namespace = secretNamespace(inputs.baseName, inputs.spec.name);
  return pulumi
    .output(inputs.accountId)
    .apply((account) => secretPrefixes(inputs.region, account, namespace));
}

export interface ServiceRoles {
  executionRole: aws.iam.Role;
  taskRole: aws.iam.Role;
  /** What the execution role may do: pull the image, write the logs, read the secrets. */
  executionPolicy: aws.iam.RolePolicy;
}

export interface ServiceRolesInputs extends Pick<ServiceArgs, "spec" | "region" | "accountId" | "kmsKeyArn"> {
  repositoryArn: pulumi.Input<string>;
  /**
   * The image reference the tasks run: the repository of a pinned ECR image may be pulled too. None in a
   * bootstrap deploy of an `ssm:` image (only the service's own repository).
   */
  image?: pulumi.Input<string>;
  logGroupArn: pulumi.Input<string>;
  secretPrefixes: pulumi.Input<SecretPrefixes>;
}

/** The execution role with its policy, and the task role (its policy comes once the queues exist). */
export function serviceRoles(scope: ServiceScope, inputs: ServiceRolesInputs): ServiceRoles {
  const { parent, name } = scope;
  const spec = inputs.spec;
  const executionRole = new aws.iam.Role(
    `${name}-execution`,
    {
      description: `ECS starts the tasks of ${spec.name}: pulls its image, writes its logs, reads its secrets`,
      assumeRolePolicy: serviceTrustPolicy("ecs-tasks.amazonaws.com", inputs.accountId),
    },
    { parent },
  );
  const taskRole = new aws.iam.Role(
    `${name}-task`,
    {
      description: `What the code of ${spec.name} may do`,
      assumeRolePolicy: serviceTrustPolicy("ecs-tasks.amazonaws.com", inputs.accountId),
    },
    { parent },
  );
  const secretRefs = Object.values(spec.secrets);
  const executionPolicy = new aws.iam.RolePolicy(
    `${name}-execution-policy`,
    {
      role: executionRole.id,
      policy: pulumi
        .all([
          inputs.repositoryArn,
          inputs.image,
          inputs.logGroupArn,
          inputs.kmsKeyArn,
          inputs.secretPrefixes,
        ])
        .apply(([repo, image, logGroupArn, kmsKeyArn, p]) => {
          const pinned = image === undefined ? undefined : ecrRepositoryArn(image);
          return JSON.stringify({
            Version: "2012-10-17",
            Statement: executionRoleStatements({
              region: inputs.region,
              repositoryArns: pinned === undefined ? [repo] : [repo, pinned],
              logGroupArn,
              kmsKeyArn,
              secrets: secretRefs,
              prefixes: p,
            }),
          });
        }),
    },
    { parent },
  );
  return { executionRole, taskRole, executionPolicy };
}

export interface TaskRolePolicyInputs extends Pick<
  ServiceArgs,
  "spec" | "region" | "kmsKeyArn" | "execLogGroupArn" | "events"
> {
  taskRole: aws.iam.Role;
  /** The service's own queues. */
  queueArns: pulumi.Input<string>[];
  ecsExec: boolean;
}

/**
 * What the task role may do: use the service's queues, the tables and the bus it names, ECS Exec and
 * tracing. No policy when the service needs none of them.
 */
export function taskRolePolicy(
  scope: ServiceScope,
  inputs: TaskRolePolicyInputs,
): aws.iam.RolePolicy | undefined {
  const { spec, queueArns, ecsExec } = inputs;
  const tableGrants = inputs.events?.tables ?? [];
  const eventBusArn = inputs.events?.eventBusArn;
  if (
    queueArns.length === 0 &&
    !ecsExec &&
    tableGrants.length === 0 &&
    eventBusArn === undefined &&
    !spec.tracing
  ) {
    return undefined;
  }
  return new aws.iam.RolePolicy(
    `${scope.name}-task-policy`,
    {
      role: inputs.taskRole.id,
      policy: pulumi
        .all([
          pulumi.all(queueArns),
          inputs.kmsKeyArn,
          inputs.execLogGroupArn,
          pulumi.all(tableGrants.map((t) => t.arn)),
          eventBusArn,
        ])
        .apply(([arns, kmsKeyArn, exec, tableArns, busArn]) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: taskRoleStatements({
              region: inputs.region,
              queueArns: arns,
              kmsKeyArn,
              execLogGroupArn: ecsExec ? exec : undefined,
              tables: tableGrants.map((t, i) => ({ arn: tableArns[i], access: t.access })),
              eventBusArn: busArn,
              tracing: spec.tracing,
            }),
          }),
        ),
    },
    { parent: scope.parent },
  );
}
