import * as assert from "assert";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";

import { SERVICES_BUILT_AT_ONCE } from "../../stacks/edge";
import { pairedRatio, perResourceCost, syntheticMix, syntheticProject } from "../../tools/bench";
import { planFails, planStack } from "../../tools/engine/plan";

describe("npm run bench: the synthetic environments", () => {
  it("plans more services than an environment builds in one go, every module complete", async () => {
    const count = SERVICES_BUILT_AT_ONCE + 5;
    const dir = syntheticProject(count);
    const org = yaml.load(
      fs.readFileSync(path.join(dir, "organization", "Pulumi.organization.yaml"), "utf8"),
    ) as {
      config: Record<string, { name: string }[]>;
    };
    assert.deepStrictEqual(
      org.config["organization:environments"].map((e) => e.name),
      ["dev", "stage", "synthetic"],
      "the real organization, with the synthetic stack as its prod environment",
    );
    const plan = await planStack("synthetic", { dir });
    assert.deepStrictEqual(plan.problems, []);
    assert.strictEqual(plan.error, undefined);
    assert.deepStrictEqual(plan.engineErrors, []);
    assert.strictEqual(planFails(plan), false, JSON.stringify([...plan.diagnostics, ...plan.apiViolations]));
    const services = plan.resources.filter((r) => r.type === "platform:compute:Service");
    // The prod stack's public gateway, then the synthetic services.
    assert.strictEqual(services.length, count + 1);
    const { workers } = syntheticMix(count);
    const queuesOf = (service: string): number =>
      plan.resources.filter((r) => r.type === "aws:sqs/queue:Queue" && r.urn.includes(`::${service}-`))
        .length;
    const withQueues = services.map((s) => s.name).filter((name) => queuesOf(name) > 0);
    // Each worker's two queues and their dead-letter queues, as in the first service built.
    assert.strictEqual(withQueues.filter((name) => queuesOf(name) === 4).length, workers);
  });

  it("costs each resource what the plan takes beyond the SDK load", () => {
    const base = { ms: 1000, maxRssMb: 100 };
    assert.deepStrictEqual(perResourceCost({ ms: 21000, maxRssMb: 2100 }, base, 10000), { ms: 2, kb: 204.8 });
  });

  it("takes a ratio round by round: the machine's speed drifting between rounds does not move it", () => {
    const run = (ms: number): { ms: number; maxRssMb: number } => ({ ms, maxRssMb: 0 });
    // Full speed, then half, then a third: each plan takes 3x its round's base.
    assert.strictEqual(pairedRatio([run(3000), run(6000), run(9000)], [run(1000), run(2000), run(3000)]), 3);
    // Two rounds on a slow machine for the plans, one for the bases: the median of the plans' times over
    // that of the bases' would say 5400 / 1000 = 5.4; each round says 2.7 but the one that slowed down midway.
    const plans = [run(2700), run(5400), run(5400)];
    const bases = [run(1000), run(2000), run(1000)];
    assert.strictEqual(pairedRatio(plans, bases), 2.7);
  });
});
