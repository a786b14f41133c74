/**
 * Tier defaults: the one place where `dev`, `stage` and `prod` differ by default.
 * A stack picks a tier with `platform:tier` and overrides any of these in its YAML.
 */

// Edge and compute (issue 4).
import type { ServiceConfig } from "../components/compute/serviceSpec";

export const TIER_NAMES = ["dev", "stage", "prod"] as const;
export type TierName = (typeof TIER_NAMES)[number];

export const NAT_STRATEGIES = ["perAz", "single"] as const;
export type NatStrategy = (typeof NAT_STRATEGIES)[number];

/** Interface endpoints the network can create in the private tier (service name suffixes). */
export const INTERFACE_ENDPOINTS = [
  "ecr.api",
  "ecr.dkr",
  "logs",
  "secretsmanager",
  "ssm",
  "ssmmessages",
  "ec2messages",
  "sts",
  "kms",
] as const;
export type InterfaceEndpoint = (typeof INTERFACE_ENDPOINTS)[number];

/** Retention values CloudWatch Logs accepts (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Values a tier sets by default; each is also a config key of the same name. */
export interface TierProfile {
  /** Availability Zones the VPC spans. */
  azCount: number;
  /** NAT gateways: one per AZ (survives an AZ loss) or a single one (cheaper). */
  natGateways: NatStrategy;
  /** Interface endpoints in the private tier. */
  interfaceEndpoints: InterfaceEndpoint[];
  /** Retention of every log group, in days. */
  logRetentionDays: number;
  /** Retention of the CloudTrail bucket's objects, in days. */
  trailRetentionDays: number;
  /** Waiting period before a deleted KMS key is gone, in days (7..30). */
  kmsDeletionWindowDays: number;
  /** `protect` stateful resources (keys, buckets with data, databases) against `pulumi destroy`. */
  protectStatefulResources: boolean;
  /** Monthly cost budget of the member account, in USD. */
  budgetMonthlyUsd: number;
  // --- Edge and compute (issue 4).
  /** Deletion protection of the load balancers. */
  albDeletionProtection: boolean;
  /** Tasks of each service always on regular Fargate. */
  fargateBaseTasks: number;
  /** Share of the remaining tasks on Fargate Spot, in percent. */
  fargateSpotPercent: number;
  /** Allow ECS Exec into service tasks. */
  ecsExec: boolean;
  /** Minimum tasks of an api or worker service that does not set its own. */
  defaultMinTasks: number;
  /** Services of the environment: none by default; stacks declare theirs. */
  services: ServiceConfig[];
}

export const TIER_PROFILES: Readonly<Record<TierName, TierProfile>> = {
  dev: {
    azCount: 2,
    natGateways: "single",
    interfaceEndpoints: [],
    logRetentionDays: 14,
    trailRetentionDays: 90,
    kmsDeletionWindowDays: 7,
    protectStatefulResources: false,
    budgetMonthlyUsd: 1500,
    // Edge and compute (issue 4): cheap, Spot-only, exec allowed.
    albDeletionProtection: false,
    fargateBaseTasks: 0,
    fargateSpotPercent: 100,
    ecsExec: true,
    defaultMinTasks: 1,
    services: [],
  },
  stage: {
    azCount: 3,
    natGateways: "single",
    interfaceEndpoints: ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "sts"],
    logRetentionDays: 30,
    trailRetentionDays: 365,
    kmsDeletionWindowDays: 30,
    protectStatefulResources: false,
    budgetMonthlyUsd: 4000,
    // Edge and compute (issue 4): two tasks across AZs, half of the rest on Spot.
    albDeletionProtection: false,
    fargateBaseTasks: 1,
    fargateSpotPercent: 50,
    ecsExec: true,
    defaultMinTasks: 2,
    services: [],
  },
  prod: {
    azCount: 3,
    natGateways: "perAz",
    interfaceEndpoints: [
      "ecr.api",
      "ecr.dkr",
      "logs",
      "secretsmanager",
      "ssm",
      "ssmmessages",
      "ec2messages",
      "sts",
      "kms",
    ],
    logRetentionDays: 365,
    trailRetentionDays: 2557,
    kmsDeletionWindowDays: 30,
    protectStatefulResources: true,
    budgetMonthlyUsd: 15000,
    // Edge and compute (issue 4): a task per AZ on regular Fargate, no exec, protected load balancers.
    albDeletionProtection: true,
    fargateBaseTasks: 2,
    fargateSpotPercent: 0,
    ecsExec: false,
    defaultMinTasks: 3,
    services: [],
  },
};
