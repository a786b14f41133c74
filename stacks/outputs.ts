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

// --- Edge and compute (issue 4), service queues (issue 6, item 2).

/** The environment's identity provider: what a JWT verifier needs. */
export interface IdentityOutputs {
  userPoolId: string;
  /** OIDC issuer of the user pool. */
  issuerUrl: string;
  jwksUrl: string;
  /** App client of the gateway (authorization code with PKCE, no secret). */
  gatewayClientId: string;
  /** Base URL of the hosted UI and the OAuth2 endpoints. */
  authDomainUrl: string;
}

/** The partner API, when the environment has one (its client secret is `partnerApiClientSecret`). */
export interface PartnerApiOutputs {
  url: string;
  /** OAuth2 token endpoint for the client-credentials grant. */
  tokenUrl: string;
  clientId: string;
  /** The scope partners request. */
  scope: string;
}

/** What an app team's CI needs to ship one service. */
export interface ServiceOutputs {
  /** ECR repository to push the service's image to. */
  repositoryUrl: string;
  logGroupName: string;
  taskRoleArn: string;
  /** Task definition family per mode (`api`, `worker`, `cron`). */
  taskDefinitionFamilies: Record<string, string>;
  /** ECS service name per long-running mode (`api`, `worker`). */
  ecsServiceNames: Record<string, string>;
  /** SQS queue URLs by queue name. */
  queueUrls: Record<string, string>;
  /** Dead-letter queue URLs by queue name. */
  deadLetterQueueUrls: Record<string, string>;
}

export interface EdgeOutputs {
  /** The environment's public URL (public ALB, through the gateway). */
  publicUrl: string;
  /** URL of the internal ALB; resolves inside the VPC only. */
  internalUrl: string;
  publicHostedZoneId: string;
  privateHostedZoneId: string;
  /** Name servers of a created public zone, to delegate to from the parent zone (empty when adopted). */
  nameServers: string[];
  clusterName: string;
  clusterArn: string;
  identity: IdentityOutputs;
  partnerApi?: PartnerApiOutputs;
  /** Secret of the partners' client-credentials client: a Pulumi secret, kept apart so the rest stays readable. */
  partnerApiClientSecret?: string;
  /** Services by name. */
  services: Record<string, ServiceOutputs>;
}

/** Everything an environment exports, as resolved values. */
export interface PlatformOutputs extends EdgeOutputs {
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
}

/** The same contract as the program produces it: every field an output. */
export type PlatformStackOutputs = { [K in keyof PlatformOutputs]: pulumi.Input<PlatformOutputs[K]> };
