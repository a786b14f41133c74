/**
 * The generic config engine: how a key is declared, how its string value is decoded and parsed, how a
 * problem is worded, and the runner that reads every key, builds the draft and runs the cross-key
 * checks. It knows no particular key: the domains (core.ts, network.ts, ...) declare those.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

import type { OrganizationOutputs } from "../../components/organization/contract";

/** The namespace of the platform's own keys (the project name). */
export const NAMESPACE = "platform";

/** How a key's value is written in YAML; also the `type` Pulumi.yaml can declare. */
export type ConfigKind = "string" | "integer" | "boolean" | "array" | "object";

/** The tiers an environment can be: each tier-dependent key has a default for every one. */
export const TIER_NAMES = ["dev", "stage", "prod"] as const;
export type TierName = (typeof TIER_NAMES)[number];

/** One value per tier: a tier-dependent key names its default for every tier. */
export type TierValues<V> = Readonly<Record<TierName, V>>;

export interface KeySpec<S extends z.ZodType = z.ZodType> {
  readonly kind: ConfigKind;
  /** For arrays of scalars: the item type, as Pulumi.yaml declares it. */
  readonly items?: "string" | "integer";
  readonly schema: S;
  readonly description: string;
  /** The stack must set the key. */
  readonly required?: true;
  /** Universal default, the same for every tier (declared in Pulumi.yaml). */
  readonly default?: z.output<S>;
  /** The default of each tier. */
  readonly tierDefault?: TierValues<z.output<S>>;
  /** The value is a secret: set with `pulumi config set --secret`, read as a secret output. */
  readonly secret?: true;
}

/**
 * Declares a key. Its defaults are checked against its schema, and its type records whether the
 * resolved config always holds a value (required, default, tier default) or may lack one.
 */
export function key<S extends z.ZodType>(
  spec: KeySpec<S> & { readonly required: true },
): KeySpec<S> & { readonly required: true };
export function key<S extends z.ZodType>(
  spec: KeySpec<S> & { readonly default: z.output<S> },
): KeySpec<S> & { readonly default: z.output<S> };
export function key<S extends z.ZodType>(
  spec: KeySpec<S> & { readonly tierDefault: TierValues<z.output<S>> },
): KeySpec<S> & { readonly tierDefault: TierValues<z.output<S>> };
export function key<S extends z.ZodType>(spec: KeySpec<S>): KeySpec<S>;
export function key(spec: KeySpec): KeySpec {
  return spec;
}

export type KeyTable = Readonly<Record<string, KeySpec>>;

/** The parsed value of a key: the output type of its schema. */
export type ValueOf<P> = P extends { readonly schema: infer S extends z.ZodType } ? z.output<S> : never;
/** Whether a resolved config always holds the key's value. */
export type HasValue<P> = P extends
  { readonly required: true } | { readonly default: unknown } | { readonly tierDefault: unknown }
  ? true
  : false;

/** The resolved values of a key table: a field per key, optional exactly where the key has no value. */
export type Resolved<T extends KeyTable> = {
  -readonly [K in keyof T as HasValue<T[K]> extends true ? K : never]: ValueOf<T[K]>;
} & {
  -readonly [K in keyof T as HasValue<T[K]> extends true ? never : K]?: ValueOf<T[K]>;
};

/** One validation problem: the key, and a message that says what is wrong and what is allowed. */
export interface ConfigProblem {
  readonly key: string;
  readonly message: string;
}

export class ConfigValidationError extends pulumi.RunError {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      `invalid stack config (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  - ${p.key}: ${p.message}`).join("\n"),
    );
    this.name = "ConfigValidationError";
  }
}

/** The raw inputs of validation: what Pulumi hands the program, as strings. */
export interface RawStackConfig {
  /** Stack name. */
  readonly stack: string;
  /** `aws:region`. */
  readonly region: string | undefined;
  /** Values of the `platform:` namespace, keyed without the namespace, as Pulumi stores them (strings). */
  readonly values: Readonly<Record<string, string>>;
  /** Keys (without the namespace) whose values are stored as secrets (`secure:` in the stack file). */
  readonly secretKeys?: readonly string[];
  /**
   * Every other key the stack sets, fully qualified (`aws:region`, `platfrom:azCount`): judged against
   * the namespaces the program reads (see {@link NamespaceRule}). Undefined: not judged.
   */
  readonly otherKeys?: readonly string[];
  /** The namespace of `values` (the project's name), as problems name keys. Default: `platform`. */
  readonly namespace?: string;
  /**
   * The organization program's outputs, as the environment's stack reference reads them (undefined when
   * they could not be read); an environment's account, security account, DNS parent and Identity Center
   * come from there.
   */
  readonly organization?: OrganizationOutputs;
}

/** A check across keys; it skips what it cannot judge because a field it needs is undefined. */
export type Check<Draft> = (draft: Draft, raw: RawStackConfig) => ConfigProblem[];

export type ValidationResult<Config> =
  { ok: true; config: Config } | { ok: false; problems: ConfigProblem[] };

export const fullKey = (key: string): string => `${NAMESPACE}:${key}`;

/**
 * What the offline plan hands the program for a secret it cannot decrypt (tools/engine/stackFiles.ts,
 * SECRET_PLACEHOLDER; a test keeps the two equal). Such a value is not validated.
 */
export const UNDECRYPTED_SECRET = "[secret]";

/** Decodes a config string by the key's kind: strings stay as they are, everything else is JSON. */
function decode(kind: ConfigKind, text: string): unknown {
  if (kind === "string") {
    return text;
  }
  try {
    return JSON.parse(text);
  } catch {
    return text; // zod reports the type mismatch with the value
  }
}

/** A value as a problem quotes it (JSON, cut at 80 characters). */
export function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (v, p) => (v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[p] : undefined),
    value,
  );
}

function pathSuffix(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
}

/** The values a union of literals allows, or undefined when an option is more than a literal. */
function unionLiterals(issue: z.core.$ZodIssueInvalidUnion): unknown[] | undefined {
  const options = issue.errors.map((branch) =>
    branch.length === 1 && branch[0].code === "invalid_value" ? branch[0].values : undefined,
  );
  return options.every((o) => o !== undefined) ? options.flat() : undefined;
}

/** Formats one zod issue as a problem naming the key, the bad value and what is allowed. */
function problemFromIssue(key: string, value: unknown, issue: z.core.$ZodIssue): ConfigProblem {
  const at = valueAt(value, issue.path);
  const got = `got ${show(at)}`;
  const size = (origin: string): string => (origin === "array" ? "item(s)" : "character(s)");
  let message: string;
  switch (issue.code) {
    case "invalid_value":
      message = `${got}; allowed values: ${issue.values.map((v) => show(v)).join(", ")}`;
      break;
    case "invalid_type":
      message = `${got}; expected ${issue.expected}`;
      break;
    case "too_small":
      message =
        issue.origin === "array" || issue.origin === "string"
          ? `${got}; needs at least ${String(issue.minimum)} ${size(issue.origin)}`
          : `${got}; minimum is ${String(issue.minimum)}`;
      break;
    case "too_big":
      message =
        issue.origin === "array" || issue.origin === "string"
          ? `${got}; allows at most ${String(issue.maximum)} ${size(issue.origin)}`
          : `${got}; maximum is ${String(issue.maximum)}`;
      break;
    case "invalid_union": {
      const literals = unionLiterals(issue);
      message = literals
        ? `${got}; allowed values: ${literals.map((v) => show(v)).join(", ")}`
        : `${got}; ${issue.message}`;
      break;
    }
    default:
      message = `${got}; ${issue.message}`;
  }
  return { key: key + pathSuffix(issue.path), message };
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

/** The known name nearest to `name` when it looks like a typo of it (at most `within` edits), else undefined. */
export function nearestName(name: string, known: readonly string[], within = 3): string | undefined {
  const nearest = known
    .map((k) => ({ k, d: levenshtein(name.toLowerCase(), k.toLowerCase()) }))
    .sort((a, b) => a.d - b.d)[0];
  return nearest && nearest.d <= within ? nearest.k : undefined;
}

/** An unknown key, with the nearest known one when it looks like a typo. */
function unknownKeyProblem(
  name: string,
  known: readonly string[],
  qualify: (key: string) => string,
): ConfigProblem {
  const nearest = nearestName(name, known);
  const hint = nearest === undefined ? "" : `did you mean ${qualify(nearest)}? `;
  return {
    key: qualify(name),
    message: `unknown key; ${hint}see docs/config.md for the keys a stack can set`,
  };
}

/**
 * A namespace other than the platform's that the program reads: which of its keys it reads, and which
 * keys exist there at all (a provider's own config keys), so that a key that exists but is not read
 * gets a message of its own. `"any"`: every key is accepted (the engine's own namespace).
 */
export interface NamespaceRule {
  readonly reads: readonly string[] | "any";
  /** Every key of the namespace (the provider's), when the program reads only some of them. */
  readonly known?: () => readonly string[];
  /** Why a known key that the program does not read is ignored, and what to do instead. */
  readonly unread?: string;
}

/**
 * The problem of a key outside the platform's namespace: an unknown namespace (a near miss of a known one
 * is named), a provider setting the program does not read, or an unknown key of a namespace it reads.
 */
function otherKeyProblem(
  qualified: string,
  namespaces: Readonly<Record<string, NamespaceRule>>,
  platformKeys: readonly string[],
): ConfigProblem | undefined {
  const at = qualified.indexOf(":");
  const [ns, name] = at < 0 ? ["", qualified] : [qualified.slice(0, at), qualified.slice(at + 1)];
  const rule = namespaces[ns];
  if (rule === undefined) {
    const all = [NAMESPACE, ...Object.keys(namespaces)];
    const near = nearestName(ns, all, 2);
    const suggestion =
      near === undefined
        ? ""
        : near === NAMESPACE
          ? `; did you mean ${fullKey(nearestName(name, platformKeys) ?? name)}?`
          : `; did you mean ${near}:${name}?`;
    return {
      key: qualified,
      message: `unknown namespace "${ns}"; the program reads the namespaces ${all.join(", ")}, and ignores every other key${suggestion}`,
    };
  }
  if (rule.reads === "any" || rule.reads.includes(name)) {
    return undefined;
  }
  const known = rule.known?.() ?? [];
  if (known.includes(name)) {
    return {
      key: qualified,
      message:
        `is a setting of the ${ns} provider, but the program does not read it: ${rule.unread ?? ""}`.trim(),
    };
  }
  const near = nearestName(name, [...rule.reads, ...known]);
  const hint = near === undefined ? "" : `did you mean ${ns}:${near}? `;
  return {
    key: qualified,
    message: `unknown key; ${hint}the program reads ${rule.reads.map((k) => `${ns}:${k}`).join(", ")} in this namespace`,
  };
}

/**
 * The issues worth reporting: where a value has the wrong type, only that (zod also measures a string
 * given for a list against the list's length limits, which would report a second, wrong problem).
 */
function relevantIssues(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const at = (issue: z.core.$ZodIssue): string => JSON.stringify(issue.path);
  const mistyped = new Set(issues.filter((i) => i.code === "invalid_type").map(at));
  return issues.filter((i) => i.code === "invalid_type" || !mistyped.has(at(i)));
}

/** The parsed values of the keys a stack set, by key name. */
export type Parsed = Readonly<Record<string, unknown>>;

/** Reads each key: schema, secrecy, required. Returns the parsed values and the problems found. */
export function parseKeys(
  raw: RawStackConfig,
  keys: KeyTable,
  names: Pick<ConfigModel<unknown, unknown>, "moved" | "namespaces"> = {},
): { parsed: Parsed; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const parsed: Record<string, unknown> = {};
  const moved = names.moved ?? {};
  // The namespace of the project whose keys these are (the platform's unless the raw config says).
  const fullKey = (key: string): string => `${raw.namespace ?? NAMESPACE}:${key}`;
  for (const name of Object.keys(raw.values)) {
    if (name in moved) {
      problems.push({ key: fullKey(name), message: moved[name] });
    } else if (!(name in keys)) {
      problems.push(unknownKeyProblem(name, Object.keys(keys), fullKey));
    }
  }
  for (const qualified of raw.otherKeys ?? []) {
    const problem = otherKeyProblem(qualified, names.namespaces ?? {}, Object.keys(keys));
    if (problem !== undefined) {
      problems.push(problem);
    }
  }
  const secretKeys = new Set(raw.secretKeys ?? []);
  for (const [name, spec] of Object.entries(keys)) {
    const text = raw.values[name];
    if (secretKeys.has(name) && !spec.secret) {
      // Read as plain config, a secret would land in resource properties and the state in plain text.
      problems.push({
        key: fullKey(name),
        message: `is stored as a secret but is not a secret setting; set it in plain text (pulumi config set ${fullKey(name)} <value>)`,
      });
    } else if (spec.secret && text !== undefined && !secretKeys.has(name)) {
      problems.push({
        key: fullKey(name),
        message: `is a secret; set it with pulumi config set --secret ${fullKey(name)} <value>`,
      });
    } else if (text === undefined) {
      if (spec.required) {
        problems.push({ key: fullKey(name), message: `is required: ${spec.description}` });
      }
    } else if (spec.secret && text === UNDECRYPTED_SECRET) {
      // The offline plan cannot decrypt a secret: it stands in a placeholder, which cannot be judged.
      parsed[name] = text;
    } else {
      const value = decode(spec.kind, text);
      const result = spec.schema.safeParse(value);
      if (result.success) {
        parsed[name] = result.data;
      } else if (spec.secret) {
        // Never echo a secret: say what is expected, not what was given.
        problems.push(
          ...result.error.issues.map((issue) => ({
            key: fullKey(name),
            message: `the secret value is not valid; expected ${issue.message}`,
          })),
        );
      } else {
        problems.push(
          ...relevantIssues(result.error.issues).map((issue) =>
            problemFromIssue(fullKey(name), value, issue),
          ),
        );
      }
    }
  }
  return { parsed, problems };
}

/**
 * The draft values of a key table: each key's parsed value, else its universal default, else its
 * tier's; undefined where the key is missing or its value is bad.
 */
export function draftValues<T extends KeyTable>(
  keys: T,
  raw: RawStackConfig,
  parsed: Parsed,
  tier: TierName | undefined,
): Partial<Resolved<T>> {
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(keys)) {
    const badValue = raw.values[name] !== undefined && parsed[name] === undefined;
    const tierValue = tier === undefined ? undefined : spec.tierDefault?.[tier];
    values[name] = badValue ? undefined : (parsed[name] ?? spec.default ?? tierValue);
  }
  // Each value is its key's schema output, its default or its tier default, all typed by the key.
  return values as Partial<Resolved<T>>;
}

/** Whether every key that always has a value (required, default, tier default) holds one. */
export function isResolved<T extends KeyTable>(keys: T, values: Partial<Resolved<T>>): values is Resolved<T> {
  const held = values as Readonly<Record<string, unknown>>;
  return Object.entries(keys).every(
    ([name, spec]) =>
      held[name] !== undefined ||
      (spec.required === undefined && spec.default === undefined && spec.tierDefault === undefined),
  );
}

/** What the runner needs: every key (in the order problems are reported), the draft, checks, the result. */
export interface ConfigModel<Draft, Config> {
  readonly keys: KeyTable;
  readonly draft: (raw: RawStackConfig, parsed: Parsed) => Draft;
  readonly checks: readonly Check<Draft>[];
  /** Keys that moved elsewhere, each with the message that says where to set it now. */
  readonly moved?: Readonly<Record<string, string>>;
  /** The other namespaces the program reads (RawStackConfig.otherKeys are judged against them). */
  readonly namespaces?: Readonly<Record<string, NamespaceRule>>;
  /** The config, once no problem was found; undefined means a check missed a missing value. */
  readonly resolve: (draft: Draft) => Config | undefined;
}

/** Each problem once, in the order first found (two checks may reach the same conclusion). */
export function onceEach(problems: readonly ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const id = `${p.key}\n${p.message}`;
    const fresh = !seen.has(id);
    seen.add(id);
    return fresh;
  });
}

/**
 * The problems of a list whose entries must be unique: each repeat names the entry it repeats.
 * `same` turns an entry into what makes two the same (for example, lower case for e-mail addresses).
 * `field` judges one field of each entry (`environments[1].domain`); `namespace` is the key's namespace
 * (default the platform's).
 */
export function duplicateProblems<T>(
  key: string,
  list: readonly T[] | undefined,
  why: string,
  same: (item: T) => string = (item) => String(item),
  where: { field?: string; namespace?: string } = {},
): ConfigProblem[] {
  const first = new Map<string, number>();
  const problems: ConfigProblem[] = [];
  const at = (i: number): string => `${key}[${i}]${where.field === undefined ? "" : `.${where.field}`}`;
  (list ?? []).forEach((item, i) => {
    const id = same(item);
    const earlier = first.get(id);
    if (earlier === undefined) {
      first.set(id, i);
    } else {
      problems.push({
        key: `${where.namespace ?? NAMESPACE}:${at(i)}`,
        // An entry as written; of a field, the field's value.
        message: `got ${show(where.field === undefined ? item : id)}, already ${at(earlier)}; ${why}`,
      });
    }
  });
  return problems;
}

/** Reads every key, builds the draft, runs every check; collects every problem instead of stopping. */
export function runValidation<Draft, Config>(
  raw: RawStackConfig,
  model: ConfigModel<Draft, Config>,
): ValidationResult<Config> {
  const { parsed, problems: found } = parseKeys(raw, model.keys, model);
  const draft = model.draft(raw, parsed);
  for (const check of model.checks) {
    found.push(...check(draft, raw));
  }
  const problems = onceEach(found);
  if (problems.length > 0) {
    return { ok: false, problems };
  }
  const config = model.resolve(draft);
  if (config === undefined) {
    throw new Error("the stack config passed validation but lacks a value: a check is missing");
  }
  return { ok: true, config };
}
