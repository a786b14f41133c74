/**
 * Assembles one environment from components, in request-flow order. Environments differ only by the
 * config they pass in: nothing here looks at the stack name.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AppTeamAccess } from "../components/access/appTeams";
import { CiIdentity } from "../components/access/ciIdentity";
import { Guardrails } from "../components/access/guardrails";
import { Patching } from "../components/access/patching";
import { accessRolePrincipalArn, BreakGlass, PeopleAccess } from "../components/access/people";
import { EnvironmentKey } from "../components/accounts/environmentKey";
import { MemberAccount } from "../components/accounts/memberAccount";
import { appTeamBlock } from "../components/compute/priorities";
import { SecurityBaseline } from "../components/accounts/securityBaseline";
import { Network } from "../components/network/network";
import { AlertTopic } from "../components/observability/alertTopic";
import { environmentTags } from "../components/shared/tags";
import { StackConfig } from "./config";
import { VpnServer } from "../components/access/vpnServer";
import { ConfluentCluster } from "../components/messaging/confluent";
import { MskCluster } from "../components/messaging/msk";
import { buildDataStores, dataOutputs, DataStores } from "./dataStores";
import { buildKafka, buildVpn, kafkaStackOutput, vpnStackOutput } from "./messaging";
import { CONTRACT_VERSION, PlatformStackOutputs } from "./outputs";
// Edge and compute (issue 4), service queues (issue 6, item 2).
import { buildEdge, EdgeEnvironment, edgeOutputs } from "./edge";
// Events (issue 11).
import { buildEvents, buildEventStores, EventsEnvironment, eventsOutputs } from "./events";
// Observability and operations (issue 8).
import {
  alarmWiring,
  allowedRegionsOf,
  buildObservability,
  Observability,
  observabilityOutputs,
} from "./observability";

export const PROJECT = "platform";

export interface Environment {
  readonly account: MemberAccount;
  readonly key: EnvironmentKey;
  readonly baseline: SecurityBaseline;
  readonly network: Network;
  readonly alerts: AlertTopic;
  readonly ci: CiIdentity;
  readonly appTeams: AppTeamAccess;
  readonly breakGlass: BreakGlass;
  readonly data: DataStores;
  /** Kafka and the operators' VPN: absent when the config asks for none. */
  readonly kafka?: MskCluster | ConfluentCluster;
  readonly vpn?: VpnServer;
  /** DNS, certificates, public ALB and WAF, identity, internal ALB, ECS cluster, services and their queues. */
  readonly edge: EdgeEnvironment;
  /** DynamoDB tables, the event bus and its rules, Lambda functions (issue 11). */
  readonly events: EventsEnvironment;
  /** The dashboard and the backup plan (each component holds its own alarms). */
  readonly observability: Observability;
}

export function buildEnvironment(config: StackConfig): Environment {
  const baseName = `${config.namePrefix}-${config.env}`;

  // Organization-level calls use the stack's own credentials (management account or delegated admin),
  // through an explicit provider: nothing in this program uses a default provider.
  const management = new aws.Provider("management", {
    region: config.region as aws.Region,
    assumeRoles: config.managementRoleArn
      ? [{ roleArn: config.managementRoleArn, sessionName: `pulumi-${PROJECT}-${config.env}` }]
      : [],
  });

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
      assumeAccessRole: config.assumeAccessRole,
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

  // Access model: the alert topic, CI's identity, break-glass, app teams, guardrails, patching (people's
  // access follows the VPN, whose operators' policy on-call holds).
  const alerts = new AlertTopic(
    "alerts",
    {
      accountId: account.accountId,
      kmsKeyArn: key.arn,
      emails: config.alertEmails,
      // Observability (issue 8): the chat or paging tool, from a secret.
      webhookUrl: config.alertWebhookUrl === undefined ? undefined : pulumi.secret(config.alertWebhookUrl),
    },
    inAccount,
  );
  // Observability (issue 8): every alarm of every component below notifies the alert topic, with the
  // thresholds of the stack's tier. This is the one place that wires them.
  const alarms = alarmWiring(config, alerts.arn);
  // The VPN (built further down) tells CI's preview role which objects it may never read: issued profiles.
  const [vpnProfiles, resolveVpnProfiles] = pulumi.deferredOutput<string[]>();
  const ci = new CiIdentity(
    "ci",
    {
      repository: config.githubRepository,
      environment: config.env,
      accountId: account.accountId,
      namePrefix: baseName,
      previewDeniedObjectArns: vpnProfiles,
    },
    inAccount,
  );
  // People's roles are built after the VPN, whose operators' policy on-call holds.
  const people = {
    mode: config.peopleAccess,
    environment: config.env,
    namePrefix: baseName,
    accountId: account.accountId,
  };
  const breakGlass = new BreakGlass(
    "break-glass",
    {
      namePrefix: baseName,
      accountId: account.accountId,
      region: config.region,
      securityAccountId: config.securityAccountId,
      alertTopicArn: alerts.arn,
    },
    inAccount,
  );
  const appTeams = new AppTeamAccess(
    "app-teams",
    {
      teams: config.appTeams,
      environment: config.env,
      accountId: account.accountId,
      region: config.region,
      namePrefix: baseName,
      githubProviderArn: ci.provider.arn,
    },
    inAccount,
  );
  new Guardrails(
    "guardrails",
    {
      namePrefix: baseName,
      accountId: account.accountId,
      organizationalUnitId: config.account.organizationalUnitId,
      // Observability (issue 8): by default also the region the backups are copied to.
      allowedRegions: allowedRegionsOf(config),
      accessRole: config.account.accessRole,
      kmsKeyArn: key.arn,
      protect: config.protectStatefulResources,
      managementProvider: management,
    },
    inAccount,
  );
  new Patching("patching", { accountId: account.accountId }, inAccount);

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
      alarmActions: alarms.alarmActions,
    },
    inAccount,
  );

  // Events (issue 11), first the stores: DynamoDB tables and the event bus, which services are granted.
  const eventStores = buildEventStores(
    config,
    { accountId: account.accountId, kmsKeyArn: key.arn, alarms },
    inAccount,
  );

  // Edge and compute, in request-flow order: DNS, public ALB + WAF, identity, internal ALB, partner API,
  // ECS cluster, services (gateway first) and their queues. See stacks/edge.ts.
  const edge = buildEdge(
    config,
    { accountId: account.accountId, kmsKeyArn: key.arn, network, eventStores, alarms },
    inAccount,
  );

  // Data stores: static content, Postgres, MongoDB Atlas, cache, file storage, search. See stacks/dataStores.ts.
  const data = buildDataStores(config, {
    accountId: account.accountId,
    provider: account.provider,
    kmsKeyArn: key.arn,
    network,
    publicZoneId: edge.dns.publicZoneId,
    accessLogBucket: edge.accessLogs.bucketName,
    alarms,
  });

  // Messaging and operator access: Kafka (MSK or Confluent Cloud), then the operators' VPN.
  // Issued VPN profiles hold private keys: only on-call (who issues them) and break-glass read them.
  const vpnProfileReaders = [accessRolePrincipalArn(people, "oncall"), breakGlass.roleArn];
  const messaging = { baseName, account, network, kmsKeyArn: key.arn, inAccount, alarms, vpnProfileReaders };
  const kafka = buildKafka(config, messaging);
  const vpn = buildVpn(config, messaging);
  resolveVpnProfiles(vpn === undefined ? pulumi.output([]) : vpn.profilesArn.apply((arn) => [arn]));

  // People: administrators, developers, on-call (who also holds the VPN operators' policy) and auditors.
  new PeopleAccess(
    "people",
    {
      ...people,
      sessionDurationHours: config.sessionDurationHours,
      groups: config.accessGroups,
      identityCenter:
        config.identityCenterInstanceArn && config.identityStoreId
          ? { instanceArn: config.identityCenterInstanceArn, identityStoreId: config.identityStoreId }
          : undefined,
      securityAccountId: config.securityAccountId,
      managementProvider: management,
      oncallPolicies: vpn === undefined ? [] : [vpn.operatorsPolicy],
    },
    inAccount,
  );

  // Events (issue 11), then functions and the rules that route events to the services' queues and to
  // functions. See stacks/events.ts.
  const events = buildEvents(
    config,
    {
      accountId: account.accountId,
      kmsKeyArn: key.arn,
      network,
      services: edge.services,
      stores: eventStores,
      alarms,
    },
    inAccount,
  );

  // Observability and operations: the dashboard of the request path and the backups of the stateful
  // stores. See stacks/observability.ts.
  const observability = buildObservability(
    config,
    {
      accountId: account.accountId,
      kmsKeyArn: key.arn,
      alertTopicArn: alerts.arn,
      network,
      edge,
      data,
      kafka,
      vpn,
      events,
      // The DynamoDB tables are stateful stores too.
      backupResources: Object.values(events.tables).map((t) => t.arn),
    },
    inAccount,
  );

  return {
    account,
    key,
    baseline,
    network,
    alerts,
    ci,
    appTeams,
    breakGlass,
    edge,
    data,
    kafka,
    vpn,
    events,
    observability,
  };
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
    alertTopicArn: env.alerts.arn,
    ciRoleArns: pulumi.output({ preview: env.ci.previewRole.arn, deploy: env.ci.deployRole.arn }),
    appTeams: pulumi.output(
      Object.fromEntries(
        config.appTeams.map((t) => [
          t.name,
          {
            roleArn: env.appTeams.roleArns[t.name],
            listenerPriorityBlock: appTeamBlock(t.name, t.listenerPriorityBlock),
            permissionsBoundaryArn: env.appTeams.boundaries[t.name].arn,
          },
        ]),
      ),
    ),
    servicesSecurityGroupId: env.network.servicesSecurityGroup.id,
    accessLogBucket: env.edge.accessLogs.bucketName,
    breakGlassRoleArn: env.breakGlass.roleArn,
    data: dataOutputs(env.data),
    kafka: kafkaStackOutput(env.kafka),
    vpn: vpnStackOutput(env.vpn),
    events: eventsOutputs(env.events),
    ...edgeOutputs(env.edge),
    // Observability and operations (issue 8).
    observability: observabilityOutputs(env.observability, env.edge),
  };
}
