/**
 * The orders team's API on the platform, as an app team writes it: read the environment through the
 * SDK, act through the team's role in the member account, and land one ECS service behind the internal
 * ALB with a path rule, reaching Postgres and the cache, reading only the team's own secrets.
 */
import {
  listenerRule,
  memberProvider,
  platform,
  secretReadStatements,
  storeEgressRules,
} from "@acme-platform/platform-sdk";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const PORT = 8080;

export function appService(): Record<string, pulumi.Output<unknown>> {
  const config = new pulumi.Config();
  const team = config.require("team");
  const image = config.require("image");
  const env = platform(config.require("platformStack"));
  const provider = memberProvider("member", env, team);
  const opts = { provider };
  const tags = { team };

  // The service's own security group: the internal ALB in, the stores out.
  const sg = new aws.ec2.SecurityGroup(
    `${team}-api`,
    { vpcId: env.outputs.vpcId, description: `${team} API tasks`, tags },
    opts,
  );
  new aws.vpc.SecurityGroupIngressRule(
    `${team}-api-from-alb`,
    {
      securityGroupId: sg.id,
      referencedSecurityGroupId: env.outputs.internalAlbSecurityGroupId,
      ipProtocol: "tcp",
      fromPort: PORT,
      toPort: PORT,
    },
    opts,
  );
  storeEgressRules(
    `${team}-api`,
    { platform: env, securityGroupId: sg.id, stores: ["postgres", "cache"] },
    opts,
  );
  new aws.vpc.SecurityGroupEgressRule(
    `${team}-api-https`,
    {
      securityGroupId: sg.id,
      cidrIpv4: "0.0.0.0/0",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      description: "AWS APIs",
    },
    opts,
  );

  const targetGroup = new aws.lb.TargetGroup(
    `${team}-api`,
    {
      vpcId: env.outputs.vpcId,
      port: PORT,
      protocol: "HTTP",
      targetType: "ip",
      healthCheck: { path: "/health", matcher: "200" },
      deregistrationDelay: 30,
      tags,
    },
    opts,
  );
  listenerRule(
    `${team}-api`,
    { platform: env, team, path: `/apps/${team}/*`, index: 0, targetGroupArn: targetGroup.arn },
    opts,
  );

  // Roles live under /apps/<team>/ with the team's own boundary, as the team's role requires.
  const trust = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" },
    ],
  });
  const boundary = env.outputs.appTeams.apply((teams) => teams[team].permissionsBoundaryArn);
  const taskRole = new aws.iam.Role(
    `${team}-api-task`,
    { path: `/apps/${team}/`, assumeRolePolicy: trust, permissionsBoundary: boundary, tags },
    opts,
  );
  new aws.iam.RolePolicy(
    `${team}-api-secrets`,
    {
      role: taskRole.id,
      policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: secretReadStatements(env, team) }),
    },
    opts,
  );
  const executionRole = new aws.iam.Role(
    `${team}-api-execution`,
    { path: `/apps/${team}/`, assumeRolePolicy: trust, permissionsBoundary: boundary, tags },
    opts,
  );
  new aws.iam.RolePolicyAttachment(
    `${team}-api-execution`,
    {
      role: executionRole.name,
      policyArn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
    },
    opts,
  );

  const logGroup = new aws.cloudwatch.LogGroup(
    `${team}-api`,
    { name: `/apps/${team}/api`, retentionInDays: 30, kmsKeyId: env.outputs.kmsKeyArn, tags },
    opts,
  );
  const taskDefinition = new aws.ecs.TaskDefinition(
    `${team}-api`,
    {
      family: `${team}-api`,
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: "256",
      memory: "512",
      taskRoleArn: taskRole.arn,
      executionRoleArn: executionRole.arn,
      containerDefinitions: pulumi.jsonStringify([
        {
          name: "api",
          image,
          essential: true,
          readonlyRootFilesystem: true,
          user: "1000",
          portMappings: [{ containerPort: PORT, protocol: "tcp" }],
          environment: [
            { name: "POSTGRES_HOST", value: env.outputs.data.postgres.address },
            { name: "CACHE_HOST", value: env.outputs.data.cache.endpoint },
          ],
          logConfiguration: {
            logDriver: "awslogs",
            options: {
              "awslogs-group": logGroup.name,
              "awslogs-region": env.outputs.region,
              "awslogs-stream-prefix": "api",
            },
          },
        },
      ]),
      tags,
    },
    opts,
  );
  const service = new aws.ecs.Service(
    `${team}-api`,
    {
      cluster: env.outputs.clusterArn,
      taskDefinition: taskDefinition.arn,
      desiredCount: 2,
      launchType: "FARGATE",
      networkConfiguration: {
        subnets: env.outputs.subnetIds.private,
        securityGroups: [sg.id, env.outputs.servicesSecurityGroupId],
        assignPublicIp: false,
      },
      loadBalancers: [{ targetGroupArn: targetGroup.arn, containerName: "api", containerPort: PORT }],
      deploymentCircuitBreaker: { enable: true, rollback: true },
      propagateTags: "SERVICE",
      tags,
    },
    opts,
  );

  return {
    serviceName: service.name,
    url: pulumi.interpolate`${env.outputs.internalUrl}/apps/${team}/`,
  };
}
