/** One service module under mocks: its arguments in a test account, and the resources it registers. */
import { Service, ServiceArgs } from "../../components/compute/service";
import { resolveServices, ServiceConfig } from "../../components/compute/serviceSpec";
import { RecordedResource } from "../../tools/engine/mockEngine";
import { runComponent } from "./graph";

/** What runs a service's image: held back (not created) in a bootstrap deploy. */
export const WORKLOAD_TYPES = [
  "aws:ecs/taskDefinition:TaskDefinition",
  "aws:ecs/service:Service",
  "aws:appautoscaling/target:Target",
  "aws:appautoscaling/policy:Policy",
  "aws:scheduler/schedule:Schedule",
];

export const TEST_ACCOUNT = "123456789012";
export const TEST_KEY = `arn:aws:kms:eu-west-1:${TEST_ACCOUNT}:key/env`;
export const TEST_PRIVATE_SUBNETS = ["subnet-private-a", "subnet-private-b", "subnet-private-c"];

/**
 * The arguments of a service in the test account: a prod-like tier (two tasks, HA gateway) unless `tier`
 * says otherwise, a listener when it serves an api, and `extra` over all of it.
 */
export function serviceArgs(
  config: ServiceConfig,
  extra: Partial<ServiceArgs> = {},
  tier = { minTasks: 2, haGateway: true },
): ServiceArgs {
  const [spec] = resolveServices([config], tier);
  return {
    spec,
    baseName: "platform-test",
    region: "eu-west-1",
    accountId: TEST_ACCOUNT,
    clusterArn: `arn:aws:ecs:eu-west-1:${TEST_ACCOUNT}:cluster/main`,
    clusterName: "main",
    capacityProviderStrategy: [{ capacityProvider: "FARGATE", base: 1, weight: 100 }],
    vpcId: "vpc-1",
    subnetIds: TEST_PRIVATE_SUBNETS,
    servicesSecurityGroupId: "sg-services",
    kmsKeyArn: TEST_KEY,
    logRetentionDays: 30,
    listener: spec.modes.includes("api")
      ? { listenerArn: "arn:listener", securityGroupId: "sg-alb", loadBalancerArnSuffix: "app/internal/123" }
      : undefined,
    ...extra,
  };
}

/** The resources one service registers. */
export async function serviceResources(args: ServiceArgs): Promise<RecordedResource[]> {
  return (await runComponent(() => new Service(args.spec.name, args))).resources;
}
