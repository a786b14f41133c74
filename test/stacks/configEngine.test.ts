/** The config engine and the key tables: what the type derives, and what the engine does with any key. */
import * as assert from "assert";
import { z } from "zod";

import {
  CONFIG_KEYS,
  FIELD_KEYS,
  HasValue,
  KeySpec,
  StackConfig,
  TIER_NAMES,
  validateStackConfig,
} from "../../stacks/config";
import { ACCESS_KEYS } from "../../stacks/config/access";
import { COMPUTE_KEYS } from "../../stacks/config/compute";
import { CORE_KEYS } from "../../stacks/config/core";
import { DATA_KEYS } from "../../stacks/config/data";
import { key, KeyTable, parseKeys, runValidation } from "../../stacks/config/engine";
import { EVENTS_KEYS } from "../../stacks/config/events";
import { FLOOR_KEYS } from "../../stacks/config/floors";
import { MESSAGING_KEYS } from "../../stacks/config/messaging";
import { NETWORK_KEYS } from "../../stacks/config/network";
import { OBSERVABILITY_KEYS } from "../../stacks/config/observability";
import { ORGANIZATION_KEYS } from "../../stacks/config/organization";
import { rawConfig } from "../helpers/config";

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type OptionalKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? K : never }[keyof T];
type KeysWithoutValue<T> = { [K in keyof T]: HasValue<T[K]> extends true ? never : K }[keyof T];

// Compile-time: StackConfig's optional fields are exactly the keys with neither a default nor `required`.
const optionalAreKeysWithoutValue: Equals<
  OptionalKeys<StackConfig>,
  KeysWithoutValue<typeof FIELD_KEYS>
> = true;
const optionalFields: Equals<
  OptionalKeys<StackConfig>,
  "alertWebhookUrl" | "backupCopyRegion" | "availabilityZoneIds"
> = true;
// ... and each field has its schema's output type.
const fieldTypes: Equals<
  [StackConfig["natGateways"], StackConfig["azCount"], StackConfig["backupCopyRegion"]],
  ["perAz" | "single", number, string | undefined]
> = true;

const DOMAINS: Readonly<Record<string, KeyTable>> = {
  core: CORE_KEYS,
  organization: ORGANIZATION_KEYS,
  access: ACCESS_KEYS,
  network: NETWORK_KEYS,
  data: DATA_KEYS,
  messaging: MESSAGING_KEYS,
  compute: COMPUTE_KEYS,
  events: EVENTS_KEYS,
  observability: OBSERVABILITY_KEYS,
  floors: FLOOR_KEYS,
};

describe("config keys", () => {
  it("derive StackConfig: optional exactly where a key has no value (checked at compile time)", () => {
    assert.deepStrictEqual([optionalAreKeysWithoutValue, optionalFields, fieldTypes], [true, true, true]);
  });

  it("resolve a value for every key that has one, and none for the others", () => {
    const result = validateStackConfig(rawConfig());
    assert.ok(result.ok);
    const config = result.config as unknown as Record<string, unknown>;
    for (const [name, spec] of Object.entries(FIELD_KEYS) as [string, KeySpec][]) {
      const hasValue =
        spec.required !== undefined || spec.default !== undefined || spec.tierDefault !== undefined;
      assert.strictEqual(config[name] !== undefined, hasValue, name);
    }
    assert.deepStrictEqual(Object.keys(config).slice(0, 2), ["env", "region"]);
    assert.deepStrictEqual(Object.keys(config).slice(-2), ["account", "organization"]);
  });

  it("are each declared in exactly one domain", () => {
    const declared = Object.values(DOMAINS).flatMap((keys) => Object.keys(keys));
    assert.strictEqual(new Set(declared).size, declared.length, "a key is declared twice");
    assert.deepStrictEqual([...declared].sort(), Object.keys(CONFIG_KEYS).sort());
    assert.deepStrictEqual(Object.keys(FIELD_KEYS).sort(), Object.keys(CONFIG_KEYS).sort());
  });

  it("name a default for every tier, and every default is a value the key's schema accepts", () => {
    for (const [name, spec] of Object.entries(CONFIG_KEYS) as [string, KeySpec][]) {
      const defaults: [string, unknown][] = [];
      if (spec.default !== undefined) {
        defaults.push(["default", spec.default]);
      }
      if (spec.tierDefault !== undefined) {
        assert.deepStrictEqual(Object.keys(spec.tierDefault).sort(), [...TIER_NAMES].sort(), name);
        defaults.push(...TIER_NAMES.map((t): [string, unknown] => [t, spec.tierDefault?.[t]]));
      }
      for (const [which, value] of defaults) {
        const parsed = spec.schema.safeParse(value);
        assert.ok(parsed.success, `${name} (${which}): ${parsed.error?.message}`);
        assert.deepStrictEqual(parsed.data, value, `${name} (${which})`);
      }
    }
  });

  it("type-check their defaults against the schema (compile time)", () => {
    const specs = [
      // @ts-expect-error a tier-dependent key names a default for every tier
      key({ kind: "integer", schema: z.number(), description: "d", tierDefault: { dev: 1, stage: 2 } }),
      // @ts-expect-error a default has the schema's type
      key({ kind: "integer", schema: z.number(), description: "d", default: "1" }),
      key({
        kind: "string",
        schema: z.enum(["a", "b"]),
        description: "d",
        // @ts-expect-error a tier default has the schema's type
        tierDefault: { dev: "a", stage: "b", prod: "c" },
      }),
    ];
    assert.strictEqual(specs.length, 3);
  });
});

describe("config engine", () => {
  const raw = (values: Record<string, string>) => ({ stack: "dev", region: "eu-west-1", values });
  const lines = (keys: KeyTable, values: Record<string, string>): string[] =>
    parseKeys(raw(values), keys).problems.map((p) => `${p.key}: ${p.message}`);

  it("lists the values a union of literals allows, whichever key it is", () => {
    const keys = {
      size: key({ kind: "integer", schema: z.union([z.literal(2), z.literal(4)]), description: "d" }),
    };
    assert.deepStrictEqual(lines(keys, { size: "3" }), ["platform:size: got 3; allowed values: 2, 4"]);
  });

  it("words a union of other options with zod's message", () => {
    const keys = {
      port: key({
        kind: "integer",
        schema: z.union([z.number().min(10), z.number().max(1)]),
        description: "d",
      }),
    };
    assert.deepStrictEqual(lines(keys, { port: "3" }), ["platform:port: got 3; Invalid input"]);
  });

  it("suggests the nearest key of the table it is given", () => {
    const keys = { retentionDays: key({ kind: "integer", schema: z.number(), description: "d" }) };
    assert.deepStrictEqual(lines(keys, { retentionDay: "3" }), [
      "platform:retentionDay: unknown key; did you mean platform:retentionDays? see docs/config.md for the keys a stack can set",
    ]);
  });

  it("refuses to resolve a config that a check let through without a value", () => {
    const model = { keys: {}, draft: () => ({}), checks: [], resolve: () => undefined };
    assert.throws(() => runValidation(raw({}), model), /passed validation but lacks a value/);
  });
});
