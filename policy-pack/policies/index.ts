/**
 * Every policy of the pack, and how exemptions apply to them. The reviewed exemptions themselves are
 * applied in ../pack.ts (tests import from there: constructing the PolicyPack would start its gRPC server).
 */
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

import { ecsTasksNoPublicIp, mskNoPublicAccess, noPublicIpOnInstances, rdsNotPublic } from "./addresses";
import * as encryption from "./encryption";
import { Exemption, exemptionReport, withExemptions } from "./exemptions";
import {
  cloudtrailValidated,
  imdsv2Required,
  kmsKeyRotation,
  logGroupRetention,
  vpcFlowLogs,
} from "./hardening";
import { defaultSecurityGroupClosed, noPublicIngress, noSshRdp } from "./securityGroups";
// Events
import { dynamodbPointInTimeRecovery, eventbridgeEncrypted, lambdaInVpc } from "./serverless";
import { onlyEdgeInPublicSubnets, privateSubnetsStayPrivate } from "./subnets";
import * as transit from "./transit";

export type Policy = ResourceValidationPolicy | StackValidationPolicy;

export const PACK_NAME = "platform-guardrails";
export const PACK_VERSION = "0.1.0";

/** The policies as written, without exemptions. */
export const POLICIES: Policy[] = [
  // Private subnets and public addresses
  privateSubnetsStayPrivate,
  onlyEdgeInPublicSubnets,
  noPublicIpOnInstances,
  ecsTasksNoPublicIp,
  rdsNotPublic,
  mskNoPublicAccess,
  noPublicIngress,
  noSshRdp,
  defaultSecurityGroupClosed,
  // Encryption at rest
  encryption.rdsEncrypted,
  encryption.ebsEncrypted,
  encryption.s3BucketEncrypted,
  encryption.elasticacheEncrypted,
  encryption.mskEncrypted,
  encryption.sqsEncrypted,
  encryption.snsEncrypted,
  encryption.logGroupEncrypted,
  encryption.secretsEncrypted,
  encryption.ecrEncrypted,
  encryption.opensearchEncrypted,
  encryption.kinesisEncrypted,
  encryption.dynamodbEncrypted,
  encryption.lambdaEnvironmentEncrypted,
  encryption.backupVaultEncrypted,
  encryption.efsEncrypted,
  kmsKeyRotation,
  // Encryption in transit
  transit.httpsListenerTls12,
  transit.httpListenerRedirects,
  transit.rdsForceSsl,
  transit.s3BucketHasTlsPolicy,
  transit.s3BucketPolicyDeniesHttp,
  transit.cloudfrontHttpsOnly,
  transit.opensearchHttps,
  transit.apiDomainTls12,
  // Hardening
  imdsv2Required,
  cloudtrailValidated,
  vpcFlowLogs,
  logGroupRetention,
  // Events: DynamoDB recovery, functions in the VPC, encrypted buses and archives
  dynamodbPointInTimeRecovery,
  lambdaInVpc,
  eventbridgeEncrypted,
];

/** The pack's policies with `exemptions` applied, plus the advisory report of the exemptions in use. */
export function policiesWith(exemptions: readonly Exemption[], now: () => Date = () => new Date()): Policy[] {
  return [...POLICIES.map((p) => withExemptions(p, exemptions, now)), exemptionReport(exemptions, now)];
}
