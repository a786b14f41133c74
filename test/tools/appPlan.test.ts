/**
 * platform-plan's findings on an app program that breaks the platform's rules: the policy pack's
 * mandatory violation and AWS's API rule both reported, and exit code 1, as the platform's own plan does.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

import { main } from "../../tools/appPlan";

const ROOT = path.resolve(__dirname, "..", "..", "..");

/** Collects what the CLI writes. */
function sink(): { text: string; write(s: string): boolean } {
  return {
    text: "",
    write(s: string): boolean {
      this.text += s;
      return true;
    },
  };
}

describe("platform-plan on a program that breaks the rules", () => {
  // Under bin/, so that the program resolves this repository's packages as an app's installed ones.
  const dir = path.join(ROOT, "bin", "app-plan-fixture");
  before(() => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: bad-app\nruntime: nodejs\nmain: program.js\n");
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config:\n  aws:region: eu-west-1\n");
    fs.writeFileSync(
      path.join(dir, "platform.json"),
      JSON.stringify({ environment: "dev", region: "eu-west-1", accountId: "111111111111" }),
    );
    fs.writeFileSync(
      path.join(dir, "program.js"),
      [
        'const aws = require("@pulumi/aws");',
        'const provider = new aws.Provider("member", { region: "eu-west-1" });',
        "// No retention (a policy), and a name CloudWatch Logs rejects (an API rule).",
        'new aws.cloudwatch.LogGroup("logs", { name: "bad name!", kmsKeyId: "arn:aws:kms:eu-west-1:111111111111:key/k" }, { provider });',
        "module.exports = { ok: true };",
      ].join("\n"),
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("reports the policy violation and the API rule, and fails", async () => {
    const out = sink();
    const err = sink();
    const code = await main(
      ["--stack", "dev", "--platform", path.join(dir, "platform.json"), "--dir", dir],
      out,
      err,
    );
    assert.strictEqual(err.text, "");
    assert.match(out.text, /^Plan of app stack dev on platform dev \(as pulumi preview, offline\)/);
    assert.match(
      out.text,
      /\[mandatory\] log-group-retention: logs\n[^]*cloudwatch\.LogGroup "logs" keeps its events forever: set retentionInDays/,
    );
    assert.match(
      out.text,
      /AWS API rules: 1 violation\(s\)[^\n]*\n\s+- aws:cloudwatch\/logGroup:LogGroup "logs": name "bad name!"/,
    );
    assert.strictEqual(code, 1);
    const doc = JSON.parse(fs.readFileSync(path.join(dir, ".plan", "dev.json"), "utf8")) as {
      outputs: unknown;
    };
    assert.deepStrictEqual(doc.outputs, { ok: true });
  });

  it("explains its arguments", async () => {
    const err = sink();
    assert.strictEqual(await main(["--stack", "dev"], sink(), err), 2);
    assert.strictEqual(
      err.text,
      "--stack and --platform are required\nusage: platform-plan --stack <name> --platform <outputs.json> [--dir <project>] [--out <file>] [--up]\n",
    );
  });
});
