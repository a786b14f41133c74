/**
 * The request path of an environment and the services' queues, in request-flow order: DNS and certificates, the public ALB with WAF, identity, the internal ALB, the
 * optional partner API, the ECS cluster, and the services (the gateway first). stacks/environment.ts
 * calls {@link buildEdge} in one block; {@link edgeOutputs} is the matching part of the stack outputs.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { Cluster } from "../components/compute/cluster";
import { Service, ServiceListener } from "../components/compute/service";
import { resolveServices } from "../components/compute/serviceSpec";
import { AccessLogBucket } from "../components/edge/accessLogs";
import { Dns, ParentZone } from "../components/edge/dns";
import { Identity } from "../components/edge/identity";
import { InternalLoadBalancer } from "../components/edge/internalAlb";
import { PartnerApi } from "../components/edge/partnerApi";
import { PublicLoadBalancer } from "../components/edge/publicAlb";
import { Network } from "../components/network/network";
import { RESERVED_ENV_PREFIX } from "../components/shared/naming";
import { physicalName } from "../components/shared/naming";
import { StackConfig } from "./config";
import { EnvironmentContext } from "./context";
// The tables, bus and rules a service is wired to.
import { EventStores, serviceEventAccess, ServiceEventConfig } from "./events";
import { EdgeOutputs, ServiceOutputs } from "./outputs";

export interface EdgeEnvironment {
  readonly dns: Dns;
  readonly accessLogs: AccessLogBucket;
  readonly publicLoadBalancer: PublicLoadBalancer;
  readonly identity: Identity;
  readonly internalLoadBalancer: InternalLoadBalancer;
  readonly partnerApi?: PartnerApi;
  readonly cluster: Cluster;
  /** Services by name, the gateway (ingress `public`) first. */
  readonly services: Record<string, Service>;
}

/** What the request path reads of the stack config (and what the services' event access reads). */
export type EdgeConfig = ServiceEventConfig &
  Pick<
    StackConfig,
    | "env"
    | "tier"
    | "region"
    | "domain"
    | "publicHostedZone"
    | "organization"
    | "assumeAccessRole"
    | "protectStatefulResources"
    | "logRetentionDays"
    | "albDeletionProtection"
    | "wafRateLimit"
    | "partnerApi"
    | "partnerApiRateLimit"
    | "partnerApiBurstLimit"
    | "fargateBaseTasks"
    | "fargateSpotPercent"
    | "defaultMinTasks"
    | "ecsExec"
    | "bootstrap"
  >;

/** The environment's shared things (alarms: of the load balancers, WAF, services and queues), and the network. */
export interface EdgeOptions extends EnvironmentContext {
  readonly network: Network;
  /** The tables and the bus the services may be granted. */
  readonly eventStores: EventStores;
}

/** Label of the partner API's name under the domain. */
export const PARTNER_API_LABEL = "partners";

/**
 * The most services an environment builds in one go. The SDK registers a resource only when the program
 * yields; until then each resource holds a chain of pending promises per property (about 150 KB, several times
 * what it keeps once registered). A thousand services (26,000 resources) built in one go hold them all at
 * once, past the heap's limit, and the plan spends its time collecting garbage. Beyond this many services,
 * the program lets the SDK register each service before it builds the next. Up to it, the environment is
 * built in one go, as before: the engine receives its registrations in the same order.
 */
export const SERVICES_BUILT_AT_ONCE = 25;

/** Lets the SDK register what the program has built so far (its promise chains run before this resolves). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function buildEdge(config: EdgeConfig, options: EdgeOptions): Promise<EdgeEnvironment> {
  const { baseName, network, inAccount: opts } = options;
  const protect = config.protectStatefulResources;

  const dns = new Dns(
    "dns",
    {
      domain: config.domain,
      publicZone: config.publicHostedZone,
      vpcId: network.vpcId,
      protect,
      delegation: parentZone(config),
    },
    opts,
  );
  const accessLogs = new AccessLogBucket(
    "alb-logs",
    { region: config.region, accountId: options.accountId, retentionDays: config.logRetentionDays, protect },
    opts,
  );
  const publicLoadBalancer = new PublicLoadBalancer(
    "public",
    {
      vpcId: network.vpcId,
      subnetIds: network.publicSubnetIds,
      certificateArn: dns.publicCertificateArn,
      zoneId: dns.publicZoneId,
      hostname: config.domain,
      accessLogBucket: accessLogs.bucketName,
      accessLogPolicy: accessLogs.policy,
      deletionProtection: config.albDeletionProtection,
      wafRateLimit: config.wafRateLimit,
      wafLogGroupName: physicalName(["aws-waf-logs", baseName], 512),
      kmsKeyArn: options.kmsKeyArn,
      logRetentionDays: config.logRetentionDays,
      ...options.alarms,
    },
    opts,
  );
  const partnerHostname = `${PARTNER_API_LABEL}.${config.domain}`;
  const identity = new Identity(
    "identity",
    { region: config.region, domain: config.domain, partnerApi: config.partnerApi, partnerHostname, protect },
    opts,
  );
  const internalLoadBalancer = new InternalLoadBalancer(
    "internal",
    {
      vpcId: network.vpcId,
      subnetIds: network.privateSubnetIds,
      certificateArn: dns.internalCertificateArn,
      zoneId: dns.privateZoneId,
      hostname: dns.internalDomain,
      clientSecurityGroupIds: [network.servicesSecurityGroup.id],
      accessLogBucket: accessLogs.bucketName,
      accessLogPolicy: accessLogs.policy,
      deletionProtection: config.albDeletionProtection,
      loadBalancerName: `${baseName}-internal`,
      ...options.alarms,
    },
    opts,
  );
  const partnerApi = config.partnerApi
    ? new PartnerApi(
        "partners",
        {
          vpcId: network.vpcId,
          subnetIds: network.privateSubnetIds,
          internalListenerArn: internalLoadBalancer.httpsListenerArn,
          internalSecurityGroupId: internalLoadBalancer.securityGroupId,
          internalHostname: internalLoadBalancer.hostname,
          issuerUrl: identity.issuerUrl,
          audience: identity.partnerClientId!,
          scope: identity.partnerScope!,
          rateLimit: config.partnerApiRateLimit,
          burstLimit: config.partnerApiBurstLimit,
          hostname: partnerHostname,
          certificateArn: dns.publicCertificateArn,
          zoneId: dns.publicZoneId,
          kmsKeyArn: options.kmsKeyArn,
          logRetentionDays: config.logRetentionDays,
        },
        opts,
      )
    : undefined;
  const cluster = new Cluster(
    "cluster",
    {
      kmsKeyArn: options.kmsKeyArn,
      logRetentionDays: config.logRetentionDays,
      fargateBaseTasks: config.fargateBaseTasks,
      fargateSpotPercent: config.fargateSpotPercent,
      // The account's first cluster races the ECS service-linked role unless it waits for it.
      prerequisites: options.linkedRoles.for("ecs.amazonaws.com"),
    },
    opts,
  );

  const specs = resolveServices(config.services, {
    minTasks: config.defaultMinTasks,
    haGateway: config.tier !== "dev",
    registry: config.organization.registry,
  });
  const listeners: Record<"public" | "internal", ServiceListener> = {
    public: {
      listenerArn: publicLoadBalancer.httpsListenerArn,
      securityGroupId: publicLoadBalancer.securityGroupId,
      loadBalancerArnSuffix: publicLoadBalancer.arnSuffix,
    },
    internal: {
      listenerArn: internalLoadBalancer.httpsListenerArn,
      securityGroupId: internalLoadBalancer.securityGroupId,
      loadBalancerArnSuffix: internalLoadBalancer.arnSuffix,
    },
  };
  const env = (name: string): string => `${RESERVED_ENV_PREFIX}${name}`;
  const common: Record<string, pulumi.Input<string>> = {
    [env("ENVIRONMENT")]: config.env,
    [env("INTERNAL_URL")]: internalLoadBalancer.url,
    [env("OIDC_ISSUER")]: identity.issuerUrl,
    [env("OIDC_JWKS_URL")]: identity.jwksUrl,
  };
  const gateway: Record<string, pulumi.Input<string>> = {
    [env("UPSTREAM_URL")]: internalLoadBalancer.url,
    [env("PUBLIC_URL")]: publicLoadBalancer.url,
    [env("OIDC_CLIENT_ID")]: identity.gatewayClientId,
    [env("OIDC_AUTH_URL")]: identity.authDomainUrl,
  };
  const services: Record<string, Service> = {};
  const ordered = [
    ...specs.filter((s) => s.ingress === "public"),
    ...specs.filter((s) => s.ingress !== "public"),
  ];
  for (const [i, spec] of ordered.entries()) {
    if (i > 0 && ordered.length > SERVICES_BUILT_AT_ONCE) {
      await settle();
    }
    const api = spec.modes.includes("api");
    services[spec.name] = new Service(
      spec.name,
      {
        spec,
        baseName,
        region: config.region,
        accountId: options.accountId,
        clusterArn: cluster.arn,
        clusterName: cluster.clusterName,
        capacityProviderStrategy: cluster.strategy,
        capacityProviders: cluster.capacityProviders,
        vpcId: network.vpcId,
        subnetIds: network.privateSubnetIds,
        servicesSecurityGroupId: network.servicesSecurityGroup.id,
        kmsKeyArn: options.kmsKeyArn,
        logRetentionDays: config.logRetentionDays,
        ecsExec: config.ecsExec,
        execLogGroupArn: cluster.execLogGroup.arn,
        listener: api ? listeners[spec.ingress] : undefined,
        platformEnvironment: spec.ingress === "public" && api ? { ...common, ...gateway } : common,
        protect,
        bootstrap: config.bootstrap,
        events: serviceEventAccess(config, spec.name, {
          baseName,
          accountId: options.accountId,
          stores: options.eventStores,
        }),
        ...options.alarms,
      },
      opts,
    );
  }

  return {
    dns,
    accessLogs,
    publicLoadBalancer,
    identity,
    internalLoadBalancer,
    partnerApi,
    cluster,
    services,
  };
}

/**
 * The parent zone of a created public zone, through a provider that assumes the environment's delegation
 * role in the shared-services account (and refuses to act in any other). The role trusts only the
 * environment's deploy and access roles, so the provider first becomes the access role when the stack runs
 * with management credentials (`assumeAccessRole`), then the delegation role (a role chain). Undefined for
 * an adopted zone, which is delegated already.
 */
export function parentZone(
  config: Pick<EdgeConfig, "env" | "region" | "publicHostedZone" | "organization" | "assumeAccessRole">,
): ParentZone | undefined {
  const zoneId = config.organization.dns?.parentZoneId;
  const environment = config.organization.environments[config.env];
  const roleArn = environment?.dnsDelegationRoleArn;
  if (config.publicHostedZone !== "create" || zoneId === undefined || roleArn === undefined) {
    return undefined;
  }
  const sessionName = `pulumi-platform-${config.env}-dns`;
  const accessRoleArn = `arn:aws:iam::${environment.accountId}:role/${config.organization.accessRole}`;
  // Route 53 is global; the provider's region only places its calls.
  const provider = new aws.Provider("dns-parent", {
    region: config.region as aws.Region,
    allowedAccountIds: [roleArn.split(":")[4]],
    assumeRoles: [
      ...(config.assumeAccessRole ? [{ roleArn: accessRoleArn, sessionName }] : []),
      { roleArn, sessionName },
    ],
  });
  return { zoneId, provider };
}

/** The edge's part of the stack outputs. */
export function edgeOutputs(edge: EdgeEnvironment): {
  [K in keyof EdgeOutputs]: pulumi.Input<EdgeOutputs[K]>;
} {
  const services: Record<string, pulumi.Input<ServiceOutputs>> = {};
  for (const [name, s] of Object.entries(edge.services)) {
    services[name] = pulumi.output({
      repositoryUrl: s.repositoryUrl,
      logGroupName: s.logGroup.name,
      taskRoleArn: s.taskRole.arn,
      taskDefinitionFamilies: pulumi.output(
        Object.fromEntries(Object.entries(s.taskDefinitions).map(([mode, td]) => [mode, td.family])),
      ),
      ecsServiceNames: pulumi.output(
        Object.fromEntries(Object.entries(s.services).map(([mode, svc]) => [mode, svc.name])),
      ),
      queueUrls: pulumi.output(
        Object.fromEntries(Object.entries(s.queues).map(([q, queue]) => [q, queue.url])),
      ),
      deadLetterQueueUrls: pulumi.output(
        Object.fromEntries(Object.entries(s.queues).map(([q, queue]) => [q, queue.deadLetterUrl!])),
      ),
    });
  }
  const partner = edge.partnerApi;
  const partnerOutputs =
    partner === undefined
      ? {}
      : {
          partnerApi: pulumi.output({
            url: partner.url,
            tokenUrl: edge.identity.tokenUrl,
            clientId: edge.identity.partnerClientId!,
            scope: edge.identity.partnerScope!,
          }),
          partnerApiClientSecret: edge.identity.partnerClientSecret!,
        };
  return {
    publicUrl: edge.publicLoadBalancer.url,
    internalUrl: edge.internalLoadBalancer.url,
    internalListenerArn: edge.internalLoadBalancer.httpsListenerArn,
    internalAlbSecurityGroupId: edge.internalLoadBalancer.securityGroupId,
    internalDomain: edge.dns.internalDomain,
    publicHostedZoneId: edge.dns.publicZoneId,
    privateHostedZoneId: edge.dns.privateZoneId,
    nameServers: edge.dns.nameServers,
    clusterName: edge.cluster.clusterName,
    clusterArn: edge.cluster.arn,
    identity: pulumi.output({
      userPoolId: edge.identity.userPoolId,
      issuerUrl: edge.identity.issuerUrl,
      jwksUrl: edge.identity.jwksUrl,
      gatewayClientId: edge.identity.gatewayClientId,
      authDomainUrl: edge.identity.authDomainUrl,
    }),
    ...partnerOutputs,
    services: pulumi.output(services),
  };
}
