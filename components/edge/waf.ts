import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { AlarmThresholds, createAlarms, resolveThresholds } from "../shared/alarms";
import { webAclAlarms } from "../shared/alarmSets";
import { encryptedLogGroup } from "../shared/logGroup";
import { policyJson } from "../shared/policies";

/** AWS managed rule groups every public endpoint gets, in evaluation order after the rate limit. */
export const MANAGED_RULE_GROUPS = [
  "AWSManagedRulesAmazonIpReputationList",
  "AWSManagedRulesKnownBadInputsRuleSet",
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesSQLiRuleSet",
] as const;

/** WAF accepts rate limits of 10..2,000,000,000 requests per evaluation window. */
export const MIN_RATE_LIMIT = 10;
export const MAX_RATE_LIMIT = 2_000_000_000;
/** Headers never written to the WAF log. */
export const REDACTED_HEADERS = ["authorization", "cookie"] as const;

const visibility = (metricName: string): aws.types.input.wafv2.WebAclRuleVisibilityConfig => ({
  cloudwatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

/**
 * The web ACL's rules: first a per-IP rate limit (block above `rateLimit` requests in 5 minutes), then the
 * managed rule groups with their own actions.
 */
export function webAclRules(rateLimit: number): aws.types.input.wafv2.WebAclRule[] {
  return [
    {
      name: "rate-limit-per-ip",
      priority: 0,
      action: { block: {} },
      statement: {
        rateBasedStatement: { limit: rateLimit, aggregateKeyType: "IP", evaluationWindowSec: 300 },
      },
      visibilityConfig: visibility("rate-limit-per-ip"),
    },
    ...MANAGED_RULE_GROUPS.map((group, i) => ({
      name: group,
      priority: i + 1,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group } },
      visibilityConfig: visibility(group),
    })),
  ];
}

export interface WebFirewallArgs {
  /** ARN of the resource to protect (the public ALB). */
  resourceArn: pulumi.Input<string>;
  /** Requests one client IP may make in 5 minutes before it is blocked (10..2,000,000,000). */
  rateLimit: number;
  /** Name of the log group; WAF requires the prefix `aws-waf-logs-`. */
  logGroupName: string;
  /** The environment key: the WAF log group is encrypted with it. */
  kmsKeyArn: pulumi.Input<string>;
  /** Retention of the WAF log group, in days. */
  logRetentionDays: number;
  /**
   * Where the alarm on a spike of blocked requests notifies (SNS topic ARNs). Default: nowhere (the
   * environment wires it to its alert topic).
   */
  alarmActions?: pulumi.Input<string>[];
  /** Alarm thresholds (`wafBlockedRequests`); the rest is ignored. Default: DEFAULT_ALARM_THRESHOLDS. */
  alarmThresholds?: Partial<AlarmThresholds>;
}

/**
 * A regional WAFv2 web ACL on the public ALB: a per-IP rate limit and the AWS managed rule groups (IP
 * reputation, known bad inputs, common, SQL injection); allowed by default, logged to a KMS-encrypted log
 * group with the `Authorization` and `Cookie` headers redacted.
 */
export class WebFirewall extends pulumi.ComponentResource {
  readonly webAcl: aws.wafv2.WebAcl;
  readonly webAclArn: pulumi.Output<string>;
  readonly logGroup: aws.cloudwatch.LogGroup;
  /** The web ACL's metric name: the value of the `WebACL` dimension of its CloudWatch metrics. */
  readonly metricName: pulumi.Output<string>;
  readonly alarms: aws.cloudwatch.MetricAlarm[];

  constructor(name: string, args: WebFirewallArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:edge:WebFirewall", name, {}, opts);
    if (!args.logGroupName.startsWith("aws-waf-logs-")) {
      throw new Error(`WAF log group names begin with aws-waf-logs-; got ${args.logGroupName}`);
    }
    if (
      !Number.isInteger(args.rateLimit) ||
      args.rateLimit < MIN_RATE_LIMIT ||
      args.rateLimit > MAX_RATE_LIMIT
    ) {
      throw new Error(`WAF rate limits are ${MIN_RATE_LIMIT}..${MAX_RATE_LIMIT}; got ${args.rateLimit}`);
    }
    const parent = { parent: this };

    this.webAcl = new aws.wafv2.WebAcl(
      name,
      {
        scope: "REGIONAL",
        description: "Public endpoint: rate limit and AWS managed rules",
        defaultAction: { allow: {} },
        rules: webAclRules(args.rateLimit),
        visibilityConfig: visibility(name),
      },
      parent,
    );
    this.webAclArn = this.webAcl.arn;
    new aws.wafv2.WebAclAssociation(
      `${name}-association`,
      { resourceArn: args.resourceArn, webAclArn: this.webAcl.arn },
      parent,
    );

    this.logGroup = encryptedLogGroup(
      `${name}-logs`,
      { logGroupName: args.logGroupName, retentionInDays: args.logRetentionDays, kmsKeyArn: args.kmsKeyArn },
      parent,
    );
    // WAF logs to CloudWatch Logs through the log delivery service, which writes only where the Region's
    // log resource policies let it (https://docs.aws.amazon.com/waf/latest/developerguide/logging-cw-logs.html).
    // Written here rather than left to WAF, which would add its own (AWSWAF-LOGS) only when the deploying
    // principal may change resource policies, outside the program.
    const [account, logRegion] = [4, 3].map((i) => this.logGroup.arn.apply((arn) => arn.split(":")[i]));
    const deliveryPolicy = new aws.cloudwatch.LogResourcePolicy(
      `${name}-log-delivery`,
      {
        policyName: `${args.logGroupName}-delivery`,
        policyDocument: policyJson([
          {
            Sid: "WafLogDelivery",
            Effect: "Allow",
            Principal: { Service: "delivery.logs.amazonaws.com" },
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: pulumi.interpolate`${this.logGroup.arn}:*`,
            Condition: {
              StringEquals: { "aws:SourceAccount": account },
              ArnLike: { "aws:SourceArn": pulumi.interpolate`arn:aws:logs:${logRegion}:${account}:*` },
            },
          },
        ]),
      },
      parent,
    );
    new aws.wafv2.WebAclLoggingConfiguration(
      `${name}-logging`,
      {
        resourceArn: this.webAcl.arn,
        logDestinationConfigs: [this.logGroup.arn],
        redactedFields: REDACTED_HEADERS.map((header) => ({ singleHeader: { name: header } })),
      },
      { parent: this, dependsOn: [deliveryPolicy] },
    );

    // WAF publishes a web ACL's metrics under its visibility metric name (not its resource name), and a
    // regional one's with the Region as a dimension.
    this.metricName = this.webAcl.visibilityConfig.metricName;
    const region = aws.getRegionOutput({}, parent).region;
    this.alarms = createAlarms(
      this,
      name,
      webAclAlarms(
        { label: "Public WAF", webAclMetricName: this.metricName, region },
        resolveThresholds(args.alarmThresholds),
      ),
      args.alarmActions,
    );

    this.registerOutputs({
      webAclArn: this.webAclArn,
      logGroupName: this.logGroup.name,
      metricName: this.metricName,
      alarmArns: this.alarms.map((a) => a.arn),
    });
  }
}
