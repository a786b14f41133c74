/**
 * People's access through IAM Identity Center: the permission sets of every account and their group
 * assignments, written in the instance's primary (home) Region, the only Region that accepts permission-set
 * and assignment writes ("IAM Identity Center service APIs supported in additional AWS Regions",
 * https://docs.aws.amazon.com/singlesignon/latest/userguide/api-support-in-additional-regions.html).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { ACCESS_ROLES, AccessRole } from "../access/model";
import { oncallPermissionSetStatements, ROLE_POLICIES, SHORT_ROLE_NAMES } from "../access/people";
import { policyJson } from "../shared/policies";

/** The group (display name) of each role, unless the config names others. */
export const DEFAULT_GROUPS: Readonly<Record<AccessRole, string>> = {
  administrators: "platform-admins",
  developers: "developers",
  oncall: "oncall",
  auditors: "security-auditors",
};

/** One account people reach: the prefix of its permission sets, the roles it offers, their session length. */
export interface AccessTarget {
  /** Prefix of the permission sets' names (`<name>-<role>`): the environment's name, or the account's role. */
  name: string;
  accountId: pulumi.Input<string>;
  roles: readonly AccessRole[];
  sessionDurationHours: number;
}

/**
 * A permission set's name: at most 32 characters of `\w+=,.@-` (CreatePermissionSet, Name,
 * https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_CreatePermissionSet.html).
 */
export function permissionSetName(target: string, role: AccessRole): string {
  const name = `${target}-${SHORT_ROLE_NAMES[role]}`;
  if (!/^[\w+=,.@-]{1,32}$/.test(name)) {
    throw new Error(
      `permission set name "${name}" breaks Identity Center's rule: 1..32 of A-Z a-z 0-9 +=,.@_-`,
    );
  }
  return name;
}

export interface IdentityCenterArgs {
  instanceArn: string;
  identityStoreId: string;
  /** The group of each role. */
  groups: Readonly<Record<AccessRole, string>>;
  /** The accounts and the roles each offers. */
  targets: readonly AccessTarget[];
}

/**
 * A permission set per account and role (`<target>-<role>`: administrators, developers, on-call with its
 * operations and the VPN operators' actions scoped by tag to its account, auditors), each assigned to its
 * group on its account. The provider this component is given must be the management account's, in the
 * instance's home Region.
 */
export class IdentityCenter extends pulumi.ComponentResource {
  /** Permission set ARNs by `<target>-<role>` name. */
  readonly permissionSetArns: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: IdentityCenterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:organization:IdentityCenter", name, {}, opts);
    const parent = { parent: this };
    const { instanceArn, identityStoreId } = args;
    const groupIds = Object.fromEntries(
      ACCESS_ROLES.map((role) => [
        role,
        aws.identitystore.getGroupOutput(
          {
            identityStoreId,
            alternateIdentifier: {
              uniqueAttribute: { attributePath: "DisplayName", attributeValue: args.groups[role] },
            },
          },
          parent,
        ).groupId,
      ]),
    ) as Record<AccessRole, pulumi.Output<string>>;

    const arns: Record<string, pulumi.Output<string>> = {};
    for (const target of args.targets) {
      for (const role of target.roles) {
        const setName = permissionSetName(target.name, role);
        const id = `${name}-${setName}`;
        const set = new aws.ssoadmin.PermissionSet(
          id,
          {
            instanceArn,
            name: setName,
            description: `${role} of ${target.name}`,
            sessionDuration: `PT${target.sessionDurationHours}H`,
          },
          parent,
        );
        ROLE_POLICIES[role].forEach(
          (policyArn, i) =>
            new aws.ssoadmin.ManagedPolicyAttachment(
              `${id}-policy-${i}`,
              { instanceArn, permissionSetArn: set.arn, managedPolicyArn: policyArn },
              parent,
            ),
        );
        if (role === "oncall") {
          new aws.ssoadmin.PermissionSetInlinePolicy(
            `${id}-operations`,
            {
              instanceArn,
              permissionSetArn: set.arn,
              inlinePolicy: policyJson(oncallPermissionSetStatements(target.accountId)),
            },
            parent,
          );
        }
        new aws.ssoadmin.AccountAssignment(
          `${id}-assignment`,
          {
            instanceArn,
            permissionSetArn: set.arn,
            principalType: "GROUP",
            principalId: groupIds[role],
            targetType: "AWS_ACCOUNT",
            targetId: target.accountId,
          },
          parent,
        );
        arns[setName] = set.arn;
      }
    }
    this.permissionSetArns = arns;
    this.registerOutputs({ permissionSetArns: arns });
  }
}
