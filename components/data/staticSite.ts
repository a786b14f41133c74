import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { environmentKeyPolicy } from "../accounts/keyPolicy";
import { encryptedLogGroup } from "../shared/logGroup";
import { physicalName } from "../shared/naming";
import { keyThrough, policyJson, Statement } from "../shared/policies";
import { SecureBucket } from "../shared/secureBucket";

/** CloudFront serves viewers with its certificate and WAF from us-east-1 only. */
export const EDGE_REGION = "us-east-1";
export const CLOUDFRONT_PRICE_CLASSES = ["PriceClass_100", "PriceClass_200", "PriceClass_All"] as const;
export type CloudFrontPriceClass = (typeof CLOUDFRONT_PRICE_CLASSES)[number];
/** Minimum TLS version CloudFront negotiates with viewers. */
export const VIEWER_TLS_POLICY = "TLSv1.2_2021";
/** AWS managed policies (ids are global constants): cache static content; add security headers. */
export const MANAGED_CACHE_POLICY_CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";
export const MANAGED_RESPONSE_HEADERS_SECURITY = "67f7725c-6f97-4210-82d7-5512b31e9d03";
const ORIGIN_ID = "static-bucket";

export interface StaticSiteArgs {
  /** Prefix of physical names (`platform-prod`). */
  baseName: string;
  /** Host name viewers use, e.g. `static.dev.example.com`. */
  hostName: string;
  /** Public hosted zone that holds `hostName` (certificate validation and the alias records). */
  zoneId: pulumi.Input<string>;
  accountId: pulumi.Input<string>;
  /** The environment key: the bucket's objects are SSE-KMS encrypted with it (its policy lets CloudFront decrypt). */
  kmsKeyArn: pulumi.Input<string>;
  /** Name of the SSE-S3 log bucket that receives the bucket's S3 server access logs. */
  accessLogBucket: pulumi.Input<string>;
  /** CloudFront price class. Default: `PriceClass_100`. */
  priceClass?: CloudFrontPriceClass;
  /** Retention of the access and WAF logs, in days. */
  logRetentionDays: number;
  /** Requests one client IP may make in 5 minutes before WAF blocks it (AWS allows 10..2,000,000,000). Default: 2000. */
  rateLimitPer5Minutes?: number;
  /** A WAF web ACL in front of the distribution, logging to its own log group. Default: true. */
  waf?: boolean;
  /** Object served for `/`. Default: `index.html`. */
  defaultRootObject?: string;
  /** Days before a deleted edge log key is destroyed (7..30). Default: 30. */
  keyDeletionWindowDays?: number;
  /** `protect` the bucket (the site's content) and the edge log key against `pulumi destroy`. Default: false. */
  protect?: boolean;
  /**
   * The delegation of the public zone, when the environment creates the zone: ACM validates the
   * certificate through public DNS, so the validation waits for it. Default: none (the zone is delegated).
   */
  zoneDelegation?: pulumi.Resource;
}

/** The WAF rules of the distribution: AWS managed rule groups, then a per-IP rate limit. */
export function staticSiteWafRules(rateLimit: number): aws.types.input.wafv2.WebAclRule[] {
  const visibility = (metric: string): aws.types.input.wafv2.WebAclRuleVisibilityConfig => ({
    cloudwatchMetricsEnabled: true,
    metricName: metric,
    sampledRequestsEnabled: true,
  });
  const managed = [
    "AWSManagedRulesAmazonIpReputationList",
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
  ];
  return [
    ...managed.map((group, priority) => ({
      name: group,
      priority,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group } },
      visibilityConfig: visibility(group),
    })),
    {
      name: "rate-limit-per-ip",
      priority: managed.length,
      action: { block: {} },
      statement: { rateBasedStatement: { limit: rateLimit, aggregateKeyType: "IP" } },
      visibilityConfig: visibility("rate-limit-per-ip"),
    },
  ];
}

/** What a deploy job needs to publish the site: write the bucket (SSE-KMS) and invalidate the cache. */
export function staticSiteDeployStatements(args: {
  bucketArn: pulumi.Input<string>;
  distributionArn: pulumi.Input<string>;
  kmsKeyArn: pulumi.Input<string>;
  region: string;
}): Statement[] {
  return [
    { Sid: "ListSite", Effect: "Allow", Action: "s3:ListBucket", Resource: args.bucketArn },
    {
      Sid: "PublishSite",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      Resource: pulumi.interpolate`${args.bucketArn}/*`,
    },
    keyThrough("EncryptSite", args.kmsKeyArn, "s3", args.region),
    {
      Sid: "InvalidateSite",
      Effect: "Allow",
      Action: "cloudfront:CreateInvalidation",
      Resource: args.distributionArn,
    },
  ];
}

/**
 * Static content: a private, SSE-KMS bucket behind a CloudFront distribution that reads it through origin
 * access control (signed requests; the bucket policy admits only this distribution), HTTPS only with TLS
 * 1.2_2021 and a DNS-validated certificate in us-east-1, a WAF web ACL (managed rules and a rate limit),
 * security headers, a default root object, and access and WAF logs in encrypted log groups in us-east-1
 * (under a key of that region, as CloudWatch Logs requires). Resources of us-east-1 are created through the
 * environment's own provider with a per-resource `region`: the same role, account guard and default tags.
 */
export class StaticSite extends pulumi.ComponentResource {
  readonly bucket: SecureBucket;
  readonly bucketName: pulumi.Output<string>;
  readonly bucketArn: pulumi.Output<string>;
  readonly distribution: aws.cloudfront.Distribution;
  readonly distributionId: pulumi.Output<string>;
  readonly distributionArn: pulumi.Output<string>;
  readonly certificateArn: pulumi.Output<string>;
  /** The web ACL in front of the distribution; undefined without one (`waf: false`). */
  readonly webAclArn: pulumi.Output<string> | undefined;
  /** `https://<hostName>`. */
  readonly url: string;

  constructor(name: string, args: StaticSiteArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:data:StaticSite", name, {}, opts);
    const parent = { parent: this };
    const edge = EDGE_REGION;
    this.url = `https://${args.hostName}`;

    // CloudWatch Logs in us-east-1 needs a key of that region: a small rotated key for the edge logs.
    const edgeKey = new aws.kms.Key(
      `${name}-edge-key`,
      {
        region: edge,
        description: `Edge logs of ${args.baseName} (CloudFront and WAF, ${edge})`,
        keyUsage: "ENCRYPT_DECRYPT",
        customerMasterKeySpec: "SYMMETRIC_DEFAULT",
        enableKeyRotation: true,
        rotationPeriodInDays: 365,
        deletionWindowInDays: args.keyDeletionWindowDays ?? 30,
        policy: policyJson(environmentKeyPolicy({ accountId: args.accountId, region: edge })),
      },
      { parent: this, protect: args.protect ?? false },
    );

    // The bucket policy admits only this distribution, which needs the bucket first: resolve its ARN later.
    const [distributionArn, resolveDistributionArn] = pulumi.deferredOutput<string>();
    this.bucket = new SecureBucket(
      `${name}-bucket`,
      {
        kmsKeyArn: args.kmsKeyArn,
        noncurrentVersionExpirationDays: 30,
        accessLogBucket: args.accessLogBucket,
        accessLogPrefix: `${name}/`,
        protect: args.protect ?? false,
        policyStatements: (bucketArn): Statement[] => [
          {
            Sid: "CloudFrontOriginAccessControl",
            Effect: "Allow",
            Principal: { Service: "cloudfront.amazonaws.com" },
            Action: "s3:GetObject",
            Resource: pulumi.interpolate`${bucketArn}/*`,
            Condition: { StringEquals: { "AWS:SourceArn": distributionArn } },
          },
        ],
      },
      parent,
    );
    this.bucketName = this.bucket.bucketName;
    this.bucketArn = this.bucket.arn;

    const certificate = new aws.acm.Certificate(
      `${name}-cert`,
      { region: edge, domainName: args.hostName, validationMethod: "DNS", keyAlgorithm: "RSA_2048" },
      { parent: this },
    );
    const validation = certificate.domainValidationOptions.apply((options) => options[0]);
    const validationRecord = new aws.route53.Record(
      `${name}-cert-validation`,
      {
        zoneId: args.zoneId,
        name: validation.resourceRecordName,
        type: validation.resourceRecordType,
        records: [validation.resourceRecordValue],
        ttl: 300,
        allowOverwrite: true,
      },
      parent,
    );
    const validated = new aws.acm.CertificateValidation(
      `${name}-cert-validated`,
      { region: edge, certificateArn: certificate.arn, validationRecordFqdns: [validationRecord.fqdn] },
      { parent: this, dependsOn: args.zoneDelegation === undefined ? [] : [args.zoneDelegation] },
    );
    this.certificateArn = validated.certificateArn;

    const waf = args.waf ?? true;
    const wafLogs = waf
      ? encryptedLogGroup(
          `${name}-waf-logs`,
          {
            // WAF only logs to groups named aws-waf-logs-*.
            logGroupName: physicalName(["aws-waf-logs", args.baseName, "static"], 512),
            retentionInDays: args.logRetentionDays,
            kmsKeyArn: edgeKey.arn,
            region: edge,
          },
          parent,
        )
      : undefined;
    const accessLogs = encryptedLogGroup(
      `${name}-access-logs`,
      { retentionInDays: args.logRetentionDays, kmsKeyArn: edgeKey.arn, region: edge },
      parent,
    );
    // WAF logging and CloudFront's standard logging (v2) deliver through the log delivery service.
    const logPolicy = new aws.cloudwatch.LogResourcePolicy(
      `${name}-log-delivery`,
      {
        region: edge,
        policyName: physicalName([args.baseName, "static-log-delivery"], 255),
        policyDocument: policyJson([
          {
            Sid: "EdgeLogDelivery",
            Effect: "Allow",
            Principal: { Service: "delivery.logs.amazonaws.com" },
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: [
              ...(wafLogs ? [pulumi.interpolate`${wafLogs.arn}:*`] : []),
              pulumi.interpolate`${accessLogs.arn}:*`,
            ],
            Condition: { StringEquals: { "aws:SourceAccount": args.accountId } },
          },
        ]),
      },
      parent,
    );

    const webAcl = wafLogs
      ? new aws.wafv2.WebAcl(
          `${name}-waf`,
          {
            region: edge,
            scope: "CLOUDFRONT",
            description: `Static site of ${args.baseName}`,
            defaultAction: { allow: {} },
            rules: staticSiteWafRules(args.rateLimitPer5Minutes ?? 2000),
            visibilityConfig: {
              cloudwatchMetricsEnabled: true,
              metricName: physicalName([args.baseName, "static"], 128),
              sampledRequestsEnabled: true,
            },
          },
          parent,
        )
      : undefined;
    this.webAclArn = webAcl?.arn;
    if (webAcl && wafLogs) {
      new aws.wafv2.WebAclLoggingConfiguration(
        `${name}-waf-logging`,
        { region: edge, resourceArn: webAcl.arn, logDestinationConfigs: [wafLogs.arn] },
        { parent: this, dependsOn: [logPolicy] },
      );
    }

    const oac = new aws.cloudfront.OriginAccessControl(
      `${name}-oac`,
      {
        description: `Signed reads of the ${args.baseName} static bucket`,
        originAccessControlOriginType: "s3",
        signingBehavior: "always",
        signingProtocol: "sigv4",
      },
      parent,
    );

    this.distribution = new aws.cloudfront.Distribution(
      `${name}-cdn`,
      {
        enabled: true,
        comment: `Static content of ${args.baseName}`,
        aliases: [args.hostName],
        isIpv6Enabled: true,
        httpVersion: "http2and3",
        defaultRootObject: args.defaultRootObject ?? "index.html",
        priceClass: args.priceClass ?? "PriceClass_100",
        origins: [
          {
            originId: ORIGIN_ID,
            domainName: this.bucket.bucket.bucketRegionalDomainName,
            originAccessControlId: oac.id,
          },
        ],
        defaultCacheBehavior: {
          targetOriginId: ORIGIN_ID,
          viewerProtocolPolicy: "redirect-to-https",
          allowedMethods: ["GET", "HEAD", "OPTIONS"],
          cachedMethods: ["GET", "HEAD"],
          compress: true,
          cachePolicyId: MANAGED_CACHE_POLICY_CACHING_OPTIMIZED,
          responseHeadersPolicyId: MANAGED_RESPONSE_HEADERS_SECURITY,
        },
        restrictions: { geoRestriction: { restrictionType: "none" } },
        viewerCertificate: {
          acmCertificateArn: validated.certificateArn,
          sslSupportMethod: "sni-only",
          minimumProtocolVersion: VIEWER_TLS_POLICY,
        },
        webAclId: webAcl?.arn,
      },
      parent,
    );
    this.distributionId = this.distribution.id;
    this.distributionArn = this.distribution.arn;
    resolveDistributionArn(this.distribution.arn);

    // CloudFront standard logging (v2): access logs to CloudWatch Logs, no ACL-enabled bucket needed.
    const source = new aws.cloudwatch.LogDeliverySource(
      `${name}-access-log-source`,
      {
        region: edge,
        name: physicalName([args.baseName, "static-access"], 60),
        logType: "ACCESS_LOGS",
        resourceArn: this.distribution.arn,
      },
      parent,
    );
    const destination = new aws.cloudwatch.LogDeliveryDestination(
      `${name}-access-log-destination`,
      {
        region: edge,
        name: physicalName([args.baseName, "static-access"], 60),
        deliveryDestinationConfiguration: { destinationResourceArn: accessLogs.arn },
      },
      { parent: this, dependsOn: [logPolicy] },
    );
    new aws.cloudwatch.LogDelivery(
      `${name}-access-log-delivery`,
      { region: edge, deliverySourceName: source.name, deliveryDestinationArn: destination.arn },
      parent,
    );

    for (const type of ["A", "AAAA"]) {
      new aws.route53.Record(
        `${name}-alias-${type.toLowerCase()}`,
        {
          zoneId: args.zoneId,
          name: args.hostName,
          type,
          aliases: [
            {
              name: this.distribution.domainName,
              zoneId: this.distribution.hostedZoneId,
              evaluateTargetHealth: false,
            },
          ],
        },
        parent,
      );
    }

    this.registerOutputs({
      bucket: this.bucket,
      bucketName: this.bucketName,
      bucketArn: this.bucketArn,
      distribution: this.distribution,
      distributionId: this.distributionId,
      distributionArn: this.distributionArn,
      certificateArn: this.certificateArn,
      webAclArn: this.webAclArn,
      url: this.url,
    });
  }
}
