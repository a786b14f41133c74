/** The task definitions of a service: one family per mode, the same image, roles, variables and secrets. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { RESERVED_ENV_PREFIX } from "../shared/naming";
import { ServiceArgs, ServiceScope } from "./serviceArgs";
import { queueUrlVariable } from "./serviceQueues";
import { ServiceMode, ServiceSpec } from "./serviceSpec";
import { taskContainers, taskVolumes } from "./taskDefinition";

/**
 * The variables every task of the service gets: its own `environment`, then the platform's values, its
 * name, its queues' URLs and the names of the tables and bus it was granted (later ones win).
 */
export function serviceEnvironment<T>(inputs: {
  spec: Pick<ServiceSpec, "name" | "environment">;
  platformEnvironment?: Record<string, T>;
  /** URL of each of the service's queues, by queue name. */
  queueUrls: Record<string, T>;
  eventEnvironment?: Record<string, T>;
}): Record<string, string | T> {
  return {
    ...inputs.spec.environment,
    ...inputs.platformEnvironment,
    [`${RESERVED_ENV_PREFIX}SERVICE`]: inputs.spec.name,
    ...Object.fromEntries(Object.entries(inputs.queueUrls).map(([q, url]) => [queueUrlVariable(q), url])),
    ...inputs.eventEnvironment,
  };
}

/** What every task definition of the service is built from. */
export interface ServiceTaskInputs extends Pick<ServiceArgs, "spec" | "baseName" | "region"> {
  ecsExec: boolean;
  executionRoleArn: pulumi.Input<string>;
  taskRoleArn: pulumi.Input<string>;
  image: pulumi.Input<string>;
  environment: Record<string, pulumi.Input<string>>;
  secrets: pulumi.Input<Record<string, string>>;
  logGroupName: pulumi.Input<string>;
}

/** The task definition of one mode: family `<baseName>-<service>-<mode>`. */
export function serviceTaskDefinition(
  scope: ServiceScope,
  mode: ServiceMode,
  inputs: ServiceTaskInputs,
): aws.ecs.TaskDefinition {
  const { spec, ecsExec } = inputs;
  return new aws.ecs.TaskDefinition(
    `${scope.name}-${mode}`,
    {
      family: `${inputs.baseName}-${spec.name}-${mode}`,
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: String(spec.cpu),
      memory: String(spec.memory),
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
      executionRoleArn: inputs.executionRoleArn,
      taskRoleArn: inputs.taskRoleArn,
      volumes: taskVolumes(spec, ecsExec).map((v) => ({ name: v.name })),
      containerDefinitions: pulumi
        .all([inputs.image, pulumi.all(inputs.environment), inputs.secrets, inputs.logGroupName])
        .apply(([image, env, secrets, logGroupName]) =>
          JSON.stringify(
            taskContainers({
              spec,
              mode,
              image,
              environment: { ...env, [`${RESERVED_ENV_PREFIX}MODE`]: mode },
              secrets,
              logGroupName,
              region: inputs.region,
              ecsExec,
            }),
          ),
        ),
      // Follow revisions CI registers in the family, and keep old revisions for rollbacks.
      trackLatest: true,
      skipDestroy: true,
    },
    { parent: scope.parent },
  );
}
