/**
 * Enough of IAM's policy evaluation to ask "may this principal do this action on this resource?" of the
 * documents the program writes (identity policies, permissions boundaries, bucket policies, SCPs),
 * without AWS. Action and NotAction with wildcards (case-insensitive), Resource with wildcards, and the
 * condition operators the program uses; a negated operator holds when its key is absent, as in IAM.
 */

export interface IamStatement {
  Sid?: string;
  Effect: string;
  /** A resource policy's principal (`decideResource` filters on it; `decide` ignores it). */
  Principal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

export interface IamDocument {
  Statement: IamStatement[];
}

export interface IamRequest {
  action: string;
  resource: string;
  /**
   * Condition keys of the request: `aws:PrincipalArn`, `iam:PermissionsBoundary`, ...; a list for a
   * multivalued key (`route53:ChangeResourceRecordSetsRecordTypes`), compared with `ForAllValues:`/`ForAnyValue:`.
   */
  context?: Record<string, string | boolean | string[]>;
}

export type Decision = "allow" | "deny" | "implicit-deny";

/** A policy element's values (a string or a list of strings, as the program writes them). */
const list = (v: unknown): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v.map((x) => `${x as string}`) : [`${v as string}`];

function wildcard(pattern: string, value: string, caseInsensitive = false): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`, caseInsensitive ? "i" : "").test(value);
}

function conditionHolds(
  operator: string,
  key: string,
  expected: unknown,
  context: IamRequest["context"],
): boolean {
  const actual = context?.[key];
  if (operator === "Null") {
    return String(expected) === String(actual === undefined);
  }
  // Set operators: ForAllValues holds when every value of the request matches (and for none),
  // ForAnyValue when at least one does.
  const set = /^(ForAllValues|ForAnyValue):(.+)$/.exec(operator);
  if (set) {
    const items = actual === undefined ? [] : Array.isArray(actual) ? actual : [String(actual)];
    const one = (v: string): boolean => conditionHolds(set[2], key, expected, { [key]: v });
    return set[1] === "ForAllValues" ? items.every(one) : items.some(one);
  }
  if (Array.isArray(actual)) {
    throw new Error(`${key} is multivalued: compare it with ForAllValues: or ForAnyValue:`);
  }
  const values = list(expected);
  const negated = /Not/.test(operator);
  if (actual === undefined) {
    return negated;
  }
  const a = String(actual);
  switch (operator) {
    case "StringEquals":
    case "ArnEquals":
    case "Bool":
      return values.includes(a);
    case "StringNotEquals":
    case "ArnNotEquals":
      return !values.includes(a);
    case "StringLike":
    case "ArnLike":
      return values.some((v) => wildcard(v, a));
    case "StringNotLike":
    case "ArnNotLike":
      return !values.some((v) => wildcard(v, a));
    default:
      throw new Error(`the IAM evaluator does not know the condition operator ${operator}`);
  }
}

/** Whether a statement applies to a request (its effect aside). */
export function applies(s: IamStatement, request: IamRequest): boolean {
  const actionMatches =
    s.Action !== undefined
      ? list(s.Action).some((a) => wildcard(a, request.action, true))
      : !list(s.NotAction).some((a) => wildcard(a, request.action, true));
  const resources = s.Resource === undefined ? ["*"] : list(s.Resource);
  return (
    actionMatches &&
    resources.some((r) => wildcard(r, request.resource)) &&
    Object.entries(s.Condition ?? {}).every(([operator, conditions]) =>
      Object.entries(conditions).every(([key, expected]) =>
        conditionHolds(operator, key, expected, request.context),
      ),
    )
  );
}

/** One document's decision: an explicit deny wins, then an allow, else an implicit deny. */
export function decide(doc: IamDocument, request: IamRequest): Decision {
  const matching = doc.Statement.filter((s) => applies(s, request));
  if (matching.some((s) => s.Effect === "Deny")) {
    return "deny";
  }
  return matching.some((s) => s.Effect === "Allow") ? "allow" : "implicit-deny";
}

/**
 * Whether a principal may make a request: some identity policy allows it, the boundary (if any) allows
 * it, and no document denies it (`guards`: SCPs, bucket policies, other denies that apply).
 */
export function permitted(
  request: IamRequest,
  policies: { identity: IamDocument[]; boundary?: IamDocument; guards?: IamDocument[] },
): boolean {
  const all = [
    ...policies.identity,
    ...(policies.boundary ? [policies.boundary] : []),
    ...(policies.guards ?? []),
  ];
  if (all.some((d) => decide(d, request) === "deny")) {
    return false;
  }
  return (
    policies.identity.some((d) => decide(d, request) === "allow") &&
    (policies.boundary === undefined || decide(policies.boundary, request) === "allow")
  );
}

/** Whether any Deny statement of the documents applies to the request (an SCP's or a bucket policy's guard). */
export function denied(request: IamRequest, docs: IamDocument[]): boolean {
  return docs.some((d) => decide(d, request) === "deny");
}

/** Who makes a request, as a resource policy's `Principal` element sees it. */
export interface RequestPrincipal {
  /** An IAM principal's ARN (`arn:aws:iam::<account>:role/x`), matched by its account's root too. */
  arn?: string;
  /** An AWS service (`lambda.amazonaws.com`). */
  service?: string;
}

/** Whether a statement's `Principal` names the requester (account roots match their account's principals). */
export function principalMatches(principal: unknown, who: RequestPrincipal): boolean {
  if (principal === "*") {
    return true;
  }
  const p = (principal ?? {}) as Record<string, unknown>;
  if (who.service !== undefined) {
    return list(p.Service).includes(who.service);
  }
  const account = who.arn?.split(":")[4];
  return list(p.AWS).some(
    (a) => a === "*" || a === who.arn || a === `arn:aws:iam::${account}:root` || a === account,
  );
}

/** A resource policy's decision for a requester: the statements that name it, as `decide` judges them. */
export function decideResource(doc: IamDocument, who: RequestPrincipal, request: IamRequest): Decision {
  return decide({ Statement: doc.Statement.filter((s) => principalMatches(s.Principal, who)) }, request);
}
