/**
 * What the organization program hands the environment stacks: the stack outputs of `organization/`, read
 * by each environment through a `pulumi.StackReference` (stacks/organization.ts). Every field is a plain
 * value (no secret), so an environment can validate its config against it before it registers anything.
 */

/** The organizational units the organization program builds. */
export const ORGANIZATIONAL_UNITS = ["security", "infrastructure", "workloads", "nonProd", "prod"] as const;
export type OrganizationalUnitKey = (typeof ORGANIZATIONAL_UNITS)[number];

/** One environment's account, as the organization placed it. */
export interface EnvironmentAccount {
  /** The member account's id. */
  accountId: string;
  /** The OU it is in (Workloads/Prod for the prod tier, Workloads/NonProd otherwise). */
  organizationalUnitId: string;
  /** The tier the organization knows it by; the environment's own `platform:tier` must agree. */
  tier: string;
  /** The environment's public domain; the environment's own `platform:domain` must agree. */
  domain: string;
  /** The role in the parent zone's account that may write this environment's NS delegation only. */
  dnsDelegationRoleArn?: string;
}

export interface OrganizationOutputs {
  /** Bumped when a field changes meaning or goes; environments refuse a contract they do not know. */
  contractVersion: number;
  organizationId: string;
  managementAccountId: string;
  /** Region of the organization program (its trail, aggregator and delegated services). */
  homeRegion: string;
  /** Regions the service control policies allow (us-east-1 only to the platform's roles unless listed). */
  allowedRegions: string[];
  organizationalUnits: Record<OrganizationalUnitKey, string>;
  /** Role Organizations created (or the landing zone keeps) in every member account for the management account. */
  accessRole: string;
  securityAccountId: string;
  sharedServicesAccountId: string;
  /** The environment accounts, by environment (stack) name. */
  environments: Record<string, EnvironmentAccount>;
  /** The shared image registry in the shared-services account. */
  registry: {
    accountId: string;
    region: string;
    /** `<account>.dkr.ecr.<region>.amazonaws.com`. */
    url: string;
    /** Repository URLs by repository name. */
    repositories: Record<string, string>;
  };
  /** The parent public zone (in the shared-services account) that delegates to each environment's zone. */
  dns?: { parentZoneId: string; parentZoneName: string };
  /** Identity Center, when people reach accounts through it: the permission sets live in the organization. */
  identityCenter?: { instanceArn: string; identityStoreId: string; region: string };
  /**
   * What the organization already runs in every member account, so an environment creates no second one:
   * GuardDuty detectors (auto-enabled by the delegated administrator) and, under a landing zone, the AWS
   * Config recorder.
   */
  managedInMembers: { guardDuty: boolean; configRecorder: boolean };
}

/** The contract version this code writes and reads. */
export const ORGANIZATION_CONTRACT_VERSION = 1;

/** The stack output names, one per field of {@link OrganizationOutputs}. */
export const ORGANIZATION_OUTPUT_NAMES: readonly (keyof OrganizationOutputs)[] = [
  "contractVersion",
  "organizationId",
  "managementAccountId",
  "homeRegion",
  "allowedRegions",
  "organizationalUnits",
  "accessRole",
  "securityAccountId",
  "sharedServicesAccountId",
  "environments",
  "registry",
  "dns",
  "identityCenter",
  "managedInMembers",
];
