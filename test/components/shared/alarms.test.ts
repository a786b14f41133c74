import * as assert from "assert";

import { POSTGRES_INSTANCE_CLASSES } from "../../../components/data/catalog";
import {
  ALARM_KINDS,
  AlarmSpec,
  alarmSpecProblems,
  DEFAULT_ALARM_THRESHOLDS,
  metricAlarmArgs,
  NamedAlarm,
  resolveThresholds,
  RUNBOOK_PATH,
} from "../../../components/shared/alarms";
import {
  cacheNodeAlarms,
  ecsServiceAlarms,
  loadBalancerAlarms,
  natGatewayAlarms,
  postgresAlarms,
  postgresFreeStorageThresholdBytes,
  postgresMaxConnections,
  queueAlarms,
  rdsInstanceMemoryGib,
  searchDomainAlarms,
  targetGroupAlarms,
  webAclAlarms,
} from "../../../components/shared/alarmSets";

const T = DEFAULT_ALARM_THRESHOLDS;
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:alerts";
const GIB = 1024 ** 3;

const CPU: AlarmSpec = {
  kind: "ecs-cpu",
  summary: "Service x: CPU high",
  metric: {
    namespace: "AWS/ECS",
    metricName: "CPUUtilization",
    dimensions: { ServiceName: "x" },
    stat: "Average",
  },
  comparison: ">",
  threshold: 80,
};

/** Every alarm set, with sample inputs. */
function everySet(): NamedAlarm[] {
  return [
    ...loadBalancerAlarms({ label: "lb", arnSuffix: "app/lb/1" }, T),
    ...targetGroupAlarms({
      label: "tg",
      targetGroupArnSuffix: "targetgroup/tg/1",
      loadBalancerArnSuffix: "app/lb/1",
    }),
    ...ecsServiceAlarms({ label: "svc", clusterName: "c", serviceName: "s" }, T),
    ...postgresAlarms(
      {
        label: "db",
        instanceId: "db",
        instanceClass: "db.r7g.large",
        allocatedStorageGb: 100,
        replica: true,
      },
      T,
    ),
    ...cacheNodeAlarms(
      { label: "n", clusterId: "c-001", nodeId: "0001", engine: "valkey", replicated: true },
      T,
    ),
    ...cacheNodeAlarms(
      { label: "m", clusterId: "m", nodeId: "0001", engine: "memcached", replicated: true },
      T,
    ),
    ...queueAlarms({ label: "q", queueName: "q", deadLetter: false }, T),
    ...queueAlarms({ label: "dlq", queueName: "dlq", deadLetter: true }, T),
    ...natGatewayAlarms({ label: "nat", natGatewayId: "nat-1" }),
    ...webAclAlarms({ label: "waf", webAclMetricName: "acl", region: "eu-west-1" }, T),
    ...searchDomainAlarms({ label: "search", domainName: "d", accountId: "123456789012", volumeGb: 100 }, T),
  ];
}

describe("alarm specs", () => {
  it("notify the given topics on ALARM and on OK, and point at the runbook entry of their kind", () => {
    const args = metricAlarmArgs(CPU, [TOPIC]);
    assert.deepStrictEqual(args.alarmActions, [TOPIC]);
    assert.deepStrictEqual(args.okActions, [TOPIC]);
    assert.strictEqual(args.actionsEnabled, true);
    assert.strictEqual(args.alarmDescription, `Service x: CPU high. Runbook: ${RUNBOOK_PATH}#ecs-cpu`);
    assert.deepStrictEqual(args.tags, { "alarm-kind": "ecs-cpu" });
    assert.deepStrictEqual(
      [args.comparisonOperator, args.threshold, args.period, args.evaluationPeriods, args.datapointsToAlarm],
      ["GreaterThanThreshold", 80, 300, 3, 3],
    );
    assert.strictEqual(args.statistic, "Average");
    assert.strictEqual(args.treatMissingData, "notBreaching");
  });

  it("maps every comparison and puts percentiles in extendedStatistic", () => {
    const ops = (["<", "<=", ">", ">="] as const).map((c) => metricAlarmArgs({ ...CPU, comparison: c }, []));
    assert.deepStrictEqual(
      ops.map((a) => a.comparisonOperator),
      [
        "LessThanThreshold",
        "LessThanOrEqualToThreshold",
        "GreaterThanThreshold",
        "GreaterThanOrEqualToThreshold",
      ],
    );
    const p95 = metricAlarmArgs({ ...CPU, metric: { ...CPU.metric!, stat: "p95" } }, []);
    assert.deepStrictEqual(
      [p95.statistic, p95.extendedStatistic, p95.evaluateLowSampleCountPercentiles],
      [undefined, "p95", "ignore"],
    );
  });

  it("turn metric math into queries that return only the expression", () => {
    const args = metricAlarmArgs(loadBalancerAlarms({ label: "lb", arnSuffix: "app/lb/1" }, T)[0].spec, [
      TOPIC,
    ]);
    const queries = args.metricQueries as Array<{ id: string; returnData: boolean; expression?: string }>;
    assert.deepStrictEqual(
      queries.map((q) => [q.id, q.returnData]),
      [
        ["requests", false],
        ["lb5xx", false],
        ["target5xx", false],
        ["result", true],
      ],
    );
    assert.match(
      queries[3].expression!,
      /^IF\(requests >= 20, 100 \* \(FILL\(lb5xx, 0\) \+ FILL\(target5xx, 0\)\) \/ requests, 0\)$/,
    );
    assert.strictEqual(args.namespace, undefined, "a math alarm names no single metric");
  });

  it("refuse what CloudWatch would reject", () => {
    assert.deepStrictEqual(alarmSpecProblems({ ...CPU, periodSeconds: 90 }), [
      "period 90 s: use 10, 30 or a multiple of 60",
    ]);
    assert.deepStrictEqual(alarmSpecProblems({ ...CPU, evaluationPeriods: 2, datapointsToAlarm: 3 }), [
      "datapointsToAlarm 3: 1..evaluationPeriods (2)",
    ]);
    assert.deepStrictEqual(alarmSpecProblems({ ...CPU, periodSeconds: 3600, evaluationPeriods: 25 }), [
      "period x evaluationPeriods is 90000 s; CloudWatch allows one day",
    ]);
    assert.deepStrictEqual(
      alarmSpecProblems({ ...CPU, math: { metrics: {}, expression: "1", label: "x" } }),
      ["give exactly one of metric and math", "metric math over 0 metrics: use 1..10"],
    );
    const unused = alarmSpecProblems({
      ...CPU,
      metric: undefined,
      math: { metrics: { a: CPU.metric!, Bad: CPU.metric! }, expression: "a * 2", label: "x" },
    });
    assert.deepStrictEqual(unused, [
      'metric id "Bad": start with a lower-case letter, then letters, digits, _',
      'metric "Bad" is not used by the expression a * 2',
    ]);
    assert.throws(
      () => metricAlarmArgs({ ...CPU, periodSeconds: 45 }, []),
      /alarm "Service x: CPU high": period 45 s/,
    );
  });

  it("use the defaults for thresholds a component is not given", () => {
    assert.deepStrictEqual(resolveThresholds({ cpuPercent: 95 }), { ...T, cpuPercent: 95 });
    assert.deepStrictEqual(resolveThresholds(), T);
  });

  it("of every resource are valid, of a known kind, and named uniquely per resource", () => {
    for (const { suffix, spec } of everySet()) {
      assert.deepStrictEqual(alarmSpecProblems(spec), [], `${suffix}: ${spec.summary}`);
      assert.ok((ALARM_KINDS as readonly string[]).includes(spec.kind), spec.kind);
      metricAlarmArgs(spec, [TOPIC]);
    }
    const pg = postgresAlarms(
      {
        label: "db",
        instanceId: "db",
        instanceClass: "db.r7g.large",
        allocatedStorageGb: 100,
        replica: true,
      },
      T,
    ).map((a) => a.suffix);
    assert.deepStrictEqual(pg, ["cpu", "free-storage", "freeable-memory", "connections", "replica-lag"]);
  });
});

describe("alarm thresholds derived from the resource", () => {
  it("know the memory of every Postgres class the platform runs", () => {
    assert.strictEqual(rdsInstanceMemoryGib("db.t4g.medium"), 4);
    assert.strictEqual(rdsInstanceMemoryGib("db.m7g.large"), 8);
    assert.strictEqual(rdsInstanceMemoryGib("db.r7g.large"), 16);
    assert.strictEqual(rdsInstanceMemoryGib("db.r6i.32xlarge"), 1024);
    assert.strictEqual(rdsInstanceMemoryGib("db.m5.24xlarge"), 384);
    for (const cls of POSTGRES_INSTANCE_CLASSES) {
      assert.ok(rdsInstanceMemoryGib(cls) >= 4, cls);
    }
    assert.throws(() => rdsInstanceMemoryGib("db.x2g.large"), /not an RDS instance class the platform knows/);
    assert.throws(
      () => rdsInstanceMemoryGib("db.m7g.medium"),
      /not an RDS instance class the platform knows/,
    );
  });

  it("estimate Postgres max_connections as RDS's default does, capped at 5000", () => {
    // 4 GiB x 0.9 / 9531392 bytes per connection.
    assert.strictEqual(postgresMaxConnections("db.t4g.medium"), 405);
    assert.strictEqual(postgresMaxConnections("db.r7g.large"), 1622);
    assert.strictEqual(postgresMaxConnections("db.r6i.32xlarge"), 5000);
    const [connections] = postgresAlarms(
      {
        label: "db",
        instanceId: "db",
        instanceClass: "db.t4g.medium",
        allocatedStorageGb: 20,
        replica: false,
      },
      { ...T, dbConnectionsPercent: 90 },
    ).filter((a) => a.suffix === "connections");
    assert.strictEqual(connections.spec.threshold, 364);
  });

  it("alarm on free storage at a tenth of the initial allocation, never below 2 GiB", () => {
    assert.strictEqual(postgresFreeStorageThresholdBytes(100), 10 * GIB);
    assert.strictEqual(postgresFreeStorageThresholdBytes(20), 2 * GIB);
    assert.strictEqual(postgresFreeStorageThresholdBytes(1000), 100 * GIB);
  });

  it("watch replica lag only on replicas and replicated caches, memory only where the engine reports it", () => {
    const primary = postgresAlarms(
      {
        label: "db",
        instanceId: "db",
        instanceClass: "db.r7g.large",
        allocatedStorageGb: 100,
        replica: false,
      },
      T,
    );
    assert.ok(!primary.some((a) => a.spec.kind === "rds-replica-lag"));
    const kinds = (engine: string, replicated: boolean): string[] =>
      cacheNodeAlarms({ label: "n", clusterId: "c", nodeId: "0001", engine, replicated }, T).map(
        (a) => a.spec.kind,
      );
    assert.deepStrictEqual(kinds("valkey", true), [
      "cache-cpu",
      "cache-evictions",
      "cache-memory",
      "cache-replication-lag",
    ]);
    assert.deepStrictEqual(kinds("redis", false), ["cache-cpu", "cache-evictions", "cache-memory"]);
    assert.deepStrictEqual(kinds("memcached", true), ["cache-cpu", "cache-evictions"]);
    const memcachedCpu = cacheNodeAlarms(
      { label: "m", clusterId: "m", nodeId: "0002", engine: "memcached", replicated: false },
      T,
    )[0];
    assert.strictEqual(memcachedCpu.spec.metric?.metricName, "CPUUtilization");
  });

  it("alarm on a dead-letter queue's first message, on a work queue's oldest one", () => {
    const [work] = queueAlarms(
      { label: "q", queueName: "q", deadLetter: false },
      { ...T, queueAgeSeconds: 600 },
    );
    assert.deepStrictEqual(
      [work.spec.kind, work.spec.metric?.metricName, work.spec.threshold],
      ["sqs-oldest-message", "ApproximateAgeOfOldestMessage", 600],
    );
    const [dead] = queueAlarms({ label: "d", queueName: "d", deadLetter: true }, T);
    assert.deepStrictEqual(
      [dead.spec.kind, dead.spec.metric?.metricName, dead.spec.comparison, dead.spec.threshold],
      ["sqs-dead-letters", "ApproximateNumberOfMessagesVisible", ">=", 1],
    );
  });

  it("watch an OpenSearch domain's worst node, with free storage in MiB", () => {
    const alarms = searchDomainAlarms(
      { label: "search", domainName: "d", accountId: "123456789012", volumeGb: 100 },
      T,
    );
    const storage = alarms.find((a) => a.suffix === "free-storage")!.spec;
    assert.deepStrictEqual(
      [storage.metric?.stat, storage.comparison, storage.threshold],
      ["Minimum", "<=", 25600],
    );
    assert.deepStrictEqual(storage.metric?.dimensions, { DomainName: "d", ClientId: "123456789012" });
  });

  it("watch a regional web ACL across all its rules", () => {
    const [blocked] = webAclAlarms(
      { label: "waf", webAclMetricName: "acl", region: "eu-west-1" },
      { ...T, wafBlockedRequests: 42 },
    );
    assert.deepStrictEqual(blocked.spec.metric?.dimensions, {
      WebACL: "acl",
      Region: "eu-west-1",
      Rule: "ALL",
    });
    assert.strictEqual(blocked.spec.threshold, 42);
  });
});
