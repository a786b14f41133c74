/** What the access components' tests share: the repository, the account, GitHub tokens, IAM lookups. */
import * as assert from "assert";

import { GITHUB_OIDC_HOST } from "../../../components/access/trust";
import { RecordedResource } from "../../../tools/engine/mockEngine";
import { inputs, ofType } from "../../helpers/graph";
import { IamDocument } from "../../helpers/iam";

export const REPO = "acme-platform/platform";
export const ACCOUNT = "123456789012";

/** The claims of a GitHub Actions token for `sub`, as AWS evaluates them. */
export const token = (sub: string, aud = "sts.amazonaws.com"): Record<string, string> => ({
  [`${GITHUB_OIDC_HOST}:sub`]: sub,
  [`${GITHUB_OIDC_HOST}:aud`]: aud,
});

export function roleNamed(resources: RecordedResource[], name: string): RecordedResource {
  const found = ofType(resources, "aws:iam/role:Role").find((r) => inputs(r).name === name);
  assert.ok(found, `no role named ${name}`);
  return found;
}

export interface Doc {
  Statement: Array<{
    Sid?: string;
    Effect: string;
    Action: string | string[];
    Resource?: unknown;
    Condition?: Record<string, Record<string, unknown>>;
  }>;
}

/** AdministratorAccess, as a document. */
export const ADMIN: IamDocument = { Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
export const roleArn = (name: string): string => `arn:aws:iam::${ACCOUNT}:role/${name}`;
