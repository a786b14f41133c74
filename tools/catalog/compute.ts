/** Compute: ECS services and their images, load balancers, the VPN server and patching. */
import { CatalogEntry, inputOr, Inputs, numberOr, related, sizeOf, subnetZones, WAITER } from "./entry";
import { PRICES } from "./prices";

const H = PRICES.hoursPerMonth;

export const COMPUTE: readonly CatalogEntry[] = [
  {
    type: "aws:appautoscaling/policy:Policy",
    unruled: "scaling rules; no exposure or data",
  },
  {
    type: "aws:appautoscaling/target:Target",
    unruled: "scaling bounds; no exposure or data",
  },
  {
    type: "aws:autoscaling/group:Group",
    policies: ["only-edge-in-public-subnets"],
    creation: { seconds: 60, source: "the provider waits for the desired capacity" },
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
    policies: ["imdsv2-required", "ebs-encrypted", "no-public-ip-on-instances"],
    outputs: () => ({ latestVersion: 1 }),
  },
  {
    type: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
    unruled: "image expiry; holds no data",
  },
  {
    type: "aws:ecr/repository:Repository",
    policies: ["ecr-encrypted"],
    outputs: (c) => ({
      repositoryUrl: `${c.account}.dkr.ecr.${c.region}.amazonaws.com/${inputOr(c, "name")}`,
    }),
  },
  {
    type: "aws:ecr/repositoryPolicy:RepositoryPolicy",
    unruled: "lets Lambda pull a repository's images for the named functions only (tested)",
  },
  {
    type: "aws:ecs/cluster:Cluster",
    unruled: "Container Insights and ECS Exec logging are tested by the component",
  },
  {
    type: "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
    unruled: "capacity strategy",
  },
  {
    type: "aws:ecs/service:Service",
    policies: ["ecs-tasks-no-public-ip", "only-edge-in-public-subnets"],
    creation: {
      seconds: 30,
      source: "CreateService returns before tasks are steady (waitForSteadyState off)",
    },
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
    unruled: "least privilege and secrets are tested by the service module",
    outputs: (c) => ({
      arn: `arn:aws:ecs:${c.region}:${c.account}:task-definition/${inputOr(c, "family")}:1`,
    }),
  },
  {
    type: "aws:lb/listener:Listener",
    policies: ["https-listener-tls12", "http-listener-redirects"],
  },
  {
    type: "aws:lb/listenerRule:ListenerRule",
    policies: ["http-listener-redirects"],
  },
  {
    type: "aws:lb/loadBalancer:LoadBalancer",
    policies: ["only-edge-in-public-subnets", "no-public-ingress", "s3-bucket-encrypted"],
    creation: { seconds: 180, source: `${WAITER}; ALBs are active after 2-3 minutes` },
    usage: { quantity: "1 LCU on average ($0.008/LCU-hour)", monthlyUsd: 5.84 },
    outputs: ({ physical, region }) => ({
      dnsName: `${physical}.${region}.elb.amazonaws.com`,
      zoneId: "ZALBEXAMPLE01",
      arnSuffix: `app/${physical}/0123456789abcdef`,
    }),
    price: () => ({ usd: PRICES.hourly.applicationLoadBalancer * H, basis: "load balancer hours" }),
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
    unruled: "a target group of a judged load balancer",
    outputs: ({ physical }) => ({ arnSuffix: `targetgroup/${physical}/0123456789abcdef` }),
  },
  {
    type: "aws:ssm/document:Document",
    unruled: "operator procedures (VPN certificates), limited to an IAM group",
  },
  {
    type: "aws:ssm/maintenanceWindow:MaintenanceWindow",
    unruled: "patching: a hardening control",
  },
  {
    type: "aws:ssm/maintenanceWindowTarget:MaintenanceWindowTarget",
    unruled: "patching: a hardening control",
  },
  {
    type: "aws:ssm/maintenanceWindowTask:MaintenanceWindowTask",
    unruled: "patching: a hardening control",
  },
  {
    type: "aws:ssm/patchBaseline:PatchBaseline",
    unruled: "patching: a hardening control",
  },
  {
    type: "aws:ssm/patchGroup:PatchGroup",
    unruled: "patching: a hardening control",
  },
];
