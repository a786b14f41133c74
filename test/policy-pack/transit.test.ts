import * as aws from "@pulumi/aws";
import * as assert from "assert";

import { Diagnostic } from "../../tools/engine/policyRunner";
import { about, assertClean, assertViolation, evaluateProgram } from "../helpers/policies";

const redirect = [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }];
const forward = [
  { type: "forward", targetGroupArn: "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/t/1" },
];

describe("policies: encryption in transit", () => {
  let d: Diagnostic[];
  before(async () => {
    d = await evaluateProgram(() => {
      const https = {
        loadBalancerArn: "lb",
        port: 443,
        protocol: "HTTPS",
        certificateArn: "c",
        defaultActions: forward,
      };
      new aws.lb.Listener("https-good", { ...https, sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" });
      new aws.lb.Listener("https-old", { ...https, sslPolicy: "ELBSecurityPolicy-2016-08" });
      new aws.lb.Listener("https-default", https);
      const httpGood = new aws.lb.Listener("http-good", {
        loadBalancerArn: "lb",
        port: 80,
        protocol: "HTTP",
        defaultActions: redirect,
      });
      new aws.lb.Listener("http-forward", {
        loadBalancerArn: "lb",
        port: 80,
        protocol: "HTTP",
        defaultActions: forward,
      });
      new aws.lb.ListenerRule("http-rule", {
        listenerArn: httpGood.arn,
        actions: forward,
        conditions: [{ pathPattern: { values: ["/*"] } }],
      });

      const pg = (name: string, parameters: aws.types.input.rds.ParameterGroupParameter[]) =>
        new aws.rds.ParameterGroup(name, { family: "postgres16", parameters });
      const db = (name: string, group?: aws.rds.ParameterGroup) =>
        new aws.rds.Instance(name, {
          instanceClass: "db.t4g.micro",
          engine: "postgres",
          parameterGroupName: group?.name,
        });
      db("db-good", pg("pg-ssl", [{ name: "rds.force_ssl", value: "1" }]));
      db("db-no-ssl", pg("pg-no-ssl", [{ name: "log_min_duration_statement", value: "500" }]));
      db("db-default-group");

      const bucket = (name: string, statements: object[]) => {
        const b = new aws.s3.Bucket(name, {});
        if (statements.length > 0) {
          new aws.s3.BucketPolicy(`${name}-policy`, {
            bucket: b.id,
            policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
          });
        }
      };
      const denyHttp = {
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      };
      bucket("bucket-good", [denyHttp]);
      bucket("bucket-allow-only", [
        {
          Effect: "Allow",
          Principal: { Service: "logs.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: "*",
        },
      ]);
      bucket("bucket-no-policy", []);

      const behavior = {
        allowedMethods: ["GET", "HEAD"],
        cachedMethods: ["GET", "HEAD"],
        targetOriginId: "o",
      };
      const distribution = (
        name: string,
        viewerProtocolPolicy: string,
        viewerCertificate: aws.types.input.cloudfront.DistributionViewerCertificate,
      ) =>
        new aws.cloudfront.Distribution(name, {
          enabled: true,
          origins: [{ domainName: "b.s3.amazonaws.com", originId: "o" }],
          defaultCacheBehavior: { ...behavior, viewerProtocolPolicy },
          restrictions: { geoRestriction: { restrictionType: "none" } },
          viewerCertificate,
        });
      distribution("cdn-good", "redirect-to-https", {
        acmCertificateArn: "c",
        sslSupportMethod: "sni-only",
        minimumProtocolVersion: "TLSv1.2_2021",
      });
      distribution("cdn-http", "allow-all", {
        acmCertificateArn: "c",
        sslSupportMethod: "sni-only",
        minimumProtocolVersion: "TLSv1.2_2021",
      });
      distribution("cdn-default-cert", "https-only", { cloudfrontDefaultCertificate: true });

      new aws.opensearch.Domain("search-good", {
        nodeToNodeEncryption: { enabled: true },
        domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-2019-07" },
      });
      new aws.opensearch.Domain("search-plain", {
        nodeToNodeEncryption: { enabled: false },
        domainEndpointOptions: { enforceHttps: false, tlsSecurityPolicy: "Policy-Min-TLS-1-0-2019-07" },
      });
    });
  });

  it("https-listener-tls12", () => {
    assertClean(d, "https-listener-tls12", "https-good");
    assertViolation(
      d,
      "https-listener-tls12",
      "https-old",
      /uses security policy ELBSecurityPolicy-2016-08; set sslPolicy to a TLS 1\.2\+ policy/,
    );
    assertViolation(
      d,
      "https-listener-tls12",
      "https-default",
      /uses the default security policy \(TLS 1\.0\)/,
    );
  });
  it("http-listener-redirects", () => {
    assertClean(d, "http-listener-redirects", "http-good");
    assertViolation(
      d,
      "http-listener-redirects",
      "http-forward",
      /listens on HTTP and does more than redirect to HTTPS/,
    );
    assertViolation(d, "http-listener-redirects", "http-rule", /serves requests on an HTTP listener/);
  });
  it("rds-force-ssl", () => {
    assertClean(d, "rds-force-ssl", "db-good");
    assertViolation(
      d,
      "rds-force-ssl",
      "db-no-ssl",
      /uses rds\.ParameterGroup "pg-no-ssl", which does not force SSL/,
    );
    assertViolation(
      d,
      "rds-force-ssl",
      "db-default-group",
      /uses the default parameter group, which does not force SSL: attach one that sets rds\.force_ssl = 1/,
    );
  });
  it("s3-bucket-has-tls-policy and s3-bucket-policy-denies-http", () => {
    assertClean(d, "s3-bucket-has-tls-policy", "bucket-good");
    assertClean(d, "s3-bucket-policy-denies-http", "bucket-good-policy");
    assertViolation(
      d,
      "s3-bucket-has-tls-policy",
      "bucket-no-policy",
      /has no bucket policy, so nothing denies requests without TLS/,
    );
    assertViolation(
      d,
      "s3-bucket-policy-denies-http",
      "bucket-allow-only-policy",
      /does not deny requests without TLS/,
    );
  });
  it("cloudfront-https-only", () => {
    assertClean(d, "cloudfront-https-only", "cdn-good");
    assertViolation(
      d,
      "cloudfront-https-only",
      "cdn-http",
      /lets viewers use HTTP \(defaultCacheBehavior\.viewerProtocolPolicy = allow-all\)/,
    );
    assertViolation(
      d,
      "cloudfront-https-only",
      "cdn-default-cert",
      /uses the default CloudFront certificate/,
    );
    assertViolation(d, "cloudfront-https-only", "cdn-default-cert", /accepts viewers below TLS 1\.2/);
  });
  it("opensearch-https", () => {
    assertClean(d, "opensearch-https", "search-good");
    assertViolation(d, "opensearch-https", "search-plain", /does not encrypt node-to-node traffic/);
    assertViolation(d, "opensearch-https", "search-plain", /does not enforce HTTPS/);
    assertViolation(
      d,
      "opensearch-https",
      "search-plain",
      /accepts TLS below 1\.2 .*Policy-Min-TLS-1-0-2019-07/,
    );
  });
});

describe("policies: hardening", () => {
  let d: Diagnostic[];
  before(async () => {
    d = await evaluateProgram(() => {
      new aws.ec2.Instance("imds-good", {
        ami: "a",
        instanceType: "t4g.micro",
        metadataOptions: { httpTokens: "required" },
      });
      new aws.ec2.Instance("imds-optional", { ami: "a", instanceType: "t4g.micro" });
      new aws.ec2.LaunchTemplate("template-imds-good", { metadataOptions: { httpTokens: "required" } });
      new aws.ec2.LaunchTemplate("template-imds-optional", { metadataOptions: { httpTokens: "optional" } });
      new aws.cloudtrail.Trail("trail-good", {
        s3BucketName: "b",
        enableLogFileValidation: true,
        kmsKeyId: "arn:aws:kms:eu-west-1:1:key/k",
      });
      new aws.cloudtrail.Trail("trail-plain", { s3BucketName: "b" });
      const logged = new aws.ec2.Vpc("vpc-logged", { cidrBlock: "10.0.0.0/16" });
      new aws.ec2.FlowLog("flow", { vpcId: logged.id, trafficType: "ALL", logDestination: "arn" });
      new aws.ec2.Vpc("vpc-unlogged", { cidrBlock: "10.1.0.0/16" });
      new aws.kms.Key("key-rotating", { enableKeyRotation: true });
      new aws.kms.Key("key-static", {});
      new aws.kms.Key("key-signing", { customerMasterKeySpec: "ECC_NIST_P256", keyUsage: "SIGN_VERIFY" });
      new aws.cloudwatch.LogGroup("logs-expiring", { retentionInDays: 14 });
      new aws.cloudwatch.LogGroup("logs-forever", {});
    });
  });

  it("imdsv2-required", () => {
    assertClean(d, "imdsv2-required", "imds-good");
    assertClean(d, "imdsv2-required", "template-imds-good");
    assertViolation(
      d,
      "imdsv2-required",
      "imds-optional",
      /does not require IMDSv2 \(metadataOptions\.httpTokens = optional\)/,
    );
    assertViolation(d, "imdsv2-required", "template-imds-optional", /does not require IMDSv2/);
  });
  it("cloudtrail-log-validation", () => {
    assertClean(d, "cloudtrail-log-validation", "trail-good");
    assertViolation(d, "cloudtrail-log-validation", "trail-plain", /does not validate its log files/);
    assertViolation(
      d,
      "cloudtrail-log-validation",
      "trail-plain",
      /does not encrypt its logs with a KMS key/,
    );
  });
  it("vpc-flow-logs", () => {
    assertClean(d, "vpc-flow-logs", "vpc-logged");
    assertViolation(d, "vpc-flow-logs", "vpc-unlogged", /has no flow log/);
  });
  it("kms-key-rotation (not applicable to asymmetric keys)", () => {
    assertClean(d, "kms-key-rotation", "key-rotating");
    assertClean(d, "kms-key-rotation", "key-signing");
    assertViolation(d, "kms-key-rotation", "key-static", /does not rotate/);
  });
  it("log-group-retention", () => {
    assertClean(d, "log-group-retention", "logs-expiring");
    assertViolation(
      d,
      "log-group-retention",
      "logs-forever",
      /keeps its events forever: set retentionInDays/,
    );
  });
});

describe("policies on unknown values, as in a preview", () => {
  it("a document unknown in the preview is left to the update, which judges it in full", async () => {
    const program = (): void => {
      const b = new aws.s3.Bucket("b", {});
      new aws.s3.BucketPolicy("unknown-policy", {
        bucket: b.id,
        policy: b.arn.apply((arn) => JSON.stringify({ Statement: [{ Resource: arn }] })),
      });
    };
    const preview = await evaluateProgram(program, { preview: true });
    assert.deepStrictEqual(
      preview.filter((d) => /can't run/.test(d.message)).map((d) => d.message),
      [],
      "no policy reports it can't run",
    );
    assert.deepStrictEqual(about(preview, "s3-bucket-policy-denies-http", "unknown-policy"), []);
    const up = await evaluateProgram(program);
    assertViolation(
      up,
      "s3-bucket-policy-denies-http",
      "unknown-policy",
      /does not deny requests without TLS/,
    );
  });
});

describe("policy: api-domain-tls12", () => {
  it("passes TLS 1.2 and fails TLS 1.0", async () => {
    const d = await evaluateProgram(() => {
      const config = (securityPolicy: string) => ({
        certificateArn: "c",
        endpointType: "REGIONAL",
        securityPolicy,
      });
      new aws.apigatewayv2.DomainName("api-good", {
        domainName: "a.example.com",
        domainNameConfiguration: config("TLS_1_2"),
      });
      new aws.apigatewayv2.DomainName("api-old", {
        domainName: "b.example.com",
        domainNameConfiguration: config("TLS_1_0"),
      });
    });
    assertClean(d, "api-domain-tls12", "api-good");
    assertViolation(
      d,
      "api-domain-tls12",
      "api-old",
      /accepts TLS below 1\.2 \(domainNameConfiguration\.securityPolicy = TLS_1_0\)/,
    );
  });
});

describe("policy: ecs-tasks-no-public-ip on Scheduler's universal RunTask target", () => {
  it("reads the RunTask request in target.input", async () => {
    const request = (assign: string) =>
      JSON.stringify({
        Cluster: "c",
        TaskDefinition: "t",
        NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ["s"], AssignPublicIp: assign } },
      });
    const d = await evaluateProgram(() => {
      for (const [name, assign] of [
        ["job-private", "DISABLED"],
        ["job-public", "ENABLED"],
      ]) {
        new aws.scheduler.Schedule(name, {
          scheduleExpression: "rate(1 hour)",
          flexibleTimeWindow: { mode: "OFF" },
          target: { arn: "arn:aws:scheduler:::aws-sdk:ecs:runTask", roleArn: "r", input: request(assign) },
        });
      }
    });
    assertClean(d, "ecs-tasks-no-public-ip", "job-private");
    assertViolation(d, "ecs-tasks-no-public-ip", "job-public", /runs tasks with public IPs \(target\.input/);
  });
});
