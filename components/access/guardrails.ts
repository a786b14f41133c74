import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { policyDocument, Statement } from "../shared/policies";
import { SecureBucket } from "../shared/secureBucket";
import { deployRoleName } from "./ciIdentity";
import { GLOBAL_EVENTS_REGION } from "./model";

/**
 * Actions of global services, which a region deny must leave alone (AWS's example SCP "Deny access to
 * AWS based on the requested AWS Region").
 */
export const GLOBAL_SERVICE_ACTIONS = [
  "a4b:*",
  "acm:*",
  "aws-marketplace-management:*",
  "aws-marketplace:*",
  "aws-portal:*",
  "budgets:*",
  "ce:*",
  "chime:*",
  "cloudfront:*",
  "config:*",
  "cur:*",
  "directconnect:*",
  "ec2:DescribeRegions",
  "ec2:DescribeTransitGateways",
  "ec2:DescribeVpnGateways",
  "fms:*",
  "globalaccelerator:*",
  "health:*",
  "iam:*",
  "importexport:*",
  "kms:*",
  "mobileanalytics:*",
  "networkmanager:*",
  "organizations:*",
  "pricing:*",
  "route53:*",
  "route53domains:*",
  "s3:GetAccountPublic*",
  "s3:ListAllMyBuckets",
  "s3:PutAccountPublic*",
  "shield:*",
  "sso:*",
  "sts:*",
  "support:*",
  "trustedadvisor:*",
  "waf-regional:*",
  "waf:*",
  "wafv2:*",
  "wellarchitected:*",
];

/** What AWS Config's own role needs to deliver snapshots and history to the encrypted bucket. */
export function configDeliveryStatements(
  bucketArn: pulumi.Input<string>,
  accountId: pulumi.Input<string>,
  kmsKeyArn: pulumi.Input<string>,
): Statement[] {
  return [
    { Sid: "CheckBucket", Effect: "Allow", Action: "s3:GetBucketAcl", Resource: bucketArn },
    {
      Sid: "Deliver",
      Effect: "Allow",
      Action: "s3:PutObject",
      Resource: pulumi.interpolate`${bucketArn}/AWSLogs/${accountId}/Config/*`,
    },
    {
      Sid: "EncryptDeliveries",
      Effect: "Allow",
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: kmsKeyArn,
    },
  ];
}
/** The Organization's access role in member accounts (any account), as an `aws:PrincipalArn` pattern. */
export const accessRolePattern = (accessRole: string): string => `arn:aws:iam::*:role/${accessRole}`;

/** Principals that administer the guardrails themselves: the platform's deploy role and the org access role. */
export function guardrailAdmins(namePrefix: string, accessRole: string): string[] {
  return [`arn:aws:iam::*:role/${deployRoleName(namePrefix)}`, accessRolePattern(accessRole)];
}

/** The service control policies of an environment's OU. */
export function serviceControlPolicies(args: {
  allowedRegions: string[];
  admins: string[];
  /** The Organization's access role (pattern): the only principal that may create IAM users or keys. */
  accessRole: string;
}): Record<string, Statement[]> {
  const exceptAdmins = { ArnNotLike: { "aws:PrincipalArn": args.admins } };
  // The platform builds a few resources in us-east-1 whatever the allowed regions (GLOBAL_EVENTS_REGION):
  // when it is not one of them, only the guardrail admins may act there.
  const edgeIsAllowed = args.allowedRegions.includes(GLOBAL_EVENTS_REGION);
  return {
    baseline: [
      {
        Sid: "DenyLongLivedCredentials",
        Effect: "Deny",
        Action: ["iam:CreateUser", "iam:CreateAccessKey", "iam:CreateLoginProfile"],
        Resource: "*",
        Condition: { ArnNotLike: { "aws:PrincipalArn": [args.accessRole] } },
      },
      {
        Sid: "DenyLeavingTheOrganization",
        Effect: "Deny",
        Action: "organizations:LeaveOrganization",
        Resource: "*",
      },
      {
        Sid: "DenyDisablingAuditAndDetection",
        Effect: "Deny",
        Action: [
          "cloudtrail:StopLogging",
          "cloudtrail:DeleteTrail",
          "cloudtrail:UpdateTrail",
          "cloudtrail:PutEventSelectors",
          "guardduty:DeleteDetector",
          "guardduty:UpdateDetector",
          "guardduty:DisassociateFromAdministratorAccount",
          "guardduty:DeleteMembers",
          "config:StopConfigurationRecorder",
          "config:DeleteConfigurationRecorder",
          "config:DeleteDeliveryChannel",
          "config:DeleteConfigRule",
        ],
        Resource: "*",
        Condition: exceptAdmins,
      },
      {
        Sid: "DenyRootUser",
        Effect: "Deny",
        Action: "*",
        Resource: "*",
        Condition: { StringLike: { "aws:PrincipalArn": "arn:aws:iam::*:root" } },
      },
    ],
    regions: [
      {
        Sid: "DenyOtherRegions",
        Effect: "Deny",
        NotAction: GLOBAL_SERVICE_ACTIONS,
        Resource: "*",
        Condition: {
          StringNotEquals: {
            "aws:RequestedRegion": edgeIsAllowed
              ? args.allowedRegions
              : [...args.allowedRegions, GLOBAL_EVENTS_REGION],
          },
        },
      },
      ...(edgeIsAllowed
        ? []
        : [
            {
              Sid: "DenyGlobalEventsRegionButToAdmins",
              Effect: "Deny" as const,
              NotAction: GLOBAL_SERVICE_ACTIONS,
              Resource: "*",
              Condition: {
                StringEquals: { "aws:RequestedRegion": GLOBAL_EVENTS_REGION },
                ...exceptAdmins,
              },
            },
          ]),
    ],
  };
}

/** AWS Config managed rules matching the policy pack's rules. */
export const CONFIG_RULES: Record<string, string> = {
  "encrypted-volumes": "ENCRYPTED_VOLUMES",
  "rds-not-public": "RDS_INSTANCE_PUBLIC_ACCESS_CHECK",
  "restricted-ssh": "INCOMING_SSH_DISABLED",
  "s3-no-public-access": "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED",
  "vpc-flow-logs": "VPC_FLOW_LOGS_ENABLED",
  "cloudtrail-log-validation": "CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED",
};

export interface GuardrailsArgs {
  namePrefix: string;
  accountId: pulumi.Input<string>;
  /** OU of the environment's account: the SCPs are attached there. */
  organizationalUnitId: string;
  allowedRegions: string[];
  /** Role the management account uses in member accounts (left out of the SCP denies). */
  accessRole: string;
  kmsKeyArn: pulumi.Input<string>;
  protect: boolean;
  /** Provider of the management account: SCPs are Organization resources. */
  managementProvider: aws.Provider;
}

/**
 * Guardrails on the environment's account: service control policies on its OU (no leaving the
 * Organization, no disabling CloudTrail, GuardDuty or Config except by the platform's own roles, no IAM
 * users, access keys or console passwords except by the Organization's access role, no other regions than
 * the allow-list (us-east-1 only for the platform's own roles, for the few pieces that must live there), no
 * root user) and AWS Config recording every resource with managed rules that match the policy pack
 * (encrypted volumes, RDS not public, restricted SSH, S3 public access).
 */
export class Guardrails extends pulumi.ComponentResource {
  readonly policyIds: pulumi.Output<string>[];

  constructor(name: string, args: GuardrailsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:access:Guardrails", name, {}, opts);
    const parent = { parent: this };
    const inManagement = { parent: this, provider: args.managementProvider };

    const scps = serviceControlPolicies({
      allowedRegions: args.allowedRegions,
      admins: guardrailAdmins(args.namePrefix, args.accessRole),
      accessRole: accessRolePattern(args.accessRole),
    });
    this.policyIds = Object.entries(scps).map(([key, statements]) => {
      const scp = new aws.organizations.Policy(
        `${name}-scp-${key}`,
        {
          name: `${args.namePrefix}-${key}`,
          type: "SERVICE_CONTROL_POLICY",
          description: `Guardrails of ${args.namePrefix}: ${key}`,
          content: JSON.stringify(policyDocument(statements)),
        },
        inManagement,
      );
      new aws.organizations.PolicyAttachment(
        `${name}-scp-${key}-ou`,
        { policyId: scp.id, targetId: args.organizationalUnitId },
        inManagement,
      );
      return scp.id;
    });

    // AWS Config: a recorder of every resource type, delivering to an encrypted bucket.
    const bucket = new SecureBucket(
      `${name}-config`,
      {
        kmsKeyArn: args.kmsKeyArn,
        protect: args.protect,
        policyStatements: (bucketArn) => [
          {
            Sid: "ConfigBucketCheck",
            Effect: "Allow",
            Principal: { Service: "config.amazonaws.com" },
            Action: ["s3:GetBucketAcl", "s3:ListBucket"],
            Resource: bucketArn,
            Condition: { StringEquals: { "aws:SourceAccount": args.accountId } },
          },
          {
            Sid: "ConfigDelivery",
            Effect: "Allow",
            Principal: { Service: "config.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: pulumi.interpolate`${bucketArn}/AWSLogs/${args.accountId}/Config/*`,
            Condition: {
              StringEquals: {
                "s3:x-amz-acl": "bucket-owner-full-control",
                "aws:SourceAccount": args.accountId,
              },
            },
          },
        ],
      },
      parent,
    );
    const role = new aws.iam.Role(
      `${name}-config-role`,
      {
        assumeRolePolicy: pulumi.jsonStringify(
          policyDocument([
            {
              Effect: "Allow",
              Principal: { Service: "config.amazonaws.com" },
              Action: "sts:AssumeRole",
              Condition: { StringEquals: { "aws:SourceAccount": args.accountId } },
            },
          ]),
        ),
      },
      parent,
    );
    new aws.iam.RolePolicyAttachment(
      `${name}-config-role-policy`,
      { role: role.name, policyArn: "arn:aws:iam::aws:policy/service-role/AWS_ConfigRole" },
      parent,
    );
    // With a role of its own (not the service-linked one), Config delivers as that role: it needs the
    // bucket and the key itself (AWS_ConfigRole grants neither).
    const delivery = new aws.iam.RolePolicy(
      `${name}-config-delivery`,
      {
        role: role.name,
        policy: pulumi.jsonStringify(
          policyDocument(configDeliveryStatements(bucket.arn, args.accountId, args.kmsKeyArn)),
        ),
      },
      parent,
    );
    const recorder = new aws.cfg.Recorder(
      `${name}-recorder`,
      { roleArn: role.arn, recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } },
      parent,
    );
    const channel = new aws.cfg.DeliveryChannel(
      `${name}-delivery`,
      { s3BucketName: bucket.bucketName, s3KmsKeyArn: args.kmsKeyArn },
      { parent: this, dependsOn: [recorder, bucket.policy, delivery] },
    );
    const status = new aws.cfg.RecorderStatus(
      `${name}-recording`,
      { name: recorder.name, isEnabled: true },
      { parent: this, dependsOn: [channel] },
    );
    for (const [ruleName, identifier] of Object.entries(CONFIG_RULES)) {
      new aws.cfg.Rule(
        `${name}-${ruleName}`,
        { source: { owner: "AWS", sourceIdentifier: identifier } },
        { parent: this, dependsOn: [status] },
      );
    }

    this.registerOutputs({ policyIds: this.policyIds, configBucket: bucket.bucketName });
  }
}
