import * as assert from "assert";

import { ServiceConfig } from "../../../components/compute/serviceSpec";
import { TableConfig } from "../../../components/data/tableSpec";
import { eventPatternProblem, normalizedPattern } from "../../../components/events/eventPattern";
import {
  EventsDeclarations,
  eventsProblems,
  queueVisibilityTimeout,
} from "../../../components/events/eventsProblems";
import { EventRuleConfig, FunctionConfig, parseFunctionImage } from "../../../components/events/eventsSchema";
import { resolveEventRules, resolveFunctions } from "../../../components/events/eventsSpec";

const ORDERS: ServiceConfig = {
  name: "orders",
  modes: ["api", "worker"],
  image: "ssm:/acme/orders/image",
  paths: ["/orders/*"],
  worker: { queue: "jobs", jobTimeoutSeconds: 120 },
  queues: [{ name: "jobs" }, { name: "exports", visibilityTimeoutSeconds: 600 }, { name: "payments" }],
};
const TABLES: TableConfig[] = [{ name: "event-log", attributes: { pk: "S" }, hashKey: "pk" }];
const RECORDER: FunctionConfig = {
  name: "event-recorder",
  bundled: "event-recorder",
  tables: [{ name: "event-log", access: "readWrite" }],
};
const RULE: EventRuleConfig = {
  name: "audit",
  pattern: '{"source": ["acme.orders"]}',
  targets: [{ function: "event-recorder" }, { queue: "orders/payments" }],
};

function declarations(changes: Partial<EventsDeclarations> = {}): EventsDeclarations {
  return {
    tables: TABLES,
    eventBus: true,
    eventRules: [RULE],
    functions: [RECORDER],
    services: [ORDERS],
    ...changes,
  };
}

function problems(changes: Partial<EventsDeclarations>): string[] {
  return eventsProblems(declarations(changes)).map((p) => `${p.key}: ${p.message}`);
}

describe("events config (pure)", () => {
  describe("eventPatternProblem", () => {
    it("accepts objects of fields whose values are arrays, nested as deep as needed", () => {
      assert.strictEqual(eventPatternProblem('{"source": ["acme.orders"]}'), undefined);
      assert.strictEqual(
        eventPatternProblem(
          '{"detail": {"status": [{"anything-but": "draft"}], "total": [{"numeric": [">", 0]}]}}',
        ),
        undefined,
      );
      assert.strictEqual(normalizedPattern('{ "source" : [ "a" ] }'), '{"source":["a"]}');
    });

    it("says what is wrong with a pattern EventBridge would reject", () => {
      assert.match(
        eventPatternProblem('{"source": ["acme.orders"]')!,
        /^is not valid JSON \(.+\); write the pattern as a JSON object in quotes, for example '\{"source": \["acme.orders"\]\}'$/,
      );
      assert.strictEqual(
        eventPatternProblem('["acme"]'),
        "is a JSON array; an event pattern is a JSON object",
      );
      assert.strictEqual(eventPatternProblem('"acme"'), 'is JSON "acme"; an event pattern is a JSON object');
      assert.strictEqual(
        eventPatternProblem("{}"),
        "the pattern is an empty object; name at least one field to match (source, detail-type, detail...)",
      );
      assert.strictEqual(
        eventPatternProblem('{"detail": {"status": "paid"}}'),
        'field detail.status is "paid"; every value to match must be in an array, for example {"status": ["paid"]}',
      );
      assert.strictEqual(
        eventPatternProblem('{"source": []}'),
        "field source is an empty array, which matches nothing; list the values to match",
      );
      const long = JSON.stringify({ source: ["x".repeat(2100)] });
      assert.strictEqual(
        eventPatternProblem(long),
        `is ${long.length} characters without whitespace; EventBridge accepts 2048 (more only with a quota increase)`,
      );
    });
  });

  describe("eventsProblems", () => {
    it("accepts rules, functions and grants that fit together", () => {
      assert.deepStrictEqual(problems({}), []);
    });

    it("rejects a rule whose pattern is not valid JSON, naming the key", () => {
      const lines = problems({ eventRules: [{ ...RULE, pattern: "{source: [acme.orders]}" }] });
      assert.strictEqual(lines.length, 1);
      assert.match(
        lines[0],
        /^platform:eventRules\[0\]\.pattern: rule "audit": "\{source: \[acme.orders\]\}" is not valid JSON \(/,
      );
    });

    it("rejects a function timeout longer than its trigger queue's visibility timeout", () => {
      const exporter: FunctionConfig = {
        name: "order-export",
        image: "orders:export-1.4.0",
        timeout: 900,
        queue: { source: "orders/exports" },
      };
      assert.deepStrictEqual(problems({ functions: [RECORDER, exporter] }), [
        'platform:functions[1].timeout: function "order-export": got 900; its trigger queue "orders/exports" has a ' +
          "visibility timeout of 600 s, and Lambda needs it at least as long as the function's timeout: " +
          "shorten the timeout or raise the queue's visibilityTimeoutSeconds",
      ]);
      // A queue without its own setting has the service module's default of 30 s; the function's default is 30 s.
      const defaults: FunctionConfig = {
        ...exporter,
        timeout: undefined,
        queue: { source: "orders/payments" },
      };
      assert.deepStrictEqual(problems({ functions: [RECORDER, defaults], eventRules: [] }), []);
      assert.deepStrictEqual(
        problems({ functions: [RECORDER, { ...defaults, timeout: 31 }], eventRules: [] }),
        [
          'platform:functions[1].timeout: function "order-export": got 31; its trigger queue "orders/payments" has a ' +
            "visibility timeout of 30 s, and Lambda needs it at least as long as the function's timeout: " +
            "shorten the timeout or raise the queue's visibilityTimeoutSeconds",
        ],
      );
    });

    it("rejects a trigger queue that a worker or another function consumes", () => {
      const a: FunctionConfig = {
        name: "a",
        s3: { bucket: "acme-code", key: "a.zip" },
        runtime: "nodejs22.x",
        handler: "i.h",
        queue: { source: "orders/jobs" },
      };
      const b: FunctionConfig = { ...a, name: "b", queue: { source: "orders/payments" } };
      const c: FunctionConfig = { ...a, name: "c", queue: { source: "orders/payments" } };
      assert.deepStrictEqual(problems({ functions: [a, b, c], eventRules: [] }), [
        'platform:functions[0].queue.source: function "a": got "orders/jobs", which the worker of service "orders" ' +
          "consumes (worker.queue); a queue has one consumer: give the function a queue of its own",
        'platform:functions[2].queue.source: function "c": got "orders/payments", which platform:functions[1] ' +
          "consumes already; a queue has one consumer",
      ]);
    });

    it("checks code sources, image references and settings that do not apply", () => {
      const none: FunctionConfig = { name: "none" };
      const both: FunctionConfig = { name: "both", bundled: "event-recorder", image: "orders:1" };
      const image: FunctionConfig = { name: "image", image: "billing:1.0", handler: "index.handler" };
      const bad: FunctionConfig = { name: "bad", image: "orders" };
      const s3: FunctionConfig = { name: "zip", s3: { bucket: "acme-code", key: "f.zip" } };
      const bundled: FunctionConfig = { name: "own", bundled: "event-recorder", runtime: "nodejs24.x" };
      assert.deepStrictEqual(problems({ functions: [none, both, image, bad, s3, bundled], eventRules: [] }), [
        'platform:functions[0]: function "none": has no code; set exactly one of bundled (a function of this ' +
          "repository), s3 {bucket, key} or image (<service>:<tag>)",
        'platform:functions[1]: function "both": sets bundled and image; set exactly one code source',
        'platform:functions[2].image: function "image": got "billing:1.0"; platform:services declares no service ' +
          '"billing", whose repository would hold the image (services: "orders")',
        'platform:functions[2].handler: function "image": applies to zip-packaged code; an image brings its own ' +
          "runtime and entry point",
        'platform:functions[3].image: function "bad": got "orders"; expected <service>:<tag> or ' +
          "<service>@sha256:<digest>, an image in the service's ECR repository",
        'platform:functions[4].runtime: function "zip": is required with s3 code (zip): one of nodejs22.x, ' +
          "nodejs24.x, python3.12, python3.13, python3.14, java21, java25, dotnet8, dotnet10, ruby3.4, provided.al2023",
        'platform:functions[4].handler: function "zip": is required with s3 code (zip): the entry point, e.g. index.handler',
        'platform:functions[5].runtime: function "own": is set by the bundled function "event-recorder" itself; remove it',
      ]);
    });

    it("checks grants, the bus, environment variables and schedules", () => {
      const fn: FunctionConfig = {
        ...RECORDER,
        tables: [{ name: "carts", access: "read" }],
        eventBus: "put",
        environment: { "BAD-NAME": "x", PLATFORM_X: "y", AWS_REGION: "z" },
        schedules: [
          { name: "tick", expression: "rate(5 minutes)", timezone: "Mars/Olympus", input: "{not json" },
          { name: "tick", expression: "every day" },
        ],
      };
      const service: ServiceConfig = {
        ...ORDERS,
        tables: [{ name: "carts", access: "read" }],
        eventBus: "put",
      };
      const lines = problems({ functions: [fn], services: [service], eventBus: false, eventRules: [] });
      assert.deepStrictEqual(lines.slice(0, 2), [
        'platform:services[0].tables[0].name: service "orders": got "carts"; platform:tables declares no table of ' +
          'that name (its tables: "event-log")',
        'platform:services[0].eventBus: service "orders": puts events on the environment\'s bus, but ' +
          "platform:eventBus is false; turn it on",
      ]);
      assert.deepStrictEqual(lines.slice(2, 8), [
        'platform:functions[0].tables[0].name: function "event-recorder": got "carts"; platform:tables declares no ' +
          'table of that name (its tables: "event-log")',
        'platform:functions[0].eventBus: function "event-recorder": puts events on the environment\'s bus, but ' +
          "platform:eventBus is false; turn it on",
        'platform:functions[0].environment.BAD-NAME: function "event-recorder": is not an environment variable name (letters, digits, _; not ' +
          "starting with a digit)",
        'platform:functions[0].environment.PLATFORM_X: function "event-recorder": names starting with PLATFORM_ are set by the platform',
        'platform:functions[0].environment.AWS_REGION: function "event-recorder": is set by the Lambda runtime; choose another name',
        'platform:functions[0].schedules[0].timezone: function "event-recorder": got "Mars/Olympus"; expected an ' +
          "IANA time zone such as Europe/Dublin",
      ]);
      assert.match(
        lines[8],
        /^platform:functions\[0\]\.schedules\[0\]\.input: function "event-recorder": got "\{not json"; the input a schedule invokes the function with must be JSON$/,
      );
      assert.strictEqual(
        lines[9],
        'platform:functions[0].schedules[1].name: function "event-recorder": schedule "tick" is declared twice (also .schedules[0])',
      );
      assert.match(
        lines[10],
        /^platform:functions\[0\]\.schedules\[1\]\.expression: function "event-recorder": got "every day"; /,
      );
      assert.strictEqual(lines.length, 11);
    });

    it("limits the size of a function's environment (reserved concurrency is judged against the quota key)", () => {
      const big: FunctionConfig = { ...RECORDER, environment: { BIG: "x".repeat(4100) } };
      const a: FunctionConfig = { ...RECORDER, name: "a", reservedConcurrency: 600 };
      const b: FunctionConfig = { ...RECORDER, name: "b", reservedConcurrency: 400 };
      assert.deepStrictEqual(problems({ functions: [big, a, b], eventRules: [] }), [
        'platform:functions[0].environment: function "event-recorder": takes 4103 bytes; Lambda allows 4096 bytes of environment variables in all ' +
          "(the platform adds its own too)",
      ]);
    });

    it("wants the bus for rules, and targets that exist, once each", () => {
      const rule: EventRuleConfig = {
        name: "audit",
        pattern: '{"source": ["acme"]}',
        targets: [
          { function: "event-recorder" },
          { function: "event-recorder" },
          { queue: "orders/none" },
          { queue: "billing/jobs" },
          { queue: "jobs" },
          { function: "nothing" },
          {},
        ],
      };
      assert.deepStrictEqual(problems({ eventRules: [rule, { ...RULE }], eventBus: false }), [
        "platform:eventBus: is false, but platform:eventRules declares 2 rule(s) for the environment's bus; set it to true",
        'platform:eventRules[0].targets[1].function: rule "audit": got "event-recorder", already .targets[0]',
        'platform:eventRules[0].targets[2].queue: rule "audit": got "orders/none"; service "orders" declares no queue ' +
          '"none" (its queues: "jobs", "exports", "payments")',
        'platform:eventRules[0].targets[3].queue: rule "audit": got "billing/jobs"; platform:services declares no ' +
          'service "billing" (services: "orders")',
        'platform:eventRules[0].targets[4].queue: rule "audit": got "jobs"; expected <service>/<queue>, for example "orders/jobs"',
        'platform:eventRules[0].targets[5].function: rule "audit": got "nothing"; platform:functions declares no ' +
          'function of that name (functions: "event-recorder")',
        'platform:eventRules[0].targets[6]: rule "audit": set exactly one of queue (<service>/<queue>) or function (<name>)',
        'platform:eventRules[1].name: rule "audit": is declared twice (also platform:eventRules[0]); names must be unique',
      ]);
    });
  });

  describe("resolution", () => {
    it("resolves functions with their defaults: bundled code on Graviton, images on x86_64", () => {
      const [recorder, exporter] = resolveFunctions([
        RECORDER,
        {
          name: "order-export",
          image: "orders@sha256:" + "a".repeat(64),
          queue: { source: "orders/exports" },
        },
      ]);
      assert.deepStrictEqual(
        [
          recorder.code,
          recorder.runtime,
          recorder.handler,
          recorder.architecture,
          recorder.memory,
          recorder.timeout,
        ],
        [{ kind: "bundled", bundle: "event-recorder" }, "nodejs22.x", "index.handler", "arm64", 256, 30],
      );
      assert.deepStrictEqual(exporter.code, {
        kind: "image",
        service: "orders",
        reference: "@sha256:" + "a".repeat(64),
      });
      assert.deepStrictEqual(
        [exporter.architecture, exporter.runtime, exporter.queue],
        [
          "x86_64",
          undefined,
          {
            service: "orders",
            queue: "exports",
            batchSize: 10,
            maxBatchingWindowSeconds: 0,
            reportBatchItemFailures: false,
          },
        ],
      );
      assert.deepStrictEqual(parseFunctionImage("orders:export-1.4.0"), {
        service: "orders",
        reference: ":export-1.4.0",
      });
      assert.strictEqual(parseFunctionImage("Orders:1"), undefined);
    });

    it("resolves rules with compact patterns, parsed targets and retry defaults", () => {
      assert.deepStrictEqual(resolveEventRules([RULE]), [
        {
          name: "audit",
          description: undefined,
          pattern: '{"source":["acme.orders"]}',
          targets: [
            { kind: "function", name: "event-recorder" },
            { kind: "queue", service: "orders", queue: "payments" },
          ],
          retryAttempts: 185,
          maxEventAgeSeconds: 3600,
        },
      ]);
    });

    it("finds a queue's visibility timeout as the service module sets it", () => {
      assert.deepStrictEqual(
        ["jobs", "exports", "payments", "none"].map((q) => queueVisibilityTimeout(ORDERS, q)),
        [240, 600, 30, undefined],
      );
    });
  });
});
