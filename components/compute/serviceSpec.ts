/**
 * The services an environment runs, as the stack config declares them (`platform:services`), their
 * validation, and their resolution into the fully defaulted {@link ServiceSpec} the components take.
 *
 * Pure: no Pulumi runtime. The zod schema checks shapes and types; {@link serviceProblems} checks meaning
 * (modes, images, sizes, schedules, queues, paths and priorities) and names the service in every problem.
 */
import { z } from "zod";

// The tables a service may use.
import { tableGrantSchema } from "../data/tableSpec";
import { RESERVED_ENV_PREFIX } from "../shared/naming";
import { fargateSizeProblem } from "./fargate";
import { ImageSource, parseImageSource, RegistryRepositories, resolveRegistryImage } from "./image";
import { assignPriorities, derivedPriority, PathClaim, pathProblem, RoutedPath } from "./priorities";
import { isTimeZone, scheduleExpressionProblem } from "./schedule";

export const SERVICE_MODES = ["api", "worker", "cron"] as const;
export type ServiceMode = (typeof SERVICE_MODES)[number];

/** Service names: part of physical names (target groups, roles, queues), so short and DNS-like. */
export const SERVICE_NAME = /^[a-z][a-z0-9-]{0,18}[a-z0-9]$/;
const CHILD_NAME = /^[a-z][a-z0-9-]{0,14}[a-z0-9]$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Words that make an environment variable's name say it holds a secret (`DB_PASSWORD`, `API_KEY`,
 * `GITHUB_TOKEN`): matched against the name's `_`-separated parts, so `KEYCLOAK_URL` or `MONKEY` pass.
 * A plain value sits in the task definition, readable by anyone who may describe it, and in the state.
 */
const SECRET_WORDS = [
  "PASSWORD",
  "PASSWD",
  "PASSPHRASE",
  "SECRET",
  "TOKEN",
  "KEY",
  "APIKEY",
  "CREDENTIAL",
  "CREDENTIALS",
] as const;

/** The word of a variable name that says it holds a secret, if any. */
export function secretWord(name: string): string | undefined {
  const parts = name.toUpperCase().split("_");
  return SECRET_WORDS.find((w) => parts.includes(w));
}

const COMMAND = z.array(z.string().min(1)).min(1);

const scheduleSchema = z.strictObject({
  name: z.string().regex(CHILD_NAME, "2..16 of a-z, 0-9, '-', starting with a letter"),
  expression: z.string(),
  command: COMMAND.optional(),
  timezone: z.string().optional(),
});

const queueSchema = z.strictObject({
  name: z.string().regex(CHILD_NAME, "2..16 of a-z, 0-9, '-', starting with a letter"),
  visibilityTimeoutSeconds: z.number().int().min(0).max(43200).optional(),
  maxReceiveCount: z.number().int().min(1).max(1000).optional(),
  retentionDays: z.number().int().min(1).max(14).optional(),
});

const workerSchema = z.strictObject({
  command: COMMAND.optional(),
  queue: z.string().optional(),
  backlogPerTask: z.number().int().min(1).max(100000).optional(),
  jobTimeoutSeconds: z.number().int().min(1).max(43200).optional(),
});

/** One entry of `platform:services`, as written in the stack file. */
export const serviceSchema = z.strictObject({
  name: z.string().regex(SERVICE_NAME, "2..20 of a-z, 0-9, '-', starting with a letter"),
  modes: z.array(z.string()).min(1),
  image: z.string().min(1),
  ingress: z.enum(["internal", "public"]).optional(),
  port: z.number().int().min(1024).max(65535).optional(),
  paths: z.array(z.string()).min(1).max(5).optional(),
  priority: z.number().int().min(1).max(50000).optional(),
  healthCheckPath: z
    .string()
    .regex(/^\/[\x21-\x7e]*$/, "a path such as /healthz")
    .optional(),
  command: COMMAND.optional(),
  cpu: z.number().int().optional(),
  memory: z.number().int().optional(),
  minTasks: z.number().int().min(0).max(1000).optional(),
  maxTasks: z.number().int().min(1).max(1000).optional(),
  cpuTarget: z.number().int().min(10).max(90).optional(),
  requestsPerTarget: z.number().int().min(1).max(100000).optional(),
  environment: z.record(z.string(), z.string()).optional(),
  secrets: z.record(z.string(), z.string()).optional(),
  readonlyRootFilesystem: z.boolean().optional(),
  user: z.string().min(1).optional(),
  worker: workerSchema.optional(),
  schedules: z.array(scheduleSchema).min(1).optional(),
  queues: z.array(queueSchema).min(1).optional(),
  // Grants the task role gets, checked against platform:tables and platform:eventBus.
  /** DynamoDB tables of `platform:tables` the service may use, each `read` or `readWrite`. */
  tables: z.array(tableGrantSchema).min(1).max(20).optional(),
  /** `put`: the service may put events on the environment's bus. */
  eventBus: z.enum(["put"]).optional(),
  // An OpenTelemetry collector sidecar that sends the service's traces to X-Ray.
  tracing: z.boolean().optional(),
});

export const servicesSchema = z.array(serviceSchema);

export type ServiceConfig = z.infer<typeof serviceSchema>;

/**
 * A secret of a service: a Secrets Manager secret `<namePrefix>-<env>/<service>/<name>` that the platform
 * creates empty (components/compute/serviceSecrets.ts), optionally one key of its JSON value.
 */
export interface SecretRef {
  store: "secretsmanager";
  /** The name under the service's namespace. */
  name: string;
  /** A key of the secret's JSON value; default: the whole value. */
  jsonKey?: string;
}

export interface ScheduleSpec {
  name: string;
  expression: string;
  /** Command override; default: the image's command. */
  command?: string[];
  timezone: string;
}

export interface QueueSpec {
  name: string;
  visibilityTimeoutSeconds: number;
  maxReceiveCount: number;
  retentionDays: number;
}

export interface WorkerSpec {
  command?: string[];
  /** The queue the worker consumes and scales on. */
  queue?: string;
  backlogPerTask: number;
  jobTimeoutSeconds: number;
}

/** A service with every default applied: what the Service component builds. */
export interface ServiceSpec {
  name: string;
  modes: ServiceMode[];
  image: ImageSource;
  /** `public`: behind the public ALB (the gateway); `internal`: behind the internal ALB's path rules. */
  ingress: "internal" | "public";
  port: number;
  /** Path rules of an api service on its listener, with their priorities. */
  routes: { path: string; priority: number }[];
  healthCheckPath: string;
  command?: string[];
  cpu: number;
  memory: number;
  minTasks: number;
  maxTasks: number;
  cpuTarget: number;
  requestsPerTarget: number;
  environment: Record<string, string>;
  secrets: Record<string, SecretRef>;
  readonlyRootFilesystem: boolean;
  user: string;
  worker?: WorkerSpec;
  schedules: ScheduleSpec[];
  queues: QueueSpec[];
  /** Run an OpenTelemetry collector sidecar that sends the service's traces to X-Ray. */
  tracing: boolean;
}

/** Defaults that come from the stack config rather than from the service entry. */
export interface ServiceDefaults {
  /** Tasks an api or worker service keeps at least (tier default `defaultMinTasks`). */
  minTasks: number;
  /** Require at least two gateway tasks (stage and prod tiers). */
  haGateway: boolean;
  /** The organization's registry, which `registry:` images name. Default: none (such images are refused). */
  registry?: RegistryRepositories;
}

export const DEFAULTS = {
  port: 8080,
  healthCheckPath: "/health",
  cpu: 256,
  memory: 512,
  cpuTarget: 60,
  requestsPerTarget: 1000,
  user: "1000:1000",
  timezone: "UTC",
  backlogPerTask: 100,
  jobTimeoutSeconds: 60,
  maxReceiveCount: 5,
  retentionDays: 4,
  visibilityTimeoutSeconds: 30,
} as const;

/** Path the gateway claims on the public listener: everything. */
export const GATEWAY_PATH = "/*";

/** A problem with the key suffix under `platform:services` (e.g. `[1].image`). */
export interface ServiceProblem {
  at: string;
  message: string;
}

const SECRET_FORM =
  "secretsmanager:<name>[:<json key>], where <name> is relative to the service's namespace " +
  "(<namePrefix>-<env>/<service>/)";

/**
 * Parses `secretsmanager:<name>[:<json key>]`; a string result says what is wrong. Every reference names a
 * secret the platform creates empty under the service's namespace, whose value is set out of band.
 * `ssm:<name>` is refused: an SSM parameter cannot be created without a value.
 */
export function parseSecretRef(text: string): SecretRef | string {
  if (/^ssm:/.test(text)) {
    return (
      "the platform creates every service secret, empty, as a Secrets Manager secret whose value is set " +
      "out of band; an SSM parameter cannot be created without a value, so ssm: is not accepted. Use " +
      SECRET_FORM
    );
  }
  // Names: letters, digits and /_+=.@- (CreateSecret, Name). Containers name the created secret by its full
  // ARN, so a name ending in a hyphen and six characters is not mistaken for a random suffix
  // (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html).
  const sm = /^secretsmanager:([a-zA-Z0-9_+=.@-]+(?:\/[a-zA-Z0-9_+=.@-]+)*)(?::([a-zA-Z0-9_.-]+))?$/.exec(
    text,
  );
  if (!sm) {
    return `expected ${SECRET_FORM}`;
  }
  return sm[2] === undefined
    ? { store: "secretsmanager", name: sm[1] }
    : { store: "secretsmanager", name: sm[1], jsonKey: sm[2] };
}

/** Minimum visibility timeout of the queue a worker consumes: room for two attempts of one job. */
export function defaultVisibilityTimeout(jobTimeoutSeconds: number): number {
  return Math.min(43200, Math.max(DEFAULTS.visibilityTimeoutSeconds, 2 * jobTimeoutSeconds));
}

function isRootUser(user: string): boolean {
  const who = user.split(":")[0];
  return who === "root" || who === "0";
}

const show = (v: unknown): string => JSON.stringify(v);

/** Problems of one service that need no other service to judge. */
function oneServiceProblems(s: ServiceConfig, i: number, defaults: ServiceDefaults): ServiceProblem[] {
  const out: ServiceProblem[] = [];
  const add = (at: string, message: string): void => {
    out.push({ at: `[${i}]${at}`, message: `service "${s.name}": ${message}` });
  };
  const modes = new Set<string>();
  s.modes.forEach((mode, k) => {
    if (!(SERVICE_MODES as readonly string[]).includes(mode)) {
      add(
        `.modes[${k}]`,
        `got ${show(mode)}; allowed values: ${SERVICE_MODES.map((m) => show(m)).join(", ")}`,
      );
    } else if (modes.has(mode)) {
      add(`.modes[${k}]`, `mode ${show(mode)} is listed twice`);
    }
    modes.add(mode);
  });
  const api = modes.has("api");
  const worker = modes.has("worker");
  const cron = modes.has("cron");

  const parsed = parseImageSource(s.image);
  const image = typeof parsed === "string" ? parsed : resolveRegistryImage(parsed, defaults.registry);
  if (typeof image === "string") {
    add(".image", `got ${show(s.image)}; ${image}`);
  }

  const cpu = s.cpu ?? DEFAULTS.cpu;
  const memory = s.memory ?? DEFAULTS.memory;
  const size = fargateSizeProblem(cpu, memory);
  if (size) {
    add(s.memory !== undefined || s.cpu === undefined ? ".memory" : ".cpu", size);
  }

  // Settings that only mean something in one mode.
  const apiOnly = ["ingress", "port", "paths", "priority", "healthCheckPath", "requestsPerTarget"] as const;
  if (!api) {
    for (const field of apiOnly) {
      if (s[field] !== undefined) {
        add(`.${field}`, `is an api setting; the service's modes are ${show(s.modes)}`);
      }
    }
  }
  if (s.worker !== undefined && !worker) {
    add(".worker", `is a worker setting; the service's modes are ${show(s.modes)}`);
  }
  if (s.schedules !== undefined && !cron) {
    add(".schedules", `are cron settings; the service's modes are ${show(s.modes)}`);
  }
  if (cron && s.schedules === undefined) {
    add(".schedules", "is required in cron mode: at least one schedule (name, expression, command)");
  }
  if (!api && !worker) {
    for (const field of ["minTasks", "maxTasks", "cpuTarget"] as const) {
      if (s[field] !== undefined) {
        add(
          `.${field}`,
          "applies to long-running modes (api, worker); a cron-only service runs no standing tasks",
        );
      }
    }
  }

  if (api) {
    const ingress = s.ingress ?? "internal";
    if (ingress === "public" && s.paths !== undefined) {
      add(".paths", 'a service with ingress "public" takes every path of the public listener; remove paths');
    }
    if (ingress === "internal" && s.paths === undefined) {
      add(".paths", 'an api service with ingress "internal" needs 1..5 paths, for example ["/orders/*"]');
    }
    s.paths?.forEach((path, k) => {
      const problem = pathProblem(path);
      if (problem) {
        add(`.paths[${k}]`, `got ${show(path)}; ${problem}`);
      }
    });
    if (s.priority !== undefined && s.paths !== undefined && s.priority + s.paths.length - 1 > 50000) {
      add(
        ".priority",
        `got ${s.priority}; its ${s.paths.length} paths take ${s.priority}..${s.priority + s.paths.length - 1}, above 50000`,
      );
    }
    const minTasks = s.minTasks ?? defaults.minTasks;
    if (ingress === "public" && defaults.haGateway && minTasks < 2) {
      add(
        ".minTasks",
        `got ${minTasks}; the gateway (ingress "public") runs at least 2 tasks across AZs in stage and prod`,
      );
    }
  }

  const minTasks = s.minTasks ?? defaults.minTasks;
  const maxTasks = s.maxTasks ?? Math.max(minTasks, 1) * 4;
  if (maxTasks < minTasks) {
    add(".maxTasks", `got ${maxTasks}; must be at least minTasks (${minTasks})`);
  }

  const queues = new Map<string, number>();
  s.queues?.forEach((q, k) => {
    if (queues.has(q.name)) {
      add(
        `.queues[${k}].name`,
        `queue ${show(q.name)} is declared twice (also .queues[${queues.get(q.name)}])`,
      );
    }
    queues.set(q.name, k);
  });
  if (s.worker?.queue !== undefined) {
    const k = queues.get(s.worker.queue);
    if (k === undefined) {
      const have = [...queues.keys()].map((n) => show(n)).join(", ") || "none";
      add(
        ".worker.queue",
        `got ${show(s.worker.queue)}; the service declares no queue of that name (its queues: ${have})`,
      );
    } else {
      const q = s.queues![k];
      const job = s.worker.jobTimeoutSeconds ?? DEFAULTS.jobTimeoutSeconds;
      if (q.visibilityTimeoutSeconds !== undefined && q.visibilityTimeoutSeconds < job) {
        add(
          `.queues[${k}].visibilityTimeoutSeconds`,
          `got ${q.visibilityTimeoutSeconds}; the worker's jobs take up to ${job} s (worker.jobTimeoutSeconds), ` +
            "so messages would be delivered again while still being processed; use at least that",
        );
      }
    }
  }

  const schedules = new Map<string, number>();
  s.schedules?.forEach((sch, k) => {
    if (schedules.has(sch.name)) {
      add(
        `.schedules[${k}].name`,
        `schedule ${show(sch.name)} is declared twice (also .schedules[${schedules.get(sch.name)}])`,
      );
    }
    schedules.set(sch.name, k);
    const problem = scheduleExpressionProblem(sch.expression);
    if (problem) {
      add(`.schedules[${k}].expression`, `got ${show(sch.expression)}; ${problem}`);
    }
    if (sch.timezone !== undefined && !isTimeZone(sch.timezone)) {
      add(
        `.schedules[${k}].timezone`,
        `got ${show(sch.timezone)}; expected an IANA time zone such as Europe/Dublin`,
      );
    }
  });

  for (const [field, values] of [
    ["environment", s.environment],
    ["secrets", s.secrets],
  ] as const) {
    for (const name of Object.keys(values ?? {})) {
      if (!ENV_NAME.test(name)) {
        add(
          `.${field}.${name}`,
          "is not an environment variable name (letters, digits, _; not starting with a digit)",
        );
      } else if (name.startsWith(RESERVED_ENV_PREFIX)) {
        add(`.${field}.${name}`, `names starting with ${RESERVED_ENV_PREFIX} are set by the platform`);
      } else if (field === "environment" && secretWord(name) !== undefined) {
        add(
          `.${field}.${name}`,
          `the name says it holds a secret (${secretWord(name)}), but environment values are plain text in the ` +
            `task definition and the state; store it in Secrets Manager and name it in the service's secrets ` +
            `(secrets: {${name}: secretsmanager:<name>})`,
        );
      }
    }
  }
  for (const [name, ref] of Object.entries(s.secrets ?? {})) {
    const parsed = parseSecretRef(ref);
    if (typeof parsed === "string") {
      add(`.secrets.${name}`, `got ${show(ref)}; ${parsed}`);
    }
    if (s.environment?.[name] !== undefined) {
      add(`.secrets.${name}`, "is also set in environment; a variable comes from one place");
    }
  }
  if (s.user !== undefined && isRootUser(s.user)) {
    add(
      ".user",
      `got ${show(s.user)}; containers run as a non-root user (uid:gid such as 1000:1000, or a name)`,
    );
  }
  return out;
}

/** Path claims of the internal listener, in config order, with the keys to blame. */
function internalClaims(services: readonly ServiceConfig[]): PathClaim[] {
  const claims: PathClaim[] = [];
  services.forEach((s, i) => {
    if (!s.modes.includes("api") || (s.ingress ?? "internal") !== "internal") {
      return;
    }
    (s.paths ?? []).forEach((path, k) => {
      claims.push({
        service: s.name,
        path,
        key: `platform:services[${i}].paths[${k}]`,
        ...(s.priority === undefined
          ? {}
          : { priority: s.priority + k, priorityKey: `platform:services[${i}].priority` }),
      });
    });
  });
  return claims;
}

/**
 * Every problem of the declared services, each with the key suffix under `platform:services` and a message
 * that names the service. Empty when the services can be built.
 */
export function serviceProblems(
  services: readonly ServiceConfig[],
  defaults: ServiceDefaults,
): ServiceProblem[] {
  const out: ServiceProblem[] = [];
  const names = new Map<string, number>();
  services.forEach((s, i) => {
    const first = names.get(s.name);
    if (first !== undefined) {
      out.push({
        at: `[${i}].name`,
        message: `service "${s.name}" is declared twice (also platform:services[${first}]); names must be unique`,
      });
    } else {
      names.set(s.name, i);
    }
    out.push(...oneServiceProblems(s, i, defaults));
  });
  const publics = services
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.modes.includes("api") && s.ingress === "public");
  for (const { s, i } of publics.slice(1)) {
    out.push({
      at: `[${i}].ingress`,
      message: `service "${s.name}": only one service (the gateway) takes the public listener; service "${publics[0].s.name}" (platform:services[${publics[0].i}]) already does`,
    });
  }
  const checkable = internalClaims(services).filter((c) => pathProblem(c.path) === undefined);
  for (const p of assignPriorities(checkable).problems) {
    out.push({ at: p.key.replace(/^platform:services/, ""), message: p.message });
  }
  return out;
}

/** The platform's routes on the internal listener, each with its priority (claims that cannot be routed left out). */
export function internalRoutes(services: readonly ServiceConfig[]): RoutedPath[] {
  return assignPriorities(internalClaims(services).filter((c) => pathProblem(c.path) === undefined)).routes;
}

/** Resolves validated service entries into specs with every default applied and priorities assigned. */
export function resolveServices(
  services: readonly ServiceConfig[],
  defaults: ServiceDefaults,
): ServiceSpec[] {
  const routed = assignPriorities(internalClaims(services)).routes;
  const routesOf = (name: string): RoutedPath[] => routed.filter((r) => r.service === name);
  return services.map((s) => {
    const modes = s.modes as ServiceMode[];
    const api = modes.includes("api");
    const ingress = api ? (s.ingress ?? "internal") : "internal";
    const minTasks = s.minTasks ?? defaults.minTasks;
    const jobTimeoutSeconds = s.worker?.jobTimeoutSeconds ?? DEFAULTS.jobTimeoutSeconds;
    const parsed = parseImageSource(s.image);
    const image = typeof parsed === "string" ? parsed : resolveRegistryImage(parsed, defaults.registry);
    if (typeof image === "string") {
      throw new Error(`service "${s.name}": ${image}`); // validated before; unreachable with a valid config
    }
    return {
      name: s.name,
      modes,
      image,
      ingress,
      port: s.port ?? DEFAULTS.port,
      routes: !api
        ? []
        : ingress === "public"
          ? [{ path: GATEWAY_PATH, priority: derivedPriority(GATEWAY_PATH) }]
          : routesOf(s.name).map((r) => ({ path: r.path, priority: r.priority })),
      healthCheckPath: s.healthCheckPath ?? DEFAULTS.healthCheckPath,
      command: s.command,
      cpu: s.cpu ?? DEFAULTS.cpu,
      memory: s.memory ?? DEFAULTS.memory,
      minTasks,
      maxTasks: s.maxTasks ?? Math.max(minTasks, 1) * 4,
      cpuTarget: s.cpuTarget ?? DEFAULTS.cpuTarget,
      requestsPerTarget: s.requestsPerTarget ?? DEFAULTS.requestsPerTarget,
      environment: s.environment ?? {},
      secrets: Object.fromEntries(
        Object.entries(s.secrets ?? {}).map(([k, v]) => [k, parseSecretRef(v) as SecretRef]),
      ),
      readonlyRootFilesystem: s.readonlyRootFilesystem ?? true,
      user: s.user ?? DEFAULTS.user,
      worker: modes.includes("worker")
        ? {
            command: s.worker?.command,
            queue: s.worker?.queue,
            backlogPerTask: s.worker?.backlogPerTask ?? DEFAULTS.backlogPerTask,
            jobTimeoutSeconds,
          }
        : undefined,
      schedules: (s.schedules ?? []).map((sch) => ({
        name: sch.name,
        expression: sch.expression,
        command: sch.command,
        timezone: sch.timezone ?? DEFAULTS.timezone,
      })),
      queues: (s.queues ?? []).map((q) => ({
        name: q.name,
        visibilityTimeoutSeconds:
          q.visibilityTimeoutSeconds ??
          (s.worker?.queue === q.name
            ? defaultVisibilityTimeout(jobTimeoutSeconds)
            : DEFAULTS.visibilityTimeoutSeconds),
        maxReceiveCount: q.maxReceiveCount ?? DEFAULTS.maxReceiveCount,
        retentionDays: q.retentionDays ?? DEFAULTS.retentionDays,
      })),
      tracing: s.tracing ?? false,
    };
  });
}
