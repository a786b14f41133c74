/** Instance metadata, audit trail, flow logs, key rotation and log retention. */
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

import { dependenciesOf, isTrue, label, onlyFor, read, show, UNKNOWN } from "./util";

export const imdsv2Required: ResourceValidationPolicy = {
  name: "imdsv2-required",
  description:
    "EC2 instances and launch templates must require IMDSv2 (metadataOptions.httpTokens = required), " +
    "which blocks SSRF-style theft of the instance role's credentials.",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (args.type !== "aws:ec2/instance:Instance" && args.type !== "aws:ec2/launchTemplate:LaunchTemplate") {
      args.notApplicable("only applies to EC2 instances and launch templates");
      return;
    }
    const tokens = read(args.props, "metadataOptions", "httpTokens");
    if (tokens !== "required") {
      reportViolation(
        `${label(args)} does not require IMDSv2 (metadataOptions.httpTokens = ${tokens === undefined ? "optional" : show(tokens)})`,
      );
    }
  },
};

export const cloudtrailValidated: ResourceValidationPolicy = {
  name: "cloudtrail-log-validation",
  description:
    "CloudTrail trails must turn on log file validation (enableLogFileValidation) so that tampering is " +
    "detectable, and encrypt their logs with the environment key (kmsKeyId).",
  enforcementLevel: "mandatory",
  validateResource: onlyFor("aws:cloudtrail/trail:Trail", (args, reportViolation) => {
    if (!isTrue(read(args.props, "enableLogFileValidation"))) {
      reportViolation(`${label(args)} does not validate its log files (enableLogFileValidation)`);
    }
    const key = read(args.props, "kmsKeyId");
    if (key === undefined || key === "") {
      reportViolation(`${label(args)} does not encrypt its logs with a KMS key (kmsKeyId)`);
    }
  }),
};

export const vpcFlowLogs: StackValidationPolicy = {
  name: "vpc-flow-logs",
  description:
    "Every VPC must have flow logs (aws.ec2.FlowLog with its vpcId) so that traffic can be investigated.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const logged = new Set(
      args.resources
        .filter((r) => r.type === "aws:ec2/flowLog:FlowLog")
        .flatMap((f) => dependenciesOf(f, "vpcId").map((v) => v.urn)),
    );
    for (const vpc of args.resources.filter((r) => r.type === "aws:ec2/vpc:Vpc")) {
      if (!logged.has(vpc.urn)) {
        reportViolation(`${label(vpc)} has no flow log`, vpc.urn);
      }
    }
  },
};

export const kmsKeyRotation: ResourceValidationPolicy = {
  name: "kms-key-rotation",
  description: "Symmetric KMS keys must rotate their key material (enableKeyRotation = true).",
  enforcementLevel: "mandatory",
  validateResource: onlyFor("aws:kms/key:Key", (args, reportViolation) => {
    const spec =
      read(args.props, "customerMasterKeySpec") ?? read(args.props, "keySpec") ?? "SYMMETRIC_DEFAULT";
    if (spec !== "SYMMETRIC_DEFAULT" && spec !== UNKNOWN) {
      args.notApplicable("AWS rotates only symmetric encryption keys");
      return;
    }
    if (!isTrue(read(args.props, "enableKeyRotation"))) {
      reportViolation(`${label(args)} does not rotate (enableKeyRotation)`);
    }
  }),
};

export const logGroupRetention: ResourceValidationPolicy = {
  name: "log-group-retention",
  description:
    "CloudWatch log groups must expire their events (retentionInDays), or logs grow, and cost, forever. " +
    "Use the tier's logRetentionDays.",
  enforcementLevel: "mandatory",
  validateResource: onlyFor("aws:cloudwatch/logGroup:LogGroup", (args, reportViolation) => {
    const days = read(args.props, "retentionInDays");
    if (days !== UNKNOWN && (typeof days !== "number" || days <= 0)) {
      reportViolation(`${label(args)} keeps its events forever: set retentionInDays`);
    }
  }),
};
