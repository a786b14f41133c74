/**
 * Small builders for IAM policy documents, so components write intent, not JSON.
 * Documents are plain objects; `pulumi.jsonStringify` turns them into the string AWS takes.
 */
import * as pulumi from "@pulumi/pulumi";

/** `kms:ViaService` of an AWS service in a Region: the key is used only through that service. */
export function viaService(service: string, region: string): string {
  return `${service}.${region}.amazonaws.com`;
}

/**
 * Use of `kmsKeyArn` only through `service` in `region` (`kms:ViaService`): `encrypt` (the default) allows
 * Decrypt and GenerateDataKey, to read and write what the service stores; `decrypt` only reads it.
 */
export function keyThrough(
  sid: string,
  kmsKeyArn: pulumi.Input<string>,
  service: string,
  region: string,
  use: "encrypt" | "decrypt" = "encrypt",
): Statement {
  return {
    Sid: sid,
    Effect: "Allow",
    Action: use === "decrypt" ? "kms:Decrypt" : ["kms:Decrypt", "kms:GenerateDataKey"],
    Resource: kmsKeyArn,
    Condition: { StringEquals: { "kms:ViaService": viaService(service, region) } },
  };
}

export interface Statement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Principal?: "*" | Record<string, pulumi.Input<string> | pulumi.Input<string>[]>;
  /** One of Action and NotAction. */
  Action?: string | string[];
  NotAction?: string | string[];
  /** Absent in trust policies, required everywhere else. */
  Resource?: pulumi.Input<string> | pulumi.Input<string>[];
  Condition?: Record<
    string,
    Record<string, pulumi.Input<string> | pulumi.Input<string>[] | boolean | undefined>
  >;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: Statement[];
}

export function policyDocument(statements: Statement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

/** JSON of a document whose values may be outputs. */
export function policyJson(statements: Statement[]): pulumi.Output<string> {
  return pulumi.jsonStringify(pulumi.output(policyDocument(statements)));
}

/** A trust policy that lets an AWS service assume a role, scoped to the account (confused-deputy guard). */
export function serviceTrustPolicy(service: string, accountId: pulumi.Input<string>): pulumi.Output<string> {
  return policyJson([
    {
      Effect: "Allow",
      Principal: { Service: service },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    },
  ]);
}

/** Denies any request to the bucket that is not made over TLS. */
export function denyInsecureTransport(bucketArn: pulumi.Input<string>): Statement {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucketArn, pulumi.interpolate`${bucketArn}/*`],
    Condition: { Bool: { "aws:SecureTransport": false } },
  };
}

/** Read one secret (or a prefix of secrets) encrypted with `kmsKeyArn`, decrypting only through Secrets Manager. */
export function secretReadStatements(
  secretArn: pulumi.Input<string>,
  kmsKeyArn: pulumi.Input<string>,
  region: string,
): Statement[] {
  return [
    {
      Sid: "ReadSecret",
      Effect: "Allow",
      Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
      Resource: secretArn,
    },
    keyThrough("DecryptSecretThroughSecretsManager", kmsKeyArn, "secretsmanager", region, "decrypt"),
  ];
}

/** Send a failed delivery to an SQS dead-letter queue encrypted with `kmsKeyArn` (the key only through SQS). */
export function deadLetterStatements(
  queueArn: pulumi.Input<string>,
  kmsKeyArn: pulumi.Input<string>,
  region: string,
): Statement[] {
  return [
    { Sid: "DeadLetter", Effect: "Allow", Action: "sqs:SendMessage", Resource: queueArn },
    keyThrough("EncryptDeadLetters", kmsKeyArn, "sqs", region),
  ];
}

/** Lets a role put events on the bus, and on nothing else. */
export function putEventsStatement(busArn: pulumi.Input<string>): Statement {
  return { Sid: "PutEventsOnBus", Effect: "Allow", Action: "events:PutEvents", Resource: busArn };
}

/**
 * `pulumi.interpolate`, except that it stays a plain string when every value is one: a policy written from
 * known values can then be read as a document outside the program (the plan's integration model does).
 */
export function interpolateKnown(
  strings: TemplateStringsArray,
  ...values: pulumi.Input<string>[]
): pulumi.Input<string> {
  if (values.every((v): v is string => typeof v === "string")) {
    return strings.reduce((text, part, i) => text + part + (i < values.length ? values[i] : ""), "");
  }
  return pulumi.interpolate(strings, ...values);
}
