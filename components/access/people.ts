import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyJson } from "../policies";
import { ACCESS_ROLES, AccessRole, ONCALL_ACTIONS, PeopleAccessMode } from "./model";
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
const SHORT: Record<AccessRole, string> = {
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
    ? pulumi.interpolate`arn:aws:iam::${args.accountId}:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_${args.environment}-${SHORT[role]}_????????????????`
    : pulumi.interpolate`arn:aws:iam::${args.accountId}:role/${args.namePrefix}-${SHORT[role]}`;
}

export interface PeopleAccessArgs {
  mode: PeopleAccessMode;
  /** The environment's name, part of permission set names. */
  environment: string;
  /** Prefix of role names in the member account (cross-account mode). */
  namePrefix: string;
  accountId: pulumi.Input<string>;
  /** Session length in hours (1..12). */
  sessionDurationHours: number;
  /** Identity Center group (display name) per role. */
  groups: Record<AccessRole, string>;
  /** Identity Center instance and identity store (identityCenter mode). */
  identityCenter?: { instanceArn: string; identityStoreId: string };
  /** Account of the security team (crossAccountRoles mode trusts it, with MFA). */
  securityAccountId: string;
  /** Provider for Identity Center, which lives in the management account. */
  managementProvider: aws.Provider;
  /**
   * Customer managed policies of the member account that on-call also holds (the VPN operators' policy):
   * attached to the on-call role, or referenced by name and path from the on-call permission set.
   * Default: none.
   */
  oncallPolicies?: aws.iam.Policy[];
}

/**
 * People's access to one environment, one role each for administrators, developers (view-only and logs),
 * on-call (view-only and logs plus ECS Exec, service restarts, RDS reboot and its `oncallPolicies`, such as
 * issuing VPN profiles) and auditors (SecurityAudit and read-only):
 * - `identityCenter`: a permission set per role, named `<env>-<role>`, assigned to the role's group on
 *   this account;
 * - `crossAccountRoles`: a role per role in the member account that trusts the security account, only
 *   with MFA.
 * Session lengths come from the tier. No IAM user is created.
 */
export class PeopleAccess extends pulumi.ComponentResource {
  /** Permission set ARNs (identityCenter) or role ARNs (crossAccountRoles), per role. */
  readonly arns: Record<AccessRole, pulumi.Output<string>>;

  constructor(name: string, args: PeopleAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:access:PeopleAccess", name, {}, opts);
    const arns = {} as Record<AccessRole, pulumi.Output<string>>;
    const oncallPolicy = policyJson([
      { Sid: "OnCallOperations", Effect: "Allow", Action: ONCALL_ACTIONS, Resource: "*" },
    ]);

    if (args.mode === "identityCenter") {
      if (!args.identityCenter) {
        throw new Error(
          "PeopleAccess: identityCenter mode needs identityCenter.instanceArn and identityStoreId",
        );
      }
      const { instanceArn, identityStoreId } = args.identityCenter;
      const inManagement = { parent: this, provider: args.managementProvider };
      for (const role of ACCESS_ROLES) {
        const id = `${name}-${SHORT[role]}`;
        const set = new aws.ssoadmin.PermissionSet(
          id,
          {
            instanceArn,
            name: `${args.environment}-${SHORT[role]}`,
            description: `${role} of the ${args.environment} environment`,
            sessionDuration: `PT${args.sessionDurationHours}H`,
          },
          inManagement,
        );
        ROLE_POLICIES[role].forEach(
          (policyArn, i) =>
            new aws.ssoadmin.ManagedPolicyAttachment(
              `${id}-policy-${i}`,
              { instanceArn, permissionSetArn: set.arn, managedPolicyArn: policyArn },
              inManagement,
            ),
        );
        if (role === "oncall") {
          new aws.ssoadmin.PermissionSetInlinePolicy(
            `${id}-operations`,
            { instanceArn, permissionSetArn: set.arn, inlinePolicy: oncallPolicy },
            inManagement,
          );
          // A permission set refers to a customer managed policy by name and path; it must exist in the
          // account before the set is provisioned there: taking the name from the policy makes this wait for it.
          (args.oncallPolicies ?? []).forEach(
            (policy, i) =>
              new aws.ssoadmin.CustomerManagedPolicyAttachment(
                `${id}-customer-policy-${i}`,
                {
                  instanceArn,
                  permissionSetArn: set.arn,
                  customerManagedPolicyReference: { name: policy.name, path: policy.path },
                },
                inManagement,
              ),
          );
        }
        const group = aws.identitystore.getGroupOutput(
          {
            identityStoreId,
            alternateIdentifier: {
              uniqueAttribute: { attributePath: "DisplayName", attributeValue: args.groups[role] },
            },
          },
          inManagement,
        );
        new aws.ssoadmin.AccountAssignment(
          `${id}-assignment`,
          {
            instanceArn,
            permissionSetArn: set.arn,
            principalType: "GROUP",
            principalId: group.groupId,
            targetType: "AWS_ACCOUNT",
            targetId: args.accountId,
          },
          inManagement,
        );
        arns[role] = set.arn;
      }
    } else {
      for (const role of ACCESS_ROLES) {
        const id = `${name}-${SHORT[role]}`;
        const iamRole = new aws.iam.Role(
          id,
          {
            name: `${args.namePrefix}-${SHORT[role]}`,
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
    }
    this.arns = arns;
    this.registerOutputs({ arns });
  }
}

export interface BreakGlassArgs {
  namePrefix: string;
  accountId: pulumi.Input<string>;
  securityAccountId: string;
  /** Where the alarm on every use goes. */
  alertTopicArn: pulumi.Input<string>;
}

/**
 * The emergency administrator: a role in the member account that the security account may assume, only
 * with MFA and for at most an hour. Every AssumeRole of it raises an alert (EventBridge rule on the
 * CloudTrail event, to the environment's alert topic).
 */
export class BreakGlass extends pulumi.ComponentResource {
  readonly role: aws.iam.Role;
  readonly roleArn: pulumi.Output<string>;

  constructor(name: string, args: BreakGlassArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:access:BreakGlass", name, {}, opts);
    const parent = { parent: this };
    const roleName = `${args.namePrefix}-break-glass`;

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
    const rule = new aws.cloudwatch.EventRule(
      `${name}-used`,
      {
        description: "The break-glass role was assumed",
        eventPattern: pulumi.jsonStringify({
          source: ["aws.sts"],
          "detail-type": ["AWS API Call via CloudTrail"],
          detail: {
            eventSource: ["sts.amazonaws.com"],
            eventName: ["AssumeRole"],
            requestParameters: { roleArn: [this.roleArn] },
          },
        }),
      },
      parent,
    );
    new aws.cloudwatch.EventTarget(`${name}-alert`, { rule: rule.name, arn: args.alertTopicArn }, parent);

    this.registerOutputs({ roleArn: this.roleArn });
  }
}
