/**
 * examples/app-service as an app team's own repository: the SDK packed with `npm pack`, installed from the
 * tarball into a temporary folder with the example, type-checked against the packed typings and planned
 * there with the package's `platform-plan` against the dev platform's outputs as `npm run plan --
 * --export-outputs` records them.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { appRulePriority, listenerRoute, ListenerRuleView } from "../../components/compute/priorities";
import { CONTRACT_VERSION } from "../../stacks/outputs";
import { must, ROOT, Run, run, seedNodeModules } from "../helpers/appRepo";

const EXAMPLE = path.join(ROOT, "examples", "app-service");
const SDK = path.join(ROOT, "sdk");

interface PlannedResource {
  type: string;
  name: string;
  custom: boolean;
  provider?: string;
  inputs: Record<string, unknown>;
}
interface PlanDoc {
  resources: PlannedResource[];
  policy: { diagnostics: Array<{ level: string }> };
  apiRules: { violations: unknown[] };
  outputs: Record<string, unknown>;
}

const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, "utf8")) as T;
const single = (doc: PlanDoc, type: string): PlannedResource => {
  const found = doc.resources.filter((r) => r.type === type);
  assert.strictEqual(found.length, 1, `one ${type}`);
  return found[0];
};

/** The rules of a listener in a JSON plan, as the ALB evaluates them. */
function rulesOf(doc: PlanDoc, listenerArn: unknown): ListenerRuleView[] {
  return doc.resources
    .filter((r) => r.type === "aws:lb/listenerRule:ListenerRule" && r.inputs.listenerArn === listenerArn)
    .map((r) => {
      const conditions = r.inputs.conditions as Array<{ pathPattern?: { values: string[] } }>;
      const actions = r.inputs.actions as Array<{ targetGroupArn: string }>;
      return {
        priority: r.inputs.priority as number,
        paths: conditions.flatMap((c) => c.pathPattern?.values ?? []),
        target: actions[0].targetGroupArn,
      };
    });
}

describe("the SDK package", () => {
  it("imports nothing of the platform: only its own modules and the packages it declares", () => {
    const pkg = readJson<Record<string, Record<string, string>>>(path.join(SDK, "package.json"));
    const declared = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)]);
    const src = path.join(SDK, "src");
    const files = fs.readdirSync(src, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    assert.ok(files.length >= 5);
    for (const file of files) {
      const text = fs.readFileSync(path.join(src, file), "utf8");
      for (const [, spec] of text.matchAll(/(?:from\s+|require\()"([^"]+)"/g)) {
        if (spec.startsWith(".")) {
          const target = path.resolve(path.dirname(path.join(src, file)), spec);
          assert.ok(target.startsWith(src + path.sep), `${file} imports ${spec}, outside the package`);
        } else {
          const name = spec
            .split("/")
            .slice(0, spec.startsWith("@") ? 2 : 1)
            .join("/");
          assert.ok(
            declared.has(name) || ["path", "fs"].includes(name),
            `${file} imports ${spec}, undeclared`,
          );
        }
      }
    }
  });
});

describe("examples/app-service in an app repository of its own", function () {
  this.timeout(300_000);
  let dir: string;
  let files: string[];
  let platformPlan: PlanDoc;
  let platformOutputs: Record<string, unknown>;
  let plan: Run;
  let typecheck: Run;
  let newer: Run;
  let doc: PlanDoc;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "app-service-"));
    const example = readJson<{
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    }>(path.join(EXAMPLE, "package.json"));
    const sdkDeps = Object.keys(
      readJson<{ dependencies: Record<string, string> }>(path.join(SDK, "package.json")).dependencies,
    );
    // The platform records the dev stack's outputs while the SDK is packed and installed.
    const exported = must(
      "node",
      [
        "bin/tools/plan.js",
        "--stack",
        "dev",
        "--up",
        "--out",
        path.join(dir, "platform-plan.json"),
        "--export-outputs",
        path.join(dir, "platform-dev.json"),
      ],
      ROOT,
    );
    exported.catch(() => undefined); // awaited below
    const packed = await must(
      "npm",
      ["pack", "--workspace", "sdk", "--pack-destination", dir, "--json"],
      ROOT,
    );
    const tarball = path.join(
      dir,
      (JSON.parse(packed.stdout.slice(packed.stdout.indexOf("["))) as Array<{ filename: string }>)[0]
        .filename,
    );
    files = (
      JSON.parse(packed.stdout.slice(packed.stdout.indexOf("["))) as Array<{ files: Array<{ path: string }> }>
    )[0].files.map((f) => f.path);
    for (const file of [
      "package.json",
      "tsconfig.json",
      "Pulumi.yaml",
      "Pulumi.dev.yaml",
      "index.ts",
      "service.ts",
    ]) {
      fs.copyFileSync(path.join(EXAMPLE, file), path.join(dir, file));
    }
    const deps = [...Object.keys(example.dependencies), ...Object.keys(example.devDependencies)];
    seedNodeModules(dir, [...deps.filter((d) => d !== "@acme-platform/platform-sdk"), ...sdkDeps]);
    // Offline, npm cannot fetch the peers' metadata it checks peer ranges with; they are installed already.
    await must(
      "npm",
      [
        "install",
        "--offline",
        "--no-save",
        "--legacy-peer-deps",
        "--ignore-scripts",
        "--no-audit",
        "--no-fund",
        tarball,
      ],
      dir,
    );
    await exported;
    platformPlan = readJson(path.join(dir, "platform-plan.json"));
    platformOutputs = readJson(path.join(dir, "platform-dev.json"));
    fs.writeFileSync(
      path.join(dir, "platform-newer.json"),
      JSON.stringify({ ...platformOutputs, contractVersion: CONTRACT_VERSION + 1 }),
    );
    const bin = path.join(dir, "node_modules", ".bin", "platform-plan");
    [typecheck, plan, newer] = await Promise.all([
      run(path.join(dir, "node_modules", ".bin", "tsc"), ["-p", "."], dir),
      run(bin, ["--stack", "dev", "--platform", "platform-dev.json", "--up", "--out", "plan.json"], dir),
      run(bin, ["--stack", "dev", "--platform", "platform-newer.json", "--up"], dir),
    ]);
    doc = fs.existsSync(path.join(dir, "plan.json"))
      ? readJson(path.join(dir, "plan.json"))
      : { resources: [], policy: { diagnostics: [] }, apiRules: { violations: [] }, outputs: {} };
  });

  after(() => {
    if (dir) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("packs built JavaScript, typings and the engine, no sources", () => {
    for (const f of [
      "package.json",
      "CHANGELOG.md",
      "dist/index.js",
      "dist/index.d.ts",
      "dist/contract.d.ts",
      "dist/bin/platformPlan.js",
      "dist/engine/tools/appPlan.js",
      "dist/engine/policy-pack/pack.js",
    ]) {
      assert.ok(files.includes(f), `the tarball holds ${f}`);
    }
    assert.deepStrictEqual(
      files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")),
      [],
    );
    assert.ok(
      fs.existsSync(path.join(dir, "node_modules", "@acme-platform", "platform-sdk", "dist", "index.d.ts")),
    );
    assert.strictEqual(
      readJson<{ dependencies: Record<string, string> }>(path.join(dir, "package.json")).dependencies[
        "@acme-platform/platform-sdk"
      ],
      "^2.0.0",
    );
  });

  it("type-checks against the packed typings", () => {
    assert.strictEqual(typecheck.code, 0, typecheck.stdout + typecheck.stderr);
  });

  it("plans with platform-plan: the tree, the policy pack and AWS's API rules, all clear", () => {
    assert.strictEqual(plan.code, 0, plan.stdout + plan.stderr);
    assert.match(plan.stdout, /^Plan of app stack dev on platform dev \(as pulumi up, offline\)/);
    assert.match(plan.stdout, /lb\.ListenerRule×1/);
    assert.match(
      plan.stdout,
      /Policy pack platform-guardrails@[\d.]+: 0 mandatory violation\(s\), 0 advisory/,
    );
    assert.match(plan.stdout, /AWS API rules: no violation/);
    assert.deepStrictEqual(doc.policy.diagnostics, []);
    assert.deepStrictEqual(doc.apiRules.violations, []);
  });

  it("acts through the team's role in the member account", () => {
    const provider = single(doc, "pulumi:providers:aws").inputs;
    const teams = platformOutputs.appTeams as Record<string, { roleArn: string }>;
    assert.deepStrictEqual(JSON.parse(provider.assumeRoles as string), [
      { roleArn: teams.orders.roleArn, sessionName: "app-orders" },
    ]);
    assert.deepStrictEqual(JSON.parse(provider.allowedAccountIds as string), [platformOutputs.accountId]);
    for (const r of doc.resources.filter((x) => x.custom && x.type.startsWith("aws:"))) {
      assert.match(r.provider ?? "", /::member$/, `${r.name} goes through the team's provider`);
    }
  });

  it("runs in the private subnets, joins the services group, reaches only its stores", () => {
    const network = single(doc, "aws:ecs/service:Service").inputs.networkConfiguration as Record<
      string,
      unknown
    >;
    assert.deepStrictEqual(network.subnets, (platformOutputs.subnetIds as { private: string[] }).private);
    assert.ok(
      (network.securityGroups as string[]).includes(platformOutputs.servicesSecurityGroupId as string),
    );
    assert.strictEqual(network.assignPublicIp, false);
    const data = platformOutputs.data as Record<
      "postgres" | "cache",
      { securityGroupId: string; port: number }
    >;
    const egress = doc.resources
      .filter(
        (r) =>
          r.type === "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule" &&
          r.inputs.referencedSecurityGroupId,
      )
      .map((r) => [r.inputs.referencedSecurityGroupId, r.inputs.fromPort]);
    assert.deepStrictEqual(egress, [
      [data.postgres.securityGroupId, data.postgres.port],
      [data.cache.securityGroupId, data.cache.port],
    ]);
    const policy = JSON.parse(single(doc, "aws:iam/rolePolicy:RolePolicy").inputs.policy as string) as {
      Statement: Array<{ Sid: string; Resource: string }>;
    };
    assert.strictEqual(
      policy.Statement.find((s) => s.Sid === "ReadSecret")?.Resource,
      `arn:aws:secretsmanager:eu-west-1:${String(platformOutputs.accountId)}:secret:orders/*`,
    );
  });

  it("gets its route's traffic on the dev listener, under the ALB's evaluation order", () => {
    const rule = single(doc, "aws:lb/listenerRule:ListenerRule").inputs;
    const teams = platformOutputs.appTeams as Record<
      string,
      { listenerPriorityBlock: number; paths: string[] }
    >;
    assert.strictEqual(rule.listenerArn, platformOutputs.internalListenerArn);
    assert.strictEqual(
      rule.priority,
      appRulePriority(teams.orders.listenerPriorityBlock, "/apps/orders/*", 0),
    );
    assert.deepStrictEqual(rule.tags, { team: "orders" });
    const platformRules = rulesOf(platformPlan, platformOutputs.internalListenerArn);
    assert.ok(platformRules.length >= 2, "the platform's own rules on the internal listener");
    const rules = [...platformRules, ...rulesOf(doc, platformOutputs.internalListenerArn)];
    const appTarget = rulesOf(doc, platformOutputs.internalListenerArn)[0].target;
    for (const request of ["/apps/orders/", "/apps/orders/42", "/apps/orders/42/items"]) {
      assert.strictEqual(listenerRoute(rules, { path: request }), appTarget, `${request} reaches the app`);
    }
    for (const request of ["/orders", "/orders/42", "/apps/payments/1"]) {
      assert.notStrictEqual(
        listenerRoute(rules, { path: request }),
        appTarget,
        `${request} is not the app's`,
      );
    }
    // What the example did before: /orders/* in the team's slots, behind the platform's own /orders/* rule.
    const before = {
      priority: appRulePriority(teams.orders.listenerPriorityBlock, "/orders/*", 0),
      paths: ["/orders/*"],
      target: "app",
    };
    assert.notStrictEqual(listenerRoute([...platformRules, before], { path: "/orders/42" }), "app");
  });

  it("stops with a clear message on a platform exporting another contract version", () => {
    assert.strictEqual(newer.code, 1, newer.stdout + newer.stderr);
    assert.match(
      newer.stderr,
      new RegExp(
        `exports contract version ${CONTRACT_VERSION + 1}, this SDK reads version ${CONTRACT_VERSION}; install the SDK whose major version is ${CONTRACT_VERSION + 1}`,
      ),
    );
  });
});
