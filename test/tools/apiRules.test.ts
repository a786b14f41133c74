import * as assert from "assert";

import { CATALOG, ENTRIES } from "../../tools/catalog";
import { checkApiRules, checkResource, formatApiViolations, rulesOf } from "../../tools/engine/apiRules";
import { autoName, RecordedResource } from "../../tools/engine/mockEngine";
import { planStack } from "../../tools/engine/plan";
import { readStackFiles } from "../../tools/engine/stackFiles";
import { autoNamed, TAG_RULES } from "../../tools/rules";
import { stackPlan, wire } from "../helpers/graph";
import { EXAMPLES_1, LB, QUEUE, TABLE } from "./apiRuleExamples1";
import { EXAMPLES_2 } from "./apiRuleExamples2";

const EXAMPLES = [...EXAMPLES_1, ...EXAMPLES_2];

/** The auto-name the rules judge for logical name `name` (the engine's, made deterministic for the table). */
function resolve(value: string, urn: string, name: string): string {
  return value.replace(`${name}-0000000`, autoNamed({ name, urn }));
}

describe("AWS API rules", () => {
  it("covers every catalog entry: its rules, or why AWS checks nothing beyond the types", () => {
    for (const e of ENTRIES) {
      const api: { rules?: readonly unknown[]; none?: string } = e.api;
      assert.ok((api.rules === undefined) !== (api.none === undefined), `${e.type}: rules or a reason`);
      assert.ok(api.rules === undefined || api.rules.length > 0, `${e.type}: an empty rule list`);
      assert.ok(api.none === undefined || api.none.length > 10, `${e.type}: say why no rule applies`);
    }
  });

  it("cites an AWS documentation page for every rule", () => {
    for (const e of ENTRIES) {
      for (const rule of [...rulesOf(e.type)]) {
        assert.match(rule.doc, /^https:\/\/docs\.aws\.amazon\.com\//, `${rule.id}: ${rule.doc}`);
      }
    }
  });

  it("has a failing example for every rule", () => {
    const ids = new Set([
      ...ENTRIES.flatMap((e) => (e.api.rules ?? []).map((r) => r.id)),
      ...TAG_RULES.map((r) => r.id),
    ]);
    const examples = new Set(EXAMPLES.map((x) => x[0]));
    assert.deepStrictEqual(
      [...ids].filter((id) => !examples.has(id)),
      [],
      "rules without an example",
    );
    assert.deepStrictEqual(
      [...examples].filter((id) => !ids.has(id)),
      [],
      "examples of no rule",
    );
  });

  for (const [id, type, inputs, property, value, name = "x"] of EXAMPLES) {
    it(`${id}: rejects ${type.split(":").pop() ?? type} ${JSON.stringify(inputs).slice(0, 60)}`, () => {
      assert.ok(CATALOG.get(type), `${type} is in the catalog`);
      const urn = `urn:pulumi:test::platform::${type}::${name}`;
      const found = checkResource({ urn, type, name, inputs }).filter((v) => v.rule === id);
      assert.deepStrictEqual(
        found.map((v) => [v.property, v.value]),
        [[property, resolve(value, urn, name)]],
      );
    });
  }

  it("judges the auto-name Pulumi gives: the logical name, '-' and 7 hex characters, as the engine makes it", () => {
    const urn =
      "urn:pulumi:dev::platform::platform:edge:InternalLoadBalancer$aws:lb/loadBalancer:LoadBalancer::internal-alb";
    assert.strictEqual(autoNamed({ name: "internal-alb", urn }), autoName("internal-alb", urn));
    assert.match(autoNamed({ name: "internal-alb", urn }), /^internal-alb-[0-9a-f]{7}$/);
    assert.strictEqual(autoNamed({ name: "Logs", urn }, true), autoName("Logs", urn).toLowerCase());
  });

  it("skips values a preview does not know", () => {
    const found = checkResource({ urn: "u", type: LB, name: "public", inputs: { name: "<computed>" } });
    assert.deepStrictEqual(found, []);
  });

  it("prints the resource, the value, the rule and its page", () => {
    const v = checkResource({
      urn: "urn:pulumi:prod::platform::aws:lb/loadBalancer:LoadBalancer::internal-alb",
      type: LB,
      name: "internal-alb",
      inputs: { name: "internal-alb-1234567" },
    });
    assert.deepStrictEqual(formatApiViolations(v), [
      "AWS API rules: 1 violation(s) (AWS would reject these on the first deploy):",
      '  - aws:lb/loadBalancer:LoadBalancer "internal-alb": name "internal-alb-1234567": name must not begin with "internal-" [elb-lb-name-internal] https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html',
    ]);
  });

  describe("on a plan's resources", () => {
    const provider = "urn:pulumi:t::platform::pulumi:providers:aws::account";
    function recorded(type: string, name: string, inputs: Record<string, unknown>): RecordedResource {
      return {
        urn: `urn:pulumi:t::platform::${type}::${name}`,
        type,
        name,
        custom: true,
        provider: `${provider}::id`,
        dependencies: [],
        propertyDependencies: {},
        protect: false,
        retainOnDelete: false,
        deleteBeforeReplace: false,
        ignoreChanges: [],
        inputs: wire(inputs) as RecordedResource["inputs"],
      };
    }
    const account = (tags: Record<string, string>): RecordedResource => ({
      ...recorded("pulumi:providers:aws", "account", { defaultTags: { tags } }),
      urn: provider,
      provider: undefined,
    });

    it("counts the provider's default tags with a resource's own", () => {
      const defaults = Object.fromEntries(Array.from({ length: 45 }, (_, i) => [`d${i}`, "v"]));
      const own = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`o${i}`, "v"]));
      const found = checkApiRules([account(defaults), recorded(QUEUE, "jobs", { name: "jobs", tags: own })]);
      assert.deepStrictEqual(
        found.map((v) => [v.name, v.rule, v.value]),
        [["jobs", "tags-count", "51 tags"]],
      );
    });

    it("judges the provider's default tags themselves", () => {
      const found = checkApiRules([account({ "aws:team": "x" })]);
      assert.deepStrictEqual(
        found.map((v) => [v.rule, v.property, v.value]),
        [["tags-key-aws", "defaultTags.tags", "aws:team"]],
      );
    });

    it("rejects two resources of one type with one physical name in an account and region", () => {
      const found = checkApiRules([
        account({}),
        recorded(TABLE, "carts", { name: "platform-prod-carts" }),
        recorded(TABLE, "carts-2", { name: "platform-prod-carts" }),
        recorded(QUEUE, "platform-prod-carts", { name: "platform-prod-carts" }),
      ]);
      assert.deepStrictEqual(
        found.map((v) => [v.name, v.rule, v.value, v.requirement]),
        [
          [
            "carts",
            "unique-name",
            "platform-prod-carts",
            "name is unique per type, account and region (also used by carts-2)",
          ],
          [
            "carts-2",
            "unique-name",
            "platform-prod-carts",
            "name is unique per type, account and region (also used by carts)",
          ],
        ],
      );
    });
  });

  it("finds no violation in prod with the longest names its config allows", async () => {
    // Every key that feeds a physical name at its limit: the name prefix (the base name within 20), service
    // names (20), queue and schedule names (16), function names with their schedules (52), rule names (40).
    const files = readStackFiles("prod");
    const c = { ...files.config };
    const json = <T>(k: string): T[] => JSON.parse(c[`platform:${k}`]) as T[];
    const long = (s: string, n: number): string => `${s}-${"x".repeat(60)}`.slice(0, n);
    const services = new Map<string, string>();
    type Named = { name: string; schedules?: Named[]; queues?: Named[] } & Record<string, unknown>;
    const ref = (r: string): string =>
      r
        .split("/")
        .map((p, i) => (i ? long(p, 16) : (services.get(p) ?? p)))
        .join("/");
    c["platform:namePrefix"] = "p".repeat(12);
    c["platform:services"] = JSON.stringify(
      json<Named & { worker?: { queue?: string } }>("services").map((s) => {
        services.set(s.name, long(s.name, 20));
        return {
          ...s,
          name: long(s.name, 20),
          queues: s.queues?.map((q) => ({ ...q, name: long(q.name, 16) })),
          worker: s.worker && { ...s.worker, queue: s.worker.queue && long(s.worker.queue, 16) },
          schedules: s.schedules?.map((x) => ({ ...x, name: long(x.name, 16) })),
        };
      }),
    );
    c["platform:functions"] = JSON.stringify(
      json<Named & { image?: string; queue?: { source: string } }>("functions").map((f) => ({
        ...f,
        name: long(f.name, 36),
        image: f.image && `${services.get(f.image.split(":")[0])}:${f.image.split(":")[1]}`,
        queue: f.queue && { ...f.queue, source: ref(f.queue.source) },
        schedules: f.schedules?.map((x) => ({ ...x, name: long(x.name, 16) })),
      })),
    );
    c["platform:eventRules"] = JSON.stringify(
      json<Named & { targets: Array<{ function?: string; queue?: string }> }>("eventRules").map((r) => ({
        ...r,
        name: long(r.name, 40),
        targets: r.targets.map((t) =>
          t.function ? { function: long(t.function, 36) } : { queue: ref(t.queue ?? "") },
        ),
      })),
    );
    const plan = await planStack("prod", { files: { ...files, config: c } });
    assert.deepStrictEqual(plan.problems, []);
    assert.ok(plan.resources.length > 100 && !plan.error);
    assert.ok(plan.resources.some((r) => r.name.startsWith(`fn-${long("event-recorder", 36)}-`)));
    assert.deepStrictEqual(formatApiViolations(plan.apiViolations), ["AWS API rules: no violation"]);
  });

  for (const stack of ["dev", "stage", "prod"]) {
    for (const mode of ["preview", "up"] as const) {
      it(`finds no violation in ${stack} (${mode})`, async () => {
        const plan = await stackPlan(stack, mode);
        assert.ok(plan.resources.length > 100);
        assert.deepStrictEqual(formatApiViolations(plan.apiViolations), ["AWS API rules: no violation"]);
        assert.deepStrictEqual(checkApiRules(plan.resources), plan.apiViolations);
      });
    }
  }
});
