import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

import { checkResource } from "../../tools/engine/apiRules";
import { planFails } from "../../tools/engine/plan";
import { findProjectDir } from "../../tools/engine/stackFiles";
import { throwawayProject } from "../helpers/project";

const ROOT = findProjectDir();
const PLAN = path.join(ROOT, "bin", "tools", "plan.js");

/** A throwaway project directory with the real Pulumi.yaml, the real organization project and one stack file. */
function project(stack: string, stackYaml: string): string {
  return throwawayProject("plan-", { [stack]: stackYaml });
}

function plan(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [PLAN, ...args], { cwd, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const DEV = fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8");

describe("npm run plan", () => {
  it("prints the component tree and writes the JSON plan", () => {
    const dir = project("dev", DEV);
    const out = path.join(dir, "plan.json");
    const r = plan(dir, "--stack", "dev", "--out", out);
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, /network \(platform:network:Network\)\s+\d+/);
    assert.match(r.stdout, /\d+ resources in \d+ components/);
    assert.match(
      r.stdout,
      /\nNew-account quotas \(eu-west-1; [^\n]*\n {2}(ok {3}|SHORT) Fargate Spot vCPU resource count/,
    );
    const doc = JSON.parse(fs.readFileSync(out, "utf8")) as { resources: Array<Record<string, unknown>> };
    const subnet = doc.resources.find((x) => x.type === "aws:ec2/subnet:Subnet")!;
    for (const field of [
      "urn",
      "type",
      "name",
      "parent",
      "dependencies",
      "propertyDependencies",
      "protect",
      "inputs",
    ]) {
      assert.ok(field in subnet, `plan resources carry ${field}`);
    }
    assert.strictEqual(
      (subnet.inputs as Record<string, unknown>).vpcId,
      "<computed>",
      "ids are unknown, as in a preview",
    );
    assert.match(r.stdout, /\nAWS API rules: no violation\n/);
    assert.deepStrictEqual((doc as unknown as { apiRules: unknown }).apiRules, { violations: [] });
  });

  it("fails on any violation of AWS's API rules, as on a mandatory policy violation", () => {
    const violation = checkResource({
      urn: "urn:pulumi:dev::platform::aws:lb/loadBalancer:LoadBalancer::internal-alb",
      type: "aws:lb/loadBalancer:LoadBalancer",
      name: "internal-alb",
      inputs: { name: "internal-alb-1234567" },
    });
    assert.strictEqual(violation.length, 1);
    assert.strictEqual(planFails({ diagnostics: [], apiViolations: violation }), true);
    assert.strictEqual(planFails({ diagnostics: [], apiViolations: [] }), false);
  });

  it("exits 1 with only the validation errors on bad config", () => {
    const dir = project(
      "dev",
      DEV.replace("platform:tier: dev", "platform:tier: qa").replace("10.10.0.0/16", "10.10.0.0/26"),
    );
    const r = plan(dir, "--stack", "dev", "--out", path.join(dir, "plan.json"));
    assert.strictEqual(r.status, 1);
    assert.strictEqual(r.stdout, "");
    assert.match(r.stderr, /platform:tier: got "qa"; allowed values: "dev", "stage", "prod"/);
    assert.match(r.stderr, /platform:vpcCidr: got "10.10.0.0\/26"; the VPC prefix must be between/);
    assert.ok(!fs.existsSync(path.join(dir, "plan.json")), "no plan is written");
  });

  it("rejects a secure: value for a setting that is not a secret, before it can leak into resources", () => {
    const ciphertext = "v1:Zm9vYmFyYmF6:cXV4cXV4cXV4cXV4";
    const dir = project(
      "dev",
      DEV.replace("platform:owner: platform-team", `platform:owner:\n    secure: ${ciphertext}`),
    );
    const r = plan(dir, "--stack", "dev", "--out", path.join(dir, "plan.json"));
    assert.strictEqual(r.status, 1);
    assert.match(r.stderr, /platform:owner: is stored as a secret but is not a secret setting/);
  });

  it("names the known stacks when asked for an unknown one", () => {
    const r = plan(ROOT, "--stack", "qa");
    assert.strictEqual(r.status, 2);
    assert.match(r.stderr, /no stack "qa".*stacks: dev, prod, stage/);
  });
});
