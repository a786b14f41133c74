import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { AlarmThresholds, createAlarms, resolveThresholds } from "../shared/alarms";
import { loadBalancerAlarms } from "../shared/alarmSets";
import { aliasRecord, hardenedAlb, httpsListener } from "./loadBalancer";

export interface InternalLoadBalancerArgs {
  vpcId: pulumi.Input<string>;
  /** Private subnets, one per AZ. */
  subnetIds: pulumi.Input<string>[];
  /** Validated certificate for `hostname`. */
  certificateArn: pulumi.Input<string>;
  /** Private hosted zone that gets the alias record of `hostname`. */
  zoneId: pulumi.Input<string>;
  /** Internal name of the ALB, e.g. `internal.dev.example.com`. */
  hostname: string;
  /**
   * Security groups admitted on 443: the group every workload joins (the gateway and the services).
   * Other callers (the partner API's VPC link) add their own ingress rule.
   */
  clientSecurityGroupIds: pulumi.Input<string>[];
  accessLogBucket: pulumi.Input<string>;
  accessLogPolicy: pulumi.Resource;
  /** Prefix of this ALB's logs in the bucket. Default: `internal`. */
  accessLogPrefix?: string;
  deletionProtection: boolean;
  /**
   * The ALB's physical name, up to 32 alphanumerics and hyphens, not beginning with `internal-` (AWS
   * reserves it, and the auto-name of a component named `internal` would begin with it).
   */
  loadBalancerName: string;
  /**
   * Where the load balancer's alarms notify (SNS topic ARNs): 5xx share and target response time.
   * Default: nowhere (the environment wires them to its alert topic).
   */
  alarmActions?: pulumi.Input<string>[];
  /** Alarm thresholds; any left out take DEFAULT_ALARM_THRESHOLDS. */
  alarmThresholds?: Partial<AlarmThresholds>;
}

/**
 * The internal ALB in the private subnets: HTTPS only, with a certificate for its internal name and a TLS
 * 1.2+ policy, reachable only from the listed security groups. Services add path rules to its listener;
 * a request no rule matches gets 404.
 */
export class InternalLoadBalancer extends pulumi.ComponentResource {
  readonly loadBalancer: aws.lb.LoadBalancer;
  readonly arn: pulumi.Output<string>;
  readonly arnSuffix: pulumi.Output<string>;
  readonly securityGroupId: pulumi.Output<string>;
  readonly httpsListener: aws.lb.Listener;
  readonly httpsListenerArn: pulumi.Output<string>;
  readonly hostname: string;
  readonly url: string;
  readonly alarms: aws.cloudwatch.MetricAlarm[];

  constructor(name: string, args: InternalLoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:edge:InternalLoadBalancer", name, {}, opts);
    const parent = { parent: this };
    this.hostname = args.hostname;

    const sg = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      { vpcId: args.vpcId, description: "Internal ALB: HTTPS from the gateway and the services" },
      parent,
    );
    this.securityGroupId = sg.id;
    args.clientSecurityGroupIds.forEach(
      (source, i) =>
        new aws.vpc.SecurityGroupIngressRule(
          `${name}-in-${i}`,
          {
            securityGroupId: sg.id,
            referencedSecurityGroupId: source,
            ipProtocol: "tcp",
            fromPort: 443,
            toPort: 443,
            description: "HTTPS from workloads",
          },
          parent,
        ),
    );

    this.loadBalancer = hardenedAlb(this, name, {
      internal: true,
      subnetIds: args.subnetIds,
      securityGroupId: sg.id,
      deletionProtection: args.deletionProtection,
      accessLogBucket: args.accessLogBucket,
      accessLogPrefix: args.accessLogPrefix ?? "internal",
      accessLogPolicy: args.accessLogPolicy,
      physicalName: args.loadBalancerName,
    });
    this.arn = this.loadBalancer.arn;
    this.arnSuffix = this.loadBalancer.arnSuffix;
    this.alarms = createAlarms(
      this,
      name,
      loadBalancerAlarms(
        { label: "Internal load balancer", arnSuffix: this.arnSuffix },
        resolveThresholds(args.alarmThresholds),
      ),
      args.alarmActions,
    );

    this.httpsListener = httpsListener(this, name, this.loadBalancer, args.certificateArn, {
      contentType: "application/json",
      statusCode: "404",
      messageBody: '{"error":"no route"}',
    });
    this.httpsListenerArn = this.httpsListener.arn;

    aliasRecord(this, name, args.zoneId, args.hostname, {
      name: this.loadBalancer.dnsName,
      zoneId: this.loadBalancer.zoneId,
      evaluateTargetHealth: true,
    });
    this.url = `https://${args.hostname}`;

    this.registerOutputs({
      arn: this.arn,
      arnSuffix: this.arnSuffix,
      securityGroupId: this.securityGroupId,
      httpsListenerArn: this.httpsListenerArn,
      hostname: this.hostname,
      url: this.url,
      alarmArns: this.alarms.map((a) => a.arn),
    });
  }
}
