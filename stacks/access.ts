/**
 * Who may do what in an environment: CI's identity, break-glass, the app teams' roles, the guardrails and
 * patching ({@link buildAccess}, right after the alert topic), and people's roles ({@link buildPeopleAccess},
 * after the VPN, whose operators' policy on-call holds). stacks/environment.ts calls both.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { AppTeamAccess } from "../components/access/appTeams";
import { CiIdentity } from "../components/access/ciIdentity";
import { Guardrails } from "../components/access/guardrails";
import { Patching } from "../components/access/patching";
import {
  accessRolePrincipalArn,
  BreakGlass,
  PeopleAccess,
  PeopleAccessArgs,
} from "../components/access/people";
import { StackConfig } from "./config";
import { EnvironmentContext } from "./context";
import { backupCopyRegionOf } from "./observability";

/** What the guardrails' allowed regions read of the stack config. */
export type AllowedRegionsConfig = Pick<
  StackConfig,
  "region" | "allowedRegions" | "backupCrossRegionCopy" | "backupCopyRegion"
>;

/**
 * The regions the guardrails allow: the stack's `allowedRegions`, or by default its own region and the
 * region its backups are copied to (validation makes sure an explicit list includes that one).
 */
export function allowedRegionsOf(config: AllowedRegionsConfig): string[] {
  const copy = backupCopyRegionOf(config);
  return config.allowedRegions ?? [config.region, ...(copy === undefined ? [] : [copy])];
}

/** What CI, break-glass, the app teams, the guardrails and people's roles read of the stack config. */
export type AccessConfig = AllowedRegionsConfig &
  Pick<
    StackConfig,
    | "env"
    | "account"
    | "githubRepository"
    | "peopleAccess"
    | "securityAccountId"
    | "appTeams"
    | "protectStatefulResources"
    | "inspectorScanning"
  >;

/** The environment's shared things, the management account's provider, the alert topic and CI's denied objects. */
export interface AccessOptions extends EnvironmentContext {
  /** Organization-level calls (guardrails) go through the management account. */
  readonly management: aws.Provider;
  /** Every use of break-glass alerts here. */
  readonly alertTopicArn: pulumi.Input<string>;
  /** Objects CI's preview role may never read (the VPN's issued profiles, known once the VPN is built). */
  readonly previewDeniedObjectArns: pulumi.Input<string[]>;
}

/** People's roles by access role, as {@link accessRolePrincipalArn} and {@link PeopleAccess} name them. */
export type PeopleRoles = Pick<PeopleAccessArgs, "mode" | "environment" | "namePrefix" | "accountId">;

export interface Access {
  readonly ci: CiIdentity;
  readonly breakGlass: BreakGlass;
  readonly appTeams: AppTeamAccess;
  /** People's roles, built later by {@link buildPeopleAccess}; their ARNs are known now. */
  readonly people: PeopleRoles;
}

/** CI's identity, break-glass, the app teams' roles, the guardrails and patching, in that order. */
export function buildAccess(config: AccessConfig, options: AccessOptions): Access {
  const { baseName, accountId, inAccount } = options;
  const ci = new CiIdentity(
    "ci",
    {
      repository: config.githubRepository,
      environment: config.env,
      accountId,
      namePrefix: baseName,
      previewDeniedObjectArns: options.previewDeniedObjectArns,
    },
    inAccount,
  );
  const people: PeopleRoles = {
    mode: config.peopleAccess,
    environment: config.env,
    namePrefix: baseName,
    accountId,
  };
  const breakGlass = new BreakGlass(
    "break-glass",
    {
      namePrefix: baseName,
      accountId,
      region: config.region,
      securityAccountId: config.securityAccountId,
      alertTopicArn: options.alertTopicArn,
    },
    inAccount,
  );
  const appTeams = new AppTeamAccess(
    "app-teams",
    {
      teams: config.appTeams,
      environment: config.env,
      accountId,
      region: config.region,
      namePrefix: baseName,
      githubProviderArn: ci.provider.arn,
    },
    inAccount,
  );
  new Guardrails(
    "guardrails",
    {
      namePrefix: baseName,
      accountId,
      organizationalUnitId: config.account.organizationalUnitId,
      // By default also the region the backups are copied to.
      allowedRegions: allowedRegionsOf(config),
      accessRole: config.account.accessRole,
      kmsKeyArn: options.kmsKeyArn,
      protect: config.protectStatefulResources,
      managementProvider: options.management,
    },
    inAccount,
  );
  new Patching("patching", { accountId, inspector: config.inspectorScanning }, inAccount);
  return { ci, breakGlass, appTeams, people };
}

/** Issued VPN profiles hold private keys: only on-call (who issues them) and break-glass read them. */
export function vpnProfileReaders(access: Access): pulumi.Input<string>[] {
  return [accessRolePrincipalArn(access.people, "oncall"), access.breakGlass.roleArn];
}

/** What people's roles read of the stack config. */
export type PeopleConfig = Pick<
  StackConfig,
  | "sessionDurationHours"
  | "accessGroups"
  | "identityCenterInstanceArn"
  | "identityStoreId"
  | "securityAccountId"
>;

/** The environment's shared things, the management account's provider, the roles' names and on-call's policies. */
export interface PeopleOptions extends EnvironmentContext {
  readonly management: aws.Provider;
  readonly people: PeopleRoles;
  /** Managed policies on-call holds besides its own (the VPN operators' policy). */
  readonly oncallPolicies: aws.iam.Policy[];
}

/** People: administrators, developers, on-call (who also holds the VPN operators' policy) and auditors. */
export function buildPeopleAccess(config: PeopleConfig, options: PeopleOptions): PeopleAccess {
  return new PeopleAccess(
    "people",
    {
      ...options.people,
      sessionDurationHours: config.sessionDurationHours,
      groups: config.accessGroups,
      identityCenter:
        config.identityCenterInstanceArn && config.identityStoreId
          ? { instanceArn: config.identityCenterInstanceArn, identityStoreId: config.identityStoreId }
          : undefined,
      securityAccountId: config.securityAccountId,
      managementProvider: options.management,
      oncallPolicies: options.oncallPolicies,
    },
    options.inAccount,
  );
}
