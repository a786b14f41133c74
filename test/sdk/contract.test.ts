import * as assert from "assert";
import fc from "fast-check";
import * as fs from "fs";
import * as path from "path";
import type { z } from "zod";

import {
  APP_TEAM_BLOCK_SIZE,
  APP_TEAM_BLOCKS,
  appRulePriority,
  derivedPriority,
  MAX_RULE_PRIORITY,
} from "../../components/compute/priorities";
import * as sdk from "../../sdk/src/contract";
import { OPTIONAL_OUTPUT_KEYS, OUTPUT_KEYS, platformOutputsSchema } from "../../sdk/src/contract";
import { CONTRACT_VERSION, PlatformOutputs } from "../../stacks/outputs";
import { display } from "../../tools/engine/wire";
import { stackPlan } from "../helpers/graph";

/**
 * The SDK ships the contract as a schema of its own (it imports nothing of the platform); this fails to
 * compile when the SDK's contract and the platform's outputs type differ in either direction.
 */
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesContract: Exactly<z.infer<typeof platformOutputsSchema>, PlatformOutputs> = true;
const typesMatch: Exactly<sdk.PlatformOutputs, PlatformOutputs> = true;

const SDK_DIR = path.resolve(__dirname, "..", "..", "..", "sdk");

async function exported(stack: string): Promise<Record<string, unknown>> {
  return display((await stackPlan(stack, "up")).outputs) as Record<string, unknown>;
}

describe("the platform contract", () => {
  it("is the SDK's contract, at the same version", () => {
    assert.ok(schemaMatchesContract && typesMatch);
    assert.strictEqual(sdk.CONTRACT_VERSION, CONTRACT_VERSION);
  });

  it("moves with the SDK package's version: major = contract version, with a CHANGELOG entry", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(SDK_DIR, "package.json"), "utf8")) as {
      version: string;
    };
    assert.match(pkg.version, /^\d+\.\d+\.\d+$/, "a plain semver version");
    assert.strictEqual(
      Number(pkg.version.split(".")[0]),
      CONTRACT_VERSION,
      "package major = CONTRACT_VERSION",
    );
    const changelog = fs.readFileSync(path.join(SDK_DIR, "CHANGELOG.md"), "utf8");
    assert.match(
      changelog,
      new RegExp(`^## ${pkg.version.replace(/\./g, "\\.")} `, "m"),
      "CHANGELOG.md has the version",
    );
    assert.match(
      changelog,
      new RegExp(`contract version ${CONTRACT_VERSION}\\b`),
      "and says its contract version",
    );
  });

  for (const stack of ["dev", "stage", "prod"]) {
    it(`${stack} exports every output the SDK reads, with the declared shape`, async () => {
      const outputs = await exported(stack);
      for (const key of OUTPUT_KEYS.filter((k) => !OPTIONAL_OUTPUT_KEYS.includes(k))) {
        assert.ok(key in outputs, `${stack} does not export ${key}`);
      }
      const parsed = platformOutputsSchema.safeParse(outputs);
      assert.ok(
        parsed.success,
        parsed.success ? "" : JSON.stringify(parsed.error.issues.slice(0, 5), null, 2),
      );
      assert.strictEqual(outputs.contractVersion, CONTRACT_VERSION);
    });
  }

  it("fails when an output is removed or renamed", async () => {
    const outputs = await exported("prod");
    const { internalListenerArn, ...removed } = outputs;
    assert.ok(!platformOutputsSchema.safeParse(removed).success, "a removed output fails");
    assert.ok(
      !platformOutputsSchema.safeParse({ ...removed, internalListener: internalListenerArn }).success,
      "a renamed output fails",
    );
    const data = outputs.data as Record<string, Record<string, unknown>>;
    const { port, ...postgres } = data.postgres;
    assert.ok(
      !platformOutputsSchema.safeParse({
        ...outputs,
        data: { ...data, postgres: { ...postgres, dbPort: port } },
      }).success,
      "a renamed nested output fails",
    );
  });

  it("exports secrets as secrets", async () => {
    const plan = await stackPlan("prod", "up");
    // The partner API's client secret is the one secret value the platform exports.
    const secretOf = (v: unknown): boolean =>
      typeof v === "object" &&
      v !== null &&
      (v as Record<string, unknown>)["4dabf18193072939515e22adb298388d"] ===
        "1b47061264138c4ac30d75fd1eb44270";
    if ("partnerApiClientSecret" in plan.outputs) {
      assert.ok(secretOf(plan.outputs.partnerApiClientSecret));
    }
    assert.strictEqual(
      (display(plan.outputs) as Record<string, unknown>).partnerApiClientSecret ?? "[secret]",
      "[secret]",
    );
  });
});

describe("listener rule priorities of app teams", () => {
  it("never collide across teams, nor with the platform's own rules, and keep specificity order", () => {
    const path = fc.stringMatching(/^\/[a-z]{1,6}(\/[a-z]{1,6}){0,3}(\/\*)?$/);
    fc.assert(
      fc.property(
        fc.tuple(
          fc.integer({ min: 0, max: APP_TEAM_BLOCKS - 1 }),
          path,
          fc.integer({ min: 0, max: APP_TEAM_BLOCK_SIZE - 1 }),
        ),
        fc.tuple(
          fc.integer({ min: 0, max: APP_TEAM_BLOCKS - 1 }),
          path,
          fc.integer({ min: 0, max: APP_TEAM_BLOCK_SIZE - 1 }),
        ),
        path,
        ([blockA, pathA, indexA], [blockB, pathB, indexB], platformPath) => {
          const a = appRulePriority(blockA, pathA, indexA);
          const b = appRulePriority(blockB, pathB, indexB);
          assert.ok(a >= 1 && a <= MAX_RULE_PRIORITY);
          if (blockA !== blockB) {
            assert.notStrictEqual(a, b, "two teams never share a priority");
          }
          assert.notStrictEqual(a, derivedPriority(platformPath), "apps never take a platform priority");
        },
      ),
      { numRuns: 2000 },
    );
    assert.ok(
      appRulePriority(3, "/orders/admin/*", 0) < appRulePriority(3, "/orders/*", 0),
      "more specific first",
    );
    assert.ok(
      appRulePriority(3, "/orders/*", 99) < derivedPriority("/*"),
      "an app path beats the platform's catch-all",
    );
  });

  it("refuses a slot outside the team's block", () => {
    assert.throws(() => appRulePriority(0, "/x/*", APP_TEAM_BLOCK_SIZE), /rule index 100 is outside 0\.\.99/);
    assert.throws(() => appRulePriority(APP_TEAM_BLOCKS, "/x/*", 0), /app team block 25 is outside 0\.\.24/);
  });
});

describe("docs/outputs.md", () => {
  it("is generated from the contract interface and in step with it (npm run docs)", async () => {
    const { OUTPUTS_DOCS_PATH } = await import("../../tools/docs");
    const { outputsDocs } = await import("../../tools/outputsDocs");
    const { readFileSync } = await import("fs");
    const text = outputsDocs();
    assert.strictEqual(readFileSync(OUTPUTS_DOCS_PATH, "utf8"), text);
    for (const key of OUTPUT_KEYS) {
      assert.match(text, new RegExp(`\\| \`${key}\\??\` \\|`), `${key} is documented`);
    }
    const undocumented = text.split("\n").filter((l) => /^\| `.*` \| `.*` \|\s*\|$/.test(l));
    assert.deepStrictEqual(undocumented, [], "every output says what it means");
  });
});
