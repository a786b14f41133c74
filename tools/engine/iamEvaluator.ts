/**
 * One request through IAM's policy evaluation, with @cloud-copilot/iam-simulate: identity policies,
 * permissions boundaries, the resource's policy (a key policy with KMS's own trust rules, a role's trust
 * policy with STS's) and the service control policies, with the condition keys the request carries. Chosen
 * over growing a partial evaluator: it implements every condition operator (and the IfExists and
 * ForAnyValue/ForAllValues forms), NotAction/NotResource/NotPrincipal, wildcards, boundaries, SCPs and
 * explicit denies, validates actions against AWS's service reference, and names the statement that decides.
 * One gap found while wiring it in: it drops request keys of the form `kms:EncryptionContext:<key>` (it
 * matches variable keys only after a `/`), so a condition on them never holds; those conditions are
 * decided here before the simulation ({@link withEncryptionContext}).
 */
import type { Simulation } from "@cloud-copilot/iam-simulate";

/** A policy document with the name a finding shows (`key policy of key`, `boundary platform-dev-app-orders`). */
export interface NamedPolicy {
  name: string;
  document: { Version?: string; Statement: unknown[] };
}

export interface AccessRequest {
  /** A role's ARN, or a service principal (`events.amazonaws.com`). */
  principal: string;
  action: string;
  resource: string;
  /** The account that owns the resource. */
  resourceAccount: string;
  /** The condition keys the request carries, and only those. */
  context: Record<string, string | string[]>;
  identity?: NamedPolicy[];
  boundary?: NamedPolicy;
  /** The resource's policy: key policy, topic or queue policy, trust policy, function policy. */
  resourcePolicy?: NamedPolicy;
  /** Service control policies of the account (they do not apply to service principals). */
  scps?: NamedPolicy[];
}

export interface Verdict {
  allowed: boolean;
  /** Which policy denies, and how: `key policy of key (no statement allows)`. */
  deniedBy?: string;
}

/** The SCP AWS attaches everywhere by default: the platform's SCPs only deny. */
const FULL_AWS_ACCESS: NamedPolicy = {
  name: "FullAWSAccess",
  document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
};

const ENCRYPTION_CONTEXT = /^kms:encryptioncontext:/i;

const wildcardMatch = (pattern: string, value: string): boolean =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  ).test(value);

/** An ARN pattern against an ARN, part by part (the resource part keeps its colons). */
function arnMatch(pattern: string, value: string): boolean {
  const parts = (a: string): string[] => {
    const p = a.split(":");
    return [...p.slice(0, 5), p.slice(5).join(":")];
  };
  const [p, v] = [parts(pattern), parts(value)];
  return p.length === v.length && p.every((x, i) => wildcardMatch(x, v[i]));
}

/** Whether a condition on an encryption-context key holds for the request (String operators only). */
function contextConditionHolds(operator: string, expected: unknown, actual: string | undefined): boolean {
  const base = operator.replace(/IfExists$/, "");
  if (actual === undefined) {
    return operator.endsWith("IfExists") || base.includes("Not");
  }
  const values = (Array.isArray(expected) ? expected : [expected]).map(String);
  // Arn operators match each of an ARN's six colon-separated parts, each with wildcards, whether Equals or
  // Like (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN).
  const arn = base.startsWith("Arn");
  const like = base.endsWith("Like") || arn;
  const matches = values.some((v) =>
    arn ? arnMatch(v, actual) : like ? wildcardMatch(v, actual) : v === actual,
  );
  if (!/^(String|Arn)(Not)?(Equals|Like)$/.test(base)) {
    throw new Error(`the integration model cannot judge ${operator} on an encryption-context key`);
  }
  return base.includes("Not") ? !matches : matches;
}

/**
 * A policy with its conditions on `kms:EncryptionContext:<key>` decided against the request: a condition
 * that holds is removed, a statement whose condition does not hold is removed (it does not apply).
 */
export function withEncryptionContext(
  p: NamedPolicy,
  context: Record<string, string | string[]>,
): NamedPolicy {
  const actual = (key: string): string | undefined => {
    const found = Object.entries(context).find(([k]) => k.toLowerCase() === key.toLowerCase());
    return found === undefined ? undefined : String(found[1]);
  };
  const statements = (
    p.document.Statement as { Condition?: Record<string, Record<string, unknown>> }[]
  ).flatMap((s) => {
    if (!s.Condition) {
      return [s];
    }
    const condition: Record<string, Record<string, unknown>> = {};
    for (const [operator, keys] of Object.entries(s.Condition)) {
      for (const [key, expected] of Object.entries(keys)) {
        if (!ENCRYPTION_CONTEXT.test(key)) {
          condition[operator] = { ...condition[operator], [key]: expected };
        } else if (!contextConditionHolds(operator, expected, actual(key))) {
          return [];
        }
      }
    }
    const rest = { ...s };
    delete rest.Condition;
    return [Object.keys(condition).length > 0 ? { ...rest, Condition: condition } : rest];
  });
  return { name: p.name, document: { ...p.document, Statement: statements } };
}

const doc = (p: NamedPolicy): unknown => ({ Version: "2012-10-17", ...p.document });

export async function evaluateRequest(request: AccessRequest): Promise<Verdict> {
  const decided = (p: NamedPolicy): NamedPolicy => withEncryptionContext(p, request.context);
  const r: AccessRequest = {
    ...request,
    identity: request.identity?.map(decided),
    boundary: request.boundary && decided(request.boundary),
    resourcePolicy: request.resourcePolicy && decided(request.resourcePolicy),
    scps: request.scps?.map(decided),
  };
  const simulation: Simulation = {
    request: {
      principal: r.principal,
      action: r.action,
      resource: { resource: r.resource, accountId: r.resourceAccount },
      contextVariables: r.context,
    },
    identityPolicies: (r.identity ?? []).map((p) => ({ name: p.name, policy: doc(p) })),
    serviceControlPolicies: r.scps
      ? [
          {
            orgIdentifier: "environment-ou",
            policies: [FULL_AWS_ACCESS, ...r.scps].map((p) => ({ name: p.name, policy: doc(p) })),
          },
        ]
      : [],
    resourceControlPolicies: [],
    resourcePolicy: r.resourcePolicy ? doc(r.resourcePolicy) : undefined,
    permissionBoundaryPolicies: r.boundary ? [{ name: r.boundary.name, policy: doc(r.boundary) }] : undefined,
  };
  // Loaded on the first evaluation only: a plan whose verdicts are all kept (tools/engine/verdictCache.ts)
  // does without its 120 modules.
  const { getDenialReasons, runSimulation } = await import("@cloud-copilot/iam-simulate");
  const result = await runSimulation(simulation, {});
  if (result.resultType === "error") {
    return {
      allowed: false,
      deniedBy: `the evaluator rejects the request: ${JSON.stringify(result.errors)}`,
    };
  }
  if (result.overallResult === "Allowed") {
    return { allowed: true };
  }
  const analysis = result.resultType === "single" ? result.result.analysis : result.results[0]?.analysis;
  const reasons = analysis ? getDenialReasons(analysis) : [];
  const names: Record<string, string | undefined> = {
    identity: "identity policies",
    resource: r.resourcePolicy?.name,
    pb: r.boundary?.name,
    scp: "service control policies",
    rcp: "resource control policies",
    vpce: "VPC endpoint policy",
  };
  const describe = reasons.map((d) => {
    const where =
      d.denialType === "Explicit" && d.policyIdentifier
        ? d.policyIdentifier
        : (names[d.policyType] ?? d.policyType);
    return d.denialType === "Explicit"
      ? `${where} denies (statement ${d.statementId ?? `#${d.statementIndex}`})`
      : `${where} (no statement allows)`;
  });
  return { allowed: false, deniedBy: describe.join("; ") || result.overallResult };
}
