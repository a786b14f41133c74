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
import { CONTRACT_VERSION, PlatformStackOutputs } from "./outputs";
// Edge and compute (issue 4), service queues (issue 6, item 2).
import { buildEdge, EdgeEnvironment, edgeOutputs } from "./edge";

export const PROJECT = "platform";

export interface Environment {
  readonly account: MemberAccount;
  readonly key: EnvironmentKey;
  readonly baseline: SecurityBaseline;
  readonly network: Network;
  // Edge and compute (issue 4), service queues (issue 6, item 2).
  readonly edge: EdgeEnvironment;
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

  // --- Edge and compute (issue 4), service queues (issue 6, item 2): DNS, public ALB + WAF, identity,
  // internal ALB, partner API, ECS cluster, services (gateway first). See stacks/edge.ts.
  const edge = buildEdge(config, { accountId: account.accountId, kmsKeyArn: key.arn, network }, inAccount);

  return { account, key, baseline, network, edge };
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
    // Edge and compute (issue 4), service queues (issue 6, item 2).
    ...edgeOutputs(env.edge),
  };
}
