import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { AlarmKind, createAlarms, NamedAlarm } from "../shared/alarms";
import { policyJson, Statement } from "../shared/policies";
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
  return pulumi.output(args.accountId).apply((accountId) => peopleRolePattern({ ...args, accountId }, role));
}

/** {@link accessRolePrincipalArn} of a known account id. */
export function peopleRolePattern(
  args: { mode: PeopleAccessMode; environment: string; namePrefix: string; accountId: string },
  role: AccessRole,
): string {
  return args.mode === "identityCenter"
    ? `arn:aws:iam::${args.accountId}:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_${args.environment}-${SHORT[role]}_????????????????`
    : `arn:aws:iam::${args.accountId}:role/${args.namePrefix}-${SHORT[role]}`;
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
  /**
   * The key ECS Exec sessions are encrypted with, when the environment allows ECS Exec: on-call's
   * session-manager plugin calls kms:GenerateDataKey on it itself. Default: none (no ECS Exec).
   */
  execKeyArn?: pulumi.Input<string>;
}

/**
 * On-call's own operations: ONCALL_ACTIONS, and with ECS Exec the data key of the session. The operator's
 * session-manager plugin calls kms:GenerateDataKey on the cluster's exec key directly (not through a
 * service, so kms:ViaService cannot scope it), and the session fails without it
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html).
 */
export function oncallStatements(execKeyArn?: pulumi.Input<string>): Statement[] {
  return [
    { Sid: "OnCallOperations", Effect: "Allow", Action: ONCALL_ACTIONS, Resource: "*" },
    ...(execKeyArn === undefined
      ? []
      : [
          {
            Sid: "EcsExecSessionKey",
            Effect: "Allow" as const,
            Action: "kms:GenerateDataKey",
            Resource: execKeyArn,
          },
        ]),
  ];
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
    const oncallPolicy = policyJson(oncallStatements(args.execKeyArn));

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

/** The break-glass role's name. */
export const breakGlassRoleName = (namePrefix: string): string => `${namePrefix}-break-glass`;

/** The namespace of the platform's own security metrics (from the trail's metric filters). */
export const SECURITY_METRICS_NAMESPACE = "Platform/Security";

/**
 * CloudWatch Logs filter patterns on the trail's events
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html):
 * - `assumed`: an AssumeRole of the role, from any region's STS endpoint;
 * - `used`: any call made with a session of the role, console use after a SwitchRole included;
 * - `root`: any call by the account's root user that is not AWS acting for it, the pattern of Security
 *   Hub's CloudWatch.1 (https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-1).
 */
export function breakGlassFilterPatterns(
  roleArn: pulumi.Input<string>,
): Record<"assumed" | "used" | "root", pulumi.Output<string>> {
  return {
    assumed: pulumi.interpolate`{ ($.eventSource = "sts.amazonaws.com") && ($.eventName = "AssumeRole") && ($.requestParameters.roleArn = "${roleArn}") }`,
    used: pulumi.interpolate`{ $.userIdentity.sessionContext.sessionIssuer.arn = "${roleArn}" }`,
    root: pulumi.output(
      '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
    ),
  };
}

export interface BreakGlassArgs {
  namePrefix: string;
  accountId: pulumi.Input<string>;
  securityAccountId: string;
  /**
   * The log group the account's multi-region trail delivers to (SecurityBaseline): the filters that alert
   * on every use watch it, so a use from any region is seen.
   */
  trailLogGroupName: pulumi.Input<string>;
  /** Where the alarm on every use goes (an SNS topic of the environment's region). */
  alertTopicArn: pulumi.Input<string>;
}

/**
 * The emergency administrator: a role in the member account that the security account may assume, only
 * with MFA and for at most an hour. Every use raises an alarm on the environment's alert topic, from metric
 * filters on the trail's log group in the environment's region: the trail applies to every region (STS
 * serves and logs an AssumeRole in the caller's region, the console's sign-in in its own), so no region
 * goes unwatched and no event has to cross regions. Any activity of the account's root user alarms too.
 */
export class BreakGlass extends pulumi.ComponentResource {
  readonly role: aws.iam.Role;
  readonly roleArn: pulumi.Output<string>;
  readonly alarms: aws.cloudwatch.MetricAlarm[];

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
    const patterns = breakGlassFilterPatterns(this.roleArn);
    const watched: { suffix: "assumed" | "used" | "root"; kind: AlarmKind; summary: string }[] = [
      { suffix: "assumed", kind: "break-glass-used", summary: "The break-glass role was assumed" },
      { suffix: "used", kind: "break-glass-used", summary: "A break-glass session made calls" },
      { suffix: "root", kind: "root-activity", summary: "The account's root user made calls" },
    ];
    const alarms: NamedAlarm[] = [];
    for (const w of watched) {
      const metricName = `${args.namePrefix}-${w.suffix === "root" ? "root-activity" : `break-glass-${w.suffix}`}`;
      new aws.cloudwatch.LogMetricFilter(
        `${name}-${w.suffix}`,
        {
          logGroupName: args.trailLogGroupName,
          pattern: patterns[w.suffix],
          metricTransformation: {
            name: metricName,
            namespace: SECURITY_METRICS_NAMESPACE,
            value: "1",
            defaultValue: "0",
          },
        },
        parent,
      );
      alarms.push({
        suffix: w.suffix,
        spec: {
          kind: w.kind,
          summary: w.summary,
          metric: { namespace: SECURITY_METRICS_NAMESPACE, metricName, dimensions: {}, stat: "Sum" },
          comparison: ">=",
          threshold: 1,
          periodSeconds: 60,
          evaluationPeriods: 1,
        },
      });
    }
    this.alarms = createAlarms(this, name, alarms, [args.alertTopicArn]);

    this.registerOutputs({ roleArn: this.roleArn, alarms: this.alarms });
  }
}
