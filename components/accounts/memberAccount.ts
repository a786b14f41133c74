import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Create a new member account in the Organization, or adopt an existing one by id. */
export type AccountSpec =
  | {
      mode: "create";
      /** Root email of the new account (unique across AWS). */
      email: string;
      /** Account name shown in the Organization. */
      name: string;
      /** OU (or root) the account is placed in. */
      organizationalUnitId: pulumi.Input<string>;
      /** Role Organizations creates in the account for the management account to assume. */
      accessRole: string;
    }
  | {
      mode: "adopt";
      /** Id of the existing member account. */
      id: string;
      /** OU the account is in (where its guardrails are attached). */
      organizationalUnitId: pulumi.Input<string>;
      /** Role in that account that the stack's credentials can assume. */
      accessRole: string;
    };

export interface MemberAccountArgs {
  account: AccountSpec;
  /** Region of the environment: the member provider's region. */
  region: string;
  /** Tags every resource created through the member provider carries. */
  defaultTags: Record<string, string>;
  /** Session name of the assumed role, seen in the member account's CloudTrail. */
  sessionName: string;
  /**
   * Assume the account's access role (true, default: the stack runs with management credentials), or use
   * the ambient credentials as they are (false: CI already holds the member account's deploy role). Either
   * way the provider refuses to act in any other account.
   */
  assumeAccessRole?: boolean;
}

/**
 * The environment's AWS account and the provider that builds inside it.
 *
 * With `mode: "create"` the account is created in the Organization (through the provider this component
 * is given, which must hold management-account or delegated credentials) and protected: removing it from
 * the program cannot close it. With `mode: "adopt"` nothing is created. Either way `provider` assumes
 * the account's access role, refuses to act in any other account, and tags everything it creates.
 */
export class MemberAccount extends pulumi.ComponentResource {
  readonly accountId: pulumi.Output<string>;
  readonly provider: aws.Provider;
  readonly account?: aws.organizations.Account;
  readonly accessRoleArn: pulumi.Output<string>;

  constructor(name: string, args: MemberAccountArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:accounts:MemberAccount", name, {}, opts);
    const spec = args.account;

    if (spec.mode === "create") {
      this.account = new aws.organizations.Account(
        name,
        {
          name: spec.name,
          email: spec.email,
          parentId: spec.organizationalUnitId,
          roleName: spec.accessRole,
          iamUserAccessToBilling: "DENY",
          closeOnDeletion: false,
        },
        {
          parent: this,
          protect: true,
          retainOnDelete: true,
          // Organizations only reads these at creation; changing them later would replace the account.
          ignoreChanges: ["roleName", "iamUserAccessToBilling"],
        },
      );
      this.accountId = this.account.id;
    } else {
      this.accountId = pulumi.output(spec.id);
    }

    this.accessRoleArn = pulumi.interpolate`arn:aws:iam::${this.accountId}:role/${spec.accessRole}`;
    this.provider = new aws.Provider(
      `${name}-provider`,
      {
        region: args.region as aws.Region,
        allowedAccountIds: [this.accountId],
        assumeRoles:
          (args.assumeAccessRole ?? true)
            ? [{ roleArn: this.accessRoleArn, sessionName: args.sessionName }]
            : [],
        defaultTags: { tags: args.defaultTags },
      },
      { parent: this },
    );

    this.registerOutputs({
      accountId: this.accountId,
      provider: this.provider,
      accessRoleArn: this.accessRoleArn,
    });
  }
}
