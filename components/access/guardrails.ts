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
/**
 * What people and the preview role may still do where the region guard otherwise leaves only the guardrail
 * admins: read what the platform places in us-east-1 (the static site's edge logs and certificate, the
 * break-glass forwarding rules, their alarms and log groups). Reads only: nothing here creates or changes.
 */
export const EDGE_READ_ACTIONS = [
  "cloudwatch:Describe*",
  "cloudwatch:Get*",
  "cloudwatch:List*",
  "events:Describe*",
  "events:List*",
  "logs:Describe*",
  "logs:FilterLogEvents",
  "logs:Get*",
  "logs:ListTagsForResource",
  "logs:StartQuery",
  "logs:StopQuery",
  "s3:GetBucket*",
  "s3:GetObject",
  "s3:GetObjectVersion",
  "s3:ListBucket",
  "s3:ListBucketVersions",
];

/** The Organization's access role in member accounts (any account), as an `aws:PrincipalArn` pattern. */
export const accessRolePattern = (accessRole: string): string => `arn:aws:iam::*:role/${accessRole}`;

/**
 * The roles a landing zone runs its own changes with, which no guardrail may lock out: AWS Control Tower's
 * execution role and its `aws-controltower-*` roles, and the StackSets execution roles it deploys through
 * ("Roles that AWS Control Tower creates", https://docs.aws.amazon.com/controltower/latest/userguide/roles-how.html).
 */
export const LANDING_ZONE_ROLES = [
  "arn:aws:iam::*:role/AWSControlTowerExecution",
  "arn:aws:iam::*:role/aws-controltower-*",
  "arn:aws:iam::*:role/stacksets-exec-*",
];

/**
 * Principals that administer the guardrails themselves: the platform's deploy roles (`namePrefix` may be a
 * pattern, `platform-*` for every environment), the organization's access role and a landing zone's roles.
 */
export function guardrailAdmins(namePrefix: string, accessRole: string): string[] {
  return [
    `arn:aws:iam::*:role/${deployRoleName(namePrefix)}`,
    accessRolePattern(accessRole),
    ...LANDING_ZONE_ROLES,
  ];
}

/** The service control policies of the platform's OUs. */
export function serviceControlPolicies(args: {
  allowedRegions: string[];
  admins: string[];
  /** The Organization's access role (pattern) and a landing zone's roles: the only principals that may create IAM users or keys. */
  credentialAdmins: string[];
}): Record<string, Statement[]> {
  const exceptAdmins = { ArnNotLike: { "aws:PrincipalArn": args.admins } };
  // The platform builds a few resources in us-east-1 whatever the allowed regions (GLOBAL_EVENTS_REGION):
  // when it is not one of them, only the guardrail admins may change anything there; others may read.
  const edgeIsAllowed = args.allowedRegions.includes(GLOBAL_EVENTS_REGION);
  return {
    baseline: [
      {
        Sid: "DenyLongLivedCredentials",
        Effect: "Deny",
        Action: ["iam:CreateUser", "iam:CreateAccessKey", "iam:CreateLoginProfile"],
        Resource: "*",
        Condition: { ArnNotLike: { "aws:PrincipalArn": args.credentialAdmins } },
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
              NotAction: [...GLOBAL_SERVICE_ACTIONS, ...EDGE_READ_ACTIONS],
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
  accountId: pulumi.Input<string>;
  kmsKeyArn: pulumi.Input<string>;
  protect: boolean;
  /**
   * Whether the account already has AWS Config recording (a landing zone such as Control Tower runs a
   * recorder in every enrolled account, and an account holds one recorder per region): then no second
   * recorder is made and the managed rules use the landing zone's. Default: false.
   */
  recorderExists?: boolean;
}

/**
 * Guardrails inside the environment's account: AWS Config recording every resource (unless a landing zone
 * records already) with managed rules that match the policy pack (encrypted volumes, RDS not public,
 * restricted SSH, S3 public access, flow logs, trail validation). The service control policies over the
 * account are the organization program's (components/organization/guardrails.ts).
 */
export class Guardrails extends pulumi.ComponentResource {
  constructor(name: string, args: GuardrailsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:access:Guardrails", name, {}, opts);
    if (args.recorderExists) {
      for (const [ruleName, identifier] of Object.entries(CONFIG_RULES)) {
        new aws.cfg.Rule(
          `${name}-${ruleName}`,
          { source: { owner: "AWS", sourceIdentifier: identifier } },
          {
            parent: this,
          },
        );
      }
      this.registerOutputs({});
      return;
    }
    const parent = { parent: this };

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

    this.registerOutputs({ configBucket: bucket.bucketName });
  }
}
