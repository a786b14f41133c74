/**
 * Who may do what in an environment: CI's identity, break-glass, the app teams' roles, the guardrails and
 * patching ({@link buildAccess}, right after the alert topic), and people's roles ({@link buildPeopleAccess},
 * after the VPN, whose operators' policy on-call holds). stacks/environment.ts calls both.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { AppTeamAccess, AppTeamWorkload } from "../components/access/appTeams";
import { CiIdentity } from "../components/access/ciIdentity";
import { Guardrails } from "../components/access/guardrails";
import { PeopleAccessMode } from "../components/access/model";
import { Patching } from "../components/access/patching";
import {
  accessRolePrincipalArn,
  BreakGlass,
  PeopleAccess,
  PeopleAccessArgs,
} from "../components/access/people";
import { StackConfig } from "./config";
import { EnvironmentContext } from "./context";

/** What CI, break-glass, the app teams, the guardrails and people's roles read of the stack config. */
export type AccessConfig = Pick<
  StackConfig,
  | "env"
  | "region"
  | "organization"
  | "githubRepository"
  | "peopleAccess"
  | "appTeams"
  | "protectStatefulResources"
  | "kafkaProvider"
  | "kafkaClients"
>;

/** The environment's shared things, the alert topic and CI's denied objects. */
export interface AccessOptions extends EnvironmentContext {
  /** Every use of break-glass alerts here. */
  readonly alertTopicArn: pulumi.Input<string>;
  /** The log group of the account's multi-region trail, whose events the break-glass alarms watch. */
  readonly trailLogGroupName: pulumi.Input<string>;
  /** Objects CI's preview role may never read (the VPN's issued profiles, known once the VPN is built). */
  readonly previewDeniedObjectArns: pulumi.Input<string[]>;
}

/** People's roles by access role, as {@link accessRolePrincipalArn} and {@link PeopleAccess} name them. */
export type PeopleRoles = Pick<PeopleAccessArgs, "environment" | "namePrefix" | "accountId"> & {
  mode: PeopleAccessMode;
};

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
      securityAccountId: config.organization.securityAccountId,
      trailLogGroupName: options.trailLogGroupName,
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
      workloads: appTeamWorkloads(config),
    },
    inAccount,
  );
  // The service control policies over the account are the organization program's.
  new Guardrails(
    "guardrails",
    {
      accountId,
      kmsKeyArn: options.kmsKeyArn,
      protect: config.protectStatefulResources,
      recorderExists: config.organization.managedInMembers.configRecorder,
    },
    inAccount,
  );
  new Patching("patching", { accountId }, inAccount);
  return { ci, breakGlass, appTeams, people };
}

/**
 * What the platform hands each app team: on MSK, the Kafka client named like the team when it
 * authenticates with IAM (its policy is in the outputs, for the team's service roles).
 */
export function appTeamWorkloads(
  config: Pick<AccessConfig, "appTeams" | "kafkaProvider" | "kafkaClients">,
): Record<string, AppTeamWorkload> {
  return Object.fromEntries(
    config.appTeams.map((t) => {
      const client =
        config.kafkaProvider === "msk"
          ? config.kafkaClients.find((c) => c.name === t.name && (c.auth ?? "iam") === "iam")
          : undefined;
      return [t.name, client ? { kafkaClient: client } : {}];
    }),
  );
}

/** Issued VPN profiles hold private keys: only on-call (who issues them) and break-glass read them. */
export function vpnProfileReaders(access: Access): pulumi.Input<string>[] {
  return [accessRolePrincipalArn(access.people, "oncall"), access.breakGlass.roleArn];
}

/** What people's roles read of the stack config. */
export type PeopleConfig = Pick<
  StackConfig,
  "peopleAccess" | "sessionDurationHours" | "organization" | "ecsExec"
>;

/** The environment's shared things, the roles' names and on-call's policies. */
export interface PeopleOptions extends EnvironmentContext {
  readonly people: PeopleRoles;
  /** Managed policies on-call holds besides its own (the VPN operators' policy). */
  readonly oncallPolicies: aws.iam.Policy[];
}

/**
 * People's roles in the account (`crossAccountRoles`): administrators, developers, on-call (who also holds
 * the VPN operators' policy) and auditors, trusting the security account with MFA. With Identity Center
 * the organization program defines the permission sets (and on-call's VPN actions, by tag): none here.
 */
export function buildPeopleAccess(config: PeopleConfig, options: PeopleOptions): PeopleAccess | undefined {
  if (config.peopleAccess === "identityCenter") {
    return undefined;
  }
  return new PeopleAccess(
    "people",
    {
      environment: options.people.environment,
      namePrefix: options.people.namePrefix,
      accountId: options.people.accountId,
      sessionDurationHours: config.sessionDurationHours,
      securityAccountId: config.organization.securityAccountId,
      oncallPolicies: options.oncallPolicies,
      // ECS Exec sessions are encrypted with the environment key (the cluster's executeCommandConfiguration).
      execKeyArn: config.ecsExec ? options.kmsKeyArn : undefined,
    },
    options.inAccount,
  );
}
