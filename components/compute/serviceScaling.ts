/**
 * Autoscaling of a service's ECS services: the scalable target (its desired count between the service's
 * minimum and maximum), and target-tracking policies on CPU, requests per target and backlog per task.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { ServiceScope } from "./serviceArgs";
import { ServiceSpec } from "./serviceSpec";

type TrackingConfiguration = aws.types.input.appautoscaling.PolicyTargetTrackingScalingPolicyConfiguration;

/** What a target-tracking policy tracks: an AWS-defined metric, or a metric of its own. */
export type TrackedMetric =
  | Required<Pick<TrackingConfiguration, "predefinedMetricSpecification">>
  | Required<Pick<TrackingConfiguration, "customizedMetricSpecification">>;

/** What a scaling policy applies to: a scalable target's namespace, dimension and resource. */
export interface ScalableTarget {
  serviceNamespace: pulumi.Input<string>;
  scalableDimension: pulumi.Input<string>;
  resourceId: pulumi.Input<string>;
}

/** Seconds after a scaling activity before the next: scale in slowly, scale out fast. */
export const SCALE_IN_COOLDOWN_SECONDS = 300;
export const SCALE_OUT_COOLDOWN_SECONDS = 60;

/** The average CPU utilization of the ECS service's tasks. */
export const CPU_UTILIZATION: TrackedMetric = {
  predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
};

/** Requests per target of an api's target group on its load balancer. */
export function requestsPerTarget(
  loadBalancerArnSuffix: pulumi.Input<string>,
  targetGroupArnSuffix: pulumi.Input<string>,
): TrackedMetric {
  return {
    predefinedMetricSpecification: {
      predefinedMetricType: "ALBRequestCountPerTarget",
      resourceLabel: pulumi.interpolate`${loadBalancerArnSuffix}/${targetGroupArnSuffix}`,
    },
  };
}

/** Backlog per task of a worker: see backlogPerTaskMetrics. */
export function backlogPerTask(
  queueName: pulumi.Input<string>,
  clusterName: pulumi.Input<string>,
  serviceName: pulumi.Input<string>,
): TrackedMetric {
  return {
    customizedMetricSpecification: { metrics: backlogPerTaskMetrics(queueName, clusterName, serviceName) },
  };
}

/** The arguments of a policy that keeps `metric` at `targetValue` on `target`. */
export function targetTrackingPolicyArgs(
  target: ScalableTarget,
  metric: TrackedMetric,
  targetValue: pulumi.Input<number>,
): aws.appautoscaling.PolicyArgs {
  return {
    policyType: "TargetTrackingScaling",
    serviceNamespace: target.serviceNamespace,
    scalableDimension: target.scalableDimension,
    resourceId: target.resourceId,
    targetTrackingScalingPolicyConfiguration: {
      ...metric,
      targetValue,
      scaleInCooldown: SCALE_IN_COOLDOWN_SECONDS,
      scaleOutCooldown: SCALE_OUT_COOLDOWN_SECONDS,
    },
  };
}

/** A target-tracking policy of the service, named `<name>-<suffix>`. */
export function targetTrackingPolicy(
  scope: ServiceScope,
  suffix: string,
  target: ScalableTarget,
  metric: TrackedMetric,
  targetValue: pulumi.Input<number>,
): aws.appautoscaling.Policy {
  return new aws.appautoscaling.Policy(
    `${scope.name}-${suffix}`,
    targetTrackingPolicyArgs(target, metric, targetValue),
    { parent: scope.parent },
  );
}

/**
 * The desired count of one ECS service, between the service's minimum and maximum tasks, and its policy on
 * CPU. The target is returned for the mode's own policies.
 */
export function serviceScaling(
  scope: ServiceScope,
  mode: "api" | "worker",
  inputs: {
    spec: Pick<ServiceSpec, "minTasks" | "maxTasks" | "cpuTarget">;
    clusterName: pulumi.Input<string>;
    serviceName: pulumi.Input<string>;
  },
): aws.appautoscaling.Target {
  const target = new aws.appautoscaling.Target(
    `${scope.name}-${mode}-scaling`,
    {
      serviceNamespace: "ecs",
      scalableDimension: "ecs:service:DesiredCount",
      resourceId: pulumi.interpolate`service/${inputs.clusterName}/${inputs.serviceName}`,
      minCapacity: inputs.spec.minTasks,
      maxCapacity: inputs.spec.maxTasks,
    },
    { parent: scope.parent },
  );
  targetTrackingPolicy(scope, `${mode}-cpu`, target, CPU_UTILIZATION, inputs.spec.cpuTarget);
  return target;
}

/**
 * Backlog per task: visible messages of the queue divided by the service's running tasks (Container
 * Insights), or the whole backlog while no task runs, so that a worker scaled to zero starts again.
 */
export function backlogPerTaskMetrics(
  queueName: pulumi.Input<string>,
  clusterName: pulumi.Input<string>,
  serviceName: pulumi.Input<string>,
): aws.types.input.appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetric[] {
  return [
    {
      id: "visible",
      returnData: false,
      metricStat: {
        stat: "Sum",
        metric: {
          namespace: "AWS/SQS",
          metricName: "ApproximateNumberOfMessagesVisible",
          dimensions: [{ name: "QueueName", value: queueName }],
        },
      },
    },
    {
      id: "tasks",
      returnData: false,
      metricStat: {
        stat: "Average",
        metric: {
          namespace: "ECS/ContainerInsights",
          metricName: "RunningTaskCount",
          dimensions: [
            { name: "ClusterName", value: clusterName },
            { name: "ServiceName", value: serviceName },
          ],
        },
      },
    },
    {
      id: "backlog",
      label: "Backlog per task",
      expression: "IF(tasks > 0, visible / tasks, visible)",
      returnData: true,
    },
  ];
}
