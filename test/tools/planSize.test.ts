/**
 * A large environment's plan: on a worker beside the preview, and started again with a young generation
 * when `npm run plan` started it without one.
 */
import * as assert from "assert";

import { NODE_FLAGS } from "../../tools/bench";
import { LARGE_PLAN_FLAGS, relaunchFlags, WORKER_ABOVE_SERVICES } from "../../tools/planSize";

describe("the plan of a large environment", () => {
  it("starts again with a young generation when npm run plan gave it none", () => {
    assert.ok(NODE_FLAGS.includes("--single-generation"), "package.json's plan script");
    assert.deepStrictEqual(relaunchFlags(NODE_FLAGS, WORKER_ABOVE_SERVICES + 1), [
      ...NODE_FLAGS.filter((f) => f !== "--single-generation"),
      ...LARGE_PLAN_FLAGS,
    ]);
  });

  it("goes on as it was started otherwise: a smaller environment, or flags of its own", () => {
    assert.strictEqual(relaunchFlags(NODE_FLAGS, WORKER_ABOVE_SERVICES), undefined);
    assert.strictEqual(relaunchFlags(NODE_FLAGS, 0), undefined, "the organization, a stack without services");
    assert.strictEqual(relaunchFlags([], 1000), undefined, "node bin/tools/plan.js");
    assert.strictEqual(relaunchFlags(relaunchFlags(NODE_FLAGS, 1000) ?? [], 1000), undefined, "never twice");
  });
});
