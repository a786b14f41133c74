/**
 * A preview's second run on a worker thread, and the organization's outputs kept between plans: each
 * gives the plan exactly what the work it replaces gives.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

import {
  organizationCacheFile,
  organizationFingerprint,
  readCachedOrganization,
  writeCachedOrganization,
} from "../../tools/engine/organizationCache";
import { organizationOutputs, planStack } from "../../tools/engine/plan";
import { SecondRunWorker } from "../../tools/engine/secondRun";
import { findProjectDir, readStackFiles } from "../../tools/engine/stackFiles";
import { throwawayProject } from "../helpers/project";

const ROOT = findProjectDir();

describe("a preview's second run on a worker thread", function () {
  this.timeout(300_000);

  it("judges the same integrations as the run after the preview on the plan's own thread", async () => {
    const inThread = await planStack("dev", { integrations: true });
    const beside = await planStack("dev", { integrations: new SecondRunWorker() });
    assert.ok(inThread.integrations !== undefined && inThread.integrations.requests > 300);
    assert.deepStrictEqual(beside.integrations, inThread.integrations);
    assert.strictEqual(beside.upFailure, undefined);
    assert.deepStrictEqual(
      beside.resources.map((r) => r.urn),
      inThread.resources.map((r) => r.urn),
    );
  });

  it("is let go by a plan that does not run: its thread stops", async () => {
    const files = readStackFiles("dev");
    const worker = new SecondRunWorker();
    const plan = await planStack("dev", {
      files: { ...files, config: { ...files.config, "platform:tier": "bogus" } },
      integrations: worker,
    });
    assert.ok(plan.problems.some((p) => p.key === "platform:tier"));
    const stopped = await Promise.race([
      worker.exited.then(() => "stopped"),
      new Promise((resolve) => setTimeout(() => resolve("still running"), 10_000)),
    ]);
    assert.strictEqual(stopped, "stopped");
  });

  it("answers with why its run failed, as the plan reports a second run that fails", async () => {
    const { outputs } = await organizationOutputs();
    const result = await new SecondRunWorker().run({
      stack: "no-such-stack",
      dir: ROOT,
      organization: outputs,
    });
    assert.strictEqual(result.integrations, undefined);
    assert.match(result.upFailure ?? "", /no-such-stack/);
  });
});

describe("the organization's outputs kept between plans", function () {
  this.timeout(300_000);

  it("are the outputs of the organization's plan, kept under .plan/cache with their fingerprint", async () => {
    const planned = await organizationOutputs(throwawayProject("org-cache-"));
    const dir = throwawayProject("org-cache-");
    const kept = await organizationOutputs(dir, true);
    assert.deepStrictEqual(kept.outputs, planned.outputs);
    assert.strictEqual(kept.source, planned.source);
    const fingerprint = organizationFingerprint(dir, "organization");
    assert.deepStrictEqual(readCachedOrganization(dir, "organization", fingerprint), planned.outputs);
    assert.ok(fs.existsSync(organizationCacheFile(dir, "organization")));
  });

  it("are read only with the fingerprint of the same stack files, program and packages", () => {
    const dir = throwawayProject("org-cache-");
    const before = organizationFingerprint(dir, "organization");
    assert.strictEqual(organizationFingerprint(dir, "organization"), before, "stable");
    const outputs = { marker: "kept" } as never;
    writeCachedOrganization(dir, "organization", before, outputs);
    assert.deepStrictEqual(readCachedOrganization(dir, "organization", before), outputs);

    const stackFile = path.join(dir, "organization", "Pulumi.organization.yaml");
    fs.appendFileSync(stackFile, "# an edit\n");
    const after = organizationFingerprint(dir, "organization");
    assert.notStrictEqual(after, before, "an edit of the organization's stack file changes the fingerprint");
    assert.strictEqual(readCachedOrganization(dir, "organization", after), undefined);
  });

  it("are no cache when the file is not one", () => {
    const dir = throwawayProject("org-cache-");
    const fingerprint = organizationFingerprint(dir, "organization");
    fs.mkdirSync(path.dirname(organizationCacheFile(dir, "organization")), { recursive: true });
    fs.writeFileSync(organizationCacheFile(dir, "organization"), "{ half a fi");
    assert.strictEqual(readCachedOrganization(dir, "organization", fingerprint), undefined);
  });
});
