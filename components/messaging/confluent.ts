import * as aws from "@pulumi/aws";
import * as confluentcloud from "@pulumi/confluentcloud";
import * as pulumi from "@pulumi/pulumi";

import { Cidr, cidr, contains, overlaps, parseCidr } from "../network/cidr";
import { policyJson } from "../shared/policies";
import { secretReadStatements } from "../shared/policies";
import { KafkaClientAccess, KafkaClientSpec, KafkaConnection, KafkaTopicSpec, topicConfig } from "./kafka";

// ---------------------------------------------------------------------------------------------------
// Pure helpers: tested without mocks.

/** `basic` and `standard` are multi-tenant and reached over TLS; `dedicated` is peered with the VPC. */
export const CONFLUENT_CLUSTER_TYPES = ["basic", "standard", "dedicated"] as const;
export type ConfluentClusterType = (typeof CONFLUENT_CLUSTER_TYPES)[number];

/** Blocks Confluent Cloud reserves on AWS: neither its network nor a peered VPC may overlap them. */
export const CONFLUENT_RESERVED_CIDRS = [
  "10.100.0.0/16",
  "10.255.0.0/16",
  "172.17.0.0/16",
  "172.20.0.0/16",
  "172.31.0.0/16",
] as const;

/** Ranges a peered Confluent network's /16 may come from. */
export const CONFLUENT_NETWORK_RANGES = [
  "10.0.0.0/8",
  "100.64.0.0/10",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "198.18.0.0/15",
] as const;

/** A multi-zone dedicated cluster needs at least two CKUs. */
export const MIN_MULTI_ZONE_CKU = 2;

/** Availability of a cluster type: basic runs in one zone, the others across three. */
export function confluentAvailability(type: ConfluentClusterType): "SINGLE_ZONE" | "MULTI_ZONE" {
  return type === "basic" ? "SINGLE_ZONE" : "MULTI_ZONE";
}

/** The reserved Confluent block a CIDR overlaps, if any. */
export function confluentReservedOverlap(block: Cidr): string | undefined {
  return CONFLUENT_RESERVED_CIDRS.find((r) => overlaps(cidr(r), block));
}

/** What is wrong with a Confluent peering network CIDR: syntax, size, range, reserved blocks. */
export function confluentNetworkCidrProblems(text: string): string[] {
  const block = parseCidr(text);
  if (typeof block === "string") {
    return [block];
  }
  const problems: string[] = [];
  if (block.prefix !== 16) {
    problems.push(`got "${text}"; a Confluent peering network is a /16 (got /${block.prefix})`);
  }
  if (!CONFLUENT_NETWORK_RANGES.some((r) => contains(cidr(r), block))) {
    problems.push(`got "${text}"; must lie inside one of ${CONFLUENT_NETWORK_RANGES.join(", ")}`);
  }
  const reserved = confluentReservedOverlap(block);
  if (reserved !== undefined) {
    problems.push(
      `got "${text}"; overlaps ${reserved}, which Confluent Cloud reserves (avoid ${CONFLUENT_RESERVED_CIDRS.join(", ")})`,
    );
  }
  return problems;
}

/** One Kafka ACL, as Confluent takes it. */
export interface AclSpec {
  resourceType: "TOPIC" | "GROUP";
  resourceName: string;
  patternType: "LITERAL" | "PREFIXED";
  operation: "READ" | "WRITE";
}

/**
 * The ACLs of a client: READ on the topics it consumes and on its own consumer groups (`<client>` and
 * the prefix `<client>.`), WRITE on the topics it produces to. READ and WRITE imply DESCRIBE, and WRITE
 * implies idempotent writes. Nothing else: no cluster-wide or wildcard grant.
 */
export function confluentAcls(client: Pick<KafkaClientSpec, "name" | "read" | "write">): AclSpec[] {
  const acls: AclSpec[] = [];
  for (const topic of new Set(client.read)) {
    acls.push({ resourceType: "TOPIC", resourceName: topic, patternType: "LITERAL", operation: "READ" });
  }
  if (client.read.length > 0) {
    acls.push(
      { resourceType: "GROUP", resourceName: client.name, patternType: "LITERAL", operation: "READ" },
      { resourceType: "GROUP", resourceName: `${client.name}.`, patternType: "PREFIXED", operation: "READ" },
    );
  }
  for (const topic of new Set(client.write)) {
    acls.push({ resourceType: "TOPIC", resourceName: topic, patternType: "LITERAL", operation: "WRITE" });
  }
  return acls;
}

/** `SASL_SSL://host:9092` (as Confluent reports it) to `host:9092` (as clients take it). */
export function bootstrapHostPort(endpoint: string): string {
  return endpoint.replace(/^[A-Z_]+:\/\//, "");
}

// ---------------------------------------------------------------------------------------------------

export interface ConfluentClusterArgs {
  /** Prefix of display names (`<namePrefix>-<env>`): unique per environment within the Confluent organization. */
  baseName: string;
  /** `basic`, `standard` or `dedicated`. */
  clusterType: ConfluentClusterType;
  /** CKUs of a dedicated cluster (at least 2: dedicated clusters run in three zones). Ignored otherwise. */
  cku: number;
  /** AWS region of the environment; the cluster runs in the same region. */
  region: string;
  /**
   * Dedicated only: the Confluent network's /16, peered with the VPC and routed from the private subnets.
   * Must not overlap the VPC or any other claimed block (validated by the stack config).
   */
  networkCidr?: string;
  /** Member account that owns the VPC (the peering's accepter). */
  accountId: pulumi.Input<string>;
  vpcId: pulumi.Input<string>;
  /** The VPC's CIDR: the route Confluent adds on its side of the peering. */
  vpcCidr: string;
  /** Route tables of the private subnets: each gets a route to `networkCidr` (the data tier gets none). */
  privateRouteTableIds: pulumi.Input<string>[];
  /** Topics to create. */
  topics: readonly KafkaTopicSpec[];
  /** Clients: each gets a service account, an API key in Secrets Manager and ACLs on its topics. */
  clients: readonly KafkaClientSpec[];
  /** The environment key: encrypts the API key secrets. */
  kmsKeyArn: pulumi.Input<string>;
  /** Mark the environment, network, cluster and topics `protect`, and turn on deletion protection. */
  protect?: boolean;
}

/**
 * Confluent Cloud for one environment: a Confluent environment and a Kafka cluster (basic or standard,
 * reached over TLS; or dedicated, in a Confluent network peered with the VPC, the peering accepted on the
 * AWS side and routed from the private route tables only), the declared topics, and per client a service
 * account, an API key stored in Secrets Manager (environment key) and ACLs limited to its topics and
 * consumer groups. Topics and ACLs are managed with the API key of a manager service account that holds
 * CloudClusterAdmin on this cluster only.
 *
 * Pass a `confluentcloud.Provider` in `providers` (with the member account's AWS provider).
 */
export class ConfluentCluster extends pulumi.ComponentResource implements KafkaConnection {
  readonly provider = "confluent" as const;
  readonly authMode = "api-key" as const;
  readonly networkMode: "peering" | "public";
  readonly networkCidr?: string;
  readonly environment: confluentcloud.Environment;
  readonly cluster: confluentcloud.KafkaCluster;
  readonly network?: confluentcloud.Network;
  readonly peering?: confluentcloud.Peering;
  readonly peeringAccepter?: aws.ec2.VpcPeeringConnectionAccepter;
  /** Routes from the private route tables to the peered network (dedicated only). */
  readonly routes: aws.ec2.Route[] = [];
  readonly bootstrapServers: pulumi.Output<string>;
  readonly topics: confluentcloud.KafkaTopic[] = [];
  readonly clients: Readonly<Record<string, KafkaClientAccess>>;

  constructor(name: string, args: ConfluentClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:messaging:ConfluentCluster", name, {}, opts);
    const parent = { parent: this };
    const protect = args.protect ?? false;
    const dedicated = args.clusterType === "dedicated";
    if (dedicated && args.networkCidr === undefined) {
      throw new Error("a dedicated Confluent cluster needs networkCidr (its peering network)");
    }

    this.environment = new confluentcloud.Environment(
      `${name}-env`,
      { displayName: args.baseName, streamGovernance: { package: "ESSENTIALS" } },
      { parent: this, protect },
    );
    const environment = { id: this.environment.id };

    if (dedicated && args.networkCidr !== undefined) {
      const networkCidr = args.networkCidr;
      this.networkCidr = networkCidr;
      this.network = new confluentcloud.Network(
        `${name}-network`,
        {
          displayName: args.baseName,
          cloud: "AWS",
          region: args.region,
          connectionTypes: ["PEERING"],
          cidr: networkCidr,
          environment,
        },
        { parent: this, protect },
      );
      this.peering = new confluentcloud.Peering(
        `${name}-peering`,
        {
          displayName: args.baseName,
          aws: {
            account: args.accountId,
            vpc: args.vpcId,
            routes: [args.vpcCidr],
            customerRegion: args.region,
          },
          environment,
          network: { id: this.network.id },
        },
        parent,
      );
      // Confluent requests the peering from its VPC; find the request and accept it in the member account.
      const request = aws.ec2.getVpcPeeringConnectionOutput(
        {
          vpcId: this.network.aws.apply((a) => a[0].vpc),
          peerVpcId: pulumi.all([this.peering.id, args.vpcId]).apply(([, vpc]) => vpc),
        },
        parent,
      );
      this.peeringAccepter = new aws.ec2.VpcPeeringConnectionAccepter(
        `${name}-peering-accepter`,
        {
          vpcPeeringConnectionId: request.id,
          autoAccept: true,
          tags: { Name: `${args.baseName}-confluent` },
        },
        parent,
      );
      this.routes = args.privateRouteTableIds.map(
        (routeTableId, az) =>
          new aws.ec2.Route(
            `${name}-private-${az}-confluent`,
            {
              routeTableId,
              destinationCidrBlock: networkCidr,
              vpcPeeringConnectionId: this.peeringAccepter!.id,
            },
            parent,
          ),
      );
    }
    this.networkMode = dedicated ? "peering" : "public";

    this.cluster = new confluentcloud.KafkaCluster(
      name,
      {
        displayName: args.baseName,
        availability: confluentAvailability(args.clusterType),
        cloud: "AWS",
        region: args.region,
        environment,
        ...(args.clusterType === "basic" ? { basic: {} } : {}),
        ...(args.clusterType === "standard" ? { standard: {} } : {}),
        ...(dedicated ? { dedicated: { cku: args.cku } } : {}),
        ...(this.network ? { network: { id: this.network.id } } : {}),
        deletionProtection: protect,
      },
      { parent: this, protect },
    );
    this.bootstrapServers = this.cluster.bootstrapEndpoint.apply(bootstrapHostPort);
    const kafkaCluster = { id: this.cluster.id };
    const managedResource = {
      id: this.cluster.id,
      apiVersion: this.cluster.apiVersion,
      kind: this.cluster.kind,
      environment,
    };
    // The readiness check of a key calls the cluster's REST endpoint, which a peered cluster only
    // answers inside its network; the topics and ACLs below need that reach anyway (see README), so
    // they wait for the routes from the private subnets where the deployment runs.
    const disableWaitForReady = dedicated;
    const dataPlane = { parent: this, dependsOn: this.routes };

    // The manager: administers this cluster only; its key creates the topics and ACLs.
    const manager = new confluentcloud.ServiceAccount(
      `${name}-manager`,
      {
        displayName: `${args.baseName}-kafka-manager`,
        description: `Manages topics and ACLs of ${args.baseName}'s Kafka cluster (Pulumi)`,
      },
      parent,
    );
    const managerRole = new confluentcloud.RoleBinding(
      `${name}-manager-admin`,
      {
        principal: pulumi.interpolate`User:${manager.id}`,
        roleName: "CloudClusterAdmin",
        crnPattern: this.cluster.rbacCrn,
      },
      parent,
    );
    const managerKey = new confluentcloud.ApiKey(
      `${name}-manager-key`,
      {
        displayName: `${args.baseName}-kafka-manager`,
        description: "Kafka API key of the manager service account",
        owner: { id: manager.id, apiVersion: manager.apiVersion, kind: manager.kind },
        managedResource,
        disableWaitForReady,
      },
      { parent: this, dependsOn: [managerRole] },
    );
    const admin = {
      kafkaCluster,
      restEndpoint: this.cluster.restEndpoint,
      credentials: { key: managerKey.id, secret: managerKey.secret },
    };

    for (const topic of args.topics) {
      this.topics.push(
        new confluentcloud.KafkaTopic(
          `${name}-topic-${topic.name}`,
          {
            ...admin,
            topicName: topic.name,
            partitionsCount: topic.partitions,
            config: topicConfig(topic),
          },
          { ...dataPlane, protect },
        ),
      );
    }

    const region = args.region;
    const clients: Record<string, KafkaClientAccess> = {};
    for (const client of args.clients) {
      const account = new confluentcloud.ServiceAccount(
        `${name}-client-${client.name}`,
        {
          displayName: `${args.baseName}-${client.name}`,
          description: `Kafka client ${client.name} of ${args.baseName}`,
        },
        parent,
      );
      const key = new confluentcloud.ApiKey(
        `${name}-client-${client.name}`,
        {
          displayName: `${args.baseName}-${client.name}`,
          description: `Kafka API key of client ${client.name}`,
          owner: { id: account.id, apiVersion: account.apiVersion, kind: account.kind },
          managedResource,
          disableWaitForReady,
        },
        parent,
      );
      for (const acl of confluentAcls(client)) {
        const suffix = `${acl.operation.toLowerCase()}-${acl.resourceType.toLowerCase()}-${acl.resourceName}${acl.patternType === "PREFIXED" ? "prefix" : ""}`;
        new confluentcloud.KafkaAcl(
          `${name}-client-${client.name}-${suffix}`,
          {
            ...admin,
            resourceType: acl.resourceType,
            resourceName: acl.resourceName,
            patternType: acl.patternType,
            operation: acl.operation,
            permission: "ALLOW",
            principal: pulumi.interpolate`User:${account.id}`,
            host: "*",
          },
          dataPlane,
        );
      }
      const secret = new aws.secretsmanager.Secret(
        `${name}-client-${client.name}`,
        {
          namePrefix: `${args.baseName}-kafka-${client.name}-`,
          kmsKeyId: args.kmsKeyArn,
          description: `Confluent Cloud API key of Kafka client ${client.name}`,
        },
        parent,
      );
      new aws.secretsmanager.SecretVersion(
        `${name}-client-${client.name}`,
        {
          secretId: secret.id,
          secretString: pulumi
            .all([key.id, key.secret, this.bootstrapServers])
            .apply(([username, password, bootstrapServers]) =>
              JSON.stringify({ username, password, bootstrapServers }),
            ),
        },
        parent,
      );
      const policy = new aws.iam.Policy(
        `${name}-client-${client.name}`,
        {
          description: `Kafka client ${client.name}: read its Confluent API key`,
          policy: policyJson(secretReadStatements(secret.arn, args.kmsKeyArn, region)),
        },
        parent,
      );
      clients[client.name] = {
        saslMechanism: "PLAIN",
        bootstrapServers: this.bootstrapServers,
        secretArn: secret.arn,
        policyArn: policy.arn,
        read: [...client.read],
        write: [...client.write],
      };
    }
    this.clients = clients;

    this.registerOutputs({
      environmentId: this.environment.id,
      clusterId: this.cluster.id,
      bootstrapServers: this.bootstrapServers,
      networkId: this.network?.id,
      peeringConnectionId: this.peeringAccepter?.id,
      topicNames: args.topics.map((t) => t.name),
      clients: Object.fromEntries(
        Object.entries(clients).map(([k, c]) => [k, { policyArn: c.policyArn, secretArn: c.secretArn }]),
      ),
    });
  }
}
