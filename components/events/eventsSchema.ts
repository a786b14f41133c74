/**
 * EventBridge rules (`platform:eventRules`) and Lambda functions (`platform:functions`) as the stack config
 * declares them: the zod schemas of their entries (shapes and AWS's ranges: memory 128..10240 MB, timeout
 * 1..900 s, ...), Lambda's limits, the defaults, and the parsers of the references entries make.
 *
 * Pure: no Pulumi runtime. {@link eventsProblems} (./eventsProblems) checks meaning; {@link resolveFunctions}
 * and {@link resolveEventRules} (./eventsSpec) resolve entries into specs.
 */
import { z } from "zod";

import { tableGrantSchema } from "../data/tableSpec";

/** Rule and function names in config: part of physical names (`<namePrefix>-<env>-<name>`, at most 64). */
export const EVENT_NAME = /^[a-z][a-z0-9-]{0,38}[a-z0-9]$/;
const NAME_MESSAGE = "2..40 of a-z, 0-9, '-', starting with a letter";
const SCHEDULE_NAME = /^[a-z][a-z0-9-]{0,14}[a-z0-9]$/;

/** Functions whose code lives in this repository (`functions/<name>/`), packaged by the program. */
export const BUNDLED_FUNCTIONS = ["event-recorder"] as const;
export type BundledFunction = (typeof BUNDLED_FUNCTIONS)[number];

/** Lambda runtimes a zip-packaged function may use (supported, not deprecated). */
export const LAMBDA_RUNTIMES = [
  "nodejs22.x",
  "nodejs24.x",
  "python3.12",
  "python3.13",
  "python3.14",
  "java21",
  "java25",
  "dotnet8",
  "dotnet10",
  "ruby3.4",
  "provided.al2023",
] as const;
export const ARCHITECTURES = ["arm64", "x86_64"] as const;
export type Architecture = (typeof ARCHITECTURES)[number];

/** Lambda's limits on a standard function. */
export const LAMBDA_LIMITS = {
  memoryMb: { min: 128, max: 10240 },
  timeoutSeconds: { min: 1, max: 900 },
  /** Total size of a function's environment variables (keys and values), in bytes. */
  environmentBytes: 4096,
} as const;

/** Environment variables the Lambda runtime sets itself; a function may not declare them. */
export const LAMBDA_RESERVED_ENV = [
  "_HANDLER",
  "_X_AMZN_TRACE_ID",
  "AWS_DEFAULT_REGION",
  "AWS_REGION",
  "AWS_EXECUTION_ENV",
  "AWS_LAMBDA_FUNCTION_NAME",
  "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
  "AWS_LAMBDA_FUNCTION_VERSION",
  "AWS_LAMBDA_INITIALIZATION_TYPE",
  "AWS_LAMBDA_LOG_GROUP_NAME",
  "AWS_LAMBDA_LOG_STREAM_NAME",
  "AWS_ACCESS_KEY",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_LAMBDA_RUNTIME_API",
  "LAMBDA_TASK_ROOT",
  "LAMBDA_RUNTIME_DIR",
] as const;

export const DEFAULTS = {
  memory: 256,
  timeout: 30,
  /** Zip-packaged code defaults to Graviton; images to x86_64, as the services' images are built. */
  zipArchitecture: "arm64",
  imageArchitecture: "x86_64",
  bundledRuntime: "nodejs22.x",
  bundledHandler: "index.handler",
  batchSize: 10,
  maxBatchingWindowSeconds: 0,
  retryAttempts: 185,
  maxEventAgeSeconds: 3600,
  timezone: "UTC",
} as const;

const grantsSchema = z.array(tableGrantSchema).min(1).max(20);

const functionScheduleSchema = z.strictObject({
  name: z.string().regex(SCHEDULE_NAME, "2..16 of a-z, 0-9, '-', starting with a letter"),
  expression: z.string(),
  timezone: z.string().optional(),
  input: z.string().optional(),
});

const functionQueueSchema = z.strictObject({
  source: z.string(),
  batchSize: z.number().int().min(1).max(10000).optional(),
  maxBatchingWindowSeconds: z.number().int().min(0).max(300).optional(),
  reportBatchItemFailures: z.boolean().optional(),
});

/** One entry of `platform:functions`, as written in the stack file. */
export const functionSchema = z.strictObject({
  name: z.string().regex(EVENT_NAME, NAME_MESSAGE),
  description: z.string().max(256).optional(),
  bundled: z.enum(BUNDLED_FUNCTIONS).optional(),
  s3: z
    .strictObject({
      bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "an S3 bucket name"),
      key: z.string().min(1).max(1024),
      version: z.string().min(1).max(1024).optional(),
    })
    .optional(),
  image: z.string().optional(),
  runtime: z.enum(LAMBDA_RUNTIMES).optional(),
  handler: z.string().min(1).max(128).optional(),
  architecture: z.enum(ARCHITECTURES).optional(),
  memory: z.number().int().min(LAMBDA_LIMITS.memoryMb.min).max(LAMBDA_LIMITS.memoryMb.max).optional(),
  timeout: z
    .number()
    .int()
    .min(LAMBDA_LIMITS.timeoutSeconds.min)
    .max(LAMBDA_LIMITS.timeoutSeconds.max)
    .optional(),
  // Bounded by the account's quota, a stack setting: see platform:lambdaConcurrencyQuota.
  reservedConcurrency: z.number().int().min(1).optional(),
  environment: z.record(z.string(), z.string()).optional(),
  tables: grantsSchema.optional(),
  eventBus: z.enum(["put"]).optional(),
  schedules: z.array(functionScheduleSchema).min(1).max(10).optional(),
  queue: functionQueueSchema.optional(),
});
export const functionsSchema = z.array(functionSchema).max(50);
export type FunctionConfig = z.infer<typeof functionSchema>;

const ruleTargetSchema = z.strictObject({
  queue: z.string().optional(),
  function: z.string().optional(),
});

/** One entry of `platform:eventRules`, as written in the stack file. */
export const eventRuleSchema = z.strictObject({
  name: z.string().regex(EVENT_NAME, NAME_MESSAGE),
  description: z.string().max(512).optional(),
  pattern: z.string(),
  targets: z.array(ruleTargetSchema).min(1).max(5),
  retryAttempts: z.number().int().min(0).max(185).optional(),
  maxEventAgeSeconds: z.number().int().min(60).max(86400).optional(),
});
export const eventRulesSchema = z.array(eventRuleSchema).max(100);
export type EventRuleConfig = z.infer<typeof eventRuleSchema>;

/** `<service>/<queue>` into its parts, or undefined. */
export function parseQueueRef(text: string): { service: string; queue: string } | undefined {
  const m = /^([a-z][a-z0-9-]*)\/([a-z][a-z0-9-]*)$/.exec(text);
  return m ? { service: m[1], queue: m[2] } : undefined;
}

/** `<service>:<tag>` or `<service>@sha256:<64 hex>` into the service and the reference after its repository. */
export function parseFunctionImage(text: string): { service: string; reference: string } | undefined {
  const tagged = /^([a-z][a-z0-9-]*):([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$/.exec(text);
  if (tagged) {
    return { service: tagged[1], reference: `:${tagged[2]}` };
  }
  const digest = /^([a-z][a-z0-9-]*)@(sha256:[a-f0-9]{64})$/.exec(text);
  return digest ? { service: digest[1], reference: `@${digest[2]}` } : undefined;
}

/** The logical name of a function's component (its children, such as schedules, are named after it). */
export function functionComponentName(name: string): string {
  return `fn-${name}`;
}
