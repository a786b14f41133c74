import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { EXEC_CHANNEL_ACTIONS, QUEUE_USE_ACTIONS, TRACE_ACTIONS } from "../compute/servicePolicies";
import { TABLE_ACTIONS } from "../data/dynamoTable";
import { KafkaClientSpec } from "../messaging/kafka";
import { policyJson, Statement } from "../shared/policies";
import { AppTeam } from "./model";
import { githubSubject, githubTrust } from "./trust";

/** The tag that says which team owns a resource; app-team roles act only on resources tagged with their name. */
export const TEAM_TAG = "team";

/** The name of a team's permissions boundary (a customer managed policy at the root path). */
export const appTeamBoundaryName = (namePrefix: string, team: string): string =>
  `${namePrefix}-app-${team}-boundary`;

/** The ARN of a team's boundary, from its fixed name: known before the policy exists, so a policy may name it. */
export const appTeamBoundaryArn = (
  accountId: pulumi.Input<string>,
  namePrefix: string,
  team: string,
): pulumi.Output<string> =>
  pulumi.interpolate`arn:aws:iam::${accountId}:policy/${appTeamBoundaryName(namePrefix, team)}`;

/** Where a team's roles live: `role/apps/<team>/*`. */
export const appTeamRolesArn = (accountId: pulumi.Input<string>, team: string): pulumi.Output<string> =>
  pulumi.interpolate`arn:aws:iam::${accountId}:role/apps/${team}/*`;

/**
 * The IAM actions on a team's roles that take the `iam:PermissionsBoundary` condition key: a team may create
 * or change the permissions of a role only when the role carries (or is given) the team's own boundary.
 */
export const BOUNDED_ROLE_ACTIONS = [
  "iam:CreateRole",
  "iam:PutRolePolicy",
  "iam:DeleteRolePolicy",
  "iam:AttachRolePolicy",
  "iam:DetachRolePolicy",
  "iam:PutRolePermissionsBoundary",
];

/**
 * The IAM actions on a team's roles that are not conditioned on that key (most of them do not carry it, and
 * a condition on an absent key never holds): limited to the team's path instead, where a team's role can
 * only have been created with the team's boundary.
 */
export const TEAM_ROLE_ACTIONS = [
  "iam:GetRole",
  "iam:GetRolePolicy",
  "iam:ListRolePolicies",
  "iam:ListAttachedRolePolicies",
  "iam:TagRole",
  "iam:UntagRole",
  "iam:PassRole",
  "iam:DeleteRole",
];

/** What one team's roles and their own roles may do on IAM, secrets and parameters: only their own. */
function teamScopedStatements(
  team: string,
  accountId: pulumi.Input<string>,
  region: string,
  boundaryArn: pulumi.Input<string>,
): Statement[] {
  const roles = appTeamRolesArn(accountId, team);
  return [
    {
      Sid: "OwnRolesWithinTheBoundary",
      Effect: "Allow",
      Action: BOUNDED_ROLE_ACTIONS,
      Resource: roles,
      Condition: { StringEquals: { "iam:PermissionsBoundary": boundaryArn } },
    },
    { Sid: "OwnRoles", Effect: "Allow", Action: TEAM_ROLE_ACTIONS, Resource: roles },
    {
      Sid: "OwnSecrets",
      Effect: "Allow",
      Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
      Resource: pulumi.interpolate`arn:aws:secretsmanager:${region}:${accountId}:secret:${team}/*`,
    },
    {
      Sid: "OwnParameters",
      Effect: "Allow",
      Action: ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"],
      Resource: pulumi.interpolate`arn:aws:ssm:${region}:${accountId}:parameter/${team}/*`,
    },
  ];
}

/** What a team's services are handed to use, and where the boundary scopes it. */
export interface AppTeamWorkload {
  /** The Kafka client named like the team (MSK with IAM authentication), if the stack declares one. */
  kafkaClient?: Pick<KafkaClientSpec, "name" | "read" | "write">;
}

/** One team in one environment: whose statements, in which account, Region and environment. */
export interface AppTeamScope {
  team: string;
  accountId: pulumi.Input<string>;
  region: string;
  /** The environment's name prefix (`platform-dev`). */
  namePrefix: string;
  workload?: AppTeamWorkload;
}

/**
 * What a team's services may use at run time, exactly what the platform hands a team, each on the team's
 * own resources only: its queues (`<team>-*`), the environment's tables (`<namePrefix>-*`, handed to teams
 * for their grants) and its own (`<team>-*`), its buckets (`<team>-*`), Postgres as the database user
 * `<team>` or `<team>_*` (IAM authentication), the environment's bus, X-Ray and the ECS Exec channels (which
 * take no resource), and Kafka as the team's own client: its cluster connection, topics and consumer groups.
 */
export function appTeamWorkloadStatements({
  team,
  accountId,
  region,
  namePrefix,
  workload = {},
}: AppTeamScope): Statement[] {
  const arn = (service: string, rest: string): pulumi.Output<string> =>
    pulumi.interpolate`arn:aws:${service}:${region}:${accountId}:${rest}`;
  const tables = [`table/${namePrefix}-*`, `table/${team}-*`].flatMap((t) => [
    arn("dynamodb", t),
    arn("dynamodb", `${t}/index/*`),
  ]);
  const statements: Statement[] = [
    {
      Sid: "OwnQueues",
      Effect: "Allow",
      Action: [...QUEUE_USE_ACTIONS],
      Resource: arn("sqs", `${team}-*`),
    },
    { Sid: "Tables", Effect: "Allow", Action: [...TABLE_ACTIONS.readWrite], Resource: tables },
    {
      Sid: "OwnBuckets",
      Effect: "Allow",
      Action: [
        "s3:ListBucket",
        "s3:GetObject",
        "s3:GetObjectVersion",
        "s3:PutObject",
        "s3:DeleteObject",
        "s3:AbortMultipartUpload",
      ],
      Resource: [`arn:aws:s3:::${team}-*`, `arn:aws:s3:::${team}-*/*`],
    },
    {
      Sid: "PostgresAsTheTeam",
      Effect: "Allow",
      Action: "rds-db:connect",
      Resource: [arn("rds-db", `dbuser:*/${team}`), arn("rds-db", `dbuser:*/${team}_*`)],
    },
    // The environment's bus is named `<namePrefix>` (components/events/eventBus.ts).
    {
      Sid: "EnvironmentBus",
      Effect: "Allow",
      Action: "events:PutEvents",
      Resource: arn("events", `event-bus/${namePrefix}`),
    },
    {
      Sid: "TracesAndExecChannels",
      Effect: "Allow",
      Action: [...TRACE_ACTIONS, ...EXEC_CHANNEL_ACTIONS],
      Resource: "*",
    },
  ];
  const client = workload.kafkaClient;
  if (client) {
    // Any MSK cluster of the account and region (its ARN ends in a UUID, unknown here); topics and groups
    // are the client's own (msk.ts's mskClientStatements grants the same).
    const topic = (t: string): pulumi.Output<string> => arn("kafka", `topic/*/*/${t}`);
    statements.push(
      {
        Sid: "KafkaConnect",
        Effect: "Allow",
        Action: ["kafka-cluster:Connect", "kafka-cluster:WriteDataIdempotently"],
        Resource: arn("kafka", "cluster/*/*"),
      },
      {
        Sid: "KafkaTopics",
        Effect: "Allow",
        Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData", "kafka-cluster:WriteData"],
        Resource: [...new Set([...client.read, ...client.write])].map(topic),
      },
      {
        Sid: "KafkaGroups",
        Effect: "Allow",
        Action: ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"],
        Resource: [arn("kafka", `group/*/*/${client.name}`), arn("kafka", `group/*/*/${client.name}.*`)],
      },
    );
  }
  return statements;
}

/**
 * The most a team's role (or a role it creates) may ever do: deploy services, and on IAM, Secrets Manager
 * and SSM only the team's own roles (with this same boundary), secrets and parameters; and, for the roles
 * of its services, what the platform hands the team ({@link appTeamWorkloadStatements}). One per team, so
 * a role of one team can never act on another team's roles or read its secrets.
 */
export function appTeamBoundaryStatements(scope: AppTeamScope): Statement[] {
  const { team, accountId, region, namePrefix } = scope;
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
        "ec2:Describe*",
        "kms:Decrypt",
        "kms:GenerateDataKey*",
        "sts:GetCallerIdentity",
      ],
      Resource: "*",
    },
    ...teamScopedStatements(team, accountId, region, appTeamBoundaryArn(accountId, namePrefix, team)),
    ...appTeamWorkloadStatements(scope),
  ];
}

/** What one team's role may do: its own tagged ECS and load balancer resources, its roles, secrets, parameters and logs. */
export function appTeamStatements(
  team: string,
  accountId: pulumi.Input<string>,
  region: string,
  boundaryArn: pulumi.Input<string>,
): Statement[] {
  const own = { StringEquals: { [`aws:ResourceTag/${TEAM_TAG}`]: team } };
  const tagging = { StringEquals: { [`aws:RequestTag/${TEAM_TAG}`]: team } };
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
    ...teamScopedStatements(team, accountId, region, boundaryArn),
    {
      Sid: "NeverLiftTheBoundary",
      Effect: "Deny",
      Action: "iam:DeleteRolePermissionsBoundary",
      Resource: "*",
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
  /** What each team's services are handed (by team name). Default: no Kafka client. */
  workloads?: Record<string, AppTeamWorkload>;
}

/**
 * Per app team, a permissions boundary `<namePrefix>-app-<team>-boundary` and a role that the team's
 * repository's workflows assume (OIDC, jobs in the GitHub environment named like this environment) to deploy
 * its own services: ECS services, task definitions, target groups and listener rules tagged `team=<name>`;
 * roles only under /apps/<name>/ and only carrying the team's own boundary; its own secrets and SSM
 * parameters (`<name>/*`) and log groups (`/apps/<name>/*`). The team's role carries that boundary too.
 */
export class AppTeamAccess extends pulumi.ComponentResource {
  /** Each team's permissions boundary, by team name. */
  readonly boundaries: Record<string, aws.iam.Policy>;
  readonly roleArns: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: AppTeamAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:access:AppTeamAccess", name, {}, opts);
    const parent = { parent: this };
    this.boundaries = {};
    this.roleArns = {};
    for (const team of args.teams) {
      const boundary = new aws.iam.Policy(
        `${name}-${team.name}-boundary`,
        {
          name: appTeamBoundaryName(args.namePrefix, team.name),
          description: `Upper bound of ${team.name}'s roles and of every role ${team.name} creates`,
          policy: policyJson(
            appTeamBoundaryStatements({
              team: team.name,
              accountId: args.accountId,
              region: args.region,
              namePrefix: args.namePrefix,
              workload: args.workloads?.[team.name],
            }),
          ),
        },
        parent,
      );
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
          permissionsBoundary: boundary.arn,
          maxSessionDuration: 3600,
          tags: { [TEAM_TAG]: team.name },
        },
        parent,
      );
      new aws.iam.RolePolicy(
        `${name}-${team.name}-policy`,
        {
          role: role.id,
          policy: policyJson(appTeamStatements(team.name, args.accountId, args.region, boundary.arn)),
        },
        parent,
      );
      this.boundaries[team.name] = boundary;
      this.roleArns[team.name] = role.arn;
    }
    this.registerOutputs({
      boundaryArns: Object.fromEntries(Object.entries(this.boundaries).map(([t, b]) => [t, b.arn])),
      roleArns: this.roleArns,
    });
  }
}
