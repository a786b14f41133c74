import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { policyJson, Statement } from "../shared/policies";
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST, githubSubject, githubTrust } from "./trust";

export interface CiIdentityArgs {
  /** GitHub repository (owner/name) whose workflows may use the roles. */
  repository: string;
  /** The environment's name; also the GitHub environment the deploy job runs in. */
  environment: string;
  accountId: pulumi.Input<string>;
  /** Prefix of the roles' names, e.g. `platform`. */
  namePrefix: string;
  /**
   * Objects (ARN patterns) the preview role is explicitly denied reading: the issued VPN profiles. May
   * resolve later (the VPN is built after CI's identity). Default: none (secret values are always denied).
   */
  previewDeniedObjectArns?: pulumi.Input<pulumi.Input<string>[]>;
}

/** Role names CI uses; workflows refer to them (see .github/workflows). */
export const previewRoleName = (prefix: string): string => `${prefix}-preview`;
export const deployRoleName = (prefix: string): string => `${prefix}-deploy`;

/**
 * What the deploy role may do to IAM roles in general but never to CI's own roles: change their boundary,
 * their trust or their permissions. It still manages every other role the program creates.
 */
export const CI_ROLE_PROTECTED_ACTIONS = [
  "iam:DeleteRolePermissionsBoundary",
  "iam:PutRolePermissionsBoundary",
  "iam:UpdateAssumeRolePolicy",
  "iam:DeleteRolePolicy",
  "iam:PutRolePolicy",
  "iam:AttachRolePolicy",
  "iam:DetachRolePolicy",
];

/** ARNs of CI's two roles in the member account, from their fixed names. */
export function ciRoleArns(accountId: pulumi.Input<string>, namePrefix: string): pulumi.Output<string>[] {
  return [deployRoleName(namePrefix), previewRoleName(namePrefix)].map(
    (role) => pulumi.interpolate`arn:aws:iam::${accountId}:role/${role}`,
  );
}

/** What the deploy role may never do, whatever the policies attached to it say. */
export function deployBoundaryStatements(
  accountId: pulumi.Input<string>,
  boundaryName: string,
  namePrefix: string,
): Statement[] {
  return [
    { Sid: "AllowWithinBoundary", Effect: "Allow", Action: "*", Resource: "*" },
    {
      Sid: "NoLongLivedCredentials",
      Effect: "Deny",
      Action: ["iam:CreateUser", "iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile"],
      Resource: "*",
    },
    {
      Sid: "StayInTheOrganization",
      Effect: "Deny",
      Action: "organizations:LeaveOrganization",
      Resource: "*",
    },
    {
      Sid: "KeepAuditAndDetection",
      Effect: "Deny",
      Action: [
        "cloudtrail:StopLogging",
        "cloudtrail:DeleteTrail",
        "guardduty:DeleteDetector",
        "guardduty:DisassociateFromAdministratorAccount",
        "config:StopConfigurationRecorder",
        "config:DeleteConfigurationRecorder",
        "config:DeleteDeliveryChannel",
      ],
      Resource: "*",
    },
    {
      Sid: "KeepThisBoundary",
      Effect: "Deny",
      Action: [
        "iam:DeletePolicy",
        "iam:CreatePolicyVersion",
        "iam:DeletePolicyVersion",
        "iam:SetDefaultPolicyVersion",
      ],
      Resource: pulumi.interpolate`arn:aws:iam::${accountId}:policy/${boundaryName}`,
    },
    {
      // A deploy role that could lift its boundary, widen its trust or grant itself (or the preview role)
      // more would make the boundary and the trust above advisory. Changes to CI's roles are deployed by a
      // person with the Organization's access role, as their first deploy is.
      Sid: "KeepTheCiRoles",
      Effect: "Deny",
      Action: CI_ROLE_PROTECTED_ACTIONS,
      Resource: ciRoleArns(accountId, namePrefix),
    },
  ];
}

/**
 * What the preview role is denied whatever ReadOnlyAccess allows: secret values (a preview reads control-plane
 * state only, and the program reads no secret value while planning) and the objects in `deniedObjectArns`
 * (the issued VPN profiles, which hold private keys).
 */
export function previewDenyStatements(deniedObjectArns: string[]): Statement[] {
  return [
    {
      Sid: "NoSecretValues",
      Effect: "Deny",
      Action: "secretsmanager:GetSecretValue",
      Resource: "*",
    },
    ...(deniedObjectArns.length === 0
      ? []
      : [
          {
            Sid: "NoPrivateObjects",
            Effect: "Deny" as const,
            Action: ["s3:GetObject", "s3:GetObjectVersion"],
            Resource: deniedObjectArns,
          },
        ]),
  ];
}

/**
 * CI's identity in the member account: GitHub Actions' OIDC provider and two roles that trust only this
 * repository's workflows, with the audience and subject conditions GitHub documents:
 * - `preview`: pull requests (`repo:<repo>:pull_request`); read-only (ReadOnlyAccess, also as its boundary),
 *   explicitly denied secret values and the objects in `previewDeniedObjectArns`;
 * - `deploy`: jobs in the GitHub environment named like this environment (`repo:<repo>:environment:<env>`),
 *   which only the main-branch deploy workflow uses, behind the environment's required reviewers;
 *   administrator within a permissions boundary that forbids IAM users and keys, leaving the Organization,
 *   stopping the audit trail or detection, editing the boundary itself, and changing the boundary, trust or
 *   permissions of CI's own two roles (a person with the Organization's access role deploys those).
 * No access keys: credentials are short-lived, from `sts:AssumeRoleWithWebIdentity`.
 */
export class CiIdentity extends pulumi.ComponentResource {
  readonly provider: aws.iam.OpenIdConnectProvider;
  readonly previewRole: aws.iam.Role;
  readonly deployRole: aws.iam.Role;
  readonly deployBoundary: aws.iam.Policy;

  constructor(name: string, args: CiIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:access:CiIdentity", name, {}, opts);
    const parent = { parent: this };

    this.provider = new aws.iam.OpenIdConnectProvider(
      `${name}-github`,
      { url: `https://${GITHUB_OIDC_HOST}`, clientIdLists: [GITHUB_OIDC_AUDIENCE] },
      parent,
    );

    const readOnly = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    this.previewRole = new aws.iam.Role(
      `${name}-preview`,
      {
        name: previewRoleName(args.namePrefix),
        description: `pulumi preview of ${args.environment} from pull requests of ${args.repository}`,
        assumeRolePolicy: policyJson(
          githubTrust(this.provider.arn, [githubSubject.pullRequest(args.repository)]),
        ),
        permissionsBoundary: readOnly,
        maxSessionDuration: 3600,
      },
      parent,
    );
    new aws.iam.RolePolicyAttachment(
      `${name}-preview-read-only`,
      { role: this.previewRole.name, policyArn: readOnly },
      parent,
    );
    new aws.iam.RolePolicy(
      `${name}-preview-denies`,
      {
        role: this.previewRole.id,
        policy: pulumi
          .output(args.previewDeniedObjectArns ?? [])
          .apply((objects) => policyJson(previewDenyStatements(objects))),
      },
      parent,
    );

    const boundaryName = `${args.namePrefix}-deploy-boundary`;
    this.deployBoundary = new aws.iam.Policy(
      `${name}-deploy-boundary`,
      {
        name: boundaryName,
        description: "Upper bound of the platform deploy role",
        policy: policyJson(deployBoundaryStatements(args.accountId, boundaryName, args.namePrefix)),
      },
      parent,
    );
    this.deployRole = new aws.iam.Role(
      `${name}-deploy`,
      {
        name: deployRoleName(args.namePrefix),
        description: `pulumi up of ${args.environment} from the deploy workflow of ${args.repository}`,
        assumeRolePolicy: policyJson(
          githubTrust(this.provider.arn, [githubSubject.environment(args.repository, args.environment)]),
        ),
        permissionsBoundary: this.deployBoundary.arn,
        // A first deploy of prod takes about an hour.
        maxSessionDuration: 3 * 3600,
      },
      parent,
    );
    new aws.iam.RolePolicyAttachment(
      `${name}-deploy-admin`,
      { role: this.deployRole.name, policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
      parent,
    );

    this.registerOutputs({
      providerArn: this.provider.arn,
      previewRoleArn: this.previewRole.arn,
      deployRoleArn: this.deployRole.arn,
      deployBoundaryArn: this.deployBoundary.arn,
    });
  }
}
