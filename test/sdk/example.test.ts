import * as assert from "assert";

import { appService } from "../../examples/app-service/service";
import { appRulePriority, CONTRACT_VERSION } from "../../sdk";
import { main } from "../../stacks/program";
import { RecordedResource, runProgram } from "../../tools/engine/mockEngine";
import { display } from "../../tools/engine/wire";
import { inputs, jsonInput, ofType, single, stackPlan } from "../helpers/graph";
import { evaluatePolicies, mandatory } from "../helpers/policies";

const PLATFORM = "acme/platform/dev";

/** Runs the example app against the real dev platform's outputs (planned as an update). */
async function runExample(
  outputs?: Record<string, unknown>,
): Promise<{ resources: RecordedResource[]; error?: Error }> {
  const platformOutputs =
    outputs ?? (display((await stackPlan("dev", "up")).outputs) as Record<string, unknown>);
  return runProgram(appService, {
    project: "app-service",
    stack: "dev",
    config: {
      "app-service:platformStack": PLATFORM,
      "app-service:team": "orders",
      "app-service:image": "210987654321.dkr.ecr.eu-west-1.amazonaws.com/orders:1.4.2",
    },
    preview: false,
    stackReferences: { [PLATFORM]: platformOutputs },
  });
}

describe("examples/app-service on the platform SDK", () => {
  let resources: RecordedResource[];
  let platformOutputs: Record<string, unknown>;
  before(async () => {
    platformOutputs = display((await stackPlan("dev", "up")).outputs) as Record<string, unknown>;
    const result = await runExample(platformOutputs);
    assert.strictEqual(result.error, undefined, result.error?.stack);
    resources = result.resources;
  });

  it("reads the platform through a StackReference and acts through the team's role in the member account", () => {
    const provider = single(resources, "pulumi:providers:aws");
    const teams = platformOutputs.appTeams as Record<string, { roleArn: string }>;
    assert.deepStrictEqual(jsonInput(provider, "assumeRoles"), [
      { roleArn: teams.orders.roleArn, sessionName: "app-orders" },
    ]);
    assert.deepStrictEqual(jsonInput(provider, "allowedAccountIds"), [platformOutputs.accountId]);
    for (const r of resources.filter((x) => x.custom && x.type.startsWith("aws:"))) {
      assert.match(r.provider ?? "", /::member$/, `${r.name} goes through the team's provider`);
    }
  });

  it("adds its path rule to the internal listener in the team's own block", () => {
    const rule = inputs(single(resources, "aws:lb/listenerRule:ListenerRule"));
    const teams = platformOutputs.appTeams as Record<string, { listenerPriorityBlock: number }>;
    assert.strictEqual(rule.listenerArn, platformOutputs.internalListenerArn);
    assert.strictEqual(rule.priority, appRulePriority(teams.orders.listenerPriorityBlock, "/orders/*", 0));
    assert.deepStrictEqual(rule.tags, { team: "orders" });
  });

  it("runs in the private subnets, joins the services group, reaches only its stores", () => {
    const service = inputs(single(resources, "aws:ecs/service:Service"));
    const network = service.networkConfiguration as {
      subnets: string[];
      securityGroups: string[];
      assignPublicIp: boolean;
    };
    assert.deepStrictEqual(network.subnets, (platformOutputs.subnetIds as { private: string[] }).private);
    assert.ok(network.securityGroups.includes(platformOutputs.servicesSecurityGroupId as string));
    assert.strictEqual(network.assignPublicIp, false);
    const data = platformOutputs.data as {
      postgres: { securityGroupId: string; port: number };
      cache: { securityGroupId: string; port: number };
    };
    const egress = ofType(resources, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
      .map((r) => inputs(r))
      .filter((i) => i.referencedSecurityGroupId !== undefined)
      .map((i) => [i.referencedSecurityGroupId, i.fromPort]);
    assert.deepStrictEqual(egress, [
      [data.postgres.securityGroupId, data.postgres.port],
      [data.cache.securityGroupId, data.cache.port],
    ]);
  });

  it("reads only the team's own secrets", () => {
    const policy = jsonInput<{ Statement: Array<{ Sid: string; Resource: string }> }>(
      single(resources, "aws:iam/rolePolicy:RolePolicy"),
      "policy",
    );
    const read = policy.Statement.find((s) => s.Sid === "ReadSecret")!;
    assert.strictEqual(
      read.Resource,
      `arn:aws:secretsmanager:eu-west-1:${String(platformOutputs.accountId)}:secret:orders/*`,
    );
  });

  it("passes the platform's policy pack", async () => {
    assert.deepStrictEqual(mandatory(await evaluatePolicies(resources)), []);
  });

  it("stops with a clear message on a platform with a newer contract", async () => {
    const result = await runExample({ ...platformOutputs, contractVersion: CONTRACT_VERSION + 1 });
    assert.match(
      result.error?.message ?? "",
      new RegExp(
        `exports contract version ${CONTRACT_VERSION + 1}, this SDK reads version ${CONTRACT_VERSION}`,
      ),
    );
  });

  it("is the same program the platform's index.ts exposes, unchanged by it", () => {
    assert.strictEqual(typeof main, "function");
  });
});
