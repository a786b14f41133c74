/**
 * The change preview on the real program: dev going from two Availability Zones to three, planned with the
 * config changed (in process, and through the plan CLI against the JSON plan of two AZs). Dev runs here
 * with Kafka back on (it leaves Kafka out to stay within its cost, docs/cost.md): the MSK cluster is what a
 * third AZ replaces.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

import { blocksDeploy, ChangeSet, diffPlans, planDoc } from "../../tools/diff/changes";
import { planStack } from "../../tools/engine/plan";
import { findProjectDir, StackFiles } from "../../tools/engine/stackFiles";
import { insights } from "../../tools/insights";
import { DEV_PART_YAML, devFilesWith, devPlanWith } from "../helpers/devParts";
import { throwawayProject } from "../helpers/project";

const ROOT = findProjectDir();
const THREE_AZS = '["euw1-az1","euw1-az2","euw1-az3"]';

/** dev's files (with Kafka) with a third AZ (and brokers spread evenly over three). */
function devWithThreeAzs(): StackFiles {
  const files = devFilesWith(["kafka"]);
  return {
    ...files,
    config: {
      ...files.config,
      "platform:azCount": "3",
      "platform:availabilityZoneIds": THREE_AZS,
      "platform:mskBrokerCount": "3",
    },
  };
}

let twoToThree: Promise<ChangeSet> | undefined;

/** The change set from dev as it is (two AZs) to dev with three. */
function changes(): Promise<ChangeSet> {
  twoToThree ??= (async () => {
    const [before, after] = await Promise.all([
      devPlanWith(["kafka"]),
      planStack("dev", { files: devWithThreeAzs() }),
    ]);
    assert.deepStrictEqual([before.problems, after.problems], [[], []]);
    return diffPlans(planDoc("dev", before.resources), planDoc("dev", after.resources));
  })();
  return twoToThree;
}

describe("change preview of dev from two AZs to three", () => {
  it("replaces the MSK cluster, first, because its client subnets force it", async () => {
    const set = await changes();
    const [first] = set.changes;
    assert.deepStrictEqual(
      [first.kind, first.type, first.name],
      ["replace", "aws:msk/cluster:Cluster", "kafka"],
    );
    assert.strictEqual(first.stateful, "the topics' messages");
    const forcing = first.changes.filter((c) => c.forces);
    assert.deepStrictEqual(
      forcing.map((c) => [c.path, c.forces, (c.before as unknown[]).length, (c.after as unknown[]).length]),
      [["brokerNodeGroupInfo.clientSubnets", "brokerNodeGroupInfo.clientSubnets", 2, 3]],
    );
    // The broker count alone would be an update in place.
    assert.ok(first.changes.some((c) => c.path === "numberOfBrokerNodes" && !c.forces));
    assert.strictEqual(blocksDeploy(set, false), true);
  });

  it("replaces what lives on the cluster (its topics, its storage scaling) through the reference", async () => {
    const set = await changes();
    const replaced = set.changes.filter((c) => c.kind === "replace").map((c) => `${c.type} ${c.name}`);
    for (const name of ["kafka-topic-orders", "kafka-topic-payments", "kafka-topic-customer-profiles"]) {
      assert.ok(replaced.includes(`aws:msk/topic:Topic ${name}`), replaced.join("\n"));
    }
    const target = set.changes.find((c) => c.type === "aws:appautoscaling/target:Target");
    assert.deepStrictEqual(
      target?.changes.map((c) => [c.path, c.cause, c.forces]),
      [["resourceId", "kafka is replaced", "resourceId"]],
    );
    // Every stateful replacement is listed before any other change.
    const firstOther = set.changes.findIndex((c) => !(c.kind === "replace" && c.stateful));
    assert.strictEqual(firstOther, set.statefulReplacements.length);
  });

  it("creates the third AZ's subnets and keeps the first two (their CIDRs do not move)", async () => {
    const set = await changes();
    const subnets = set.changes.filter((c) => c.type === "aws:ec2/subnet:Subnet");
    assert.deepStrictEqual(
      subnets.map((c) => [c.kind, c.name]),
      [
        ["create", "network-data-2"],
        ["create", "network-private-2"],
        ["create", "network-public-2"],
      ],
    );
    // What spans the subnets is updated in place: subnet groups, load balancers.
    const group = set.changes.find((c) => c.name === "postgres-subnets");
    assert.deepStrictEqual([group?.kind, group?.changes.map((c) => c.path)], ["update", ["subnetIds"]]);
    assert.strictEqual(set.changes.find((c) => c.name === "public-alb")?.kind, "update");
  });

  it("runs end to end in the plan CLI: the preview, its Markdown, the cost difference and exit code 3", async () => {
    const before = await devPlanWith(["kafka"]);
    const dir = throwawayProject("preview-");
    const previous = path.join(dir, "before.json");
    fs.writeFileSync(
      previous,
      JSON.stringify(planDoc("dev", before.resources, insights(before.resources).cost.totalUsd)),
    );
    const yaml = fs
      .readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8")
      .replace(/platform:availabilityZoneIds: .*/, `platform:availabilityZoneIds: ${THREE_AZS}`)
      .replace(/^config:\n/m, "config:\n  platform:azCount: 3\n  platform:mskBrokerCount: 3\n")
      .concat(DEV_PART_YAML.kafka.replace(/^/gm, "  ").replace(/ +$/, ""));
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), yaml);
    const markdown = path.join(dir, "changes.md");
    const r = spawnSync(
      process.execPath,
      [
        path.join(ROOT, "bin", "tools", "plan.js"),
        "--stack",
        "dev",
        "--out",
        path.join(dir, "after.json"),
        "--diff",
        previous,
        "--diff-out",
        markdown,
      ],
      { cwd: dir, encoding: "utf8" },
    );
    assert.strictEqual(r.status, 3, r.stderr);
    assert.match(
      r.stdout,
      /\nChanges of stack dev against before\.json: \d+ to replace \(4 stateful\), \d+ to create, \d+ to update, 0 to delete\n {2}!\+- replace aws:msk\/cluster:Cluster {2}kafka {2}\(stateful: the topics' messages\)\n/,
    );
    assert.match(
      r.stdout,
      /brokerNodeGroupInfo\.clientSubnets: \[<computed> x 2\] -> \[<computed> x 3\] {2}\[forces replacement: brokerNodeGroupInfo\.clientSubnets\]/,
    );
    assert.match(r.stdout, /\nMonthly cost \(modeled\): \$\d+\.\d\d -> \$\d+\.\d\d \(\+\$\d+\.\d\d\)\n/);
    assert.match(
      r.stdout,
      /4 stateful resources would be replaced, losing what they hold: the preview fails/,
    );
    assert.match(fs.readFileSync(markdown, "utf8"), /^### Stack `dev`: \d+ to replace \(4 stateful\)/);
    const doc = JSON.parse(fs.readFileSync(path.join(dir, "after.json"), "utf8")) as { changes: ChangeSet };
    assert.strictEqual(doc.changes.statefulReplacements[0].name, "kafka");
  });
});

describe("the plan CLI's options", () => {
  const cli = (...args: string[]): { status: number | null; stdout: string; stderr: string } =>
    spawnSync(process.execPath, [path.join(ROOT, "bin", "tools", "plan.js"), ...args], {
      cwd: ROOT,
      encoding: "utf8",
    });

  it("prints every option and the exit codes with --help", () => {
    const r = cli("--help");
    assert.strictEqual(r.status, 0, r.stderr);
    for (const option of [
      "--stack",
      "--out",
      "--up",
      "--compare",
      "--diff",
      "--diff-out",
      "--allow-replace",
    ]) {
      assert.match(r.stdout, new RegExp(`\\n {2}${option}[ ,]`), option);
    }
    assert.match(r.stdout, /3 the change preview replaces stateful resources/);
  });

  it("refuses --allow-replace without --diff, and a --diff that is neither a file nor a revision", () => {
    const lone = cli("--stack", "dev", "--allow-replace");
    assert.deepStrictEqual(
      [lone.status, lone.stderr.split("\n")[0]],
      [2, "--diff-out and --allow-replace go with --diff"],
    );
    const bad = cli("--stack", "dev", "--diff", "no-such-plan.json");
    assert.deepStrictEqual(
      [bad.status, bad.stderr.split("\n")[0]],
      [2, "--diff no-such-plan.json: neither a JSON plan file nor a git revision"],
    );
  });
});
