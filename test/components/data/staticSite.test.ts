import * as aws from "@pulumi/aws";
import * as assert from "assert";

import {
  StaticSite,
  StaticSiteArgs,
  staticSiteDeployStatements,
  staticSiteWafRules,
} from "../../../components/data/staticSite";
import { RecordedResource } from "../../../tools/engine/mockEngine";
import { byUrn, inputs, jsonInput, ofType, runComponent, single } from "../../helpers/graph";
import { KEY } from "./values";

const ARGS: StaticSiteArgs = {
  baseName: "platform-prod",
  hostName: "static.acme-platform.com",
  zoneId: "Z0123456789EXAMPLE",
  accountId: "123456789012",
  kmsKeyArn: KEY,
  accessLogBucket: "platform-prod-access-logs",
  priceClass: "PriceClass_All",
  logRetentionDays: 365,
};

async function site(preview = false): Promise<RecordedResource[]> {
  return (await runComponent(() => new StaticSite("static", ARGS), { preview })).resources;
}
type Inputs = Record<string, unknown>;
const cdn = (rs: RecordedResource[]): RecordedResource =>
  single(rs, "aws:cloudfront/distribution:Distribution");

describe("StaticSite", () => {
  it("without a WAF (dev's tier default) has no web ACL, no WAF logs, and still logs its access", async () => {
    const { resources } = await runComponent(() => new StaticSite("static", { ...ARGS, waf: false }));
    assert.deepStrictEqual(ofType(resources, "aws:wafv2/webAcl:WebAcl"), []);
    assert.deepStrictEqual(
      ofType(resources, "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"),
      [],
    );
    assert.strictEqual(ofType(resources, "aws:cloudwatch/logGroup:LogGroup").length, 1);
    assert.strictEqual(inputs(cdn(resources)).webAclId, undefined);
  });

  it("protects its bucket and edge log key when asked, and validates its certificate after the zone's delegation", async () => {
    const { resources } = await runComponent(() => {
      const delegation = new aws.route53.Record("delegation", {
        zoneId: "Z0PARENT0EXAMPLE",
        name: "dev.example.com",
        type: "NS",
        ttl: 3600,
        records: ["ns-1.example.net"],
      });
      new StaticSite("static", { ...ARGS, protect: true, zoneDelegation: delegation });
    });
    const protectedOf = (type: string): boolean[] => ofType(resources, type).map((r) => r.protect);
    assert.deepStrictEqual(protectedOf("aws:s3/bucket:Bucket"), [true]);
    assert.deepStrictEqual(protectedOf("aws:kms/key:Key"), [true]);
    const delegation = resources.find((r) => r.name === "delegation")!;
    const validated = single(resources, "aws:acm/certificateValidation:CertificateValidation");
    assert.ok(validated.dependencies.includes(delegation.urn));
    const unprotected = (await site()).filter(
      (r) => r.type === "aws:kms/key:Key" || r.type === "aws:s3/bucket:Bucket",
    );
    assert.deepStrictEqual(
      unprotected.map((r) => r.protect),
      [false, false],
      "unprotected by default",
    );
  });

  it("serves HTTPS only, TLS 1.2_2021, with the validated certificate and a default root object", async () => {
    const rs = await site();
    const d = cdn(rs);
    const i = inputs(d);
    const viewer = i.viewerCertificate as Inputs;
    assert.strictEqual(viewer.minimumProtocolVersion, "TLSv1.2_2021");
    assert.strictEqual(viewer.sslSupportMethod, "sni-only");
    assert.strictEqual((i.defaultCacheBehavior as Inputs).viewerProtocolPolicy, "redirect-to-https");
    assert.strictEqual(i.defaultRootObject, "index.html");
    assert.deepStrictEqual(i.aliases, ["static.acme-platform.com"]);
    assert.strictEqual(i.priceClass, "PriceClass_All");
    const validation = single(rs, "aws:acm/certificateValidation:CertificateValidation");
    assert.deepStrictEqual(d.propertyDependencies.viewerCertificate, [validation.urn]);
  });

  it("creates its certificate and WAF in us-east-1 and validates the certificate in the given zone", async () => {
    const rs = await site();
    const cert = single(rs, "aws:acm/certificate:Certificate");
    assert.deepStrictEqual(
      [inputs(cert).region, inputs(cert).domainName, inputs(cert).validationMethod],
      ["us-east-1", "static.acme-platform.com", "DNS"],
    );
    const validation = single(rs, "aws:acm/certificateValidation:CertificateValidation");
    assert.strictEqual(inputs(validation).region, "us-east-1");
    const records = ofType(rs, "aws:route53/record:Record");
    assert.deepStrictEqual(
      records.map((r) => inputs(r).zoneId),
      ["Z0123456789EXAMPLE", "Z0123456789EXAMPLE", "Z0123456789EXAMPLE"],
    );
    const validationRecord = records.find((r) => inputs(r).type === "CNAME")!;
    assert.deepStrictEqual(validation.propertyDependencies.validationRecordFqdns, [validationRecord.urn]);
    const acl = single(rs, "aws:wafv2/webAcl:WebAcl");
    assert.deepStrictEqual([inputs(acl).region, inputs(acl).scope], ["us-east-1", "CLOUDFRONT"]);
    assert.deepStrictEqual(cdn(rs).propertyDependencies.webAclId, [acl.urn]);
  });

  it("reads the bucket through origin access control, and the bucket admits only this distribution", async () => {
    const rs = await site();
    const urns = byUrn(rs);
    const d = cdn(rs);
    const oac = single(rs, "aws:cloudfront/originAccessControl:OriginAccessControl");
    assert.deepStrictEqual(
      [inputs(oac).originAccessControlOriginType, inputs(oac).signingBehavior, inputs(oac).signingProtocol],
      ["s3", "always", "sigv4"],
    );
    const origins = d.propertyDependencies.origins.map((u) => urns.get(u)!.type).sort();
    assert.deepStrictEqual(origins, [
      "aws:cloudfront/originAccessControl:OriginAccessControl",
      "aws:s3/bucket:Bucket",
    ]);
    const policy = single(rs, "aws:s3/bucketPolicy:BucketPolicy");
    assert.ok(policy.propertyDependencies.policy.includes(d.urn), "the policy names the distribution");
    const doc = jsonInput<{ Statement: Array<{ Sid: string; Principal?: unknown; Condition?: Inputs }> }>(
      policy,
      "policy",
    );
    const allow = doc.Statement.find((s) => s.Sid === "CloudFrontOriginAccessControl")!;
    assert.deepStrictEqual(allow.Principal, { Service: "cloudfront.amazonaws.com" });
    const condition = allow.Condition as { StringEquals: Record<string, string> };
    assert.deepStrictEqual(Object.keys(condition.StringEquals), ["AWS:SourceArn"]);
    assert.match(
      condition.StringEquals["AWS:SourceArn"],
      /^arn:aws:cloudfront::123456789012:distribution\/static-cdn-[0-9a-f]{7}$/,
    );
    assert.ok(doc.Statement.some((s) => s.Sid === "DenyInsecureTransport"));
  });

  it("encrypts the bucket with the environment key and logs its access to the log bucket", async () => {
    const rs = await site();
    const sse = inputs(
      single(rs, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"),
    );
    const rule = (sse.rules as Inputs[])[0];
    assert.deepStrictEqual(rule.applyServerSideEncryptionByDefault, {
      sseAlgorithm: "aws:kms",
      kmsMasterKeyId: KEY,
    });
    assert.strictEqual(
      inputs(single(rs, "aws:s3/bucketLogging:BucketLogging")).targetBucket,
      "platform-prod-access-logs",
    );
  });

  it("logs WAF and CloudFront access to encrypted us-east-1 log groups under a rotated us-east-1 key", async () => {
    const rs = await site();
    const urns = byUrn(rs);
    const key = single(rs, "aws:kms/key:Key");
    assert.deepStrictEqual([inputs(key).region, inputs(key).enableKeyRotation], ["us-east-1", true]);
    const groups = ofType(rs, "aws:cloudwatch/logGroup:LogGroup");
    assert.strictEqual(groups.length, 2);
    for (const g of groups) {
      assert.strictEqual(inputs(g).region, "us-east-1");
      assert.deepStrictEqual(g.propertyDependencies.kmsKeyId, [key.urn]);
      assert.strictEqual(inputs(g).retentionInDays, 365);
    }
    const wafLogging = single(rs, "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration");
    const wafGroup = urns.get(wafLogging.propertyDependencies.logDestinationConfigs[0])!;
    assert.match(String(inputs(wafGroup).name), /^aws-waf-logs-/);
    const source = single(rs, "aws:cloudwatch/logDeliverySource:LogDeliverySource");
    assert.deepStrictEqual([inputs(source).logType, inputs(source).region], ["ACCESS_LOGS", "us-east-1"]);
    assert.deepStrictEqual(source.propertyDependencies.resourceArn, [cdn(rs).urn]);
    const destination = single(rs, "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination");
    const accessGroup = urns.get(destination.propertyDependencies.deliveryDestinationConfiguration[0])!;
    assert.strictEqual(accessGroup.type, "aws:cloudwatch/logGroup:LogGroup");
    assert.notStrictEqual(accessGroup.urn, wafGroup.urn);
  });

  it("points A and AAAA alias records at the distribution", async () => {
    const rs = await site();
    const aliases = ofType(rs, "aws:route53/record:Record").filter((r) => inputs(r).aliases !== undefined);
    assert.deepStrictEqual(
      aliases.map((r) => inputs(r).type),
      ["A", "AAAA"],
    );
    for (const r of aliases) {
      assert.strictEqual(inputs(r).name, "static.acme-platform.com");
      assert.deepStrictEqual(r.propertyDependencies.aliases, [cdn(rs).urn]);
    }
  });
});

describe("StaticSite helpers", () => {
  it("put AWS managed rule groups first and a per-IP rate limit last", () => {
    const rules = staticSiteWafRules(1000);
    assert.deepStrictEqual(
      rules.map((r) => r.priority),
      [0, 1, 2, 3],
    );
    assert.deepStrictEqual(rules[3].statement, {
      rateBasedStatement: { limit: 1000, aggregateKeyType: "IP" },
    });
    assert.deepStrictEqual(rules[3].action, { block: {} });
    assert.ok(rules.slice(0, 3).every((r) => JSON.stringify(r.overrideAction) === '{"none":{}}'));
  });

  it("let a deploy job publish and invalidate, encrypting through S3 only", () => {
    const statements = staticSiteDeployStatements({
      bucketArn: "arn:b",
      distributionArn: "arn:d",
      kmsKeyArn: KEY,
      region: "eu-west-1",
    });
    assert.deepStrictEqual(
      statements.map((s) => s.Sid),
      ["ListSite", "PublishSite", "EncryptSite", "InvalidateSite"],
    );
    assert.deepStrictEqual(statements[2].Condition, {
      StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" },
    });
  });
});
