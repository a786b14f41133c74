import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { AlarmKind, createAlarms, NamedAlarm } from "../shared/alarms";
import { interpolateKnown, policyJson, Statement } from "../shared/policies";
import { EXEC_KEY_TAG } from "../shared/tags";
import { ACCESS_ROLES, AccessRole, ONCALL_ACTIONS, PeopleAccessMode } from "./model";
import { mfaTrust } from "./trust";
import { vpnOperatorStatementsByTag } from "./vpnPolicies";

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
  return pulumi.output(args.accountId).apply((accountId) => peopleRolePattern({ ...args, accountId }, role));
}

/** {@link accessRolePrincipalArn} of a known account id. */
export function peopleRolePattern(
  args: { mode: PeopleAccessMode; environment: string; namePrefix: string; accountId: string },
  role: AccessRole,
): string {
  return args.mode === "identityCenter"
    ? `arn:aws:iam::${args.accountId}:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_${args.environment}-${SHORT_ROLE_NAMES[role]}_????????????????`
    : `arn:aws:iam::${args.accountId}:role/${args.namePrefix}-${SHORT_ROLE_NAMES[role]}`;
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
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html). The key is named by its ARN
 * (`{ keyArn }`), or, for a permission set, as any key of `accountId` tagged {@link EXEC_KEY_TAG}.
 */
export function oncallStatements(
  execKey?: { keyArn: pulumi.Input<string> } | { accountId: pulumi.Input<string> },
): Statement[] {
  const operations: Statement = {
    Sid: "OnCallOperations",
    Effect: "Allow",
    Action: ONCALL_ACTIONS,
    Resource: "*",
  };
  if (execKey === undefined) return [operations];
  const session: Statement =
    "keyArn" in execKey
      ? { Sid: "EcsExecSessionKey", Effect: "Allow", Action: "kms:GenerateDataKey", Resource: execKey.keyArn }
      : {
          Sid: "EcsExecSessionKey",
          Effect: "Allow",
          Action: "kms:GenerateDataKey",
          Resource: interpolateKnown`arn:aws:kms:*:${execKey.accountId}:key/*`,
          Condition: { StringEquals: { [`aws:ResourceTag/${EXEC_KEY_TAG}`]: "true" } },
        };
  return [operations, session];
}

/**
 * The inline policy of on-call's Identity Center permission set for `accountId`: its operations, the ECS
 * Exec session key and the VPN's operations, all written by tag, since the organization defines the set
 * before the environment's resources exist. The environment's plan judges on-call's requests with it.
 */
export function oncallPermissionSetStatements(accountId: pulumi.Input<string>): Statement[] {
  return [...oncallStatements({ accountId }), ...vpnOperatorStatementsByTag(accountId)];
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
    const oncallPolicy = policyJson(
      oncallStatements(args.execKeyArn === undefined ? undefined : { keyArn: args.execKeyArn }),
    );
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
