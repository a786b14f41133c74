/**
 * The container definition of a service's task, as plain data (tested without mocks). Every mode runs the
 * same image; modes differ in command, port and stop timeout.
 */
import { ServiceMode, ServiceSpec } from "./serviceSpec";

/** Name of the one container of every task. */
export const CONTAINER_NAME = "app";

/**
 * Whether the container's root filesystem is read-only: the service's choice (read-only by default),
 * except with ECS Exec, which AWS does not support on a read-only root filesystem (ECS developer guide,
 * "ECS Exec considerations"). Turn ECS Exec off (platform:ecsExec) to keep the root read-only.
 */
export function readOnlyRoot(spec: ServiceSpec, ecsExec: boolean): boolean {
  return spec.readonlyRootFilesystem && !ecsExec;
}

/** Volumes a task gets: a writable /tmp when its root filesystem is read-only. */
export function taskVolumes(spec: ServiceSpec, ecsExec: boolean): { name: string; containerPath: string }[] {
  return readOnlyRoot(spec, ecsExec) ? [{ name: "tmp", containerPath: "/tmp" }] : [];
}

export interface ContainerParams {
  spec: ServiceSpec;
  mode: ServiceMode;
  image: string;
  /** Plain environment: the service's own plus the `PLATFORM_*` values. */
  environment: Record<string, string>;
  /** Container secrets: variable name to `valueFrom` ARN. */
  secrets: Record<string, string>;
  logGroupName: string;
  region: string;
  ecsExec: boolean;
}

/** Command of a mode: the worker's own, else the service's, else the image's. */
export function commandOf(spec: ServiceSpec, mode: ServiceMode): string[] | undefined {
  return mode === "worker" ? (spec.worker?.command ?? spec.command) : spec.command;
}

export function containerDefinition(p: ContainerParams): Record<string, unknown> {
  const command = commandOf(p.spec, p.mode);
  const sorted = (o: Record<string, string>): [string, string][] =>
    Object.entries(o).sort(([a], [b]) => a.localeCompare(b));
  return {
    name: CONTAINER_NAME,
    image: p.image,
    essential: true,
    ...(command === undefined ? {} : { command }),
    portMappings:
      p.mode === "api"
        ? [
            {
              name: "http",
              containerPort: p.spec.port,
              hostPort: p.spec.port,
              protocol: "tcp",
              appProtocol: "http",
            },
          ]
        : [],
    environment: sorted(p.environment).map(([name, value]) => ({ name, value })),
    secrets: sorted(p.secrets).map(([name, valueFrom]) => ({ name, valueFrom })),
    user: p.spec.user,
    readonlyRootFilesystem: readOnlyRoot(p.spec, p.ecsExec),
    mountPoints: taskVolumes(p.spec, p.ecsExec).map((v) => ({
      sourceVolume: v.name,
      containerPath: v.containerPath,
      readOnly: false,
    })),
    linuxParameters: { initProcessEnabled: true },
    // A worker gets the longest Fargate allows to finish the message in hand when it is scaled in.
    stopTimeout: p.mode === "worker" ? 120 : 30,
    logConfiguration: {
      logDriver: "awslogs",
      options: {
        "awslogs-group": p.logGroupName,
        "awslogs-region": p.region,
        "awslogs-stream-prefix": p.mode,
        mode: "non-blocking",
        "max-buffer-size": "25m",
      },
    },
  };
}

/** The RunTask request a schedule sends (EventBridge Scheduler universal target `ecs:runTask`). */
export function runTaskRequest(p: {
  clusterArn: string;
  taskDefinitionArn: string;
  subnetIds: string[];
  securityGroupIds: string[];
  capacityProviderStrategy: { capacityProvider: string; base: number; weight: number }[];
  command?: string[];
}): Record<string, unknown> {
  return {
    cluster: p.clusterArn,
    taskDefinition: p.taskDefinitionArn,
    count: 1,
    capacityProviderStrategy: p.capacityProviderStrategy,
    networkConfiguration: {
      awsvpcConfiguration: {
        subnets: p.subnetIds,
        securityGroups: p.securityGroupIds,
        assignPublicIp: "DISABLED",
      },
    },
    propagateTags: "TASK_DEFINITION",
    ...(p.command === undefined
      ? {}
      : { overrides: { containerOverrides: [{ name: CONTAINER_NAME, command: p.command }] } }),
  };
}
