/** Observability: log groups and their delivery, alarms, dashboards and saved queries. */
import { cloudwatch, none } from "../rules";
import { CatalogEntry, inputOr, Inputs } from "./entry";
import { PRICES } from "./prices";
import { aws } from "./replacement";

export const OBSERVABILITY: readonly CatalogEntry[] = [
  {
    type: "aws:cloudwatch/dashboard:Dashboard",
    unexposed: "a view of metrics; not shared publicly",
    replaceOn: aws("cloudwatch_dashboard", ["dashboardName"]),
    api: cloudwatch.DASHBOARD,
    unruled: "a view of metrics; holds no data",
    price: () => ({ usd: PRICES.monthly.dashboard, basis: "dashboard" }),
  },
  {
    type: "aws:cloudwatch/logDelivery:LogDelivery",
    unexposed: "log delivery to a log group (judged); grants nothing",
    replaceOn: aws("cloudwatch_log_delivery", ["deliveryDestinationArn", "deliverySourceName"]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "log delivery to a log group that is judged",
  },
  {
    type: "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination",
    unexposed: "log delivery to a log group (judged); no destination policy is set",
    replaceOn: aws("cloudwatch_log_delivery_destination", [
      "deliveryDestinationType",
      "name",
      "outputFormat",
    ]),
    api: cloudwatch.LOG_DELIVERY_DESTINATION,
    unruled: "log delivery to a log group that is judged",
  },
  {
    type: "aws:cloudwatch/logDeliverySource:LogDeliverySource",
    unexposed: "log delivery from a resource that is judged; grants nothing",
    replaceOn: aws("cloudwatch_log_delivery_source", ["logType", "name"]),
    api: cloudwatch.LOG_DELIVERY_SOURCE,
    unruled: "log delivery from a resource that is judged",
  },
  {
    type: "aws:cloudwatch/logGroup:LogGroup",
    unexposed: "reached only through CloudWatch Logs' API with IAM; log resource policies are judged",
    replaceOn: aws("cloudwatch_log_group", ["logGroupClass", "name", "namePrefix"]),
    uniqueName: { property: "name", auto: true },
    api: cloudwatch.LOG_GROUP,
    policies: ["log-group-encrypted", "log-group-retention"],
    usage: { quantity: "5 GB ingested ($0.57/GB)", monthlyUsd: 2.85 },
    outputs: (c) => ({ arn: `arn:aws:logs:${c.region}:${c.account}:log-group:${inputOr(c, "name")}` }),
  },
  {
    type: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
    replaceOn: aws("cloudwatch_log_metric_filter", ["logGroupName", "name"]),
    unexposed: "counts matching log events into a metric; grants nothing",
    api: none("a filter name up to 512 characters without ':' or '*', auto-named well within"),
    unruled: "counts the trail's events for the security alarms; holds no data",
  },
  {
    type: "aws:cloudwatch/logResourcePolicy:LogResourcePolicy",
    replaceOn: aws("cloudwatch_log_resource_policy", ["policyName"]),
    api: none("a policy name up to 255 characters, auto-named well within"),
    policies: ["no-public-resource-policy"],
  },
  {
    type: "aws:cloudwatch/metricAlarm:MetricAlarm",
    unexposed: "an alarm; no endpoint",
    replaceOn: aws("cloudwatch_metric_alarm", ["name"]),
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
    unexposed: "a saved query; no endpoint",
    replaceOn: aws("cloudwatch_query_definition", []),
    api: cloudwatch.QUERY_DEFINITION,
    unruled: "a saved query over a log group that is judged",
  },
];
