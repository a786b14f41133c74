/**
 * The Organization's audit log archive: an organization trail in the management account that delivers
 * every account's CloudTrail events, from every Region, into a write-once bucket of the security account,
 * encrypted with a key of that account.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { administerThroughIam } from "../accounts/keyPolicy";
import { physicalName } from "../shared/naming";
import { policyJson, Statement, viaService } from "../shared/policies";
import { BucketTransition, ObjectLock, SecureBucket } from "../shared/secureBucket";
import { plainDependsOn } from "./ordering";

/**
 * The service principal the organization trail needs trusted access for (the Organization's
 * `awsServiceAccessPrincipals`): CloudTrail creates the trail in every member account through it
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html).
 */
export const LOG_ARCHIVE_SERVICE_PRINCIPALS = ["cloudtrail.amazonaws.com"] as const;

/** Where the archive's objects move before they expire. Default: Glacier Instant Retrieval after 90 days. */
export const DEFAULT_LOG_TRANSITIONS: readonly BucketTransition[] = [
  { days: 90, storageClass: "GLACIER_IR" },
];

/** The ARN of a trail, from its home Region, owner and name (known before the trail exists). */
export function trailArn(
  region: string,
  accountId: pulumi.Input<string>,
  name: string,
): pulumi.Output<string> {
  return pulumi.interpolate`arn:aws:cloudtrail:${region}:${accountId}:trail/${name}`;
}

export interface LogArchivePolicyInputs {
  /** The account the key and bucket live in. */
  securityAccountId: pulumi.Input<string>;
  /** The Organization's management account: the trail's owner. */
  managementAccountId: pulumi.Input<string>;
  /** Id of the Organization (`o-...`): organization trails write under `AWSLogs/<organization id>/`. */
  organizationId: pulumi.Input<string>;
  /** ARN of the organization trail: the only trail that may use the key and write to the bucket. */
  trailArn: pulumi.Input<string>;
  /** Region of the bucket (readers decrypt through S3 there). */
  region: string;
  /** ARN patterns of the principals that may read the logs. */
  readerPrincipalArns: readonly string[];
}

/**
 * The archive key's policy, after "Configure AWS KMS key policies for CloudTrail"
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html):
 * - the security account administers the key through IAM;
 * - CloudTrail may generate data keys only for the organization trail (`aws:SourceArn`) and only with the
 *   encryption context of a trail of the management account (`kms:EncryptionContext:aws:cloudtrail:arn`);
 * - CloudTrail may decrypt for that trail: the page requires `kms:Decrypt` when the bucket uses an S3 Bucket
 *   Key, as SecureBucket's do; and describe the key;
 * - the readers may decrypt, only through S3 in the bucket's Region (with a Bucket Key, S3 decrypts under
 *   the bucket's encryption context, not the trail's: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html).
 */
export function logArchiveKeyPolicy(p: LogArchivePolicyInputs): Statement[] {
  const forTrail = { StringEquals: { "aws:SourceArn": p.trailArn } };
  return [
    administerThroughIam(p.securityAccountId),
    {
      Sid: "CloudTrailEncryptForOrganizationTrail",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "kms:GenerateDataKey*",
      Resource: "*",
      Condition: {
        ...forTrail,
        StringLike: {
          "kms:EncryptionContext:aws:cloudtrail:arn": pulumi.interpolate`arn:aws:cloudtrail:*:${p.managementAccountId}:trail/*`,
        },
      },
    },
    {
      Sid: "CloudTrailDecryptWithBucketKey",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "kms:Decrypt",
      Resource: "*",
      Condition: forTrail,
    },
    {
      Sid: "CloudTrailDescribeKey",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "kms:DescribeKey",
      Resource: "*",
      Condition: forTrail,
    },
    ...(p.readerPrincipalArns.length === 0
      ? []
      : [
          {
            Sid: "ReadersDecryptThroughS3",
            Effect: "Allow" as const,
            Principal: { AWS: "*" },
            Action: ["kms:Decrypt", "kms:DescribeKey"],
            Resource: "*",
            Condition: {
              ArnLike: { "aws:PrincipalArn": [...p.readerPrincipalArns] },
              StringEquals: { "kms:ViaService": viaService("s3", p.region) },
            },
          },
        ]),
  ];
}

/** The read actions on log objects and the bucket that only the readers are allowed. */
export const LOG_READ_ACTIONS = ["s3:GetObject", "s3:GetObjectVersion"];

/**
 * The archive bucket's statements (SecureBucket adds the TLS-only deny), after "Amazon S3 bucket policy for
 * CloudTrail" (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html):
 * the organization trail (`aws:SourceArn`) checks the ACL and writes under `AWSLogs/<management account>/`
 * and `AWSLogs/<organization id>/` with `bucket-owner-full-control`; the readers may list and read; every
 * other principal is denied reading objects, whatever its own policies allow.
 */
export function logArchiveBucketStatements(
  bucketArn: pulumi.Input<string>,
  p: LogArchivePolicyInputs,
): Statement[] {
  const trail = { "aws:SourceArn": p.trailArn };
  const readers = [...p.readerPrincipalArns];
  return [
    {
      Sid: "CloudTrailAclCheck",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:GetBucketAcl",
      Resource: bucketArn,
      Condition: { StringEquals: trail },
    },
    {
      Sid: "CloudTrailWrite",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: [
        pulumi.interpolate`${bucketArn}/AWSLogs/${p.managementAccountId}/*`,
        pulumi.interpolate`${bucketArn}/AWSLogs/${p.organizationId}/*`,
      ],
      Condition: { StringEquals: { ...trail, "s3:x-amz-acl": "bucket-owner-full-control" } },
    },
    ...(readers.length === 0
      ? []
      : [
          {
            Sid: "ReadersRead",
            Effect: "Allow" as const,
            Principal: { AWS: "*" },
            Action: [...LOG_READ_ACTIONS, "s3:ListBucket", "s3:GetBucketLocation"],
            Resource: [bucketArn, pulumi.interpolate`${bucketArn}/*`],
            Condition: { ArnLike: { "aws:PrincipalArn": readers } },
          },
        ]),
    {
      Sid: "OnlyReadersRead",
      Effect: "Deny",
      Principal: "*",
      Action: LOG_READ_ACTIONS,
      Resource: pulumi.interpolate`${bucketArn}/*`,
      ...(readers.length === 0 ? {} : { Condition: { ArnNotLike: { "aws:PrincipalArn": readers } } }),
    },
  ];
}

export interface LogArchiveArgs {
  /** Provider of the Organization's management account: the organization trail is created there. */
  management: aws.Provider;
  /** Provider of the security account: the key and the buckets are created there. */
  security: aws.Provider;
  /** Id of the management account (the trail's owner). */
  managementAccountId: pulumi.Input<string>;
  /** Id of the security account (the key's and buckets' owner). */
  securityAccountId: pulumi.Input<string>;
  /** Id of the Organization (`o-...`). */
  organizationId: pulumi.Input<string>;
  /** Home Region of the trail, and the Region of the key and buckets (both providers' Region). */
  region: string;
  /** Prefix of physical names, e.g. `platform`. */
  namePrefix: string;
  /**
   * Object Lock of every log file: `COMPLIANCE` (no one can delete or shorten it) or `GOVERNANCE`, for
   * `retentionDays`.
   */
  lockMode: ObjectLock["mode"];
  /** Days every log file is locked and kept; it expires after them. */
  retentionDays: number;
  /** Storage class transitions before expiry, each earlier than `retentionDays`. Default: {@link DEFAULT_LOG_TRANSITIONS}. */
  transitions?: readonly BucketTransition[];
  /**
   * ARN patterns (`*` and `?` allowed) of the principals that may read the logs: auditors, break-glass
   * roles (for example `arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/*AuditRead*`). Every
   * other principal is denied reading log objects. Empty: nobody reads.
   */
  readerPrincipalArns: readonly string[];
  /** Days the server access logs of the archive bucket are kept. Default: `retentionDays`. */
  accessLogRetentionDays?: number;
  /** Mark the key and buckets `protect`. Default: true. */
  protect?: boolean;
}

/**
 * The organization trail (multi-Region, global service events, log file validation, KMS) in the management
 * account, and in the security account its KMS key and a bucket with Object Lock, versioning, SSE-KMS,
 * transitions and expiry after the retention, whose server access logs go to a second bucket. The trail is
 * created after the bucket policy and the key (with its policy), which CloudTrail checks when the trail is
 * created. The caller enables trusted access for {@link LOG_ARCHIVE_SERVICE_PRINCIPALS} on the Organization
 * and passes it in `dependsOn`.
 */
export class LogArchive extends pulumi.ComponentResource {
  readonly key: aws.kms.Key;
  readonly bucket: SecureBucket;
  readonly accessLogs: SecureBucket;
  readonly trail: aws.cloudtrail.Trail;
  readonly trailArn: pulumi.Output<string>;
  readonly bucketName: pulumi.Output<string>;
  readonly keyArn: pulumi.Output<string>;

  constructor(name: string, args: LogArchiveArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:organization:LogArchive", name, {}, opts);
    const transitions = args.transitions ?? DEFAULT_LOG_TRANSITIONS;
    const late = transitions.filter((t) => t.days >= args.retentionDays);
    if (late.length > 0) {
      throw new Error(
        `log archive ${name}: transitions after ${late.map((t) => t.days).join(", ")} days do not come before ` +
          `the retention of ${args.retentionDays} days`,
      );
    }
    const protect = args.protect ?? true;
    const security = { parent: this, provider: args.security };
    const trailName = physicalName([args.namePrefix, "organization"], 128);
    this.trailArn = trailArn(args.region, args.managementAccountId, trailName);
    const inputs: LogArchivePolicyInputs = {
      securityAccountId: args.securityAccountId,
      managementAccountId: args.managementAccountId,
      organizationId: args.organizationId,
      trailArn: this.trailArn,
      region: args.region,
      readerPrincipalArns: args.readerPrincipalArns,
    };

    this.key = new aws.kms.Key(
      `${name}-key`,
      {
        description: "Organization trail log archive",
        keyUsage: "ENCRYPT_DECRYPT",
        customerMasterKeySpec: "SYMMETRIC_DEFAULT",
        enableKeyRotation: true,
        rotationPeriodInDays: 365,
        deletionWindowInDays: 30,
        policy: policyJson(logArchiveKeyPolicy(inputs)),
      },
      { ...security, protect },
    );
    new aws.kms.Alias(
      `${name}-key-alias`,
      { name: `alias/${physicalName([args.namePrefix, "log-archive"], 250)}`, targetKeyId: this.key.keyId },
      security,
    );

    // Server access logs: S3 delivers them only into a bucket with SSE-S3 default encryption, granted to
    // logging.s3.amazonaws.com for the source bucket
    // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html).
    this.accessLogs = new SecureBucket(
      `${name}-access-logs`,
      {
        expirationDays: args.accessLogRetentionDays ?? args.retentionDays,
        noncurrentVersionExpirationDays: 30,
        protect,
        policyStatements: (bucketArn) => [
          {
            Sid: "S3ServerAccessLogs",
            Effect: "Allow",
            Principal: { Service: "logging.s3.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: pulumi.interpolate`${bucketArn}/*`,
            Condition: { StringEquals: { "aws:SourceAccount": args.securityAccountId } },
          },
        ],
      },
      security,
    );
    this.bucket = new SecureBucket(
      `${name}-logs`,
      {
        kmsKeyArn: this.key.arn,
        objectLock: { mode: args.lockMode, days: args.retentionDays },
        transitions,
        expirationDays: args.retentionDays,
        // A non-current version is still locked until its retain-until date; S3 removes it after that.
        noncurrentVersionExpirationDays: 1,
        accessLogBucket: this.accessLogs.bucketName,
        accessLogPrefix: "archive/",
        protect,
        policyStatements: (bucketArn) => logArchiveBucketStatements(bucketArn, inputs),
      },
      security,
    );
    this.bucketName = this.bucket.bucketName;
    this.keyArn = this.key.arn;

    this.trail = new aws.cloudtrail.Trail(
      `${name}-trail`,
      {
        name: trailName,
        region: args.region,
        s3BucketName: this.bucket.bucketName,
        kmsKeyId: this.key.arn,
        isOrganizationTrail: true,
        isMultiRegionTrail: true,
        includeGlobalServiceEvents: true,
        enableLogFileValidation: true,
        enableLogging: true,
      },
      {
        parent: this,
        provider: args.management,
        protect,
        // CloudTrail checks the bucket policy and the key policy when the trail is created, and needs
        // trusted access on the Organization.
        dependsOn: [...plainDependsOn(opts?.dependsOn), this.bucket.policy, this.key],
      },
    );

    this.registerOutputs({ trailArn: this.trailArn, bucketName: this.bucketName, keyArn: this.keyArn });
  }
}
