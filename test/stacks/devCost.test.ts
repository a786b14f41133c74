/**
 * Dev's defaults keep it at or under $300 a month modeled with every mandatory policy passing; what it
 * leaves out for that, stage and prod still run, and docs/cost.md says what each part costs and how to
 * turn it back on (the YAML the tests plan dev with).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

import { RecordedResource } from "../../tools/engine/mockEngine";
import { Plan, planFails } from "../../tools/engine/plan";
import { PROJECT_DIR } from "../../tools/engine/stackFiles";
import { estimateCost } from "../../tools/insights/cost";
import { DEV_LEFT_OUT, DEV_PART_YAML, DevPart, devPlanWith, ORDERS_EVENTS_YAML } from "../helpers/devParts";
import { stackPlan } from "../helpers/graph";

/** Dev's budget for its modeled monthly cost, in USD. */
const DEV_MONTHLY_LIMIT_USD = 300;

const COST_DOC = path.join(PROJECT_DIR, "docs", "cost.md");

/** The resources (type and name) that make up each part dev leaves out. */
const PART_RESOURCES: Readonly<Record<DevPart, readonly (readonly [string, string])[]>> = {
  atlas: [
    ["mongodbatlas:index/advancedCluster:AdvancedCluster", "mongodb-cluster"],
    ["aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter", "mongodb-peering-accept"],
  ],
  kafka: [["aws:msk/cluster:Cluster", "kafka"]],
  events: [
    ["aws:dynamodb/table:Table", "table-carts"],
    ["aws:dynamodb/table:Table", "table-event-log"],
    ["aws:lambda/function:Function", "fn-event-recorder"],
    ["aws:cloudwatch/eventRule:EventRule", "rule-payment-events"],
    ["aws:cloudwatch/eventRule:EventRule", "rule-audit-trail"],
    ["aws:sqs/queue:Queue", "orders-payment-events"],
  ],
};

function has(resources: readonly RecordedResource[], [type, name]: readonly [string, string]): boolean {
  return resources.some((r) => r.type === type && r.name === name);
}

function assertPlanned(plan: Plan): void {
  assert.deepStrictEqual([plan.problems, plan.error?.message, plan.engineErrors], [[], undefined, []]);
  assert.strictEqual(planFails(plan), false, "a mandatory policy violation or an AWS API rule violation");
}

const totalOf = (plan: Plan): number => estimateCost(plan.resources).totalUsd;

describe("dev's cost", () => {
  it(`models dev at or under $${DEV_MONTHLY_LIMIT_USD} a month with every mandatory policy passing`, async () => {
    const plan = await stackPlan("dev");
    assertPlanned(plan);
    const cost = estimateCost(plan.resources);
    assert.deepStrictEqual(cost.unpriced, []);
    assert.ok(
      cost.totalUsd <= DEV_MONTHLY_LIMIT_USD,
      `dev models $${cost.totalUsd} a month, above $${DEV_MONTHLY_LIMIT_USD}: ${JSON.stringify(cost.byComponent)}`,
    );
  });

  it("leaves out Atlas, Kafka and the event demo, which stage and prod still run", async () => {
    const dev = (await stackPlan("dev")).resources;
    for (const part of DEV_LEFT_OUT) {
      for (const resource of PART_RESOURCES[part]) {
        assert.ok(!has(dev, resource), `dev has ${resource.join(" ")}`);
      }
    }
    for (const stack of ["stage", "prod"]) {
      const { resources } = await stackPlan(stack);
      for (const part of DEV_LEFT_OUT) {
        for (const resource of PART_RESOURCES[part]) {
          assert.ok(has(resources, resource), `${stack} has no ${resource.join(" ")} (${part})`);
        }
      }
    }
  });

  it("plans dev with every part turned back on, as docs/cost.md says, with every mandatory policy passing", async () => {
    const full = await devPlanWith(DEV_LEFT_OUT);
    assertPlanned(full);
    for (const part of DEV_LEFT_OUT) {
      for (const resource of PART_RESOURCES[part]) {
        assert.ok(has(full.resources, resource), `no ${resource.join(" ")} with ${part} back on`);
      }
    }
    const doc = fs.readFileSync(COST_DOC, "utf8");
    for (const text of [...DEV_LEFT_OUT.map((p) => DEV_PART_YAML[p]), ORDERS_EVENTS_YAML]) {
      assert.ok(doc.includes("```yaml\n" + text + "```"), `docs/cost.md does not show:\n${text}`);
    }
  });

  it("prints in docs/cost.md what each left-out part would add to dev's modeled cost", async () => {
    const dev = totalOf(await stackPlan("dev"));
    const doc = fs.readFileSync(COST_DOC, "utf8");
    let added = 0;
    for (const part of DEV_LEFT_OUT) {
      const plan = await devPlanWith([part]);
      assertPlanned(plan);
      const extra = totalOf(plan) - dev;
      added += extra;
      const row = new RegExp(`^\\| \`${part}\` .*\\| \\$(\\d+) +\\|`, "m").exec(doc);
      assert.ok(row, `docs/cost.md has no row for ${part}`);
      assert.strictEqual(Number(row[1]), Math.round(extra), `${part} adds $${extra.toFixed(2)}`);
    }
    // The parts are independent: together they add what each adds alone.
    assert.ok(Math.abs(totalOf(await devPlanWith(DEV_LEFT_OUT)) - dev - added) < 0.05);
  });
});
