/** No public addresses, except on the VPN server. */
import { ResourceValidationPolicy } from "@pulumi/policy";

import { DEFAULT_VPN_RESOURCE_NAMES, isVpnResource, VpnConfig, vpnNamesSchema, withDefaults } from "./config";
import { isTrue, label, onlyFor, read, readArray, show, UNKNOWN } from "./util";

export const noPublicIpOnInstances: ResourceValidationPolicy = {
  name: "no-public-ip-on-instances",
  description:
    "EC2 instances and launch templates must not associate public IP addresses; reach them through the VPN " +
    "or Session Manager. The VPN server, named in this policy's config, is the one exception.",
  enforcementLevel: "mandatory",
  configSchema: vpnNamesSchema,
  validateResource: (args, reportViolation) => {
    const config = withDefaults<VpnConfig>(
      { vpnResourceNames: DEFAULT_VPN_RESOURCE_NAMES },
      args.getConfig<VpnConfig>(),
    );
    if (isVpnResource(args, config)) {
      return;
    }
    if (
      args.type === "aws:ec2/instance:Instance" ||
      args.type === "aws:ec2/spotInstanceRequest:SpotInstanceRequest"
    ) {
      if (isTrue(read(args.props, "associatePublicIpAddress"))) {
        reportViolation(
          `${label(args)} associates a public IP address: set associatePublicIpAddress to false`,
        );
      }
    } else if (args.type === "aws:ec2/launchTemplate:LaunchTemplate") {
      const interfaces = readArray(args.props, "networkInterfaces");
      for (const [i, ni] of (interfaces === UNKNOWN ? [] : interfaces).entries()) {
        if (isTrue(read(ni, "associatePublicIpAddress"))) {
          reportViolation(
            `${label(args)} associates a public IP address (networkInterfaces[${i}].associatePublicIpAddress): set it to false`,
          );
        }
      }
    } else {
      args.notApplicable("only applies to EC2 instances and launch templates");
    }
  },
};

/** Where each kind of ECS task launch keeps its network configuration. */
const ECS_NETWORK_CONFIG: Record<string, string[]> = {
  "aws:ecs/service:Service": ["networkConfiguration"],
  "aws:scheduler/schedule:Schedule": ["target", "ecsParameters", "networkConfiguration"],
  "aws:cloudwatch/eventTarget:EventTarget": ["ecsTarget", "networkConfiguration"],
};

export const ecsTasksNoPublicIp: ResourceValidationPolicy = {
  name: "ecs-tasks-no-public-ip",
  description:
    "ECS services and scheduled ECS tasks must not assign public IPs: run them in private subnets and reach " +
    "the internet through NAT. Set assignPublicIp to false.",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    const path = ECS_NETWORK_CONFIG[args.type];
    if (!path) {
      args.notApplicable("only applies to ECS services and scheduled ECS tasks");
      return;
    }
    if (isTrue(read(args.props, ...path, "assignPublicIp"))) {
      reportViolation(
        `${label(args)} assigns public IPs to its tasks (${path.join(".")}.assignPublicIp): set it to false`,
      );
    }
    // EventBridge Scheduler's universal target (aws-sdk:ecs:runTask) carries RunTask's request as JSON.
    const input =
      args.type === "aws:scheduler/schedule:Schedule" ? read(args.props, "target", "input") : undefined;
    if (typeof input === "string" && input.includes("AssignPublicIp")) {
      const request = JSON.parse(input) as {
        NetworkConfiguration?: { AwsvpcConfiguration?: { AssignPublicIp?: string } };
      };
      if (request.NetworkConfiguration?.AwsvpcConfiguration?.AssignPublicIp === "ENABLED") {
        reportViolation(
          `${label(args)} runs tasks with public IPs (target.input NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp = ENABLED): set DISABLED`,
        );
      }
    }
  },
};

export const rdsNotPublic: ResourceValidationPolicy = {
  name: "rds-not-public",
  description:
    "RDS instances must not be publicly accessible: set publiclyAccessible to false and reach the database " +
    "from the services' security group or through the VPN.",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (
      args.type !== "aws:rds/instance:Instance" &&
      args.type !== "aws:rds/clusterInstance:ClusterInstance"
    ) {
      args.notApplicable("only applies to RDS instances");
      return;
    }
    if (isTrue(read(args.props, "publiclyAccessible"))) {
      reportViolation(`${label(args)} is publicly accessible: set publiclyAccessible to false`);
    }
  },
};

export const mskNoPublicAccess: ResourceValidationPolicy = {
  name: "msk-no-public-access",
  description: "MSK brokers must not be reachable from the internet: leave public access DISABLED.",
  enforcementLevel: "mandatory",
  validateResource: onlyFor("aws:msk/cluster:Cluster", (args, reportViolation) => {
    const type = read(args.props, "brokerNodeGroupInfo", "connectivityInfo", "publicAccess", "type");
    if (type !== undefined && type !== "DISABLED") {
      reportViolation(
        `${label(args)} turns on public access (brokerNodeGroupInfo.connectivityInfo.publicAccess.type = ${show(type)}): set it to DISABLED`,
      );
    }
  }),
};

/** Managed stores with a public-endpoint flag beside RDS's (judged by rds-not-public) and MSK's. */
const PUBLIC_FLAGS: Readonly<Record<string, string>> = {
  "aws:redshift/cluster:Cluster": "publiclyAccessible",
  "aws:redshiftserverless/workgroup:Workgroup": "publiclyAccessible",
  "aws:dms/replicationInstance:ReplicationInstance": "publiclyAccessible",
  "aws:docdb/clusterInstance:ClusterInstance": "publiclyAccessible",
  "aws:neptune/clusterInstance:ClusterInstance": "publiclyAccessible",
};

export const storesNotPublic: ResourceValidationPolicy = {
  name: "stores-not-public",
  description:
    "Redshift clusters and workgroups, DMS replication instances and DocumentDB / Neptune instances must not " +
    "be publicly accessible: set publiclyAccessible to false (DMS defaults to true, so set it explicitly).",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    const flag = PUBLIC_FLAGS[args.type];
    if (flag === undefined) {
      args.notApplicable("only applies to stores with a publiclyAccessible flag");
      return;
    }
    const value = read(args.props, flag);
    // DMS replication instances are public unless told otherwise (API_CreateReplicationInstance:
    // https://docs.aws.amazon.com/dms/latest/APIReference/API_CreateReplicationInstance.html).
    const isPublic =
      isTrue(value) ||
      (value === undefined && args.type === "aws:dms/replicationInstance:ReplicationInstance");
    if (isPublic) {
      reportViolation(
        `${label(args)} is publicly accessible (${flag} = ${show(value)}): set ${flag} to false`,
      );
    }
  },
};
