/**
 * Validation of the events config against itself and the rest of the config: the tables and the bus that
 * services and functions name, function code sources, schedules, trigger queues, reserved concurrency, rule
 * patterns and targets. Every problem names its full key (`platform:functions[0].timeout`).
 *
 * Pure: no Pulumi runtime.
 */
import { isMutableTag, MUTABLE_TAG } from "../compute/image";
import { isTimeZone, scheduleExpressionProblem } from "../compute/schedule";
import {
  DEFAULTS as SERVICE_DEFAULTS,
  defaultVisibilityTimeout,
  ServiceConfig,
} from "../compute/serviceSpec";
import { TableConfig, tableGrantProblems } from "../data/tableSpec";
import { autoNameLength, NAME_LIMITS, RESERVED_ENV_PREFIX } from "../shared/naming";
import { eventPatternProblem } from "./eventPattern";
import {
  DEFAULTS,
  EventRuleConfig,
  functionComponentName,
  FunctionConfig,
  LAMBDA_LIMITS,
  LAMBDA_RESERVED_ENV,
  LAMBDA_RUNTIMES,
  parseFunctionImage,
  parseQueueRef,
} from "./eventsSchema";

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

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
    } else if (image.reference.startsWith(":") && isMutableTag(image.reference.slice(1))) {
      add(".image", `got ${show(f.image)}; ${MUTABLE_TAG}`);
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
    // The schedule is auto-named `<function component>-<schedule>-` and 7 characters (lambdaFunction.ts).
    const scheduleName = `${functionComponentName(f.name)}-${s.name}`;
    if (autoNameLength(scheduleName) > NAME_LIMITS.schedule) {
      add(
        `${at}.name`,
        `schedule ${show(s.name)} would be named "${scheduleName}-" and 7 characters ` +
          `(${autoNameLength(scheduleName)}); EventBridge Scheduler allows ${NAME_LIMITS.schedule}: ` +
          `the function's and the schedule's names together may have at most ` +
          `${NAME_LIMITS.schedule - autoNameLength(functionComponentName("")) - 1} characters`,
      );
    }
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
