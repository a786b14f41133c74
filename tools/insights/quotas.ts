/**
 * New-account quotas: for each service quota the plan's resources draw on, what the stack needs against
 * the quota a new member account starts with, and the Service Quotas request to run before the first
 * deploy for each one that falls short. Plus the new-account notes (verification) for the resources
 * the plan holds.
 *
 * Each quota's service code, quota code and default come from the service's AWS quota page, cited on
 * its entry; the quota codes are those of the Service Quotas console links on those pages.
 */
import { LAMBDA_CONCURRENCY, quotaIncreaseCommand } from "../../stacks/config/events";
import { numberIn } from "../catalog";
import { RecordedResource } from "../engine/mockEngine";
import { StackFiles } from "../engine/stackFiles";
import { QuotaId, QUOTAS, QuotaSpec } from "./quotasTable";

export { QUOTAS };
export type { QuotaId, QuotaSpec };

type Inputs = Record<string, unknown>;

/** Quotas the stack's config declares it has (after requesting them), by quota. */
export type DeclaredQuotas = Partial<Record<QuotaId, { key: string; value: number }>>;

export interface QuotaNeed {
  id: QuotaId;
  quota: QuotaSpec;
  /** The most the stack needs of it. */
  needs: number;
  /** How `needs` follows from the plan. */
  detail: string;
  /** What a new account has. */
  newAccountValue: number;
  /** The value the config declares the account will have been granted, if it does. */
  declared?: { key: string; value: number };
  /** True when a new account's quota cannot hold what the stack needs. */
  short: boolean;
  /** The request to run first, when short. */
  command?: string;
}

export interface NewAccountNote {
  id: "cloudfront-verification" | "ec2-pending-verification";
  text: string;
  /** Resources of the plan that the note is about. */
  resources: string[];
  docs: string[];
}

export interface QuotaReport {
  region: string;
  needs: QuotaNeed[];
  commands: string[];
  notes: NewAccountNote[];
}

// ---------------------------------------------------------------------------------------------------
// Reading the plan.

interface View {
  byUrn: Map<string, RecordedResource>;
  ofType(type: string): RecordedResource[];
  /** Resources one input of `r` refers to (through its property dependencies). */
  refs(r: RecordedResource, input: string, type?: string): RecordedResource[];
}

function view(resources: readonly RecordedResource[]): View {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  return {
    byUrn,
    ofType: (type) => resources.filter((r) => r.custom && r.type === type),
    refs: (r, input, type) =>
      (r.propertyDependencies[input] ?? [])
        .map((u) => byUrn.get(u))
        .filter((x): x is RecordedResource => !!x && (type === undefined || x.type === type)),
  };
}

const inputsOf = (r: RecordedResource): Inputs => r.inputs;

interface Strategy {
  capacityProvider: string;
  base: number;
  weight: number;
}

function strategiesOf(v: unknown): Strategy[] {
  return Array.isArray(v)
    ? v
        .filter((s): s is Inputs => typeof s === "object" && s !== null)
        .map((s) => ({
          capacityProvider: String(s.capacityProvider),
          base: numberIn(s.base) ?? 0,
          weight: numberIn(s.weight) ?? 0,
        }))
    : [];
}

/**
 * How ECS spreads `n` tasks over a capacity provider strategy: each provider's base first, the rest by
 * weight. ECS may place an odd task on either provider, so each share is rounded up (what a quota must
 * hold). No strategy: all on Fargate On-Demand (launch type FARGATE).
 */
export function splitTasks(n: number, strategies: readonly Strategy[]): { onDemand: number; spot: number } {
  if (strategies.length === 0) {
    return { onDemand: n, spot: 0 };
  }
  const share: Record<string, number> = {};
  let rest = n;
  for (const s of strategies) {
    const base = Math.min(s.base, rest);
    share[s.capacityProvider] = (share[s.capacityProvider] ?? 0) + base;
    rest -= base;
  }
  const total = strategies.reduce((sum, s) => sum + s.weight, 0);
  for (const s of strategies) {
    share[s.capacityProvider] += total === 0 ? 0 : Math.ceil((rest * s.weight) / total);
  }
  return { onDemand: share.FARGATE ?? 0, spot: share.FARGATE_SPOT ?? 0 };
}

interface FargateLoad {
  name: string;
  vcpu: number;
  min: number;
  max: number;
  /** Tasks while a rolling deployment at minimum scale runs (deploymentMaximumPercent). */
  deploying: number;
  strategies: Strategy[];
}

const vcpuOf = (taskDefinition: RecordedResource | undefined): number =>
  (numberIn(taskDefinition && inputsOf(taskDefinition).cpu) ?? 0) / 1024;

/** Every ECS service and scheduled ECS task: its task size, and its tasks at minimum and maximum scale. */
function fargateLoads(v: View): FargateLoad[] {
  const targets = v.ofType("aws:appautoscaling/target:Target");
  const services = v.ofType("aws:ecs/service:Service").map((s) => {
    const i = inputsOf(s);
    const target = targets.find((t) => v.refs(t, "resourceId").includes(s));
    const desired = numberIn(i.desiredCount) ?? 1;
    const min = (target && numberIn(inputsOf(target).minCapacity)) ?? desired;
    const max = (target && numberIn(inputsOf(target).maxCapacity)) ?? desired;
    return {
      name: s.name,
      vcpu: vcpuOf(v.refs(s, "taskDefinition")[0]),
      min,
      max,
      deploying: Math.ceil((min * (numberIn(i.deploymentMaximumPercent) ?? 200)) / 100),
      strategies: strategiesOf(i.capacityProviderStrategies),
    };
  });
  // A scheduled task (EventBridge Scheduler's ECS RunTask target) runs `count` tasks; in a preview its
  // input is unknown, and it runs with the cluster's default strategy.
  const clusterDefault = strategiesOf(
    v
      .ofType("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders")
      .map((c) => inputsOf(c).defaultCapacityProviderStrategies)[0],
  );
  const crons = v.ofType("aws:scheduler/schedule:Schedule").flatMap((s) => {
    const taskDefinition = v.refs(s, "target", "aws:ecs/taskDefinition:TaskDefinition")[0];
    if (!taskDefinition) {
      return [];
    }
    const input = (inputsOf(s).target as Inputs | undefined)?.input;
    let run: Inputs;
    try {
      run = typeof input === "string" ? (JSON.parse(input) as Inputs) : {};
    } catch {
      run = {}; // unknown in a preview
    }
    const count = numberIn(run.count) ?? 1;
    const strategies = strategiesOf(run.capacityProviderStrategy);
    return [
      {
        name: s.name,
        vcpu: vcpuOf(taskDefinition),
        min: count,
        max: count,
        deploying: count,
        strategies: strategies.length > 0 ? strategies : clusterDefault,
      },
    ];
  });
  return [...services, ...crons];
}

const round = (n: number): number => Math.round(n * 100) / 100;

function fargateNeeds(v: View): Array<{ id: QuotaId; needs: number; detail: string }> {
  const loads = fargateLoads(v);
  if (loads.length === 0) {
    return [];
  }
  const vcpus = (scale: "min" | "deploying" | "max", kind: "onDemand" | "spot"): number =>
    round(loads.reduce((sum, l) => sum + splitTasks(l[scale], l.strategies)[kind] * l.vcpu, 0));
  return (["onDemand", "spot"] as const).flatMap((kind) => {
    const [min, deploying, max] = (["min", "deploying", "max"] as const).map((s) => vcpus(s, kind));
    if (max === 0 && deploying === 0) {
      return [];
    }
    return [
      {
        id: kind === "onDemand" ? ("fargateOnDemandVcpu" as const) : ("fargateSpotVcpu" as const),
        needs: Math.ceil(Math.max(min, deploying, max)),
        detail:
          `${min} vCPU at minimum scale, ${deploying} while a deployment at minimum scale runs, ${max} at maximum scale ` +
          `(${loads.length} ECS services and scheduled tasks; a deployment at maximum scale needs more)`,
      },
    ];
  });
}

function lambdaNeed(v: View): Array<{ id: QuotaId; needs: number; detail: string }> {
  const functions = v.ofType("aws:lambda/function:Function");
  if (functions.length === 0) {
    return [];
  }
  const reserving = functions
    .map((f) => ({
      name: typeof inputsOf(f).name === "string" ? (inputsOf(f).name as string) : f.name,
      reserved: numberIn(inputsOf(f).reservedConcurrentExecutions),
    }))
    .filter((f): f is { name: string; reserved: number } => f.reserved !== undefined && f.reserved > 0);
  const reserved = reserving.reduce((sum, f) => sum + f.reserved, 0);
  return [
    {
      id: "lambdaConcurrency",
      needs: reserved === 0 ? 0 : reserved + LAMBDA_CONCURRENCY.unreservedMinimum,
      detail:
        reserved === 0
          ? `${functions.length} function(s), none with reserved concurrency: they share the account's pool`
          : `reserved ${reserved} (${reserving.map((f) => `${f.name} ${f.reserved}`).join(", ")}) ` +
            `+ the ${LAMBDA_CONCURRENCY.unreservedMinimum} Lambda keeps unreserved`,
    },
  ];
}

/** The largest group, by key, of `items`. */
function largest<T>(
  items: readonly T[],
  keyOf: (t: T) => string | undefined,
): { key?: string; count: number } {
  const counts = new Map<string, number>();
  for (const t of items) {
    const k = keyOf(t) ?? "?";
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].reduce<{ key?: string; count: number }>(
    (best, [key, count]) => (count > best.count ? { key, count } : best),
    { count: 0 },
  );
}

function networkNeeds(v: View): Array<{ id: QuotaId; needs: number; detail: string }> {
  const out: Array<{ id: QuotaId; needs: number; detail: string }> = [];
  const eips = v.ofType("aws:ec2/eip:Eip");
  const nats = v.ofType("aws:ec2/natGateway:NatGateway");
  const natEips = new Set(nats.flatMap((n) => v.refs(n, "allocationId", "aws:ec2/eip:Eip")));
  if (eips.length > 0) {
    const other = eips.filter((e) => !natEips.has(e));
    out.push({
      id: "elasticIps",
      needs: eips.length,
      detail:
        `${natEips.size} for NAT gateways` +
        (other.length ? ` + ${other.map((e) => e.name).join(", ")}` : ""),
    });
  }
  const vpcs = v.ofType("aws:ec2/vpc:Vpc");
  if (vpcs.length > 0) {
    out.push({
      id: "vpcs",
      needs: vpcs.length + 1,
      detail: `${vpcs.length} + the default VPC of a new account`,
    });
  }
  const igws = v.ofType("aws:ec2/internetGateway:InternetGateway");
  if (igws.length > 0) {
    out.push({
      id: "internetGateways",
      needs: igws.length + 1,
      detail: `${igws.length} + the default VPC's internet gateway`,
    });
  }
  if (nats.length > 0) {
    const zoneOf = (n: RecordedResource): string | undefined => {
      const subnet = v.refs(n, "subnetId", "aws:ec2/subnet:Subnet")[0];
      const i = subnet ? inputsOf(subnet) : {};
      return (i.availabilityZoneId ?? i.availabilityZone) as string | undefined;
    };
    const most = largest(nats, zoneOf);
    out.push({
      id: "natGatewaysPerAz",
      needs: most.count,
      detail: `${nats.length} NAT gateway(s), at most ${most.count} in one zone (${most.key})`,
    });
  }
  const endpoints = v.ofType("aws:ec2/vpcEndpoint:VpcEndpoint");
  const typed = (t: string): RecordedResource[] =>
    endpoints.filter((e) => (inputsOf(e).vpcEndpointType ?? "Gateway") === t);
  const interfaces = typed("Interface");
  if (interfaces.length > 0) {
    const most = largest(interfaces, (e) => e.propertyDependencies.vpcId?.[0]);
    out.push({
      id: "interfaceEndpointsPerVpc",
      needs: most.count,
      detail: `${most.count} interface endpoints in one VPC`,
    });
  }
  const gateways = typed("Gateway");
  if (gateways.length > 0) {
    out.push({
      id: "gatewayEndpoints",
      needs: gateways.length,
      detail: `${gateways.length} gateway endpoints`,
    });
  }
  return out;
}

/** Every list of security groups an input names (ECS tasks, functions, load balancers, instances, stores). */
function securityGroupLists(value: unknown, out: unknown[][] = []): unknown[][] {
  if (Array.isArray(value)) {
    value.forEach((x) => securityGroupLists(x, out));
  } else if (typeof value === "object" && value !== null) {
    for (const [k, x] of Object.entries(value as Inputs)) {
      if (/^(vpcS|s)ecurityGroup(s|Ids)$/.test(k) && Array.isArray(x)) {
        out.push(x);
      } else {
        securityGroupLists(x, out);
      }
    }
  }
  return out;
}

function securityGroupNeeds(v: View): Array<{ id: QuotaId; needs: number; detail: string }> {
  const groups = v.ofType("aws:ec2/securityGroup:SecurityGroup");
  if (groups.length === 0) {
    return [];
  }
  const attached = [...v.byUrn.values()]
    .filter((r) => r.custom && r.type !== "aws:ec2/securityGroup:SecurityGroup")
    .map((r) => ({ r, count: Math.max(0, ...securityGroupLists(r.inputs).map((l) => l.length)) }))
    .reduce((best, x) => (x.count > best.count ? x : best), {
      r: undefined as RecordedResource | undefined,
      count: 0,
    });
  const rules = (type: string, inline: "ingress" | "egress"): { key?: string; count: number } => {
    const separate = v.ofType(type).map((rule) => rule.propertyDependencies.securityGroupId?.[0]);
    const inlined = groups.flatMap((g) => {
      const list = inputsOf(g)[inline];
      return Array.isArray(list) ? list.map(() => g.urn) : [];
    });
    return largest([...separate, ...inlined], (u) => u);
  };
  const ingress = rules("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "ingress");
  const egress = rules("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "egress");
  const most =
    ingress.count >= egress.count ? { ...ingress, dir: "inbound" } : { ...egress, dir: "outbound" };
  return [
    {
      id: "securityGroupsPerInterface",
      needs: attached.count,
      detail: `at most ${attached.count} on one resource's interfaces${attached.r ? ` (${attached.r.name})` : ""}`,
    },
    {
      id: "rulesPerSecurityGroup",
      needs: most.count,
      detail: `at most ${most.count} ${most.dir} rules in one group${most.key ? ` (${v.byUrn.get(most.key)?.name ?? most.key})` : ""}`,
    },
  ];
}

function loadBalancerNeeds(v: View): Array<{ id: QuotaId; needs: number; detail: string }> {
  const albs = v
    .ofType("aws:lb/loadBalancer:LoadBalancer")
    .filter((lb) => (inputsOf(lb).loadBalancerType ?? "application") === "application");
  if (albs.length === 0) {
    return [];
  }
  const listeners = v.ofType("aws:lb/listener:Listener");
  const lbOf = (l: RecordedResource): string | undefined => l.propertyDependencies.loadBalancerArn?.[0];
  const listenerLb = new Map(listeners.map((l) => [l.urn, lbOf(l)]));
  const byLb = largest(listeners, lbOf);
  const rules = largest(v.ofType("aws:lb/listenerRule:ListenerRule"), (r) =>
    listenerLb.get(r.propertyDependencies.listenerArn?.[0] ?? ""),
  );
  const name = (urn?: string): string => (urn ? (v.byUrn.get(urn)?.name ?? urn) : "?");
  const targetGroups = v.ofType("aws:lb/targetGroup:TargetGroup");
  return [
    { id: "albs", needs: albs.length, detail: albs.map((lb) => lb.name).join(", ") },
    { id: "listenersPerAlb", needs: byLb.count, detail: `at most ${byLb.count} on ${name(byLb.key)}` },
    {
      id: "rulesPerAlb",
      needs: rules.count,
      detail: `at most ${rules.count} listener rules on ${name(rules.key)} (app teams add theirs to the same quota)`,
    },
    { id: "targetGroups", needs: targetGroups.length, detail: `${targetGroups.length} target groups` },
  ];
}

function eventRuleNeeds(v: View): Array<{ id: QuotaId; needs: number; detail: string }> {
  const rules = v.ofType("aws:cloudwatch/eventRule:EventRule");
  if (rules.length === 0) {
    return [];
  }
  const most = largest(
    rules,
    (r) =>
      r.propertyDependencies.eventBusName?.[0] ??
      (typeof inputsOf(r).eventBusName === "string" ? (inputsOf(r).eventBusName as string) : "default"),
  );
  return [{ id: "eventRulesPerBus", needs: most.count, detail: `at most ${most.count} rules on one bus` }];
}

// ---------------------------------------------------------------------------------------------------
// New-account notes.

const EC2_ERRORS = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html";

function newAccountNotes(v: View): NewAccountNote[] {
  const notes: NewAccountNote[] = [];
  const distributions = v.ofType("aws:cloudfront/distribution:Distribution");
  if (distributions.length > 0) {
    notes.push({
      id: "cloudfront-verification",
      resources: distributions.map((d) => d.name),
      text:
        'CloudFront: in a new account CreateDistribution fails (403 AccessDenied: "Your account must be verified before ' +
        'you can add new CloudFront resources. To verify your account, please contact AWS Support") until AWS Support ' +
        "verifies the account: open a support case for the member account before the first deploy",
      // AWS documents no verification step; the error text is CloudFront's, as reported from new accounts.
      docs: [
        "https://github.com/hashicorp/terraform-provider-aws/pull/36663",
        "https://github.com/aws-samples/aws-cdk-examples/issues/279",
      ],
    });
  }
  const ec2 = [
    "aws:ec2/natGateway:NatGateway",
    "aws:ec2/instance:Instance",
    "aws:autoscaling/group:Group",
    "aws:ecs/service:Service",
  ].flatMap((t) => v.ofType(t));
  if (ec2.length > 0) {
    notes.push({
      id: "ec2-pending-verification",
      resources: ec2.map((r) => r.name),
      text:
        'EC2: a new account can answer PendingVerification ("Your account is pending verification. Until the ' +
        'verification process is complete, you may not be able to carry out requests with this account") or ' +
        "OptInRequired while AWS verifies it; NAT gateways, instances and Fargate tasks fail until then: deploy again " +
        "once the account is verified, and contact AWS Support if it stays pending",
      docs: [EC2_ERRORS],
    });
  }
  return notes;
}

// ---------------------------------------------------------------------------------------------------

/** The `platform:` config values the quota section reads: the quotas the stack declares it has. */
export function declaredQuotas(files: StackFiles): DeclaredQuotas {
  const lambda = numberIn(files.config["platform:lambdaConcurrencyQuota"]);
  return lambda === undefined || lambda === LAMBDA_CONCURRENCY.newAccount
    ? {}
    : { lambdaConcurrency: { key: "platform:lambdaConcurrencyQuota", value: lambda } };
}

export function quotaReport(
  resources: readonly RecordedResource[],
  declared: DeclaredQuotas = {},
): QuotaReport {
  const v = view(resources);
  const region =
    v
      .ofType("pulumi:providers:aws")
      .map((p) => inputsOf(p).region)
      .find((r): r is string => typeof r === "string") ?? "<region>";
  const raw = [
    ...fargateNeeds(v),
    ...lambdaNeed(v),
    ...networkNeeds(v),
    ...securityGroupNeeds(v),
    ...loadBalancerNeeds(v),
    ...eventRuleNeeds(v),
  ];
  const needs = raw.map(({ id, needs: n, detail }): QuotaNeed => {
    const quota: QuotaSpec = QUOTAS[id];
    const newAccountValue = quota.newAccount?.value ?? quota.documentedDefault;
    const own = declared[id];
    const short = n > newAccountValue || (own !== undefined && own.value > newAccountValue);
    const desired = Math.max(n, own?.value ?? 0);
    return {
      id,
      quota,
      needs: n,
      detail,
      newAccountValue,
      ...(own && { declared: own }),
      short,
      ...(short && { command: quotaIncreaseCommand(quota.serviceCode, quota.quotaCode, desired, region) }),
    };
  });
  return {
    region,
    needs,
    commands: needs.flatMap((n) => (n.command ? [n.command] : [])),
    notes: newAccountNotes(v),
  };
}

export function formatQuotas(report: QuotaReport): string[] {
  const width = Math.max(...report.needs.map((n) => n.quota.name.length), 10);
  return [
    `New-account quotas (${report.region}; what the stack needs against what a new member account starts with):`,
    ...report.needs.map(
      (n) =>
        `  ${n.short ? "SHORT" : "ok   "} ${n.quota.name.padEnd(width)} needs ${String(n.needs).padStart(4)} / ` +
        `${String(n.newAccountValue).padStart(4)}${n.quota.newAccount ? "*" : " "}  ${n.detail}` +
        (n.declared ? `; the stack declares ${n.declared.key} = ${n.declared.value}` : ""),
    ),
    ...[...new Map(report.needs.flatMap((n) => (n.quota.newAccount ? [[n.id, n.quota] as const] : [])))].map(
      ([, q]) => `  * ${q.name}: documented default ${q.documentedDefault}; ${q.newAccount?.why ?? ""}`,
    ),
    ...(report.commands.length > 0
      ? [
          "Request these in the member account before the first deploy:",
          ...report.commands.map((c) => `  ${c}`),
        ]
      : ["Every quota the stack draws on fits a new account's defaults."]),
    ...(report.notes.length > 0 ? ["New-account notes:", ...report.notes.map((n) => `  - ${n.text}`)] : []),
  ];
}
