/**
 * Checks across stacks: what one environment's config must not share with another's (address blocks,
 * domains, names AWS keeps unique), read from every stack file of the project and of the projects beside
 * it (the organization program's, once it exists). Pure: the caller reads the files
 * (tools/engine/stackFiles.ts readProjectStacks) and hands them over as entries.
 *
 * A check is a small function built with `uniqueAcross` (one value per stack must differ from every other
 * stack's) or `disjointAcross` (CIDR blocks must not overlap); each clash names both stacks and both keys.
 */
import { cognitoDomainPrefix } from "../../components/edge/identity";
import { CidrClaim, overlaps, parseCidr } from "../../components/network/cidr";
import { environmentBaseName } from "./core";
import { ConfigProblem, NAMESPACE, show } from "./engine";
import { cidrClaims, Draft, draftOfStack, rawStackConfig } from "./index";

/** One stack file, as the Pulumi CLI would hand its config to the program. */
export interface StackEntry {
  /** The project's name (`platform`, `organization`): a check picks the projects it judges. */
  readonly project: string;
  readonly stack: string;
  /** The stack file, relative to the repository: how problems name it. */
  readonly file: string;
  /** Fully qualified keys (`platform:vpcCidr`) to string values, project defaults included. */
  readonly config: Readonly<Record<string, string>>;
  readonly secretKeys: readonly string[];
}

/** One value a stack holds under a key (fully qualified). */
export interface Holding {
  readonly key: string;
  readonly value: string;
  /** Where the value must be unique (a region); values in different scopes never clash. */
  readonly scope?: string;
}

/** Two stacks that hold what only one may: a key and value of each, and why they clash. */
export interface Clash {
  readonly a: { readonly entry: StackEntry; readonly holding: Holding };
  readonly b: { readonly entry: StackEntry; readonly holding: Holding };
  /** How the two values relate ("overlaps", "is the same as"). */
  readonly verb: string;
  readonly why: string;
}

export type CrossStackCheck = (entries: readonly StackEntry[]) => Clash[];

/** Every pair of holdings of two different stacks that `clash` says collide, each pair once. */
function pairs(
  entries: readonly StackEntry[],
  holdingsOf: (entry: StackEntry) => readonly Holding[],
  clash: (a: Holding, b: Holding) => boolean,
  verb: string,
  why: string,
): Clash[] {
  const held = entries.map((entry) => ({ entry, holdings: holdingsOf(entry) }));
  const clashes: Clash[] = [];
  held.forEach((x, i) => {
    for (const y of held.slice(i + 1)) {
      for (const a of x.holdings) {
        for (const b of y.holdings.filter((h) => clash(a, h))) {
          clashes.push({ a: { entry: x.entry, holding: a }, b: { entry: y.entry, holding: b }, verb, why });
        }
      }
    }
  });
  return clashes;
}

/**
 * A check that no two stacks hold the same value: `valuesOf` says what each stack holds (none where it
 * cannot tell), `same` what makes two values the same (lower case for names AWS compares without case).
 * An account id or e-mail that must be unique across the organization's stacks is one call of this.
 */
export function uniqueAcross(
  valuesOf: (entry: StackEntry) => readonly Holding[],
  why: string,
  same: (value: string) => string = (v) => v,
  verb = "is the same as",
): CrossStackCheck {
  const clash = (a: Holding, b: Holding): boolean =>
    (a.scope ?? "") === (b.scope ?? "") && same(a.value) === same(b.value);
  return (entries) => pairs(entries, valuesOf, clash, verb, why);
}

/** A check that the CIDR blocks stacks claim are disjoint across stacks (malformed blocks are skipped). */
export function disjointAcross(
  claimsOf: (entry: StackEntry) => readonly CidrClaim[],
  why: string,
): CrossStackCheck {
  const blocks = (entry: StackEntry): Holding[] =>
    claimsOf(entry)
      .filter((c) => typeof parseCidr(c.cidr) !== "string")
      .map((c) => ({ key: c.key, value: c.cidr }));
  const parsed = (h: Holding) => parseCidr(h.value) as Exclude<ReturnType<typeof parseCidr>, string>;
  return (entries) => pairs(entries, blocks, (a, b) => overlaps(parsed(a), parsed(b)), "overlaps", why);
}

/** The draft of each of this program's stacks (computed once per entry). */
const drafts = new WeakMap<StackEntry, Draft>();
function draftOf(entry: StackEntry): Draft | undefined {
  if (entry.project !== NAMESPACE) {
    return undefined;
  }
  let draft = drafts.get(entry);
  if (draft === undefined) {
    draft = draftOfStack(rawStackConfig(entry));
    drafts.set(entry, draft);
  }
  return draft;
}

/** One holding from a draft field, when the stack is this program's and the field has a value. */
function fromDraft(entry: StackEntry, key: string, value: (d: Draft) => string | undefined): Holding[] {
  const draft = draftOf(entry);
  const v = draft === undefined ? undefined : value(draft);
  return v === undefined ? [] : [{ key: `${NAMESPACE}:${key}`, value: v }];
}

/**
 * The checks across this program's stacks (organization-wide keys are the organization program's to
 * check, with the same two builders).
 */
export const CROSS_STACK_CHECKS: readonly CrossStackCheck[] = [
  // The VPCs, Atlas containers, Confluent networks and VPN client pools of every environment: operators
  // reach several at once and networks may be peered, so a block must mean one place.
  disjointAcross((entry) => {
    const draft = draftOf(entry);
    return draft === undefined ? [] : cidrClaims(draft);
  }, "every environment's blocks must be disjoint from every other's, so that a route or a VPN client's address means one place"),
  // A public hosted zone per domain, delegated from the parent: two environments cannot both own a name.
  uniqueAcross(
    (entry) => fromDraft(entry, "domain", (d) => d.domain),
    "each environment owns its domain (its public zone and the parent's delegation to it)",
    (v) => v.toLowerCase(),
  ),
  // The Cognito prefix is derived from the domain; different domains can give the same prefix (a-b.com and
  // a.b.com), and <prefix>.auth.<region>.amazoncognito.com is one name for all of AWS
  // (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolDomain.html).
  // Stacks with the same domain are reported by the check above.
  (entries) =>
    uniqueAcross(
      (entry) =>
        fromDraft(entry, "domain", (d) => d.domain).map((h) => ({ ...h, scope: draftOf(entry)?.region })),
      "the Cognito domain prefix derived from a domain (dots become '-') is unique in a region across all of AWS",
      cognitoDomainPrefix,
      "gives the same Cognito domain prefix as",
    )(entries).filter((c) => !sameDomain(c)),
  // The environment's base name prefixes its physical names; two stacks with one base name (namePrefix
  // "a-b" with stack "c", and "a" with stack "b-c") would claim the same names wherever they meet.
  uniqueAcross(
    (entry) =>
      fromDraft(entry, "namePrefix", (d) =>
        d.namePrefix === undefined ? undefined : environmentBaseName(d.namePrefix, entry.stack),
      ),
    "<namePrefix>-<stack> is the environment's base name, which its physical names start with",
  ),
];

function sameDomain(c: Clash): boolean {
  const domain = (entry: StackEntry): string | undefined => draftOf(entry)?.domain?.toLowerCase();
  return domain(c.a.entry) === domain(c.b.entry);
}

/** How a problem names a stack: its name and its file. */
function label(entry: StackEntry): string {
  return `stack ${entry.stack} (${entry.file})`;
}

/** A cross-stack problem, told from one stack's side: its key, and the other stack's key and value. */
export interface CrossStackProblem extends ConfigProblem {
  /** The stack whose key the problem names. */
  readonly stack: string;
  readonly project: string;
}

function told(mine: Clash["a"], theirs: Clash["a"], clash: Clash): CrossStackProblem {
  return {
    stack: mine.entry.stack,
    project: mine.entry.project,
    key: mine.holding.key,
    message:
      `${show(mine.holding.value)} of ${label(mine.entry)} ${clash.verb} ${theirs.holding.key} ` +
      `${show(theirs.holding.value)} of ${label(theirs.entry)}; ${clash.why}`,
  };
}

/**
 * The problems across stacks. With `stack` (and its project): those that involve that stack, told from
 * its side, as its plan reports them. Without: every clash once, told from the later stack's side.
 */
export function crossStackProblems(
  entries: readonly StackEntry[],
  stack?: { readonly project: string; readonly stack: string },
  checks: readonly CrossStackCheck[] = CROSS_STACK_CHECKS,
): CrossStackProblem[] {
  const is = (e: StackEntry): boolean =>
    stack !== undefined && e.project === stack.project && e.stack === stack.stack;
  return checks
    .flatMap((check) => check(entries))
    .flatMap((c) => {
      if (stack === undefined) {
        return [told(c.b, c.a, c)];
      }
      return is(c.a.entry) ? [told(c.a, c.b, c)] : is(c.b.entry) ? [told(c.b, c.a, c)] : [];
    });
}
