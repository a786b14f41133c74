/** Events: DynamoDB tables, the environment's event bus and its rules, Lambda functions. */
import { z } from "zod";

import { tableProblems, tablesSchema } from "../../components/data/tableSpec";
import { eventsProblems } from "../../components/events/eventsProblems";
import { eventRulesSchema, functionsSchema } from "../../components/events/eventsSchema";
import { ConfigProblem, fullKey, key } from "./engine";
import type { ConfigCheck } from "./index";

/**
 * The shell command that asks Service Quotas to raise one quota of the account it runs in
 * (https://docs.aws.amazon.com/cli/latest/reference/service-quotas/request-service-quota-increase.html).
 */
export function quotaIncreaseCommand(
  serviceCode: string,
  quotaCode: string,
  value: number,
  region: string,
): string {
  return (
    `aws service-quotas request-service-quota-increase --service-code ${serviceCode} ` +
    `--quota-code ${quotaCode} --desired-value ${value} --region ${region}`
  );
}

/**
 * Lambda's regional "Concurrent executions" quota. The documented default is 1,000, but "new AWS accounts
 * have reduced concurrency and memory quotas" (https://docs.aws.amazon.com/lambda/latest/dg/limits.html):
 * AWS gives no number, and 10 is what new member accounts have been seen to start at. Lambda keeps 100 of it unreserved: "you can reserve up to the
 * Unreserved account concurrency value that is shown, minus 100 for functions that don't have reserved
 * concurrency" (https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html); beyond that
 * PutFunctionConcurrency fails with "decreases account's UnreservedConcurrentExecution below its minimum
 * value". Service code and quota code as the Service Quotas console names them
 * (https://console.aws.amazon.com/servicequotas/home/services/lambda/quotas/L-B99A9384).
 */
export const LAMBDA_CONCURRENCY = {
  serviceCode: "lambda",
  quotaCode: "L-B99A9384",
  name: "Concurrent executions",
  documentedDefault: 1000,
  newAccount: 10,
  unreservedMinimum: 100,
} as const;

export const EVENTS_KEYS = {
  tables: key({
    kind: "array",
    default: [],
    schema: tablesSchema,
    description:
      "DynamoDB tables: a list of {name, attributes {name: S|N|B}, hashKey, rangeKey, indexes [{name, hashKey, rangeKey, projection}], billingMode, ttlAttribute}. Encrypted with the environment key, point-in-time recovery on.",
  }),
  dynamodbRecoveryPeriodDays: key({
    kind: "integer",
    tierDefault: { dev: 7, stage: 14, prod: 35 },
    schema: z.number().int().min(1).max(35),
    description: "Days of continuous backups each DynamoDB table keeps for point-in-time recovery (1..35).",
  }),
  eventBus: key({
    kind: "boolean",
    default: false,
    schema: z.boolean(),
    description:
      "Create the environment's EventBridge bus (encrypted, limited to the account, archived); needed by eventRules and by `eventBus: put` grants.",
  }),
  eventArchiveRetentionDays: key({
    kind: "integer",
    tierDefault: { dev: 7, stage: 30, prod: 365 },
    schema: z.number().int().min(1).max(3653),
    description: "Days the event bus's archive keeps every event for replays (1..3653).",
  }),
  eventRules: key({
    kind: "array",
    default: [],
    schema: eventRulesSchema,
    description:
      "Rules on the environment's bus: a list of {name, pattern (a JSON event pattern), targets [{queue: <service>/<queue>} | {function: <name>}], retryAttempts, maxEventAgeSeconds}; each rule dead-letters to its own queue.",
  }),
  functions: key({
    kind: "array",
    default: [],
    schema: functionsSchema,
    description:
      "Lambda functions: a list of {name, code (bundled | s3 {bucket, key} | image <service>:<tag>), runtime, handler, memory (128..10240), timeout (1..900), reservedConcurrency, environment, tables, eventBus, schedules, queue}. See the README.",
  }),
  lambdaConcurrencyQuota: key({
    kind: "integer",
    default: LAMBDA_CONCURRENCY.newAccount,
    schema: z.number().int().min(1).max(1_000_000),
    description:
      "The member account's Lambda concurrent-executions quota in the stack's region (Service Quotas lambda L-B99A9384). " +
      "The default is what a new account starts with (10); Lambda keeps 100 unreserved, so functions may reserve at most " +
      "this minus 100 in all. Request the increase first (the plan's quotas section prints the command), then set the granted value here.",
  }),
};

/** Tables, and what uses them: the rules, the functions, the services' grants. */
const checkEvents: ConfigCheck = (draft) => {
  const problems: ConfigProblem[] = [];
  if (draft.tables !== undefined) {
    problems.push(
      ...tableProblems(draft.tables).map((p) => ({ key: fullKey(`tables${p.at}`), message: p.message })),
    );
  }
  const { tables, eventBus, eventRules, functions, services } = draft;
  if (
    tables === undefined ||
    eventBus === undefined ||
    eventRules === undefined ||
    functions === undefined ||
    services === undefined
  ) {
    return problems;
  }
  return [...problems, ...eventsProblems({ tables, eventBus, eventRules, functions, services })];
};

/**
 * Reserved concurrency must leave Lambda its 100 unreserved executions within the account's quota, or the
 * first deploy fails at PutFunctionConcurrency: a new account (quota 10) can reserve none.
 */
const checkReservedConcurrency: ConfigCheck = (draft) => {
  const { functions, lambdaConcurrencyQuota: quota } = draft;
  if (functions === undefined || quota === undefined) {
    return [];
  }
  const reserving = functions
    .map((f, i) => ({ name: f.name, reserved: f.reservedConcurrency, i }))
    .filter((f): f is { name: string; reserved: number; i: number } => f.reserved !== undefined);
  const total = reserving.reduce((sum, f) => sum + f.reserved, 0);
  const allowed = Math.max(0, quota - LAMBDA_CONCURRENCY.unreservedMinimum);
  if (reserving.length === 0 || total <= allowed) {
    return [];
  }
  const needed = total + LAMBDA_CONCURRENCY.unreservedMinimum;
  const command = quotaIncreaseCommand(
    LAMBDA_CONCURRENCY.serviceCode,
    LAMBDA_CONCURRENCY.quotaCode,
    needed,
    draft.region ?? "<region>",
  );
  const keys = reserving
    .map((f) => `${fullKey(`functions[${f.i}].reservedConcurrency`)} (${f.reserved})`)
    .join(", ");
  return [
    {
      key: fullKey(`functions[${reserving[reserving.length - 1].i}].reservedConcurrency`),
      message:
        `the functions reserve ${total} concurrent executions in all (${keys}), but ${fullKey("lambdaConcurrencyQuota")} ` +
        `is ${quota} and Lambda keeps ${LAMBDA_CONCURRENCY.unreservedMinimum} unreserved: at most ${allowed} can be reserved. ` +
        `Request a quota of at least ${needed} first (${command}), then set ${fullKey("lambdaConcurrencyQuota")} ` +
        "to the granted value; or remove reservedConcurrency",
    },
  ];
};

export const EVENTS_CHECKS: readonly ConfigCheck[] = [checkEvents, checkReservedConcurrency];
