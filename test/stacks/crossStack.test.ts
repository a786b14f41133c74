/** Checks across stacks: blocks, domains and names one environment may not share with another. */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { rawStackConfig, validateStackConfig } from "../../stacks/config";
import { crossStackProblems, StackEntry, uniqueAcross } from "../../stacks/config/crossStack";
import { organizationOutputs } from "../../tools/engine/plan";
import { projectDirs, readProjectStacks } from "../../tools/engine/stackFiles";
import { BASE_VALUES } from "../helpers/config";

/** A stack of this program: the base values, its own VPC and domain, and `changes`. */
function stack(name: string, changes: Record<string, string> = {}): StackEntry {
  const values = { ...BASE_VALUES, domain: `${name}.example.com`, ...changes };
  const config = Object.fromEntries(Object.entries(values).map(([k, v]) => [`platform:${k}`, v]));
  return {
    project: "platform",
    stack: name,
    file: `Pulumi.${name}.yaml`,
    config: { "aws:region": "eu-west-1", ...config },
    secretKeys: [],
  };
}

const dev = stack("dev", { vpcCidr: "10.10.0.0/16" });
const stage = stack("stage", { vpcCidr: "10.20.0.0/16" });

const lines = (entries: StackEntry[], of?: string): string[] =>
  crossStackProblems(entries, of === undefined ? undefined : { project: "platform", stack: of }).map(
    (p) => `${p.key}: ${p.message}`,
  );

const DISJOINT =
  "every environment's blocks must be disjoint from every other's, so that a route or a VPN client's address means one place";

describe("checks across stacks", () => {
  it("pass on stacks that share nothing", () => {
    assert.deepStrictEqual(lines([dev, stage]), []);
  });

  it("refuse a VPC inside another stack's, naming both stacks and keys, from either side", () => {
    const inside = stack("stage", { vpcCidr: "10.10.128.0/17" });
    assert.deepStrictEqual(lines([dev, inside]), [
      `platform:vpcCidr: "10.10.128.0/17" of stack stage (Pulumi.stage.yaml) overlaps platform:vpcCidr "10.10.0.0/16" of stack dev (Pulumi.dev.yaml); ${DISJOINT}`,
    ]);
    assert.deepStrictEqual(lines([dev, inside], "dev"), [
      `platform:vpcCidr: "10.10.0.0/16" of stack dev (Pulumi.dev.yaml) overlaps platform:vpcCidr "10.10.128.0/17" of stack stage (Pulumi.stage.yaml); ${DISJOINT}`,
    ]);
    assert.deepStrictEqual(lines([dev, inside, stack("prod", { vpcCidr: "10.30.0.0/16" })], "prod"), []);
  });

  it("refuse an Atlas container, a Confluent network or a VPN pool inside another stack's blocks", () => {
    const atlas = stack("stage", {
      vpcCidr: "10.20.0.0/16",
      mongodbEnabled: "true",
      mongodbAtlasOrgId: "5f1a2b3c4d5e6f7a8b9c0d1e",
      mongodbAtlasCidr: "192.168.248.0/21",
    });
    const vpn = stack("qa", {
      vpcCidr: "10.40.0.0/16",
      vpn: "true",
      vpnAllowedCidrs: '["0.0.0.0/0"]',
      vpnClientPool: "192.168.250.0/24",
    });
    const confluent = stack("perf", {
      vpcCidr: "10.50.0.0/16",
      kafkaProvider: "confluent",
      confluentClusterType: "dedicated",
      confluentNetworkCidr: "10.10.0.0/16",
    });
    assert.deepStrictEqual(lines([dev, atlas, vpn, confluent]), [
      `platform:confluentNetworkCidr: "10.10.0.0/16" of stack perf (Pulumi.perf.yaml) overlaps platform:vpcCidr "10.10.0.0/16" of stack dev (Pulumi.dev.yaml); ${DISJOINT}`,
      `platform:vpnClientPool: "192.168.250.0/24" of stack qa (Pulumi.qa.yaml) overlaps platform:mongodbAtlasCidr "192.168.248.0/21" of stack stage (Pulumi.stage.yaml); ${DISJOINT}`,
    ]);
  });

  it("claim a block only when what claims it is on", () => {
    const offAtlas = stack("stage", { vpcCidr: "10.20.0.0/16", mongodbAtlasCidr: "10.10.0.0/21" });
    assert.deepStrictEqual(lines([dev, offAtlas]), []);
  });

  it("refuse a domain twice, once (not also as the Cognito prefix it gives)", () => {
    const same = stack("stage", { vpcCidr: "10.20.0.0/16", domain: "dev.example.com" });
    assert.deepStrictEqual(lines([dev, same]), [
      'platform:domain: "dev.example.com" of stack stage (Pulumi.stage.yaml) is the same as platform:domain "dev.example.com" of stack dev (Pulumi.dev.yaml); each environment owns its domain (its public zone and the parent\'s delegation to it)',
    ]);
  });

  it("refuse two domains that give the same Cognito prefix in one region", () => {
    const a = stack("dev", { vpcCidr: "10.10.0.0/16", domain: "a-b.example.com" });
    const b = stack("stage", { vpcCidr: "10.20.0.0/16", domain: "a.b.example.com" });
    assert.deepStrictEqual(lines([a, b]), [
      'platform:domain: "a.b.example.com" of stack stage (Pulumi.stage.yaml) gives the same Cognito domain prefix as platform:domain "a-b.example.com" of stack dev (Pulumi.dev.yaml); the Cognito domain prefix derived from a domain (dots become \'-\') is unique in a region across all of AWS',
    ]);
    const elsewhere = { ...b, config: { ...b.config, "aws:region": "eu-central-1" } };
    assert.deepStrictEqual(lines([a, elsewhere]), []);
  });

  it("refuse two stacks with one base name", () => {
    const a = stack("ef", { vpcCidr: "10.10.0.0/16", namePrefix: "ab-cd" });
    const b = stack("cd-ef", { vpcCidr: "10.20.0.0/16", namePrefix: "ab" });
    assert.deepStrictEqual(lines([a, b]), [
      'platform:namePrefix: "ab-cd-ef" of stack cd-ef (Pulumi.cd-ef.yaml) is the same as platform:namePrefix "ab-cd-ef" of stack ef (Pulumi.ef.yaml); <namePrefix>-<stack> is the environment\'s base name, which its physical names start with',
    ]);
  });

  it("take a check on another project's keys as one small function", () => {
    const org = (name: string, email: string): StackEntry => ({
      project: "organization",
      stack: name,
      file: `organization/Pulumi.${name}.yaml`,
      config: { "organization:rootEmail": email },
      secretKeys: [],
    });
    const uniqueEmails = uniqueAcross(
      (e) =>
        e.config["organization:rootEmail"]
          ? [{ key: "organization:rootEmail", value: e.config["organization:rootEmail"] }]
          : [],
      "an account's root e-mail is unique across AWS",
      (v) => v.toLowerCase(),
    );
    const entries = [dev, org("main", "aws@example.com"), org("sandbox", "AWS@example.com")];
    assert.deepStrictEqual(
      crossStackProblems(entries, { project: "organization", stack: "main" }, [uniqueEmails]).map(
        (p) => p.message,
      ),
      [
        '"aws@example.com" of stack main (organization/Pulumi.main.yaml) is the same as organization:rootEmail "AWS@example.com" of stack sandbox (organization/Pulumi.sandbox.yaml); an account\'s root e-mail is unique across AWS',
      ],
    );
  });

  it("read the stack files of the project and of organization/ once it has a Pulumi.yaml", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "stacks-"));
    fs.writeFileSync(path.join(root, "Pulumi.yaml"), "name: platform\nruntime: nodejs\n");
    fs.writeFileSync(path.join(root, "Pulumi.dev.yaml"), "config:\n  platform:tier: dev\n");
    fs.mkdirSync(path.join(root, "organization"));
    fs.writeFileSync(path.join(root, "organization", "Pulumi.organization.yaml"), "config: {}\n");
    assert.deepStrictEqual(projectDirs(root), [root], "no Pulumi.yaml yet: not a project");
    fs.writeFileSync(path.join(root, "organization", "Pulumi.yaml"), "name: organization\nruntime: nodejs\n");
    const entries = readProjectStacks(projectDirs(root));
    assert.deepStrictEqual(
      entries.map((e) => [e.project, e.stack, e.file, e.config]),
      [
        ["platform", "dev", "Pulumi.dev.yaml", { "platform:tier": "dev" }],
        ["organization", "organization", path.join("organization", "Pulumi.organization.yaml"), {}],
      ],
    );
  });

  it("pass on the real stack files, which each pass on their own too", async () => {
    const entries = readProjectStacks(projectDirs());
    assert.deepStrictEqual(
      entries.map((e) => `${e.project}/${e.stack}`),
      ["platform/dev", "platform/prod", "platform/stage", "organization/organization"],
    );
    assert.deepStrictEqual(lines(entries), []);
    const { outputs } = await organizationOutputs();
    for (const e of entries.filter((x) => x.project === "platform")) {
      const result = validateStackConfig({ ...rawStackConfig(e), organization: outputs });
      assert.deepStrictEqual(result.ok ? [] : result.problems, [], e.stack);
    }
  });
});
