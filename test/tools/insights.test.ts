import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

import { PRICES } from "../../tools/catalog/prices";
import { estimateCost } from "../../tools/insights/cost";
import { criticalPath } from "../../tools/insights/criticalPath";
import { buildDiagram, toMermaid, toSvg } from "../../tools/insights/diagram";
import { zoneFailure } from "../../tools/insights/zones";
import { stackPlan } from "../helpers/graph";
import { handPlan as graph, Spec } from "../helpers/handPlan";

const network: Spec[] = [
  { type: "aws:ec2/vpc:Vpc", name: "vpc" },
  {
    type: "aws:ec2/subnet:Subnet",
    name: "subnet-a",
    inputs: { availabilityZone: "az-a" },
    deps: { vpcId: ["vpc"] },
  },
  {
    type: "aws:ec2/subnet:Subnet",
    name: "subnet-b",
    inputs: { availabilityZone: "az-b" },
    deps: { vpcId: ["vpc"] },
  },
  {
    type: "aws:rds/subnetGroup:SubnetGroup",
    name: "db-subnets",
    deps: { subnetIds: ["subnet-a", "subnet-b"] },
  },
];

describe("deploy critical path", () => {
  it("is the longest chain of creation times, and equals its floor when nothing needless is waited for", () => {
    const g = graph([
      ...network,
      {
        type: "aws:rds/instance:Instance",
        name: "db",
        inputs: { multiAz: true },
        deps: { dbSubnetGroupName: ["db-subnets"] },
      },
      { type: "aws:lb/loadBalancer:LoadBalancer", name: "alb", deps: { subnets: ["subnet-a", "subnet-b"] } },
    ]);
    const cp = criticalPath(g);
    // vpc 5 + subnet 3 + subnet group 2 + Multi-AZ database 1080
    assert.strictEqual(cp.totalSeconds, 1090);
    assert.deepStrictEqual(
      cp.chain.map((l) => l.name),
      ["vpc", "subnet-a", "db-subnets", "db"],
    );
    assert.strictEqual(cp.floor.seconds, 1090);
    assert.strictEqual(cp.ratio, 1);
  });

  it("shows a needless link as a ratio above 1", () => {
    const g = graph([
      ...network,
      { type: "aws:lb/loadBalancer:LoadBalancer", name: "alb", deps: { subnets: ["subnet-a", "subnet-b"] } },
      // The database waits for the load balancer for no reason.
      {
        type: "aws:rds/instance:Instance",
        name: "db",
        inputs: { multiAz: true },
        deps: { dbSubnetGroupName: ["db-subnets"] },
        dependsOn: ["alb"],
      },
    ]);
    const cp = criticalPath(g);
    assert.strictEqual(cp.totalSeconds, 5 + 3 + 180 + 1080);
    assert.strictEqual(cp.floor.seconds, 1090);
    assert.ok(Math.abs(cp.ratio - 1268 / 1090) < 1e-9);
  });

  it("waits for everything under a component another resource depends on", () => {
    const g = graph([
      { type: "platform:x:Thing", name: "component", custom: false },
      { type: "aws:ec2/natGateway:NatGateway", name: "nat", parent: "component" },
      { type: "aws:sqs/queue:Queue", name: "queue", dependsOn: ["component"] },
    ]);
    assert.strictEqual(criticalPath(g).totalSeconds, 120 + 2);
  });
});

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

describe("architecture diagram", () => {
  it("draws the parts the graph holds in request-flow order, as Mermaid and SVG", async () => {
    const resources = (await stackPlan("prod")).resources;
    const d = buildDiagram(resources);
    const mermaid = toMermaid(d);
    assert.match(mermaid, /^flowchart TB/);
    assert.match(mermaid, /internet --> dns/);
    assert.match(mermaid, /postgres\["Postgres \(RDS db\.r7g\.large, Multi-AZ\)"\]/);
    const svg = toSvg(d, "prod");
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.strictEqual((svg.match(/<rect /g) ?? []).length, d.nodes.length);
    assert.strictEqual((svg.match(/<line /g) ?? []).length, d.edges.length);
  });
});

describe("docs/architecture", () => {
  for (const stack of ["dev", "stage", "prod"]) {
    it(`holds ${stack}'s diagram as generated from its plan (npm run docs)`, async () => {
      const { architectureDocs, ARCHITECTURE_DIR } = await import("../../tools/docs");
      const { md, svg } = architectureDocs(stack, (await stackPlan(stack)).resources);
      assert.strictEqual(fs.readFileSync(path.join(ARCHITECTURE_DIR, `${stack}.md`), "utf8"), md);
      assert.strictEqual(fs.readFileSync(path.join(ARCHITECTURE_DIR, `${stack}.svg`), "utf8"), svg);
    });
  }
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
