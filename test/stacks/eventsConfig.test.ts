/** Events config: the keys as a stack sets them, and the exact problem for each bad input. */
import * as assert from "assert";

import { CONFIG_KEYS, validateStackConfig } from "../../stacks/config";
import { problemLines, rawConfig } from "../helpers/config";

const ORDERS = {
  name: "orders",
  modes: ["worker"],
  image: "ghcr.io/acme/orders:1.0.0",
  worker: { queue: "jobs" },
  queues: [{ name: "jobs" }, { name: "exports", visibilityTimeoutSeconds: 120 }],
  tables: [{ name: "carts", access: "readWrite" }],
  eventBus: "put",
};
const CARTS = {
  name: "carts",
  attributes: { cartId: "S", customerId: "S" },
  hashKey: "cartId",
  indexes: [{ name: "by-customer", hashKey: "customerId" }],
};
const EXPORTER = {
  name: "order-export",
  image: "orders:export-1.4.0",
  timeout: 60,
  queue: { source: "orders/exports" },
};
const RULE = {
  name: "order-events",
  pattern: '{"source": ["acme.orders"]}',
  targets: [{ function: "order-export" }],
};

/** A valid dev config with tables, the bus, a rule and a function, changed by `changes`. */
function events(changes: Record<string, unknown> = {}): Record<string, string> {
  const base: Record<string, unknown> = {
    services: [ORDERS],
    tables: [CARTS],
    eventBus: true,
    eventRules: [RULE],
    functions: [EXPORTER],
    ...changes,
  };
  return Object.fromEntries(
    Object.entries(base).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  );
}

describe("events config", () => {
  it("rejects a function schedule whose auto-name would pass EventBridge Scheduler's 64 characters", () => {
    const scheduled = (fn: string) =>
      events({
        eventRules: [],
        functions: [
          { ...EXPORTER, name: fn, schedules: [{ name: "s".repeat(16), expression: "rate(1 hour)" }] },
        ],
      });
    // fn-<36>-<16> is 56 characters, and the auto-name adds 8: 64 fits.
    assert.deepStrictEqual(problemLines(rawConfig(scheduled("f".repeat(36)))), []);
    const fn = "f".repeat(37);
    assert.deepStrictEqual(problemLines(rawConfig(scheduled(fn))), [
      `platform:functions[0].schedules[0].name: function "${fn}": schedule "${"s".repeat(16)}" would be named ` +
        `"fn-${fn}-${"s".repeat(16)}-" and 7 characters (65); EventBridge Scheduler allows 64: the function's ` +
        `and the schedule's names together may have at most 52 characters`,
    ]);
  });

  it("accepts tables, the bus, rules and functions, with the tier's recovery and archive periods", () => {
    const result = validateStackConfig(rawConfig(events()));
    assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
    const c = result.config;
    assert.deepStrictEqual(
      [c.tables.length, c.eventBus, c.eventRules.length, c.functions.length],
      [1, true, 1, 1],
    );
    assert.deepStrictEqual(
      [c.dynamodbRecoveryPeriodDays, c.eventArchiveRetentionDays],
      [
        CONFIG_KEYS.dynamodbRecoveryPeriodDays.tierDefault.dev,
        CONFIG_KEYS.eventArchiveRetentionDays.tierDefault.dev,
      ],
    );
    assert.deepStrictEqual(
      (["dev", "stage", "prod"] as const).map((t) => [
        CONFIG_KEYS.dynamodbRecoveryPeriodDays.tierDefault[t],
        CONFIG_KEYS.eventArchiveRetentionDays.tierDefault[t],
      ]),
      [
        [7, 7],
        [14, 30],
        [35, 365],
      ],
    );
    const none = validateStackConfig(rawConfig());
    assert.ok(none.ok);
    assert.deepStrictEqual(
      [none.config.tables, none.config.eventBus, none.config.eventRules, none.config.functions],
      [[], false, [], []],
      "nothing unless the stack declares it",
    );
  });

  it("rejects a table with an index on an undeclared attribute", () => {
    const table = { ...CARTS, indexes: [{ name: "by-status", hashKey: "status" }] };
    assert.deepStrictEqual(problemLines(rawConfig(events({ tables: [table] }))), [
      'platform:tables[0].indexes[0].hashKey: table "carts": got "status", which is not declared in attributes ' +
        '(declared: "cartId", "customerId"); declare it there with its type (S, N or B)',
      'platform:tables[0].attributes.customerId: table "carts": is declared but no key of the table or of an index ' +
        "uses it; declare key attributes only (DynamoDB stores other attributes without a schema)",
    ]);
  });

  it("rejects an event pattern that is not valid JSON", () => {
    const lines = problemLines(
      rawConfig(events({ eventRules: [{ ...RULE, pattern: "source: acme.orders" }] })),
    );
    assert.strictEqual(lines.length, 1);
    assert.match(
      lines[0],
      /^platform:eventRules\[0\]\.pattern: rule "order-events": "source: acme.orders" is not valid JSON \(.+\); write the pattern as a JSON object in quotes/,
    );
  });

  it("rejects a function timeout longer than its SQS queue's visibility timeout", () => {
    assert.deepStrictEqual(problemLines(rawConfig(events({ functions: [{ ...EXPORTER, timeout: 300 }] }))), [
      'platform:functions[0].timeout: function "order-export": got 300; its trigger queue "orders/exports" has a ' +
        "visibility timeout of 120 s, and Lambda needs it at least as long as the function's timeout: shorten " +
        "the timeout or raise the queue's visibilityTimeoutSeconds",
    ]);
  });

  it("rejects memory and timeouts outside Lambda's range", () => {
    const fn = (changes: Record<string, unknown>): string[] =>
      problemLines(rawConfig(events({ functions: [{ ...EXPORTER, ...changes }] })));
    assert.deepStrictEqual(fn({ memory: 64 }), ["platform:functions[0].memory: got 64; minimum is 128"]);
    assert.deepStrictEqual(fn({ memory: 10241 }), [
      "platform:functions[0].memory: got 10241; maximum is 10240",
    ]);
    assert.deepStrictEqual(fn({ timeout: 0 }), ["platform:functions[0].timeout: got 0; minimum is 1"]);
    assert.deepStrictEqual(fn({ timeout: 901 }), ["platform:functions[0].timeout: got 901; maximum is 900"]);
  });

  it("names the key of a grant on an undeclared table, and of rules without the bus", () => {
    const lines = problemLines(
      rawConfig(
        events({ eventBus: false, services: [{ ...ORDERS, tables: [{ name: "baskets", access: "read" }] }] }),
      ),
    );
    assert.deepStrictEqual(lines, [
      'platform:services[0].tables[0].name: service "orders": got "baskets"; platform:tables declares no table of ' +
        'that name (its tables: "carts")',
      'platform:services[0].eventBus: service "orders": puts events on the environment\'s bus, but platform:eventBus ' +
        "is false; turn it on",
      "platform:eventBus: is false, but platform:eventRules declares 1 rule(s) for the environment's bus; set it to true",
    ]);
  });

  it("reports schema errors with the full key: access levels, attribute types, unknown fields", () => {
    const lines = problemLines(
      rawConfig(
        events({
          services: [{ ...ORDERS, tables: [{ name: "carts", access: "write" }] }],
          tables: [{ ...CARTS, attributes: { cartId: "STRING", customerId: "S" } }],
          functions: [{ ...EXPORTER, memorySize: 512 }],
        }),
      ),
    );
    assert.deepStrictEqual(lines, [
      'platform:services[0].tables[0].access: got "write"; allowed values: "read", "readWrite"',
      'platform:tables[0].attributes.cartId: got "STRING"; allowed values: "S", "N", "B"',
      'platform:functions[0]: got {"name":"order-export","image":"orders:export-1.4.0","timeout":60,"queue":{"s...; ' +
        'Unrecognized key: "memorySize"',
    ]);
  });

  it("rejects reserved concurrency a new account's Lambda quota cannot hold, naming the quota key and the request", () => {
    const fns = [
      { ...EXPORTER, reservedConcurrency: 10 },
      { name: "recorder", bundled: "event-recorder", reservedConcurrency: 5 },
    ];
    const message =
      "platform:functions[1].reservedConcurrency: the functions reserve 15 concurrent executions in all " +
      "(platform:functions[0].reservedConcurrency (10), platform:functions[1].reservedConcurrency (5)), but " +
      "platform:lambdaConcurrencyQuota is QUOTA and Lambda keeps 100 unreserved: at most ALLOWED can be reserved. " +
      "Request a quota of at least 115 first (aws service-quotas request-service-quota-increase --service-code lambda " +
      "--quota-code L-B99A9384 --desired-value 115 --region eu-west-1), then set platform:lambdaConcurrencyQuota to " +
      "the granted value; or remove reservedConcurrency";
    const withQuota = (quota?: number): string[] =>
      problemLines(
        rawConfig({
          ...events({ functions: fns }),
          ...(quota !== undefined && { lambdaConcurrencyQuota: String(quota) }),
        }),
      );
    // The default is a new account's quota (10): nothing can be reserved.
    assert.strictEqual(CONFIG_KEYS.lambdaConcurrencyQuota.default, 10);
    assert.deepStrictEqual(withQuota(), [message.replace("QUOTA", "10").replace("ALLOWED", "0")]);
    assert.deepStrictEqual(withQuota(114), [message.replace("QUOTA", "114").replace("ALLOWED", "14")]);
    assert.deepStrictEqual(withQuota(115), [], "115 leaves Lambda its 100 unreserved");
    const large = [{ ...EXPORTER, reservedConcurrency: 2000 }];
    const raised = (quota: number): string[] =>
      problemLines(rawConfig({ ...events({ functions: large }), lambdaConcurrencyQuota: String(quota) }));
    assert.deepStrictEqual(raised(2100), [], "a raised quota allows more than the default quota of 1000");
    assert.strictEqual(raised(2099).length, 1);
    assert.deepStrictEqual(
      problemLines(rawConfig(events())),
      [],
      "functions without reserved concurrency fit a new account",
    );
    assert.deepStrictEqual(problemLines(rawConfig({ ...events(), lambdaConcurrencyQuota: "0" })), [
      "platform:lambdaConcurrencyQuota: got 0; minimum is 1",
    ]);
  });
});
