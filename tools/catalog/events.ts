/**
 * Events: the event bus and its archive, rules, schedules, Lambda functions and DynamoDB tables. Their ARNs
 * are made up in the formats AWS returns, which grants, queue policies and rule targets are checked
 * against in `up` mode.
 */
import { cloudwatch, compute, data, none } from "../rules";
import { CatalogEntry, inputOr } from "./entry";

export const EVENTS: readonly CatalogEntry[] = [
  {
    type: "aws:cloudwatch/eventArchive:EventArchive",
    uniqueName: { property: "name", auto: true },
    api: cloudwatch.EVENT_ARCHIVE,
    policies: ["eventbridge-encrypted"],
    outputs: (c) => ({ arn: `arn:aws:events:${c.region}:${c.account}:archive/${inputOr(c, "name")}` }),
  },
  {
    type: "aws:cloudwatch/eventBus:EventBus",
    uniqueName: { property: "name" },
    api: cloudwatch.EVENT_BUS,
    policies: ["eventbridge-encrypted"],
    usage: { quantity: "5 M custom events ($1.00/M)", monthlyUsd: 5 },
    outputs: (c) => ({ arn: `arn:aws:events:${c.region}:${c.account}:event-bus/${inputOr(c, "name")}` }),
  },
  {
    type: "aws:cloudwatch/eventBusPolicy:EventBusPolicy",
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "who may put events on the bus: the account only (tested by the bus component)",
  },
  {
    type: "aws:cloudwatch/eventRule:EventRule",
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
    api: none("a target id up to 64 characters, derived by the provider"),
    unruled: "routes events to a target that is judged itself",
  },
  {
    type: "aws:dynamodb/table:Table",
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
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "connects a judged queue to a judged function",
  },
  {
    type: "aws:lambda/function:Function",
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
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "retries and the failure queue (judged) of asynchronous invocations",
  },
  {
    type: "aws:lambda/permission:Permission",
    api: none("a statement id up to 100 characters, auto-named"),
    unruled: "lets one rule invoke one function (tested by the rule component)",
  },
  {
    type: "aws:scheduler/schedule:Schedule",
    api: compute.SCHEDULE,
    policies: ["ecs-tasks-no-public-ip", "only-edge-in-public-subnets"],
    outputs: (c) => ({
      arn: `arn:aws:scheduler:${c.region}:${c.account}:schedule/default/${inputOr(c, "name")}`,
    }),
  },
];
