/**
 * Reading resource policy documents (bucket, queue, topic, key, secret, bus, repository, domain policies):
 * a JSON string or an object, parts of which may be unknown during a preview. Every part is read with
 * `read`, so an unknown part never aborts a policy: what is known is judged, the rest is judged by the
 * update, where the pack runs again on every resource before it is created or changed, with every value
 * known.
 */
import { read, readArray, show, UNKNOWN, Unknown } from "./util";

/**
 * Condition keys that narrow a grant to every principal down to the organization, an account, a source
 * resource or a VPC (endpoint). AWS's global condition keys:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html ; KMS's
 * kms:CallerAccount: https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html ; SNS's older
 * aws:SourceOwner: https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html
 */
export const NARROWING_KEYS = [
  "aws:PrincipalOrgID",
  "aws:PrincipalOrgPaths",
  "aws:PrincipalAccount",
  "aws:PrincipalArn",
  "aws:SourceOrgID",
  "aws:SourceOrgPaths",
  "aws:SourceAccount",
  "aws:SourceOwner",
  "aws:SourceArn",
  "aws:SourceVpce",
  "aws:SourceVpc",
  "kms:CallerAccount",
];
const NARROWING = new Set(NARROWING_KEYS.map((k) => k.toLowerCase()));

/** A document's statements: a known list, or UNKNOWN when the document (or its list) is not known yet. */
export function statementsOf(document: unknown): unknown[] | Unknown {
  if (document === UNKNOWN) {
    return UNKNOWN;
  }
  let doc = document;
  if (typeof document === "string") {
    try {
      doc = JSON.parse(document) as unknown;
    } catch {
      return [];
    }
  }
  const statement = read(doc, "Statement");
  if (statement === UNKNOWN) {
    return UNKNOWN;
  }
  return Array.isArray(statement) ? readArray(doc, "Statement") : statement === undefined ? [] : [statement];
}

/** Values of a principal element that mean "everyone": `*`, or `{ "AWS": "*" }` (alone or in a list). */
function isEveryone(principal: unknown): boolean | Unknown {
  if (principal === UNKNOWN) {
    return UNKNOWN;
  }
  if (principal === "*") {
    return true;
  }
  const aws = read(principal, "AWS");
  if (aws === UNKNOWN) {
    return UNKNOWN;
  }
  const values = Array.isArray(aws) ? readArray(principal, "AWS") : [aws];
  return values !== UNKNOWN && values.includes("*");
}

/**
 * Whether a condition block narrows the statement to the organization, an account, a source ARN or a
 * VPC endpoint: a narrowing key under a positive operator (not a `...Not...` one, not `...IfExists`,
 * which passes when the key is absent) with a value that is not a bare wildcard. An unknown value counts:
 * it is computed from the stack's resources (an ARN, an account id) and the update judges it again.
 */
export function narrows(condition: unknown): boolean | Unknown {
  if (condition === UNKNOWN) {
    return UNKNOWN;
  }
  if (condition === null || typeof condition !== "object") {
    return false;
  }
  for (const operator of Object.keys(condition)) {
    if (/Not|IfExists$|^Null$/i.test(operator)) {
      continue;
    }
    const block = read(condition, operator);
    if (block === null || typeof block !== "object") {
      continue;
    }
    for (const key of Object.keys(block)) {
      if (!NARROWING.has(key.toLowerCase())) {
        continue;
      }
      const value = read(block, key);
      const values = Array.isArray(value) ? readArray(block, key) : [value];
      if (
        values === UNKNOWN ||
        (values.length > 0 && values.every((v) => v === UNKNOWN || (v !== "*" && v !== "")))
      ) {
        return true;
      }
    }
  }
  return false;
}

/** A statement that lets anyone in (or UNKNOWN until its principal or condition is known). */
export interface PublicGrant {
  /** The statement's Sid, or its position. */
  statement: string;
  actions: string;
}

/**
 * The statements of a document that allow every principal without a narrowing condition. Statements
 * whose principal or condition is still unknown are left to the update.
 */
export function publicGrants(document: unknown): PublicGrant[] | Unknown {
  const statements = statementsOf(document);
  if (statements === UNKNOWN) {
    return UNKNOWN;
  }
  const grants: PublicGrant[] = [];
  statements.forEach((s, i) => {
    if (read(s, "Effect") !== "Allow") {
      return;
    }
    const everyone = read(s, "NotPrincipal") !== undefined ? true : isEveryone(read(s, "Principal"));
    if (everyone !== true) {
      return;
    }
    if (narrows(read(s, "Condition")) !== false) {
      return;
    }
    const sid = read(s, "Sid");
    grants.push({
      statement: typeof sid === "string" && sid !== "" ? sid : `Statement[${i}]`,
      actions: show(read(s, "Action") ?? read(s, "NotAction")),
    });
  });
  return grants;
}

/** The message fragment for a public grant. */
export function grantProblem(grant: PublicGrant): string {
  return (
    `statement ${grant.statement} allows ${grant.actions} to every principal ("*") with no condition that ` +
    `narrows it to the organization, the account, a source ARN or a VPC endpoint ` +
    `(aws:PrincipalOrgID, aws:SourceAccount, aws:SourceArn, aws:SourceVpce, ...)`
  );
}
