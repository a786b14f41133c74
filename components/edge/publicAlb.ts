import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { AlarmThresholds, createAlarms, resolveThresholds } from "../shared/alarms";
import { loadBalancerAlarms } from "../shared/alarmSets";
import { aliasRecord, hardenedAlb, httpsListener } from "./loadBalancer";
import { WebFirewall } from "./waf";

export interface PublicLoadBalancerArgs {
  vpcId: pulumi.Input<string>;
  /** Public subnets, one per AZ. */
  subnetIds: pulumi.Input<string>[];
  /** Validated certificate for `hostname`. */
  certificateArn: pulumi.Input<string>;
  /** Public hosted zone that gets the alias record of `hostname`. */
  zoneId: pulumi.Input<string>;
  /** Name of the public endpoint (the environment's domain). */
  hostname: string;
  /** Bucket for access logs (SSE-S3; see AccessLogBucket). */
  accessLogBucket: pulumi.Input<string>;
  /** The access-log bucket's policy: the ALB is created after it (ALB verifies it can write). */
  accessLogPolicy: pulumi.Resource;
  /** Prefix of this ALB's logs in the bucket. Default: `public`. */
  accessLogPrefix?: string;
  /** Turn on the ALB's deletion protection (prod). */
  deletionProtection: boolean;
  /** Requests per client IP per 5 minutes before WAF blocks the client. */
  wafRateLimit: number;
  /** Name of the WAF log group (must begin with `aws-waf-logs-`). */
  wafLogGroupName: string;
  /** The environment key (WAF logs). */
  kmsKeyArn: pulumi.Input<string>;
  logRetentionDays: number;
  /**
   * Where the load balancer's and its WAF's alarms notify (SNS topic ARNs): 5xx share, target response
   * time, blocked-request spikes. Default: nowhere (the environment wires them to its alert topic).
   */
  alarmActions?: pulumi.Input<string>[];
  /** Alarm thresholds; any left out take DEFAULT_ALARM_THRESHOLDS. */
  alarmThresholds?: Partial<AlarmThresholds>;
}

/**
 * The internet-facing ALB in the public subnets. HTTPS on 443 with a TLS 1.2+ policy and HSTS, HTTP on 80
 * that only redirects to HTTPS, invalid header fields dropped, strictest desync mitigation, access logs to
 * the dedicated bucket, deletion protection where asked, and a WAF web ACL. Its security group admits 80
 * and 443 from the internet and nothing else; the gateway service adds the one egress rule to its tasks.
 * Until a gateway registers its path rule, the HTTPS listener answers 503.
 */
export class PublicLoadBalancer extends pulumi.ComponentResource {
  readonly loadBalancer: aws.lb.LoadBalancer;
  readonly arn: pulumi.Output<string>;
  readonly arnSuffix: pulumi.Output<string>;
  readonly dnsName: pulumi.Output<string>;
  readonly securityGroupId: pulumi.Output<string>;
  readonly httpsListener: aws.lb.Listener;
  readonly httpsListenerArn: pulumi.Output<string>;
  readonly firewall: WebFirewall;
  readonly url: string;
  readonly alarms: aws.cloudwatch.MetricAlarm[];

  constructor(name: string, args: PublicLoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:edge:PublicLoadBalancer", name, {}, opts);
    const parent = { parent: this };

    const sg = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      { vpcId: args.vpcId, description: "Public ALB: HTTP and HTTPS from the internet" },
      parent,
    );
    this.securityGroupId = sg.id;
    for (const port of [80, 443]) {
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-in-${port}`,
        {
          securityGroupId: sg.id,
          cidrIpv4: "0.0.0.0/0",
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          description:
            port === 80 ? "HTTP from the internet (redirected to HTTPS)" : "HTTPS from the internet",
        },
        parent,
      );
    }

    this.loadBalancer = hardenedAlb(this, name, {
      internal: false,
      subnetIds: args.subnetIds,
      securityGroupId: sg.id,
      deletionProtection: args.deletionProtection,
      accessLogBucket: args.accessLogBucket,
      accessLogPrefix: args.accessLogPrefix ?? "public",
      accessLogPolicy: args.accessLogPolicy,
    });
    this.arn = this.loadBalancer.arn;
    this.arnSuffix = this.loadBalancer.arnSuffix;
    this.dnsName = this.loadBalancer.dnsName;

    new aws.lb.Listener(
      `${name}-http`,
      {
        loadBalancerArn: this.loadBalancer.arn,
        port: 80,
        protocol: "HTTP",
        defaultActions: [
          { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
        ],
      },
      parent,
    );
    this.httpsListener = httpsListener(
      this,
      name,
      this.loadBalancer,
      args.certificateArn,
      { contentType: "text/plain", statusCode: "503", messageBody: "no gateway is deployed" },
      { routingHttpResponseStrictTransportSecurityHeaderValue: "max-age=31536000; includeSubDomains" },
    );
    this.httpsListenerArn = this.httpsListener.arn;

    this.firewall = new WebFirewall(
      `${name}-waf`,
      {
        resourceArn: this.loadBalancer.arn,
        rateLimit: args.wafRateLimit,
        logGroupName: args.wafLogGroupName,
        kmsKeyArn: args.kmsKeyArn,
        logRetentionDays: args.logRetentionDays,
        alarmActions: args.alarmActions,
        alarmThresholds: args.alarmThresholds,
      },
      parent,
    );
    this.alarms = createAlarms(
      this,
      name,
      loadBalancerAlarms(
        { label: "Public load balancer", arnSuffix: this.arnSuffix },
        resolveThresholds(args.alarmThresholds),
      ),
      args.alarmActions,
    );

    aliasRecord(this, name, args.zoneId, args.hostname, {
      name: this.loadBalancer.dnsName,
      zoneId: this.loadBalancer.zoneId,
      evaluateTargetHealth: true,
    });
    this.url = `https://${args.hostname}`;

    this.registerOutputs({
      arn: this.arn,
      arnSuffix: this.arnSuffix,
      dnsName: this.dnsName,
      securityGroupId: this.securityGroupId,
      httpsListenerArn: this.httpsListenerArn,
      webAclArn: this.firewall.webAclArn,
      url: this.url,
      alarmArns: this.alarms.map((a) => a.arn),
    });
  }
}
