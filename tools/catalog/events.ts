/**
 * Events: the event bus and its archive, rules, schedules, Lambda functions and DynamoDB tables. Their ARNs
 * are made up in the formats AWS returns, which grants, queue policies and rule targets are checked
 * against in `up` mode.
 */
import { cloudwatch, compute, data, none } from "../rules";
import { CatalogEntry, inputOr } from "./entry";
import { aws, EVERY_INPUT } from "./replacement";

export const EVENTS: readonly CatalogEntry[] = [
  {
    type: "aws:cloudwatch/eventArchive:EventArchive",
    unexposed: "reached only through EventBridge's API with IAM; no resource policy",
    replaceOn: aws("cloudwatch_event_archive", ["eventSourceArn", "name"]),
    stateful: "the archived events (replay)",
    uniqueName: { property: "name", auto: true },
    api: cloudwatch.EVENT_ARCHIVE,
    policies: ["eventbridge-encrypted"],
    outputs: (c) => ({ arn: `arn:aws:events:${c.region}:${c.account}:archive/${inputOr(c, "name")}` }),
  },
  {
    type: "aws:cloudwatch/eventBus:EventBus",
    unexposed: "who may put events is its bus policy's (judged)",
    replaceOn: aws("cloudwatch_event_bus", ["eventSourceName", "name"]),
    uniqueName: { property: "name" },
    api: cloudwatch.EVENT_BUS,
    policies: ["eventbridge-encrypted"],
    usage: { quantity: "5 M custom events ($1.00/M)", monthlyUsd: 5 },
    outputs: (c) => ({ arn: `arn:aws:events:${c.region}:${c.account}:event-bus/${inputOr(c, "name")}` }),
  },
  {
    type: "aws:cloudwatch/eventBusPolicy:EventBusPolicy",
    replaceOn: aws("cloudwatch_event_bus_policy", ["eventBusName"]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    policies: ["no-public-resource-policy"],
  },
  {
    type: "aws:cloudwatch/eventRule:EventRule",
    unexposed: "routes events; no endpoint",
    replaceOn: aws("cloudwatch_event_rule", ["eventBusName", "name", "namePrefix"]),
    api: cloudwatch.EVENT_RULE,
    unruled: "routes events; holds no data",
    outputs: (c) => {
      const bus = c.inputs.eventBusName;
      const name = inputOr(c, "name");
      const path = typeof bus === "string" && bus !== "default" ? `${bus}/${name}` : name;
      return { arn: `arn:aws:events:${c.region}:${c.account}:rule/${path}` };
    },
  },
  {
    type: "aws:cloudwatch/eventTarget:EventTarget",
    unexposed: "delivers to a target that is judged itself (ecs-tasks-no-public-ip for ECS targets)",
    replaceOn: aws("cloudwatch_event_target", ["eventBusName", "rule", "targetId"]),
    api: none("a target id up to 64 characters, derived by the provider"),
    unruled: "routes events to a target that is judged itself",
  },
  {
    type: "aws:dynamodb/table:Table",
    unexposed: "reached only through DynamoDB's API with IAM; the program sets no resource policy",
    replaceOn: aws("dynamodb_table", ["hashKey", "importTable", "localSecondaryIndexes", "name", "rangeKey"]),
    stateful: "the table's items",
    uniqueName: { property: "name", auto: true },
    api: data.TABLE,
    policies: ["dynamodb-encrypted", "dynamodb-point-in-time-recovery"],
    // On-demand request prices as cut by half on 1 November 2024 (DynamoDB on-demand pricing).
    usage: {
      quantity:
        "5 GB stored ($0.283/GB), 10 M writes ($0.7068/M) and 50 M reads ($0.1413/M) on demand, PITR on 5 GB ($0.224/GB)",
      monthlyUsd: 16.67,
    },
    outputs: (c) => ({ arn: `arn:aws:dynamodb:${c.region}:${c.account}:table/${inputOr(c, "name")}` }),
  },
  {
    type: "aws:lambda/eventSourceMapping:EventSourceMapping",
    unexposed: "polls a queue for a function; no endpoint",
    replaceOn: aws("lambda_event_source_mapping", [
      "amazonManagedKafkaEventSourceConfig",
      "eventSourceArn",
      "queues",
      "selfManagedEventSource",
      "selfManagedKafkaEventSourceConfig",
      "startingPosition",
      "startingPositionTimestamp",
      "topics",
    ]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "connects a judged queue to a judged function",
  },
  {
    type: "aws:lambda/function:Function",
    replaceOn: aws("lambda_function", ["name", "packageType", "tenancyConfig"]),
    uniqueName: { property: "name", auto: true },
    api: compute.FUNCTION,
    policies: ["lambda-environment-encrypted", "lambda-in-vpc", "only-edge-in-public-subnets"],
    usage: {
      quantity: "1 M invocations of 200 ms at 256 MB on arm64 ($0.20/M, $0.0000133/GB-s)",
      monthlyUsd: 0.87,
    },
    outputs: (c) => ({ arn: `arn:aws:lambda:${c.region}:${c.account}:function:${inputOr(c, "name")}` }),
  },
  {
    type: "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
    unexposed: "retries and the failure queue of asynchronous invocations; grants nothing",
    replaceOn: aws("lambda_function_event_invoke_config", ["functionName", "qualifier"]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "retries and the failure queue (judged) of asynchronous invocations",
  },
  {
    type: "aws:lambda/permission:Permission",
    replaceOn: aws("lambda_permission", [EVERY_INPUT]),
    api: none("a statement id up to 100 characters, auto-named"),
    policies: ["no-public-permission"],
  },
  {
    type: "aws:scheduler/schedule:Schedule",
    replaceOn: aws("scheduler_schedule", ["groupName", "name", "namePrefix"]),
    api: compute.SCHEDULE,
    policies: ["ecs-tasks-no-public-ip", "only-edge-in-public-subnets"],
    outputs: (c) => ({
      arn: `arn:aws:scheduler:${c.region}:${c.account}:schedule/default/${inputOr(c, "name")}`,
    }),
  },
];
