/** The worker mode of a service: an ECS service without a load balancer, scaled on CPU and queue backlog. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { Queue } from "../messaging/queue";
import { ServiceScope } from "./serviceArgs";
import { DeploymentInputs, ecsService } from "./serviceDeployment";
import { backlogPerTask, serviceScaling, targetTrackingPolicy } from "./serviceScaling";
import { serviceTaskDefinition, ServiceTaskInputs } from "./serviceTasks";

export interface ServiceWorkerInputs {
  /** The group every workload joins: the worker's tasks join it only. */
  servicesSecurityGroupId: pulumi.Input<string>;
  /** The service's queues by name: the worker scales on the one it consumes. */
  queues: Record<string, Queue>;
  tasks: ServiceTaskInputs;
  deployment: DeploymentInputs;
}

export interface ServiceWorker {
  taskDefinition: aws.ecs.TaskDefinition;
  service: aws.ecs.Service;
  alarms: aws.cloudwatch.MetricAlarm[];
}

/** The whole worker mode, in the order its resources are created. */
export function serviceWorker(scope: ServiceScope, inputs: ServiceWorkerInputs): ServiceWorker {
  const deployment = inputs.deployment;
  const spec = deployment.spec;
  const taskDefinition = serviceTaskDefinition(scope, "worker", inputs.tasks);
  const { service, alarms } = ecsService(scope, "worker", deployment, {
    taskDefinition,
    securityGroups: [inputs.servicesSecurityGroupId],
    extra: {},
    dependsOn: [],
  });
  const target = serviceScaling(scope, "worker", {
    spec,
    clusterName: deployment.clusterName,
    serviceName: service.name,
  });
  const worker = spec.worker;
  const queue = worker?.queue === undefined ? undefined : inputs.queues[worker.queue];
  if (worker !== undefined && queue !== undefined) {
    targetTrackingPolicy(
      scope,
      "worker-backlog",
      target,
      backlogPerTask(queue.queueName, deployment.clusterName, service.name),
      worker.backlogPerTask,
    );
  }
  return { taskDefinition, service, alarms };
}
