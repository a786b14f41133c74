import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { AlarmThresholds, createAlarms, resolveThresholds } from "../shared/alarms";
import { searchDomainAlarms } from "../shared/alarmSets";
import { encryptedLogGroup } from "../shared/logGroup";
import { physicalName } from "../shared/naming";
import { policyJson, Statement } from "../shared/policies";
import { SEARCH_ENGINE_VERSION, supportsAutoTune } from "./catalog";
import { storeSecurityGroup } from "./storeAccess";

export const SEARCH_PORT = 443;
/** The TLS policy of the domain endpoint: TLS 1.2 minimum with forward secrecy. */
export const SEARCH_TLS_POLICY = "Policy-Min-TLS-1-2-PFS-2023-10";
/** Dedicated master nodes, one per AZ. */
export const SEARCH_MASTER_TYPE = "m7g.large.search";

const LOG_TYPES = ["INDEX_SLOW_LOGS", "SEARCH_SLOW_LOGS", "ES_APPLICATION_LOGS", "AUDIT_LOGS"] as const;

/**
 * The AZs a zone-aware domain spreads `instanceCount` data nodes over: 3 when the VPC has 3 or more AZs
 * and the count divides by 3, else 2 when it is even. Returns a message when it cannot spread evenly.
 */
export function searchZoneCount(instanceCount: number, azCount: number): number | string {
  if (azCount >= 3 && instanceCount % 3 === 0) {
    return 3;
  }
  if (instanceCount % 2 === 0) {
    return 2;
  }
  const allowed = azCount >= 3 ? "a multiple of 2 or 3" : "a multiple of 2";
  return `zone awareness spreads the data nodes evenly over the AZs: the count must be ${allowed}`;
}

export interface SearchArgs {
  /** Prefix of physical names (`platform-prod`); the domain is `<baseName>-search` (at most 28 characters). */
  baseName: string;
  region: string;
  accountId: pulumi.Input<string>;
  vpcId: pulumi.Input<string>;
  /** Data tier subnets, one per AZ; the domain uses the first one, two or three. */
  subnetIds: pulumi.Input<string>[];
  /** AZs of the VPC (to choose how many the domain spans). */
  azCount: number;
  /** Groups admitted on 443 (the services' group). */
  clientSecurityGroupIds: pulumi.Input<string>[];
  /** The environment key: data at rest and the domain's logs are encrypted with it. */
  kmsKeyArn: pulumi.Input<string>;
  /** Data node instance type (validated by the stack config). */
  instanceType: string;
  /** Data nodes; with zone awareness a multiple of 2 or 3. */
  instanceCount: number;
  /** Spread data nodes and replicas over 2 or 3 AZs. */
  zoneAwareness: boolean;
  /** gp3 volume per data node, in GiB. */
  volumeGb: number;
  /** Three dedicated master nodes. Default: false. */
  dedicatedMasters?: boolean;
  /** Retention of the domain's logs, in days. */
  logRetentionDays: number;
  /** `protect` the domain against `pulumi destroy`. Default: false. */
  protect?: boolean;
  /**
   * What the domain is created after: the account's OpenSearch service-linked role, which a VPC domain
   * needs (the environment creates it in the account layer, components/accounts/serviceLinkedRoles.ts).
   * Default: nothing.
   */
  prerequisites?: pulumi.Resource[];
  /**
   * Where the domain's alarms notify (SNS topic ARNs): cluster red, writes blocked, free storage, CPU, JVM
   * memory pressure. Default: nowhere (the environment wires them to its alert topic).
   */
  alarmActions?: pulumi.Input<string>[];
  /** Alarm thresholds (`cpuPercent`); the rest is ignored. Default: DEFAULT_ALARM_THRESHOLDS. */
  alarmThresholds?: Partial<AlarmThresholds>;
}

/** HTTP access to the domain for a service role; fine-grained access control maps the role to OpenSearch roles. */
export function searchAccessStatement(domainArn: pulumi.Input<string>, readOnly = false): Statement {
  return {
    Sid: "UseSearchDomain",
    Effect: "Allow",
    Action: readOnly
      ? ["es:ESHttpGet", "es:ESHttpHead"]
      : ["es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost", "es:ESHttpPut", "es:ESHttpDelete"],
    Resource: pulumi.interpolate`${domainArn}/*`,
  };
}

/**
 * An OpenSearch domain in the data subnets, reachable on 443 only from the client groups: encrypted at
 * rest with the environment key and between nodes, HTTPS only with TLS 1.2+, fine-grained access control
 * with an IAM admin role (no internal users, no anonymous access), zone awareness when configured, and
 * slow, application and audit logs in encrypted log groups.
 */
export class Search extends pulumi.ComponentResource {
  readonly domain: aws.opensearch.Domain;
  readonly domainArn: pulumi.Output<string>;
  readonly domainName: string;
  /** HTTPS endpoint host of the domain (inside the VPC). */
  readonly endpoint: pulumi.Output<string>;
  readonly port: number;
  readonly securityGroup: aws.ec2.SecurityGroup;
  readonly securityGroupId: pulumi.Output<string>;
  /** Role mapped to the OpenSearch `all_access` role; operators assume it to administer the domain. */
  readonly adminRoleArn: pulumi.Output<string>;
  readonly alarms: aws.cloudwatch.MetricAlarm[];

  constructor(name: string, args: SearchArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:data:Search", name, {}, opts);
    const parent = { parent: this };
    this.port = SEARCH_PORT;
    this.domainName = physicalName([args.baseName, "search"], 28);
    const domainArn = pulumi.interpolate`arn:aws:es:${args.region}:${args.accountId}:domain/${this.domainName}`;

    let zoneCount = 1;
    if (args.zoneAwareness) {
      const zones = searchZoneCount(args.instanceCount, args.azCount);
      if (typeof zones === "string") {
        throw new Error(`search: ${args.instanceCount} data nodes: ${zones}`);
      }
      zoneCount = zones;
    }

    this.securityGroup = storeSecurityGroup(
      `${name}-sg`,
      {
        vpcId: args.vpcId,
        description: "Search: HTTPS from the services only",
        port: SEARCH_PORT,
        clientSecurityGroupIds: args.clientSecurityGroupIds,
      },
      parent,
    );
    this.securityGroupId = this.securityGroup.id;

    const dependsOn: pulumi.Resource[] = [...(args.prerequisites ?? [])];

    const logGroups = LOG_TYPES.map((logType) => ({
      logType,
      group: encryptedLogGroup(
        `${name}-${logType.toLowerCase().replace(/_/g, "-")}`,
        { retentionInDays: args.logRetentionDays, kmsKeyArn: args.kmsKeyArn },
        parent,
      ),
    }));
    dependsOn.push(
      new aws.cloudwatch.LogResourcePolicy(
        `${name}-log-policy`,
        {
          policyName: physicalName([args.baseName, "search-logs"], 255),
          policyDocument: policyJson([
            {
              Effect: "Allow",
              Principal: { Service: "es.amazonaws.com" },
              Action: ["logs:PutLogEvents", "logs:CreateLogStream"],
              Resource: logGroups.map(({ group }) => pulumi.interpolate`${group.arn}:*`),
              Condition: {
                StringEquals: { "aws:SourceAccount": args.accountId },
                ArnLike: { "aws:SourceArn": domainArn },
              },
            },
          ]),
        },
        parent,
      ),
    );

    const adminRole = new aws.iam.Role(
      `${name}-admin`,
      {
        description: `Administers the ${this.domainName} OpenSearch domain (fine-grained access control master)`,
        assumeRolePolicy: policyJson([
          {
            Effect: "Allow",
            Principal: { AWS: pulumi.interpolate`arn:aws:iam::${args.accountId}:root` },
            Action: "sts:AssumeRole",
          },
        ]),
      },
      parent,
    );
    this.adminRoleArn = adminRole.arn;

    const autoTune = supportsAutoTune(args.instanceType);
    this.domain = new aws.opensearch.Domain(
      name,
      {
        domainName: this.domainName,
        engineVersion: SEARCH_ENGINE_VERSION,
        clusterConfig: {
          instanceType: args.instanceType,
          instanceCount: args.instanceCount,
          zoneAwarenessEnabled: args.zoneAwareness,
          zoneAwarenessConfig: args.zoneAwareness ? { availabilityZoneCount: zoneCount } : undefined,
          dedicatedMasterEnabled: args.dedicatedMasters ?? false,
          dedicatedMasterType: args.dedicatedMasters ? SEARCH_MASTER_TYPE : undefined,
          dedicatedMasterCount: args.dedicatedMasters ? 3 : undefined,
        },
        ebsOptions: { ebsEnabled: true, volumeType: "gp3", volumeSize: args.volumeGb },
        encryptAtRest: { enabled: true, kmsKeyId: args.kmsKeyArn },
        nodeToNodeEncryption: { enabled: true },
        domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: SEARCH_TLS_POLICY },
        advancedSecurityOptions: {
          enabled: true,
          anonymousAuthEnabled: false,
          internalUserDatabaseEnabled: false,
          masterUserOptions: { masterUserArn: adminRole.arn },
        },
        vpcOptions: {
          subnetIds: args.subnetIds.slice(0, zoneCount),
          securityGroupIds: [this.securityGroup.id],
        },
        // Network access is limited by the security group; fine-grained access control authorizes each request.
        accessPolicies: policyJson([
          {
            Effect: "Allow",
            Principal: { AWS: pulumi.interpolate`arn:aws:iam::${args.accountId}:root` },
            Action: "es:ESHttp*",
            Resource: pulumi.interpolate`${domainArn}/*`,
          },
        ]),
        logPublishingOptions: logGroups.map(({ logType, group }) => ({
          logType,
          cloudwatchLogGroupArn: group.arn,
          enabled: true,
        })),
        autoTuneOptions: {
          desiredState: autoTune ? "ENABLED" : "DISABLED",
          rollbackOnDisable: "NO_ROLLBACK",
          useOffPeakWindow: autoTune,
        },
        offPeakWindowOptions: { enabled: true },
        softwareUpdateOptions: { autoSoftwareUpdateEnabled: true },
      },
      { parent: this, protect: args.protect ?? false, dependsOn },
    );
    this.domainArn = this.domain.arn;
    this.endpoint = this.domain.endpoint;
    this.alarms = createAlarms(
      this,
      name,
      searchDomainAlarms(
        {
          label: `Search ${this.domainName}`,
          domainName: this.domain.domainName,
          accountId: args.accountId,
          volumeGb: args.volumeGb,
        },
        resolveThresholds(args.alarmThresholds),
      ),
      args.alarmActions,
    );

    this.registerOutputs({
      domain: this.domain,
      domainArn: this.domainArn,
      domainName: this.domainName,
      endpoint: this.endpoint,
      port: this.port,
      securityGroupId: this.securityGroupId,
      adminRoleArn: this.adminRoleArn,
      alarmArns: this.alarms.map((a) => a.arn),
    });
  }
}
