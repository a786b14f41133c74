import * as assert from "assert";
import * as fs from "fs";

import { CONFIG_KEYS, KeySpec, NAMESPACE } from "../../stacks/config";
import { CONTRACT_VERSION } from "../../stacks/outputs";
import { CONFIG_DOCS_PATH, configDocs } from "../../tools/configDocs";
import { listStacks, readProjectFile } from "../../tools/engine/stackFiles";
import { display } from "../../tools/engine/wire";
import { expectedProvider, stackPlan } from "../helpers/graph";
import { organizationFixture } from "../helpers/organization";

const STACKS = ["dev", "stage", "prod"];

describe("stacks", () => {
  it("are exactly dev, stage and prod", () => {
    assert.deepStrictEqual(listStacks(), [...STACKS].sort());
  });

  for (const stack of STACKS) {
    describe(stack, () => {
      it("evaluates fully with its real YAML, as a preview and as an update", async () => {
        for (const mode of ["preview", "up"] as const) {
          const plan = await stackPlan(stack, mode);
          assert.deepStrictEqual(plan.problems, []);
          assert.strictEqual(plan.error, undefined, plan.error?.stack);
          assert.deepStrictEqual(plan.engineErrors, []);
          assert.ok(plan.resources.filter((r) => r.custom).length > 50);
        }
      });

      it("exports the first outputs of the contract", async () => {
        const plan = await stackPlan(stack, "up");
        const outputs = display(plan.outputs) as Record<string, unknown>;
        assert.strictEqual(outputs.contractVersion, CONTRACT_VERSION);
        assert.strictEqual(outputs.environment, stack);
        for (const key of ["accountId", "region", "vpcId", "vpcCidr", "kmsKeyArn", "availabilityZones"]) {
          assert.ok(outputs[key], `missing output ${key}`);
        }
        const subnets = outputs.subnetIds as Record<string, string[]>;
        assert.deepStrictEqual(Object.keys(subnets).sort(), ["data", "private", "public"]);
        const azs = (outputs.availabilityZones as string[]).length;
        for (const tier of ["public", "private", "data"]) {
          assert.strictEqual(subnets[tier].length, azs);
        }
      });

      it("builds every resource through an explicit provider, and all but the account inside the member account", async () => {
        const plan = await stackPlan(stack);
        const providers = plan.resources.filter((r) => r.type === "pulumi:providers:aws");
        const member = providers.find((p) => p.name === "account-provider");
        assert.ok(member);
        for (const r of plan.resources.filter((x) => x.custom && !x.type.startsWith("pulumi:providers:"))) {
          // The delegation of a created public zone is written in the parent zone's account.
          const expected = expectedProvider(r);
          assert.ok(
            r.provider?.endsWith(`::${expected}`),
            `${r.urn} uses ${r.provider ?? "the default provider"}`,
          );
        }
      });
    });
  }

  it("differ by config only: dev is cheaper than prod", async () => {
    const count = async (stack: string, type: string): Promise<number> =>
      (await stackPlan(stack)).resources.filter((r) => r.type === type).length;
    assert.strictEqual(await count("dev", "aws:ec2/natGateway:NatGateway"), 1);
    assert.strictEqual(await count("prod", "aws:ec2/natGateway:NatGateway"), 3);
    assert.strictEqual(await count("dev", "aws:ec2/subnet:Subnet"), 6);
    assert.strictEqual(await count("prod", "aws:ec2/subnet:Subnet"), 9);
    const protectedIn = async (stack: string): Promise<number> =>
      (await stackPlan(stack)).resources.filter((r) => r.protect).length;
    assert.ok((await protectedIn("prod")) > (await protectedIn("dev")));
  });
});

describe("config declarations", () => {
  const declared = readProjectFile().config ?? {};
  const specs = CONFIG_KEYS as Record<string, KeySpec>;

  it("declares in Pulumi.yaml exactly the keys Pulumi can express, with the schema's type, description and default", () => {
    for (const [key, decl] of Object.entries(declared)) {
      if (key.includes(":")) {
        continue; // provider and engine settings (pulumi:disable-default-providers)
      }
      const spec = specs[key];
      assert.ok(spec, `Pulumi.yaml declares ${key}, which stacks/config/ does not know`);
      const d = decl as { type: string; description: string; default?: unknown; items?: { type: string } };
      assert.strictEqual(d.type, spec.kind, `${key}: type`);
      assert.strictEqual(d.description, spec.description, `${key}: description`);
      assert.deepStrictEqual(d.default, spec.default, `${key}: default`);
      assert.strictEqual(d.items?.type, spec.items, `${key}: item type`);
    }
    for (const [key, spec] of Object.entries(specs)) {
      // Pulumi.yaml can type scalars and arrays of scalars, not objects or arrays of objects.
      const typeable = spec.kind === "array" ? spec.items !== undefined : spec.kind !== "object";
      const expressible = typeable && (spec.required === true || spec.default !== undefined);
      assert.strictEqual(
        key in declared,
        expressible,
        `${key} ${expressible ? "must" : "must not"} be declared in Pulumi.yaml`,
      );
    }
  });

  it("keeps docs/config.md in step with the schema (npm run docs)", () => {
    assert.strictEqual(fs.readFileSync(CONFIG_DOCS_PATH, "utf8"), configDocs());
  });

  it("sets only known keys in the stack files", async () => {
    for (const stack of STACKS) {
      const plan = await stackPlan(stack);
      assert.deepStrictEqual(plan.problems, [], `${stack}: ${NAMESPACE} config problems`);
    }
  });
});

describe("the program on bad config", () => {
  it("throws every validation problem before registering any resource", async () => {
    const { runProgram } = await import("../../tools/engine/mockEngine");
    const { main } = await import("../../stacks/program");
    const result = await runProgram(main, {
      project: "platform",
      stack: "dev",
      config: { "aws:region": "eu-west-1", "platform:tier": "qa", "platform:vpcCidr": "10.0.0.1/16" },
      preview: true,
      stackReferences: { "organization/organization/organization": { ...organizationFixture() } },
    });
    assert.strictEqual(result.error?.name, "ConfigValidationError");
    assert.match(result.error.message, /platform:tier: got "qa"/);
    assert.match(result.error.message, /platform:vpcCidr: "10.0.0.1\/16" has host bits set/);
    assert.match(result.error.message, /platform:domain: is required/);
    assert.deepStrictEqual(
      result.resources.map((r) => r.type),
      ["pulumi:pulumi:Stack"],
      "only the stack itself was registered (the organization's outputs are read, not registered)",
    );
  });
});
