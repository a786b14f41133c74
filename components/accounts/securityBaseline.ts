import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { encryptedLogGroup } from "../shared/logGroup";
import { physicalName } from "../shared/naming";
import { policyJson } from "../shared/policies";
import { SecureBucket } from "../shared/secureBucket";

/** The GuardDuty protection plans every detector runs, the account's own or the organization's. */
export const GUARDDUTY_FEATURES = ["S3_DATA_EVENTS", "EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS"] as const;

export interface SecurityBaselineArgs {
  /** Prefix of physical names, e.g. `platform-prod`. */
  baseName: string;
  accountId: pulumi.Input<string>;
  region: string;
  /** The environment key: EBS default encryption and the trail are encrypted with it. */
  kmsKeyArn: pulumi.Input<string>;
  /** Days CloudTrail log files are kept. */
  trailRetentionDays: number;
  /**
   * Days the trail's events stay in its log group (the environment's log retention): the metric filters
   * watch them as they arrive; the trail's bucket keeps the record. Default: none, the trail delivers to its
   * bucket only (accounts whose events nothing watches live).
   */
  logRetentionDays?: number;
  /** Monthly cost budget in USD. */
  budgetMonthlyUsd: number;
  /** Who hears about the budget. */
  alertEmails: string[];
  /** Protect the trail bucket against `pulumi destroy`. */
  protect: boolean;
  /**
   * GuardDuty is run by the organization's delegated administrator, which enables a detector in every
   * member account itself: the account then gets none of its own (an account holds one detector per
   * region, so a second CreateDetector fails). Default: false (the account's own detector).
   */
  guardDutyByOrganization?: boolean;
}

/**
 * Account-level security of a member account: IAM password policy, S3 account public access block,
 * EBS encryption by default with the environment key, GuardDuty (unless the organization runs it), a
 * multi-region CloudTrail with log file validation into a locked-down bucket and, for the metric filters that
 * alert on its events, into a log group of the environment's region (a multi-region trail delivers every
 * region's events there), IAM Access Analyzer, and a monthly budget with alerts.
 */
export class SecurityBaseline extends pulumi.ComponentResource {
  readonly trail: aws.cloudtrail.Trail;
  readonly trailBucket: SecureBucket;
  /** The log group the trail delivers every region's events to (metric filters watch it), with `logRetentionDays`. */
  readonly trailLogGroup?: aws.cloudwatch.LogGroup;
  /** The account's own detector; undefined when the organization runs GuardDuty. */
  readonly guardDutyDetectorId?: pulumi.Output<string>;

  constructor(name: string, args: SecurityBaselineArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:accounts:SecurityBaseline", name, {}, opts);
    const parent = { parent: this };

    new aws.iam.AccountPasswordPolicy(
      `${name}-password-policy`,
      {
        minimumPasswordLength: 14,
        requireLowercaseCharacters: true,
        requireUppercaseCharacters: true,
        requireNumbers: true,
        requireSymbols: true,
        allowUsersToChangePassword: true,
        maxPasswordAge: 90,
        passwordReusePrevention: 24,
      },
      parent,
    );

    new aws.s3.AccountPublicAccessBlock(
      `${name}-s3-public-access`,
      { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      parent,
    );

    new aws.ebs.EncryptionByDefault(`${name}-ebs-encryption`, { enabled: true }, parent);
    new aws.ebs.DefaultKmsKey(`${name}-ebs-key`, { keyArn: args.kmsKeyArn }, parent);

    if (!args.guardDutyByOrganization) {
      const detector = new aws.guardduty.Detector(
        `${name}-guardduty`,
        { enable: true, findingPublishingFrequency: "FIFTEEN_MINUTES" },
        parent,
      );
      for (const feature of GUARDDUTY_FEATURES) {
        new aws.guardduty.DetectorFeature(
          `${name}-guardduty-${feature.toLowerCase().replace(/_/g, "-")}`,
          { detectorId: detector.id, name: feature, status: "ENABLED" },
          parent,
        );
      }
      this.guardDutyDetectorId = detector.id;
    }

    const trailName = physicalName([args.baseName, "trail"], 128);
    const trailArn = pulumi.interpolate`arn:aws:cloudtrail:${args.region}:${args.accountId}:trail/${trailName}`;
    this.trailBucket = new SecureBucket(
      `${name}-trail-logs`,
      {
        kmsKeyArn: args.kmsKeyArn,
        expirationDays: args.trailRetentionDays,
        noncurrentVersionExpirationDays: 30,
        protect: args.protect,
        // Only this trail may write, and only with bucket-owner-full-control (CloudTrail's documented policy).
        policyStatements: (bucketArn) => [
          {
            Sid: "CloudTrailAclCheck",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "s3:GetBucketAcl",
            Resource: bucketArn,
            Condition: { StringEquals: { "aws:SourceArn": trailArn } },
          },
          {
            Sid: "CloudTrailWrite",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: pulumi.interpolate`${bucketArn}/AWSLogs/${args.accountId}/*`,
            Condition: {
              StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": trailArn },
            },
          },
        ],
      },
      parent,
    );

    const logs =
      args.logRetentionDays === undefined ? undefined : this.trailLogs(name, args, args.logRetentionDays);
    this.trailLogGroup = logs?.group;
    this.trail = new aws.cloudtrail.Trail(
      `${name}-trail`,
      {
        name: trailName,
        s3BucketName: this.trailBucket.bucketName,
        kmsKeyId: args.kmsKeyArn,
        isMultiRegionTrail: true,
        includeGlobalServiceEvents: true,
        enableLogFileValidation: true,
        enableLogging: true,
        // CloudTrail takes the log group's ARN with its trailing `:*`.
        cloudWatchLogsGroupArn: logs && pulumi.interpolate`${logs.group.arn}:*`,
        cloudWatchLogsRoleArn: logs?.role.arn,
      },
      // CloudTrail checks the bucket policy and the role's permission when the trail is created.
      { parent: this, dependsOn: [this.trailBucket.policy, ...(logs ? [logs.permission] : [])] },
    );

    new aws.accessanalyzer.Analyzer(
      `${name}-access-analyzer`,
      { analyzerName: physicalName([args.baseName, "account"], 255), type: "ACCOUNT" },
      parent,
    );

    new aws.budgets.Budget(
      `${name}-budget`,
      {
        budgetType: "COST",
        timeUnit: "MONTHLY",
        limitAmount: args.budgetMonthlyUsd.toFixed(2),
        limitUnit: "USD",
        notifications: [
          {
            comparisonOperator: "GREATER_THAN",
            notificationType: "ACTUAL",
            threshold: 80,
            thresholdType: "PERCENTAGE",
            subscriberEmailAddresses: args.alertEmails,
          },
          {
            comparisonOperator: "GREATER_THAN",
            notificationType: "FORECASTED",
            threshold: 100,
            thresholdType: "PERCENTAGE",
            subscriberEmailAddresses: args.alertEmails,
          },
        ],
      },
      parent,
    );

    this.registerOutputs({
      trail: this.trail,
      trailBucket: this.trailBucket,
      trailLogGroup: this.trailLogGroup,
      guardDutyDetectorId: this.guardDutyDetectorId,
    });
  }

  /**
   * The trail's events in CloudWatch Logs, through a role CloudTrail assumes
   * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html):
   * a trail that applies to all regions delivers every region's events to this one log group.
   */
  private trailLogs(
    name: string,
    args: SecurityBaselineArgs,
    retentionDays: number,
  ): { group: aws.cloudwatch.LogGroup; role: aws.iam.Role; permission: aws.iam.RolePolicy } {
    const parent = { parent: this };
    const group = encryptedLogGroup(
      `${name}-trail-logs`,
      { retentionInDays: retentionDays, kmsKeyArn: args.kmsKeyArn },
      parent,
    );
    const logsRole = new aws.iam.Role(
      `${name}-trail-logs`,
      {
        description: "CloudTrail delivers the trail's events to its log group",
        // The trust CloudTrail documents has no condition, and CloudTrail is not documented to send
        // aws:SourceAccount here: IfExists still refuses a request of another account that carries it.
        // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html
        assumeRolePolicy: policyJson([
          {
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEqualsIfExists: { "aws:SourceAccount": args.accountId } },
          },
        ]),
      },
      parent,
    );
    const logsPolicy = new aws.iam.RolePolicy(
      `${name}-trail-logs`,
      {
        role: logsRole.id,
        policy: policyJson([
          {
            Sid: "DeliverTrailEvents",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: pulumi.interpolate`${group.arn}:log-stream:*`,
          },
        ]),
      },
      parent,
    );

    return { group, role: logsRole, permission: logsPolicy };
  }
}
