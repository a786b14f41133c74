/**
 * The container definition of a service's task, as plain data (tested without mocks). Every mode runs the
 * same image; modes differ in command, port and stop timeout.
 */
import { ServiceMode, ServiceSpec } from "./serviceSpec";

/** Name of the service's own container (every task has it; traced tasks also run the collector). */
export const CONTAINER_NAME = "app";

/**
 * Whether the container's root filesystem is read-only: the service's choice (read-only by default),
 * except with ECS Exec, which AWS does not support on a read-only root filesystem (ECS developer guide,
 * "ECS Exec considerations"). Turn ECS Exec off (platform:ecsExec) to keep the root read-only.
 */
export function readOnlyRoot(spec: ServiceSpec, ecsExec: boolean): boolean {
  return spec.readonlyRootFilesystem && !ecsExec;
}

// The opt-in OpenTelemetry collector sidecar (`tracing: true`).
/** Name of the collector sidecar. */
export const COLLECTOR_NAME = "otel-collector";
/**
 * AWS Distro for OpenTelemetry collector, pinned. Pulled from the public ECR gallery (through the NAT
 * gateways); move it to a mirror in the account when the NAT path must not be used.
 */
export const COLLECTOR_IMAGE = "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3";
/**
 * The image's built-in configuration that receives OTLP (gRPC 4317, HTTP 4318) and exports traces to
 * X-Ray only: the default configuration also writes metrics through EMF into a log group the platform
 * does not create (without the environment key or retention).
 */
export const COLLECTOR_CONFIG = "/etc/ecs/ecs-xray.yaml";
/** The collector image's own non-root user. */
export const COLLECTOR_USER = "10001";

/** Variables that point an OpenTelemetry SDK at the sidecar; a service's own `environment` overrides them. */
export function tracingEnvironment(spec: ServiceSpec): Record<string, string> {
  if (!spec.tracing) {
    return {};
  }
  return {
    OTEL_SERVICE_NAME: spec.name,
    OTEL_EXPORTER_OTLP_ENDPOINT: "http://localhost:4317",
    OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
    OTEL_PROPAGATORS: "tracecontext,baggage,xray",
  };
}

/** The collector sidecar: not essential (the service keeps running without traces), read-only, non-root. */
export function collectorContainer(p: { logGroupName: string; region: string }): Record<string, unknown> {
  return {
    name: COLLECTOR_NAME,
    image: COLLECTOR_IMAGE,
    essential: false,
    command: [`--config=${COLLECTOR_CONFIG}`],
    user: COLLECTOR_USER,
    readonlyRootFilesystem: true,
    memoryReservation: 64,
    healthCheck: { command: ["/healthcheck"], interval: 30, timeout: 5, retries: 3, startPeriod: 10 },
    logConfiguration: {
      logDriver: "awslogs",
      options: {
        "awslogs-group": p.logGroupName,
        "awslogs-region": p.region,
        "awslogs-stream-prefix": "otel",
        mode: "non-blocking",
        "max-buffer-size": "25m",
      },
    },
  };
}

/** Every container of a task: the service's, and with `tracing` the collector it starts after. */
export function taskContainers(p: ContainerParams): Record<string, unknown>[] {
  const app = containerDefinition(p);
  if (!p.spec.tracing) {
    return [app];
  }
  return [
    { ...app, dependsOn: [{ containerName: COLLECTOR_NAME, condition: "START" }] },
    collectorContainer(p),
  ];
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
    environment: sorted({ ...tracingEnvironment(p.spec), ...p.environment }).map(([name, value]) => ({
      name,
      value,
    })),
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
