/**
 * The permissions around the operators' VPN server: the PKI bucket's guards (the CA key for the server
 * only, issued profiles for their readers only), the instance role's statements and the operators'.
 */
import * as pulumi from "@pulumi/pulumi";

import { interpolateKnown, keyThrough, Statement } from "../shared/policies";
import { VPN_METRIC } from "./vpnScripts";

/** The tag that marks the server's instance and interface; the instance role and operators key on it. */
export const VPN_TAG = "platform:vpn";

/** Denies every principal but the server's role any access to the objects under `pki/`. */
export function pkiOnlyForServer(bucketArn: pulumi.Input<string>, roleArn: pulumi.Input<string>): Statement {
  return {
    Sid: "PkiOnlyForTheServer",
    Effect: "Deny",
    Principal: "*",
    Action: [
      "s3:GetObject",
      "s3:PutObject",
      "s3:DeleteObject",
      "s3:GetObjectVersion",
      "s3:DeleteObjectVersion",
    ],
    Resource: pulumi.interpolate`${bucketArn}/pki/*`,
    Condition: { ArnNotEquals: { "aws:PrincipalArn": roleArn } },
  };
}

/**
 * Denies every principal but `readers` reading the issued profiles under `clients/` (each holds a client's
 * private key), whatever its own policies allow (ReadOnlyAccess includes s3:Get*, and the environment key
 * decrypts for any principal of the account through S3). Managing the bucket itself is left alone.
 */
export function profilesOnlyForReaders(
  bucketArn: pulumi.Input<string>,
  readers: pulumi.Input<string>[],
): Statement {
  return {
    Sid: "ProfilesOnlyForReaders",
    Effect: "Deny",
    Principal: "*",
    Action: ["s3:GetObject", "s3:GetObjectVersion"],
    Resource: pulumi.interpolate`${bucketArn}/clients/*`,
    Condition: { ArnNotLike: { "aws:PrincipalArn": readers } },
  };
}

export interface VpnInstanceGrant {
  /** ARN of the Elastic IP allocation (`arn:aws:ec2:<region>:<account>:elastic-ip/<allocation id>`). */
  allocationArn: pulumi.Input<string>;
  /** ARNs (patterns) of instances and interfaces; only those tagged with the server's name match. */
  instanceArns: pulumi.Input<string>[];
  serverName: string;
  bucketArn: pulumi.Input<string>;
  kmsKeyArn: pulumi.Input<string>;
  logGroupArn: pulumi.Input<string>;
  region: string;
}

/** The instance role's permissions: nothing beyond what the boot script and the SSM documents do. */
export function vpnInstanceStatements(g: VpnInstanceGrant): Statement[] {
  return [
    {
      Sid: "AssociateTheAddress",
      Effect: "Allow",
      Action: "ec2:AssociateAddress",
      Resource: g.allocationArn,
    },
    {
      Sid: "AssociateToThisServerOnly",
      Effect: "Allow",
      Action: "ec2:AssociateAddress",
      Resource: g.instanceArns,
      Condition: { StringEquals: { [`aws:ResourceTag/${VPN_TAG}`]: g.serverName } },
    },
    {
      Sid: "KeepThePki",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      Resource: pulumi.interpolate`${g.bucketArn}/*`,
    },
    { Sid: "ListThePki", Effect: "Allow", Action: "s3:ListBucket", Resource: g.bucketArn },
    keyThrough("PkiEncryption", g.kmsKeyArn, "s3", g.region),
    {
      Sid: "ShipLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
      Resource: [g.logGroupArn, pulumi.interpolate`${g.logGroupArn}:*`],
    },
    {
      Sid: "PublishHealth",
      Effect: "Allow",
      Action: "cloudwatch:PutMetricData",
      Resource: "*",
      Condition: { StringEquals: { "cloudwatch:namespace": VPN_METRIC.namespace } },
    },
  ];
}

export interface VpnOperatorGrant {
  documentArns: pulumi.Input<string>[];
  /** Instance ARN pattern; only the instance tagged with the server's name matches. */
  instanceArn: pulumi.Input<string>;
  serverName: string;
  bucketArn: pulumi.Input<string>;
  kmsKeyArn: pulumi.Input<string>;
  region: string;
}

/** Following the commands an operator sent (these actions take no resource-level permission). */
const FOLLOW_COMMANDS: Statement = {
  Sid: "FollowCommands",
  Effect: "Allow",
  Action: ["ssm:GetCommandInvocation", "ssm:ListCommandInvocations", "ssm:ListCommands"],
  Resource: "*",
};

/** The operators' permissions: run the two documents on the server, follow them, fetch client profiles. */
export function vpnOperatorStatements(g: VpnOperatorGrant): Statement[] {
  return [
    { Sid: "RunTheDocuments", Effect: "Allow", Action: "ssm:SendCommand", Resource: g.documentArns },
    {
      Sid: "OnTheServerOnly",
      Effect: "Allow",
      Action: "ssm:SendCommand",
      Resource: g.instanceArn,
      Condition: { StringEquals: { [`ssm:resourceTag/${VPN_TAG}`]: g.serverName } },
    },
    FOLLOW_COMMANDS,
    {
      Sid: "FetchProfiles",
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: pulumi.interpolate`${g.bucketArn}/clients/*`,
    },
    keyThrough("DecryptProfiles", g.kmsKeyArn, "s3", g.region, "decrypt"),
  ];
}

/**
 * The operators' permissions written without the server's resources, for a permission set the organization
 * defines before any environment exists: run the VPN's documents (tagged {@link VPN_TAG}) on the server
 * (tagged likewise) of `accountId`, follow the commands, fetch issued profiles under `clients/` of that
 * account's buckets (the PKI bucket's policy denies every other reader) and decrypt them through S3. SSM
 * documents and instances carry `ssm:resourceTag/<key>` for SendCommand ("Actions, resources, and condition
 * keys for AWS Systems Manager", https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssystemsmanager.html).
 */
export function vpnOperatorStatementsByTag(accountId: pulumi.Input<string>): Statement[] {
  const tagged = { StringLike: { [`ssm:resourceTag/${VPN_TAG}`]: "*" } };
  return [
    {
      Sid: "RunTheVpnDocumentsOnTheVpnServer",
      Effect: "Allow",
      Action: "ssm:SendCommand",
      Resource: [
        interpolateKnown`arn:aws:ssm:*:${accountId}:document/*`,
        interpolateKnown`arn:aws:ec2:*:${accountId}:instance/*`,
      ],
      Condition: tagged,
    },
    FOLLOW_COMMANDS,
    {
      Sid: "FetchProfiles",
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::*/clients/*",
      Condition: { StringEquals: { "aws:ResourceAccount": accountId } },
    },
    {
      Sid: "DecryptProfiles",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: interpolateKnown`arn:aws:kms:*:${accountId}:key/*`,
      Condition: { StringLike: { "kms:ViaService": "s3.*.amazonaws.com" } },
    },
  ];
}
