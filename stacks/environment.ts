/**
 * Assembles one environment from components, in request-flow order. Environments differ only by the
 * config they pass in: nothing here looks at the stack name.
 *
 * The builders of stacks/ (access, edge, dataStores, messaging, events, observability) share one
 * convention: `buildX(config, options)`, where `config` is the slice of the stack config the builder reads
 * (a `Pick<StackConfig, ...>` named for its domain, such as `EdgeConfig`) and `options` is one typed object:
 * the {@link EnvironmentContext} built here once (base name, member account and its provider, key, alarm
 * wiring) extended with what earlier builders made that it uses (network, event stores, services, ...).
 * The environment's base name `<namePrefix>-<env>` comes from {@link environmentBaseName} alone.
 * Builders are called, and register their resources, in the order below.
 */
import * as pulumi from "@pulumi/pulumi";

import { AppTeamAccess } from "../components/access/appTeams";
import { CiIdentity } from "../components/access/ciIdentity";
import { BreakGlass } from "../components/access/people";
import { VpnServer } from "../components/access/vpnServer";
import { EnvironmentKey } from "../components/accounts/environmentKey";
import { MemberAccount } from "../components/accounts/memberAccount";
import { SecurityBaseline } from "../components/accounts/securityBaseline";
import { LinkedService, ServiceLinkedRoles } from "../components/accounts/serviceLinkedRoles";
import { appTeamBlock } from "../components/compute/priorities";
import { ConfluentCluster } from "../components/messaging/confluent";
import { MskCluster } from "../components/messaging/msk";
import { Network } from "../components/network/network";
import { AlertTopic } from "../components/observability/alertTopic";
import { environmentTags } from "../components/shared/tags";
import { buildAccess, buildPeopleAccess, vpnProfileReaders } from "./access";
import { environmentBaseName, StackConfig } from "./config";
import { availabilityZoneIds } from "./config/network";
import { EnvironmentContext } from "./context";
import { buildDataStores, dataOutputs, DataStores } from "./dataStores";
import { buildEdge, EdgeEnvironment, edgeOutputs } from "./edge";
import { buildEvents, buildEventStores, EventsEnvironment, eventsOutputs } from "./events";
import { buildKafka, buildVpn, grantKafkaClients, kafkaStackOutput, vpnStackOutput } from "./messaging";
import { alarmWiring, buildObservability, Observability, observabilityOutputs } from "./observability";
import { CONTRACT_VERSION, PlatformStackOutputs } from "./outputs";

export const PROJECT = "platform";

export interface Environment {
  readonly account: MemberAccount;
  readonly key: EnvironmentKey;
  readonly baseline: SecurityBaseline;
  /** The service-linked roles the environment's services need before their first resource. */
  readonly linkedRoles: ServiceLinkedRoles;
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
  /** DynamoDB tables, the event bus and its rules, Lambda functions. */
  readonly events: EventsEnvironment;
  /** The dashboard and the backup plan (each component holds its own alarms). */
  readonly observability: Observability;
}

export async function buildEnvironment(config: StackConfig): Promise<Environment> {
  const baseName = environmentBaseName(config.namePrefix, config.env);

  // The account the organization program placed the environment in (config.account, from its outputs).
  const account = new MemberAccount("account", {
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
  });
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
      execSessions: config.ecsExec,
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
      logRetentionDays: config.logRetentionDays,
      budgetMonthlyUsd: config.budgetMonthlyUsd,
      alertEmails: config.alertEmails,
      protect: config.protectStatefulResources,
      guardDutyByOrganization: config.organization.managedInMembers.guardDuty,
    },
    inAccount,
  );

  // The service-linked roles the first cluster and the search domain need (see the component's header).
  const linkedRoles = new ServiceLinkedRoles(
    "service-roles",
    { services: linkedServices(config) },
    inAccount,
  );

  // The alert topic, then the access model: CI's identity, break-glass, app teams, guardrails, patching
  // (people's access follows the VPN, whose operators' policy on-call holds).
  const alerts = new AlertTopic(
    "alerts",
    {
      accountId: account.accountId,
      kmsKeyArn: key.arn,
      emails: config.alertEmails,
      // The chat or paging tool, from a secret.
      webhookUrl: config.alertWebhookUrl === undefined ? undefined : pulumi.secret(config.alertWebhookUrl),
    },
    inAccount,
  );
  // Every alarm of every component below notifies the alert topic, with the thresholds of the stack's
  // tier. This is the one place that wires them.
  const alarms = alarmWiring(config, alerts.arn);
  const context: EnvironmentContext = {
    baseName,
    accountId: account.accountId,
    provider: account.provider,
    inAccount,
    kmsKeyArn: key.arn,
    alarms,
    linkedRoles,
  };
  // Break-glass and root activity alarm from the trail's log group, which logRetentionDays above creates.
  const trailLogGroup = baseline.trailLogGroup;
  if (trailLogGroup === undefined) {
    throw new Error("the environment's trail has no log group for the break-glass alarms to watch");
  }
  // The VPN (built further down) tells CI's preview role which objects it may never read: issued profiles.
  const [vpnProfiles, resolveVpnProfiles] = pulumi.deferredOutput<string[]>();
  const access = buildAccess(config, {
    ...context,
    alertTopicArn: alerts.arn,
    trailLogGroupName: trailLogGroup.name,
    previewDeniedObjectArns: vpnProfiles,
  });

  const network = new Network(
    "network",
    {
      vpcCidr: config.vpcCidr,
      availabilityZoneIds: availabilityZoneIds(config),
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

  // Events, first the stores: DynamoDB tables and the event bus, which services are granted.
  const eventStores = buildEventStores(config, context);

  // Edge and compute, in request-flow order: DNS, public ALB + WAF, identity, internal ALB, partner API,
  // ECS cluster, services (gateway first) and their queues. See stacks/edge.ts.
  const edge = await buildEdge(config, { ...context, network, eventStores });

  // Data stores: static content, Postgres, MongoDB Atlas, cache, file storage, search. See stacks/dataStores.ts.
  const data = buildDataStores(config, {
    ...context,
    network,
    publicZoneId: edge.dns.publicZoneId,
    zoneDelegation: edge.dns.delegation,
    accessLogBucket: edge.accessLogs.bucketName,
  });

  // Messaging and operator access: Kafka (MSK or Confluent Cloud), then the operators' VPN.
  const kafka = buildKafka(config, { ...context, network });
  grantKafkaClients(kafka, edge.services);
  const vpn = buildVpn(config, { ...context, network, profileReaders: vpnProfileReaders(access) });
  resolveVpnProfiles(vpn === undefined ? pulumi.output([]) : vpn.profilesArn.apply((arn) => [arn]));

  // People: administrators, developers, on-call (who also holds the VPN operators' policy) and auditors,
  // as roles in the account; with Identity Center the organization holds their permission sets instead.
  buildPeopleAccess(config, {
    ...context,
    people: access.people,
    oncallPolicies: vpn === undefined ? [] : [vpn.operatorsPolicy],
  });

  // Events, then functions and the rules that route events to the services' queues and to functions.
  // See stacks/events.ts.
  const events = buildEvents(config, { ...context, network, services: edge.services, stores: eventStores });

  // Observability and operations: the dashboard of the request path and the backups of the stateful
  // stores. See stacks/observability.ts.
  const observability = buildObservability(config, {
    ...context,
    alertTopicArn: alerts.arn,
    network,
    edge,
    data,
    kafka,
    vpn,
    events,
    // The DynamoDB tables are stateful stores too.
    backupResources: Object.values(events.tables).map((t) => t.arn),
  });

  return {
    account,
    key,
    baseline,
    linkedRoles,
    network,
    alerts,
    ci: access.ci,
    appTeams: access.appTeams,
    breakGlass: access.breakGlass,
    edge,
    data,
    kafka,
    vpn,
    events,
    observability,
  };
}

/** The services whose service-linked role the environment creates: ECS always, OpenSearch with search. */
export function linkedServices(config: Pick<StackConfig, "searchEnabled">): LinkedService[] {
  return ["ecs.amazonaws.com", ...(config.searchEnabled ? ["opensearchservice.amazonaws.com" as const] : [])];
}

/** What the stack outputs read of the stack config. */
export type OutputsConfig = Pick<StackConfig, "region" | "env" | "appTeams">;

/** The stack outputs of an environment: the contract app teams read. */
export function environmentOutputs(config: OutputsConfig, env: Environment): PlatformStackOutputs {
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
            paths: t.paths ?? [],
            hosts: t.hosts ?? [],
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
    observability: observabilityOutputs(env.observability, env.edge),
  };
}
