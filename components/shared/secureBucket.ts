import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { denyInsecureTransport, policyJson, Statement } from "./policies";

export interface SecureBucketArgs {
  /**
   * KMS key for SSE-KMS with a bucket key. Leave undefined only for a bucket that AWS services can
   * write to solely with SSE-S3 (ALB access logs); such a bucket gets SSE-S3 (AES256).
   */
  kmsKeyArn?: pulumi.Input<string>;
  /** Extra statements of the bucket policy; a deny of non-TLS requests is always added. */
  policyStatements?: (bucketArn: pulumi.Output<string>) => Statement[];
  /** Delete current objects after this many days. Default: never. */
  expirationDays?: number;
  /** Delete non-current versions after this many days. Default: 90. */
  noncurrentVersionExpirationDays?: number;
  /** Bucket to write S3 server access logs to. Default: none (the log bucket itself). */
  accessLogBucket?: pulumi.Input<string>;
  /** Prefix of the access logs in `accessLogBucket`. Default: `<name>/`. */
  accessLogPrefix?: string;
  /**
   * Transition current objects to cheaper storage classes after so many days (S3 Lifecycle transitions,
   * https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html).
   * Default: none.
   */
  transitions?: readonly BucketTransition[];
  /**
   * S3 Object Lock: every new object version is locked for `days` in `mode` (WORM). Object Lock can only
   * be turned on at creation here (`objectLockEnabled` replaces an existing bucket), needs versioning
   * (always on) and cannot be turned off again
   * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html). Default: none.
   */
  objectLock?: ObjectLock;
  /**
   * Mark the bucket `protect`, so `pulumi destroy` cannot delete it. Default: false.
   * The bucket is never `forceDestroy`: a bucket with objects cannot be deleted by accident.
   */
  protect?: boolean;
}

/** A lifecycle transition of current objects. */
export interface BucketTransition {
  /** Days after creation. */
  days: number;
  /** Target storage class, e.g. `STANDARD_IA`, `GLACIER_IR`, `GLACIER`, `DEEP_ARCHIVE`. */
  storageClass: string;
}

/** Default retention of S3 Object Lock. */
export interface ObjectLock {
  /**
   * `COMPLIANCE`: no one, the root user included, can delete or shorten the lock; `GOVERNANCE`: principals
   * with `s3:BypassGovernanceRetention` can.
   */
  mode: "COMPLIANCE" | "GOVERNANCE";
  /** Days each object version stays locked. */
  days: number;
}

/**
 * An S3 bucket with the platform's defaults: SSE-KMS with a bucket key, versioning, every public access
 * blocked, objects owned by the bucket owner (ACLs off), a policy that denies non-TLS requests, and a
 * lifecycle that expires old versions and aborts stale multipart uploads.
 */
export class SecureBucket extends pulumi.ComponentResource {
  readonly bucket: aws.s3.Bucket;
  readonly bucketName: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;
  /** The bucket policy; depend on it before asking a service to write to the bucket. */
  readonly policy: aws.s3.BucketPolicy;

  constructor(name: string, args: SecureBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:data:SecureBucket", name, {}, opts);
    const parent = { parent: this };

    this.bucket = new aws.s3.Bucket(
      name,
      { forceDestroy: false, ...(args.objectLock === undefined ? {} : { objectLockEnabled: true }) },
      { parent: this, protect: args.protect ?? false },
    );
    this.bucketName = this.bucket.bucket;
    this.arn = this.bucket.arn;
    const nameArn = pulumi.interpolate`arn:aws:s3:::${this.bucket.bucket}`;

    new aws.s3.BucketOwnershipControls(
      `${name}-ownership`,
      { bucket: this.bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
      parent,
    );
    const publicAccess = new aws.s3.BucketPublicAccessBlock(
      `${name}-public-access`,
      {
        bucket: this.bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      parent,
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      {
        bucket: this.bucket.id,
        rules: [
          args.kmsKeyArn === undefined
            ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }
            : {
                applyServerSideEncryptionByDefault: {
                  sseAlgorithm: "aws:kms",
                  kmsMasterKeyId: args.kmsKeyArn,
                },
                bucketKeyEnabled: true,
              },
        ],
      },
      parent,
    );
    const versioning = new aws.s3.BucketVersioning(
      `${name}-versioning`,
      { bucket: this.bucket.id, versioningConfiguration: { status: "Enabled" } },
      parent,
    );
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      {
        bucket: this.bucket.id,
        rules: [
          {
            id: "expire-old-versions",
            status: "Enabled",
            filter: { prefix: "" },
            noncurrentVersionExpiration: { noncurrentDays: args.noncurrentVersionExpirationDays ?? 90 },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
            ...(args.expirationDays === undefined ? {} : { expiration: { days: args.expirationDays } }),
            ...(args.transitions === undefined || args.transitions.length === 0
              ? {}
              : {
                  transitions: args.transitions.map((t) => ({ days: t.days, storageClass: t.storageClass })),
                }),
          },
        ],
      },
      // Lifecycle rules on non-current versions need versioning configured first.
      { parent: this, dependsOn: [versioning] },
    );
    if (args.objectLock !== undefined) {
      new aws.s3.BucketObjectLockConfiguration(
        `${name}-object-lock`,
        {
          bucket: this.bucket.id,
          objectLockEnabled: "Enabled",
          rule: { defaultRetention: { mode: args.objectLock.mode, days: args.objectLock.days } },
        },
        // Object Lock needs versioning (S3 turns it on with Object Lock; the versioning resource keeps it).
        { parent: this, dependsOn: [versioning] },
      );
    }
    if (args.accessLogBucket !== undefined) {
      new aws.s3.BucketLogging(
        `${name}-logging`,
        {
          bucket: this.bucket.id,
          targetBucket: args.accessLogBucket,
          targetPrefix: args.accessLogPrefix ?? `${name}/`,
        },
        parent,
      );
    }
    this.policy = new aws.s3.BucketPolicy(
      `${name}-policy`,
      {
        bucket: this.bucket.id,
        // The ARN from the bucket's name rather than its `arn` output: the name is known during preview, so
        // the policy document is too, and the policy pack can read it before anything is deployed.
        policy: policyJson([denyInsecureTransport(nameArn), ...(args.policyStatements?.(nameArn) ?? [])]),
      },
      // The public access block must exist first, or a policy naming services races it.
      { parent: this, dependsOn: [publicAccess] },
    );

    this.registerOutputs({
      bucket: this.bucket,
      bucketName: this.bucketName,
      arn: this.arn,
      policy: this.policy,
    });
  }
}
