import * as assert from "assert";

import { readStackFiles } from "../../tools/engine/stackFiles";
import {
  declaredQuotas,
  formatQuotas,
  QuotaNeed,
  QuotaReport,
  quotaReport,
  splitTasks,
} from "../../tools/insights/quotas";
import { planWithParts } from "../helpers/devParts";
import { inputs, ofType, stackPlan } from "../helpers/graph";
import { handPlan as plan, Spec } from "../helpers/handPlan";

const PROVIDER: Spec = {
  type: "pulumi:providers:aws",
  name: "account-provider",
  inputs: { region: "eu-west-1" },
};

function need(report: QuotaReport, id: QuotaNeed["id"]): QuotaNeed {
  const n = report.needs.find((x) => x.id === id);
  assert.ok(n, `no ${id} in the quota report`);
  return n;
}

describe("new-account quotas", () => {
  it("spreads tasks over a capacity provider strategy: bases first, the rest by weight, rounded up", () => {
    const stage = [
      { capacityProvider: "FARGATE", base: 1, weight: 50 },
      { capacityProvider: "FARGATE_SPOT", base: 0, weight: 50 },
    ];
    assert.deepStrictEqual(splitTasks(8, stage), { onDemand: 5, spot: 4 });
    assert.deepStrictEqual(splitTasks(1, stage), { onDemand: 1, spot: 0 });
    assert.deepStrictEqual(splitTasks(30, [{ capacityProvider: "FARGATE", base: 2, weight: 100 }]), {
      onDemand: 30,
      spot: 0,
    });
    assert.deepStrictEqual(splitTasks(4, [{ capacityProvider: "FARGATE_SPOT", base: 0, weight: 100 }]), {
      onDemand: 0,
      spot: 4,
    });
    assert.deepStrictEqual(splitTasks(3, []), { onDemand: 3, spot: 0 }, "launch type FARGATE");
  });

  it("computes prod's needs from its plan: EIPs, Fargate vCPU at maximum scale, reserved concurrency", async () => {
    const { resources } = await stackPlan("prod");
    const report = quotaReport(resources, {
      lambdaConcurrency: { key: "platform:lambdaConcurrencyQuota", value: 1000 },
    });
    assert.strictEqual(report.region, "eu-west-1");
    // Elastic IPs: one per NAT gateway, and the VPN server's.
    const nats = ofType(resources, "aws:ec2/natGateway:NatGateway").length;
    const eips = ofType(resources, "aws:ec2/eip:Eip");
    assert.ok(eips.some((e) => e.name === "vpn-eip"));
    assert.strictEqual(need(report, "elasticIps").needs, nats + 1);
    assert.strictEqual(eips.length, nats + 1);
    assert.ok(!need(report, "elasticIps").short, "4 fit the default of 5");
    // Fargate On-Demand vCPU at maximum scale: every service's maximum tasks times its task's vCPU, plus
    // one task per scheduled run; prod runs everything on regular Fargate.
    const cpu = (urn: string): number => Number(inputs(resources.find((r) => r.urn === urn)!).cpu) / 1024;
    const services = ofType(resources, "aws:ecs/service:Service").map((s) => {
      const target = ofType(resources, "aws:appautoscaling/target:Target").find((t) =>
        (t.propertyDependencies.resourceId ?? []).includes(s.urn),
      )!;
      return Number(inputs(target).maxCapacity) * cpu(s.propertyDependencies.taskDefinition[0]);
    });
    const crons = ofType(resources, "aws:scheduler/schedule:Schedule").flatMap((s) =>
      (s.propertyDependencies.target ?? [])
        .filter((u) => u.includes("ecs/taskDefinition:TaskDefinition"))
        .map(cpu),
    );
    const atMax = [...services, ...crons].reduce((a, b) => a + b, 0);
    assert.strictEqual(atMax, 80);
    const fargate = need(report, "fargateOnDemandVcpu");
    assert.strictEqual(fargate.needs, atMax);
    assert.ok(fargate.short);
    assert.strictEqual(
      fargate.command,
      "aws service-quotas request-service-quota-increase --service-code fargate --quota-code L-3032A538 " +
        "--desired-value 80 --region eu-west-1",
    );
    assert.ok(!report.needs.some((n) => n.id === "fargateSpotVcpu"), "prod runs no Spot tasks");
    // Lambda: 5 + 10 reserved plus the 100 Lambda keeps; the request asks for what the stack declares.
    const lambda = need(report, "lambdaConcurrency");
    assert.strictEqual(lambda.needs, 115);
    assert.strictEqual(lambda.newAccountValue, 10);
    assert.strictEqual(
      lambda.command,
      "aws service-quotas request-service-quota-increase --service-code lambda --quota-code L-B99A9384 " +
        "--desired-value 1000 --region eu-west-1",
    );
    assert.deepStrictEqual(report.commands, [fargate.command, lambda.command]);
    // What a new account holds: one VPC of 5 (plus the default VPC), NAT gateways one per zone.
    assert.strictEqual(need(report, "vpcs").needs, 2);
    assert.strictEqual(need(report, "natGatewaysPerAz").needs, 1);
    assert.strictEqual(
      need(report, "interfaceEndpointsPerVpc").needs,
      ofType(resources, "aws:ec2/vpcEndpoint:VpcEndpoint").filter(
        (e) => inputs(e).vpcEndpointType === "Interface",
      ).length,
    );
    assert.strictEqual(need(report, "albs").needs, 2);
  });

  it("asks stage for Fargate On-Demand vCPU and dev for nothing", async () => {
    const stage = quotaReport((await stackPlan("stage")).resources);
    assert.deepStrictEqual(stage.commands, [
      "aws service-quotas request-service-quota-increase --service-code fargate --quota-code L-3032A538 " +
        "--desired-value 7 --region eu-west-1",
    ]);
    assert.strictEqual(need(stage, "elasticIps").needs, 2, "one NAT gateway and the VPN server");
    const dev = quotaReport((await stackPlan("dev")).resources);
    assert.deepStrictEqual(dev.commands, []);
    assert.ok(!dev.needs.some((n) => n.id === "fargateOnDemandVcpu"), "dev runs on Spot only");
    assert.strictEqual(need(dev, "fargateSpotVcpu").needs, 6);
    assert.ok(!dev.needs.some((n) => n.id === "lambdaConcurrency"), "dev runs no function");
    const withEvents = quotaReport((await planWithParts("dev")).resources);
    assert.strictEqual(need(withEvents, "lambdaConcurrency").needs, 0, "dev reserves no concurrency");
    assert.ok(formatQuotas(dev).includes("Every quota the stack draws on fits a new account's defaults."));
  });

  it("prints the request for a quota a stack exceeds", () => {
    const eips = [0, 1, 2, 3, 4, 5].map((i) => ({ type: "aws:ec2/eip:Eip", name: `eip-${i}` }));
    const report = quotaReport(plan([PROVIDER, ...eips]));
    const command =
      "aws service-quotas request-service-quota-increase --service-code ec2 --quota-code L-0263D0A3 " +
      "--desired-value 6 --region eu-west-1";
    assert.deepStrictEqual(report.commands, [command]);
    const text = formatQuotas(report);
    assert.ok(
      text.some((l) => /^ {2}SHORT EC2-VPC Elastic IPs +needs +6 \/ +5 /.test(l)),
      text.join("\n"),
    );
    assert.ok(text.includes(`  ${command}`));
    assert.deepStrictEqual(quotaReport(plan([PROVIDER, ...eips.slice(1)])).commands, [], "5 fit");
  });

  it("prints the new-account notes only for the resources that need them", () => {
    const none = quotaReport(plan([PROVIDER, { type: "aws:s3/bucket:Bucket", name: "logs" }]));
    assert.deepStrictEqual(none.notes, []);
    assert.ok(!formatQuotas(none).some((l) => l.startsWith("New-account notes")));
    const edge = quotaReport(
      plan([PROVIDER, { type: "aws:cloudfront/distribution:Distribution", name: "site" }]),
    );
    assert.deepStrictEqual(
      edge.notes.map((n) => [n.id, n.resources]),
      [["cloudfront-verification", ["site"]]],
    );
    assert.match(
      formatQuotas(edge).join("\n"),
      /Your account must be verified before you can add new CloudFront/,
    );
    const nat = quotaReport(plan([PROVIDER, { type: "aws:ec2/natGateway:NatGateway", name: "nat" }]));
    assert.deepStrictEqual(
      nat.notes.map((n) => [n.id, n.resources]),
      [["ec2-pending-verification", ["nat"]]],
    );
  });

  it("prints both notes for every real stack (each has a distribution and NAT gateways)", async () => {
    for (const stack of ["dev", "stage", "prod"]) {
      const report = quotaReport((await stackPlan(stack)).resources);
      assert.deepStrictEqual(
        report.notes.map((n) => n.id),
        ["cloudfront-verification", "ec2-pending-verification"],
        stack,
      );
    }
  });

  it("reads the quota a stack declares it has requested: prod's Lambda concurrency, nothing for dev", () => {
    assert.deepStrictEqual(declaredQuotas(readStackFiles("prod")), {
      lambdaConcurrency: { key: "platform:lambdaConcurrencyQuota", value: 1000 },
    });
    assert.deepStrictEqual(declaredQuotas(readStackFiles("dev")), {});
  });
});
