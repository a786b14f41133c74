/**
 * The platform contract as the SDK ships it: a zod schema of every output an environment exports, the
 * TypeScript type derived from it, and the contract's version. The platform declares the same contract as
 * interfaces (stacks/outputs.ts in the platform's repository); a platform test fails to compile when the
 * two differ in either direction, and validates what each stack really exports against this schema.
 *
 * Versioning: CONTRACT_VERSION is bumped on every change that breaks a reader (an output removed, renamed
 * or retyped, or one the SDK starts to require); the package's major version equals it (see CHANGELOG.md).
 */
import { z } from "zod";

/** Version of the contract this SDK reads; the package's major version is the same number. */
export const CONTRACT_VERSION = 2;

const str = z.string();
const strings = z.array(z.string());
const record = <T extends z.ZodType>(value: T) => z.record(z.string(), value);

const service = z.strictObject({
  repositoryUrl: str,
  logGroupName: str,
  taskRoleArn: str,
  taskDefinitionFamilies: record(str),
  ecsServiceNames: record(str),
  queueUrls: record(str),
  deadLetterQueueUrls: record(str),
});

const kafka = z.strictObject({
  provider: z.enum(["msk", "confluent"]),
  bootstrapServers: str,
  authMode: z.enum(["iam", "api-key"]),
  networkMode: z.enum(["vpc", "peering", "public"]),
  securityGroupId: str.nullable(),
  networkCidr: str.nullable(),
  clients: record(
    z.strictObject({
      saslMechanism: z.enum(["AWS_MSK_IAM", "SCRAM-SHA-512", "PLAIN"]),
      bootstrapServers: str,
      secretArn: str.nullable(),
      policyArn: str,
      read: strings,
      write: strings,
    }),
  ),
});

const vpn = z.strictObject({
  publicIp: str,
  port: z.number(),
  protocol: z.enum(["udp", "tcp"]),
  clientPool: str,
  operatorsGroup: str,
  issueDocument: str,
  revokeDocument: str,
  profilesBucket: str,
});

const data = z.strictObject({
  postgres: z.strictObject({
    address: str,
    port: z.number(),
    databaseName: str,
    resourceId: str,
    masterSecretArn: str,
    replicaAddresses: strings,
    securityGroupId: str,
  }),
  mongodb: z
    .strictObject({ projectId: str, clusterName: str, connectionString: str, atlasCidr: str })
    .optional(),
  cache: z.strictObject({
    engine: str,
    endpoint: str,
    readerEndpoint: str,
    port: z.number(),
    authSecretArn: str.optional(),
    securityGroupId: str,
  }),
  fileStorage: z.strictObject({ bucketName: str, bucketArn: str }),
  staticSite: z.strictObject({
    bucketName: str,
    bucketArn: str,
    distributionId: str,
    distributionArn: str,
    url: str,
  }),
  search: z
    .strictObject({
      endpoint: str,
      domainArn: str,
      port: z.number(),
      securityGroupId: str,
      adminRoleArn: str,
    })
    .optional(),
});

const events = z.strictObject({
  tables: record(z.strictObject({ tableName: str, arn: str })),
  eventBus: z.strictObject({ name: str, arn: str }).nullable(),
  functions: record(
    z.strictObject({ functionName: str, arn: str, roleArn: str, logGroupName: str, failureQueueUrl: str }),
  ),
});

const observability = z.strictObject({
  dashboardName: str,
  dashboardUrl: str,
  backupVaultName: str,
  backupRoleArn: str,
  backupCopyRegion: str.nullable(),
  backupCopyVaultArn: str.nullable(),
  logQueries: record(strings),
});

export const platformOutputsSchema = z.strictObject({
  contractVersion: z.number().int(),
  accountId: str,
  region: str,
  environment: str,
  vpcId: str,
  vpcCidr: str,
  availabilityZones: strings,
  subnetIds: z.strictObject({ public: strings, private: strings, data: strings }),
  kmsKeyArn: str,
  alertTopicArn: str,
  ciRoleArns: z.strictObject({ preview: str, deploy: str }),
  appTeams: record(
    z.strictObject({
      roleArn: str,
      listenerPriorityBlock: z.number().int(),
      permissionsBoundaryArn: str,
      paths: strings,
      hosts: strings,
    }),
  ),
  servicesSecurityGroupId: str,
  accessLogBucket: str,
  breakGlassRoleArn: str,
  data,
  kafka: kafka.nullable(),
  vpn: vpn.nullable(),
  events,
  observability,
  publicUrl: str,
  internalUrl: str,
  internalListenerArn: str,
  internalAlbSecurityGroupId: str,
  internalDomain: str,
  publicHostedZoneId: str,
  privateHostedZoneId: str,
  nameServers: strings,
  clusterName: str,
  clusterArn: str,
  identity: z.strictObject({
    userPoolId: str,
    issuerUrl: str,
    jwksUrl: str,
    gatewayClientId: str,
    authDomainUrl: str,
  }),
  partnerApi: z.strictObject({ url: str, tokenUrl: str, clientId: str, scope: str }).optional(),
  partnerApiClientSecret: str.optional(),
  services: record(service),
});

/** Everything an environment exports, as resolved values. */
export type PlatformOutputs = z.infer<typeof platformOutputsSchema>;
/** What the platform says about one app team: its role, boundary, rule slots and owned routes. */
export type AppTeamOutputs = PlatformOutputs["appTeams"][string];

/** The top-level outputs the contract declares, and which of them a stack may leave out. */
export const OUTPUT_KEYS = Object.keys(platformOutputsSchema.shape) as Array<keyof PlatformOutputs>;
export const OPTIONAL_OUTPUT_KEYS: ReadonlyArray<keyof PlatformOutputs> = [
  "partnerApi",
  "partnerApiClientSecret",
];
