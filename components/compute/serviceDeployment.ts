/**
 * The ECS service of one mode (api or worker): its tasks in the private subnets, rolling deployments with
 * rollback, and its alarms (CPU, memory, running tasks).
 *
 * The gateway (the api of the service with public ingress) waits for steady state: `pulumi up` fails when
 * its tasks never become healthy behind the public ALB, instead of reporting success while the ALB answers
 * 503. On a first deployment the circuit breaker has nothing to roll back to, so the service never reaches
 * its desired count and the wait ends in the provider's error (default timeout 20 minutes, the
 * `aws_ecs_service` create/update timeouts: https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecs_service#timeouts).
 * On a later deployment a rollback does reach steady state (on the previous task definition), so the wait
 * succeeds: the rollback is reported by the service's events and its alarms, not by the deploy
 * (hashicorp/terraform-provider-aws#20858). The other services do not wait: they would serialize nothing
 * but lengthen every deploy, and a broken internal service shows in the gateway's 5xx alarms and its own.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { AlarmThresholds, createAlarms } from "../shared/alarms";
import { ecsServiceAlarms } from "../shared/alarmSets";
import { ServiceArgs, ServiceScope } from "./serviceArgs";

/** What every ECS service of the service runs with. */
export interface DeploymentInputs extends Pick<
  ServiceArgs,
  | "spec"
  | "clusterArn"
  | "clusterName"
  | "capacityProviderStrategy"
  | "capacityProviders"
  | "subnetIds"
  | "alarmActions"
> {
  ecsExec: boolean;
  /**
   * What the tasks need before they start: their roles' policies (a first deployment that fails for want
   * of them would trip the circuit breaker), and the tables and the bus they name.
   */
  prerequisites: pulumi.Resource[];
  thresholds: AlarmThresholds;
}

/** The mode's own part of its ECS service. */
export interface ModeDeployment {
  taskDefinition: aws.ecs.TaskDefinition;
  /** The groups the tasks join. */
  securityGroups: pulumi.Input<string>[];
  /** Arguments only this mode sets (the api's load balancer and health check grace period). */
  extra: Partial<aws.ecs.ServiceArgs>;
  /** Resources the service starts after, besides the prerequisites. */
  dependsOn: pulumi.Resource[];
}

export interface EcsService {
  service: aws.ecs.Service;
  alarms: aws.cloudwatch.MetricAlarm[];
}

/** Whether the ECS service of `mode` waits for steady state: the gateway's api only (see the header). */
export function waitsForSteadyState(
  spec: Pick<DeploymentInputs["spec"], "ingress">,
  mode: "api" | "worker",
): boolean {
  return mode === "api" && spec.ingress === "public";
}

/** The ECS service `<name>-<mode>` and its alarms. */
export function ecsService(
  scope: ServiceScope,
  mode: "api" | "worker",
  inputs: DeploymentInputs,
  deployment: ModeDeployment,
): EcsService {
  const { parent, name } = scope;
  const spec = inputs.spec;
  const service = new aws.ecs.Service(
    `${name}-${mode}`,
    {
      cluster: inputs.clusterArn,
      taskDefinition: deployment.taskDefinition.arn,
      desiredCount: spec.minTasks,
      capacityProviderStrategies: inputs.capacityProviderStrategy,
      // Changing the strategy (fargateBaseTasks, fargateSpotPercent) takes a new deployment.
      forceNewDeployment: true,
      networkConfiguration: {
        subnets: inputs.subnetIds,
        securityGroups: deployment.securityGroups,
        assignPublicIp: false,
      },
      deploymentCircuitBreaker: { enable: true, rollback: true },
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      availabilityZoneRebalancing: "ENABLED",
      enableExecuteCommand: inputs.ecsExec,
      enableEcsManagedTags: true,
      propagateTags: "SERVICE",
      waitForSteadyState: waitsForSteadyState(spec, mode),
      ...deployment.extra,
    },
    // Autoscaling owns the desired count after the first deployment.
    {
      parent,
      ignoreChanges: ["desiredCount"],
      dependsOn: [
        ...deployment.dependsOn,
        ...inputs.prerequisites,
        ...(inputs.capacityProviders ? [inputs.capacityProviders] : []),
      ],
    },
  );
  const alarms = createAlarms(
    parent,
    `${name}-${mode}`,
    ecsServiceAlarms(
      { label: `Service ${spec.name} (${mode})`, clusterName: inputs.clusterName, serviceName: service.name },
      inputs.thresholds,
    ),
    inputs.alarmActions,
  );
  return { service, alarms };
}
