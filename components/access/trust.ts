/**
 * Trust policies of the access model, as pure functions, and a small evaluator of their conditions so
 * that tests can ask "may this token assume this role?" without AWS.
 */
import * as pulumi from "@pulumi/pulumi";

import { Statement } from "../shared/policies";

/** The issuer of GitHub Actions' OIDC tokens, and the audience AWS's credential action requests. */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";

/**
 * The `sub` claims GitHub puts in a workflow's token (docs: "About security hardening with OpenID
 * Connect", subject claims): a job in an environment gets `repo:<owner>/<repo>:environment:<name>`, a
 * pull request `repo:<owner>/<repo>:pull_request`, a branch `repo:<owner>/<repo>:ref:refs/heads/<branch>`.
 */
export const githubSubject = {
  environment: (repository: string, environment: string): string =>
    `repo:${repository}:environment:${environment}`,
  pullRequest: (repository: string): string => `repo:${repository}:pull_request`,
  branch: (repository: string, branch: string): string => `repo:${repository}:ref:refs/heads/${branch}`,
};

/** Trust for GitHub Actions workflows of one repository whose token subject is one of `subjects`. */
export function githubTrust(providerArn: pulumi.Input<string>, subjects: string[]): Statement[] {
  return [
    {
      Sid: "GitHubActions",
      Effect: "Allow",
      Principal: { Federated: providerArn },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: {
        StringEquals: {
          [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE,
          [`${GITHUB_OIDC_HOST}:sub`]: subjects,
        },
      },
    },
  ];
}

/** Trust for people of another account (the security account), with MFA. */
export function mfaTrust(accountId: pulumi.Input<string>): Statement[] {
  return [
    {
      Sid: "PeopleWithMfa",
      Effect: "Allow",
      Principal: { AWS: pulumi.interpolate`arn:aws:iam::${accountId}:root` },
      Action: "sts:AssumeRole",
      Condition: { Bool: { "aws:MultiFactorAuthPresent": true } },
    },
  ];
}

/** What a web identity token claims (the `token.actions.githubusercontent.com:*` keys), or a caller's context. */
export type RequestContext = Record<string, string | boolean>;

interface PlainStatement {
  Effect: string;
  Action: string | string[];
  Principal?: Record<string, unknown> | string;
  Condition?: Record<string, Record<string, unknown>>;
}

function wildcard(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  );
  return re.test(value);
}

function conditionHolds(operator: string, key: string, expected: unknown, context: RequestContext): boolean {
  const actual = context[key];
  if (actual === undefined) {
    return false;
  }
  const values = (Array.isArray(expected) ? expected : [expected]).map(String);
  switch (operator) {
    case "StringEquals":
    case "Bool":
      return values.includes(String(actual));
    case "StringLike":
      return values.some((v) => wildcard(v, String(actual)));
    default:
      throw new Error(`the trust evaluator does not know the condition operator ${operator}`);
  }
}

/**
 * Whether a trust policy (a document, as JSON text or parsed) lets a caller perform `action` with the
 * given request context: some Allow statement for the action whose every condition holds, and no Deny.
 * Enough of IAM's evaluation for trust policies written with StringEquals, StringLike and Bool.
 */
export function trustAllows(
  policy: string | { Statement: PlainStatement[] },
  action: string,
  context: RequestContext,
): boolean {
  const doc = typeof policy === "string" ? (JSON.parse(policy) as { Statement: PlainStatement[] }) : policy;
  const applies = (s: PlainStatement): boolean => {
    const actions = Array.isArray(s.Action) ? s.Action : [s.Action];
    return (
      actions.includes(action) &&
      Object.entries(s.Condition ?? {}).every(([operator, conditions]) =>
        Object.entries(conditions).every(([key, expected]) =>
          conditionHolds(operator, key, expected, context),
        ),
      )
    );
  };
  const statements = doc.Statement;
  return (
    statements.some((s) => s.Effect === "Allow" && applies(s)) &&
    !statements.some((s) => s.Effect === "Deny" && applies(s))
  );
}
