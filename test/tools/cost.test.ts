import * as assert from "assert";

import { PRICES } from "../../tools/catalog/prices";
import { planFails } from "../../tools/engine/plan";
import { formatInsights, insights } from "../../tools/insights";
import { estimateCost } from "../../tools/insights/cost";
import { stackPlan } from "../helpers/graph";
import { handPlan as graph } from "../helpers/handPlan";

const H = PRICES.hoursPerMonth;
const line = (cost: ReturnType<typeof estimateCost>, name: string): number | undefined =>
  cost.lines.find((l) => l.resource === name)?.monthlyUsd;
const near = (a: number | undefined, b: number): boolean => a !== undefined && Math.abs(a - b) < 1e-6;

describe("monthly cost fixes", () => {
  it("charges an internet-facing load balancer a public IPv4 address per AZ, an internal one none", () => {
    const cost = estimateCost(
      graph([
        { type: "aws:ec2/subnet:Subnet", name: "a" },
        { type: "aws:ec2/subnet:Subnet", name: "b" },
        { type: "aws:ec2/subnet:Subnet", name: "c" },
        {
          type: "aws:lb/loadBalancer:LoadBalancer",
          name: "public",
          inputs: { internal: false, subnets: ["x", "y", "z"] },
          deps: { subnets: ["a", "b", "c"] },
        },
        {
          type: "aws:lb/loadBalancer:LoadBalancer",
          name: "internal",
          inputs: { internal: true, subnets: ["x", "y", "z"] },
          deps: { subnets: ["a", "b", "c"] },
        },
      ]),
    );
    assert.ok(near(line(cost, "public"), (0.0252 + 3 * 0.005) * H), String(line(cost, "public")));
    assert.ok(near(line(cost, "internal"), 0.0252 * H));
    assert.match(cost.lines.find((l) => l.resource === "public")!.basis, /3 public IPv4/);
  });

  it("prices a read replica at its source's storage, not a default", () => {
    const cost = estimateCost(
      graph([
        {
          type: "aws:rds/instance:Instance",
          name: "db",
          inputs: { instanceClass: "db.t4g.medium", allocatedStorage: 500 },
        },
        {
          type: "aws:rds/instance:Instance",
          name: "replica",
          inputs: { instanceClass: "db.t4g.medium" },
          deps: { replicateSourceDb: ["db"] },
        },
      ]),
    );
    assert.ok(near(line(cost, "replica"), 0.073 * H + 500 * PRICES.monthly.rdsGp3GbSingleAz));
    assert.ok(near(line(cost, "replica"), line(cost, "db")!));
  });

  it("prices Valkey nodes 20% below the Redis OSS rate", () => {
    const group = (name: string, engine: string) => ({
      type: "aws:elasticache/replicationGroup:ReplicationGroup",
      name,
      inputs: { engine, nodeType: "cache.r7g.large", numCacheClusters: 2 },
    });
    const cost = estimateCost(graph([group("valkey", "valkey"), group("redis", "redis")]));
    assert.ok(near(line(cost, "redis"), 0.241 * 2 * H));
    assert.ok(near(line(cost, "valkey"), 0.241 * 0.8 * 2 * H));
  });

  it("assumes DynamoDB requests at the on-demand prices of November 2024", () => {
    const cost = estimateCost(graph([{ type: "aws:dynamodb/table:Table", name: "t" }]));
    const [a] = cost.assumptions;
    // 5 GB x 0.283 + 10 M writes x 0.7068 + 50 M reads x 0.1413 + 5 GB PITR x 0.224
    assert.ok(Math.abs(a.monthlyUsd - (5 * 0.283 + 10 * 0.7068 + 50 * 0.1413 + 5 * 0.224)) < 0.01);
    assert.match(a.basis, /\$0\.7068\/M/);
  });

  it("charges dashboards beyond the account's three free ones only", () => {
    const cost = estimateCost(
      graph(["d1", "d2", "d3", "d4"].map((name) => ({ type: "aws:cloudwatch/dashboard:Dashboard", name }))),
    );
    assert.deepStrictEqual(
      cost.lines.map((l) => [l.resource, l.monthlyUsd]),
      [["d4", PRICES.monthly.dashboard]],
    );
    assert.strictEqual(cost.free.length, 3);
  });
});

describe("the cost in the plan's text", () => {
  it("prints every usage assumption, by type, with its quantity", async () => {
    const resources = (await stackPlan("stage")).resources;
    const text = formatInsights(insights(resources)).join("\n");
    const cost = estimateCost(resources);
    assert.match(text, /usage assumed each month/);
    for (const a of cost.assumptions) {
      assert.ok(text.includes(a.basis), `${a.type}: ${a.basis} is not printed`);
    }
    assert.match(text, /\d+ x cloudwatch\/logGroup: assumed 5 GB ingested/);
  });

  it("models dev with every mandatory policy passing and every size priced", async () => {
    const plan = await stackPlan("dev");
    const cost = estimateCost(plan.resources);
    assert.strictEqual(planFails(plan), false);
    assert.deepStrictEqual(cost.unpriced, []);
    assert.ok(
      !cost.assumptions.some((a) => a.type === "aws:inspector2/enabler:Enabler"),
      "no Inspector in dev",
    );
  });
});
