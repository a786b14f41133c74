import * as pulumi from "@pulumi/pulumi";

import { Statement, viaService } from "../shared/policies";
import { SecureBucket } from "../shared/secureBucket";

export interface FileStorageArgs {
  /** The environment key: objects are SSE-KMS encrypted with it, with a bucket key. */
  kmsKeyArn: pulumi.Input<string>;
  /** Name of the bucket that receives S3 server access logs (an SSE-S3 log bucket, see {@link serverAccessLogsStatement}). */
  accessLogBucket: pulumi.Input<string>;
  /** Days old object versions are kept. Default: 90. */
  noncurrentVersionDays?: number;
  /** `protect` the bucket against `pulumi destroy`. Default: false. */
  protect?: boolean;
}

/**
 * The statements a service needs for application files: objects under `prefix` (default: the whole
 * bucket), read-only or read-write, and the environment key through S3 only.
 */
export function fileStorageStatements(args: {
  bucketArn: pulumi.Input<string>;
  kmsKeyArn: pulumi.Input<string>;
  region: string;
  readOnly?: boolean;
  /** Key prefix without a leading slash, e.g. `uploads/`. Default: every key. */
  prefix?: string;
}): Statement[] {
  const prefix = args.prefix ?? "";
  const objects = pulumi.interpolate`${args.bucketArn}/${prefix}*`;
  const viaS3 = { StringEquals: { "kms:ViaService": viaService("s3", args.region) } };
  return [
    {
      Sid: "ListFiles",
      Effect: "Allow",
      Action: "s3:ListBucket",
      Resource: args.bucketArn,
      ...(prefix ? { Condition: { StringLike: { "s3:prefix": `${prefix}*` } } } : {}),
    },
    {
      Sid: args.readOnly ? "ReadFiles" : "ReadWriteFiles",
      Effect: "Allow",
      Action: args.readOnly
        ? ["s3:GetObject", "s3:GetObjectVersion"]
        : [
            "s3:GetObject",
            "s3:GetObjectVersion",
            "s3:PutObject",
            "s3:DeleteObject",
            "s3:AbortMultipartUpload",
          ],
      Resource: objects,
    },
    {
      Sid: "UseFileStorageKey",
      Effect: "Allow",
      Action: args.readOnly ? ["kms:Decrypt"] : ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: args.kmsKeyArn,
      Condition: viaS3,
    },
  ];
}

/**
 * The bucket policy statement that lets S3 deliver server access logs of this account's buckets into
 * the log bucket. S3 delivers server access logs only to a bucket with SSE-S3 default encryption.
 */
export function serverAccessLogsStatement(
  logBucketArn: pulumi.Input<string>,
  accountId: pulumi.Input<string>,
): Statement {
  return {
    Sid: "S3ServerAccessLogs",
    Effect: "Allow",
    Principal: { Service: "logging.s3.amazonaws.com" },
    Action: "s3:PutObject",
    Resource: pulumi.interpolate`${logBucketArn}/*`,
    Condition: { StringEquals: { "aws:SourceAccount": accountId } },
  };
}

/**
 * The environment's bucket for application files: a {@link SecureBucket} (SSE-KMS with the environment
 * key and a bucket key, versioning, every public access blocked, non-TLS requests denied, old versions
 * expired) with server access logs to the log bucket. Services use it through {@link fileStorageStatements};
 * nothing is ever stored on instance disks.
 */
export class FileStorage extends pulumi.ComponentResource {
  readonly bucket: SecureBucket;
  readonly bucketName: pulumi.Output<string>;
  readonly bucketArn: pulumi.Output<string>;

  constructor(name: string, args: FileStorageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:data:FileStorage", name, {}, opts);
    this.bucket = new SecureBucket(
      `${name}-bucket`,
      {
        kmsKeyArn: args.kmsKeyArn,
        noncurrentVersionExpirationDays: args.noncurrentVersionDays ?? 90,
        accessLogBucket: args.accessLogBucket,
        accessLogPrefix: `${name}/`,
        protect: args.protect ?? false,
      },
      { parent: this },
    );
    this.bucketName = this.bucket.bucketName;
    this.bucketArn = this.bucket.arn;

    this.registerOutputs({ bucket: this.bucket, bucketName: this.bucketName, bucketArn: this.bucketArn });
  }
}
