/**
 * The pieces the public and the internal load balancer build alike, as children of their component: the
 * hardened ALB with its access logs, the HTTPS listener, and the alias record of its hostname.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { ALB_HARDENING, TLS_POLICY } from "./loadBalancerDefaults";

export interface AlbSettings {
  internal: boolean;
  subnetIds: pulumi.Input<string>[];
  securityGroupId: pulumi.Input<string>;
  deletionProtection: boolean;
  accessLogBucket: pulumi.Input<string>;
  /** Prefix of the ALB's logs in the bucket. */
  accessLogPrefix: string;
  /** The access-log bucket's policy: the ALB is created after it (ALB verifies it can write). */
  accessLogPolicy: pulumi.Resource;
  /**
   * The ALB's physical name. Default: the auto-name (`<name>-alb-` and 7 random characters), which AWS
   * rejects when it begins with `internal-` (API_CreateLoadBalancer: names must not begin with "internal-").
   */
  physicalName?: string;
}

/** An application load balancer with the platform's hardening, logging to the access-log bucket. */
export function hardenedAlb(parent: pulumi.Resource, name: string, s: AlbSettings): aws.lb.LoadBalancer {
  return new aws.lb.LoadBalancer(
    `${name}-alb`,
    {
      ...ALB_HARDENING,
      name: s.physicalName,
      internal: s.internal,
      subnets: s.subnetIds,
      securityGroups: [s.securityGroupId],
      enableDeletionProtection: s.deletionProtection,
      accessLogs: { bucket: s.accessLogBucket, prefix: s.accessLogPrefix, enabled: true },
    },
    { parent, dependsOn: [s.accessLogPolicy] },
  );
}

/**
 * The HTTPS listener on 443: the platform's TLS policy, no `Server` header, and a fixed response for a
 * request no rule matches. `extra` adds listener attributes (the public ALB's HSTS header).
 */
export function httpsListener(
  parent: pulumi.Resource,
  name: string,
  loadBalancer: aws.lb.LoadBalancer,
  certificateArn: pulumi.Input<string>,
  unmatched: { contentType: string; statusCode: string; messageBody: string },
  extra: Partial<aws.lb.ListenerArgs> = {},
): aws.lb.Listener {
  return new aws.lb.Listener(
    `${name}-https`,
    {
      loadBalancerArn: loadBalancer.arn,
      port: 443,
      protocol: "HTTPS",
      sslPolicy: TLS_POLICY,
      certificateArn,
      ...extra,
      routingHttpResponseServerEnabled: false,
      defaultActions: [{ type: "fixed-response", fixedResponse: unmatched }],
    },
    { parent },
  );
}

/** The A record that aliases `hostname` in the zone to a load balancer or another AWS endpoint. */
export function aliasRecord(
  parent: pulumi.Resource,
  name: string,
  zoneId: pulumi.Input<string>,
  hostname: string,
  target: { name: pulumi.Input<string>; zoneId: pulumi.Input<string>; evaluateTargetHealth: boolean },
): aws.route53.Record {
  return new aws.route53.Record(
    `${name}-record`,
    { zoneId, name: hostname, type: "A", aliases: [target] },
    { parent },
  );
}
