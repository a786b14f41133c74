/**
 * Assembles one environment from components, in request-flow order. Environments differ only by the
 * config they pass in: nothing here looks at the stack name.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EnvironmentKey } from "../components/accounts/environmentKey";
import { MemberAccount } from "../components/accounts/memberAccount";
import { SecurityBaseline } from "../components/accounts/securityBaseline";
import { Network } from "../components/network/network";
import { environmentTags } from "../components/tags";
import { StackConfig } from "./config";
// Messaging and operator access (issue 6)
import { VpnServer } from "../components/access/vpnServer";
import { ConfluentCluster } from "../components/messaging/confluent";
import { MskCluster } from "../components/messaging/msk";
import { buildKafka, buildVpn, kafkaStackOutput, vpnStackOutput } from "./messaging";
import { CONTRACT_VERSION, PlatformStackOutputs } from "./outputs";

export const PROJECT = "platform";

export interface Environment {
  readonly account: MemberAccount;
  readonly key: EnvironmentKey;
  readonly baseline: SecurityBaseline;
  readonly network: Network;
  // Messaging and operator access (issue 6): absent when the config asks for none.
  readonly kafka?: MskCluster | ConfluentCluster;
  readonly vpn?: VpnServer;
}

export function buildEnvironment(config: StackConfig): Environment {
  const baseName = `${config.namePrefix}-${config.env}`;

  // Organization-level calls use the stack's own credentials (management account or delegated admin),
  // through an explicit provider: nothing in this program uses a default provider.
  const management = new aws.Provider("management", { region: config.region as aws.Region });

  const account = new MemberAccount(
    "account",
    {
      account: config.account,
      region: config.region,
      defaultTags: environmentTags({
        project: PROJECT,
        env: config.env,
        owner: config.owner,
        costCentre: config.costCentre,
      }),
      sessionName: `pulumi-${PROJECT}-${config.env}`,
    },
    { providers: [management] },
  );
  // Everything below is built inside the member account.
  const inAccount: pulumi.ComponentResourceOptions = { providers: [account.provider] };

  const key = new EnvironmentKey(
    "key",
    {
      accountId: account.accountId,
      region: config.region,
      alias: baseName,
      deletionWindowInDays: config.kmsDeletionWindowDays,
      protect: config.protectStatefulResources,
    },
    inAccount,
  );

  const baseline = new SecurityBaseline(
    "baseline",
    {
      baseName,
      accountId: account.accountId,
      region: config.region,
      kmsKeyArn: key.arn,
      trailRetentionDays: config.trailRetentionDays,
      budgetMonthlyUsd: config.budgetMonthlyUsd,
      alertEmails: config.alertEmails,
      protect: config.protectStatefulResources,
    },
    inAccount,
  );

  const network = new Network(
    "network",
    {
      vpcCidr: config.vpcCidr,
      azCount: config.azCount,
      natGateways: config.natGateways,
      interfaceEndpoints: config.interfaceEndpoints,
      region: config.region,
      accountId: account.accountId,
      kmsKeyArn: key.arn,
      logRetentionDays: config.logRetentionDays,
    },
    inAccount,
  );

  // -------------------------------------------------------------------------------------------------
  // Messaging and operator access (issue 6): Kafka (MSK or Confluent Cloud), then the operators' VPN.
  const messaging = { baseName, account, network, kmsKeyArn: key.arn, inAccount };
  const kafka = buildKafka(config, messaging);
  const vpn = buildVpn(config, messaging);

  return { account, key, baseline, network, kafka, vpn };
}

/** The stack outputs of an environment: the contract app teams read. */
export function environmentOutputs(config: StackConfig, env: Environment): PlatformStackOutputs {
  return {
    contractVersion: CONTRACT_VERSION,
    accountId: env.account.accountId,
    region: config.region,
    environment: config.env,
    vpcId: env.network.vpcId,
    vpcCidr: env.network.vpcCidr,
    availabilityZones: env.network.availabilityZones,
    subnetIds: pulumi.output({
      public: env.network.publicSubnetIds,
      private: env.network.privateSubnetIds,
      data: env.network.dataSubnetIds,
    }),
    kmsKeyArn: env.key.arn,
    // Messaging and operator access (issue 6)
    kafka: kafkaStackOutput(env.kafka),
    vpn: vpnStackOutput(env.vpn),
  };
}
