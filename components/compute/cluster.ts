import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { encryptedLogGroup } from "../shared/logGroup";

/** One entry of a capacity provider strategy. */
export interface CapacityProviderStrategyItem {
  capacityProvider: "FARGATE" | "FARGATE_SPOT";
  base: number;
  weight: number;
}

/**
 * The capacity provider strategy: the first `baseTasks` tasks of a service on regular Fargate, the rest
 * split by weight, `spotPercent` of them on Fargate Spot. Providers with nothing to do are left out.
 */
export function capacityProviderStrategy(
  baseTasks: number,
  spotPercent: number,
): CapacityProviderStrategyItem[] {
  if (!Number.isInteger(spotPercent) || spotPercent < 0 || spotPercent > 100) {
    throw new Error(`spotPercent is 0..100; got ${spotPercent}`);
  }
  const strategy: CapacityProviderStrategyItem[] = [];
  if (baseTasks > 0 || spotPercent < 100) {
    strategy.push({ capacityProvider: "FARGATE", base: baseTasks, weight: 100 - spotPercent });
  }
  if (spotPercent > 0) {
    strategy.push({ capacityProvider: "FARGATE_SPOT", base: 0, weight: spotPercent });
  }
  return strategy;
}

export interface ClusterArgs {
  /** The environment key: ECS Exec sessions and their log group are encrypted with it. */
  kmsKeyArn: pulumi.Input<string>;
  /** Retention of the ECS Exec session log group, in days. */
  logRetentionDays: number;
  /** Tasks of each service that always run on regular (on-demand) Fargate. */
  fargateBaseTasks: number;
  /** Share of the remaining tasks on Fargate Spot, 0..100. */
  fargateSpotPercent: number;
  /**
   * What every resource of the cluster is created after: the account's ECS service-linked role, which the
   * account's first cluster otherwise races (components/accounts/serviceLinkedRoles.ts). Default: nothing.
   */
  prerequisites?: pulumi.Resource[];
}

/**
 * The ECS cluster services run in: Fargate and Fargate Spot capacity providers with the strategy from
 * config as the cluster default, Container Insights on, and ECS Exec sessions encrypted with the
 * environment key and logged to an encrypted log group (whether a service allows ECS Exec is its own
 * setting).
 */
export class Cluster extends pulumi.ComponentResource {
  readonly cluster: aws.ecs.Cluster;
  readonly arn: pulumi.Output<string>;
  readonly clusterName: pulumi.Output<string>;
  readonly execLogGroup: aws.cloudwatch.LogGroup;
  readonly strategy: CapacityProviderStrategyItem[];
  /** The cluster's capacity providers: services and scheduled tasks must wait for them. */
  readonly capacityProviders: aws.ecs.ClusterCapacityProviders;

  constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:compute:Cluster", name, {}, opts);
    const parent = { parent: this, dependsOn: args.prerequisites ?? [] };
    this.strategy = capacityProviderStrategy(args.fargateBaseTasks, args.fargateSpotPercent);

    this.execLogGroup = encryptedLogGroup(
      `${name}-exec-logs`,
      { retentionInDays: args.logRetentionDays, kmsKeyArn: args.kmsKeyArn },
      parent,
    );
    this.cluster = new aws.ecs.Cluster(
      name,
      {
        settings: [{ name: "containerInsights", value: "enabled" }],
        configuration: {
          executeCommandConfiguration: {
            kmsKeyId: args.kmsKeyArn,
            logging: "OVERRIDE",
            logConfiguration: {
              cloudWatchEncryptionEnabled: true,
              cloudWatchLogGroupName: this.execLogGroup.name,
            },
          },
        },
      },
      parent,
    );
    this.arn = this.cluster.arn;
    this.clusterName = this.cluster.name;

    this.capacityProviders = new aws.ecs.ClusterCapacityProviders(
      `${name}-capacity`,
      {
        clusterName: this.cluster.name,
        capacityProviders: ["FARGATE", "FARGATE_SPOT"],
        defaultCapacityProviderStrategies: this.strategy,
      },
      parent,
    );

    this.registerOutputs({
      arn: this.arn,
      clusterName: this.clusterName,
      execLogGroupName: this.execLogGroup.name,
      strategy: this.strategy,
    });
  }
}
