/**
 * What a first `pulumi up` into an empty account needs of the real stacks: the service-linked roles before
 * the resources of their services, and a gateway whose failure fails the deploy.
 */
import * as assert from "assert";

import { defaultInvokes } from "../../tools/engine/invokes";
import { RecordedResource } from "../../tools/engine/mockEngine";
import { organizationOutputs } from "../../tools/engine/plan";
import { readStackFiles } from "../../tools/engine/stackFiles";
import { byUrn, inputs, jsonInput, ofType, single, stackPlan } from "../helpers/graph";

const STACKS = ["dev", "stage", "prod"];

/** Whether `r` waits for `target`, directly or through what it waits for. */
function waitsFor(resources: readonly RecordedResource[], r: RecordedResource, target: string): boolean {
  const urns = byUrn(resources);
  const seen = new Set<string>();
  const queue = [r.urn];
  while (queue.length > 0) {
    const urn = queue.pop()!;
    if (urn === target) {
      return true;
    }
    if (seen.has(urn)) {
      continue;
    }
    seen.add(urn);
    const x = urns.get(urn);
    if (x) {
      queue.push(...x.dependencies, ...Object.values(x.propertyDependencies).flat());
    }
  }
  return false;
}

describe("first deploy", () => {
  for (const stack of STACKS) {
    describe(stack, () => {
      it("creates the ECS service-linked role, and the cluster, its capacity providers and every service after it", async () => {
        const { resources } = await stackPlan(stack);
        const roles = ofType(resources, "aws:iam/serviceLinkedRole:ServiceLinkedRole");
        const ecs = roles.find((r) => inputs(r).awsServiceName === "ecs.amazonaws.com");
        assert.ok(ecs, "no ECS service-linked role");
        const cluster = single(resources, "aws:ecs/cluster:Cluster");
        assert.ok(cluster.dependencies.includes(ecs.urn), "the cluster does not wait for the ECS role");
        const capacity = single(resources, "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders");
        assert.ok(capacity.dependencies.includes(ecs.urn));
        for (const service of ofType(resources, "aws:ecs/service:Service")) {
          assert.ok(waitsFor(resources, service, ecs.urn), `${service.name} does not wait for the ECS role`);
        }
      });

      it("creates the OpenSearch service-linked role exactly when search is on, and the domain after it", async () => {
        const { resources } = await stackPlan(stack);
        const roles = ofType(resources, "aws:iam/serviceLinkedRole:ServiceLinkedRole");
        const search = roles.find((r) => inputs(r).awsServiceName === "opensearchservice.amazonaws.com");
        const domains = ofType(resources, "aws:opensearch/domain:Domain");
        assert.strictEqual(search !== undefined, domains.length > 0);
        for (const d of domains) {
          assert.ok(d.dependencies.includes(search!.urn), "the domain does not wait for the OpenSearch role");
        }
        assert.strictEqual(roles.length, 1 + domains.length);
      });

      it("puts every subnet in a zone pinned by AZ ID in the stack's YAML, tier by tier in the same order", async () => {
        const { resources } = await stackPlan(stack);
        const expected = JSON.parse(readStackFiles(stack).config["platform:availabilityZoneIds"]) as string[];
        assert.ok(expected.length >= 2, "the stack pins its zones");
        const subnets = ofType(resources, "aws:ec2/subnet:Subnet");
        assert.strictEqual(subnets.length, 3 * expected.length);
        for (const tier of ["public", "private", "data"]) {
          const zones = subnets
            .filter((s) => s.name.startsWith(`network-${tier}-`))
            .map((s) => inputs(s).availabilityZoneId);
          assert.deepStrictEqual(zones, expected, tier);
        }
        for (const s of subnets) {
          assert.strictEqual(inputs(s).availabilityZone, undefined, `${s.name} takes a zone name`);
        }
      });

      it("delegates a created public zone from the organization's parent zone, and validates the certificates only after", async () => {
        const { resources } = await stackPlan(stack);
        const config = readStackFiles(stack).config;
        const { outputs: org } = await organizationOutputs();
        const created = (config["platform:publicHostedZone"] ?? "create") === "create";
        const ns = ofType(resources, "aws:route53/record:Record").filter((r) => inputs(r).type === "NS");
        if (!created) {
          assert.deepStrictEqual(ns, [], "an adopted zone is delegated already");
          return;
        }
        assert.strictEqual(ns.length, 1);
        const [delegation] = ns;
        assert.strictEqual(inputs(delegation).zoneId, org.dns?.parentZoneId);
        assert.strictEqual(inputs(delegation).name, config["platform:domain"]);
        const zone = ofType(resources, "aws:route53/zone:Zone").find(
          (z) => inputs(z).name === config["platform:domain"],
        );
        assert.deepStrictEqual(delegation.propertyDependencies.records, [zone!.urn]);
        const parent = resources.find((r) => r.urn === delegation.provider);
        assert.ok(parent && parent.type === "pulumi:providers:aws" && parent.name === "dns-parent");
        const role = org.environments[stack].dnsDelegationRoleArn!;
        assert.match(role, new RegExp(`^arn:aws:iam::${org.sharedServicesAccountId}:role/`));
        // Through the environment's access role (the stack runs with management credentials), then the role.
        const account = org.environments[stack].accountId;
        assert.deepStrictEqual(jsonInput(parent, "assumeRoles"), [
          {
            roleArn: `arn:aws:iam::${account}:role/${org.accessRole}`,
            sessionName: `pulumi-platform-${stack}-dns`,
          },
          { roleArn: role, sessionName: `pulumi-platform-${stack}-dns` },
        ]);
        assert.deepStrictEqual(jsonInput(parent, "allowedAccountIds"), [role.split(":")[4]]);
        for (const v of ofType(resources, "aws:acm/certificateValidation:CertificateValidation")) {
          assert.ok(v.dependencies.includes(delegation.urn), `${v.name} does not wait for the delegation`);
        }
      });

      it("places the stores that take AZ names in the account's names of the pinned zones", async () => {
        const { resources } = await stackPlan(stack, "up");
        const pinned = JSON.parse(readStackFiles(stack).config["platform:availabilityZoneIds"]) as string[];
        // The offline account names its zones <region>a, b, c in the order of the region's table.
        const names = defaultInvokes({ region: "eu-west-1", zoneCount: 3, accountId: "123456789012" })[
          "aws:index/getAvailabilityZones:getAvailabilityZones"
        ]({});
        const nameOf = (id: string): string =>
          (names.names as string[])[(names.zoneIds as string[]).indexOf(id)];
        const allowed = pinned.map(nameOf);
        for (const r of ofType(resources, "aws:rds/instance:Instance")) {
          const az = inputs(r).availabilityZone;
          assert.ok(az === undefined || allowed.includes(az as string), `${r.name} in ${String(az)}`);
        }
        for (const r of ofType(resources, "aws:elasticache/replicationGroup:ReplicationGroup")) {
          const azs = (inputs(r).preferredCacheClusterAzs ?? []) as string[];
          assert.ok(
            azs.every((az) => allowed.includes(az)),
            `${r.name} in ${azs.join(", ")}`,
          );
        }
      });

      it("makes the gateway, and only the gateway, wait for steady state", async () => {
        const { resources } = await stackPlan(stack);
        const waiting = ofType(resources, "aws:ecs/service:Service")
          .filter((s) => inputs(s).waitForSteadyState === true)
          .map((s) => s.name);
        assert.deepStrictEqual(waiting, ["gateway-api"]);
      });
    });
  }
});
