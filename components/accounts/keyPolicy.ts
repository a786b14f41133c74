import * as pulumi from "@pulumi/pulumi";

import { Statement, viaService } from "../shared/policies";

/** AWS services that use the environment key on behalf of principals of the account (kms:ViaService). */
export const KEY_VIA_SERVICES = [
  "ec2",
  "rds",
  "elasticache",
  "sqs",
  "sns",
  "secretsmanager",
  "ssm",
  "s3",
  "kafka",
  "ecr",
  "es",
  "dynamodb",
  "lambda",
  "backup",
] as const;

/** The account administers the key through IAM policies (without it, only the key policy could). */
export function administerThroughIam(accountId: pulumi.Input<string>): Statement {
  return {
    Sid: "EnableIamPolicies",
    Effect: "Allow",
    Principal: { AWS: pulumi.interpolate`arn:aws:iam::${accountId}:root` },
    Action: "kms:*",
    Resource: "*",
  };
}

/** Any principal of the account may use the key, but only through the given AWS services in the Region. */
export function useThroughServices(
  sid: string,
  accountId: pulumi.Input<string>,
  region: string,
  services: readonly string[],
): Statement {
  return {
    Sid: sid,
    Effect: "Allow",
    Principal: { AWS: "*" },
    Action: [
      "kms:Encrypt",
      "kms:Decrypt",
      "kms:ReEncrypt*",
      "kms:GenerateDataKey*",
      "kms:CreateGrant",
      "kms:DescribeKey",
    ],
    Resource: "*",
    Condition: {
      StringEquals: {
        "kms:CallerAccount": accountId,
        "kms:ViaService": services.map((s) => viaService(s, region)),
      },
    },
  };
}

export interface KeyPolicyArgs {
  accountId: pulumi.Input<string>;
  region: string;
}

/**
 * CloudWatch alarms and EventBridge rules deliver to topics and queues the key encrypts: SNS and SQS then
 * call KMS as the delivering service's principal, and those calls carry neither aws:SourceAccount nor
 * aws:SourceArn, so a statement conditioned on them never applies and every delivery fails. The key policy
 * AWS documents for them has no condition
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services,
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-troubleshooting.html#eb-sqs-encrypted); what
 * keeps another account's alarm or rule out is the topic's and the queue's own policy, which admits only
 * this account's alarms and rules (aws:SourceAccount, aws:SourceArn: sent on sns:Publish and
 * sqs:SendMessage).
 */
export const DELIVERING_SERVICES = ["cloudwatch.amazonaws.com", "events.amazonaws.com"] as const;

/**
 * The environment key's policy: the account administers it through IAM, CloudWatch Logs and CloudTrail
 * encrypt their own records with it (scoped by encryption context), any principal of the account may use
 * it through the listed AWS services only, CloudWatch alarms and EventBridge may deliver to topics and
 * queues it encrypts, and EventBridge may encrypt the account's buses and archives (scoped by encryption
 * context).
 */
export function environmentKeyPolicy({ accountId, region }: KeyPolicyArgs): Statement[] {
  return [
    administerThroughIam(accountId),
    {
      Sid: "AllowCloudWatchLogs",
      Effect: "Allow",
      Principal: { Service: `logs.${region}.amazonaws.com` },
      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      Resource: "*",
      Condition: {
        ArnLike: {
          "kms:EncryptionContext:aws:logs:arn": pulumi.interpolate`arn:aws:logs:${region}:${accountId}:*`,
        },
      },
    },
    {
      Sid: "AllowCloudTrailEncrypt",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "kms:GenerateDataKey*",
      Resource: "*",
      Condition: {
        StringLike: {
          "kms:EncryptionContext:aws:cloudtrail:arn": pulumi.interpolate`arn:aws:cloudtrail:*:${accountId}:trail/*`,
        },
        StringEquals: { "aws:SourceAccount": accountId },
      },
    },
    {
      Sid: "AllowCloudTrailDescribe",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "kms:DescribeKey",
      Resource: "*",
    },
    useThroughServices("AllowUseThroughAwsServices", accountId, region, KEY_VIA_SERVICES),
    {
      Sid: "AllowAlarmAndEventDelivery",
      Effect: "Allow",
      Principal: { Service: [...DELIVERING_SERVICES] },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
    },
    // Data stores: CloudFront reads SSE-KMS objects of the static site through origin access control
    {
      Sid: "AllowCloudFrontOriginAccessControl",
      Effect: "Allow",
      Principal: { Service: "cloudfront.amazonaws.com" },
      Action: "kms:Decrypt",
      Resource: "*",
      Condition: {
        StringLike: { "aws:SourceArn": pulumi.interpolate`arn:aws:cloudfront::${accountId}:distribution/*` },
      },
    },
    // Events: an archive under a customer key re-encrypts what it keeps (kms:ReEncrypt*), in the encryption
    // context of the bus it archives; without it nothing is archived and nothing can be replayed
    // (https://docs.aws.amazon.com/eventbridge/latest/userguide/encryption-archives.html).
    {
      Sid: "AllowEventBridgeArchives",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
      Resource: "*",
      Condition: {
        StringLike: {
          "kms:EncryptionContext:aws:events:event-bus:arn": pulumi.interpolate`arn:aws:events:${region}:${accountId}:event-bus/*`,
        },
      },
    },
    // Events: EventBridge checks a bus's or archive's key when it is created or updated
    // (the statements above already let it encrypt and decrypt for the account's resources).
    {
      Sid: "AllowEventBridgeDescribeKey",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "kms:DescribeKey",
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    },
  ];
}
