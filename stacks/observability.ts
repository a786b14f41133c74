/**
 * Observability and operations of an environment. Every component raises its own alarms;
 * {@link alarmWiring} is the one place that points them all at the environment's alert topic, with the
 * thresholds of the stack's tier. {@link buildObservability} adds what spans components: the dashboard
 * of the request path and the AWS Backup plan of the stateful stores. stacks/environment.ts calls both;
 * {@link observabilityOutputs} is the matching part of the stack outputs.
 */
import * as pulumi from "@pulumi/pulumi";

import { VPN_METRIC } from "../components/access/vpnScripts";
import { VpnServer } from "../components/access/vpnServer";
import { ConfluentCluster } from "../components/messaging/confluent";
import { MskCluster } from "../components/messaging/msk";
import { Network } from "../components/network/network";
import { backupCopyRegionFor, BackupPlan } from "../components/observability/backup";
import {
  Dashboard,
  DashboardService,
  DashboardSources,
  servicePages,
} from "../components/observability/dashboard";
import { AlarmThresholds, AlarmWiring } from "../components/shared/alarms";
import { StackConfig } from "./config";
import { EnvironmentContext } from "./context";
import { DataStores } from "./dataStores";
import { EdgeEnvironment } from "./edge";
import { EventsEnvironment } from "./events";
import { ObservabilityOutputs } from "./outputs";

/** The alarm thresholds of a stack: its tier's defaults, or the stack's own values. */
/** What the alarm thresholds read of the stack config. */
export type AlarmConfig = Pick<
  StackConfig,
  | "alarmAlb5xxPercent"
  | "alarmAlbResponseTimeMs"
  | "alarmCpuPercent"
  | "alarmMemoryPercent"
  | "alarmReplicaLagSeconds"
  | "alarmDbConnectionsPercent"
  | "alarmCacheEvictions"
  | "alarmQueueAgeSeconds"
  | "alarmWafBlockedRequests"
>;

export function alarmThresholdsOf(config: AlarmConfig): AlarmThresholds {
  return {
    alb5xxPercent: config.alarmAlb5xxPercent,
    albResponseTimeMs: config.alarmAlbResponseTimeMs,
    cpuPercent: config.alarmCpuPercent,
    memoryPercent: config.alarmMemoryPercent,
    replicaLagSeconds: config.alarmReplicaLagSeconds,
    dbConnectionsPercent: config.alarmDbConnectionsPercent,
    cacheEvictions: config.alarmCacheEvictions,
    queueAgeSeconds: config.alarmQueueAgeSeconds,
    wafBlockedRequests: config.alarmWafBlockedRequests,
  };
}

/** What every alarm-raising component of the environment gets: the alert topic and the stack's thresholds. */
export function alarmWiring(config: AlarmConfig, alertTopicArn: pulumi.Input<string>): AlarmWiring {
  return { alarmActions: [alertTopicArn], alarmThresholds: alarmThresholdsOf(config) };
}

/** The region every recovery point is copied to, or undefined when the stack keeps no copy. */
export function backupCopyRegionOf(
  config: Pick<StackConfig, "region" | "backupCrossRegionCopy" | "backupCopyRegion">,
): string | undefined {
  return config.backupCrossRegionCopy
    ? backupCopyRegionFor(config.region, config.backupCopyRegion)
    : undefined;
}

/** What the dashboard and the backup plan read of the stack config. */
export type ObservabilityConfig = Pick<
  StackConfig,
  | "region"
  | "mskBrokerCount"
  | "backupRetentionDays"
  | "backupVaultLock"
  | "backupCrossRegionCopy"
  | "backupCopyRegion"
  | "kmsDeletionWindowDays"
  | "protectStatefulResources"
>;

/** The environment's shared things, the alert topic, and every component the dashboard and backups read. */
export interface ObservabilityOptions extends EnvironmentContext {
  readonly alertTopicArn: pulumi.Input<string>;
  readonly network: Network;
  readonly edge: EdgeEnvironment;
  readonly data: DataStores;
  readonly kafka?: MskCluster | ConfluentCluster;
  readonly vpn?: VpnServer;
  /** The bus, rules and functions: their queues and functions are on the dashboard. */
  readonly events?: EventsEnvironment;
  /**
   * ARNs of further stateful stores to back up (DynamoDB tables, ...), beside the ones found in `data`
   * (the Postgres primary and the file storage bucket).
   */
  readonly backupResources?: pulumi.Input<string>[];
}

export interface Observability {
  dashboard: Dashboard;
  /** The further dashboards of an environment with more than SERVICES_PER_DASHBOARD services. */
  serviceDashboards: Dashboard[];
  backup: BackupPlan;
}

/** One service as the dashboard shows it; its target group is behind the load balancer of its ingress. */
function dashboardService(
  s: EdgeEnvironment["services"][string],
  clusterName: pulumi.Output<string>,
  loadBalancers: Record<"public" | "internal", pulumi.Output<string>>,
): pulumi.Output<DashboardService> {
  return pulumi.output({
    name: s.spec.name,
    ingress: s.spec.ingress,
    clusterName,
    ecsServices: Object.entries(s.services).map(([mode, svc]) => ({ mode, serviceName: svc.name })),
    targetGroup:
      s.targetGroup === undefined
        ? undefined
        : { arnSuffix: s.targetGroup.arnSuffix, loadBalancerArnSuffix: loadBalancers[s.spec.ingress] },
    queues: [
      ...Object.entries(s.queues).map(([name, q]) => ({
        name,
        queueName: q.queueName,
        deadLetterQueueName: q.deadLetterQueue?.name,
      })),
      ...(s.scheduleDeadLetterQueue === undefined
        ? []
        : [{ name: "schedules", deadLetterQueueName: s.scheduleDeadLetterQueue.queueName }]),
    ],
  });
}

/** The event bus's, rules' and functions' dead-letter queues, and the functions, as the dashboard shows them. */
function eventSources(events: EventsEnvironment | undefined) {
  if (events === undefined) {
    return {};
  }
  const deadLetters = (name: string, q: { queueName: pulumi.Output<string> }) => ({
    name,
    deadLetterQueueName: q.queueName,
  });
  return {
    eventQueues: [
      ...(events.bus === undefined ? [] : [deadLetters("bus", events.bus.deadLetterQueue)]),
      ...Object.entries(events.rules).map(([name, r]) => deadLetters(`rule ${name}`, r.deadLetterQueue)),
      ...Object.entries(events.functions).map(([name, f]) => deadLetters(`function ${name}`, f.failureQueue)),
    ],
    functions: Object.entries(events.functions).map(([name, f]) => ({
      name,
      functionName: f.functionName,
    })),
  };
}

/** The ARNs the backup plan selects: the Postgres primary, the file storage bucket, and any given. */
export function backupResourcesOf(
  inputs: Pick<ObservabilityOptions, "data" | "backupResources">,
): pulumi.Input<string>[] {
  return [
    inputs.data.postgres.instance.arn,
    inputs.data.fileStorage.bucketArn,
    ...(inputs.backupResources ?? []),
  ];
}

/**
 * What spans the environment's components: the dashboard of the request path, and the backup plan of its
 * stateful stores (copied to a second region and locked as the tier says). Call it after every component
 * it reads exists.
 */
export function buildObservability(
  config: ObservabilityConfig,
  options: ObservabilityOptions,
): Observability {
  const { baseName, edge, data, network, inAccount: opts } = options;
  // The backup plan first: its alert path's dead-letter queue is on the dashboard too.
  const backup = new BackupPlan(
    "backup",
    {
      baseName,
      accountId: options.accountId,
      kmsKeyArn: options.kmsKeyArn,
      retentionDays: config.backupRetentionDays,
      vaultLock: config.backupVaultLock,
      copyRegion: backupCopyRegionOf(config),
      keyDeletionWindowDays: config.kmsDeletionWindowDays,
      resources: backupResourcesOf(options),
      alertTopicArn: options.alertTopicArn,
      alarmThresholds: options.alarms.alarmThresholds,
      protect: config.protectStatefulResources,
    },
    opts,
  );
  const loadBalancers = {
    public: edge.publicLoadBalancer.arnSuffix,
    internal: edge.internalLoadBalancer.arnSuffix,
  };
  // A large environment's services spread over further dashboards (CloudWatch: 500 widgets each).
  const [services, ...morePages] = servicePages(
    Object.values(edge.services).map((s) => dashboardService(s, edge.cluster.clusterName, loadBalancers)),
  );
  const msk = options.kafka instanceof MskCluster ? options.kafka : undefined;
  const events = eventSources(options.events);
  const sources: pulumi.Input<DashboardSources> = pulumi.output({
    title: baseName,
    region: config.region,
    webAclMetricName: edge.publicLoadBalancer.firewall.metricName,
    publicLoadBalancer: loadBalancers.public,
    internalLoadBalancer: loadBalancers.internal,
    services,
    ...events,
    eventQueues: [
      ...(events.eventQueues ?? []),
      ...(backup.failedJobsDeadLetters === undefined
        ? []
        : [{ name: "backup alerts", deadLetterQueueName: backup.failedJobsDeadLetters.queueName }]),
    ],
    postgres: {
      primary: data.postgres.instance.identifier,
      replicas: data.postgres.replicas.map((r) => r.identifier),
    },
    cache: { engine: data.cache.engine, nodes: data.cache.nodes },
    search:
      data.search === undefined
        ? undefined
        : { domainName: data.search.domain.domainName, accountId: options.accountId },
    kafka:
      msk?.cluster === undefined
        ? undefined
        : { clusterName: msk.cluster.clusterName, brokers: config.mskBrokerCount },
    natGateways: network.natGateways.map((n) => n.id),
    vpn:
      options.vpn === undefined
        ? undefined
        : {
            autoScalingGroupName: options.vpn.autoScalingGroup.name,
            namespace: VPN_METRIC.namespace,
            metricName: VPN_METRIC.name,
            dimension: VPN_METRIC.dimension,
            serverName: options.vpn.serverName,
          },
  });
  const dashboard = new Dashboard("dashboard", { dashboardName: baseName, sources }, opts);
  const serviceDashboards = morePages.map((page, i) => {
    const name = `${baseName}-services-${i + 2}`;
    return new Dashboard(
      `dashboard-services-${i + 2}`,
      {
        dashboardName: name,
        sources: pulumi.output({
          title: name,
          servicesOnly: true,
          region: config.region,
          publicLoadBalancer: loadBalancers.public,
          internalLoadBalancer: loadBalancers.internal,
          services: page,
          natGateways: [],
        }),
      },
      opts,
    );
  });

  return { dashboard, serviceDashboards, backup };
}

/** The observability part of the stack outputs. */
export function observabilityOutputs(
  obs: Observability,
  edge: EdgeEnvironment,
): pulumi.Output<ObservabilityOutputs> {
  return pulumi.output({
    dashboardName: obs.dashboard.dashboardName,
    dashboardUrl: obs.dashboard.url,
    backupVaultName: obs.backup.vaultName,
    backupRoleArn: obs.backup.role.arn,
    backupCopyRegion: obs.backup.copyRegion ?? null,
    backupCopyVaultArn: obs.backup.copyVaultArn ?? null,
    logQueries: Object.fromEntries(
      Object.entries(edge.services).map(([name, s]) => [name, s.logQueries.map((q) => q.name)]),
    ),
  });
}
