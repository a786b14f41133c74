/**
 * Event and serverless pieces: DynamoDB tables keep point-in-time recovery, Lambda functions run
 * inside the VPC, and EventBridge buses and archives encrypt with the environment's key. (DynamoDB and
 * Lambda environment encryption are judged by dynamodb-encrypted and lambda-environment-encrypted; public
 * subnets by only-edge-in-public-subnets, which follows a function's vpcConfig.)
 */
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

import { isTrue, keyProblem, keySource, label, onlyFor, read, readArray, UNKNOWN } from "./util";

export const dynamodbPointInTimeRecovery: ResourceValidationPolicy = {
  name: "dynamodb-point-in-time-recovery",
  description:
    "DynamoDB tables must keep continuous backups (pointInTimeRecovery.enabled = true), so that a table can " +
    "be restored to any second of its recovery period after a bad write or a deletion.",
  enforcementLevel: "mandatory",
  validateResource: onlyFor("aws:dynamodb/table:Table", (args, reportViolation) => {
    const enabled = read(args.props, "pointInTimeRecovery", "enabled");
    if (enabled !== UNKNOWN && !isTrue(enabled)) {
      reportViolation(
        `${label(args)} has no point-in-time recovery (pointInTimeRecovery.enabled is not true)`,
      );
    }
  }),
};

/** True when a list property is set to a non-empty (or not yet known) list. */
function hasItems(obj: unknown, ...path: string[]): boolean {
  const items = readArray(obj, ...path);
  return items === UNKNOWN || items.length > 0;
}

export const lambdaInVpc: ResourceValidationPolicy = {
  name: "lambda-in-vpc",
  description:
    "Lambda functions must run in the VPC (vpcConfig with private subnets and a security group, the services " +
    "group), so that they reach stores privately and leave through the environment's NAT and flow logs.",
  enforcementLevel: "mandatory",
  validateResource: onlyFor("aws:lambda/function:Function", (args, reportViolation) => {
    const vpc = read(args.props, "vpcConfig");
    if (vpc === undefined || vpc === null) {
      reportViolation(`${label(args)} runs outside the VPC: set vpcConfig (private subnets, services group)`);
      return;
    }
    if (vpc === UNKNOWN) {
      return;
    }
    if (!hasItems(vpc, "subnetIds")) {
      reportViolation(`${label(args)} has no subnets in vpcConfig.subnetIds`);
    }
    if (!hasItems(vpc, "securityGroupIds")) {
      reportViolation(`${label(args)} has no security group in vpcConfig.securityGroupIds`);
    }
  }),
};

const EVENTBRIDGE_TYPES = ["aws:cloudwatch/eventBus:EventBus", "aws:cloudwatch/eventArchive:EventArchive"];

export const eventbridgeEncrypted: StackValidationPolicy = {
  name: "eventbridge-encrypted",
  description:
    "EventBridge event buses and archives must encrypt with the environment's customer-managed KMS key " +
    "(kmsKeyIdentifier), not the AWS-owned default key. Partner event buses are exempt.",
  enforcementLevel: "mandatory",
  // A stack policy: the key's ARN is unknown during preview, its property dependency is not.
  validateStack: (args, reportViolation) => {
    for (const r of args.resources.filter((x) => EVENTBRIDGE_TYPES.includes(x.type))) {
      if (read(r.props, "eventSourceName") !== undefined) {
        continue;
      }
      const problem = keyProblem(keySource(r, "kmsKeyIdentifier"), "kmsKeyIdentifier");
      if (problem) {
        reportViolation(`${label(r)} is not encrypted with the environment key: ${problem}`, r.urn);
      }
    }
  },
};
