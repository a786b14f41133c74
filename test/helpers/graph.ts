/**
 * Helpers over a recorded resource graph, shared by the tests.
 */
import * as assert from "assert";

import { defaultInvokes } from "../../tools/engine/invokes";
import { RecordedResource, runProgram, RunResult } from "../../tools/engine/mockEngine";
import { Plan, planStack } from "../../tools/engine/plan";
import { display, WireValue } from "../../tools/engine/wire";

export type Inputs = Record<string, unknown>;

/** Resources of one type. */
export function ofType(resources: readonly RecordedResource[], type: string): RecordedResource[] {
  return resources.filter((r) => r.type === type);
}

/** The single resource of a type (fails the test when there is not exactly one). */
export function single(resources: readonly RecordedResource[], type: string): RecordedResource {
  const found = ofType(resources, type);
  assert.strictEqual(found.length, 1, `expected one ${type}, found ${found.length}`);
  return found[0];
}

/** Inputs in display form: `<computed>` for unknowns, `[secret]` for secrets. */
export function inputs(r: RecordedResource): Inputs {
  return display(r.inputs) as Inputs;
}

/** A JSON-encoded input (policies, provider config) parsed. */
export function jsonInput<T = unknown>(r: RecordedResource, key: string): T {
  const v = r.inputs[key];
  assert.strictEqual(typeof v, "string", `${r.name}.${key} is not a known string: ${JSON.stringify(v)}`);
  return JSON.parse(v as string) as T;
}

/** The resources a property of `r` depends on. */
export function propertyDeps(
  resources: readonly RecordedResource[],
  r: RecordedResource,
  key: string,
): RecordedResource[] {
  const urns = new Set(r.propertyDependencies[key] ?? []);
  return resources.filter((x) => urns.has(x.urn));
}

export function byUrn(resources: readonly RecordedResource[]): Map<string, RecordedResource> {
  return new Map(resources.map((r) => [r.urn, r]));
}

const planCache = new Map<string, Promise<Plan>>();

/** The plan of a real stack (cached per stack and mode: the stacks are run once per test process). */
export function stackPlan(stack: string, mode: "preview" | "up" = "preview"): Promise<Plan> {
  const key = `${stack}:${mode}`;
  let plan = planCache.get(key);
  if (!plan) {
    plan = planStack(stack, { up: mode === "up" });
    planCache.set(key, plan);
  }
  return plan;
}

/** Runs a program (typically one component) under the mock engine, as `pulumi up` (every value known). */
export async function runComponent(
  program: () => unknown,
  opts: {
    preview?: boolean;
    config?: Record<string, string>;
    region?: string;
    /** SSM parameters that do not exist (see InvokeContext.missingParameters). */
    missingParameters?: readonly string[];
  } = {},
): Promise<RunResult> {
  const region = opts.region ?? "eu-west-1";
  const result = await runProgram(
    () => {
      program();
      return {};
    },
    {
      project: "platform",
      stack: "test",
      config: { "aws:region": region, ...opts.config },
      preview: opts.preview ?? false,
      invokes: defaultInvokes({
        region,
        zoneCount: 3,
        accountId: "123456789012",
        missingParameters: opts.missingParameters,
      }),
    },
  );
  if (result.error) {
    throw result.error;
  }
  return result;
}

export function wire(v: unknown): WireValue {
  return v as WireValue;
}

/**
 * The provider a resource of `type` must be created through: Organization and Identity Center resources
 * through the management account's, other packages through their own explicit provider, everything else
 * through the member account's.
 */
export function expectedProvider(r: Pick<RecordedResource, "type" | "name">): string {
  const own: Record<string, string> = {
    mongodbatlas: "mongodbatlas",
    random: "random",
    confluentcloud: "confluent",
  };
  // The NS delegation is written into the organization's parent zone, through the delegation role.
  return own[r.type.split(":")[0]] ?? (r.name === "dns-delegation" ? "dns-parent" : "account-provider");
}
