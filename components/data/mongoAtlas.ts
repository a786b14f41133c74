import * as aws from "@pulumi/aws";
import * as mongodbatlas from "@pulumi/mongodbatlas";
import * as pulumi from "@pulumi/pulumi";

import { physicalName } from "../shared/naming";
import { atlasRegionName } from "./catalog";

/** Electable nodes of the replica set (one per AZ of the Atlas region). */
export const ATLAS_ELECTABLE_NODES = 3;

export interface MongoAtlasArgs {
  /** Atlas organization the project is created in. */
  orgId: pulumi.Input<string>;
  /** Prefix of names (`platform-prod`): the Atlas project and cluster are named after it. */
  baseName: string;
  /** AWS region of the environment; the cluster and its peering container live in the same region. */
  region: string;
  accountId: pulumi.Input<string>;
  vpcId: pulumi.Input<string>;
  /** CIDR of the VPC: the peering's route table block and the project's only access list entry. */
  vpcCidr: string;
  /**
   * CIDR of the Atlas peering container (/21../24, RFC 1918, disjoint from the VPC and every other peer;
   * validated by the stack config). Atlas locks it once a dedicated cluster or a peering exists.
   */
  atlasCidr: string;
  /** Route tables of the private tier (the services); only these get a route to Atlas. */
  privateRouteTableIds: pulumi.Input<string>[];
  /** Atlas cluster tier (M10 or larger). */
  instanceSize: string;
  /** MongoDB major version, e.g. `8.0`. */
  mongoDbMajorVersion: string;
  /** Cloud backups with point-in-time restore. */
  backup: boolean;
  /** `protect` the project and cluster, and turn on Atlas termination protection. Default: false. */
  protect?: boolean;
}

export interface MongoIamUserArgs {
  projectId: pulumi.Input<string>;
  /** The cluster the user may reach (scope). */
  clusterName: pulumi.Input<string>;
  /** The service's IAM role: it authenticates with its AWS credentials (MONGODB-AWS), no password. */
  roleArn: pulumi.Input<string>;
  /** Database the role gets access to. */
  databaseName: string;
  /** `readWrite` (default) or `read`. */
  access?: "readWrite" | "read";
}

/**
 * The grant a service needs for MongoDB: an Atlas database user for its IAM role, scoped to the cluster
 * and one database. Create it with the Atlas provider (`{ provider }` or a parent that has it).
 */
export function mongoIamUser(
  name: string,
  args: MongoIamUserArgs,
  opts: pulumi.CustomResourceOptions,
): mongodbatlas.DatabaseUser {
  return new mongodbatlas.DatabaseUser(
    name,
    {
      projectId: args.projectId,
      authDatabaseName: "$external",
      awsIamType: "ROLE",
      username: args.roleArn,
      roles: [{ roleName: args.access ?? "readWrite", databaseName: args.databaseName }],
      scopes: [{ name: args.clusterName, type: "CLUSTER" }],
    },
    opts,
  );
}

/**
 * MongoDB Atlas, reachable only through VPC peering: a project in the organization, a peering container
 * with the configured Atlas CIDR, a peering connection to the environment's VPC accepted on the AWS side,
 * routes to the Atlas CIDR from the private route tables only, a project access list holding only the VPC
 * CIDR, and a dedicated replica-set cluster with TLS 1.2+, disk autoscaling, and cloud backups when asked.
 * Services authenticate with their IAM roles ({@link mongoIamUser}); no database passwords exist.
 *
 * Needs two providers: the member account's `aws` provider and a `mongodbatlas` provider.
 *
 * The Atlas CIDR is set on the container, never on the peering: the provider ignores `atlasCidrBlock` on
 * `NetworkPeering` (pulumi-mongodbatlas#128), and a cluster created before any container makes Atlas
 * create one with its default `192.168.248.0/21`. So the container is created explicitly, the cluster
 * depends on it, and routes take the CIDR from the container's own output.
 */
export class MongoAtlas extends pulumi.ComponentResource {
  readonly project: mongodbatlas.Project;
  readonly projectId: pulumi.Output<string>;
  readonly container: mongodbatlas.NetworkContainer;
  readonly peering: mongodbatlas.NetworkPeering;
  readonly cluster: mongodbatlas.AdvancedCluster;
  readonly clusterName: pulumi.Output<string>;
  /** `mongodb+srv://` connection string; resolves to private addresses inside the peered VPC. */
  readonly connectionString: pulumi.Output<string>;
  /** The block Atlas actually uses, as the container reports it. */
  readonly atlasCidr: pulumi.Output<string>;
  readonly peeringConnectionId: pulumi.Output<string>;

  constructor(name: string, args: MongoAtlasArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:data:MongoAtlas", name, {}, opts);
    const parent = { parent: this };
    const protect = args.protect ?? false;
    const atlasRegion = atlasRegionName(args.region);

    this.project = new mongodbatlas.Project(
      name,
      { orgId: args.orgId, name: physicalName([args.baseName], 64), withDefaultAlertsSettings: true },
      { parent: this, protect },
    );
    this.projectId = this.project.id;

    this.container = new mongodbatlas.NetworkContainer(
      `${name}-container`,
      {
        projectId: this.project.id,
        providerName: "AWS",
        regionName: atlasRegion,
        atlasCidrBlock: args.atlasCidr,
      },
      parent,
    );
    this.atlasCidr = this.container.atlasCidrBlock;

    this.peering = new mongodbatlas.NetworkPeering(
      `${name}-peering`,
      {
        projectId: this.project.id,
        containerId: this.container.containerId,
        providerName: "AWS",
        accepterRegionName: args.region,
        awsAccountId: args.accountId,
        vpcId: args.vpcId,
        routeTableCidrBlock: args.vpcCidr,
        // No atlasCidrBlock here: the provider ignores it (see the class comment); the container holds it.
      },
      parent,
    );
    const accepter = new aws.ec2.VpcPeeringConnectionAccepter(
      `${name}-peering-accept`,
      {
        vpcPeeringConnectionId: this.peering.connectionId,
        autoAccept: true,
        tags: { Name: `${args.baseName}-mongodb-atlas` },
      },
      parent,
    );
    this.peeringConnectionId = accepter.id;

    args.privateRouteTableIds.forEach(
      (routeTableId, i) =>
        new aws.ec2.Route(
          `${name}-route-private-${i}`,
          {
            routeTableId,
            destinationCidrBlock: this.container.atlasCidrBlock,
            vpcPeeringConnectionId: accepter.id,
          },
          parent,
        ),
    );

    new mongodbatlas.ProjectIpAccessList(
      `${name}-access-vpc`,
      { projectId: this.project.id, cidrBlock: args.vpcCidr, comment: "The environment's VPC, over peering" },
      { parent: this, dependsOn: [accepter] },
    );

    this.cluster = new mongodbatlas.AdvancedCluster(
      `${name}-cluster`,
      {
        projectId: this.project.id,
        name: physicalName([args.baseName], 64),
        clusterType: "REPLICASET",
        mongoDbMajorVersion: args.mongoDbMajorVersion,
        backupEnabled: args.backup,
        pitEnabled: args.backup,
        retainBackupsEnabled: args.backup,
        terminationProtectionEnabled: protect,
        // Disk autoscaling changes the size Atlas reports; effective fields keep that out of the diff.
        useEffectiveFields: true,
        replicationSpecs: [
          {
            regionConfigs: [
              {
                providerName: "AWS",
                regionName: atlasRegion,
                priority: 7,
                electableSpecs: { instanceSize: args.instanceSize, nodeCount: ATLAS_ELECTABLE_NODES },
                autoScaling: { diskGbEnabled: true },
              },
            ],
          },
        ],
        advancedConfiguration: { minimumEnabledTlsProtocol: "TLS1_2", javascriptEnabled: false },
      },
      // The container must exist first, or Atlas creates one with its default CIDR.
      { parent: this, protect, dependsOn: [this.container] },
    );
    this.clusterName = this.cluster.name;
    this.connectionString = this.cluster.connectionStrings.apply((c) => c?.standardSrv ?? "");

    this.registerOutputs({
      project: this.project,
      projectId: this.projectId,
      container: this.container,
      peering: this.peering,
      cluster: this.cluster,
      clusterName: this.clusterName,
      connectionString: this.connectionString,
      atlasCidr: this.atlasCidr,
      peeringConnectionId: this.peeringConnectionId,
    });
  }
}
