/**
 * The typed contract of what one environment exports. App teams read these through StackReference;
 * renaming or removing a field is a breaking change and bumps {@link CONTRACT_VERSION}.
 */
import * as pulumi from "@pulumi/pulumi";

/** Bumped on every breaking change to {@link PlatformOutputs}. */
export const CONTRACT_VERSION = 1;

export interface SubnetIdsByTier {
  /** Load balancers, NAT gateways and the VPN server only. */
  public: string[];
  /** Services. */
  private: string[];
  /** Data stores; no route out of the VPC. */
  data: string[];
}

/** Everything an environment exports, as resolved values. */
export interface PlatformOutputs {
  contractVersion: number;
  /** Member account of the environment. */
  accountId: string;
  region: string;
  /** The environment's name (its stack name). */
  environment: string;
  vpcId: string;
  vpcCidr: string;
  availabilityZones: string[];
  subnetIds: SubnetIdsByTier;
  /** The environment's customer-managed KMS key. */
  kmsKeyArn: string;
  /** The environment's alert topic (alarms publish here). */
  alertTopicArn: string;
  /** Roles CI assumes through GitHub OIDC. */
  ciRoleArns: { preview: string; deploy: string };
  /** The role each app team's workflows assume, by team name. */
  appTeamRoleArns: Record<string, string>;
  /** The emergency administrator role; every use alerts. */
  breakGlassRoleArn: string;
}

/** The same contract as the program produces it: every field an output. */
export type PlatformStackOutputs = { [K in keyof PlatformOutputs]: pulumi.Input<PlatformOutputs[K]> };
