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
  // --- data stores (issue 5) ---
  /** How services reach the data stores. No credentials: secrets are referenced by ARN. */
  data: DataOutputs;
  // --- end data stores ---
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
