/**
 * Guardrails at the organization level: the platform's service control policies and its tag policy,
 * attached to OUs (never to the root, so the management account, which no SCP restricts anyway, and any
 * account outside the platform's OUs are left alone).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import {
  accessRolePattern,
  guardrailAdmins,
  LANDING_ZONE_ROLES,
  serviceControlPolicies,
} from "../access/guardrails";
import { policyDocument, Statement } from "../shared/policies";
import { OrganizationalUnitKey } from "./contract";

/** The OUs the service control policies are attached to: every top-level OU of the platform. */
export const GUARDED_UNITS: readonly OrganizationalUnitKey[] = ["security", "infrastructure", "workloads"];

/**
 * The tag policy of the platform's tags (components/shared/tags.ts): the keys' capitalisation, and the
 * values `environment` and `managed-by` may take. Reported as compliance, not enforced, so that a service
 * that cannot tag at creation never fails ("Tag policy syntax",
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_example-tag-policies.html).
 */
export function tagPolicy(environments: readonly string[]): Record<string, unknown> {
  const assign = (k: string): Record<string, unknown> => ({ tag_key: { "@@assign": k } });
  return {
    tags: {
      owner: assign("owner"),
      "cost-centre": assign("cost-centre"),
      project: assign("project"),
      environment: { ...assign("environment"), tag_value: { "@@assign": [...environments].sort() } },
      "managed-by": { ...assign("managed-by"), tag_value: { "@@assign": ["pulumi"] } },
    },
  };
}

export interface OrganizationGuardrailsArgs {
  /** Prefix of policy names and of the platform's role names (`<namePrefix>-<env>-deploy`). */
  namePrefix: string;
  /** The organization, whose enabled policy types every policy needs first. */
  organization: aws.organizations.Organization;
  /** OU ids by role; the policies attach to {@link GUARDED_UNITS}, the tag policy to Workloads. */
  units: Record<OrganizationalUnitKey, pulumi.Input<string>>;
  /** Regions the member accounts may use. */
  allowedRegions: string[];
  /** The organization's access role in member accounts: never denied. */
  accessRole: string;
  /** Environment names (values of the `environment` tag). */
  environments: readonly string[];
}

/**
 * The service control policies the organization attaches above every platform account, by policy key:
 * the platform's roles (`<namePrefix>-*`) and the access role are its admins, the access role and a landing
 * zone's roles the only ones that may create credentials. Environments' plans evaluate the same documents.
 */
export function platformServiceControlPolicies(args: {
  namePrefix: string;
  allowedRegions: string[];
  accessRole: string;
}): Record<string, Statement[]> {
  return serviceControlPolicies({
    allowedRegions: args.allowedRegions,
    admins: guardrailAdmins(`${args.namePrefix}-*`, args.accessRole),
    credentialAdmins: [accessRolePattern(args.accessRole), ...LANDING_ZONE_ROLES],
  });
}

/**
 * Service control policies (no leaving the organization, no disabling CloudTrail, GuardDuty or Config but
 * by the platform's deploy roles, the access role and a landing zone's roles, no IAM users or keys but by
 * the access role and a landing zone, no root user, no region outside the allow-list, us-east-1 read-only
 * to people unless allowed) on the Security, Infrastructure and Workloads OUs, and the tag policy on
 * Workloads. SCP content stays within AWS's 5,120 characters (a test checks).
 */
export class OrganizationGuardrails extends pulumi.ComponentResource {
  readonly policyIds: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: OrganizationGuardrailsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:organization:OrganizationGuardrails", name, {}, opts);
    const afterPolicyTypes = { parent: this, dependsOn: [args.organization] };
    const scps = platformServiceControlPolicies(args);
    const policyIds: Record<string, pulumi.Output<string>> = {};
    for (const [key, statements] of Object.entries(scps)) {
      const scp = new aws.organizations.Policy(
        `${name}-scp-${key}`,
        {
          name: `${args.namePrefix}-${key}`,
          type: "SERVICE_CONTROL_POLICY",
          description: `Guardrails of the platform: ${key}`,
          content: JSON.stringify(policyDocument(statements)),
        },
        afterPolicyTypes,
      );
      for (const unit of GUARDED_UNITS) {
        new aws.organizations.PolicyAttachment(
          `${name}-scp-${key}-${unit}`,
          { policyId: scp.id, targetId: args.units[unit] },
          afterPolicyTypes,
        );
      }
      policyIds[key] = scp.id;
    }
    const tags = new aws.organizations.Policy(
      `${name}-tags`,
      {
        name: `${args.namePrefix}-tags`,
        type: "TAG_POLICY",
        description: "The platform's tags: keys and allowed values",
        content: JSON.stringify(tagPolicy(args.environments)),
      },
      afterPolicyTypes,
    );
    new aws.organizations.PolicyAttachment(
      `${name}-tags-workloads`,
      { policyId: tags.id, targetId: args.units.workloads },
      afterPolicyTypes,
    );
    policyIds.tags = tags.id;
    this.policyIds = policyIds;
    this.registerOutputs({ policyIds });
  }
}
