/**
 * The alarms of the operators' VPN server (runbook entries vpn-down, vpn-status-check and vpn-no-instance
 * in docs/runbooks/alarms.md): OpenVPN down, the instance failing its status checks, no instance in service.
 */
import * as pulumi from "@pulumi/pulumi";

import { NamedAlarm } from "../shared/alarms";
import { VPN_METRIC } from "./vpnScripts";

/** The server's alarms, on its health metric (by `serverName`) and on its Auto Scaling group (`asg`). */
export function vpnAlarms(
  serverName: string,
  asg: { AutoScalingGroupName: pulumi.Input<string> },
): NamedAlarm[] {
  return [
    {
      suffix: "down",
      spec: {
        kind: "vpn-down",
        summary: `OpenVPN is not running on ${serverName} (or the server stopped reporting)`,
        metric: {
          namespace: VPN_METRIC.namespace,
          metricName: VPN_METRIC.name,
          dimensions: { [VPN_METRIC.dimension]: serverName },
          stat: "Minimum",
        },
        comparison: "<",
        threshold: 1,
        periodSeconds: 60,
        evaluationPeriods: 5,
        missingData: "breaching",
      },
    },
    {
      suffix: "status-check",
      spec: {
        kind: "vpn-status-check",
        summary: `The OpenVPN instance of ${serverName} fails its EC2 status checks`,
        metric: {
          namespace: "AWS/EC2",
          metricName: "StatusCheckFailed",
          dimensions: asg,
          stat: "Maximum",
        },
        comparison: ">=",
        threshold: 1,
        periodSeconds: 60,
        evaluationPeriods: 3,
        missingData: "missing",
      },
    },
    {
      suffix: "no-instance",
      spec: {
        kind: "vpn-no-instance",
        summary: `The Auto Scaling group of ${serverName} has no instance in service`,
        metric: {
          namespace: "AWS/AutoScaling",
          metricName: "GroupInServiceInstances",
          dimensions: asg,
          stat: "Minimum",
        },
        comparison: "<",
        threshold: 1,
        periodSeconds: 60,
        evaluationPeriods: 10,
        missingData: "breaching",
      },
    },
  ];
}
