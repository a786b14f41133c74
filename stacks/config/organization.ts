/**
 * Where the environment sits in the organization: the organization program's stack, whose outputs
 * (components/organization/contract.ts) give the environment its account, OU, security account, parent
 * zone and Identity Center. Checked before any resource is registered: the environment must be one the
 * organization knows, with the same tier, domain and an allowed region.
 */
import { z } from "zod";

import { AccountSpec } from "../../components/accounts/memberAccount";
import { ORGANIZATION_CONTRACT_VERSION, OrganizationOutputs } from "../../components/organization/contract";
import { ConfigProblem, fullKey, key, RawStackConfig, show } from "./engine";
import type { ConfigCheck } from "./index";

/** Where the organization's own config lives, as problems point to it. */
export const ORGANIZATION_STACK_FILE = "organization/Pulumi.organization.yaml";

export const ORGANIZATION_KEYS = {
  organizationStack: key({
    kind: "string",
    default: "organization/organization/organization",
    schema: z
      .string()
      .regex(
        /^([\w.-]+\/)?[\w.-]+\/[\w.-]+$/,
        "a stack name as <organization>/<project>/<stack> (or <project>/<stack>)",
      ),
    description:
      "The organization program's stack, read through a StackReference: `<org>/organization/organization` (with a self-managed backend the org part is literally `organization`).",
  }),
};

/** The environment's member account, as the organization placed it (undefined when not known). */
export function accountOf(raw: RawStackConfig): AccountSpec | undefined {
  const org = raw.organization;
  const env = org?.environments[raw.stack];
  if (org === undefined || env === undefined) {
    return undefined;
  }
  return {
    mode: "adopt",
    id: env.accountId,
    organizationalUnitId: env.organizationalUnitId,
    accessRole: org.accessRole,
  };
}

const problem = (key: string, message: string): ConfigProblem => ({ key, message });

/** The organization's outputs are there, of a contract this code reads, and know this environment. */
const checkMembership: ConfigCheck = (draft, raw) => {
  const org: OrganizationOutputs | undefined = raw.organization;
  const stackKey = fullKey("organizationStack");
  if (org === undefined) {
    return [
      problem(
        stackKey,
        `the outputs of the organization stack ${show(draft.organizationStack)} could not be read; deploy the organization program first (docs/organization.md)`,
      ),
    ];
  }
  if (org.contractVersion !== ORGANIZATION_CONTRACT_VERSION) {
    return [
      problem(
        stackKey,
        `its outputs are contract version ${org.contractVersion}; this code reads version ${ORGANIZATION_CONTRACT_VERSION}: deploy the organization program from the same commit`,
      ),
    ];
  }
  const env = org.environments[raw.stack];
  if (env === undefined) {
    const known = Object.keys(org.environments).join(", ") || "none";
    return [
      problem(
        "stack name",
        `"${raw.stack}" is not one of the organization's environments (${known}); add it to organization:environments in ${ORGANIZATION_STACK_FILE} and deploy the organization first`,
      ),
    ];
  }
  const problems: ConfigProblem[] = [];
  if (draft.tier !== undefined && draft.tier !== env.tier) {
    problems.push(
      problem(
        fullKey("tier"),
        `got ${show(draft.tier)}; the organization knows ${raw.stack} as tier ${show(env.tier)} (its OU and session lengths follow it): make them agree`,
      ),
    );
  }
  if (draft.domain !== undefined && draft.domain !== env.domain) {
    problems.push(
      problem(
        fullKey("domain"),
        `got ${show(draft.domain)}; the organization knows ${raw.stack}'s domain as ${show(env.domain)} (its DNS delegation is scoped to it): make them agree`,
      ),
    );
  }
  if (raw.region !== undefined && !org.allowedRegions.includes(raw.region)) {
    problems.push(
      problem(
        "aws:region",
        `got ${show(raw.region)}; the organization's guardrails deny it (organization:allowedRegions: ${org.allowedRegions.join(", ")})`,
      ),
    );
  }
  if (env.accountId === org.securityAccountId || env.accountId === org.sharedServicesAccountId) {
    problems.push(
      problem(
        stackKey,
        `the organization gives ${raw.stack} account ${env.accountId}, which is its security or shared-services account; an environment needs its own account`,
      ),
    );
  }
  return problems;
};

export const ORGANIZATION_CHECKS: readonly ConfigCheck[] = [checkMembership];
