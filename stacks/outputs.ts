/**
 * The typed contract of what one environment exports. App teams read these through StackReference;
 * renaming or removing a field is a breaking change and bumps {@link CONTRACT_VERSION}.
 */
import * as pulumi from "@pulumi/pulumi";

import type { KafkaOutputs } from "../components/messaging/kafka";

/**
 * Bumped on every change to {@link PlatformOutputs} that breaks a reader (an output removed, renamed or
 * retyped, or one the SDK starts to require); the SDK package's major version is the same number
 * (sdk/CHANGELOG.md). 2: app teams' `paths` and `hosts`, which the SDK's listener rules require.
 */
export const CONTRACT_VERSION = 2;

export interface SubnetIdsByTier {
  /** Load balancers, NAT gateways and the VPN server only. */
  public: string[];
  /** Services. */
  private: string[];
  /** Data stores; no route out of the VPC. */
  data: string[];
}

/** The environment's identity provider: what a JWT verifier needs. */
export interface IdentityOutputs {
  /** Cognito user pool. */
  userPoolId: string;
  /** OIDC issuer of the user pool. */
  issuerUrl: string;
  /** Keys that sign the pool's JWTs. */
  jwksUrl: string;
  /** App client of the gateway (authorization code with PKCE, no secret). */
  gatewayClientId: string;
  /** Base URL of the hosted UI and the OAuth2 endpoints. */
  authDomainUrl: string;
}

/** The partner API, when the environment has one (its client secret is `partnerApiClientSecret`). */
export interface PartnerApiOutputs {
  /** Base URL of the partner API. */
  url: string;
  /** OAuth2 token endpoint for the client-credentials grant. */
  tokenUrl: string;
  /** Client id of the partners' client-credentials client. */
  clientId: string;
  /** The scope partners request. */
  scope: string;
}

/** What an app team's CI needs to ship one service. */
export interface ServiceOutputs {
  /** ECR repository to push the service's image to. */
  repositoryUrl: string;
  /** Log group of the service's containers. */
  logGroupName: string;
  /** Role the service's tasks run as. */
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
  /** HTTPS listener of the internal ALB: app services add their path rules here (sdk: listenerRule). */
  internalListenerArn: string;
  /** Security group of the internal ALB: app tasks admit it on their port. */
  internalAlbSecurityGroupId: string;
  /** The internal domain (private hosted zone), e.g. `internal.dev.example.com`. */
  internalDomain: string;
  /** Public hosted zone of the environment's domain. */
  publicHostedZoneId: string;
  /** Private hosted zone of the internal domain. */
  privateHostedZoneId: string;
  /** Name servers of a created public zone, to delegate to from the parent zone (empty when adopted). */
  nameServers: string[];
  /** The ECS cluster services run in. */
  clusterName: string;
  /** ARN of the ECS cluster. */
  clusterArn: string;
  /** The environment's identity provider (Cognito). */
  identity: IdentityOutputs;
  /** The partner API, when the environment has one. */
  partnerApi?: PartnerApiOutputs;
  /** Secret of the partners' client-credentials client: a Pulumi secret, kept apart so the rest stays readable. */
  partnerApiClientSecret?: string;
  /** Services by name. */
  services: Record<string, ServiceOutputs>;
}

/** What an app team's stacks need from the platform about the team itself. */
export interface AppTeamOutputs {
  /** Role in the member account the team's workflows assume (GitHub OIDC). */
  roleArn: string;
  /** Block of listener-rule slots the team owns on the internal ALB (sdk: appRulePriority). */
  listenerPriorityBlock: number;
  /** The team's own permissions boundary, which every role the team creates must carry (only under /apps/<team>/). */
  permissionsBoundaryArn: string;
  /** Path prefixes the team owns on the internal listener: its rules' paths lie within them (sdk: listenerRule). */
  paths: string[];
  /** Host names the team owns: its rules may require one of them besides their path. */
  hosts: string[];
}

/** Everything an environment exports, as resolved values. */
export interface PlatformOutputs extends EdgeOutputs {
  /** Version of this contract ({@link CONTRACT_VERSION}); the SDK refuses a platform newer than itself. */
  contractVersion: number;
  /** Member account of the environment. */
  accountId: string;
  /** AWS region of the environment. */
  region: string;
  /** The environment's name (its stack name). */
  environment: string;
  /** The environment's VPC. */
  vpcId: string;
  /** IPv4 block of the VPC. */
  vpcCidr: string;
  /** Availability Zones the VPC spans, in subnet order. */
  availabilityZones: string[];
  /** Subnet ids per tier, one per AZ in `availabilityZones` order. */
  subnetIds: SubnetIdsByTier;
  /** The environment's customer-managed KMS key. */
  kmsKeyArn: string;
  /** The environment's alert topic (alarms publish here). */
  alertTopicArn: string;
  /** Roles CI assumes through GitHub OIDC. */
  ciRoleArns: {
    /** Read-only role of pull-request previews. */
    preview: string;
    /** Role of the deploy workflow, within its permissions boundary. */
    deploy: string;
  };
  /** Per app team: the role its workflows assume, and its block of listener-rule slots. */
  appTeams: Record<string, AppTeamOutputs>;
  /** The security group every workload joins; the data stores and Kafka admit it. */
  servicesSecurityGroupId: string;
  /** The environment's access-log bucket (load balancer and S3 server access logs). */
  accessLogBucket: string;
  /** The emergency administrator role; every use alerts. */
  breakGlassRoleArn: string;
  /** How services reach the data stores. No credentials: secrets are referenced by ARN. */
  data: DataOutputs;

  /**
   * Kafka, the same shape on MSK and Confluent: bootstrap servers, auth mode, network (MSK security group
   * or peered Confluent CIDR) and per client its SASL mechanism, bootstrap servers, credentials secret
   * (SCRAM and Confluent) and the IAM policy to attach to its role. Null when the environment has none.
   */
  kafka: KafkaOutputs | null;
  /** The operators' OpenVPN endpoint and how to issue client profiles. Null when the environment has none. */
  vpn: VpnOutputs | null;
  /** DynamoDB tables, the event bus and Lambda functions. */
  events: EventsOutputs;
  /** The dashboard, the backup vaults and the saved log queries of each service. */
  observability: ObservabilityOutputs;
}

/** The event and serverless pieces, as exported. Grants come from config (`tables`, `eventBus: put`). */
export interface EventsOutputs {
  /** Tables by their config name. */
  tables: Record<
    string,
    {
      /** Table name, `<namePrefix>-<env>-<table>`. */
      tableName: string;
      /** Table ARN, for IAM policies. */
      arn: string;
    }
  >;
  /** The environment's event bus; null without one. Services put events on it by name. */
  eventBus: {
    /** Bus name, for `PutEvents` and for rules. */
    name: string;
    /** Bus ARN. */
    arn: string;
  } | null;
  /** Functions by their config name. */
  functions: Record<
    string,
    {
      /** Lambda function name. */
      functionName: string;
      /** Function ARN, for invoke permissions and event targets. */
      arn: string;
      /** The function's execution role. */
      roleArn: string;
      /** Its CloudWatch log group, `/aws/lambda/<name>`. */
      logGroupName: string;
      /** Asynchronous invocations (rules, schedules) that failed after Lambda's retries. */
      failureQueueUrl: string;
    }
  >;
}

/** Where to look, and where the backups are. Alarms go to `alertTopicArn`. */
export interface ObservabilityOutputs {
  /** The CloudWatch dashboard of the request path. */
  dashboardName: string;
  /** The dashboard's console URL. */
  dashboardUrl: string;
  /** AWS Backup vault of the daily recovery points. */
  backupVaultName: string;
  /** The role backup, restore and on-demand jobs use. */
  backupRoleArn: string;
  /** Region of the copies; null when the environment keeps no copy. */
  backupCopyRegion: string | null;
  /** The vault the copies go to; null when the environment keeps no copy. */
  backupCopyVaultArn: string | null;
  /** Saved CloudWatch Logs Insights queries over each service's logs, by service name. */
  logQueries: Record<string, string[]>;
}

/** The operators' VPN, as exported. */
export interface VpnOutputs {
  /** The fixed Elastic IP clients connect to. */
  publicIp: string;
  /** Port clients connect to. */
  port: number;
  /** Transport clients use. */
  protocol: "udp" | "tcp";
  /** Tunnel addresses of clients. */
  clientPool: string;
  /**
   * Name of the customer managed IAM policy (path /platform/) that may issue and revoke client certificates
   * and fetch profiles; the on-call role or permission set holds it (named for the IAM group it used to be).
   */
  operatorsGroup: string;
  /** SSM document that issues a client certificate (parameter ClientName). */
  issueDocument: string;
  /** SSM document that revokes one. */
  revokeDocument: string;
  /** Bucket whose `clients/<name>.ovpn` holds an issued profile. */
  profilesBucket: string;
}

/** Connection details of each store; grants are built with the helpers in components/data/. */
export interface DataOutputs {
  /** The Postgres instance (RDS). */
  postgres: {
    /** Host of the primary; TLS required. */
    address: string;
    /** Port of the primary and the replicas. */
    port: number;
    /** Database created with the instance. */
    databaseName: string;
    /** For `rds-db:connect` (IAM database authentication). */
    resourceId: string;
    /** RDS-managed secret of the master user (migrations and break-glass only). */
    masterSecretArn: string;
    /** Hosts of the read replicas. */
    replicaAddresses: string[];
    /** The instance's security group (admits the services group on `port`). */
    securityGroupId: string;
  };
  /** Absent when the stack builds no MongoDB Atlas. */
  mongodb?: {
    /** Atlas project of the environment. */
    projectId: string;
    /** Atlas cluster name. */
    clusterName: string;
    /** `mongodb+srv://` string; authenticate with the service's IAM role (MONGODB-AWS). */
    connectionString: string;
    /** Atlas side of the VPC peering. */
    atlasCidr: string;
  };
  /** The cache (ElastiCache). */
  cache: {
    /** `valkey`, `redis` or `memcached`. */
    engine: string;
    /** Primary endpoint (Valkey/Redis) or configuration endpoint (Memcached); TLS required. */
    endpoint: string;
    /** Endpoint of the replicas (Valkey/Redis), for reads. */
    readerEndpoint: string;
    /** Port of the endpoints. */
    port: number;
    /** Secret with the AUTH token (Valkey/Redis only). */
    authSecretArn?: string;
    /** The cache's security group (admits the services group on `port`). */
    securityGroupId: string;
  };
  /** The bucket for application files (SSE-KMS, versioned). */
  fileStorage: {
    /** Name of the bucket. */
    bucketName: string;
    /** ARN of the bucket, for IAM statements. */
    bucketArn: string;
  };
  /** Static content: a private bucket behind CloudFront. */
  staticSite: {
    /** Bucket the content is uploaded to. */
    bucketName: string;
    /** ARN of the bucket, for IAM statements. */
    bucketArn: string;
    /** CloudFront distribution (for invalidations). */
    distributionId: string;
    /** ARN of the distribution. */
    distributionArn: string;
    /** `https://<subdomain>.<domain>`. */
    url: string;
  };
  /** Absent unless `platform:searchEnabled`. */
  search?: {
    /** HTTPS endpoint inside the VPC. */
    endpoint: string;
    /** ARN of the domain, for IAM statements. */
    domainArn: string;
    /** HTTPS port of the endpoint. */
    port: number;
    /** The domain's security group (admits the services group on `port`). */
    securityGroupId: string;
    /** Fine-grained access control master role. */
    adminRoleArn: string;
  };
}

/** The same contract as the program produces it: every field an output. */
export type PlatformStackOutputs = { [K in keyof PlatformOutputs]: pulumi.Input<PlatformOutputs[K]> };
