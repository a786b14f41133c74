/** The organization itself: all features, the policy types and trusted services, and the OU tree. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { ORGANIZATIONAL_UNITS, OrganizationalUnitKey } from "./contract";

/**
 * The policy types the guardrails attach. A policy type must be enabled in the root before any policy of
 * that type can be attached (Organizations EnablePolicyType: "After you enable a policy type in a root, you
 * can attach policies of that type", https://docs.aws.amazon.com/organizations/latest/APIReference/API_EnablePolicyType.html);
 * the Organization resource enables them, and every policy attachment depends on it.
 */
export const POLICY_TYPES = ["SERVICE_CONTROL_POLICY", "TAG_POLICY"] as const;

/** The OU tree: each OU's display name and its parent (undefined: the root). */
export const OU_TREE: Readonly<
  Record<OrganizationalUnitKey, { name: string; parent?: OrganizationalUnitKey }>
> = {
  security: { name: "Security" },
  infrastructure: { name: "Infrastructure" },
  workloads: { name: "Workloads" },
  nonProd: { name: "NonProd", parent: "workloads" },
  prod: { name: "Prod", parent: "workloads" },
};

export interface OrganizationStructureArgs {
  /**
   * Service principals given trusted access (AWS service access) to the organization, which a delegated
   * administrator or an organization-wide feature of that service needs first.
   */
  servicePrincipals: readonly string[];
  /** Adopt this existing organization (the `import` resource option) instead of creating one. Default: create. */
  existingOrganizationId?: string;
  /** Existing OUs to adopt (import) by role instead of creating them. Default: none. */
  existingOrganizationalUnitIds?: Partial<Record<OrganizationalUnitKey, string>>;
}

/**
 * The Organization with all features, the service control and tag policy types enabled, trusted access for
 * the given services, and the OUs: Security, Infrastructure, Workloads with NonProd and Prod. Everything is
 * protected: removing it from the program cannot delete the organization or an OU.
 */
export class OrganizationStructure extends pulumi.ComponentResource {
  readonly organization: aws.organizations.Organization;
  readonly organizationId: pulumi.Output<string>;
  readonly rootId: pulumi.Output<string>;
  readonly managementAccountId: pulumi.Output<string>;
  readonly units: Record<OrganizationalUnitKey, aws.organizations.OrganizationalUnit>;

  constructor(name: string, args: OrganizationStructureArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:organization:OrganizationStructure", name, {}, opts);
    this.organization = new aws.organizations.Organization(
      name,
      {
        featureSet: "ALL",
        enabledPolicyTypes: [...POLICY_TYPES],
        awsServiceAccessPrincipals: [...args.servicePrincipals].sort(),
      },
      { parent: this, protect: true, import: args.existingOrganizationId },
    );
    this.organizationId = this.organization.id;
    this.rootId = this.organization.roots.apply((roots) => roots[0].id);
    this.managementAccountId = this.organization.masterAccountId;

    const units = {} as Record<OrganizationalUnitKey, aws.organizations.OrganizationalUnit>;
    for (const unit of ORGANIZATIONAL_UNITS) {
      const { name: ouName, parent } = OU_TREE[unit];
      units[unit] = new aws.organizations.OrganizationalUnit(
        `${name}-${unit}`,
        { name: ouName, parentId: parent === undefined ? this.rootId : units[parent].id },
        { parent: this, protect: true, import: args.existingOrganizationalUnitIds?.[unit] },
      );
    }
    this.units = units;
    this.registerOutputs({
      organizationId: this.organizationId,
      rootId: this.rootId,
      managementAccountId: this.managementAccountId,
    });
  }
}
