/**
 * The SDK's modules the plan never calls, deferred until first use (tools/engine/sdkDeferral.ts): not loaded
 * with the SDK, loaded and served whole on first use, and the plan the same with them deferred or not.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

import { deferredSdkFiles } from "../../tools/engine/sdkDeferral";
import { findProjectDir } from "../../tools/engine/stackFiles";
import { throwawayProject } from "../helpers/project";

const ROOT = findProjectDir();
const DEFERRAL = path.join(ROOT, "bin", "tools", "engine", "sdkDeferral.js");

/** Runs `script` in a fresh node, in the project, and returns what it prints as JSON. */
function inFreshNode(script: string): unknown {
  // (stderr aside: the SDK's closure serializer reads every built-in module, and Node warns about two.)
  const printed = execFileSync(process.execPath, ["-e", script], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  return JSON.parse(printed);
}

describe("the SDK's modules deferred until first use", function () {
  this.timeout(300_000);

  it("resolve to files of the installed SDK's dependencies", () => {
    const files = deferredSdkFiles();
    assert.strictEqual(files.length, 4);
    for (const file of files) {
      assert.ok(fs.existsSync(file), file);
    }
  });

  it("are not loaded with the SDK, and load on first use with everything the SDK reads from them", () => {
    const loaded = inFreshNode(`
      const deferred = require(${JSON.stringify(DEFERRAL)}).deferUnusedSdkModules();
      const modules = () => Object.keys(require.cache);
      const pulumi = require("@pulumi/pulumi");
      const before = modules().length;
      const npm = modules().filter((m) => m.includes("/node_modules/@npmcli/")).length;
      const ts = modules().filter((m) => m.includes("/node_modules/typescript/")).length;
      Promise.all([pulumi.runtime.serializeFunction(() => 42), pulumi.runtime.computeCodePaths()]).then(([serialized, codePaths]) => {
        console.log(JSON.stringify({
          deferred: deferred.length,
          npm,
          ts,
          workspace: typeof pulumi.automation.LocalWorkspace,
          arborist: typeof require("@pulumi/pulumi/runtime/closure/codePaths") && typeof require(${JSON.stringify(deferredSdkFiles()[0])}).Arborist,
          serialized: serialized.text.includes("42"),
          codePaths: codePaths instanceof Map,
          npmLoaded: modules().filter((m) => m.includes("/node_modules/@npmcli/")).length > 1,
          grown: modules().length > before,
        }));
      });
    `);
    assert.deepStrictEqual(loaded, {
      deferred: 4,
      npm: 1, // the stand-in's place only
      ts: 1,
      workspace: "function",
      arborist: "function",
      serialized: true,
      codePaths: true,
      npmLoaded: true,
      grown: true,
    });
  });

  it("leave the plan as it is: the CLI plans the same with them deferred (tools/run.cjs) and without", () => {
    const dev = fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8");
    const plans = ["deferred", "loaded"].map((how) => {
      const dir = throwawayProject("deferral-", { dev });
      const out = path.join(dir, "plan.json");
      const entry =
        how === "deferred"
          ? [path.join(ROOT, "tools", "run.cjs"), "plan"]
          : [path.join(ROOT, "bin", "tools", "plan.js")];
      execFileSync(process.execPath, [...entry, "--stack", "dev", "--out", out], {
        cwd: dir,
        stdio: "ignore",
      });
      return fs.readFileSync(out, "utf8");
    });
    assert.ok(plans[0].length > 100_000);
    assert.strictEqual(plans[0], plans[1]);
  });
});
