/**
 * The typed contract of what one environment exports. App teams read these through StackReference;
 * renaming or removing a field is a breaking change and bumps {@link CONTRACT_VERSION}.
 */
import * as pulumi from "@pulumi/pulumi";
// Messaging and operator access (issue 6)
import type { KafkaOutputs } from "../components/messaging/kafka";

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
  /** The environment's alert topic (alarms publish here). */
  alertTopicArn: string;
  /** Roles CI assumes through GitHub OIDC. */
  ciRoleArns: { preview: string; deploy: string };
  /** The role each app team's workflows assume, by team name. */
  appTeamRoleArns: Record<string, string>;
  /** The emergency administrator role; every use alerts. */
  breakGlassRoleArn: string;
  // --- data stores (issue 5) ---
  /** How services reach the data stores. No credentials: secrets are referenced by ARN. */
  data: DataOutputs;
  // --- end data stores ---

  // Messaging and operator access (issue 6).
  /**
   * Kafka, the same shape on MSK and Confluent: bootstrap servers, auth mode, network (MSK security group
   * or peered Confluent CIDR) and per client its SASL mechanism, bootstrap servers, credentials secret
   * (SCRAM and Confluent) and the IAM policy to attach to its role. Null when the environment has none.
   */
  kafka: KafkaOutputs | null;
  /** The operators' OpenVPN endpoint and how to issue client profiles. Null when the environment has none. */
  vpn: VpnOutputs | null;
  // Observability and operations (issue 8).
  /** The dashboard, the backup vaults and the saved log queries of each service. */
  observability: ObservabilityOutputs;
}

// --- Observability and operations (issue 8) ---
/** Where to look, and where the backups are. Alarms go to `alertTopicArn`. */
export interface ObservabilityOutputs {
  /** The CloudWatch dashboard of the request path, and its console URL. */
  dashboardName: string;
  dashboardUrl: string;
  /** AWS Backup vault of the daily recovery points, and the role restores and on-demand jobs use. */
  backupVaultName: string;
  backupRoleArn: string;
  /** Region and vault of the copies; null when the environment keeps no copy. */
  backupCopyRegion: string | null;
  backupCopyVaultArn: string | null;
  /** Saved CloudWatch Logs Insights queries over each service's logs, by service name. */
  logQueries: Record<string, string[]>;
}
// --- end observability

// Messaging and operator access (issue 6).
/** The operators' VPN, as exported. */
export interface VpnOutputs {
  /** The fixed Elastic IP clients connect to. */
  publicIp: string;
  port: number;
  protocol: "udp" | "tcp";
  /** Tunnel addresses of clients. */
  clientPool: string;
  /** IAM group whose members may issue and revoke client certificates and fetch profiles. */
  operatorsGroup: string;
  /** SSM document that issues a client certificate (parameter ClientName). */
  issueDocument: string;
  /** SSM document that revokes one. */
  revokeDocument: string;
  /** Bucket whose `clients/<name>.ovpn` holds an issued profile. */
  profilesBucket: string;
}

// --- data stores (issue 5) ---
/** Connection details of each store; grants are built with the helpers in components/data/. */
export interface DataOutputs {
  postgres: {
    /** Host of the primary; TLS required. */
    address: string;
    port: number;
    databaseName: string;
    /** For `rds-db:connect` (IAM database authentication). */
    resourceId: string;
    /** RDS-managed secret of the master user (migrations and break-glass only). */
    masterSecretArn: string;
    /** Hosts of the read replicas. */
    replicaAddresses: string[];
    securityGroupId: string;
  };
  /** Absent when the stack builds no MongoDB Atlas. */
  mongodb?: {
    projectId: string;
    clusterName: string;
    /** `mongodb+srv://` string; authenticate with the service's IAM role (MONGODB-AWS). */
    connectionString: string;
    atlasCidr: string;
  };
  cache: {
    engine: string;
    /** Primary endpoint (Valkey/Redis) or configuration endpoint (Memcached); TLS required. */
    endpoint: string;
    readerEndpoint: string;
    port: number;
    /** Secret with the AUTH token (Valkey/Redis only). */
    authSecretArn?: string;
    securityGroupId: string;
  };
  fileStorage: { bucketName: string; bucketArn: string };
  staticSite: {
    bucketName: string;
    bucketArn: string;
    distributionId: string;
    distributionArn: string;
    /** `https://<subdomain>.<domain>`. */
    url: string;
  };
  /** Absent unless `platform:searchEnabled`. */
  search?: {
    /** HTTPS endpoint inside the VPC. */
    endpoint: string;
    domainArn: string;
    port: number;
    securityGroupId: string;
    /** Fine-grained access control master role. */
    adminRoleArn: string;
  };
}
// --- end data stores ---

/** The same contract as the program produces it: every field an output. */
export type PlatformStackOutputs = { [K in keyof PlatformOutputs]: pulumi.Input<PlatformOutputs[K]> };
