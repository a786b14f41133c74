/**
 * CloudWatch alarms the platform's components raise, built one way: an {@link AlarmSpec} says what is
 * watched and when it breaches, {@link metricAlarmArgs} turns it into the provider's arguments with the
 * environment's notification targets on ALARM and on OK, and a description that names the runbook entry.
 *
 * Each component creates its own alarms ({@link createAlarms}) from the specs of
 * components/shared/alarmSets.ts; the environment hands every component the same
 * {@link AlarmWiring} (its alert topic and the thresholds of its tier), so every alarm goes to the topic
 * from one place. Pure apart from {@link createAlarms}: tests call these without mocks.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Where the alarm runbooks live, relative to the repository root. */
export const RUNBOOK_PATH = "docs/runbooks/alarms.md";

/**
 * Every kind of alarm the platform raises. Each has a section in {@link RUNBOOK_PATH} whose anchor is the
 * kind (what it means, what to check, what to do); a test keeps the two in step.
 */
export const ALARM_KINDS = [
  "alb-5xx-rate",
  "alb-response-time",
  "alb-unhealthy-targets",
  "ecs-cpu",
  "ecs-memory",
  "ecs-running-tasks",
  "rds-cpu",
  "rds-free-storage",
  "rds-freeable-memory",
  "rds-connections",
  "rds-replica-lag",
  "cache-cpu",
  "cache-memory",
  "cache-evictions",
  "cache-replication-lag",
  "search-cluster-red",
  "search-writes-blocked",
  "search-free-storage",
  "search-cpu",
  "search-jvm-memory",
  "msk-disk",
  "msk-under-replicated",
  "sqs-oldest-message",
  "sqs-dead-letters",
  "lambda-errors",
  "lambda-throttles",
  "nat-port-allocation",
  "nat-packets-dropped",
  "vpn-down",
  "vpn-status-check",
  "vpn-no-instance",
  "waf-blocked-spike",
  "backup-job-failed",
  "break-glass-used",
  "root-activity",
] as const;
export type AlarmKind = (typeof ALARM_KINDS)[number];

/** The thresholds alarms compare against: the environment's tier defaults, overridable per stack. */
export interface AlarmThresholds {
  /** Share of a load balancer's requests answered 5xx (by the ALB or its targets), in percent. */
  alb5xxPercent: number;
  /** 95th percentile of the targets' response time, in milliseconds. */
  albResponseTimeMs: number;
  /** Sustained CPU of an ECS service, a database or a cache node, in percent. */
  cpuPercent: number;
  /** Sustained memory of an ECS service or a Valkey/Redis node, in percent. */
  memoryPercent: number;
  /** Lag of a Postgres read replica or a cache replica, in seconds. */
  replicaLagSeconds: number;
  /** Postgres connections, in percent of the instance class's default `max_connections`. */
  dbConnectionsPercent: number;
  /** Keys a cache node evicts in 5 minutes. */
  cacheEvictions: number;
  /** Age of the oldest message of a queue, in seconds. */
  queueAgeSeconds: number;
  /** Requests the public WAF blocks in 5 minutes. */
  wafBlockedRequests: number;
}

/** Thresholds of a component that is given none (the prod tier's defaults). */
export const DEFAULT_ALARM_THRESHOLDS: Readonly<AlarmThresholds> = {
  alb5xxPercent: 2,
  albResponseTimeMs: 1000,
  cpuPercent: 80,
  memoryPercent: 80,
  replicaLagSeconds: 60,
  dbConnectionsPercent: 80,
  cacheEvictions: 100,
  queueAgeSeconds: 900,
  wafBlockedRequests: 500,
};

/** The thresholds a component uses: its own where given, the defaults for the rest. */
export function resolveThresholds(given?: Partial<AlarmThresholds>): AlarmThresholds {
  return { ...DEFAULT_ALARM_THRESHOLDS, ...given };
}

/**
 * What the environment hands every component that raises alarms; spread it into the component's args
 * (`{ ...alarms }`), whose `alarmActions` and `alarmThresholds` fields have these names.
 */
export interface AlarmWiring {
  /** SNS topics notified when an alarm fires and when it recovers: the environment's alert topic. */
  alarmActions: pulumi.Input<string>[];
  alarmThresholds: AlarmThresholds;
}

/** One metric as an alarm reads it. */
export interface AlarmMetric {
  namespace: string;
  metricName: string;
  dimensions: Record<string, pulumi.Input<string>>;
  /** `Average`, `Sum`, `Minimum`, `Maximum`, `SampleCount`, or a percentile such as `p95`. */
  stat: string;
}

/** Metric math: the metrics by id, and an expression over them that the alarm compares. */
export interface AlarmMath {
  /** Ids start with a lower-case letter (CloudWatch's rule) and name the metrics in `expression`. */
  metrics: Record<string, AlarmMetric>;
  expression: string;
  label: string;
}

export type Comparison = ">" | ">=" | "<" | "<=";

const OPERATORS: Record<Comparison, string> = {
  ">": "GreaterThanThreshold",
  ">=": "GreaterThanOrEqualToThreshold",
  "<": "LessThanThreshold",
  "<=": "LessThanOrEqualToThreshold",
};

export interface AlarmSpec {
  kind: AlarmKind;
  /** What is wrong, in the terms of the resource; the notification shows it first. */
  summary: string;
  /** One metric, or `math`: exactly one of the two. */
  metric?: AlarmMetric;
  math?: AlarmMath;
  comparison: Comparison;
  threshold: number;
  /** Seconds per datapoint: 10, 30 or a multiple of 60. Default 300. */
  periodSeconds?: number;
  /** Datapoints looked at. Default 3. */
  evaluationPeriods?: number;
  /** Of those, how many must breach. Default: all of them. */
  datapointsToAlarm?: number;
  /**
   * How a period without data counts. Default `notBreaching`: most metrics are only published while
   * something happens, so silence means health. Use `breaching` for heartbeats.
   */
  missingData?: "breaching" | "notBreaching" | "ignore" | "missing";
}

/** CloudWatch's limit on an alarm description. */
export const MAX_DESCRIPTION = 1024;
const PERCENTILE = /^p\d{1,2}(\.\d+)?$/;
const QUERY_ID = /^[a-z][a-zA-Z0-9_]*$/;

/** The description of an alarm: its summary and where its runbook entry is. */
export function alarmDescription(kind: AlarmKind, summary: string): string {
  const text = `${summary}. Runbook: ${RUNBOOK_PATH}#${kind}`;
  if (text.length > MAX_DESCRIPTION) {
    throw new Error(`alarm description longer than ${MAX_DESCRIPTION} characters: ${text.slice(0, 60)}...`);
  }
  return text;
}

/** Problems of a spec that CloudWatch would reject or that could never fire as meant. */
export function alarmSpecProblems(spec: AlarmSpec): string[] {
  const problems: string[] = [];
  const period = spec.periodSeconds ?? 300;
  const evaluations = spec.evaluationPeriods ?? 3;
  const datapoints = spec.datapointsToAlarm ?? evaluations;
  if ((spec.metric === undefined) === (spec.math === undefined)) {
    problems.push("give exactly one of metric and math");
  }
  if (![10, 30].includes(period) && (period < 60 || period % 60 !== 0)) {
    problems.push(`period ${period} s: use 10, 30 or a multiple of 60`);
  }
  if (!Number.isInteger(evaluations) || evaluations < 1) {
    problems.push(`evaluationPeriods ${evaluations}: at least 1`);
  }
  if (period * evaluations > 86400) {
    problems.push(`period x evaluationPeriods is ${period * evaluations} s; CloudWatch allows one day`);
  }
  if (!Number.isInteger(datapoints) || datapoints < 1 || datapoints > evaluations) {
    problems.push(`datapointsToAlarm ${datapoints}: 1..evaluationPeriods (${evaluations})`);
  }
  if (!Number.isFinite(spec.threshold)) {
    problems.push(`threshold ${spec.threshold} is not a number`);
  }
  if (spec.math) {
    const ids = Object.keys(spec.math.metrics);
    if (ids.length === 0 || ids.length > 10) {
      problems.push(`metric math over ${ids.length} metrics: use 1..10`);
    }
    for (const id of [...ids, "result"]) {
      if (!QUERY_ID.test(id)) {
        problems.push(`metric id "${id}": start with a lower-case letter, then letters, digits, _`);
      }
    }
    for (const id of ids) {
      if (!new RegExp(`\\b${id}\\b`).test(spec.math.expression)) {
        problems.push(`metric "${id}" is not used by the expression ${spec.math.expression}`);
      }
    }
  }
  return problems;
}

/** The arguments of a `aws.cloudwatch.MetricAlarm` for a spec, notifying `actions` on ALARM and OK. */
export function metricAlarmArgs(
  spec: AlarmSpec,
  actions: pulumi.Input<string>[],
): aws.cloudwatch.MetricAlarmArgs {
  const problems = alarmSpecProblems(spec);
  if (problems.length > 0) {
    throw new Error(`alarm "${spec.summary}": ${problems.join("; ")}`);
  }
  const period = spec.periodSeconds ?? 300;
  const evaluationPeriods = spec.evaluationPeriods ?? 3;
  const common: aws.cloudwatch.MetricAlarmArgs = {
    alarmDescription: alarmDescription(spec.kind, spec.summary),
    comparisonOperator: OPERATORS[spec.comparison],
    threshold: spec.threshold,
    evaluationPeriods,
    datapointsToAlarm: spec.datapointsToAlarm ?? evaluationPeriods,
    treatMissingData: spec.missingData ?? "notBreaching",
    actionsEnabled: true,
    alarmActions: actions,
    okActions: actions,
    tags: { "alarm-kind": spec.kind },
  };
  if (spec.metric) {
    const m = spec.metric;
    const percentile = PERCENTILE.test(m.stat);
    return {
      ...common,
      namespace: m.namespace,
      metricName: m.metricName,
      dimensions: m.dimensions,
      period,
      ...(percentile ? { extendedStatistic: m.stat, evaluateLowSampleCountPercentiles: "ignore" } : {}),
      ...(percentile ? {} : { statistic: m.stat }),
    };
  }
  const math = spec.math!;
  return {
    ...common,
    metricQueries: [
      ...Object.entries(math.metrics).map(([id, m]) => ({
        id,
        returnData: false,
        metric: {
          namespace: m.namespace,
          metricName: m.metricName,
          dimensions: m.dimensions,
          stat: m.stat,
          period,
        },
      })),
      { id: "result", expression: math.expression, label: math.label, returnData: true },
    ],
  };
}

/** A spec with the suffix of its alarm's logical name (`<component>-<suffix>`). */
export interface NamedAlarm {
  suffix: string;
  spec: AlarmSpec;
}

/** Creates a component's alarms as its children, named `<name>-<suffix>`. */
export function createAlarms(
  parent: pulumi.Resource,
  name: string,
  alarms: readonly NamedAlarm[],
  actions: pulumi.Input<string>[] | undefined,
): aws.cloudwatch.MetricAlarm[] {
  return alarms.map(
    (a) =>
      new aws.cloudwatch.MetricAlarm(`${name}-${a.suffix}`, metricAlarmArgs(a.spec, actions ?? []), {
        parent,
      }),
  );
}
