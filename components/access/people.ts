import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { policyJson, serviceTrustPolicy } from "../shared/policies";
import { ACCESS_ROLES, AccessRole, GLOBAL_EVENTS_REGION, ONCALL_ACTIONS, PeopleAccessMode } from "./model";
import { mfaTrust } from "./trust";

/**
 * What developers and on-call see: the configuration and metadata of every service (ViewOnlyAccess, which,
 * unlike ReadOnlyAccess, reads no data: no S3 objects, parameters or table items) and the logs.
 */
export const VIEW_POLICIES = [
  "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
  "arn:aws:iam::aws:policy/CloudWatchLogsReadOnlyAccess",
];

/** AWS managed policies each role holds (on-call adds ONCALL_ACTIONS and its `oncallPolicies`). */
export const ROLE_POLICIES: Record<AccessRole, string[]> = {
  administrators: ["arn:aws:iam::aws:policy/AdministratorAccess"],
  developers: VIEW_POLICIES,
  oncall: VIEW_POLICIES,
  auditors: ["arn:aws:iam::aws:policy/SecurityAudit", "arn:aws:iam::aws:policy/ReadOnlyAccess"],
};

/** Short names for permission sets and roles (a permission set name has at most 32 characters). */
export const SHORT_ROLE_NAMES: Readonly<Record<AccessRole, string>> = {
  administrators: "admin",
  developers: "developer",
  oncall: "oncall",
  auditors: "auditor",
};

/**
 * The `aws:PrincipalArn` (pattern) of a role people hold in the member account, for resource policies:
 * with Identity Center the role it provisions for the permission set `<env>-<role>`
 * (`aws-reserved/sso.amazonaws.com/[<region>/]AWSReservedSSO_<set>_<16 hex>`), otherwise `<namePrefix>-<role>`.
 */
export function accessRolePrincipalArn(
  args: { mode: PeopleAccessMode; environment: string; namePrefix: string; accountId: pulumi.Input<string> },
  role: AccessRole,
): pulumi.Output<string> {
  return args.mode === "identityCenter"
    ? pulumi.interpolate`arn:aws:iam::${args.accountId}:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_${args.environment}-${SHORT_ROLE_NAMES[role]}_????????????????`
    : pulumi.interpolate`arn:aws:iam::${args.accountId}:role/${args.namePrefix}-${SHORT_ROLE_NAMES[role]}`;
}

export interface PeopleAccessArgs {
  /** The environment's name, part of role descriptions. */
  environment: string;
  /** Prefix of role names in the member account. */
  namePrefix: string;
  accountId: pulumi.Input<string>;
  /** Session length in hours (1..12). */
  sessionDurationHours: number;
  /** Account of the security team, which the roles trust (with MFA). */
  securityAccountId: pulumi.Input<string>;
  /**
   * Customer managed policies of the member account that on-call also holds (the VPN operators' policy).
   * Default: none.
   */
  oncallPolicies?: aws.iam.Policy[];
}

/**
 * People's access to one environment without Identity Center (`peopleAccess: crossAccountRoles`): a role
 * per role in the member account, `<namePrefix>-<role>`, that the security account may assume only with
 * MFA: administrators, developers (view-only and logs), on-call (view-only and logs plus ECS Exec, service
 * restarts, RDS reboot and its `oncallPolicies`, such as issuing VPN profiles) and auditors (SecurityAudit
 * and read-only). With Identity Center the organization program defines the permission sets
 * (components/organization/identityCenter.ts). No IAM user is created.
 */
export class PeopleAccess extends pulumi.ComponentResource {
  /** Role ARNs, per role. */
  readonly arns: Record<AccessRole, pulumi.Output<string>>;

  constructor(name: string, args: PeopleAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:access:PeopleAccess", name, {}, opts);
    const arns = {} as Record<AccessRole, pulumi.Output<string>>;
    const oncallPolicy = policyJson([
      { Sid: "OnCallOperations", Effect: "Allow", Action: ONCALL_ACTIONS, Resource: "*" },
    ]);
    for (const role of ACCESS_ROLES) {
      const id = `${name}-${SHORT_ROLE_NAMES[role]}`;
      const iamRole = new aws.iam.Role(
        id,
        {
          name: `${args.namePrefix}-${SHORT_ROLE_NAMES[role]}`,
          description: `${role} of the ${args.environment} environment, from the security account with MFA`,
          assumeRolePolicy: policyJson(mfaTrust(args.securityAccountId)),
          maxSessionDuration: args.sessionDurationHours * 3600,
        },
        { parent: this },
      );
      ROLE_POLICIES[role].forEach(
        (policyArn, i) =>
          new aws.iam.RolePolicyAttachment(
            `${id}-policy-${i}`,
            { role: iamRole.name, policyArn },
            { parent: this },
          ),
      );
      if (role === "oncall") {
        new aws.iam.RolePolicy(
          `${id}-operations`,
          { role: iamRole.id, policy: oncallPolicy },
          { parent: this },
        );
        (args.oncallPolicies ?? []).forEach(
          (policy, i) =>
            new aws.iam.RolePolicyAttachment(
              `${id}-customer-policy-${i}`,
              { role: iamRole.name, policyArn: policy.arn },
              { parent: this },
            ),
        );
      }
      arns[role] = iamRole.arn;
    }
    this.arns = arns;
    this.registerOutputs({ arns });
  }
}

/** The break-glass role's name. */
export const breakGlassRoleName = (namePrefix: string): string => `${namePrefix}-break-glass`;

/**
 * EventBridge patterns of a use of `roleArn` (named `roleName`) in `accountId`, by name: an API AssumeRole of
 * the role (CloudTrail, from STS), and a console SwitchRole into it (CloudTrail, from sign-in; the event
 * names the role in the session's ARN).
 */
export function roleUsePatterns(
  accountId: pulumi.Input<string>,
  roleName: string,
  roleArn: pulumi.Input<string>,
): Record<"assumed" | "console", pulumi.Output<string>> {
  return {
    assumed: pulumi.jsonStringify({
      source: ["aws.sts"],
      "detail-type": ["AWS API Call via CloudTrail"],
      detail: {
        eventSource: ["sts.amazonaws.com"],
        eventName: ["AssumeRole"],
        requestParameters: { roleArn: [roleArn] },
      },
    }),
    console: pulumi.jsonStringify({
      source: ["aws.signin"],
      "detail-type": ["AWS Console Sign In via CloudTrail"],
      detail: {
        eventSource: ["signin.amazonaws.com"],
        eventName: ["SwitchRole"],
        userIdentity: {
          arn: [{ prefix: pulumi.interpolate`arn:aws:sts::${accountId}:assumed-role/${roleName}/` }],
        },
      },
    }),
  };
}

/**
 * The rule state that matches every management event CloudTrail delivers, read-only ones included. A rule
 * that is only `ENABLED` gets read-only events only when EventBridge does not class them as such by name;
 * with this state the AssumeRole rules do not depend on how STS's events are classed (EventBridge's own
 * example of the state is a rule on AssumeRole).
 */
export const WITH_MANAGEMENT_EVENTS = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS";

export interface BreakGlassArgs {
  namePrefix: string;
  accountId: pulumi.Input<string>;
  /** The environment's region: its default event bus holds the alert rules. */
  region: string;
  securityAccountId: string;
  /** Where the alarm on every use goes (an SNS topic of the environment's region). */
  alertTopicArn: pulumi.Input<string>;
}

/**
 * The emergency administrator: a role in the member account that the security account may assume, only
 * with MFA and for at most an hour. Every use raises an alert on the environment's alert topic: EventBridge
 * rules on the CloudTrail events of an AssumeRole of the role and of a console SwitchRole into it, in the
 * environment's region and in us-east-1 (where the global STS and sign-in endpoints' events are delivered),
 * whose rules forward to the environment's default event bus with a role that may only put events there.
 */
export class BreakGlass extends pulumi.ComponentResource {
  readonly role: aws.iam.Role;
  readonly roleArn: pulumi.Output<string>;

  constructor(name: string, args: BreakGlassArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:access:BreakGlass", name, {}, opts);
    const parent = { parent: this };
    const roleName = breakGlassRoleName(args.namePrefix);

    this.role = new aws.iam.Role(
      name,
      {
        name: roleName,
        description: "Emergency administrator; every use raises an alert",
        assumeRolePolicy: policyJson(mfaTrust(args.securityAccountId)),
        maxSessionDuration: 3600,
      },
      parent,
    );
    new aws.iam.RolePolicyAttachment(
      `${name}-admin`,
      { role: this.role.name, policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
      parent,
    );
    // The ARN from the account and the fixed name, so the pattern is known before the role exists.
    this.roleArn = pulumi.interpolate`arn:aws:iam::${args.accountId}:role/${roleName}`;
    const patterns = roleUsePatterns(args.accountId, roleName, this.roleArn);
    const descriptions = {
      assumed: "The break-glass role was assumed",
      console: "Someone switched to the break-glass role in the console",
    };

    // In the environment's region: straight to the alert topic.
    for (const kind of ["assumed", "console"] as const) {
      const rule = new aws.cloudwatch.EventRule(
        kind === "assumed" ? `${name}-used` : `${name}-console`,
        { description: descriptions[kind], eventPattern: patterns[kind], state: WITH_MANAGEMENT_EVENTS },
        parent,
      );
      new aws.cloudwatch.EventTarget(
        kind === "assumed" ? `${name}-alert` : `${name}-console-alert`,
        { rule: rule.name, arn: args.alertTopicArn },
        parent,
      );
    }

    // In us-east-1 (unless that is the environment's region): the same rules, forwarding to the
    // environment's default bus, where the rules above alert. EventBridge reaches a bus of another region
    // only as an event bus target, with a role.
    if (args.region !== GLOBAL_EVENTS_REGION) {
      const homeBus = pulumi.interpolate`arn:aws:events:${args.region}:${args.accountId}:event-bus/default`;
      const forwarder = new aws.iam.Role(
        `${name}-forwarder`,
        {
          description: `Forwards break-glass use events from ${GLOBAL_EVENTS_REGION} to ${args.region}`,
          assumeRolePolicy: serviceTrustPolicy("events.amazonaws.com", args.accountId),
          maxSessionDuration: 3600,
        },
        parent,
      );
      const forwarding = new aws.iam.RolePolicy(
        `${name}-forwarder-policy`,
        {
          role: forwarder.id,
          policy: policyJson([
            { Sid: "PutOnTheHomeBus", Effect: "Allow", Action: "events:PutEvents", Resource: homeBus },
          ]),
        },
        parent,
      );
      for (const kind of ["assumed", "console"] as const) {
        const rule = new aws.cloudwatch.EventRule(
          `${name}-${kind}-${GLOBAL_EVENTS_REGION}`,
          {
            region: GLOBAL_EVENTS_REGION,
            description: `${descriptions[kind]} (${GLOBAL_EVENTS_REGION}; forwarded to ${args.region})`,
            eventPattern: patterns[kind],
            state: WITH_MANAGEMENT_EVENTS,
          },
          parent,
        );
        new aws.cloudwatch.EventTarget(
          `${name}-${kind}-${GLOBAL_EVENTS_REGION}-forward`,
          { region: GLOBAL_EVENTS_REGION, rule: rule.name, arn: homeBus, roleArn: forwarder.arn },
          { parent: this, dependsOn: [forwarding] },
        );
      }
    }

    this.registerOutputs({ roleArn: this.roleArn });
  }
}
