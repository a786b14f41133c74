/**
 * EventBridge rules (`platform:eventRules`) and Lambda functions (`platform:functions`) as the stack config
 * declares them, their validation against each other, the tables, the event bus and the services, and their
 * resolution into the fully defaulted specs the components take.
 *
 * Pure: no Pulumi runtime. The zod schemas check shapes and AWS's ranges (memory 128..10240 MB, timeout
 * 1..900 s, ...); {@link eventsProblems} checks meaning and names the full key in every problem.
 */
import { z } from "zod";
import { isTimeZone, scheduleExpressionProblem } from "../compute/schedule";
import {
  DEFAULTS as SERVICE_DEFAULTS,
  defaultVisibilityTimeout,
  ServiceConfig,
} from "../compute/serviceSpec";
import { RESERVED_ENV_PREFIX } from "../shared/naming";
import { TableConfig, tableGrantProblems, TableGrant, tableGrantSchema } from "../data/tableSpec";
import { eventPatternProblem, normalizedPattern } from "./eventPattern";

/** Rule and function names in config: part of physical names (`<namePrefix>-<env>-<name>`, at most 64). */
export const EVENT_NAME = /^[a-z][a-z0-9-]{0,38}[a-z0-9]$/;
const NAME_MESSAGE = "2..40 of a-z, 0-9, '-', starting with a letter";
const SCHEDULE_NAME = /^[a-z][a-z0-9-]{0,14}[a-z0-9]$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

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
  /** Concurrency the account keeps unreserved (the default regional quota is 1000). */
  unreservedMinimum: 100,
  defaultConcurrencyQuota: 1000,
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
  reservedConcurrency: z.number().int().min(1).max(LAMBDA_LIMITS.defaultConcurrencyQuota).optional(),
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

/** A problem with its full key (`platform:functions[0].timeout`). */
export interface EventsProblem {
  key: string;
  message: string;
}

/** What the checks need from the rest of the config. */
export interface EventsDeclarations {
  tables: readonly TableConfig[];
  eventBus: boolean;
  eventRules: readonly EventRuleConfig[];
  functions: readonly FunctionConfig[];
  services: readonly ServiceConfig[];
}

const show = (v: unknown): string => JSON.stringify(v);

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

/** The visibility timeout a service's queue gets, as the service module resolves it. */
export function queueVisibilityTimeout(service: ServiceConfig, queue: string): number | undefined {
  const q = service.queues?.find((x) => x.name === queue);
  if (q === undefined) {
    return undefined;
  }
  if (q.visibilityTimeoutSeconds !== undefined) {
    return q.visibilityTimeoutSeconds;
  }
  return service.worker?.queue === queue
    ? defaultVisibilityTimeout(service.worker.jobTimeoutSeconds ?? SERVICE_DEFAULTS.jobTimeoutSeconds)
    : SERVICE_DEFAULTS.visibilityTimeoutSeconds;
}

/** Problems of a reference to a service queue (`<service>/<queue>`), or the resolved service. */
function queueRefProblem(
  text: string,
  services: readonly ServiceConfig[],
): { problem: string } | { service: ServiceConfig; queue: string } {
  const ref = parseQueueRef(text);
  if (ref === undefined) {
    return { problem: `got ${show(text)}; expected <service>/<queue>, for example "orders/jobs"` };
  }
  const service = services.find((s) => s.name === ref.service);
  if (service === undefined) {
    const have = services.map((s) => show(s.name)).join(", ") || "none";
    return {
      problem: `got ${show(text)}; platform:services declares no service ${show(ref.service)} (services: ${have})`,
    };
  }
  const queues = (service.queues ?? []).map((q) => q.name);
  if (!queues.includes(ref.queue)) {
    const have = queues.map((q) => show(q)).join(", ") || "none";
    return {
      problem: `got ${show(text)}; service ${show(ref.service)} declares no queue ${show(ref.queue)} (its queues: ${have})`,
    };
  }
  return { service, queue: ref.queue };
}

function environmentProblems(environment: Record<string, string>, at: string, who: string): EventsProblem[] {
  const out: EventsProblem[] = [];
  let bytes = 0;
  for (const [name, value] of Object.entries(environment)) {
    bytes += Buffer.byteLength(name) + Buffer.byteLength(value);
    if (!ENV_NAME.test(name)) {
      out.push({
        key: `${at}.${name}`,
        message: `${who}: is not an environment variable name (letters, digits, _; not starting with a digit)`,
      });
    } else if (name.startsWith(RESERVED_ENV_PREFIX)) {
      out.push({
        key: `${at}.${name}`,
        message: `${who}: names starting with ${RESERVED_ENV_PREFIX} are set by the platform`,
      });
    } else if ((LAMBDA_RESERVED_ENV as readonly string[]).includes(name)) {
      out.push({
        key: `${at}.${name}`,
        message: `${who}: is set by the Lambda runtime; choose another name`,
      });
    }
  }
  if (bytes > LAMBDA_LIMITS.environmentBytes) {
    out.push({
      key: at,
      message: `${who}: takes ${bytes} bytes; Lambda allows ${LAMBDA_LIMITS.environmentBytes} bytes of environment variables in all (the platform adds its own too)`,
    });
  }
  return out;
}

/** Problems of one function that need only the declarations to judge. */
function oneFunctionProblems(f: FunctionConfig, i: number, d: EventsDeclarations): EventsProblem[] {
  const out: EventsProblem[] = [];
  const base = `platform:functions[${i}]`;
  const add = (at: string, message: string): void => {
    out.push({ key: `${base}${at}`, message: `function "${f.name}": ${message}` });
  };

  const sources = (["bundled", "s3", "image"] as const).filter((k) => f[k] !== undefined);
  if (sources.length !== 1) {
    add(
      "",
      sources.length === 0
        ? "has no code; set exactly one of bundled (a function of this repository), s3 {bucket, key} or image (<service>:<tag>)"
        : `sets ${sources.join(" and ")}; set exactly one code source`,
    );
  }
  if (f.image !== undefined) {
    const image = parseFunctionImage(f.image);
    if (image === undefined) {
      add(
        ".image",
        `got ${show(f.image)}; expected <service>:<tag> or <service>@sha256:<digest>, an image in the service's ECR repository`,
      );
    } else if (!d.services.some((s) => s.name === image.service)) {
      const have = d.services.map((s) => show(s.name)).join(", ") || "none";
      add(
        ".image",
        `got ${show(f.image)}; platform:services declares no service ${show(image.service)}, whose repository would hold the image (services: ${have})`,
      );
    }
    for (const field of ["runtime", "handler"] as const) {
      if (f[field] !== undefined) {
        add(`.${field}`, "applies to zip-packaged code; an image brings its own runtime and entry point");
      }
    }
  }
  if (f.s3 !== undefined) {
    for (const field of ["runtime", "handler"] as const) {
      if (f[field] === undefined) {
        add(
          `.${field}`,
          `is required with s3 code (zip): ${field === "runtime" ? `one of ${LAMBDA_RUNTIMES.join(", ")}` : "the entry point, e.g. index.handler"}`,
        );
      }
    }
  }
  if (f.bundled !== undefined) {
    for (const field of ["runtime", "handler"] as const) {
      if (f[field] !== undefined) {
        add(`.${field}`, `is set by the bundled function ${show(f.bundled)} itself; remove it`);
      }
    }
  }

  out.push(
    ...tableGrantProblems(f.tables ?? [], d.tables).map((p) => ({
      key: `${base}${p.at}`,
      message: `function "${f.name}": ${p.message}`,
    })),
  );
  if (f.eventBus !== undefined && !d.eventBus) {
    add(".eventBus", "puts events on the environment's bus, but platform:eventBus is false; turn it on");
  }
  out.push(...environmentProblems(f.environment ?? {}, `${base}.environment`, `function "${f.name}"`));

  const schedules = new Map<string, number>();
  f.schedules?.forEach((s, k) => {
    const at = `.schedules[${k}]`;
    if (schedules.has(s.name)) {
      add(
        `${at}.name`,
        `schedule ${show(s.name)} is declared twice (also .schedules[${schedules.get(s.name)}])`,
      );
    }
    schedules.set(s.name, k);
    const problem = scheduleExpressionProblem(s.expression);
    if (problem) {
      add(`${at}.expression`, `got ${show(s.expression)}; ${problem}`);
    }
    if (s.timezone !== undefined && !isTimeZone(s.timezone)) {
      add(`${at}.timezone`, `got ${show(s.timezone)}; expected an IANA time zone such as Europe/Dublin`);
    }
    if (s.input !== undefined) {
      try {
        JSON.parse(s.input);
      } catch {
        add(
          `${at}.input`,
          `got ${show(s.input)}; the input a schedule invokes the function with must be JSON`,
        );
      }
    }
  });

  if (f.queue !== undefined) {
    const ref = queueRefProblem(f.queue.source, d.services);
    if ("problem" in ref) {
      add(".queue.source", ref.problem);
    } else {
      const { service, queue } = ref;
      if (service.modes.includes("worker") && service.worker?.queue === queue) {
        add(
          ".queue.source",
          `got ${show(f.queue.source)}, which the worker of service ${show(service.name)} consumes (worker.queue); ` +
            "a queue has one consumer: give the function a queue of its own",
        );
      }
      const visibility = queueVisibilityTimeout(service, queue)!;
      const timeout = f.timeout ?? DEFAULTS.timeout;
      if (timeout > visibility) {
        add(
          ".timeout",
          `got ${timeout}${f.timeout === undefined ? " (the default)" : ""}; its trigger queue ${show(f.queue.source)} has a ` +
            `visibility timeout of ${visibility} s, and Lambda needs it at least as long as the function's timeout: ` +
            `shorten the timeout or raise the queue's visibilityTimeoutSeconds`,
        );
      }
    }
    const batch = f.queue.batchSize ?? DEFAULTS.batchSize;
    if (batch > 10 && (f.queue.maxBatchingWindowSeconds ?? 0) < 1) {
      add(".queue.batchSize", `got ${batch}; a batch above 10 needs maxBatchingWindowSeconds of at least 1`);
    }
  }
  return out;
}

/** Every problem of the tables' users, the rules and the functions, each with its full key. */
export function eventsProblems(d: EventsDeclarations): EventsProblem[] {
  const out: EventsProblem[] = [];

  // Services: the tables they name and the bus.
  d.services.forEach((s, i) => {
    const base = `platform:services[${i}]`;
    out.push(
      ...tableGrantProblems(s.tables ?? [], d.tables).map((p) => ({
        key: `${base}${p.at}`,
        message: `service "${s.name}": ${p.message}`,
      })),
    );
    if (s.eventBus !== undefined && !d.eventBus) {
      out.push({
        key: `${base}.eventBus`,
        message: `service "${s.name}": puts events on the environment's bus, but platform:eventBus is false; turn it on`,
      });
    }
  });

  // Functions.
  const functionNames = new Map<string, number>();
  const consumers = new Map<string, number>();
  let reserved = 0;
  d.functions.forEach((f, i) => {
    const first = functionNames.get(f.name);
    if (first !== undefined) {
      out.push({
        key: `platform:functions[${i}].name`,
        message: `function "${f.name}" is declared twice (also platform:functions[${first}]); names must be unique`,
      });
    }
    functionNames.set(f.name, i);
    out.push(...oneFunctionProblems(f, i, d));
    if (f.queue !== undefined) {
      const other = consumers.get(f.queue.source);
      if (other !== undefined) {
        out.push({
          key: `platform:functions[${i}].queue.source`,
          message:
            `function "${f.name}": got ${show(f.queue.source)}, which platform:functions[${other}] consumes already; ` +
            "a queue has one consumer",
        });
      }
      consumers.set(f.queue.source, i);
    }
    reserved += f.reservedConcurrency ?? 0;
    const limit = LAMBDA_LIMITS.defaultConcurrencyQuota - LAMBDA_LIMITS.unreservedMinimum;
    if (f.reservedConcurrency !== undefined && reserved > limit) {
      out.push({
        key: `platform:functions[${i}].reservedConcurrency`,
        message:
          `function "${f.name}": got ${f.reservedConcurrency}, which brings the functions' reserved concurrency to ${reserved}; ` +
          `with the default quota of ${LAMBDA_LIMITS.defaultConcurrencyQuota}, Lambda keeps ${LAMBDA_LIMITS.unreservedMinimum} unreserved: at most ${limit} in all`,
      });
    }
  });

  // Rules.
  if (d.eventRules.length > 0 && !d.eventBus) {
    out.push({
      key: "platform:eventBus",
      message: `is false, but platform:eventRules declares ${d.eventRules.length} rule(s) for the environment's bus; set it to true`,
    });
  }
  const ruleNames = new Map<string, number>();
  d.eventRules.forEach((r, i) => {
    const base = `platform:eventRules[${i}]`;
    const add = (at: string, message: string): void => {
      out.push({ key: `${base}${at}`, message: `rule "${r.name}": ${message}` });
    };
    const first = ruleNames.get(r.name);
    if (first !== undefined) {
      add(".name", `is declared twice (also platform:eventRules[${first}]); names must be unique`);
    }
    ruleNames.set(r.name, i);
    const pattern = eventPatternProblem(r.pattern);
    if (pattern !== undefined) {
      add(
        ".pattern",
        `${show(r.pattern.length > 60 ? `${r.pattern.slice(0, 57)}...` : r.pattern)} ${pattern}`,
      );
    }
    const seen = new Map<string, number>();
    r.targets.forEach((t, k) => {
      const at = `.targets[${k}]`;
      const kinds = (["queue", "function"] as const).filter((x) => t[x] !== undefined);
      if (kinds.length !== 1) {
        add(at, "set exactly one of queue (<service>/<queue>) or function (<name>)");
        return;
      }
      const id = `${kinds[0]}:${t[kinds[0]]}`;
      if (seen.has(id)) {
        add(`${at}.${kinds[0]}`, `got ${show(t[kinds[0]])}, already .targets[${seen.get(id)}]`);
      }
      seen.set(id, k);
      if (t.queue !== undefined) {
        const ref = queueRefProblem(t.queue, d.services);
        if ("problem" in ref) {
          add(`${at}.queue`, ref.problem);
        }
      }
      if (t.function !== undefined && !d.functions.some((f) => f.name === t.function)) {
        const have = d.functions.map((f) => show(f.name)).join(", ") || "none";
        add(
          `${at}.function`,
          `got ${show(t.function)}; platform:functions declares no function of that name (functions: ${have})`,
        );
      }
    });
  });
  return out;
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
