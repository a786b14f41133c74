/**
 * Messaging and operator access of an environment (issue 6): the Kafka the config chooses (Amazon MSK,
 * Confluent Cloud, or none) and the operators' OpenVPN server. stacks/environment.ts calls these in
 * request-flow order; stacks/outputs.ts exports what they return.
 */
import * as confluentcloud from "@pulumi/confluentcloud";
import * as pulumi from "@pulumi/pulumi";
import { VpnServer } from "../components/access/vpnServer";
import { MemberAccount } from "../components/accounts/memberAccount";
import { ConfluentCluster } from "../components/messaging/confluent";
import { kafkaOutputs, KafkaOutputs } from "../components/messaging/kafka";
import { MskCluster } from "../components/messaging/msk";
import { Network } from "../components/network/network";
import { AlarmWiring } from "../components/shared/alarms";
import { StackConfig } from "./config";
import { VpnOutputs } from "./outputs";

export interface MessagingDeps {
  /** `<namePrefix>-<env>`. */
  baseName: string;
  account: MemberAccount;
  network: Network;
  /** The environment key's ARN. */
  kmsKeyArn: pulumi.Input<string>;
  /** Options that build inside the member account. */
  inAccount: pulumi.ComponentResourceOptions;
  /** Observability (issue 8): where the alarms of MSK and the VPN server go. */
  alarms?: AlarmWiring;
  /** Roles (ARN patterns) that may read issued VPN profiles besides the server: on-call and break-glass. */
  vpnProfileReaders?: pulumi.Input<string>[];
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

/** The environment's Kafka, or undefined when `kafkaProvider` is `none`. */
export function buildKafka(
  config: StackConfig,
  deps: MessagingDeps,
): MskCluster | ConfluentCluster | undefined {
  const { network } = deps;
  if (config.kafkaProvider === "msk") {
    return new MskCluster(
      "kafka",
      {
        baseName: deps.baseName,
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
        kmsKeyArn: deps.kmsKeyArn,
        region: config.region,
        logRetentionDays: config.logRetentionDays,
        protect: config.protectStatefulResources,
        alarmActions: deps.alarms?.alarmActions,
      },
      deps.inAccount,
    );
  }
  if (config.kafkaProvider === "confluent") {
    return new ConfluentCluster(
      "kafka",
      {
        baseName: deps.baseName,
        clusterType: config.confluentClusterType,
        cku: config.confluentCku,
        region: config.region,
        networkCidr: config.confluentClusterType === "dedicated" ? config.confluentNetworkCidr : undefined,
        accountId: deps.account.accountId,
        vpcId: network.vpcId,
        vpcCidr: network.vpcCidr,
        privateRouteTableIds: network.tiers.private.routeTables.map((rt) => rt.id),
        topics: config.kafkaTopics,
        clients: config.kafkaClients,
        kmsKeyArn: deps.kmsKeyArn,
        protect: config.protectStatefulResources,
      },
      { ...deps.inAccount, providers: [deps.account.provider, confluentProvider()] },
    );
  }
  return undefined;
}

/** The operators' VPN server, or undefined when `vpn` is off. */
export function buildVpn(config: StackConfig, deps: MessagingDeps): VpnServer | undefined {
  if (!config.vpn) {
    return undefined;
  }
  return new VpnServer(
    "vpn",
    {
      baseName: deps.baseName,
      accountId: deps.account.accountId,
      region: config.region,
      vpcId: deps.network.vpcId,
      vpcCidr: deps.network.vpcCidr,
      publicSubnetIds: deps.network.publicSubnetIds,
      privateSubnetIds: deps.network.privateSubnetIds,
      memberOfSecurityGroupIds: [deps.network.servicesSecurityGroup.id],
      port: config.vpnPort,
      protocol: config.vpnProtocol,
      allowedCidrs: config.vpnAllowedCidrs,
      clientPool: config.vpnClientPool,
      instanceType: config.vpnInstanceType,
      kmsKeyArn: deps.kmsKeyArn,
      logRetentionDays: config.logRetentionDays,
      protect: config.protectStatefulResources,
      alarmActions: deps.alarms?.alarmActions,
      profileReaders: deps.vpnProfileReaders,
    },
    deps.inAccount,
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
