/** Evaluating the policy pack on small programs, for the policy tests. */
import * as assert from "assert";

import { PACK_NAME, PACK_VERSION, POLICIES, policiesWith, Policy } from "../../policy-pack/policies";
import { Exemption } from "../../policy-pack/policies/exemptions";
import { RecordedResource } from "../../tools/engine/mockEngine";
import { Diagnostic, evaluatePack } from "../../tools/engine/policyRunner";
import { runComponent } from "./graph";

export interface EvaluateOptions {
  /** Run the program as a preview (unknown ids), as the pull-request check does. Default: up. */
  preview?: boolean;
  /** Evaluate with these exemptions (and the exemption report); default: the bare policies. */
  exemptions?: Exemption[];
  now?: Date;
}

export async function evaluatePolicies(
  resources: readonly RecordedResource[],
  opts: EvaluateOptions = {},
): Promise<Diagnostic[]> {
  const policies: Policy[] = opts.exemptions
    ? policiesWith(opts.exemptions, () => opts.now ?? new Date())
    : POLICIES;
  return evaluatePack(
    { name: PACK_NAME, version: PACK_VERSION, policies, enforcementLevel: "mandatory" },
    resources,
  );
}

/** Runs a small program under the mock engine and evaluates the pack on what it registered. */
export async function evaluateProgram(
  program: () => void,
  opts: EvaluateOptions = {},
): Promise<Diagnostic[]> {
  const { resources } = await runComponent(program, { preview: opts.preview });
  return evaluatePolicies(resources, opts);
}

const nameOf = (urn: string): string => urn.split("::").pop() ?? urn;

/** The diagnostics of one policy about one resource (by logical name). */
export function about(diagnostics: readonly Diagnostic[], policy: string, resource: string): Diagnostic[] {
  return diagnostics.filter((d) => d.policy === policy && nameOf(d.urn) === resource);
}

/** Asserts that `policy` reports `resource` with a mandatory violation matching `message`. */
export function assertViolation(
  diagnostics: readonly Diagnostic[],
  policy: string,
  resource: string,
  message: RegExp,
): void {
  const found = about(diagnostics, policy, resource);
  assert.ok(
    found.some((d) => d.level === "mandatory" && message.test(d.message)),
    `expected ${policy} to report ${resource} with ${message}; it reported:\n  ${found.map((d) => d.message).join("\n  ") || "(nothing)"}`,
  );
}

/** Asserts that `policy` reports nothing about `resource`. */
export function assertClean(diagnostics: readonly Diagnostic[], policy: string, resource: string): void {
  const found = about(diagnostics, policy, resource);
  assert.deepStrictEqual(
    found.map((d) => d.message),
    [],
    `${policy} should not report ${resource}`,
  );
}

/** Mandatory violations, formatted for a failure message. */
export function mandatory(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics
    .filter((d) => d.level === "mandatory")
    .map((d) => `${d.policy}: ${nameOf(d.urn)}: ${d.message}`);
}

/** A deep copy of the plan's resources with one resource's inputs changed, as a bad pull request would. */
export function mutate(
  resources: readonly RecordedResource[],
  name: string,
  change: (inputs: Record<string, unknown>, r: RecordedResource) => void,
): RecordedResource[] {
  const copy = JSON.parse(JSON.stringify(resources)) as RecordedResource[];
  const target = copy.find((r) => r.name === name && r.custom);
  assert.ok(target, `no resource ${name} in the plan`);
  change(target.inputs, target);
  return copy;
}
