import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { physicalName } from "../shared/naming";
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
 * EBS encryption by default with the environment key, GuardDuty (unless the organization runs it), a multi-region CloudTrail with log
 * file validation into a locked-down bucket, IAM Access Analyzer, and a monthly budget with alerts.
 */
export class SecurityBaseline extends pulumi.ComponentResource {
  readonly trail: aws.cloudtrail.Trail;
  readonly trailBucket: SecureBucket;
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
      },
      // CloudTrail checks the bucket policy when the trail is created.
      { parent: this, dependsOn: [this.trailBucket.policy] },
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
      guardDutyDetectorId: this.guardDutyDetectorId,
    });
  }
}
