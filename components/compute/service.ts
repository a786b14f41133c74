import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Queue, QueueSender } from "../messaging/queue";
import { AlarmThresholds, createAlarms, resolveThresholds } from "../shared/alarms";
import { ecsServiceAlarms, targetGroupAlarms } from "../shared/alarmSets";
import { encryptedLogGroup } from "../shared/logGroup";
import { serviceLogQueries } from "../shared/logQueries";
import { serviceTrustPolicy } from "../shared/policies";
import { CapacityProviderStrategyItem } from "./cluster";
import { ecrRepositoryArn, parseImageRef } from "./image";
import {
  executionRoleStatements,
  schedulerRoleStatements,
  secretNamespace,
  secretPrefixes,
  secretValueFrom,
  taskRoleStatements,
} from "./servicePolicies";
import { RESERVED_ENV_PREFIX } from "../shared/naming";
import { ServiceMode, ServiceSpec } from "./serviceSpec";
import { CONTAINER_NAME, runTaskRequest, taskContainers, taskVolumes } from "./taskDefinition";
// Events (issue 11): tables, the event bus and the rules that feed the service's queues.
import { TableAccess } from "../data/tableSpec";

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
  // Observability (issue 8)
  /**
   * Where the service's alarms notify (SNS topic ARNs), on ALARM and OK: CPU, memory and running tasks
   * of each ECS service, unhealthy targets of the api, and its queues' alarms. Default: nowhere (the
   * environment wires them to its alert topic).
   */
  alarmActions?: pulumi.Input<string>[];
  /** Alarm thresholds; any left out take DEFAULT_ALARM_THRESHOLDS. */
  alarmThresholds?: Partial<AlarmThresholds>;
  // Events (issue 11)
  /** Tables, event bus and EventBridge rules the service is wired to (stacks/events.ts). Default: none. */
  events?: ServiceEventAccess;
}

/** What the events module grants a service and routes to it (issue 11). */
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

/** Platform variable name of a queue's URL: `PLATFORM_QUEUE_<NAME>_URL`. */
export function queueUrlVariable(queue: string): string {
  return `${RESERVED_ENV_PREFIX}QUEUE_${queue.toUpperCase().replace(/-/g, "_")}_URL`;
}

/** Universal target of EventBridge Scheduler that calls ECS RunTask with a full request. */
export const RUN_TASK_TARGET = "arn:aws:scheduler:::aws-sdk:ecs:runTask";

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
 * default), gets secrets injected from Secrets Manager or SSM, and has a task role and an execution role
 * that reach only the service's own resources. The service has one ECR repository (KMS, scan on push,
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
 */
export class Service extends pulumi.ComponentResource {
  /** The resolved service this component builds. */
  readonly spec: ServiceSpec;
  readonly repository: aws.ecr.Repository;
  readonly repositoryUrl: pulumi.Output<string>;
  readonly logGroup: aws.cloudwatch.LogGroup;
  readonly executionRole: aws.iam.Role;
  readonly taskRole: aws.iam.Role;
  readonly image: pulumi.Output<string>;
  readonly queues: Record<string, Queue> = {};
  readonly taskDefinitions: Partial<Record<ServiceMode, aws.ecs.TaskDefinition>> = {};
  readonly services: Partial<Record<"api" | "worker", aws.ecs.Service>> = {};
  readonly targetGroup?: aws.lb.TargetGroup;
  readonly securityGroup?: aws.ec2.SecurityGroup;
  readonly schedules: aws.scheduler.Schedule[] = [];
  readonly scheduleDeadLetterQueue?: Queue;
  /** Alarms of the ECS services and the target group (the queues hold their own). */
  readonly alarms: aws.cloudwatch.MetricAlarm[] = [];
  /** Saved CloudWatch Logs Insights queries over the service's log group. */
  readonly logQueries: aws.cloudwatch.QueryDefinition[];

  constructor(name: string, args: ServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    const spec = args.spec;
    const modes = new Set(spec.modes);
    const ecsExec = args.ecsExec ?? false;
    if (modes.has("api") && args.listener === undefined) {
      throw new Error(`service ${spec.name}: api mode needs a listener`);
    }
    if (ecsExec && args.execLogGroupArn === undefined) {
      throw new Error(`service ${spec.name}: ECS Exec needs the cluster's exec log group`);
    }
    super("platform:compute:Service", name, {}, opts);
    this.spec = spec;
    const parent = { parent: this };
    const stateful = { parent: this, protect: args.protect ?? false };
    const thresholds = resolveThresholds(args.alarmThresholds);

    // --- Image: repository, and the reference to deploy.
    this.repository = new aws.ecr.Repository(
      `${name}-repo`,
      {
        name: `${args.baseName}/${spec.name}`,
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: args.kmsKeyArn }],
        forceDelete: false,
      },
      stateful,
    );
    this.repositoryUrl = this.repository.repositoryUrl;
    new aws.ecr.LifecyclePolicy(
      `${name}-repo-lifecycle`,
      {
        repository: this.repository.name,
        policy: JSON.stringify({
          rules: [
            {
              rulePriority: 1,
              description: "Expire untagged images after 7 days",
              selection: {
                tagStatus: "untagged",
                countType: "sinceImagePushed",
                countUnit: "days",
                countNumber: 7,
              },
              action: { type: "expire" },
            },
            {
              rulePriority: 2,
              description: "Keep the 50 most recent images",
              selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 50 },
              action: { type: "expire" },
            },
          ],
        }),
      },
      parent,
    );
    this.image =
      spec.image.kind === "ref"
        ? pulumi.output(spec.image.ref)
        : imageFromParameter(spec.name, spec.image.parameter, this);

    // --- Logs and roles.
    this.logGroup = encryptedLogGroup(
      `${name}-logs`,
      {
        logGroupName: `/ecs/${args.baseName}/${spec.name}`,
        retentionInDays: args.logRetentionDays,
        kmsKeyArn: args.kmsKeyArn,
      },
      parent,
    );
    this.executionRole = new aws.iam.Role(
      `${name}-execution`,
      {
        description: `ECS starts the tasks of ${spec.name}: pulls its image, writes its logs, reads its secrets`,
        assumeRolePolicy: serviceTrustPolicy("ecs-tasks.amazonaws.com", args.accountId),
      },
      parent,
    );
    this.taskRole = new aws.iam.Role(
      `${name}-task`,
      {
        description: `What the code of ${spec.name} may do`,
        assumeRolePolicy: serviceTrustPolicy("ecs-tasks.amazonaws.com", args.accountId),
      },
      parent,
    );

    const namespace = secretNamespace(args.baseName, spec.name);
    const prefixes = pulumi
      .output(args.accountId)
      .apply((account) => secretPrefixes(args.region, account, namespace));
    const secretRefs = Object.values(spec.secrets);
    const executionPolicy = new aws.iam.RolePolicy(
      `${name}-execution-policy`,
      {
        role: this.executionRole.id,
        policy: pulumi
          .all([this.repository.arn, this.image, this.logGroup.arn, args.kmsKeyArn, prefixes])
          .apply(([repo, image, logGroupArn, kmsKeyArn, p]) => {
            const pinned = ecrRepositoryArn(image);
            return JSON.stringify({
              Version: "2012-10-17",
              Statement: executionRoleStatements({
                region: args.region,
                repositoryArns: pinned === undefined ? [repo] : [repo, pinned],
                logGroupArn,
                kmsKeyArn,
                secrets: secretRefs,
                prefixes: p,
              }),
            });
          }),
      },
      parent,
    );

    // --- Queues: the service's own, each with its dead-letter queue.
    for (const q of spec.queues) {
      this.queues[q.name] = new Queue(
        `${name}-${q.name}`,
        {
          kmsKeyArn: args.kmsKeyArn,
          visibilityTimeoutSeconds: q.visibilityTimeoutSeconds,
          messageRetentionSeconds: q.retentionDays * 86400,
          maxReceiveCount: q.maxReceiveCount,
          protect: args.protect,
          // Events (issue 11): rules on the environment's bus that deliver to this queue.
          senders: eventSenders(args.events?.queueEventRules[q.name]),
          alarmActions: args.alarmActions,
          alarmThresholds: thresholds,
        },
        parent,
      );
    }
    const queueArns = Object.values(this.queues).map((q) => q.arn);
    // Tasks start only once ECS may pull and log for them, and their code has its permissions: a first
    // deployment that fails for want of them would trip the circuit breaker.
    const rolePolicies: pulumi.Resource[] = [executionPolicy];
    // Events (issue 11): the tables and the bus the service names.
    const tableGrants = args.events?.tables ?? [];
    const eventBusArn = args.events?.eventBusArn;
    if (
      queueArns.length > 0 ||
      ecsExec ||
      tableGrants.length > 0 ||
      eventBusArn !== undefined ||
      spec.tracing
    ) {
      const taskPolicy = new aws.iam.RolePolicy(
        `${name}-task-policy`,
        {
          role: this.taskRole.id,
          policy: pulumi
            .all([
              pulumi.all(queueArns),
              args.kmsKeyArn,
              args.execLogGroupArn,
              pulumi.all(tableGrants.map((t) => t.arn)),
              eventBusArn,
            ])
            .apply(([arns, kmsKeyArn, exec, tableArns, busArn]) =>
              JSON.stringify({
                Version: "2012-10-17",
                Statement: taskRoleStatements({
                  region: args.region,
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
        parent,
      );
      rolePolicies.push(taskPolicy);
    }
    // ... and once the tables and the bus it names exist.
    const prerequisites = [...rolePolicies, ...(args.events?.stores ?? [])];

    // --- Task definitions: one family per mode, the same image and settings.
    const environment: Record<string, pulumi.Input<string>> = {
      ...spec.environment,
      ...args.platformEnvironment,
      [`${RESERVED_ENV_PREFIX}SERVICE`]: spec.name,
      ...Object.fromEntries(
        Object.entries(this.queues).map(([q, queue]) => [queueUrlVariable(q), queue.url]),
      ),
      ...args.events?.environment,
    };
    const containerSecrets = prefixes.apply((p) =>
      Object.fromEntries(Object.entries(spec.secrets).map(([k, ref]) => [k, secretValueFrom(ref, p)])),
    );
    const taskDefinition = (mode: ServiceMode): aws.ecs.TaskDefinition => {
      const td = new aws.ecs.TaskDefinition(
        `${name}-${mode}`,
        {
          family: `${args.baseName}-${spec.name}-${mode}`,
          requiresCompatibilities: ["FARGATE"],
          networkMode: "awsvpc",
          cpu: String(spec.cpu),
          memory: String(spec.memory),
          runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
          executionRoleArn: this.executionRole.arn,
          taskRoleArn: this.taskRole.arn,
          volumes: taskVolumes(spec, ecsExec).map((v) => ({ name: v.name })),
          containerDefinitions: pulumi
            .all([this.image, pulumi.all(environment), containerSecrets, this.logGroup.name])
            .apply(([image, env, secrets, logGroupName]) =>
              JSON.stringify(
                taskContainers({
                  spec,
                  mode,
                  image,
                  environment: { ...env, [`${RESERVED_ENV_PREFIX}MODE`]: mode },
                  secrets,
                  logGroupName,
                  region: args.region,
                  ecsExec,
                }),
              ),
            ),
          // Follow revisions CI registers in the family, and keep old revisions for rollbacks.
          trackLatest: true,
          skipDestroy: true,
        },
        parent,
      );
      this.taskDefinitions[mode] = td;
      return td;
    };

    const securityGroups: pulumi.Input<string>[] = [args.servicesSecurityGroupId];
    const scaling = (mode: "api" | "worker", service: aws.ecs.Service): aws.appautoscaling.Target => {
      const target = new aws.appautoscaling.Target(
        `${name}-${mode}-scaling`,
        {
          serviceNamespace: "ecs",
          scalableDimension: "ecs:service:DesiredCount",
          resourceId: pulumi.interpolate`service/${args.clusterName}/${service.name}`,
          minCapacity: spec.minTasks,
          maxCapacity: spec.maxTasks,
        },
        parent,
      );
      new aws.appautoscaling.Policy(
        `${name}-${mode}-cpu`,
        {
          policyType: "TargetTrackingScaling",
          serviceNamespace: target.serviceNamespace,
          scalableDimension: target.scalableDimension,
          resourceId: target.resourceId,
          targetTrackingScalingPolicyConfiguration: {
            predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
            targetValue: spec.cpuTarget,
            scaleInCooldown: 300,
            scaleOutCooldown: 60,
          },
        },
        parent,
      );
      return target;
    };
    const ecsService = (
      mode: "api" | "worker",
      td: aws.ecs.TaskDefinition,
      extra: Partial<aws.ecs.ServiceArgs>,
      dependsOn: pulumi.Resource[],
    ): aws.ecs.Service => {
      const service = new aws.ecs.Service(
        `${name}-${mode}`,
        {
          cluster: args.clusterArn,
          taskDefinition: td.arn,
          desiredCount: spec.minTasks,
          capacityProviderStrategies: args.capacityProviderStrategy,
          // Changing the strategy (fargateBaseTasks, fargateSpotPercent) takes a new deployment.
          forceNewDeployment: true,
          networkConfiguration: {
            subnets: args.subnetIds,
            securityGroups: mode === "api" ? [...securityGroups, this.securityGroup!.id] : securityGroups,
            assignPublicIp: false,
          },
          deploymentCircuitBreaker: { enable: true, rollback: true },
          deploymentMinimumHealthyPercent: 100,
          deploymentMaximumPercent: 200,
          availabilityZoneRebalancing: "ENABLED",
          enableExecuteCommand: ecsExec,
          enableEcsManagedTags: true,
          propagateTags: "SERVICE",
          waitForSteadyState: false,
          ...extra,
        },
        // Autoscaling owns the desired count after the first deployment.
        {
          parent: this,
          ignoreChanges: ["desiredCount"],
          dependsOn: [
            ...dependsOn,
            ...prerequisites,
            ...(args.capacityProviders ? [args.capacityProviders] : []),
          ],
        },
      );
      this.services[mode] = service;
      this.alarms.push(
        ...createAlarms(
          this,
          `${name}-${mode}`,
          ecsServiceAlarms(
            {
              label: `Service ${spec.name} (${mode})`,
              clusterName: args.clusterName,
              serviceName: service.name,
            },
            thresholds,
          ),
          args.alarmActions,
        ),
      );
      return service;
    };

    // --- api: target group and path rules on the listener, behind its own security group.
    if (modes.has("api")) {
      const listener = args.listener!;
      this.securityGroup = new aws.ec2.SecurityGroup(
        `${name}-api-sg`,
        { vpcId: args.vpcId, description: `${spec.name} api tasks: the load balancer only` },
        parent,
      );
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-api-from-lb`,
        {
          securityGroupId: this.securityGroup.id,
          referencedSecurityGroupId: listener.securityGroupId,
          ipProtocol: "tcp",
          fromPort: spec.port,
          toPort: spec.port,
          description: "From the load balancer",
        },
        parent,
      );
      new aws.vpc.SecurityGroupEgressRule(
        `${name}-lb-to-api`,
        {
          securityGroupId: listener.securityGroupId,
          referencedSecurityGroupId: this.securityGroup.id,
          ipProtocol: "tcp",
          fromPort: spec.port,
          toPort: spec.port,
          description: `To the ${spec.name} api tasks`,
        },
        parent,
      );
      this.targetGroup = new aws.lb.TargetGroup(
        `${name}-tg`,
        {
          vpcId: args.vpcId,
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
        parent,
      );
      const rules = spec.routes.map(
        (route, i) =>
          new aws.lb.ListenerRule(
            `${name}-rule-${i}`,
            {
              listenerArn: listener.listenerArn,
              priority: route.priority,
              conditions: [{ pathPattern: { values: [route.path] } }],
              actions: [{ type: "forward", targetGroupArn: this.targetGroup!.arn }],
            },
            parent,
          ),
      );
      const td = taskDefinition("api");
      // ECS attaches a target group only once it is associated with a load balancer: after the rules.
      const service = ecsService(
        "api",
        td,
        {
          loadBalancers: [
            { targetGroupArn: this.targetGroup.arn, containerName: CONTAINER_NAME, containerPort: spec.port },
          ],
          healthCheckGracePeriodSeconds: 60,
        },
        rules,
      );
      this.alarms.push(
        ...createAlarms(
          this,
          `${name}-tg`,
          targetGroupAlarms({
            label: `Service ${spec.name} (api targets)`,
            targetGroupArnSuffix: this.targetGroup.arnSuffix,
            loadBalancerArnSuffix: listener.loadBalancerArnSuffix,
          }),
          args.alarmActions,
        ),
      );
      const target = scaling("api", service);
      new aws.appautoscaling.Policy(
        `${name}-api-requests`,
        {
          policyType: "TargetTrackingScaling",
          serviceNamespace: target.serviceNamespace,
          scalableDimension: target.scalableDimension,
          resourceId: target.resourceId,
          targetTrackingScalingPolicyConfiguration: {
            predefinedMetricSpecification: {
              predefinedMetricType: "ALBRequestCountPerTarget",
              resourceLabel: pulumi.interpolate`${listener.loadBalancerArnSuffix}/${this.targetGroup.arnSuffix}`,
            },
            targetValue: spec.requestsPerTarget,
            scaleInCooldown: 300,
            scaleOutCooldown: 60,
          },
        },
        parent,
      );
    }

    // --- worker: no load balancer; scales on CPU and on the backlog of its queue.
    if (modes.has("worker")) {
      const td = taskDefinition("worker");
      const service = ecsService("worker", td, {}, []);
      const target = scaling("worker", service);
      const queue = spec.worker?.queue === undefined ? undefined : this.queues[spec.worker.queue];
      if (queue) {
        new aws.appautoscaling.Policy(
          `${name}-worker-backlog`,
          {
            policyType: "TargetTrackingScaling",
            serviceNamespace: target.serviceNamespace,
            scalableDimension: target.scalableDimension,
            resourceId: target.resourceId,
            targetTrackingScalingPolicyConfiguration: {
              customizedMetricSpecification: {
                metrics: backlogPerTaskMetrics(queue.queueName, args.clusterName, service.name),
              },
              targetValue: spec.worker!.backlogPerTask,
              scaleInCooldown: 300,
              scaleOutCooldown: 60,
            },
          },
          parent,
        );
      }
    }

    // --- cron: schedules that run the task with a command override; failed runs go to a dead-letter queue.
    if (modes.has("cron")) {
      const td = taskDefinition("cron");
      this.scheduleDeadLetterQueue = new Queue(
        `${name}-schedules-dlq`,
        {
          kmsKeyArn: args.kmsKeyArn,
          deadLetterQueue: false,
          messageRetentionSeconds: 1209600,
          protect: args.protect,
          alarmActions: args.alarmActions,
          alarmThresholds: thresholds,
        },
        parent,
      );
      const role = new aws.iam.Role(
        `${name}-scheduler`,
        {
          description: `EventBridge Scheduler runs the scheduled tasks of ${spec.name}`,
          assumeRolePolicy: serviceTrustPolicy("scheduler.amazonaws.com", args.accountId),
        },
        parent,
      );
      const rolePolicy = new aws.iam.RolePolicy(
        `${name}-scheduler-policy`,
        {
          role: role.id,
          policy: pulumi
            .all([
              args.accountId,
              args.clusterArn,
              pulumi.all([this.executionRole.arn, this.taskRole.arn]),
              this.scheduleDeadLetterQueue.arn,
              args.kmsKeyArn,
            ])
            .apply(([accountId, clusterArn, roles, dlq, kmsKeyArn]) =>
              JSON.stringify({
                Version: "2012-10-17",
                Statement: schedulerRoleStatements({
                  region: args.region,
                  accountId,
                  family: `${args.baseName}-${spec.name}-cron`,
                  clusterArn,
                  passRoleArns: roles,
                  deadLetterArn: dlq,
                  kmsKeyArn,
                }),
              }),
            ),
        },
        parent,
      );
      for (const schedule of spec.schedules) {
        this.schedules.push(
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
                  .all([args.clusterArn, td.arn, pulumi.all(args.subnetIds), pulumi.all(securityGroups)])
                  .apply(([clusterArn, taskDefinitionArn, subnetIds, securityGroupIds]) =>
                    JSON.stringify(
                      runTaskRequest({
                        clusterArn,
                        taskDefinitionArn,
                        subnetIds,
                        securityGroupIds,
                        capacityProviderStrategy: args.capacityProviderStrategy,
                        command: schedule.command ?? spec.command,
                      }),
                    ),
                  ),
                retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
                deadLetterConfig: { arn: this.scheduleDeadLetterQueue.arn },
              },
            },
            // The schedule's first run needs its role's and the task's permissions in place.
            {
              parent: this,
              dependsOn: [
                rolePolicy,
                ...prerequisites,
                ...(args.capacityProviders ? [args.capacityProviders] : []),
              ],
            },
          ),
        );
      }
    }

    // Container logs, searchable: saved Logs Insights queries in the console's folder of the service.
    this.logQueries = serviceLogQueries(args.baseName, spec.name).map(
      (q) =>
        new aws.cloudwatch.QueryDefinition(
          `${name}-query-${q.id}`,
          { name: q.name, queryString: q.query, logGroupNames: [this.logGroup.name] },
          parent,
        ),
    );

    this.registerOutputs({
      repositoryUrl: this.repositoryUrl,
      logGroupName: this.logGroup.name,
      executionRoleArn: this.executionRole.arn,
      taskRoleArn: this.taskRole.arn,
      image: this.image,
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

/** Events (issue 11): EventBridge may send to a queue for the given rules only; none without rules. */
function eventSenders(ruleArns: pulumi.Input<string>[] | undefined): QueueSender[] | undefined {
  return ruleArns === undefined || ruleArns.length === 0
    ? undefined
    : [{ service: "events.amazonaws.com", sourceArns: ruleArns }];
}

/** The image reference held by an SSM parameter, read at every deployment and checked for a tag or digest. */
function imageFromParameter(
  service: string,
  parameter: string,
  parent: pulumi.Resource,
): pulumi.Output<string> {
  return aws.ssm.getParameterOutput({ name: parameter }, { parent }).insecureValue.apply((value) => {
    const parsed = parseImageRef(value);
    if (typeof parsed === "string") {
      throw new Error(
        `service ${service}: SSM parameter ${parameter} holds ${JSON.stringify(value)}, which ${parsed}`,
      );
    }
    return value;
  });
}
