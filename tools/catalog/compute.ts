/** Compute: ECS services and their images, load balancers, the VPN server and patching. */
import { compute, elb, network, none, security } from "../rules";
import { CatalogEntry, inputOr, Inputs, numberOr, related, sizeOf, subnetZones, WAITER } from "./entry";
import { PRICES } from "./prices";
import { aws, EVERY_INPUT } from "./replacement";

const H = PRICES.hoursPerMonth;

export const COMPUTE: readonly CatalogEntry[] = [
  {
    type: "aws:appautoscaling/policy:Policy",
    unexposed: "scaling rules; no endpoint, no resource policy",
    replaceOn: aws("appautoscaling_policy", ["name", "resourceId", "scalableDimension", "serviceNamespace"]),
    api: none(
      "a scalable target and policies keyed by resource id; policy names up to 256 of any character but ':'",
    ),
    unruled: "scaling rules; no exposure or data",
  },
  {
    type: "aws:appautoscaling/target:Target",
    unexposed: "scaling bounds; no endpoint, no resource policy",
    replaceOn: aws("appautoscaling_target", ["resourceId", "scalableDimension", "serviceNamespace"]),
    api: none(
      "a scalable target and policies keyed by resource id; policy names up to 256 of any character but ':'",
    ),
    unruled: "scaling bounds; no exposure or data",
  },
  {
    type: "aws:autoscaling/group:Group",
    replaceOn: aws("autoscaling_group", ["name", "namePrefix"]),
    api: compute.AUTOSCALING_GROUP,
    policies: ["only-edge-in-public-subnets"],
    creation: { p50: 60, p90: 180, source: "the provider waits for the desired capacity" },
    price: (r, c) => {
      const i = r.inputs;
      const template = related(c.graph, r, "launchTemplate", "aws:ec2/launchTemplate:LaunchTemplate");
      const type = template ? String(template.inputs.instanceType) : "unknown";
      const count = sizeOf(i.desiredCapacity, sizeOf(i.minSize, 1));
      return { usd: c.hourly(type) * count * H, basis: `${count} x ${type}` };
    },
    size: {
      name: "VPN",
      position: 80,
      text: (groups) => (groups.some((g) => /vpn/.test(g.name)) ? "yes" : "no"),
    },
  },
  {
    type: "aws:ec2/launchTemplate:LaunchTemplate",
    replaceOn: aws("launch_template", ["name", "namePrefix"]),
    api: network.LAUNCH_TEMPLATE,
    policies: ["imdsv2-required", "ebs-encrypted", "no-public-ip-on-instances"],
    outputs: () => ({ latestVersion: 1 }),
  },
  {
    type: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
    unexposed: "image expiry; grants nothing",
    replaceOn: aws("ecr_lifecycle_policy", ["repository"]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "image expiry; holds no data",
  },
  {
    type: "aws:ecr/repository:Repository",
    unexposed: "a private repository, reached through IAM and its repository policy (judged)",
    replaceOn: aws("ecr_repository", ["encryptionConfigurations", "name"]),
    stateful: "the images",
    uniqueName: { property: "name", auto: true },
    api: compute.REPOSITORY,
    policies: ["ecr-encrypted"],
    outputs: (c) => ({
      arn: `arn:aws:ecr:${c.region}:${c.account}:repository/${inputOr(c, "name")}`,
      repositoryUrl: `${c.account}.dkr.ecr.${c.region}.amazonaws.com/${inputOr(c, "name")}`,
    }),
  },
  {
    type: "aws:ecr/repositoryPolicy:RepositoryPolicy",
    replaceOn: aws("ecr_repository_policy", ["repository"]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    policies: ["no-public-resource-policy"],
  },
  {
    type: "aws:ecs/cluster:Cluster",
    unexposed: "a grouping of services; no endpoint of its own",
    replaceOn: aws("ecs_cluster", ["name"]),
    api: compute.CLUSTER,
    outputs: (c) => ({ arn: `arn:aws:ecs:${c.region}:${c.account}:cluster/${inputOr(c, "name")}` }),
    unruled: "Container Insights and ECS Exec logging are tested by the component",
  },
  {
    type: "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
    unexposed: "capacity strategy; no endpoint",
    replaceOn: aws("ecs_cluster_capacity_providers", ["clusterName"]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "capacity strategy",
  },
  {
    type: "aws:ecs/service:Service",
    replaceOn: aws(
      "ecs_service",
      ["cluster", "deploymentController", "iamRole", "launchType", "name", "schedulingStrategy"],
      "a switch between a launch type and a capacity provider strategy is decided at diff time",
    ),
    api: compute.SERVICE,
    policies: ["ecs-tasks-no-public-ip", "only-edge-in-public-subnets"],
    creation: {
      p50: 30,
      p90: 60,
      source: "CreateService returns before tasks are steady (waitForSteadyState off)",
    },
    // The gateway waits for steady state: its tasks pulled, started and passing the load balancer's
    // health checks (healthy threshold x interval after the grace period), typically a few minutes.
    creationOf: (i) =>
      i.waitForSteadyState === true
        ? {
            p50: 240,
            p90: 600,
            source:
              "waitForSteadyState: the provider waits until the service's tasks run and pass their health checks, typically 2-5 minutes",
          }
        : undefined,
    price: (r, c) => {
      const i = r.inputs;
      const task = related(c.graph, r, "taskDefinition", "aws:ecs/taskDefinition:TaskDefinition");
      const count = sizeOf(i.desiredCount, 1);
      if (!task) {
        return undefined;
      }
      const t = task.inputs;
      const vcpu = sizeOf(t.cpu, 256) / 1024;
      const gb = sizeOf(t.memory, 512) / 1024;
      const strategy = Array.isArray(i.capacityProviderStrategies)
        ? (i.capacityProviderStrategies as Inputs[])
        : [];
      const weights = strategy.reduce((a, s) => a + sizeOf(s.weight, 0), 0);
      const spotShare =
        weights > 0
          ? strategy
              .filter((s) => s.capacityProvider === "FARGATE_SPOT")
              .reduce((a, s) => a + sizeOf(s.weight, 0), 0) / weights
          : 0;
      const full = (vcpu * PRICES.hourly.fargateVcpu + gb * PRICES.hourly.fargateGb) * count * H;
      const usd = full * (1 - spotShare * PRICES.hourly.fargateSpotDiscount);
      return {
        usd,
        basis: `${count} task(s) of ${vcpu} vCPU / ${gb} GB${spotShare > 0 ? `, ${Math.round(spotShare * 100)}% Spot` : ""}`,
      };
    },
    zoneTier: (r, graph) => {
      const base = { resource: r.name };
      const zones = subnetZones(graph, r);
      const count = numberOr(r.inputs.desiredCount, 1);
      return count >= 2
        ? {
            ...base,
            tier: `service ${r.name}`,
            placement: "spread",
            zones,
            why: `${count} tasks spread over ${zones.length} AZ(s)`,
          }
        : { ...base, tier: `service ${r.name}`, placement: "one-of", zones, why: "a single task" };
    },
    size: {
      name: "ECS services (tasks)",
      position: 70,
      text: (services) =>
        `${services.length} (${services.reduce((a, s) => a + Number(s.inputs.desiredCount ?? 1), 0)})`,
    },
  },
  {
    type: "aws:ecs/taskDefinition:TaskDefinition",
    unexposed: "a template; the services that run it are judged (ecs-tasks-no-public-ip, subnets)",
    replaceOn: aws(
      "ecs_task_definition",
      [EVERY_INPUT],
      "a task definition revision is immutable: every change registers a new one",
    ),
    uniqueName: { property: "family" },
    api: compute.TASK_DEFINITION,
    unruled: "least privilege and secrets are tested by the service module",
    outputs: (c) => ({
      arn: `arn:aws:ecs:${c.region}:${c.account}:task-definition/${inputOr(c, "family")}:1`,
    }),
  },
  {
    type: "aws:lb/listener:Listener",
    unexposed: "a port of a load balancer whose exposure is judged (load-balancer-edge-only)",
    replaceOn: aws("lb_listener", ["loadBalancerArn"]),
    api: none("no name: ports and protocols, typed"),
    policies: ["https-listener-tls12", "http-listener-redirects"],
  },
  {
    type: "aws:lb/listenerRule:ListenerRule",
    unexposed: "routes within a load balancer whose exposure is judged",
    replaceOn: aws("lb_listener_rule", ["listenerArn"]),
    api: none("no name: priorities are checked by components/compute/priorities.ts"),
    policies: ["http-listener-redirects"],
  },
  {
    type: "aws:lb/loadBalancer:LoadBalancer",
    replaceOn: aws(
      "lb",
      ["customerOwnedIpv4Pool", "internal", "loadBalancerType", "name", "namePrefix"],
      "a network load balancer is also replaced when subnets are removed or security groups added to one that had none (decided at diff time)",
    ),
    uniqueName: { property: "name", auto: true },
    api: elb.LOAD_BALANCER,
    policies: [
      "only-edge-in-public-subnets",
      "no-public-ingress",
      "s3-bucket-encrypted",
      "load-balancer-edge-only",
      "internet-facing-lb-has-waf",
    ],
    creation: { p50: 180, p90: 300, source: `${WAITER}; ALBs are active after 2-3 minutes, sometimes 5` },
    usage: { quantity: "1 LCU on average ($0.008/LCU-hour)", monthlyUsd: 5.84 },
    outputs: ({ physical, region }) => ({
      dnsName: `${physical}.${region}.elb.amazonaws.com`,
      zoneId: "ZALBEXAMPLE01",
      arnSuffix: `app/${physical}/0123456789abcdef`,
    }),
    // An internet-facing load balancer holds a public IPv4 address per AZ it has a node in (one per subnet).
    price: (r) => {
      const subnets = Array.isArray(r.inputs.subnets)
        ? r.inputs.subnets.length
        : (r.propertyDependencies.subnets ?? []).length;
      const azs = r.inputs.internal === true ? 0 : subnets;
      return {
        usd: (PRICES.hourly.applicationLoadBalancer + azs * PRICES.hourly.publicIpv4) * H,
        basis: `load balancer hours${azs ? ` and ${azs} public IPv4 address(es)` : ""}`,
      };
    },
    zoneTier: (r, graph) => {
      const zones = subnetZones(graph, r);
      return {
        resource: r.name,
        tier: r.inputs.internal === true ? `internal load balancer ${r.name}` : `ingress ${r.name}`,
        placement: "spread",
        zones,
        why: `nodes in ${zones.length} AZ(s)`,
      };
    },
  },
  {
    type: "aws:lb/targetGroup:TargetGroup",
    unexposed: "targets of a load balancer whose exposure is judged",
    replaceOn: aws("lb_target_group", [
      "ipAddressType",
      "name",
      "namePrefix",
      "port",
      "protocol",
      "protocolVersion",
      "targetType",
      "vpcId",
    ]),
    uniqueName: { property: "name", auto: true },
    api: elb.TARGET_GROUP,
    unruled: "a target group of a judged load balancer",
    outputs: ({ physical }) => ({ arnSuffix: `targetgroup/${physical}/0123456789abcdef` }),
  },
  {
    type: "aws:ssm/document:Document",
    unexposed: "an operator procedure, shared with no other account",
    replaceOn: aws("ssm_document", ["documentType", "name"]),
    api: security.DOCUMENT,
    unruled: "operator procedures (VPN certificates), limited to an IAM group",
  },
  {
    type: "aws:ssm/maintenanceWindow:MaintenanceWindow",
    unexposed: "patching; no endpoint, no resource policy",
    replaceOn: aws("ssm_maintenance_window", []),
    api: security.MAINTENANCE_WINDOW,
    unruled: "patching: a hardening control",
  },
  {
    type: "aws:ssm/maintenanceWindowTarget:MaintenanceWindowTarget",
    unexposed: "patching; no endpoint, no resource policy",
    replaceOn: aws("ssm_maintenance_window_target", ["resourceType", "windowId"]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "patching: a hardening control",
  },
  {
    type: "aws:ssm/maintenanceWindowTask:MaintenanceWindowTask",
    unexposed: "patching; no endpoint, no resource policy",
    replaceOn: aws("ssm_maintenance_window_task", ["taskType", "windowId"]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "patching: a hardening control",
  },
  {
    type: "aws:ssm/patchBaseline:PatchBaseline",
    unexposed: "patching; no endpoint, no resource policy",
    replaceOn: aws("ssm_patch_baseline", ["operatingSystem"]),
    api: security.PATCH_BASELINE,
    unruled: "patching: a hardening control",
  },
  {
    type: "aws:ssm/patchGroup:PatchGroup",
    unexposed: "patching; no endpoint, no resource policy",
    replaceOn: aws("ssm_patch_group", [EVERY_INPUT]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "patching: a hardening control",
  },
];
