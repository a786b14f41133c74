/** What a Service is built from: its resolved spec and what the environment gives it. */
import * as pulumi from "@pulumi/pulumi";

import { TableAccess } from "../data/tableSpec";
import { AlarmThresholds } from "../shared/alarms";
import { CapacityProviderStrategyItem } from "./cluster";
import { ServiceSpec } from "./serviceSpec";

/** The listener an api service registers its path rules on, and the load balancer behind it. */
export interface ServiceListener {
  listenerArn: pulumi.Input<string>;
  /** Security group of the load balancer: the only source the service's tasks admit. */
  securityGroupId: pulumi.Input<string>;
  /** ARN suffix of the load balancer, for the requests-per-target scaling metric. */
  loadBalancerArnSuffix: pulumi.Input<string>;
}

export interface ServiceArgs {
  /** The service, resolved from `platform:services` (every default applied, priorities assigned). */
  spec: ServiceSpec;
  /** `<namePrefix>-<env>`: prefix of the repository, log group, task families and secret namespace. */
  baseName: string;
  region: string;
  accountId: pulumi.Input<string>;
  clusterArn: pulumi.Input<string>;
  clusterName: pulumi.Input<string>;
  /** Capacity provider strategy of the service's tasks and scheduled runs. */
  capacityProviderStrategy: CapacityProviderStrategyItem[];
  /**
   * What makes the strategy usable: the cluster's capacity provider association. ECS rejects a service or
   * a RunTask whose strategy names a provider the cluster does not have yet.
   */
  capacityProviders?: pulumi.Resource;
  vpcId: pulumi.Input<string>;
  /** Private subnets the tasks run in, one per AZ (tasks spread over them). */
  subnetIds: pulumi.Input<string>[];
  /** The group every workload joins; stores admit it. */
  servicesSecurityGroupId: pulumi.Input<string>;
  /** The environment key: repository, log group and queues are encrypted with it. */
  kmsKeyArn: pulumi.Input<string>;
  logRetentionDays: number;
  /** Allow ECS Exec into the tasks (sessions logged by the cluster). Default: false. */
  ecsExec?: boolean;
  /** The cluster's ECS Exec log group ARN; required with `ecsExec`. */
  execLogGroupArn?: pulumi.Input<string>;
  /** Listener of an api service: required when the modes include `api`. */
  listener?: ServiceListener;
  /** Values the platform injects as `PLATFORM_*` environment variables (gateway upstream, OIDC issuer). */
  platformEnvironment?: Record<string, pulumi.Input<string>>;
  /** Mark stateful children (repository, queues) `protect`. Default: false. */
  protect?: boolean;
  /**
   * Where the service's alarms notify (SNS topic ARNs), on ALARM and OK: CPU, memory and running tasks
   * of each ECS service, unhealthy targets of the api, and its queues' alarms. Default: nowhere (the
   * environment wires them to its alert topic).
   */
  alarmActions?: pulumi.Input<string>[];
  /** Alarm thresholds; any left out take DEFAULT_ALARM_THRESHOLDS. */
  alarmThresholds?: Partial<AlarmThresholds>;
  /**
   * The environment's first deploy: build everything but the workload. No task definition, ECS service,
   * scaling or schedule is created and an `ssm:` image parameter is not read (it need not exist yet); the
   * repository, roles, queues, secrets (empty), security group, target group and path rules are. The next
   * deploy without it creates the rest. Default: false.
   */
  bootstrap?: boolean;
  /** Tables, event bus and EventBridge rules the service is wired to (stacks/events.ts). Default: none. */
  events?: ServiceEventAccess;
}

/** What the events module grants a service and routes to it. */
export interface ServiceEventAccess {
  /** DynamoDB tables the task role may use, by ARN, each with its access level. */
  tables: { arn: pulumi.Input<string>; access: TableAccess }[];
  /** The environment's bus, when the task role may put events on it. */
  eventBusArn?: pulumi.Input<string>;
  /** By queue name: the EventBridge rules allowed to send to the queue (their ARNs). */
  queueEventRules: Record<string, pulumi.Input<string>[]>;
  /** Variables naming the granted tables and the bus (`PLATFORM_TABLE_<NAME>_NAME`, `PLATFORM_EVENT_BUS_NAME`). */
  environment: Record<string, pulumi.Input<string>>;
  /** The granted tables and bus themselves: the service's tasks and schedules start once they exist. */
  stores: pulumi.Resource[];
}

/** Where a part of the service puts its children: under the Service component, named after it. */
export interface ServiceScope {
  /** The Service component: parent of every child. */
  parent: pulumi.Resource;
  /** The component's name: the prefix of every child's name. */
  name: string;
}
