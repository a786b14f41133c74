/**
 * Breaking a wiring on purpose: a copy of a real plan's resources, policy edits that assert what they remove,
 * the integration model run on the copy, and the finding expected, as the plan prints it.
 */
import * as assert from "assert";

import {
  checkIntegrations,
  formatIntegrations,
  IntegrationContext,
  IntegrationReport,
} from "../../tools/engine/integrations";
import { RecordedResource } from "../../tools/engine/mockEngine";
import { integrationContext } from "../../tools/engine/plan";
import { realStackConfig } from "./config";
import { stackPlan } from "./graph";

export interface Statement {
  Sid?: string;
  Condition?: Record<string, Record<string, unknown>>;
  [k: string]: unknown;
}

export interface Doc {
  Statement: Statement[];
}

/** The resources of a stack's plan as `pulumi up`, deep-copied so a test can break one without touching the cached plan. */
export async function upCopy(stack: string): Promise<RecordedResource[]> {
  return structuredClone((await stackPlan(stack, "up")).resources);
}

export function find(resources: RecordedResource[], type: string, name: string): RecordedResource {
  const r = resources.find((x) => x.type === type && x.name === name);
  assert.ok(r, `${type} ${name} in the plan`);
  return r;
}

/** Rewrites a JSON policy input of a resource. */
export function editPolicy(r: RecordedResource, key: string, edit: (d: Doc) => Doc): void {
  r.inputs[key] = JSON.stringify(edit(JSON.parse(r.inputs[key] as string) as Doc));
}

/** A document without one statement (which must be there). */
export const withoutSid =
  (sid: string) =>
  (d: Doc): Doc => {
    assert.ok(
      d.Statement.some((s) => s.Sid === sid),
      `statement ${sid} present before the test removes it`,
    );
    return { ...d, Statement: d.Statement.filter((s) => s.Sid !== sid) };
  };

/** One statement's condition on `key` rewritten to `value` (the statement must have it). */
export const withCondition =
  (sid: string, key: string, value: string) =>
  (d: Doc): Doc => ({
    ...d,
    Statement: d.Statement.map((s) => {
      if (s.Sid !== sid) {
        return s;
      }
      const operators = Object.entries(s.Condition ?? {}).filter(([, keys]) =>
        Object.keys(keys).some((k) => k.toLowerCase() === key.toLowerCase()),
      );
      assert.strictEqual(operators.length, 1, `${sid} has a condition on ${key}`);
      const [operator, keys] = operators[0];
      const rewritten = Object.fromEntries(
        Object.keys(keys).map((k) => [k, k.toLowerCase() === key.toLowerCase() ? value : keys[k]]),
      );
      return { ...s, Condition: { ...s.Condition, [operator]: rewritten } };
    }),
  });

/** The integration model on `resources` (a broken copy of the stack's up plan), its context edited by `edit`. */
export async function judge(
  stack: string,
  resources: RecordedResource[],
  edit: (ctx: IntegrationContext) => IntegrationContext = (ctx) => ctx,
): Promise<IntegrationReport> {
  const plan = await stackPlan(stack, "up");
  const config = await realStackConfig(stack);
  return checkIntegrations(resources, plan.states!, edit(integrationContext(config)));
}

/** The findings' lines, as the plan prints them. */
export const findingLines = (report: IntegrationReport): string[] => formatIntegrations(report).slice(1);

export function assertFinding(report: IntegrationReport, ...parts: string[]): void {
  const found = findingLines(report).filter((l) => parts.every((p) => l.includes(p)));
  assert.ok(
    found.length > 0,
    `a finding with ${parts.join(" / ")}; got:\n${findingLines(report).join("\n")}`,
  );
}
