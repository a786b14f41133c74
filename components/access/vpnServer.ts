import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { endpointSecurityGroup, interfaceEndpoint } from "../network/endpoints";
import { createAlarms } from "../shared/alarms";
import { encryptedLogGroup } from "../shared/logGroup";
import { physicalName } from "../shared/naming";
import { policyJson } from "../shared/policies";
import { SecureBucket } from "../shared/secureBucket";
import { vpnAlarms } from "./vpnAlarms";
import {
  pkiOnlyForServer,
  profilesOnlyForReaders,
  VPN_TAG,
  vpnInstanceStatements,
  vpnOperatorStatements,
} from "./vpnPolicies";
import {
  CLIENT_NAME_PATTERN,
  issueClientScript,
  revokeClientScript,
  VPN_IMAGE_ID,
  VpnProtocol,
  vpnUserData,
} from "./vpnScripts";

export interface VpnServerArgs {
  /** Prefix of physical names (`<namePrefix>-<env>`): log group, operators group, tag value. */
  baseName: string;
  /** Member account, for ARNs. */
  accountId: pulumi.Input<string>;
  region: string;
  vpcId: pulumi.Input<string>;
  /** The VPC's CIDR: pushed to clients as their route; client traffic is masqueraded into it. */
  vpcCidr: string;
  /** Public subnets, one per AZ: the Auto Scaling group may place the server in any of them. */
  publicSubnetIds: pulumi.Input<string>[];
  /** Private subnets: the ec2 interface endpoint the server needs before it has its address. */
  privateSubnetIds: pulumi.Input<string>[];
  /**
   * Groups the server also joins, so that operators reach what services reach (the services group).
   * Default: none.
   */
  memberOfSecurityGroupIds?: pulumi.Input<string>[];
  /** VPN port. Default 1194. Must not collide with a listener of the server (validated by the stack config). */
  port?: number;
  /** `udp` (default) or `tcp`. */
  protocol?: VpnProtocol;
  /** Source CIDRs admitted on the VPN port (at least one). */
  allowedCidrs: string[];
  /** Tunnel addresses of the clients; disjoint from the VPC and every peer (validated by the stack config). */
  clientPool: string;
  /** An ARM (Graviton) instance type, for example `t4g.small`. */
  instanceType: string;
  /** Days a client certificate is valid when the issuing document is run without a value. Default 365. */
  certificateValidityDays?: number;
  /** The environment key: root volume, PKI bucket, log group. */
  kmsKeyArn: pulumi.Input<string>;
  /** Retention of the server's log group, in days. */
  logRetentionDays: number;
  /** Mark the PKI bucket and the Elastic IP `protect` (a new CA or address breaks every client). Default false. */
  protect?: boolean;
  /** Where the alarms notify (SNS topic ARNs). Default: nowhere (observability wires them). */
  alarmActions?: pulumi.Input<string>[];
  /**
   * Roles (ARNs or `aws:PrincipalArn` patterns) besides the server's that may read issued profiles
   * (`clients/*`, which hold private keys): the roles that issue them (on-call) and break-glass. Every
   * other principal is denied, whatever its own policies allow. Default: none.
   */
  profileReaders?: pulumi.Input<string>[];
}

/**
 * The operators' OpenVPN server, the only instance in a public subnet: an Auto Scaling group of one across
 * the public subnets (a failed instance is replaced), booting the current Amazon Linux 2023 for ARM with
 * IMDSv2 required, a root volume encrypted with the environment key and no key pair (Session Manager
 * instead). The launch template gives no public IP: at boot the instance associates the environment's
 * fixed Elastic IP, with a role that may associate that allocation only. Its security group admits the
 * VPN port from the configured CIDRs and nothing else. The PKI lives in a versioned KMS-encrypted bucket
 * so a replacement keeps the CA; issued profiles (with their private keys) are readable only by the server
 * and the `profileReaders`. Two SSM documents issue and revoke client certificates; the operators' managed
 * policy (`<baseName>-vpn-operators`, which on-call holds) may run them and fetch the profiles. Alarms fire
 * when OpenVPN is down, the instance fails its status checks or the group has no instance in service.
 */
export class VpnServer extends pulumi.ComponentResource {
  /** `<baseName>-vpn`: the instance's name and the dimension of its health metric. */
  readonly serverName: string;
  readonly publicIp: pulumi.Output<string>;
  readonly port: number;
  readonly protocol: VpnProtocol;
  readonly clientPool: string;
  readonly securityGroup: aws.ec2.SecurityGroup;
  readonly pkiBucket: SecureBucket;
  /** ARN pattern of the issued profiles (`<bucket>/clients/*`): private keys, readable by the profile readers only. */
  readonly profilesArn: pulumi.Output<string>;
  readonly launchTemplate: aws.ec2.LaunchTemplate;
  readonly autoScalingGroup: aws.autoscaling.Group;
  /**
   * The operators' customer managed policy (`<baseName>-vpn-operators`, path `/platform/`): run the issue and
   * revoke documents on the server and fetch profiles. People hold it through a role or permission set.
   */
  readonly operatorsPolicy: aws.iam.Policy;
  readonly issueDocument: aws.ssm.Document;
  readonly revokeDocument: aws.ssm.Document;
  readonly logGroup: aws.cloudwatch.LogGroup;
  readonly alarms: aws.cloudwatch.MetricAlarm[];

  constructor(name: string, args: VpnServerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:access:VpnServer", name, {}, opts);
    const parent = { parent: this };
    this.port = args.port ?? 1194;
    this.protocol = args.protocol ?? "udp";
    this.clientPool = args.clientPool;
    if (args.allowedCidrs.length === 0) {
      throw new Error("VpnServer needs at least one allowed source CIDR");
    }
    const serverName = physicalName([args.baseName, "vpn"], 64);
    this.serverName = serverName;
    const arn = (service: string, resource: pulumi.Input<string>): pulumi.Output<string> =>
      pulumi.interpolate`arn:aws:${service}:${args.region}:${args.accountId}:${resource}`;

    // The PKI: CA, server key, tls-crypt key, CRL and the CA database; client profiles under clients/.
    // The instance role (its permissions come below, once the resources they name exist).
    const role = new aws.iam.Role(
      `${name}-role`,
      {
        description: `OpenVPN server ${serverName}`,
        assumeRolePolicy: policyJson([
          { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
        ]),
      },
      parent,
    );
    this.pkiBucket = new SecureBucket(
      `${name}-pki`,
      {
        kmsKeyArn: args.kmsKeyArn,
        noncurrentVersionExpirationDays: 365,
        protect: args.protect ?? false,
        // The CA key is under pki/: nobody but the server (and the documents it runs) touches it. Issued
        // profiles under clients/ hold private keys: only the server and the profile readers read them.
        policyStatements: (bucketArn) => [
          pkiOnlyForServer(bucketArn, role.arn),
          profilesOnlyForReaders(bucketArn, [role.arn, ...(args.profileReaders ?? [])]),
        ],
      },
      parent,
    );

    // From the bucket's name, known during preview (as the bucket policy does).
    this.profilesArn = pulumi.interpolate`arn:aws:s3:::${this.pkiBucket.bucketName}/clients/*`;

    const eip = new aws.ec2.Eip(
      `${name}-eip`,
      { domain: "vpc", tags: { Name: serverName } },
      { parent: this, protect: args.protect ?? false },
    );
    this.publicIp = eip.publicIp;

    // Security group: the VPN port from the allowed CIDRs; out to the VPC (client traffic) and HTTPS
    // (packages, Session Manager, S3, CloudWatch).
    this.securityGroup = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      {
        vpcId: args.vpcId,
        description: `OpenVPN server: ${this.protocol}/${this.port} from allowed CIDRs only`,
      },
      parent,
    );
    args.allowedCidrs.forEach(
      (cidrIpv4, i) =>
        new aws.vpc.SecurityGroupIngressRule(
          `${name}-vpn-${i}`,
          {
            securityGroupId: this.securityGroup.id,
            cidrIpv4,
            ipProtocol: this.protocol,
            fromPort: this.port,
            toPort: this.port,
            description: `OpenVPN from ${cidrIpv4}`,
          },
          parent,
        ),
    );
    new aws.vpc.SecurityGroupEgressRule(
      `${name}-to-vpc`,
      {
        securityGroupId: this.securityGroup.id,
        cidrIpv4: args.vpcCidr,
        ipProtocol: "-1",
        description: "Client traffic into the VPC, DNS, the ec2 endpoint",
      },
      parent,
    );
    new aws.vpc.SecurityGroupEgressRule(
      `${name}-https-out`,
      {
        securityGroupId: this.securityGroup.id,
        cidrIpv4: "0.0.0.0/0",
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        description: "Packages, Session Manager, S3 and CloudWatch over HTTPS",
      },
      parent,
    );

    // Until it holds its address the instance has no way out of the VPC; the EC2 API is reached through
    // an interface endpoint (private DNS answers for the whole VPC, so it admits the whole VPC).
    const endpointSg = endpointSecurityGroup(
      `${name}-ec2-endpoint`,
      {
        vpcId: args.vpcId,
        vpcCidr: args.vpcCidr,
        description: "EC2 API endpoint: HTTPS from inside the VPC",
      },
      parent,
    );
    const ec2Endpoint = interfaceEndpoint(
      name,
      {
        vpcId: args.vpcId,
        region: args.region,
        service: "ec2",
        subnetIds: args.privateSubnetIds,
        securityGroupId: endpointSg.id,
      },
      parent,
    );

    this.logGroup = encryptedLogGroup(
      `${name}-logs`,
      {
        logGroupName: `/platform/${args.baseName}/vpn`,
        retentionInDays: args.logRetentionDays,
        kmsKeyArn: args.kmsKeyArn,
      },
      parent,
    );

    // The instance role: associate this one address, keep the PKI, ship logs and the health metric.
    const ssmCore = new aws.iam.RolePolicyAttachment(
      `${name}-ssm-core`,
      { role: role.name, policyArn: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore" },
      parent,
    );
    const rolePolicy = new aws.iam.RolePolicy(
      `${name}-role-policy`,
      {
        role: role.id,
        policy: policyJson(
          vpnInstanceStatements({
            allocationArn: pulumi.interpolate`arn:aws:ec2:${args.region}:${args.accountId}:elastic-ip/${eip.allocationId}`,
            instanceArns: [arn("ec2", "instance/*"), arn("ec2", "network-interface/*")],
            serverName,
            bucketArn: this.pkiBucket.arn,
            kmsKeyArn: args.kmsKeyArn,
            logGroupArn: this.logGroup.arn,
            region: args.region,
          }),
        ),
      },
      parent,
    );
    const profile = new aws.iam.InstanceProfile(`${name}-profile`, { role: role.name }, parent);

    const userData = pulumi
      .all([eip.allocationId, this.pkiBucket.bucketName, this.logGroup.name])
      .apply(([allocationId, pkiBucket, logGroupName]) =>
        Buffer.from(
          vpnUserData({
            region: args.region,
            allocationId,
            serverName,
            pkiBucket,
            logGroupName,
            port: this.port,
            protocol: this.protocol,
            clientPool: args.clientPool,
            vpcCidr: args.vpcCidr,
          }),
        ).toString("base64"),
      );
    const tags = { Name: serverName, [VPN_TAG]: serverName };
    this.launchTemplate = new aws.ec2.LaunchTemplate(
      name,
      {
        description: `OpenVPN server ${serverName}`,
        imageId: VPN_IMAGE_ID,
        instanceType: args.instanceType,
        iamInstanceProfile: { arn: profile.arn },
        metadataOptions: {
          httpEndpoint: "enabled",
          httpTokens: "required",
          httpPutResponseHopLimit: 1,
          instanceMetadataTags: "disabled",
        },
        blockDeviceMappings: [
          {
            deviceName: "/dev/xvda",
            ebs: {
              volumeSize: 10,
              volumeType: "gp3",
              encrypted: "true",
              kmsKeyId: args.kmsKeyArn,
              deleteOnTermination: "true",
            },
          },
        ],
        networkInterfaces: [
          {
            deviceIndex: 0,
            associatePublicIpAddress: "false",
            deleteOnTermination: "true",
            securityGroups: [this.securityGroup.id, ...(args.memberOfSecurityGroupIds ?? [])],
          },
        ],
        monitoring: { enabled: true },
        userData,
        updateDefaultVersion: true,
        tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({
          resourceType,
          tags,
        })),
      },
      parent,
    );

    this.autoScalingGroup = new aws.autoscaling.Group(
      name,
      {
        minSize: 1,
        maxSize: 1,
        desiredCapacity: 1,
        vpcZoneIdentifiers: args.publicSubnetIds,
        launchTemplate: {
          id: this.launchTemplate.id,
          version: this.launchTemplate.latestVersion.apply((v) => String(v)),
        },
        healthCheckType: "EC2",
        healthCheckGracePeriod: 300,
        enabledMetrics: ["GroupInServiceInstances"],
        metricsGranularity: "1Minute",
        // A new launch template version replaces the instance (there is only one: none stays healthy).
        instanceRefresh: { strategy: "Rolling", preferences: { minHealthyPercentage: 0 } },
        tags: [{ key: "Name", value: serverName, propagateAtLaunch: true }],
      },
      // The first boot calls the EC2 API through the endpoint with the role's permissions.
      { parent: this, dependsOn: [ec2Endpoint, rolePolicy, ssmCore, this.pkiBucket.policy] },
    );

    // Issuing and revoking client certificates: SSM documents that run on the server.
    const documentContent = (description: string, script: string, extra: Record<string, unknown>): string =>
      JSON.stringify({
        schemaVersion: "2.2",
        description,
        parameters: {
          ClientName: {
            type: "String",
            description: "Client (operator) name: the certificate's CN and the profile's file name",
            allowedPattern: CLIENT_NAME_PATTERN,
          },
          ...extra,
        },
        mainSteps: [
          {
            action: "aws:runShellScript",
            name: "run",
            precondition: { StringEquals: ["platformType", "Linux"] },
            inputs: { runCommand: script.split("\n"), timeoutSeconds: "300" },
          },
        ],
      });
    this.issueDocument = new aws.ssm.Document(
      `${name}-issue-client`,
      {
        documentType: "Command",
        documentFormat: "JSON",
        // On-call's permission set (written by the organization) runs documents tagged so, on this server.
        tags: { [VPN_TAG]: serverName },
        content: pulumi.all([this.pkiBucket.bucketName, eip.publicIp]).apply(([pkiBucket, publicIp]) =>
          documentContent(
            `Issue an OpenVPN client certificate; the profile lands in s3://${pkiBucket}/clients/`,
            issueClientScript({ pkiBucket, publicIp, port: this.port, protocol: this.protocol }),
            {
              ValidityDays: {
                type: "String",
                description: "Days the certificate is valid",
                default: String(args.certificateValidityDays ?? 365),
                allowedPattern: "^[1-9][0-9]{0,3}$",
              },
            },
          ),
        ),
      },
      parent,
    );
    this.revokeDocument = new aws.ssm.Document(
      `${name}-revoke-client`,
      {
        documentType: "Command",
        documentFormat: "JSON",
        tags: { [VPN_TAG]: serverName },
        content: this.pkiBucket.bucketName.apply((pkiBucket) =>
          documentContent(
            "Revoke an OpenVPN client certificate, publish the CRL and end its session",
            revokeClientScript({ pkiBucket }),
            {},
          ),
        ),
      },
      parent,
    );

    // The operators' permissions, as a managed policy that on-call's role or permission set holds (people
    // sign in through those; the program creates no IAM user).
    this.operatorsPolicy = new aws.iam.Policy(
      `${name}-operators`,
      {
        name: physicalName([args.baseName, "vpn-operators"], 128),
        path: "/platform/",
        description: `Issue and revoke client certificates of ${serverName} and fetch the profiles`,
        policy: policyJson(
          vpnOperatorStatements({
            documentArns: [this.issueDocument, this.revokeDocument].map((d) =>
              arn("ssm", pulumi.interpolate`document/${d.name}`),
            ),
            instanceArn: arn("ec2", "instance/*"),
            serverName,
            bucketArn: this.pkiBucket.arn,
            kmsKeyArn: args.kmsKeyArn,
            region: args.region,
          }),
        ),
      },
      parent,
    );

    // Runbook entries: vpn-down, vpn-status-check and vpn-no-instance in docs/runbooks/alarms.md.
    this.alarms = createAlarms(
      this,
      name,
      vpnAlarms(serverName, { AutoScalingGroupName: this.autoScalingGroup.name }),
      args.alarmActions,
    );

    this.registerOutputs({
      publicIp: this.publicIp,
      port: this.port,
      protocol: this.protocol,
      clientPool: this.clientPool,
      securityGroupId: this.securityGroup.id,
      pkiBucketName: this.pkiBucket.bucketName,
      autoScalingGroupName: this.autoScalingGroup.name,
      operatorsPolicyName: this.operatorsPolicy.name,
      issueDocumentName: this.issueDocument.name,
      revokeDocumentName: this.revokeDocument.name,
      logGroupName: this.logGroup.name,
    });
  }
}
