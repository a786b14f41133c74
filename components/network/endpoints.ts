/**
 * Interface VPC endpoints, built one way for the network's shared endpoints and for the VPN server's own:
 * private DNS on, in the given (private) subnets, behind a security group that admits HTTPS from the whole
 * VPC (private DNS answers for every address of the VPC).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** A security group `<prefix>-sg` that admits HTTPS from the VPC's CIDR (rule `<prefix>-https`). */
export function endpointSecurityGroup(
  prefix: string,
  args: { vpcId: pulumi.Input<string>; vpcCidr: string; description: string },
  opts: pulumi.CustomResourceOptions,
): aws.ec2.SecurityGroup {
  const sg = new aws.ec2.SecurityGroup(
    `${prefix}-sg`,
    { vpcId: args.vpcId, description: args.description },
    opts,
  );
  new aws.vpc.SecurityGroupIngressRule(
    `${prefix}-https`,
    {
      securityGroupId: sg.id,
      cidrIpv4: args.vpcCidr,
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      description: "HTTPS from the VPC",
    },
    opts,
  );
  return sg;
}

/** The interface endpoint `<prefix>-<service with dashes>-endpoint` of an AWS service in the Region. */
export function interfaceEndpoint(
  prefix: string,
  args: {
    vpcId: pulumi.Input<string>;
    region: string;
    /** The service part of `com.amazonaws.<region>.<service>`, such as `ec2` or `ecr.api`. */
    service: string;
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    securityGroupId: pulumi.Input<string>;
  },
  opts: pulumi.CustomResourceOptions,
): aws.ec2.VpcEndpoint {
  return new aws.ec2.VpcEndpoint(
    `${prefix}-${args.service.replace(/\./g, "-")}-endpoint`,
    {
      vpcId: args.vpcId,
      serviceName: `com.amazonaws.${args.region}.${args.service}`,
      vpcEndpointType: "Interface",
      privateDnsEnabled: true,
      subnetIds: args.subnetIds,
      securityGroupIds: [args.securityGroupId],
    },
    opts,
  );
}
