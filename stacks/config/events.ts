/** Events: DynamoDB tables, the environment's event bus and its rules, Lambda functions. */
import { z } from "zod";

import { tableProblems, tablesSchema } from "../../components/data/tableSpec";
import { eventsProblems } from "../../components/events/eventsProblems";
import { eventRulesSchema, functionsSchema } from "../../components/events/eventsSchema";
import { ConfigProblem, fullKey, key } from "./engine";
import type { ConfigCheck } from "./index";

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

export const EVENTS_CHECKS: readonly ConfigCheck[] = [checkEvents];
