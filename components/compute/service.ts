import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { Queue } from "../messaging/queue";
import { resolveThresholds } from "../shared/alarms";
import { serviceApi } from "./serviceApi";
import { ServiceArgs, ServiceListener, ServiceScope } from "./serviceArgs";
import { serviceCron } from "./serviceCron";
import { DeploymentInputs } from "./serviceDeployment";
import { serviceImage } from "./serviceImage";
import { serviceLogGroup, serviceLogQueryDefinitions } from "./serviceLogs";
import { serviceQueues } from "./serviceQueues";
import { serviceRoles, serviceSecretPrefixes, taskRolePolicy } from "./serviceRoles";
import { containerSecrets, serviceSecrets } from "./serviceSecrets";
import { ServiceMode, ServiceSpec } from "./serviceSpec";
import { serviceEnvironment, ServiceTaskInputs } from "./serviceTasks";
import { serviceWorker } from "./serviceWorker";

export type { ServiceArgs, ServiceEventAccess, ServiceListener } from "./serviceArgs";

/**
 * One service of the environment, deployed from one image in any combination of modes:
 *
 * - `api`: an ECS service behind a target group and path rules on the given listener, health-checked,
 *   autoscaled on CPU and on requests per target, deployment circuit breaker with rollback, tasks spread
 *   over the AZs; its own security group admits the load balancer only.
 * - `worker`: an ECS service with no load balancer, autoscaled on CPU and, when it has a queue, on the
 *   queue's backlog per task.
 * - `cron`: EventBridge Scheduler schedules that run the task with a command override, with retries and a
 *   dead-letter queue.
 *
 * Every mode runs in the private subnets without a public IP, joins the services security group, logs to a
 * KMS-encrypted log group with retention, runs as a non-root user on a read-only root filesystem (by
 * default), gets secrets injected from the Secrets Manager secrets the service creates empty under its
 * namespace (values set out of band), and has a task role and an execution role that reach only the
 * service's own resources. The service has one ECR repository (KMS, scan on push,
 * immutable tags, lifecycle policy); each mode has its own task definition family
 * (`<baseName>-<service>-<mode>`), since an ECS service cannot override its container's command.
 *
 * Image ownership: with `image: ssm:<parameter>` the app's CI owns the tag. CI pushes to the repository,
 * writes the new reference to the parameter, and may roll the ECS services itself (register a revision
 * with the new image, update the service). Every `pulumi up` reads the parameter's current value, so it
 * deploys what CI last shipped rather than reverting it; task definitions track the latest ACTIVE revision
 * of their family and keep old revisions registered (for rollbacks), and the services' desired counts
 * belong to autoscaling (ignored by Pulumi). A pinned `image` (with a tag or digest) is owned by the
 * stack config instead: use it for images the platform team ships, not for images CI deploys.
 *
 * Bootstrap (`bootstrap`, the environment's first deploy): the workload is held back. No task definition,
 * ECS service, scaling or schedule is created and no image parameter is read; everything they need (the
 * repository, roles, queues, empty secrets, security group, target group and rules) is. The next deploy
 * creates the held-back resources, with the real image and the secrets' values set by then.
 */
export class Service extends pulumi.ComponentResource {
  /** The resolved service this component builds. */
  readonly spec: ServiceSpec;
  readonly repository: aws.ecr.Repository;
  readonly repositoryUrl: pulumi.Output<string>;
  readonly logGroup: aws.cloudwatch.LogGroup;
  readonly executionRole: aws.iam.Role;
  readonly taskRole: aws.iam.Role;
  /** The image the tasks run; none in a bootstrap deploy of an `ssm:` image. */
  readonly image?: pulumi.Output<string>;
  /** The service's secrets (created empty), by their name under its namespace. */
  readonly secrets: Record<string, aws.secretsmanager.Secret>;
  readonly queues: Record<string, Queue>;
  readonly taskDefinitions: Partial<Record<ServiceMode, aws.ecs.TaskDefinition>>;
  readonly services: Partial<Record<"api" | "worker", aws.ecs.Service>>;
  readonly targetGroup?: aws.lb.TargetGroup;
  readonly securityGroup?: aws.ec2.SecurityGroup;
  readonly schedules: aws.scheduler.Schedule[];
  readonly scheduleDeadLetterQueue?: Queue;
  /** Alarms of the ECS services and the target group (the queues hold their own). */
  readonly alarms: aws.cloudwatch.MetricAlarm[];
  /** Saved CloudWatch Logs Insights queries over the service's log group. */
  readonly logQueries: aws.cloudwatch.QueryDefinition[];

  constructor(name: string, args: ServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    const spec = args.spec;
    const modes = new Set(spec.modes);
    const ecsExec = args.ecsExec ?? false;
    const listener = apiListener(args);
    if (ecsExec && args.execLogGroupArn === undefined) {
      throw new Error(`service ${spec.name}: ECS Exec needs the cluster's exec log group`);
    }
    super("platform:compute:Service", name, {}, opts);
    const scope: ServiceScope = { parent: this, name };
    const thresholds = resolveThresholds(args.alarmThresholds);

    const bootstrap = args.bootstrap ?? false;
    const { repository, image } = serviceImage(scope, args);
    const logGroup = serviceLogGroup(scope, args);
    const secrets = serviceSecrets(scope, args);
    const secretPrefixes = serviceSecretPrefixes(args);
    const roles = serviceRoles(scope, {
      ...args,
      repositoryArn: repository.arn,
      image,
      logGroupArn: logGroup.arn,
      secretPrefixes,
    });
    const queues = serviceQueues(scope, { ...args, thresholds });
    const taskPolicy = taskRolePolicy(scope, {
      ...args,
      taskRole: roles.taskRole,
      queueArns: Object.values(queues).map((q) => q.arn),
      ecsExec,
    });
    // Tasks and schedules start once their roles have their policies, and once the tables and the bus
    // they name exist.
    const prerequisites = [
      roles.executionPolicy,
      ...(taskPolicy ? [taskPolicy] : []),
      ...(args.events?.stores ?? []),
    ];

    // Held back in a bootstrap deploy: what runs the image (task definitions, ECS services, schedules).
    const tasks: ServiceTaskInputs | undefined =
      bootstrap || image === undefined
        ? undefined
        : {
            spec,
            baseName: args.baseName,
            region: args.region,
            ecsExec,
            executionRoleArn: roles.executionRole.arn,
            taskRoleArn: roles.taskRole.arn,
            image,
            environment: serviceEnvironment({
              spec,
              platformEnvironment: args.platformEnvironment,
              queueUrls: Object.fromEntries(Object.entries(queues).map(([q, queue]) => [q, queue.url])),
              eventEnvironment: args.events?.environment,
            }),
            secrets: containerSecrets(spec, secrets),
            logGroupName: logGroup.name,
          };
    const deployment: DeploymentInputs = {
      spec,
      clusterArn: args.clusterArn,
      clusterName: args.clusterName,
      capacityProviderStrategy: args.capacityProviderStrategy,
      capacityProviders: args.capacityProviders,
      subnetIds: args.subnetIds,
      alarmActions: args.alarmActions,
      ecsExec,
      prerequisites,
      thresholds,
    };
    const servicesSecurityGroupId = args.servicesSecurityGroupId;
    const api =
      listener === undefined
        ? undefined
        : serviceApi(scope, { vpcId: args.vpcId, listener, servicesSecurityGroupId, tasks, deployment });
    const worker =
      modes.has("worker") && tasks !== undefined
        ? serviceWorker(scope, { servicesSecurityGroupId, queues, tasks, deployment })
        : undefined;
    const cron = modes.has("cron")
      ? serviceCron(scope, {
          ...args,
          thresholds,
          executionRoleArn: roles.executionRole.arn,
          taskRoleArn: roles.taskRole.arn,
          securityGroups: [servicesSecurityGroupId],
          prerequisites,
          tasks,
        })
      : undefined;
    const logQueries = serviceLogQueryDefinitions(scope, { ...args, logGroup });

    this.spec = spec;
    this.repository = repository;
    this.repositoryUrl = repository.repositoryUrl;
    this.image = image;
    this.secrets = secrets;
    this.logGroup = logGroup;
    this.executionRole = roles.executionRole;
    this.taskRole = roles.taskRole;
    this.queues = queues;
    this.securityGroup = api?.securityGroup;
    this.targetGroup = api?.targetGroup;
    this.taskDefinitions = definedEntries({
      api: api?.taskDefinition,
      worker: worker?.taskDefinition,
      cron: cron?.taskDefinition,
    });
    this.services = definedEntries({ api: api?.service, worker: worker?.service });
    this.alarms = [...(api?.alarms ?? []), ...(worker?.alarms ?? [])];
    this.scheduleDeadLetterQueue = cron?.deadLetterQueue;
    this.schedules = cron?.schedules ?? [];
    this.logQueries = logQueries;

    this.registerOutputs({
      repositoryUrl: this.repositoryUrl,
      logGroupName: this.logGroup.name,
      executionRoleArn: this.executionRole.arn,
      taskRoleArn: this.taskRole.arn,
      image: this.image,
      secretArns: Object.fromEntries(Object.entries(this.secrets).map(([k, s]) => [k, s.arn])),
      queueUrls: Object.fromEntries(Object.entries(this.queues).map(([k, q]) => [k, q.url])),
      securityGroupId: this.securityGroup?.id,
      targetGroupArn: this.targetGroup?.arn,
      serviceNames: Object.fromEntries(Object.entries(this.services).map(([k, s]) => [k, s.name])),
      scheduleNames: this.schedules.map((s) => s.name),
      alarmArns: this.alarms.map((a) => a.arn),
      logQueryNames: this.logQueries.map((q) => q.name),
    });
  }
}

/** The listener of an api service; none for a service without the api mode. */
function apiListener(args: ServiceArgs): ServiceListener | undefined {
  if (!args.spec.modes.includes("api")) {
    return undefined;
  }
  if (args.listener === undefined) {
    throw new Error(`service ${args.spec.name}: api mode needs a listener`);
  }
  return args.listener;
}

/** The entries whose value is defined, in their order. */
function definedEntries<K extends string, V>(entries: Record<K, V | undefined>): Partial<Record<K, V>> {
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined)) as Partial<
    Record<K, V>
  >;
}
