/** CloudWatch (logs, alarms, dashboards, Logs Insights queries) and EventBridge (buses, rules, archives). */
import { ApiCoverage, combination, length, nameRules, reserved } from "./rule";

const CREATE_LOG_GROUP =
  "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html";
const PUT_ALARM = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html";
const PUT_DASHBOARD =
  "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html";
const PUT_QUERY =
  "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutQueryDefinition.html";
const PUT_RULE = "https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html";
const CREATE_BUS = "https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateEventBus.html";
const CREATE_ARCHIVE = "https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateArchive.html";
const DELIVERY_SOURCE =
  "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutDeliverySource.html";
const DELIVERY_DESTINATION =
  "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutDeliveryDestination.html";

const PUT_RETENTION =
  "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html";
/** The retention periods CloudWatch Logs accepts (any other number is rejected). */
const RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

export const LOG_GROUP: ApiCoverage = {
  rules: [
    ...nameRules(
      "logs-group-name",
      {
        property: "name",
        auto: true,
        max: 512,
        regex: /^[.\-_/#A-Za-z0-9]+$/,
        text: "uses only a-z, A-Z, 0-9 and . - _ / #",
      },
      CREATE_LOG_GROUP,
    ),
    reserved("logs-group-name-aws", { property: "name", auto: true, prefixes: ["aws/"] }, CREATE_LOG_GROUP),
    combination(
      "logs-retention-value",
      `retentionInDays is one of ${RETENTION_DAYS.join(", ")}`,
      PUT_RETENTION,
      (i) =>
        typeof i.retentionInDays === "number" && !RETENTION_DAYS.includes(i.retentionInDays)
          ? [{ property: "retentionInDays", value: String(i.retentionInDays) }]
          : [],
    ),
  ],
};

export const METRIC_ALARM: ApiCoverage = {
  rules: [
    length("cw-alarm-name-length", { property: "name", auto: true, max: 255 }, PUT_ALARM),
    length("cw-alarm-description-length", { property: "alarmDescription", min: 0, max: 1024 }, PUT_ALARM),
    combination("cw-alarm-period", "period is 10, 20, 30 or a multiple of 60 seconds", PUT_ALARM, (i) =>
      typeof i.period === "number" && ![10, 20, 30].includes(i.period) && i.period % 60 !== 0
        ? [{ property: "period", value: String(i.period) }]
        : [],
    ),
    combination("cw-alarm-datapoints", "datapointsToAlarm is at most evaluationPeriods", PUT_ALARM, (i) =>
      typeof i.datapointsToAlarm === "number" &&
      typeof i.evaluationPeriods === "number" &&
      i.datapointsToAlarm > i.evaluationPeriods
        ? [{ property: "datapointsToAlarm", value: `${i.datapointsToAlarm} of ${i.evaluationPeriods}` }]
        : [],
    ),
  ],
};

export const DASHBOARD: ApiCoverage = {
  rules: nameRules(
    "cw-dashboard-name",
    {
      property: "dashboardName",
      max: 255,
      regex: /^[A-Za-z0-9_-]+$/,
      text: "uses only alphanumerics, '-' and '_'",
    },
    PUT_DASHBOARD,
  ),
};

export const QUERY_DEFINITION: ApiCoverage = {
  rules: [length("logs-query-name-length", { property: "name", max: 255 }, PUT_QUERY)],
};

export const EVENT_RULE: ApiCoverage = {
  rules: [
    ...nameRules(
      "events-rule-name",
      {
        property: "name",
        auto: true,
        max: 64,
        regex: /^[.\-_A-Za-z0-9]+$/,
        text: "uses only . - _ and alphanumerics",
      },
      PUT_RULE,
    ),
    length("events-rule-description-length", { property: "description", min: 0, max: 512 }, PUT_RULE),
  ],
};

export const EVENT_BUS: ApiCoverage = {
  rules: [
    ...nameRules(
      "events-bus-name",
      {
        property: "name",
        max: 256,
        // "Custom event bus names can't contain the / character" (only partner buses may).
        regex: /^[.\-_A-Za-z0-9]+$/,
        text: "uses only . - _ and alphanumerics (no /: that is for partner event buses)",
      },
      CREATE_BUS,
    ),
    // "You can't use the name default for a custom event bus, as this name is already used for your
    // account's default event bus."
    combination("events-bus-name-default", 'name must not be "default"', CREATE_BUS, (i) =>
      i.name === "default" ? [{ property: "name", value: "default" }] : [],
    ),
    length("events-bus-description-length", { property: "description", min: 0, max: 512 }, CREATE_BUS),
  ],
};

export const EVENT_ARCHIVE: ApiCoverage = {
  rules: [
    ...nameRules(
      "events-archive-name",
      {
        property: "name",
        auto: true,
        max: 48,
        regex: /^[.\-_A-Za-z0-9]+$/,
        text: "uses only . - _ and alphanumerics",
      },
      CREATE_ARCHIVE,
    ),
    length(
      "events-archive-description-length",
      { property: "description", min: 0, max: 512 },
      CREATE_ARCHIVE,
    ),
  ],
};

export const LOG_DELIVERY_SOURCE: ApiCoverage = {
  rules: nameRules(
    "logs-delivery-source-name",
    { property: "name", max: 60, regex: /^[\w-]*$/, text: "uses only letters, digits, '_' and '-'" },
    DELIVERY_SOURCE,
  ),
};

export const LOG_DELIVERY_DESTINATION: ApiCoverage = {
  rules: nameRules(
    "logs-delivery-destination-name",
    { property: "name", max: 60, regex: /^[\w-]*$/, text: "uses only letters, digits, '_' and '-'" },
    DELIVERY_DESTINATION,
  ),
};
