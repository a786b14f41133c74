/**
 * The api mode of a service: its own security group that admits the load balancer only, a target group
 * and path rules on the listener, an ECS service behind them, scaled on CPU and on requests per target.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { createAlarms } from "../shared/alarms";
import { targetGroupAlarms } from "../shared/alarmSets";
import { ServiceListener, ServiceScope } from "./serviceArgs";
import { DeploymentInputs, ecsService } from "./serviceDeployment";
import { requestsPerTarget, serviceScaling, targetTrackingPolicy } from "./serviceScaling";
import { ServiceSpec } from "./serviceSpec";
import { serviceTaskDefinition, ServiceTaskInputs } from "./serviceTasks";
import { CONTAINER_NAME } from "./taskDefinition";

export interface ServiceApiInputs {
  vpcId: pulumi.Input<string>;
  listener: ServiceListener;
  /** The group every workload joins; the api's tasks join their own group too. */
  servicesSecurityGroupId: pulumi.Input<string>;
  /** What the task definition is built from; none in a bootstrap deploy, which holds the workload back. */
  tasks?: ServiceTaskInputs;
  deployment: DeploymentInputs;
}

export interface ServiceApi {
  securityGroup: aws.ec2.SecurityGroup;
  targetGroup: aws.lb.TargetGroup;
  /** The task definition and the ECS service: none in a bootstrap deploy. */
  taskDefinition?: aws.ecs.TaskDefinition;
  service?: aws.ecs.Service;
  /** The ECS service's alarms, then the target group's. */
  alarms: aws.cloudwatch.MetricAlarm[];
}

/** The api's tasks admit the load balancer only, on the service's port; the load balancer may reach them. */
export function apiSecurityGroup(
  scope: ServiceScope,
  inputs: {
    spec: Pick<ServiceSpec, "name" | "port">;
    vpcId: pulumi.Input<string>;
    listener: ServiceListener;
  },
): aws.ec2.SecurityGroup {
  const { parent, name } = scope;
  const { spec, listener } = inputs;
  const securityGroup = new aws.ec2.SecurityGroup(
    `${name}-api-sg`,
    { vpcId: inputs.vpcId, description: `${spec.name} api tasks: the load balancer only` },
    { parent },
  );
  new aws.vpc.SecurityGroupIngressRule(
    `${name}-api-from-lb`,
    {
      securityGroupId: securityGroup.id,
      referencedSecurityGroupId: listener.securityGroupId,
      ipProtocol: "tcp",
      fromPort: spec.port,
      toPort: spec.port,
      description: "From the load balancer",
    },
    { parent },
  );
  new aws.vpc.SecurityGroupEgressRule(
    `${name}-lb-to-api`,
    {
      securityGroupId: listener.securityGroupId,
      referencedSecurityGroupId: securityGroup.id,
      ipProtocol: "tcp",
      fromPort: spec.port,
      toPort: spec.port,
      description: `To the ${spec.name} api tasks`,
    },
    { parent },
  );
  return securityGroup;
}

/** The api's target group (its tasks by IP, health-checked on the service's path), and its path rules. */
export function apiRouting(
  scope: ServiceScope,
  inputs: {
    spec: Pick<ServiceSpec, "port" | "healthCheckPath" | "routes">;
    vpcId: pulumi.Input<string>;
    listener: ServiceListener;
  },
): { targetGroup: aws.lb.TargetGroup; rules: aws.lb.ListenerRule[] } {
  const { parent, name } = scope;
  const spec = inputs.spec;
  const targetGroup = new aws.lb.TargetGroup(
    `${name}-tg`,
    {
      vpcId: inputs.vpcId,
      targetType: "ip",
      protocol: "HTTP",
      port: spec.port,
      deregistrationDelay: 30,
      healthCheck: {
        path: spec.healthCheckPath,
        protocol: "HTTP",
        matcher: "200-399",
        interval: 15,
        timeout: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 3,
      },
    },
    { parent },
  );
  const rules = spec.routes.map(
    (route, i) =>
      new aws.lb.ListenerRule(
        `${name}-rule-${i}`,
        {
          listenerArn: inputs.listener.listenerArn,
          priority: route.priority,
          conditions: [{ pathPattern: { values: [route.path] } }],
          actions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
        },
        { parent },
      ),
  );
  return { targetGroup, rules };
}

/**
 * The whole api mode, in the order its resources are created. Without `tasks` (a bootstrap deploy) only its
 * routing: the security group, the target group (no targets yet) with its alarm, and the path rules.
 */
export function serviceApi(scope: ServiceScope, inputs: ServiceApiInputs): ServiceApi {
  const { listener, deployment } = inputs;
  const spec = deployment.spec;
  const securityGroup = apiSecurityGroup(scope, { spec, vpcId: inputs.vpcId, listener });
  const { targetGroup, rules } = apiRouting(scope, { spec, vpcId: inputs.vpcId, listener });
  const targetAlarms = (): aws.cloudwatch.MetricAlarm[] =>
    createAlarms(
      scope.parent,
      `${scope.name}-tg`,
      targetGroupAlarms({
        label: `Service ${spec.name} (api targets)`,
        targetGroupArnSuffix: targetGroup.arnSuffix,
        loadBalancerArnSuffix: listener.loadBalancerArnSuffix,
      }),
      deployment.alarmActions,
    );
  if (inputs.tasks === undefined) {
    return { securityGroup, targetGroup, alarms: targetAlarms() };
  }
  const taskDefinition = serviceTaskDefinition(scope, "api", inputs.tasks);
  // ECS attaches a target group only once it is associated with a load balancer: after the rules.
  const { service, alarms } = ecsService(scope, "api", deployment, {
    taskDefinition,
    securityGroups: [inputs.servicesSecurityGroupId, securityGroup.id],
    extra: {
      loadBalancers: [
        { targetGroupArn: targetGroup.arn, containerName: CONTAINER_NAME, containerPort: spec.port },
      ],
      healthCheckGracePeriodSeconds: 60,
    },
    dependsOn: rules,
  });
  const tgAlarms = targetAlarms();
  const target = serviceScaling(scope, "api", {
    spec,
    clusterName: deployment.clusterName,
    serviceName: service.name,
  });
  targetTrackingPolicy(
    scope,
    "api-requests",
    target,
    requestsPerTarget(listener.loadBalancerArnSuffix, targetGroup.arnSuffix),
    spec.requestsPerTarget,
  );
  return { securityGroup, targetGroup, taskDefinition, service, alarms: [...alarms, ...tgAlarms] };
}
