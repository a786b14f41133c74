import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyJson, Statement } from "../policies";
import { AppTeam } from "./model";
import { githubSubject, githubTrust } from "./trust";

/** The tag that says which team owns a resource; app-team roles act only on resources tagged with their name. */
export const TEAM_TAG = "team";

/** The most any app-team role (or a role it creates) may ever do. */
export function appTeamBoundaryStatements(): Statement[] {
  return [
    {
      Sid: "ServiceDeployment",
      Effect: "Allow",
      Action: [
        "ecs:*",
        "elasticloadbalancing:*",
        "application-autoscaling:*",
        "cloudwatch:*",
        "logs:*",
        "ecr:*",
        "ssm:GetParameter*",
        "secretsmanager:GetSecretValue",
        "secretsmanager:DescribeSecret",
        "ec2:Describe*",
        "iam:PassRole",
        "iam:GetRole",
        "iam:CreateRole",
        "iam:DeleteRole",
        "iam:PutRolePolicy",
        "iam:DeleteRolePolicy",
        "iam:TagRole",
        "kms:Decrypt",
        "kms:GenerateDataKey*",
        "sts:GetCallerIdentity",
      ],
      Resource: "*",
    },
  ];
}

/** What one team's role may do: its own tagged ECS and load balancer resources, its roles, secrets and logs. */
export function appTeamStatements(
  team: string,
  accountId: pulumi.Input<string>,
  region: string,
  boundaryArn: pulumi.Input<string>,
): Statement[] {
  const own = { StringEquals: { [`aws:ResourceTag/${TEAM_TAG}`]: team } };
  const tagging = { StringEquals: { [`aws:RequestTag/${TEAM_TAG}`]: team } };
  const roles = pulumi.interpolate`arn:aws:iam::${accountId}:role/apps/${team}/*`;
  return [
    {
      Sid: "Read",
      Effect: "Allow",
      Action: [
        "ecs:Describe*",
        "ecs:List*",
        "elasticloadbalancing:Describe*",
        "ec2:Describe*",
        "application-autoscaling:Describe*",
        "sts:GetCallerIdentity",
      ],
      Resource: "*",
    },
    {
      Sid: "CreateOnlyTagged",
      Effect: "Allow",
      Action: [
        "ecs:CreateService",
        "ecs:RegisterTaskDefinition",
        "elasticloadbalancing:CreateTargetGroup",
        "elasticloadbalancing:CreateRule",
        "ecs:TagResource",
        "elasticloadbalancing:AddTags",
      ],
      Resource: "*",
      Condition: tagging,
    },
    {
      Sid: "ChangeOnlyOwn",
      Effect: "Allow",
      Action: [
        "ecs:UpdateService",
        "ecs:DeleteService",
        "ecs:DeregisterTaskDefinition",
        "ecs:UntagResource",
        "elasticloadbalancing:ModifyTargetGroup*",
        "elasticloadbalancing:DeleteTargetGroup",
        "elasticloadbalancing:ModifyRule",
        "elasticloadbalancing:DeleteRule",
        "elasticloadbalancing:SetRulePriorities",
        "elasticloadbalancing:RemoveTags",
      ],
      Resource: "*",
      Condition: own,
    },
    {
      Sid: "OwnRolesWithinTheBoundary",
      Effect: "Allow",
      Action: ["iam:CreateRole", "iam:PutRolePolicy"],
      Resource: roles,
      Condition: { StringEquals: { "iam:PermissionsBoundary": boundaryArn } },
    },
    {
      Sid: "OwnRoles",
      Effect: "Allow",
      Action: ["iam:GetRole", "iam:DeleteRole", "iam:DeleteRolePolicy", "iam:TagRole", "iam:PassRole"],
      Resource: roles,
    },
    {
      Sid: "OwnSecrets",
      Effect: "Allow",
      Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
      Resource: pulumi.interpolate`arn:aws:secretsmanager:${region}:${accountId}:secret:${team}/*`,
    },
    {
      Sid: "OwnLogs",
      Effect: "Allow",
      Action: "logs:*",
      Resource: pulumi.interpolate`arn:aws:logs:${region}:${accountId}:log-group:/apps/${team}/*`,
    },
  ];
}

export interface AppTeamAccessArgs {
  teams: AppTeam[];
  /** The environment's name: the GitHub environment app workflows deploy from. */
  environment: string;
  accountId: pulumi.Input<string>;
  region: string;
  namePrefix: string;
  /** The GitHub OIDC provider of the member account (CiIdentity). */
  githubProviderArn: pulumi.Input<string>;
}

/**
 * A role per app team that its repository's workflows assume (OIDC, jobs in the GitHub environment named
 * like this environment) to deploy its own services: ECS services, task definitions, target groups and
 * listener rules tagged `team=<name>`, roles under /apps/<name>/ that carry the app-team boundary, its own
 * secrets (`<name>/*`) and log groups (`/apps/<name>/*`). Every team role also carries the boundary.
 */
export class AppTeamAccess extends pulumi.ComponentResource {
  readonly boundary: aws.iam.Policy;
  readonly roleArns: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: AppTeamAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:access:AppTeamAccess", name, {}, opts);
    const parent = { parent: this };
    this.boundary = new aws.iam.Policy(
      `${name}-boundary`,
      {
        name: `${args.namePrefix}-app-team-boundary`,
        description: "Upper bound of app-team roles",
        policy: policyJson(appTeamBoundaryStatements()),
      },
      parent,
    );
    this.roleArns = {};
    for (const team of args.teams) {
      const role = new aws.iam.Role(
        `${name}-${team.name}`,
        {
          name: `${args.namePrefix}-app-${team.name}`,
          description: `Deploys ${team.name}'s services from ${team.repository}`,
          assumeRolePolicy: policyJson(
            githubTrust(args.githubProviderArn, [
              githubSubject.environment(team.repository, args.environment),
            ]),
          ),
          permissionsBoundary: this.boundary.arn,
          maxSessionDuration: 3600,
          tags: { [TEAM_TAG]: team.name },
        },
        parent,
      );
      new aws.iam.RolePolicy(
        `${name}-${team.name}-policy`,
        {
          role: role.id,
          policy: policyJson(appTeamStatements(team.name, args.accountId, args.region, this.boundary.arn)),
        },
        parent,
      );
      this.roleArns[team.name] = role.arn;
    }
    this.registerOutputs({ boundaryArn: this.boundary.arn, roleArns: this.roleArns });
  }
}
