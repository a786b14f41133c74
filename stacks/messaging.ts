/**
 * Messaging and operator access of an environment: the Kafka the config chooses (Amazon MSK,
 * Confluent Cloud, or none) and the operators' OpenVPN server. stacks/environment.ts calls these in
 * request-flow order; stacks/outputs.ts exports what they return.
 */
import * as aws from "@pulumi/aws";
import * as confluentcloud from "@pulumi/confluentcloud";
import * as pulumi from "@pulumi/pulumi";

import { VpnServer } from "../components/access/vpnServer";
import { Service } from "../components/compute/service";
import { ConfluentCluster } from "../components/messaging/confluent";
import { KafkaOutputs, kafkaOutputs } from "../components/messaging/kafka";
import { MskCluster } from "../components/messaging/msk";
import { Network } from "../components/network/network";
import { StackConfig } from "./config";
import { EnvironmentContext } from "./context";
import { VpnOutputs } from "./outputs";

/** What Kafka reads of the stack config. */
export type KafkaConfig = Pick<
  StackConfig,
  | "region"
  | "kafkaProvider"
  | "kafkaTopics"
  | "kafkaClients"
  | "mskMode"
  | "mskKafkaVersion"
  | "mskInstanceType"
  | "mskBrokerCount"
  | "mskVolumeGiB"
  | "mskMaxVolumeGiB"
  | "confluentClusterType"
  | "confluentCku"
  | "confluentNetworkCidr"
  | "logRetentionDays"
  | "protectStatefulResources"
>;

/** The environment's shared things (alarms: of MSK), and the network. */
export interface KafkaOptions extends EnvironmentContext {
  readonly network: Network;
}

/** What the VPN server reads of the stack config. */
export type VpnConfig = Pick<
  StackConfig,
  | "region"
  | "vpn"
  | "vpnPort"
  | "vpnProtocol"
  | "vpnAllowedCidrs"
  | "vpnClientPool"
  | "vpnInstanceType"
  | "logRetentionDays"
  | "protectStatefulResources"
>;

/** The environment's shared things (alarms: of the VPN server), the network and who reads issued profiles. */
export interface VpnOptions extends EnvironmentContext {
  readonly network: Network;
  /** Roles (ARN patterns) that may read issued VPN profiles besides the server: on-call and break-glass. */
  readonly profileReaders: pulumi.Input<string>[];
}

/**
 * The Confluent Cloud provider. Its credentials come from the provider's own config
 * (`pulumi config set --secret confluentcloud:cloudApiKey ...`, `confluentcloud:cloudApiSecret`) or,
 * when those are unset, from the environment (CONFLUENT_CLOUD_API_KEY, CONFLUENT_CLOUD_API_SECRET),
 * which the provider reads itself. Never from platform config.
 */
export function confluentProvider(): confluentcloud.Provider {
  const own = new pulumi.Config("confluentcloud");
  return new confluentcloud.Provider("confluent", {
    cloudApiKey: own.getSecret("cloudApiKey"),
    cloudApiSecret: own.getSecret("cloudApiSecret"),
  });
}

/**
 * The platform's own services that are Kafka clients (a declared client named like the service) get the
 * client's policy on their task role: MSK IAM grants on exactly its topics and groups, or (SCRAM,
 * Confluent) the read of its credentials secret. Without it a service connects with nothing.
 */
export function grantKafkaClients(
  kafka: MskCluster | ConfluentCluster | undefined,
  services: Readonly<Record<string, Service>>,
): aws.iam.RolePolicyAttachment[] {
  if (kafka === undefined) {
    return [];
  }
  return Object.entries(services).flatMap(([name, service]) => {
    const client = kafka.clients[name];
    return client === undefined
      ? []
      : [
          new aws.iam.RolePolicyAttachment(
            `${name}-kafka-client`,
            { role: service.taskRole.name, policyArn: client.policyArn },
            { parent: service },
          ),
        ];
  });
}

/** The environment's Kafka, or undefined when `kafkaProvider` is `none`. */
export function buildKafka(
  config: KafkaConfig,
  options: KafkaOptions,
): MskCluster | ConfluentCluster | undefined {
  const { network } = options;
  if (config.kafkaProvider === "msk") {
    return new MskCluster(
      "kafka",
      {
        baseName: options.baseName,
        mode: config.mskMode,
        kafkaVersion: config.mskKafkaVersion,
        instanceType: config.mskInstanceType,
        brokerCount: config.mskBrokerCount,
        volumeGiB: config.mskVolumeGiB,
        maxVolumeGiB: config.mskMaxVolumeGiB,
        topics: config.kafkaTopics,
        clients: config.kafkaClients,
        vpcId: network.vpcId,
        subnetIds: network.privateSubnetIds,
        servicesSecurityGroupId: network.servicesSecurityGroup.id,
        kmsKeyArn: options.kmsKeyArn,
        region: config.region,
        logRetentionDays: config.logRetentionDays,
        protect: config.protectStatefulResources,
        alarmActions: options.alarms?.alarmActions,
      },
      options.inAccount,
    );
  }
  if (config.kafkaProvider === "confluent") {
    return new ConfluentCluster(
      "kafka",
      {
        baseName: options.baseName,
        clusterType: config.confluentClusterType,
        cku: config.confluentCku,
        region: config.region,
        networkCidr: config.confluentClusterType === "dedicated" ? config.confluentNetworkCidr : undefined,
        accountId: options.accountId,
        vpcId: network.vpcId,
        vpcCidr: network.vpcCidr,
        privateRouteTableIds: network.tiers.private.routeTables.map((rt) => rt.id),
        topics: config.kafkaTopics,
        clients: config.kafkaClients,
        kmsKeyArn: options.kmsKeyArn,
        protect: config.protectStatefulResources,
      },
      { ...options.inAccount, providers: [options.provider, confluentProvider()] },
    );
  }
  return undefined;
}

/** The operators' VPN server, or undefined when `vpn` is off. */
export function buildVpn(config: VpnConfig, options: VpnOptions): VpnServer | undefined {
  if (!config.vpn) {
    return undefined;
  }
  return new VpnServer(
    "vpn",
    {
      baseName: options.baseName,
      accountId: options.accountId,
      region: config.region,
      vpcId: options.network.vpcId,
      vpcCidr: options.network.vpcCidr,
      publicSubnetIds: options.network.publicSubnetIds,
      privateSubnetIds: options.network.privateSubnetIds,
      memberOfSecurityGroupIds: [options.network.servicesSecurityGroup.id],
      port: config.vpnPort,
      protocol: config.vpnProtocol,
      allowedCidrs: config.vpnAllowedCidrs,
      clientPool: config.vpnClientPool,
      instanceType: config.vpnInstanceType,
      kmsKeyArn: options.kmsKeyArn,
      logRetentionDays: config.logRetentionDays,
      protect: config.protectStatefulResources,
      alarmActions: options.alarms?.alarmActions,
      profileReaders: options.profileReaders,
    },
    options.inAccount,
  );
}

/** The `kafka` stack output: the same shape for MSK and Confluent, null without Kafka. */
export function kafkaStackOutput(
  kafka: MskCluster | ConfluentCluster | undefined,
): pulumi.Output<KafkaOutputs | null> {
  return kafka === undefined ? pulumi.output(null) : kafkaOutputs(kafka);
}

/** The `vpn` stack output, null without a VPN. */
export function vpnStackOutput(vpn: VpnServer | undefined): pulumi.Output<VpnOutputs | null> {
  if (vpn === undefined) {
    return pulumi.output(null);
  }
  return pulumi.output({
    publicIp: vpn.publicIp,
    port: vpn.port,
    protocol: vpn.protocol,
    clientPool: vpn.clientPool,
    // The field keeps its name; it has named the operators' managed policy since people stopped being IAM users.
    operatorsGroup: vpn.operatorsPolicy.name,
    issueDocument: vpn.issueDocument.name,
    revokeDocument: vpn.revokeDocument.name,
    profilesBucket: vpn.pkiBucket.bucketName,
  });
}
