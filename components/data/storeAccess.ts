/**
 * What every store shares: its own security group that admits one port from the services only, and the
 * IAM statements a service needs to read a store's secret. Stores export their own grant helpers built
 * on these.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface StoreSecurityGroupArgs {
  vpcId: pulumi.Input<string>;
  /** What the group protects, shown in the console. */
  description: string;
  /** The port clients connect to. */
  port: number;
  /** Groups whose members may connect (the services' group). Never CIDR blocks. */
  clientSecurityGroupIds: pulumi.Input<string>[];
}

/**
 * A store's security group: no egress (a store never initiates connections), and one ingress rule per
 * client group on the store's port. Returns the group; the rules are children of the same parent.
 */
export function storeSecurityGroup(
  name: string,
  args: StoreSecurityGroupArgs,
  opts: pulumi.CustomResourceOptions,
): aws.ec2.SecurityGroup {
  // No inline rules: the provider removes the default allow-all egress rule of a new group.
  const group = new aws.ec2.SecurityGroup(name, { vpcId: args.vpcId, description: args.description }, opts);
  args.clientSecurityGroupIds.forEach((client, i) =>
    admitFrom(`${name}-from-${i}`, group.id, client, args.port, opts),
  );
  return group;
}

/**
 * The security group rule helper for services: lets members of `clientSecurityGroupId` reach a store's
 * `port`. Use it for a workload that cannot join the services' group.
 */
export function admitFrom(
  name: string,
  storeSecurityGroupId: pulumi.Input<string>,
  clientSecurityGroupId: pulumi.Input<string>,
  port: number,
  opts: pulumi.CustomResourceOptions,
): aws.vpc.SecurityGroupIngressRule {
  return new aws.vpc.SecurityGroupIngressRule(
    name,
    {
      securityGroupId: storeSecurityGroupId,
      referencedSecurityGroupId: clientSecurityGroupId,
      ipProtocol: "tcp",
      fromPort: port,
      toPort: port,
      description: `Port ${port} from members of the client group`,
    },
    opts,
  );
}
