import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { Diagnostic } from "../../tools/engine/policyRunner";
import { assertClean, assertViolation, evaluateProgram } from "../helpers/policies";

/**
 * The events policies over a compliant resource and one violating resource per property checked,
 * run as a preview (the key's ARN is unknown: the policies must follow property dependencies).
 */
describe("policies: events and serverless", () => {
  let d: Diagnostic[];
  before(async () => {
    d = await evaluateProgram(
      () => {
        const key = new aws.kms.Key("env-key", { enableKeyRotation: true });
        const k = key.arn;
        const table = (name: string, extra: Partial<aws.dynamodb.TableArgs>): aws.dynamodb.Table =>
          new aws.dynamodb.Table(name, {
            attributes: [{ name: "pk", type: "S" }],
            hashKey: "pk",
            billingMode: "PAY_PER_REQUEST",
            serverSideEncryption: { enabled: true, kmsKeyArn: k },
            ...extra,
          });
        table("table-good", { pointInTimeRecovery: { enabled: true, recoveryPeriodInDays: 35 } });
        table("table-no-pitr", {});
        table("table-pitr-off", { pointInTimeRecovery: { enabled: false } });

        const code = new pulumi.asset.AssetArchive({
          "index.js": new pulumi.asset.StringAsset("exports.handler = () => 1;"),
        });
        const fn = (name: string, extra: Partial<aws.lambda.FunctionArgs>): aws.lambda.Function =>
          new aws.lambda.Function(name, {
            role: "arn:aws:iam::123456789012:role/fn",
            runtime: "nodejs22.x",
            handler: "index.handler",
            code,
            kmsKeyArn: k,
            environment: { variables: { A: "b" } },
            ...extra,
          });
        fn("fn-good", { vpcConfig: { subnetIds: ["subnet-a"], securityGroupIds: ["sg-services"] } });
        fn("fn-outside-vpc", {});
        fn("fn-no-subnets", { vpcConfig: { subnetIds: [], securityGroupIds: ["sg-services"] } });
        fn("fn-no-groups", { vpcConfig: { subnetIds: ["subnet-a"], securityGroupIds: [] } });

        const bus = new aws.cloudwatch.EventBus("bus-good", { name: "good", kmsKeyIdentifier: k });
        new aws.cloudwatch.EventBus("bus-default-key", { name: "plain" });
        new aws.cloudwatch.EventBus("bus-aws-key", { name: "aws", kmsKeyIdentifier: "alias/aws/events" });
        new aws.cloudwatch.EventBus("bus-partner", {
          name: "aws.partner/acme",
          eventSourceName: "aws.partner/acme",
        });
        new aws.cloudwatch.EventArchive("archive-good", { eventSourceArn: bus.arn, kmsKeyIdentifier: k });
        new aws.cloudwatch.EventArchive("archive-plain", { eventSourceArn: bus.arn });
      },
      { preview: true },
    );
  });

  it("dynamodb-point-in-time-recovery: wants pointInTimeRecovery.enabled", () => {
    assertClean(d, "dynamodb-point-in-time-recovery", "table-good");
    for (const name of ["table-no-pitr", "table-pitr-off"]) {
      assertViolation(
        d,
        "dynamodb-point-in-time-recovery",
        name,
        new RegExp(
          `dynamodb.Table "${name}" has no point-in-time recovery \\(pointInTimeRecovery.enabled is not true\\)$`,
        ),
      );
    }
  });

  it("lambda-in-vpc: wants a vpcConfig with subnets and a security group", () => {
    assertClean(d, "lambda-in-vpc", "fn-good");
    assertViolation(
      d,
      "lambda-in-vpc",
      "fn-outside-vpc",
      /lambda.Function "fn-outside-vpc" runs outside the VPC: set vpcConfig/,
    );
    assertViolation(d, "lambda-in-vpc", "fn-no-subnets", /has no subnets in vpcConfig.subnetIds$/);
    assertViolation(
      d,
      "lambda-in-vpc",
      "fn-no-groups",
      /has no security group in vpcConfig.securityGroupIds$/,
    );
  });

  it("eventbridge-encrypted: wants the environment key on buses and archives", () => {
    assertClean(d, "eventbridge-encrypted", "bus-good");
    assertClean(d, "eventbridge-encrypted", "archive-good");
    assertClean(d, "eventbridge-encrypted", "bus-partner");
    assertViolation(
      d,
      "eventbridge-encrypted",
      "bus-default-key",
      /cloudwatch.EventBus "bus-default-key" is not encrypted with the environment key: kmsKeyIdentifier is not set, so AWS encrypts with its own key$/,
    );
    assertViolation(d, "eventbridge-encrypted", "bus-aws-key", /kmsKeyIdentifier names an AWS-managed key/);
    assertViolation(
      d,
      "eventbridge-encrypted",
      "archive-plain",
      /cloudwatch.EventArchive "archive-plain" is not encrypted/,
    );
  });

  it("keeps the existing encryption policies judging tables and function environments", () => {
    assertClean(d, "dynamodb-encrypted", "table-good");
    assertClean(d, "lambda-environment-encrypted", "fn-good");
  });
});
