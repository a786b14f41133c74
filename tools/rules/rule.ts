/**
 * What AWS's APIs check and the provider's types do not: names, identifiers and descriptions (character
 * sets, lengths after Pulumi's auto-naming, reserved prefixes, required suffixes), tags, and invalid
 * combinations of properties. A rule reads a resource's inputs in display form (`<computed>` for a value
 * not known in a preview) and judges only what is known.
 */
import { createHash } from "crypto";

/** One resource as the rules read it. */
export interface RuleResource {
  urn: string;
  type: string;
  /** The logical name (the program's name for the resource). */
  name: string;
  /** Inputs in display form: `<computed>` unknown, `[secret]` secret. */
  inputs: Record<string, unknown>;
}

/** What a rule found wrong: the property and its offending value. */
export interface Finding {
  property: string;
  value: string;
}

export interface ApiRule {
  /** Stable id, `<service>-<what>` (tests and reports name rules by it). */
  id: string;
  /** What AWS requires, in a sentence. */
  requirement: string;
  /** The page of AWS's (or Pulumi's) documentation the rule comes from. */
  doc: string;
  check(r: RuleResource): Finding[];
}

/**
 * The API rules a catalog entry's type gets, or why AWS checks nothing there beyond the provider's types
 * (a type with no name, description or tags of its own, or one whose values the types already bound).
 */
export type ApiCoverage =
  { rules: readonly ApiRule[]; none?: undefined } | { none: string; rules?: undefined };

export const UNKNOWN_VALUE = "<computed>";

/** A known string value, or undefined (unset, unknown, secret, or not a string). */
export function known(v: unknown): string | undefined {
  return typeof v === "string" && v !== UNKNOWN_VALUE && v !== "[secret]" ? v : undefined;
}

/**
 * How Pulumi's AWS provider auto-names a resource whose name property is unset: the logical name, `-` and
 * 7 random hex characters (8 characters added), lower-cased for types whose names must be (S3 buckets, RDS
 * and ElastiCache identifiers). A name that ends up too long is not truncated: the provider's check or
 * AWS rejects it. https://www.pulumi.com/docs/iac/concepts/resources/names/#autonaming
 * The 7 characters here are deterministic per URN (the offline engine's choice), as long as random ones.
 */
export function autoNamed(r: Pick<RuleResource, "name" | "urn">, lower = false): string {
  const name = `${r.name}-${createHash("sha1").update(r.urn).digest("hex").slice(0, 7)}`;
  return lower ? name.toLowerCase() : name;
}

export interface NameOptions {
  /** The input that holds the physical name. */
  property: string;
  /** Pulumi auto-names the property when it is unset (judge the auto-name then). */
  auto?: boolean;
  /** The auto-name is lower-cased by the provider. */
  lower?: boolean;
}

/** The physical name a rule judges: the input if known, the auto-name if unset and auto-named. */
export function physicalName(r: RuleResource, o: NameOptions): string | undefined {
  const v = r.inputs[o.property];
  if (v === undefined || v === null) {
    return o.auto ? autoNamed(r, o.lower) : undefined;
  }
  return known(v);
}

function ruleOf(
  id: string,
  requirement: string,
  doc: string,
  check: (r: RuleResource) => Finding[],
): ApiRule {
  return { id, requirement, doc, check };
}

/** A length rule on a name or description (counted in characters). */
export function length(id: string, o: NameOptions & { min?: number; max: number }, doc: string): ApiRule {
  const min = o.min ?? 1;
  return ruleOf(id, `${o.property} is ${min}..${o.max} characters`, doc, (r) => {
    const v = physicalName(r, o);
    return v !== undefined && (v.length < min || v.length > o.max)
      ? [{ property: o.property, value: `${v} (${v.length} characters)` }]
      : [];
  });
}

/** A pattern (character set, first and last character) a name or description must match. */
export function pattern(id: string, o: NameOptions & { regex: RegExp; text: string }, doc: string): ApiRule {
  return ruleOf(id, `${o.property} ${o.text}`, doc, (r) => {
    const v = physicalName(r, o);
    return v !== undefined && !o.regex.test(v) ? [{ property: o.property, value: v }] : [];
  });
}

/** Prefixes (or suffixes) AWS reserves: the name must not begin (end) with any. */
export function reserved(
  id: string,
  o: NameOptions & { prefixes?: readonly string[]; suffixes?: readonly string[]; ignoreCase?: boolean },
  doc: string,
): ApiRule {
  const parts = [
    ...(o.prefixes?.length ? [`begin with ${o.prefixes.map((p) => `"${p}"`).join(", ")}`] : []),
    ...(o.suffixes?.length ? [`end with ${o.suffixes.map((p) => `"${p}"`).join(", ")}`] : []),
  ];
  return ruleOf(id, `${o.property} must not ${parts.join(" or ")}`, doc, (r) => {
    const raw = physicalName(r, o);
    const v = o.ignoreCase ? raw?.toLowerCase() : raw;
    return v !== undefined &&
      ((o.prefixes ?? []).some((p) => v.startsWith(p)) || (o.suffixes ?? []).some((s) => v.endsWith(s)))
      ? [{ property: o.property, value: raw ?? v }]
      : [];
  });
}

/** A rule on a combination of properties: `bad` returns the offending values (none: fine). */
export function combination(
  id: string,
  requirement: string,
  doc: string,
  bad: (inputs: Record<string, unknown>, r: RuleResource) => Finding[],
): ApiRule {
  return ruleOf(id, requirement, doc, (r) => bad(r.inputs, r));
}

/** Values of a property of every item of a list input (inline rules, statements). */
export function itemsOf(inputs: Record<string, unknown>, list: string): Array<Record<string, unknown>> {
  const v = inputs[list];
  return Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => !!x && typeof x === "object") : [];
}

/** The usual pair: a length rule and a pattern rule on one name property, ids `<id>-length`, `<id>-chars`. */
export function nameRules(
  id: string,
  o: NameOptions & { min?: number; max: number; regex: RegExp; text: string },
  doc: string,
): ApiRule[] {
  return [length(`${id}-length`, o, doc), pattern(`${id}-chars`, o, doc)];
}
