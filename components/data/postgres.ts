import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { AlarmThresholds, createAlarms, resolveThresholds } from "../shared/alarms";
import { postgresAlarms } from "../shared/alarmSets";
import { encryptedLogGroup } from "../shared/logGroup";
import { physicalName } from "../shared/naming";
import { serviceTrustPolicy, Statement } from "../shared/policies";
import { secretReadStatements } from "../shared/policies";
import { storeSecurityGroup } from "./storeAccess";

export const POSTGRES_PORT = 5432;
/** The master user; its password lives only in the RDS-managed secret. */
export const POSTGRES_MASTER_USER = "dbadmin";
/** Log types exported to CloudWatch Logs. */
export const POSTGRES_LOG_EXPORTS = ["postgresql", "upgrade"] as const;

export interface PostgresArgs {
  /** Prefix of physical names (`platform-prod`): DB identifiers, log groups and the final snapshot derive from it. */
  baseName: string;
  /** Member account of the environment (trust policy of the monitoring role). */
  accountId: pulumi.Input<string>;
  vpcId: pulumi.Input<string>;
  /** Data tier subnets, one per AZ, in AZ order. */
  subnetIds: pulumi.Input<string>[];
  /** AZ names in subnet order: a single-AZ primary sits in the first, replica `i` in AZ `i + 1`. */
  availabilityZones: pulumi.Input<string[]>;
  /** Groups admitted on 5432 (the services' group); nothing else can connect. */
  clientSecurityGroupIds: pulumi.Input<string>[];
  /** The environment key: storage, Performance Insights and the master secret are encrypted with it. */
  kmsKeyArn: pulumi.Input<string>;
  /** PostgreSQL major version (14..17); the parameter group family follows it. */
  majorVersion: number;
  /** RDS instance class of the primary and its replicas (validated by the stack config). */
  instanceClass: string;
  /** gp3 storage at creation, in GiB (20..65536). */
  allocatedStorageGb: number;
  /** Ceiling of storage autoscaling, in GiB; above `allocatedStorageGb`. */
  maxAllocatedStorageGb: number;
  /** Synchronous standby in another AZ. */
  multiAz: boolean;
  /** Days of automated backups (7..35). */
  backupRetentionDays: number;
  /** Read replicas, each in another AZ (at most AZs - 1). Default: 0. */
  readReplicas?: number;
  /** Database created in the instance. Default: `app`. */
  databaseName?: string;
  /** Retention of the exported logs, in days (a value CloudWatch accepts). */
  logRetentionDays: number;
  /**
   * Protect the instances: `protect` against `pulumi destroy` plus RDS deletion protection. A final snapshot
   * is always taken when the primary is deleted. Default: false.
   */
  protect?: boolean;
  /** Statements slower than this are logged, in milliseconds. Default: 500. */
  slowStatementMs?: number;
  /** Enhanced monitoring interval in seconds (1, 5, 10, 15, 30 or 60). Default: 60. */
  monitoringIntervalSeconds?: number;
  /** Weekly maintenance window (UTC), for minor version upgrades. Default: `sun:03:00-sun:04:00`. */
  maintenanceWindow?: string;
  /** Daily backup window (UTC), must not overlap the maintenance window. Default: `01:00-02:00`. */
  backupWindow?: string;
  /**
   * Where the alarms of the primary and each replica notify (SNS topic ARNs): CPU, free storage, freeable
   * memory, connections, replica lag. Default: nowhere (the environment wires them to its alert topic).
   */
  alarmActions?: pulumi.Input<string>[];
  /** Alarm thresholds; any left out take DEFAULT_ALARM_THRESHOLDS. */
  alarmThresholds?: Partial<AlarmThresholds>;
}

/** The parameters of the Postgres parameter group: TLS only (1.2+), slow statements logged. */
export function postgresParameters(slowStatementMs: number): aws.types.input.rds.ParameterGroupParameter[] {
  return [
    { name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" },
    { name: "ssl_min_protocol_version", value: "TLSv1.2", applyMethod: "pending-reboot" },
    { name: "log_min_duration_statement", value: String(slowStatementMs), applyMethod: "pending-reboot" },
    { name: "log_connections", value: "1", applyMethod: "pending-reboot" },
    { name: "log_disconnections", value: "1", applyMethod: "pending-reboot" },
  ];
}

/** The AZ of each read replica: replica `i` in AZ `i + 1`, so none shares the (preferred) primary AZ. */
export function replicaZones(azs: readonly string[], replicas: number): string[] {
  if (replicas > azs.length - 1) {
    throw new Error(`${replicas} read replicas need ${replicas + 1} AZs; only ${azs.length} are available`);
  }
  return azs.slice(1, replicas + 1);
}

/**
 * IAM database authentication: lets a service's role connect as database user `dbUser` (a user created
 * in the database with `GRANT rds_iam`). Resource id: {@link Postgres.resourceId}.
 */
export function postgresConnectStatement(args: {
  region: string;
  accountId: pulumi.Input<string>;
  resourceId: pulumi.Input<string>;
  dbUser: string;
}): Statement {
  return {
    Sid: "ConnectToPostgres",
    Effect: "Allow",
    Action: "rds-db:connect",
    Resource: pulumi.interpolate`arn:aws:rds-db:${args.region}:${args.accountId}:dbuser:${args.resourceId}/${args.dbUser}`,
  };
}

/** Read the RDS-managed master secret (for migrations and break-glass tooling, not for services). */
export function postgresMasterSecretStatements(
  secretArn: pulumi.Input<string>,
  kmsKeyArn: pulumi.Input<string>,
  region: string,
): Statement[] {
  return secretReadStatements(secretArn, kmsKeyArn, region);
}

/**
 * PostgreSQL on RDS in the data subnets: encrypted with the environment key, reachable on 5432 only from
 * the client groups, TLS forced, master password managed by RDS in Secrets Manager (never in config or
 * state), IAM database authentication, automated backups, storage autoscaling, Performance Insights,
 * enhanced monitoring, logs in encrypted log groups with retention, a final snapshot on deletion, and
 * optional read replicas, each in another AZ.
 */
export class Postgres extends pulumi.ComponentResource {
  readonly instance: aws.rds.Instance;
  readonly replicas: aws.rds.Instance[];
  readonly securityGroup: aws.ec2.SecurityGroup;
  readonly securityGroupId: pulumi.Output<string>;
  /** `host:port` of the primary. */
  readonly endpoint: pulumi.Output<string>;
  /** Host name of the primary. */
  readonly address: pulumi.Output<string>;
  readonly port: number;
  readonly databaseName: string;
  /** ARN of the RDS-managed secret with the master user's credentials. */
  readonly masterSecretArn: pulumi.Output<string>;
  /** The instance's resource id (`db-...`), for `rds-db:connect` statements. */
  readonly resourceId: pulumi.Output<string>;
  /** Host names of the read replicas. */
  readonly replicaAddresses: pulumi.Output<string>[];
  readonly alarms: aws.cloudwatch.MetricAlarm[];

  constructor(name: string, args: PostgresArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:data:Postgres", name, {}, opts);
    const parent = { parent: this };
    const protect = args.protect ?? false;
    const replicaCount = args.readReplicas ?? 0;
    this.port = POSTGRES_PORT;
    this.databaseName = args.databaseName ?? "app";
    const identifier = physicalName([args.baseName, "postgres"], 63);

    this.securityGroup = storeSecurityGroup(
      `${name}-sg`,
      {
        vpcId: args.vpcId,
        description: "Postgres: 5432 from the services only",
        port: POSTGRES_PORT,
        clientSecurityGroupIds: args.clientSecurityGroupIds,
      },
      parent,
    );
    this.securityGroupId = this.securityGroup.id;

    const subnetGroup = new aws.rds.SubnetGroup(
      `${name}-subnets`,
      { description: `Data subnets of ${identifier}`, subnetIds: args.subnetIds },
      parent,
    );
    const parameterGroup = new aws.rds.ParameterGroup(
      `${name}-params`,
      {
        family: `postgres${args.majorVersion}`,
        description: `${identifier}: TLS only, slow statements logged`,
        parameters: postgresParameters(args.slowStatementMs ?? 500),
      },
      parent,
    );

    const monitoringRole = new aws.iam.Role(
      `${name}-monitoring-role`,
      { assumeRolePolicy: serviceTrustPolicy("monitoring.rds.amazonaws.com", args.accountId) },
      parent,
    );
    new aws.iam.RolePolicyAttachment(
      `${name}-monitoring-policy`,
      {
        role: monitoringRole.name,
        policyArn: "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
      },
      parent,
    );
    // Enhanced monitoring writes to the account's RDSOSMetrics group; create it encrypted, with retention.
    const osMetrics = encryptedLogGroup(
      `${name}-os-metrics`,
      { logGroupName: "RDSOSMetrics", retentionInDays: args.logRetentionDays, kmsKeyArn: args.kmsKeyArn },
      parent,
    );

    // RDS creates /aws/rds/instance/<id>/<type> on first export: create them first, encrypted, with retention.
    const logGroupsOf = (id: string, logicalName: string): aws.cloudwatch.LogGroup[] =>
      POSTGRES_LOG_EXPORTS.map((type) =>
        encryptedLogGroup(
          `${logicalName}-${type}-logs`,
          {
            logGroupName: `/aws/rds/instance/${id}/${type}`,
            retentionInDays: args.logRetentionDays,
            kmsKeyArn: args.kmsKeyArn,
          },
          parent,
        ),
      );

    const monitoring = {
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: args.kmsKeyArn,
      performanceInsightsRetentionPeriod: 7,
      monitoringInterval: args.monitoringIntervalSeconds ?? 60,
      monitoringRoleArn: monitoringRole.arn,
      enabledCloudwatchLogsExports: [...POSTGRES_LOG_EXPORTS],
    };
    const common = {
      instanceClass: args.instanceClass,
      storageType: "gp3",
      storageEncrypted: true,
      kmsKeyId: args.kmsKeyArn,
      maxAllocatedStorage: args.maxAllocatedStorageGb,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [this.securityGroup.id],
      publiclyAccessible: false,
      parameterGroupName: parameterGroup.name,
      iamDatabaseAuthenticationEnabled: true,
      autoMinorVersionUpgrade: true,
      allowMajorVersionUpgrade: false,
      maintenanceWindow: args.maintenanceWindow ?? "sun:03:00-sun:04:00",
      copyTagsToSnapshot: true,
      deletionProtection: protect,
      caCertIdentifier: "rds-ca-rsa2048-g1",
      applyImmediately: false,
      ...monitoring,
    };

    this.instance = new aws.rds.Instance(
      name,
      {
        ...common,
        identifier,
        engine: "postgres",
        // A major version only: RDS picks the minor and upgrades it in the maintenance window.
        engineVersion: String(args.majorVersion),
        allocatedStorage: args.allocatedStorageGb,
        dbName: this.databaseName,
        username: POSTGRES_MASTER_USER,
        manageMasterUserPassword: true,
        masterUserSecretKmsKeyId: args.kmsKeyArn,
        multiAz: args.multiAz,
        // A Multi-AZ instance cannot be pinned to an AZ; a single-AZ one goes to the first.
        availabilityZone: args.multiAz
          ? undefined
          : pulumi.output(args.availabilityZones).apply((azs) => azs[0]),
        backupRetentionPeriod: args.backupRetentionDays,
        backupWindow: args.backupWindow ?? "01:00-02:00",
        deleteAutomatedBackups: false,
        skipFinalSnapshot: false,
        finalSnapshotIdentifier: `${identifier}-final`,
      },
      {
        parent: this,
        protect,
        dependsOn: [...logGroupsOf(identifier, name), osMetrics],
      },
    );

    this.replicas = [];
    for (let i = 0; i < replicaCount; i++) {
      const replicaId = physicalName([args.baseName, "postgres", `replica-${i + 1}`], 63);
      this.replicas.push(
        new aws.rds.Instance(
          `${name}-replica-${i + 1}`,
          {
            ...common,
            identifier: replicaId,
            replicateSourceDb: this.instance.identifier,
            multiAz: false,
            availabilityZone: pulumi
              .output(args.availabilityZones)
              .apply((azs) => replicaZones(azs, replicaCount)[i]),
            // A replica has no backups of its own and no final snapshot (RDS refuses one for a replica).
            backupRetentionPeriod: 0,
            skipFinalSnapshot: true,
          },
          {
            parent: this,
            protect,
            dependsOn: [...logGroupsOf(replicaId, `${name}-replica-${i + 1}`), osMetrics],
          },
        ),
      );
    }

    this.address = this.instance.address;
    this.endpoint = this.instance.endpoint;
    this.resourceId = this.instance.resourceId;
    this.masterSecretArn = this.instance.masterUserSecrets.apply(
      (secrets) => (secrets ?? [])[0]?.secretArn ?? "",
    );
    this.replicaAddresses = this.replicas.map((r) => r.address);

    const thresholds = resolveThresholds(args.alarmThresholds);
    const alarmsOf = (instance: aws.rds.Instance, logicalName: string, label: string, replica: boolean) =>
      createAlarms(
        this,
        logicalName,
        postgresAlarms(
          {
            label,
            instanceId: instance.identifier,
            instanceClass: args.instanceClass,
            allocatedStorageGb: args.allocatedStorageGb,
            replica,
          },
          thresholds,
        ),
        args.alarmActions,
      );
    this.alarms = [
      ...alarmsOf(this.instance, name, `Postgres ${identifier}`, false),
      ...this.replicas.flatMap((r, i) =>
        alarmsOf(r, `${name}-replica-${i + 1}`, `Postgres read replica ${i + 1} of ${identifier}`, true),
      ),
    ];

    this.registerOutputs({
      instance: this.instance,
      replicas: this.replicas,
      securityGroupId: this.securityGroupId,
      endpoint: this.endpoint,
      address: this.address,
      port: this.port,
      databaseName: this.databaseName,
      masterSecretArn: this.masterSecretArn,
      resourceId: this.resourceId,
      replicaAddresses: this.replicaAddresses,
      alarmArns: this.alarms.map((a) => a.arn),
    });
  }
}
