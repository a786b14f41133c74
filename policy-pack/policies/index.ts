/**
 * Every policy of the pack, and how exemptions apply to them. The reviewed exemptions themselves are
 * applied in ../pack.ts (tests import from there: constructing the PolicyPack would start its gRPC server).
 */
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

import {
  ecsTasksNoPublicIp,
  mskNoPublicAccess,
  noPublicIpOnInstances,
  rdsNotPublic,
  storesNotPublic,
} from "./addresses";
import * as encryption from "./encryption";
import { Exemption, exemptionReport, withExemptions } from "./exemptions";
import {
  cloudtrailValidated,
  imdsv2Required,
  kmsKeyRotation,
  logGroupRetention,
  vpcFlowLogs,
} from "./hardening";
import {
  apiRoutesAuthorized,
  internetFacingLbHasWaf,
  lambdaUrlRequiresAuth,
  loadBalancerEdgeOnly,
  opensearchInVpc,
} from "./publicEndpoints";
import { noPublicSharing, s3NoPublicAcl, s3PublicAccessBlocked } from "./publicStorage";
import { noPublicPermission, noPublicResourcePolicy } from "./resourcePolicies";
import { confluentPrivateNetwork, saasAccessListsNotOpen } from "./saas";
import { defaultSecurityGroupClosed, noPublicIngress, noSshRdp } from "./securityGroups";
// Events
import { dynamodbPointInTimeRecovery, eventbridgeEncrypted, lambdaInVpc } from "./serverless";
import { onlyEdgeInPublicSubnets, privateSubnetsStayPrivate } from "./subnets";
import * as transit from "./transit";

export type Policy = ResourceValidationPolicy | StackValidationPolicy;

export const PACK_NAME = "platform-guardrails";
export const PACK_VERSION = "0.1.0";

/**
 * No public path from the internet except the declared edge: the policies that judge whether a resource
 * can be reached from the internet or grants access through a resource policy. The catalog's coverage
 * (tools/catalog/) counts a type as judged for exposure when one of these is among its `policies`.
 */
export const NO_PUBLIC_PATH: Policy[] = [
  // Private subnets and public addresses
  privateSubnetsStayPrivate,
  onlyEdgeInPublicSubnets,
  noPublicIpOnInstances,
  ecsTasksNoPublicIp,
  rdsNotPublic,
  mskNoPublicAccess,
  storesNotPublic,
  noPublicIngress,
  noSshRdp,
  defaultSecurityGroupClosed,
  // Resource policies and permissions
  noPublicResourcePolicy,
  noPublicPermission,
  // Stored data: S3 public access blocks and ACLs, shared snapshots and images
  s3PublicAccessBlocked,
  s3NoPublicAcl,
  noPublicSharing,
  // Endpoints: the declared edge behind WAF, services inside the VPC, authorized APIs and URLs
  loadBalancerEdgeOnly,
  internetFacingLbHasWaf,
  opensearchInVpc,
  apiRoutesAuthorized,
  lambdaUrlRequiresAuth,
  lambdaInVpc,
  // SaaS stores
  saasAccessListsNotOpen,
  confluentPrivateNetwork,
];

/** The policies as written, without exemptions. */
export const POLICIES: Policy[] = [
  ...NO_PUBLIC_PATH,
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
  // Events: DynamoDB recovery, encrypted buses and archives
  dynamodbPointInTimeRecovery,
  eventbridgeEncrypted,
];

/** The pack's policies with `exemptions` applied, plus the advisory report of the exemptions in use. */
export function policiesWith(exemptions: readonly Exemption[], now: () => Date = () => new Date()): Policy[] {
  return [...POLICIES.map((p) => withExemptions(p, exemptions, now)), exemptionReport(exemptions, now)];
}
