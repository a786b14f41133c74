/**
 * The first deploy of each stack (`platform:bootstrap`): it plans with no image parameter, holds the
 * workloads back, and the next deploy only adds them. Without the key a missing image parameter is an
 * error naming it and the key. Every secret a service references is created empty.
 */
import * as assert from "assert";

import { RecordedResource } from "../../tools/engine/mockEngine";
import { Plan, planStack } from "../../tools/engine/plan";
import { readStackFiles } from "../../tools/engine/stackFiles";
import { display } from "../../tools/engine/wire";
import { inputs, ofType, stackPlan } from "../helpers/graph";
import { WORKLOAD_TYPES } from "../helpers/service";

const STACKS = ["dev", "stage", "prod"] as const;
const MODES = ["preview", "up"] as const;
const SERVICE = "platform:compute:Service";

interface ServiceEntry {
  name: string;
  image: string;
  secrets?: Record<string, string>;
}

function servicesOf(stack: string): ServiceEntry[] {
  return JSON.parse(readStackFiles(stack).config["platform:services"]) as ServiceEntry[];
}

/** The functions a stack builds from this repository's code (`bundled`), sorted. */
function bundledFunctionsOf(stack: string): string[] {
  const raw = readStackFiles(stack).config["platform:functions"];
  const functions = raw === undefined ? [] : (JSON.parse(raw) as { name: string; bundled?: string }[]);
  return functions
    .filter((f) => f.bundled !== undefined)
    .map((f) => f.name)
    .sort();
}

/** The `ssm:` image parameters of a stack's services: none of them exists before the first deploy. */
function imageParameters(stack: string): { service: string; parameter: string }[] {
  return servicesOf(stack)
    .filter((s) => s.image.startsWith("ssm:"))
    .map((s) => ({ service: s.name, parameter: s.image.slice("ssm:".length) }));
}

const bootstrapPlans = new Map<string, Promise<Plan>>();

/** The stack planned with `platform:bootstrap` true in an account where no image parameter exists. */
function bootstrapPlan(stack: string, mode: (typeof MODES)[number]): Promise<Plan> {
  const key = `${stack}:${mode}`;
  let plan = bootstrapPlans.get(key);
  if (!plan) {
    const files = readStackFiles(stack);
    files.config["platform:bootstrap"] = "true";
    plan = planStack(stack, {
      files,
      up: mode === "up",
      sourcePositions: false,
      missingParameters: imageParameters(stack).map((p) => p.parameter),
    });
    bootstrapPlans.set(key, plan);
  }
  return plan;
}

/** A resource inside a Service component (its URN's type chain runs through the component's type). */
function underService(r: RecordedResource): boolean {
  return r.urn.includes(`${SERVICE}$`);
}

describe("bootstrap in the stacks", () => {
  for (const stack of STACKS) {
    for (const mode of MODES) {
      it(`${stack} (${mode}): plans without any image parameter and holds every workload back`, async () => {
        const plan = await bootstrapPlan(stack, mode);
        assert.deepStrictEqual([plan.problems, plan.error?.message, plan.engineErrors], [[], undefined, []]);
        const workloads = plan.resources.filter((r) => WORKLOAD_TYPES.includes(r.type) && underService(r));
        assert.deepStrictEqual(
          workloads.map((r) => r.name),
          [],
        );
        const imageFunctions = ofType(plan.resources, "aws:lambda/function:Function").filter(
          (f) => inputs(f).packageType === "Image",
        );
        assert.deepStrictEqual(
          imageFunctions.map((f) => f.name),
          [],
        );
        // Zip functions (the event recorder and its heartbeat) are not held back: every one the stack
        // declares is planned (stage and prod run the event recorder; dev leaves it out, docs/cost.md).
        const zipFunctions = ofType(plan.resources, "aws:lambda/function:Function").filter(
          (f) => inputs(f).packageType !== "Image",
        );
        assert.deepStrictEqual(
          zipFunctions.map((f) => f.name).sort(),
          bundledFunctionsOf(stack).map((name) => `fn-${name}`),
        );
        assert.ok(stack === "dev" || zipFunctions.length > 0, `${stack} runs the event recorder`);
        assert.deepStrictEqual(
          plan.diagnostics.filter((d) => d.level === "mandatory"),
          [],
        );
      });

      it(`${stack} (${mode}): the next deploy without the key only adds the workloads`, async () => {
        const first = await bootstrapPlan(stack, mode);
        const next = await stackPlan(stack, mode);
        const later = new Map(next.resources.map((r) => [r.urn, r]));
        // The dashboard gains the ECS services' and functions' widgets; with every value known, the
        // execution policy of an ssm: service gains the repository its parameter points into (the plan's
        // stand-in points outside the service's own repository, where CI pushes in a real deploy).
        const ssmServices = imageParameters(stack).map((p) => `${p.service}-execution-policy`);
        const mayChange = new Set(["dashboard", ...(mode === "up" ? ssmServices : [])]);
        const changed: string[] = [];
        for (const r of first.resources) {
          const next = later.get(r.urn);
          assert.ok(next, `${r.urn} is kept by the next deploy`);
          if (JSON.stringify(display(next.inputs)) !== JSON.stringify(display(r.inputs))) {
            changed.push(r.name);
          }
        }
        assert.deepStrictEqual(
          changed.filter((n) => !mayChange.has(n)),
          [],
        );
        const kept = new Set(first.resources.map((r) => r.urn));
        const added = next.resources.filter((r) => !kept.has(r.urn));
        const all = new Map(next.resources.map((r) => [r.urn, r]));
        const inFunction = (r: RecordedResource): boolean => {
          for (let p = r.parent; p !== undefined; p = all.get(p)?.parent) {
            if (all.get(p)?.type === "platform:events:LambdaFunction") {
              return true;
            }
          }
          return r.type === "platform:events:LambdaFunction";
        };
        for (const r of added) {
          const workload =
            (WORKLOAD_TYPES.includes(r.type) && underService(r)) ||
            (r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" && underService(r)) ||
            inFunction(r);
          assert.ok(workload, `${r.type} ${r.name} is a workload`);
        }
      });
    }

    it(`${stack}: creates every secret a service references, empty and encrypted with the environment key`, async () => {
      const { resources } = await stackPlan(stack);
      const [key] = ofType(resources, "aws:kms/key:Key").filter((k) => k.name === "key");
      const secrets = ofType(resources, "aws:secretsmanager/secret:Secret").filter(underService);
      const referenced = servicesOf(stack).flatMap((s) =>
        [...new Set(Object.values(s.secrets ?? {}).map((ref) => ref.split(":")[1]))].map(
          (name) => `platform-${stack}/${s.name}/${name}`,
        ),
      );
      assert.deepStrictEqual(secrets.map((s) => inputs(s).name).sort(), referenced.sort());
      for (const s of secrets) {
        assert.deepStrictEqual(s.propertyDependencies.kmsKeyId, [key.urn], `${s.name} uses the key`);
        assert.ok(!("secretString" in s.inputs), `${s.name} has no value in code`);
        assert.strictEqual(s.protect, stack === "prod", `${s.name} is protected in prod`);
      }
      assert.deepStrictEqual(
        ofType(resources, "aws:secretsmanager/secretVersion:SecretVersion").filter(underService),
        [],
      );
    });
  }

  // One stack is enough: the three read their parameters through the same code.
  it(`dev: without the key, a missing image parameter is an error naming it and the key`, async () => {
    const [first] = imageParameters("dev");
    const plan = await planStack("dev", { sourcePositions: false, missingParameters: [first.parameter] });
    const expected =
      `service ${first.service}: ssm parameter ${first.parameter} does not exist; push the service's first ` +
      "image and write its reference there, or deploy once with platform:bootstrap true";
    const message = plan.error?.message ?? "";
    assert.ok(message === expected || message.endsWith(`: ${expected}`), message);
  });

  it("stage: holds back a rule whose only target is a held-back function, and keeps the others' other targets", async () => {
    const files = readStackFiles("stage");
    files.config["platform:bootstrap"] = "true";
    const rules = JSON.parse(files.config["platform:eventRules"]) as { name: string; targets: object[] }[];
    files.config["platform:eventRules"] = JSON.stringify([
      ...rules.map((r) =>
        r.name === "audit-trail" ? { ...r, targets: [...r.targets, { function: "order-export" }] } : r,
      ),
      {
        name: "export-requests",
        pattern: '{"source": ["acme.exports"]}',
        targets: [{ function: "order-export" }],
      },
    ]);
    const plan = await planStack("stage", {
      files,
      sourcePositions: false,
      missingParameters: imageParameters("stage").map((p) => p.parameter),
    });
    assert.strictEqual(plan.error?.message, undefined);
    const ruleNames = ofType(plan.resources, "platform:events:EventRule").map((r) => r.name);
    assert.ok(!ruleNames.includes("rule-export-requests"), "the rule comes with its function");
    const targets = ofType(plan.resources, "aws:cloudwatch/eventTarget:EventTarget").map((t) => t.name);
    assert.ok(targets.some((t) => t.includes("audit-trail") && t.includes("event-recorder")));
    assert.ok(!targets.some((t) => t.includes("order-export")), targets.join(", "));
  });
});
