/**
 * Helpers of the edge and compute tests and the queue tests.
 */
import * as assert from "assert";

import { autoName, RecordedResource } from "../../tools/engine/mockEngine";
import { jsonInput } from "./graph";

/** The physical name the mock engine gives a resource (it hashes the URN the resource would have at the root). */
export function physical(r: RecordedResource, stack = "test", project = "platform"): string {
  return autoName(r.name, `urn:pulumi:${stack}::${project}::${r.type}::${r.name}`);
}

export interface PolicyStatement {
  Sid?: string;
  Effect: string;
  Principal?: unknown;
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

/** The statements of a JSON policy input (`policy`, `assumeRolePolicy`). */
export function statements(r: RecordedResource, key = "policy"): PolicyStatement[] {
  return jsonInput<{ Statement: PolicyStatement[] }>(r, key).Statement;
}

/** Every resource ARN (or pattern) a policy names, flattened. */
export function resourcesOf(policy: PolicyStatement[]): string[] {
  return policy.flatMap((s) =>
    s.Resource === undefined ? [] : Array.isArray(s.Resource) ? s.Resource : [s.Resource],
  );
}

/** The one resource of a type with the given logical name. */
export function named(resources: readonly RecordedResource[], name: string): RecordedResource {
  const found = resources.filter((r) => r.name === name);
  assert.strictEqual(found.length, 1, `expected one resource named ${name}, found ${found.length}`);
  return found[0];
}
