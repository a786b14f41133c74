import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { serverAccessLogsStatement } from "../data/fileStorage";
import { Statement } from "../shared/policies";
import { SecureBucket } from "../shared/secureBucket";

/** The service principal that delivers ALB access logs in Regions opened in or after August 2022. */
export const ELB_LOG_DELIVERY_SERVICE = "logdelivery.elasticloadbalancing.amazonaws.com";

/**
 * Regions where ALBs deliver access logs as the Region's Elastic Load Balancing account (Regions available
 * before August 2022; ELB user guide, "Enable access logs"). Elsewhere only the service principal works.
 */
export const LEGACY_ELB_LOG_REGIONS: readonly string[] = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "af-south-1",
  "ap-east-1",
  "ap-south-1",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ca-central-1",
  "eu-central-1",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "eu-south-1",
  "eu-north-1",
  "me-south-1",
  "sa-east-1",
];

/**
 * Bucket policy statements that let load balancers of `accountId` write access logs under any prefix:
 * the delivery service principal, and the Region's ELB account where the Region still uses one.
 */
export function albLogDeliveryStatements(
  bucketArn: pulumi.Input<string>,
  accountId: pulumi.Input<string>,
  elbAccountArn?: pulumi.Input<string>,
): Statement[] {
  const resource = pulumi.interpolate`${bucketArn}/*/AWSLogs/${accountId}/*`;
  const statements: Statement[] = [
    {
      Sid: "AlbLogDelivery",
      Effect: "Allow",
      Principal: { Service: ELB_LOG_DELIVERY_SERVICE },
      Action: "s3:PutObject",
      Resource: resource,
    },
  ];
  if (elbAccountArn !== undefined) {
    statements.push({
      Sid: "AlbLogDeliveryRegionalAccount",
      Effect: "Allow",
      Principal: { AWS: elbAccountArn },
      Action: "s3:PutObject",
      Resource: resource,
    });
  }
  return statements;
}

export interface AccessLogBucketArgs {
  region: string;
  /** Member account whose load balancers write here. */
  accountId: pulumi.Input<string>;
  /** Days access logs are kept. */
  retentionDays: number;
  /** Mark the bucket `protect`. Default: false. */
  protect?: boolean;
}

/**
 * The environment's access-log bucket: load balancer access logs and S3 server access logs. AWS delivers
 * both only to SSE-S3 buckets, so this is the one bucket of the platform without the environment key
 * (SecureBucket with no `kmsKeyArn`); it is otherwise private, versioned, TLS-only and expires logs after
 * `retentionDays`.
 */
export class AccessLogBucket extends pulumi.ComponentResource {
  readonly bucket: SecureBucket;
  readonly bucketName: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;
  /** Depend on this before creating a load balancer that logs here (ALB checks write access). */
  readonly policy: aws.s3.BucketPolicy;

  constructor(name: string, args: AccessLogBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:edge:AccessLogBucket", name, {}, opts);
    const elbAccountArn = LEGACY_ELB_LOG_REGIONS.includes(args.region)
      ? aws.elb.getServiceAccountOutput({}, { parent: this }).arn
      : undefined;
    this.bucket = new SecureBucket(
      name,
      {
        expirationDays: args.retentionDays,
        noncurrentVersionExpirationDays: 7,
        policyStatements: (arn) => [
          ...albLogDeliveryStatements(arn, args.accountId, elbAccountArn),
          serverAccessLogsStatement(arn, args.accountId),
        ],
        protect: args.protect,
      },
      { parent: this },
    );
    this.bucketName = this.bucket.bucketName;
    this.arn = this.bucket.arn;
    this.policy = this.bucket.policy;
    this.registerOutputs({ bucketName: this.bucketName, arn: this.arn });
  }
}
