/**
 * Helpers shared by the policies: reading properties that may be unknown during a preview, and walking
 * the resource graph through property dependencies (ids are unknown during preview; the dependencies
 * that produced them are not).
 */
import { PolicyResource, ResourceValidation, validateResourceOfType } from "@pulumi/policy";

/** What `read` returns for a value only known after deployment. */
export const UNKNOWN: unique symbol = Symbol("unknown");
export type Unknown = typeof UNKNOWN;

/** The sentinels the engine sends for unknown values, one per type. */
const UNKNOWN_SENTINELS = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "030794c1-ac77-496b-92df-f27374a8bd58",
  "e48ece36-62e2-4504-bad9-02848725956a",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

/**
 * Reads `props[path[0]][path[1]]...` without tripping the analyzer's unknown-checking proxy (it
 * throws on reading an unknown, which would abort a whole stack policy). Returns {@link UNKNOWN} for a
 * value computed during deployment and `undefined` for an absent one.
 */
export function read(obj: unknown, ...path: Array<string | number>): unknown {
  let current: unknown = obj;
  for (const key of path) {
    if (current === null || typeof current !== "object") {
      return undefined;
    }
    // Descriptors bypass the proxy's get trap and return the raw value.
    current = Object.getOwnPropertyDescriptor(current, key)?.value;
    if (typeof current === "string" && UNKNOWN_SENTINELS.has(current)) {
      return UNKNOWN;
    }
  }
  return current;
}

/** `read` for arrays: a known array, [] when absent, or UNKNOWN. */
export function readArray(obj: unknown, ...path: Array<string | number>): unknown[] | Unknown {
  const value = read(obj, ...path);
  if (value === UNKNOWN) {
    return UNKNOWN;
  }
  if (!Array.isArray(value)) {
    return [];
  }
  return value.map((_, i) => read(value, i));
}

/** A boolean that may be sent as a string (launch templates use "true"/"false"). */
export function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

/** The resources a top-level property of `r` was computed from. */
export function dependenciesOf(r: PolicyResource, property: string): PolicyResource[] {
  return r.propertyDependencies[property] ?? [];
}

/** `type` without package prefix, for messages: `aws:rds/instance:Instance` -> `rds.Instance`. */
export function shortType(type: string): string {
  const m = /^[^:]+:([^/:]+)(?:\/[^:]+)?:(.+)$/.exec(type);
  return m ? `${m[1]}.${m[2]}` : type;
}

/** How a resource is named in violation messages. */
export function label(r: { type: string; name: string }): string {
  return `${shortType(r.type)} "${r.name}"`;
}

/** The type and logical name encoded in a URN. */
export function parseUrn(urn: string): { stack: string; type: string; name: string } {
  const parts = urn.split("::");
  const stack = parts[0].replace(/^urn:pulumi:/, "");
  const qualified = parts[2] ?? "";
  return { stack, type: qualified.split("$").pop() ?? qualified, name: parts.slice(3).join("::") };
}

const KMS_KEY_TYPES = new Set(["aws:kms/key:Key", "aws:kms/replicaKey:ReplicaKey", "aws:kms/alias:Alias"]);

/**
 * Where the key a resource encrypts with comes from:
 * - `cmk`: a customer-managed key of this stack (through a property dependency) or a known key ARN;
 * - `aws-managed`: an `alias/aws/...` key, which the account does not control;
 * - `computed`: set from something else that is only known after deployment (accepted);
 * - `missing`: not set: the service falls back to its AWS-owned key.
 */
export type KeySource = "cmk" | "aws-managed" | "computed" | "missing";

/** True when a top-level property of `r` was computed from a KMS key of the stack. */
export function dependsOnKey(r: PolicyResource, property: string): boolean {
  return dependenciesOf(r, property).some((d) => KMS_KEY_TYPES.has(d.type));
}

/** A nested key value (inside an array item), judged with the dependencies of its top-level property. */
export function nestedKeyIsCmk(r: PolicyResource, property: string, value: unknown): boolean {
  if (value === UNKNOWN) {
    return dependsOnKey(r, property);
  }
  return typeof value === "string" && value !== "" && !/alias\/aws\//.test(value);
}

export function keySource(r: PolicyResource, ...path: string[]): KeySource {
  if (dependsOnKey(r, path[0])) {
    const value = read(r.props, ...path);
    return value === undefined || value === "" ? "missing" : "cmk";
  }
  const value = read(r.props, ...path);
  if (value === UNKNOWN) {
    return "computed";
  }
  if (typeof value !== "string" || value === "") {
    return "missing";
  }
  return /alias\/aws\//.test(value) ? "aws-managed" : "cmk";
}

/** A message fragment for a key that is not the environment's customer-managed key. */
export function keyProblem(source: KeySource, property: string): string | undefined {
  switch (source) {
    case "missing":
      return `${property} is not set, so AWS encrypts with its own key`;
    case "aws-managed":
      return `${property} names an AWS-managed key (alias/aws/...), which the account cannot control or audit`;
    default:
      return undefined;
  }
}

/** The CIDR blocks that mean "anyone on the internet". */
export function isAnywhere(cidr: unknown): boolean {
  return cidr === "0.0.0.0/0" || cidr === "::/0";
}

/** A property value as messages show it. */
export function show(value: unknown): string {
  if (value === UNKNOWN) {
    return "<computed>";
  }
  if (value === undefined) {
    return "unset";
  }
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * A resource validation that applies to one resource type only (its token, e.g. `aws:kms/key:Key`). The
 * analyzer converts a resource's properties for every policy that may apply to it, which is most of what a
 * preview spends on the pack; a validation tied to a type is skipped, unconverted, for every other type (a
 * plain `validateResource` has to be called, and the properties converted, just to say `notApplicable`).
 * The type is what `validateResourceOfType` reads off a resource class (its `__pulumiType`), given here
 * without the class, so that the pack need not load (and type-check) @pulumi/aws.
 */
export function onlyFor(type: string, validate: ResourceValidation): ResourceValidation {
  const resourceClass = { __pulumiType: type } as unknown as Parameters<typeof validateResourceOfType>[0];
  return validateResourceOfType(resourceClass, (_props, args, reportViolation) =>
    validate(args, reportViolation),
  );
}
