/**
 * EventBridge rules and Lambda functions resolved from the stack config into the fully defaulted specs the
 * components take. The config's shapes are in ./eventsSchema, its validation in ./eventsProblems.
 *
 * Pure: no Pulumi runtime.
 */
import { TableGrant } from "../data/tableSpec";
import { normalizedPattern } from "./eventPattern";
import {
  Architecture,
  BundledFunction,
  DEFAULTS,
  EventRuleConfig,
  FunctionConfig,
  parseFunctionImage,
  parseQueueRef,
} from "./eventsSchema";

/** Where a function's code comes from. */
export type FunctionCodeSpec =
  | { kind: "bundled"; bundle: BundledFunction }
  | { kind: "s3"; bucket: string; key: string; version?: string }
  /** An image in a service's ECR repository: `<tag>` or `@sha256:<digest>` after the repository URL. */
  | { kind: "image"; service: string; reference: string };

export interface FunctionScheduleSpec {
  name: string;
  expression: string;
  timezone: string;
  /** JSON the schedule invokes the function with; default: a "Scheduled Event" in EventBridge's shape. */
  input?: string;
}

export interface FunctionQueueSpec {
  service: string;
  queue: string;
  batchSize: number;
  maxBatchingWindowSeconds: number;
  reportBatchItemFailures: boolean;
}

/** A function with every default applied: what the LambdaFunction component builds. */
export interface FunctionSpec {
  name: string;
  description?: string;
  code: FunctionCodeSpec;
  /** Zip-packaged code only. */
  runtime?: string;
  handler?: string;
  architecture: Architecture;
  memory: number;
  timeout: number;
  reservedConcurrency?: number;
  environment: Record<string, string>;
  tables: TableGrant[];
  eventBus: boolean;
  schedules: FunctionScheduleSpec[];
  queue?: FunctionQueueSpec;
}

export type RuleTargetSpec =
  { kind: "queue"; service: string; queue: string } | { kind: "function"; name: string };

export interface EventRuleSpec {
  name: string;
  description?: string;
  /** The pattern as sent: compact JSON. */
  pattern: string;
  targets: RuleTargetSpec[];
  retryAttempts: number;
  maxEventAgeSeconds: number;
}

/** Resolves validated function entries into specs with every default applied. */
export function resolveFunctions(functions: readonly FunctionConfig[]): FunctionSpec[] {
  return functions.map((f) => {
    let code: FunctionCodeSpec;
    if (f.bundled !== undefined) {
      code = { kind: "bundled", bundle: f.bundled };
    } else if (f.s3 !== undefined) {
      code = { kind: "s3", bucket: f.s3.bucket, key: f.s3.key, version: f.s3.version };
    } else {
      const image = parseFunctionImage(f.image ?? "");
      if (image === undefined) {
        throw new Error(`function "${f.name}": no code source`); // validated before; unreachable
      }
      code = { kind: "image", ...image };
    }
    const zip = code.kind !== "image";
    return {
      name: f.name,
      description: f.description,
      code,
      runtime: code.kind === "bundled" ? DEFAULTS.bundledRuntime : f.runtime,
      handler: code.kind === "bundled" ? DEFAULTS.bundledHandler : f.handler,
      architecture: f.architecture ?? (zip ? DEFAULTS.zipArchitecture : DEFAULTS.imageArchitecture),
      memory: f.memory ?? DEFAULTS.memory,
      timeout: f.timeout ?? DEFAULTS.timeout,
      reservedConcurrency: f.reservedConcurrency,
      environment: f.environment ?? {},
      tables: f.tables ?? [],
      eventBus: f.eventBus === "put",
      schedules: (f.schedules ?? []).map((s) => ({
        name: s.name,
        expression: s.expression,
        timezone: s.timezone ?? DEFAULTS.timezone,
        input: s.input,
      })),
      queue:
        f.queue === undefined
          ? undefined
          : {
              ...parseQueueRef(f.queue.source)!,
              batchSize: f.queue.batchSize ?? DEFAULTS.batchSize,
              maxBatchingWindowSeconds: f.queue.maxBatchingWindowSeconds ?? DEFAULTS.maxBatchingWindowSeconds,
              reportBatchItemFailures: f.queue.reportBatchItemFailures ?? false,
            },
    };
  });
}

/** Resolves validated rule entries into specs with every default applied. */
export function resolveEventRules(rules: readonly EventRuleConfig[]): EventRuleSpec[] {
  return rules.map((r) => ({
    name: r.name,
    description: r.description,
    pattern: normalizedPattern(r.pattern),
    targets: r.targets.map((t): RuleTargetSpec =>
      t.queue !== undefined
        ? { kind: "queue", ...parseQueueRef(t.queue)! }
        : { kind: "function", name: t.function! },
    ),
    retryAttempts: r.retryAttempts ?? DEFAULTS.retryAttempts,
    maxEventAgeSeconds: r.maxEventAgeSeconds ?? DEFAULTS.maxEventAgeSeconds,
  }));
}
