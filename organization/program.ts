/**
 * The organization program: run once per organization with management-account credentials, before any
 * environment. It builds (or adopts) the organization, its OUs and guardrails, the security and
 * shared-services accounts with their baseline, the delegated security services, the organization trail's
 * log archive, Identity Center's permission sets, the shared image registry and the parent DNS zone, and
 * exports what the environments read (components/organization/contract.ts).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { deployRoleName } from "../components/access/ciIdentity";
import { breakGlassRoleName } from "../components/access/people";
import { EnvironmentKey } from "../components/accounts/environmentKey";
import { MemberAccount } from "../components/accounts/memberAccount";
import { SecurityBaseline } from "../components/accounts/securityBaseline";
import {
  EnvironmentAccount,
  ORGANIZATION_CONTRACT_VERSION,
  OrganizationalUnitKey,
  OrganizationOutputs,
} from "../components/organization/contract";
import { OrganizationGuardrails } from "../components/organization/guardrails";
import { DEFAULT_GROUPS, IdentityCenter } from "../components/organization/identityCenter";
import { LOG_ARCHIVE_SERVICE_PRINCIPALS, LogArchive } from "../components/organization/logArchive";
import { ParentZone } from "../components/organization/parentZone";
import { SharedRegistry } from "../components/organization/registry";
import { SECURITY_SERVICE_PRINCIPALS, SecurityServices } from "../components/organization/securityServices";
import { OrganizationStructure } from "../components/organization/structure";
import { environmentTags } from "../components/shared/tags";
import { ConfigValidationError, environmentBaseName, readRawStackConfig } from "../stacks/config";
import {
  AccountConfig,
  EnvironmentConfig,
  inspectorScanningOf,
  ORGANIZATION_NAMESPACE,
  OrganizationConfig,
  sessionHoursOf,
  validateOrganizationConfig,
} from "./config";

/** The project name, as the shared accounts' `project` tag. */
const PROJECT = "organization";

/** Validates the organization stack's config; throws every problem at once, before any resource. */
export function loadOrganizationConfig(): OrganizationConfig {
  const result = validateOrganizationConfig(readRawStackConfig(ORGANIZATION_NAMESPACE));
  if (!result.ok) {
    throw new ConfigValidationError(result.problems);
  }
  return result.config;
}

/** The OU an environment's account belongs in: Workloads/Prod for the prod tier, Workloads/NonProd otherwise. */
export function environmentUnit(env: Pick<EnvironmentConfig, "tier">): OrganizationalUnitKey {
  return env.tier === "prod" ? "prod" : "nonProd";
}

export function main(): { [K in keyof OrganizationOutputs]: pulumi.Input<OrganizationOutputs[K]> } {
  const config = loadOrganizationConfig();
  const region = config.region;
  const management = new aws.Provider("management", {
    region: region as aws.Region,
    allowedAccountIds: [config.managementAccountId],
  });
  const inManagement = { provider: management };

  const structure = new OrganizationStructure(
    "organization",
    {
      servicePrincipals: [
        ...SECURITY_SERVICE_PRINCIPALS,
        ...LOG_ARCHIVE_SERVICE_PRINCIPALS,
        "sso.amazonaws.com",
      ],
      existingOrganizationId: config.existingOrganizationId,
      existingOrganizationalUnitIds: config.existingOrganizationalUnitIds,
    },
    inManagement,
  );
  const unitIds = Object.fromEntries(
    Object.entries(structure.units).map(([unit, ou]) => [unit, ou.id]),
  ) as Record<OrganizationalUnitKey, pulumi.Output<string>>;

  // The accounts: each created in (or adopted into) its OU, with a provider that works inside it.
  const sharedTags = (env: string): Record<string, string> =>
    environmentTags({ project: PROJECT, env, owner: config.owner, costCentre: config.costCentre });
  const memberAccount = (name: string, account: AccountConfig, unit: OrganizationalUnitKey): MemberAccount =>
    new MemberAccount(
      `${name}-account`,
      {
        account:
          "id" in account
            ? {
                mode: "adopt",
                id: account.id,
                organizationalUnitId: unitIds[unit],
                accessRole: config.accessRole,
              }
            : {
                mode: "create",
                email: account.email,
                name: account.name ?? `${config.namePrefix}-${name}`,
                organizationalUnitId: unitIds[unit],
                accessRole: config.accessRole,
              },
        region,
        defaultTags: sharedTags(name),
        sessionName: `pulumi-${PROJECT}`,
      },
      inManagement,
    );
  const security = memberAccount("security", config.securityAccount, "security");
  const shared = memberAccount("shared-services", config.sharedServicesAccount, "infrastructure");
  const environments = config.environments.map((env) => ({
    env,
    account: memberAccount(env.name, env.account, environmentUnit(env)),
  }));

  // The shared accounts get the environments' baseline; GuardDuty comes from the delegated administrator.
  for (const [name, account] of [
    ["security", security],
    ["shared-services", shared],
  ] as const) {
    const inAccount = { providers: [account.provider] };
    const key = new EnvironmentKey(
      `${name}-key`,
      { accountId: account.accountId, region, alias: `${config.namePrefix}-${name}`, protect: true },
      inAccount,
    );
    new SecurityBaseline(
      `${name}-baseline`,
      {
        baseName: `${config.namePrefix}-${name}`,
        accountId: account.accountId,
        region,
        kmsKeyArn: key.arn,
        trailRetentionDays: 365,
        budgetMonthlyUsd: config.budgetMonthlyUsd,
        alertEmails: config.alertEmails,
        protect: true,
        guardDutyByOrganization: true,
      },
      inAccount,
    );
  }

  new OrganizationGuardrails(
    "guardrails",
    {
      namePrefix: config.namePrefix,
      organization: structure.organization,
      units: unitIds,
      allowedRegions: config.allowedRegions,
      accessRole: config.accessRole,
      environments: [...config.environments.map((e) => e.name), PROJECT],
    },
    inManagement,
  );

  // The security account: delegated administrator of the security services, and the trail's archive.
  const afterTrustedAccess = { dependsOn: [structure.organization] };
  new SecurityServices(
    "security-services",
    {
      management,
      security: security.provider,
      securityAccountId: security.accountId,
      region,
      namePrefix: config.namePrefix,
      existingGuardDutyDetectorId: config.existingGuardDutyDetectorId,
      inspectorMembers: {
        "shared-services": shared.accountId,
        ...Object.fromEntries(
          environments
            .filter(({ env }) => inspectorScanningOf(env))
            .map(({ env, account }) => [env.name, account.accountId]),
        ),
      },
    },
    afterTrustedAccess,
  );
  if (config.landingZone === "none") {
    new LogArchive(
      "log-archive",
      {
        management,
        security: security.provider,
        managementAccountId: config.managementAccountId,
        securityAccountId: security.accountId,
        organizationId: structure.organizationId,
        region,
        namePrefix: config.namePrefix,
        lockMode: config.logArchive.objectLockMode,
        retentionDays: config.logArchive.retentionDays,
        // Auditors (Identity Center's auditor sets) and the security account's break-glass read the logs.
        readerPrincipalArns: [
          "arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_*-auditor_*",
          `arn:aws:iam::*:role/${breakGlassRoleName(`${config.namePrefix}-security`)}`,
        ],
      },
      afterTrustedAccess,
    );
  }

  // Identity Center, in its home Region: permission sets per account and role, assigned to the groups.
  if (config.identityCenter !== undefined) {
    const ic = config.identityCenter;
    const home = new aws.Provider("identity-center", {
      region: ic.region as aws.Region,
      allowedAccountIds: [config.managementAccountId],
    });
    new IdentityCenter(
      "identity-center",
      {
        instanceArn: ic.instanceArn,
        identityStoreId: ic.identityStoreId,
        groups: ic.groups ?? DEFAULT_GROUPS,
        targets: [
          ...environments.map(({ env, account }) => ({
            name: env.name,
            accountId: account.accountId,
            roles: ["administrators", "developers", "oncall", "auditors"] as const,
            sessionDurationHours: sessionHoursOf(env),
          })),
          {
            name: "security",
            accountId: security.accountId,
            roles: ["administrators", "auditors"] as const,
            sessionDurationHours: 2,
          },
          {
            name: "shared-services",
            accountId: shared.accountId,
            roles: ["administrators", "developers", "auditors"] as const,
            sessionDurationHours: 4,
          },
        ],
      },
      { provider: home, dependsOn: [structure.organization] },
    );
  }

  // The shared-services account: the image registry every environment pulls from, and the parent zone.
  const registry = new SharedRegistry("registry", {
    sharedServices: shared.provider,
    accountId: shared.accountId,
    region,
    namePrefix: config.namePrefix,
    repositories: config.registry.repositories,
    pullAccountIds: environments.map(({ account }) => account.accountId),
    replicationRegions: config.registry.replicationRegions,
    ciRepositories: config.registry.pushRepositories.map((repository) => ({ repository })),
  });
  const parentZone =
    config.dns === undefined
      ? undefined
      : new ParentZone("dns", {
          sharedServices: shared.provider,
          zone:
            config.dns.parentZone === "create"
              ? { mode: "create", name: config.dns.parentDomain }
              : { mode: "adopt", zoneId: config.dns.parentZone, name: config.dns.parentDomain },
          namePrefix: config.namePrefix,
          environments: environments
            .filter(({ env }) => env.domain !== config.dns?.parentDomain)
            .map(({ env, account }) => ({
              name: env.name,
              domain: env.domain,
              accountId: account.accountId,
              // The environment's deploy role (CI) and the access role its stack runs through.
              roleNames: [
                deployRoleName(environmentBaseName(config.namePrefix, env.name)),
                config.accessRole,
              ],
            })),
        });

  const environmentOutputs = pulumi.all(
    environments.map(({ env, account }) =>
      pulumi
        .all([account.accountId, unitIds[environmentUnit(env)], parentZone?.roleArns[env.name]])
        .apply(([accountId, organizationalUnitId, roleArn]): [string, EnvironmentAccount] => [
          env.name,
          {
            accountId,
            organizationalUnitId,
            tier: env.tier,
            domain: env.domain,
            ...(roleArn === undefined ? {} : { dnsDelegationRoleArn: roleArn }),
          },
        ]),
    ),
  );
  return {
    contractVersion: ORGANIZATION_CONTRACT_VERSION,
    organizationId: structure.organizationId,
    managementAccountId: config.managementAccountId,
    homeRegion: region,
    allowedRegions: config.allowedRegions,
    organizationalUnits: pulumi.output(unitIds),
    accessRole: config.accessRole,
    securityAccountId: security.accountId,
    sharedServicesAccountId: shared.accountId,
    environments: environmentOutputs.apply((entries) => Object.fromEntries(entries)),
    registry: pulumi.output({
      accountId: shared.accountId,
      region,
      url: registry.registryUrl,
      repositories: registry.repositoryUrls,
    }),
    ...(parentZone === undefined
      ? {}
      : { dns: pulumi.output({ parentZoneId: parentZone.zoneId, parentZoneName: parentZone.zoneName }) }),
    ...(config.identityCenter === undefined
      ? {}
      : {
          identityCenter: {
            instanceArn: config.identityCenter.instanceArn,
            identityStoreId: config.identityCenter.identityStoreId,
            region: config.identityCenter.region,
          },
        }),
    // The delegated administrator enables GuardDuty in every member; a landing zone records Config there.
    managedInMembers: { guardDuty: true, configRecorder: config.landingZone === "controlTower" },
  };
}
