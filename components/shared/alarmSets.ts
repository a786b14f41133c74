/**
 * The alarms of each kind of resource the platform watches, as {@link NamedAlarm} specs: what a platform
 * on-call needs to hear about, with thresholds from {@link AlarmThresholds}. The components that own the
 * resources create these (components/shared/alarms.ts, `createAlarms`). Pure: no resources here.
 */
import * as pulumi from "@pulumi/pulumi";

import { AlarmMetric, AlarmThresholds, NamedAlarm } from "./alarms";

type Id = pulumi.Input<string>;

/** Requests per minute below which a load balancer's 5xx share is not judged (one error in three is noise). */
export const MIN_REQUESTS_PER_MINUTE = 20;
/** NAT packets per 5 minutes below which the drop rate is not judged. */
export const MIN_NAT_PACKETS = 10_000;
/** Dropped NAT packets, in percent of those received, that AWS recommends alarming on. */
export const NAT_DROP_PERCENT = 0.01;
/** Freeable memory of a Postgres instance below this share of its class's memory raises an alarm. */
export const RDS_FREEABLE_MEMORY_SHARE = 0.1;
/** Free storage below this share of the initial allocation (after autoscaling had time to act). */
export const RDS_FREE_STORAGE_SHARE = 0.1;
/** Lowest free-storage threshold, in GiB. */
export const RDS_MIN_FREE_STORAGE_GIB = 2;
/** RDS for PostgreSQL's default `max_connections`: LEAST(DBInstanceClassMemory / 9531392, 5000). */
export const RDS_BYTES_PER_CONNECTION = 9_531_392;
export const RDS_MAX_CONNECTIONS = 5000;
/** Share of an instance class's memory that RDS reports as DBInstanceClassMemory (the OS keeps the rest). */
export const RDS_CLASS_MEMORY_SHARE = 0.9;

const GIB = 1024 ** 3;

function metric(
  namespace: string,
  metricName: string,
  dimensions: Record<string, Id>,
  stat: string,
): AlarmMetric {
  return { namespace, metricName, dimensions, stat };
}

/** Memory of an RDS instance class in GiB: t and m classes have 8 GiB per `large`, r classes 16. */
export function rdsInstanceMemoryGib(instanceClass: string): number {
  const match = /^db\.([a-z])\d+[a-z]*\.(medium|large|xlarge|(\d+)xlarge)$/.exec(instanceClass);
  if (!match) {
    throw new Error(`not an RDS instance class the platform knows the memory of: ${instanceClass}`);
  }
  const [, family, size, times] = match;
  const perLarge: Record<string, number> = { t: 8, m: 8, r: 16 };
  if (!(family in perLarge) || (size === "medium" && family !== "t")) {
    throw new Error(`not an RDS instance class the platform knows the memory of: ${instanceClass}`);
  }
  const multiple = size === "medium" ? 0.5 : size === "large" ? 1 : size === "xlarge" ? 2 : 2 * Number(times);
  return perLarge[family] * multiple;
}

/** The default `max_connections` of RDS for PostgreSQL on an instance class (an estimate: see the constants). */
export function postgresMaxConnections(instanceClass: string): number {
  const classMemory = rdsInstanceMemoryGib(instanceClass) * GIB * RDS_CLASS_MEMORY_SHARE;
  return Math.min(RDS_MAX_CONNECTIONS, Math.floor(classMemory / RDS_BYTES_PER_CONNECTION));
}

/** Free storage, in bytes, below which a Postgres instance alarms. */
export function postgresFreeStorageThresholdBytes(allocatedStorageGb: number): number {
  return Math.max(RDS_MIN_FREE_STORAGE_GIB, Math.round(allocatedStorageGb * RDS_FREE_STORAGE_SHARE)) * GIB;
}

/** A load balancer: share of 5xx answers, and slow targets. `label` names it in the summaries. */
export function loadBalancerAlarms(lb: { label: string; arnSuffix: Id }, t: AlarmThresholds): NamedAlarm[] {
  const dims = { LoadBalancer: lb.arnSuffix };
  const elb = (name: string): AlarmMetric => metric("AWS/ApplicationELB", name, dims, "Sum");
  return [
    {
      suffix: "5xx-rate",
      spec: {
        kind: "alb-5xx-rate",
        summary: `${lb.label}: more than ${t.alb5xxPercent}% of requests answered 5xx (by the load balancer or its targets) in 3 of 5 minutes`,
        math: {
          metrics: {
            requests: elb("RequestCount"),
            lb5xx: elb("HTTPCode_ELB_5XX_Count"),
            target5xx: elb("HTTPCode_Target_5XX_Count"),
          },
          expression: `IF(requests >= ${MIN_REQUESTS_PER_MINUTE}, 100 * (FILL(lb5xx, 0) + FILL(target5xx, 0)) / requests, 0)`,
          label: "5xx in percent of requests",
        },
        comparison: ">",
        threshold: t.alb5xxPercent,
        periodSeconds: 60,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
      },
    },
    {
      suffix: "response-time",
      spec: {
        kind: "alb-response-time",
        summary: `${lb.label}: 95th percentile of target response time above ${t.albResponseTimeMs} ms in 3 of 5 minutes`,
        metric: metric("AWS/ApplicationELB", "TargetResponseTime", dims, "p95"),
        comparison: ">",
        threshold: t.albResponseTimeMs / 1000,
        periodSeconds: 60,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
      },
    },
  ];
}

/** A target group: targets failing their health check. */
export function targetGroupAlarms(tg: {
  label: string;
  targetGroupArnSuffix: Id;
  loadBalancerArnSuffix: Id;
}): NamedAlarm[] {
  return [
    {
      suffix: "unhealthy-targets",
      spec: {
        kind: "alb-unhealthy-targets",
        summary: `${tg.label}: targets failing their health check for 5 minutes`,
        metric: metric(
          "AWS/ApplicationELB",
          "UnHealthyHostCount",
          { TargetGroup: tg.targetGroupArnSuffix, LoadBalancer: tg.loadBalancerArnSuffix },
          "Maximum",
        ),
        comparison: ">=",
        threshold: 1,
        periodSeconds: 60,
        evaluationPeriods: 5,
      },
    },
  ];
}

/** An ECS service: CPU, memory, and fewer running tasks than desired (Container Insights). */
export function ecsServiceAlarms(
  svc: { label: string; clusterName: Id; serviceName: Id },
  t: AlarmThresholds,
): NamedAlarm[] {
  const dims = { ClusterName: svc.clusterName, ServiceName: svc.serviceName };
  return [
    {
      suffix: "cpu",
      spec: {
        kind: "ecs-cpu",
        summary: `${svc.label}: average CPU above ${t.cpuPercent}% for 15 minutes`,
        metric: metric("AWS/ECS", "CPUUtilization", dims, "Average"),
        comparison: ">",
        threshold: t.cpuPercent,
      },
    },
    {
      suffix: "memory",
      spec: {
        kind: "ecs-memory",
        summary: `${svc.label}: average memory above ${t.memoryPercent}% for 15 minutes`,
        metric: metric("AWS/ECS", "MemoryUtilization", dims, "Average"),
        comparison: ">",
        threshold: t.memoryPercent,
      },
    },
    {
      suffix: "running-tasks",
      spec: {
        kind: "ecs-running-tasks",
        summary: `${svc.label}: fewer tasks running than desired for 15 minutes (tasks fail to start or keep stopping)`,
        math: {
          metrics: {
            desired: metric("ECS/ContainerInsights", "DesiredTaskCount", dims, "Minimum"),
            running: metric("ECS/ContainerInsights", "RunningTaskCount", dims, "Maximum"),
          },
          // Even at its best in each 5 minutes, the service never reached its lowest desired count.
          expression: "desired - running",
          label: "tasks missing",
        },
        comparison: ">=",
        threshold: 1,
      },
    },
  ];
}

/** A Postgres instance (primary or read replica). */
export function postgresAlarms(
  db: { label: string; instanceId: Id; instanceClass: string; allocatedStorageGb: number; replica: boolean },
  t: AlarmThresholds,
): NamedAlarm[] {
  const dims = { DBInstanceIdentifier: db.instanceId };
  const rds = (name: string, stat: string): AlarmMetric => metric("AWS/RDS", name, dims, stat);
  const memoryGib = rdsInstanceMemoryGib(db.instanceClass);
  const freeStorage = postgresFreeStorageThresholdBytes(db.allocatedStorageGb);
  const connections = Math.floor((postgresMaxConnections(db.instanceClass) * t.dbConnectionsPercent) / 100);
  const alarms: NamedAlarm[] = [
    {
      suffix: "cpu",
      spec: {
        kind: "rds-cpu",
        summary: `${db.label}: CPU above ${t.cpuPercent}% for 15 minutes`,
        metric: rds("CPUUtilization", "Average"),
        comparison: ">",
        threshold: t.cpuPercent,
      },
    },
    {
      suffix: "free-storage",
      spec: {
        kind: "rds-free-storage",
        summary: `${db.label}: less than ${freeStorage / GIB} GiB of storage free for 30 minutes (autoscaling is at its ceiling or cooling down)`,
        metric: rds("FreeStorageSpace", "Minimum"),
        comparison: "<",
        threshold: freeStorage,
        evaluationPeriods: 6,
      },
    },
    {
      suffix: "freeable-memory",
      spec: {
        kind: "rds-freeable-memory",
        summary: `${db.label}: less than ${Math.round(RDS_FREEABLE_MEMORY_SHARE * 100)}% of its ${memoryGib} GiB of memory freeable for 15 minutes`,
        metric: rds("FreeableMemory", "Average"),
        comparison: "<",
        threshold: Math.round(memoryGib * GIB * RDS_FREEABLE_MEMORY_SHARE),
      },
    },
    {
      suffix: "connections",
      spec: {
        kind: "rds-connections",
        summary: `${db.label}: more than ${connections} connections (${t.dbConnectionsPercent}% of max_connections of ${db.instanceClass}) for 15 minutes`,
        metric: rds("DatabaseConnections", "Maximum"),
        comparison: ">",
        threshold: connections,
      },
    },
  ];
  if (db.replica) {
    alarms.push({
      suffix: "replica-lag",
      spec: {
        kind: "rds-replica-lag",
        summary: `${db.label}: read replica more than ${t.replicaLagSeconds} s behind the primary for 5 minutes`,
        metric: rds("ReplicaLag", "Maximum"),
        comparison: ">",
        threshold: t.replicaLagSeconds,
        periodSeconds: 60,
        evaluationPeriods: 5,
      },
    });
  }
  return alarms;
}

/**
 * One cache node. Valkey/Redis: engine CPU, memory, evictions, and (with replicas) replication lag on
 * every node, since any node may be the replica after a failover (the primary reports no lag).
 * Memcached: host CPU and evictions.
 */
export function cacheNodeAlarms(
  node: { label: string; clusterId: Id; nodeId: string; engine: string; replicated: boolean },
  t: AlarmThresholds,
): NamedAlarm[] {
  const dims = { CacheClusterId: node.clusterId, CacheNodeId: node.nodeId };
  const cache = (name: string, stat: string): AlarmMetric => metric("AWS/ElastiCache", name, dims, stat);
  const memcached = node.engine === "memcached";
  const alarms: NamedAlarm[] = [
    {
      suffix: "cpu",
      spec: {
        kind: "cache-cpu",
        summary: `${node.label}: ${memcached ? "host" : "engine"} CPU above ${t.cpuPercent}% for 15 minutes`,
        metric: cache(memcached ? "CPUUtilization" : "EngineCPUUtilization", "Average"),
        comparison: ">",
        threshold: t.cpuPercent,
      },
    },
    {
      suffix: "evictions",
      spec: {
        kind: "cache-evictions",
        summary: `${node.label}: more than ${t.cacheEvictions} keys evicted in 5 minutes (the cache is too small for its working set)`,
        metric: cache("Evictions", "Sum"),
        comparison: ">",
        threshold: t.cacheEvictions,
        evaluationPeriods: 1,
      },
    },
  ];
  if (!memcached) {
    alarms.push({
      suffix: "memory",
      spec: {
        kind: "cache-memory",
        summary: `${node.label}: memory above ${t.memoryPercent}% of maxmemory for 15 minutes`,
        metric: cache("DatabaseMemoryUsagePercentage", "Average"),
        comparison: ">",
        threshold: t.memoryPercent,
      },
    });
    if (node.replicated) {
      alarms.push({
        suffix: "replication-lag",
        spec: {
          kind: "cache-replication-lag",
          summary: `${node.label}: replica more than ${t.replicaLagSeconds} s behind the primary for 5 minutes`,
          metric: cache("ReplicationLag", "Maximum"),
          comparison: ">",
          threshold: t.replicaLagSeconds,
          periodSeconds: 60,
          evaluationPeriods: 5,
        },
      });
    }
  }
  return alarms;
}

/** Free storage of an OpenSearch node below this share of its volume raises an alarm (AWS's recommendation). */
export const SEARCH_FREE_STORAGE_SHARE = 0.25;
/** JVM memory pressure at which OpenSearch nodes start to reject requests (AWS's recommendation). */
export const SEARCH_JVM_PRESSURE_PERCENT = 95;

/**
 * An OpenSearch domain: red cluster (a primary shard unassigned), writes blocked, a node's storage running
 * out, CPU, JVM memory pressure. OpenSearch publishes per domain with the account as `ClientId`; the
 * Minimum/Maximum statistics are those of the worst node.
 */
export function searchDomainAlarms(
  d: { label: string; domainName: Id; accountId: Id; volumeGb: number },
  t: AlarmThresholds,
): NamedAlarm[] {
  const dims = { DomainName: d.domainName, ClientId: d.accountId };
  const es = (name: string, stat: string): AlarmMetric => metric("AWS/ES", name, dims, stat);
  // FreeStorageSpace is reported in MiB.
  const freeMiB = Math.floor(d.volumeGb * 1024 * SEARCH_FREE_STORAGE_SHARE);
  return [
    {
      suffix: "cluster-red",
      spec: {
        kind: "search-cluster-red",
        summary: `${d.label}: cluster status red (a primary shard is not allocated; its data cannot be searched or written)`,
        metric: es("ClusterStatus.red", "Maximum"),
        comparison: ">=",
        threshold: 1,
        periodSeconds: 60,
        evaluationPeriods: 1,
      },
    },
    {
      suffix: "writes-blocked",
      spec: {
        kind: "search-writes-blocked",
        summary: `${d.label}: the cluster blocks writes (storage or memory exhausted) for 5 minutes`,
        metric: es("ClusterIndexWritesBlocked", "Maximum"),
        comparison: ">=",
        threshold: 1,
        evaluationPeriods: 1,
      },
    },
    {
      suffix: "free-storage",
      spec: {
        kind: "search-free-storage",
        summary: `${d.label}: a node has less than ${Math.round(SEARCH_FREE_STORAGE_SHARE * 100)}% of its ${d.volumeGb} GiB volume free`,
        metric: es("FreeStorageSpace", "Minimum"),
        comparison: "<=",
        threshold: freeMiB,
        periodSeconds: 60,
        evaluationPeriods: 1,
      },
    },
    {
      suffix: "cpu",
      spec: {
        kind: "search-cpu",
        summary: `${d.label}: a data node above ${t.cpuPercent}% CPU for 15 minutes`,
        metric: es("CPUUtilization", "Maximum"),
        comparison: ">=",
        threshold: t.cpuPercent,
      },
    },
    {
      suffix: "jvm-memory",
      spec: {
        kind: "search-jvm-memory",
        summary: `${d.label}: JVM memory pressure of a data node at ${SEARCH_JVM_PRESSURE_PERCENT}% for 3 minutes (requests are about to be rejected)`,
        metric: es("JVMMemoryPressure", "Maximum"),
        comparison: ">=",
        threshold: SEARCH_JVM_PRESSURE_PERCENT,
        periodSeconds: 60,
        evaluationPeriods: 3,
      },
    },
  ];
}

/** A queue: its oldest message getting old; or, for a dead-letter queue, any message at all. */
export function queueAlarms(
  q: { label: string; queueName: Id; deadLetter: boolean },
  t: AlarmThresholds,
): NamedAlarm[] {
  const dims = { QueueName: q.queueName };
  if (q.deadLetter) {
    return [
      {
        suffix: "messages",
        spec: {
          kind: "sqs-dead-letters",
          summary: `${q.label}: messages in the dead-letter queue (they failed every attempt)`,
          metric: metric("AWS/SQS", "ApproximateNumberOfMessagesVisible", dims, "Maximum"),
          comparison: ">=",
          threshold: 1,
          evaluationPeriods: 1,
        },
      },
    ];
  }
  return [
    {
      suffix: "oldest-message",
      spec: {
        kind: "sqs-oldest-message",
        summary: `${q.label}: oldest message older than ${t.queueAgeSeconds} s (consumers are stuck, failing or too few)`,
        metric: metric("AWS/SQS", "ApproximateAgeOfOldestMessage", dims, "Maximum"),
        comparison: ">=",
        threshold: t.queueAgeSeconds,
        evaluationPeriods: 1,
      },
    },
  ];
}

/**
 * A Lambda function: invocations that end in an error (any, in 5 minutes: the platform's functions are
 * event handlers whose failures lose or delay work) and, with reserved concurrency, throttled invocations.
 */
export function lambdaFunctionAlarms(fn: {
  label: string;
  functionName: Id;
  reservedConcurrency?: number;
}): NamedAlarm[] {
  const dims = { FunctionName: fn.functionName };
  const alarms: NamedAlarm[] = [
    {
      suffix: "errors",
      spec: {
        kind: "lambda-errors",
        summary: `${fn.label}: invocations failed in the last 5 minutes`,
        metric: metric("AWS/Lambda", "Errors", dims, "Sum"),
        comparison: ">=",
        threshold: 1,
        evaluationPeriods: 1,
      },
    },
  ];
  if (fn.reservedConcurrency !== undefined) {
    alarms.push({
      suffix: "throttles",
      spec: {
        kind: "lambda-throttles",
        summary: `${fn.label}: invocations throttled at its reserved concurrency (${fn.reservedConcurrency}) for 15 minutes`,
        metric: metric("AWS/Lambda", "Throttles", dims, "Sum"),
        comparison: ">=",
        threshold: 1,
      },
    });
  }
  return alarms;
}

/** A NAT gateway: out of source ports, and dropping packets. */
export function natGatewayAlarms(nat: { label: string; natGatewayId: Id }): NamedAlarm[] {
  const dims = { NatGatewayId: nat.natGatewayId };
  const natMetric = (name: string): AlarmMetric => metric("AWS/NATGateway", name, dims, "Sum");
  return [
    {
      suffix: "port-allocation",
      spec: {
        kind: "nat-port-allocation",
        summary: `${nat.label}: could not allocate a source port (too many connections to one destination)`,
        metric: natMetric("ErrorPortAllocation"),
        comparison: ">=",
        threshold: 1,
        evaluationPeriods: 1,
      },
    },
    {
      suffix: "packets-dropped",
      spec: {
        kind: "nat-packets-dropped",
        summary: `${nat.label}: more than ${NAT_DROP_PERCENT}% of packets dropped for 15 minutes`,
        math: {
          metrics: {
            drops: natMetric("PacketsDropCount"),
            fromSource: natMetric("PacketsInFromSource"),
            fromDestination: natMetric("PacketsInFromDestination"),
          },
          expression: `IF(FILL(fromSource, 0) + FILL(fromDestination, 0) >= ${MIN_NAT_PACKETS}, 100 * FILL(drops, 0) / (FILL(fromSource, 0) + FILL(fromDestination, 0)), 0)`,
          label: "dropped packets in percent",
        },
        comparison: ">",
        threshold: NAT_DROP_PERCENT,
      },
    },
  ];
}

/**
 * A regional web ACL: a spike of blocked requests (an attack, or a rule blocking real users). WAF names
 * the ACL in its metrics by the metric name of its visibility configuration.
 */
export function webAclAlarms(
  acl: { label: string; webAclMetricName: Id; region: Id },
  t: AlarmThresholds,
): NamedAlarm[] {
  return [
    {
      suffix: "blocked-spike",
      spec: {
        kind: "waf-blocked-spike",
        summary: `${acl.label}: more than ${t.wafBlockedRequests} requests blocked in 5 minutes`,
        metric: metric(
          "AWS/WAFV2",
          "BlockedRequests",
          { WebACL: acl.webAclMetricName, Region: acl.region, Rule: "ALL" },
          "Sum",
        ),
        comparison: ">",
        threshold: t.wafBlockedRequests,
        evaluationPeriods: 1,
      },
    },
  ];
}
