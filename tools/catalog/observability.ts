/** Observability: log groups and their delivery, alarms, dashboards and saved queries. */
import { cloudwatch, none } from "../rules";
import { CatalogEntry, inputOr, Inputs } from "./entry";
import { PRICES } from "./prices";

export const OBSERVABILITY: readonly CatalogEntry[] = [
  {
    type: "aws:cloudwatch/dashboard:Dashboard",
    api: cloudwatch.DASHBOARD,
    unruled: "a view of metrics; holds no data",
    price: () => ({ usd: PRICES.monthly.dashboard, basis: "dashboard" }),
  },
  {
    type: "aws:cloudwatch/logDelivery:LogDelivery",
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "log delivery to a log group that is judged",
  },
  {
    type: "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination",
    api: cloudwatch.LOG_DELIVERY_DESTINATION,
    unruled: "log delivery to a log group that is judged",
  },
  {
    type: "aws:cloudwatch/logDeliverySource:LogDeliverySource",
    api: cloudwatch.LOG_DELIVERY_SOURCE,
    unruled: "log delivery from a resource that is judged",
  },
  {
    type: "aws:cloudwatch/logGroup:LogGroup",
    uniqueName: { property: "name", auto: true },
    api: cloudwatch.LOG_GROUP,
    policies: ["log-group-encrypted", "log-group-retention"],
    usage: { quantity: "5 GB ingested ($0.57/GB)", monthlyUsd: 2.85 },
    outputs: (c) => ({ arn: `arn:aws:logs:${c.region}:${c.account}:log-group:${inputOr(c, "name")}` }),
  },
  {
    type: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
    api: none("a filter name up to 512 characters without ':' or '*', auto-named well within"),
    unruled: "counts the trail's events for the security alarms; holds no data",
  },
  {
    type: "aws:cloudwatch/logResourcePolicy:LogResourcePolicy",
    api: none("a policy name up to 255 characters, auto-named well within"),
    unruled: "lets an AWS service write to log groups that are judged",
  },
  {
    type: "aws:cloudwatch/metricAlarm:MetricAlarm",
    uniqueName: { property: "name", auto: true },
    api: cloudwatch.METRIC_ALARM,
    unruled: "an alarm; holds no data",
    outputs: (c) => ({ arn: `arn:aws:cloudwatch:${c.region}:${c.account}:alarm:${inputOr(c, "name")}` }),
    price: (r) => {
      const i = r.inputs;
      const metrics = Array.isArray(i.metricQueries)
        ? i.metricQueries.filter((q) => (q as Inputs).metric !== undefined).length
        : 1;
      return { usd: PRICES.monthly.alarmMetric * metrics, basis: `alarm on ${metrics} metric(s)` };
    },
  },
  {
    type: "aws:cloudwatch/queryDefinition:QueryDefinition",
    api: cloudwatch.QUERY_DEFINITION,
    unruled: "a saved query over a log group that is judged",
  },
];
