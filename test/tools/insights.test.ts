import * as assert from "assert";

import { PRICES } from "../../tools/catalog/prices";
import { estimateCost } from "../../tools/insights/cost";
import { zoneFailure } from "../../tools/insights/zones";
import { stackPlan } from "../helpers/graph";
import { handPlan as graph, NETWORK as network } from "../helpers/handPlan";

describe("monthly cost estimate", () => {
  it("prices sizes from the table and lists usage as assumptions", () => {
    const g = graph([
      { type: "aws:ec2/natGateway:NatGateway", name: "nat" },
      { type: "aws:ec2/eip:Eip", name: "eip" },
      {
        type: "aws:rds/instance:Instance",
        name: "db",
        inputs: { instanceClass: "db.t4g.micro", multiAz: true, allocatedStorage: 20 },
      },
      { type: "aws:rds/instance:Instance", name: "huge", inputs: { instanceClass: "db.x99.mega" } },
    ]);
    const cost = estimateCost(g);
    const h = PRICES.hoursPerMonth;
    const expectedDb = 0.018 * 2 * h + 20 * PRICES.monthly.rdsGp3GbSingleAz * 2;
    const line = (name: string): number => cost.lines.find((l) => l.resource === name)!.monthlyUsd;
    assert.ok(Math.abs(line("db") - expectedDb) < 1e-9);
    assert.ok(Math.abs(line("nat") - 0.048 * h) < 1e-9);
    assert.ok(Math.abs(line("eip") - 0.005 * h) < 1e-9);
    assert.deepStrictEqual(cost.unpriced, ["aws:rds/instance:Instance size db.x99.mega"]);
    assert.deepStrictEqual(
      cost.assumptions.map((a) => a.resource),
      ["nat"],
    );
    assert.match(cost.assumptions[0].basis, /assumed 100 GB processed/);
    assert.ok(Math.abs(cost.totalUsd - (cost.fixedUsd + cost.usageUsd)) < 1e-9);
  });

  it("prices an alarm per metric it reads, and tables and functions as usage", () => {
    const g = graph([
      {
        type: "aws:cloudwatch/metricAlarm:MetricAlarm",
        name: "cpu",
        inputs: { metricName: "CPUUtilization" },
      },
      {
        type: "aws:cloudwatch/metricAlarm:MetricAlarm",
        name: "tasks-missing",
        inputs: { metricQueries: [{ id: "a", metric: {} }, { id: "b", metric: {} }, { id: "result" }] },
      },
      { type: "aws:dynamodb/table:Table", name: "carts" },
      { type: "aws:lambda/function:Function", name: "recorder" },
    ]);
    const cost = estimateCost(g);
    const line = (name: string): number => cost.lines.find((l) => l.resource === name)!.monthlyUsd;
    assert.ok(Math.abs(line("cpu") - 0.1) < 1e-9);
    assert.ok(
      Math.abs(line("tasks-missing") - 0.2) < 1e-9,
      "metric math: one per metric, not the expression",
    );
    assert.deepStrictEqual(cost.assumptions.map((a) => a.resource).sort(), ["carts", "recorder"]);
  });
});

describe("zone-failure check", () => {
  it("reports a single-AZ store and a single NAT, and not their Multi-AZ twins", () => {
    const g = graph([
      ...network,
      { type: "aws:ec2/natGateway:NatGateway", name: "nat", deps: { subnetId: ["subnet-a"] } },
      {
        type: "aws:rds/instance:Instance",
        name: "single",
        inputs: { multiAz: false },
        deps: { dbSubnetGroupName: ["db-subnets"] },
      },
      {
        type: "aws:rds/instance:Instance",
        name: "multi",
        inputs: { multiAz: true },
        deps: { dbSubnetGroupName: ["db-subnets"] },
      },
      {
        type: "aws:ecs/service:Service",
        name: "api",
        inputs: { desiredCount: 2 },
        deps: { networkConfiguration: ["subnet-a", "subnet-b"] },
      },
      {
        type: "aws:ecs/service:Service",
        name: "lonely",
        inputs: { desiredCount: 1 },
        deps: { networkConfiguration: ["subnet-a", "subnet-b"] },
      },
    ]);
    const report = zoneFailure(g);
    assert.deepStrictEqual(report.zones, ["az-a", "az-b"]);
    assert.deepStrictEqual(report.lostByZone["az-a"].sort(), [
      "NAT egress",
      "postgres single",
      "service lonely",
    ]);
    assert.deepStrictEqual(report.lostByZone["az-b"].sort(), ["postgres single", "service lonely"]);
  });

  it("finds nothing that the loss of one AZ takes down in the real prod stack", async () => {
    const report = zoneFailure((await stackPlan("prod")).resources);
    assert.ok(report.zones.length >= 3);
    assert.ok(report.tiers.length >= 5, "the check sees the tiers");
    for (const az of report.zones) {
      assert.deepStrictEqual(report.lostByZone[az], [], `losing ${az}`);
    }
  });
});

describe("stack comparison", () => {
  it("puts sizes, cost and availability of two stacks side by side", async () => {
    const { insights } = await import("../../tools/insights");
    const { formatComparison, PROVIDERS_ROW, summarize } = await import("../../tools/insights/compare");
    const dev = (await stackPlan("dev")).resources;
    const prod = (await stackPlan("prod")).resources;
    const a = summarize("dev", dev, insights(dev));
    const b = summarize("prod", prod, insights(prod));
    assert.strictEqual(a.sizes["NAT gateways"], "1");
    assert.strictEqual(b.sizes["NAT gateways"], "3");
    assert.ok(a.singleZoneTiers.includes("NAT egress"));
    assert.deepStrictEqual(b.singleZoneTiers, []);
    assert.ok(b.monthlyUsd > a.monthlyUsd);
    const text = formatComparison(a, b).join("\n");
    assert.match(text, /NAT gateways\s+1\s+3\s+\*/);
    assert.match(text, /lost with one AZ in dev only: .*NAT egress/);
    // Components are the top-level component resources; the top-level providers are one row of their own.
    const topProviders = prod.filter(
      (r) =>
        r.type.startsWith("pulumi:providers:") && r.parent?.endsWith("::pulumi:pulumi:Stack::platform-prod"),
    );
    assert.ok(topProviders.length > 0);
    for (const p of topProviders) {
      assert.strictEqual(b.byComponent[p.name], undefined, `provider ${p.name} listed as a component`);
    }
    assert.strictEqual(b.byComponent[PROVIDERS_ROW], topProviders.length);
  });
});
