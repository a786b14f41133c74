/**
 * The IAM evaluator's verdicts kept between plans: a plan reads the verdicts of the requests it met before,
 * evaluates the others, and keeps those of its own requests only; a request is known by its whole content.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

import type { AccessRequest, NamedPolicy } from "../../tools/engine/iamEvaluator";
import { planStack } from "../../tools/engine/plan";
import { findProjectDir } from "../../tools/engine/stackFiles";
import {
  evaluatorFingerprint,
  RequestKeys,
  VerdictCache,
  verdictCacheFile,
} from "../../tools/engine/verdictCache";
import { throwawayProject } from "../helpers/project";

const DEV = fs.readFileSync(path.join(findProjectDir(), "Pulumi.dev.yaml"), "utf8");

const policy = (name: string, action: string): NamedPolicy => ({
  name,
  document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: "*" }] },
});
const request = (identity: NamedPolicy[]): AccessRequest => ({
  principal: "arn:aws:iam::111111111111:role/app",
  action: "sqs:SendMessage",
  resource: "arn:aws:sqs:eu-west-1:111111111111:orders",
  resourceAccount: "111111111111",
  context: { "aws:SecureTransport": "true" },
  identity,
});

describe("the IAM verdicts kept between plans", function () {
  this.timeout(300_000);

  it("give the next plan the same report, read from the cache instead of evaluated", async () => {
    const dir = throwawayProject("verdicts-", { dev: DEV });
    const first = await planStack("dev", { dir, integrations: true, caches: true });
    assert.ok(first.integrations !== undefined && first.integrations.requests > 300);
    assert.deepStrictEqual(first.integrations.findings, []);
    const file = verdictCacheFile(dir, "dev");
    const kept = JSON.parse(fs.readFileSync(file, "utf8")) as {
      fingerprint: string;
      verdicts: Record<string, { allowed: boolean; deniedBy?: string }>;
    };
    assert.strictEqual(kept.fingerprint, evaluatorFingerprint());
    assert.ok(Object.keys(kept.verdicts).length > 100);

    const second = await planStack("dev", { dir, integrations: true, caches: true });
    assert.deepStrictEqual(second.integrations, first.integrations);

    // A kept verdict the plan reads shows in its report: turn one into a denial.
    const [key] = Object.keys(kept.verdicts);
    kept.verdicts[key] = { allowed: false, deniedBy: "the kept verdict" };
    fs.writeFileSync(file, JSON.stringify(kept));
    const third = await planStack("dev", { dir, integrations: true, caches: true });
    assert.strictEqual(third.integrations?.findings.length, 1);
    assert.match(third.integrations.findings[0].problem, /the kept verdict/);
  });

  it("know a request by its content: same policies in other objects, same key; one changed action, another", () => {
    const keys = new RequestKeys();
    const one = keys.keyOf(request([policy("app", "sqs:SendMessage")]));
    assert.strictEqual(keys.keyOf(request([policy("app", "sqs:SendMessage")])), one);
    assert.notStrictEqual(keys.keyOf(request([policy("app", "sqs:ReceiveMessage")])), one);
    assert.notStrictEqual(
      keys.keyOf(request([policy("other", "sqs:SendMessage")])),
      one,
      "names show in findings",
    );
    assert.notStrictEqual(keys.keyOf({ ...request([policy("app", "sqs:SendMessage")]), context: {} }), one);
  });

  it("keep only the verdicts of the plan's own requests, and only when they changed", () => {
    const dir = throwawayProject("verdicts-");
    const file = verdictCacheFile(dir, "dev");
    const first = new VerdictCache(file);
    first.set("a", { allowed: true });
    first.set("b", { allowed: false, deniedBy: "b" });
    first.save();
    const second = new VerdictCache(file);
    assert.deepStrictEqual(second.get("a"), { allowed: true });
    second.set("c", { allowed: true });
    second.save();
    const third = new VerdictCache(file);
    assert.strictEqual(third.get("b"), undefined, "b was not met by the second plan");
    assert.deepStrictEqual(third.get("c"), { allowed: true });
    assert.deepStrictEqual(third.get("a"), { allowed: true });
    const written = fs.statSync(file).mtimeMs;
    fs.utimesSync(file, new Date(0), new Date(0));
    third.save();
    assert.notStrictEqual(written, 0);
    assert.strictEqual(fs.statSync(file).mtimeMs, 0, "the same verdicts are not written again");
  });

  it("are no cache with another evaluator's fingerprint, or when the file is not one", () => {
    const dir = throwawayProject("verdicts-");
    const file = verdictCacheFile(dir, "dev");
    const kept = new VerdictCache(file);
    kept.set("a", { allowed: true });
    kept.save();
    const content = JSON.parse(fs.readFileSync(file, "utf8")) as { fingerprint: string };
    fs.writeFileSync(file, JSON.stringify({ ...content, fingerprint: "another evaluator" }));
    assert.strictEqual(new VerdictCache(file).get("a"), undefined);
    fs.writeFileSync(file, "{ half a fi");
    assert.strictEqual(new VerdictCache(file).get("a"), undefined);
    fs.writeFileSync(file, JSON.stringify({ ...content, verdicts: { a: "not a verdict" } }));
    assert.strictEqual(new VerdictCache(file).get("a"), undefined);
  });
});
