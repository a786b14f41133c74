import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

import { NODE_FLAGS, syntheticMix } from "../../tools/bench";
import { childTypes, COMPONENT_DOCS_DIR, componentDocs, readComponents } from "../../tools/componentDocs";
import { listStacks, PROJECT_DIR } from "../../tools/engine/stackFiles";
import { markdownOf } from "../../tools/tsdoc";
import { stackPlan } from "../helpers/graph";

/* eslint-disable @typescript-eslint/no-require-imports -- the fast build is plain CommonJS (tools/build.cjs) */
const build = require(path.join(PROJECT_DIR, "tools", "build.cjs")) as {
  PROGRAM_SOURCES: string[];
  programSources(): string[];
  outputOf(source: string): string;
  compilerOptions(t: typeof ts): ts.CompilerOptions;
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** Every Markdown file of the front door and docs/, hand-written and generated. */
function markdownFiles(dir = path.join(PROJECT_DIR, "docs")): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    return e.isDirectory() ? markdownFiles(file) : e.name.endsWith(".md") ? [file] : [];
  });
}

describe("component reference pages", function () {
  this.timeout(240_000);

  it("are current: docs/components/ is what `npm run docs` writes, page for page", async () => {
    const stacks = listStacks();
    const plans = [];
    for (const stack of stacks) {
      plans.push((await stackPlan(stack)).resources);
    }
    const pages = componentDocs(readComponents(), childTypes(plans), stacks);
    assert.deepStrictEqual(fs.readdirSync(COMPONENT_DOCS_DIR).sort(), [...pages.keys()].sort());
    for (const [file, text] of pages) {
      assert.strictEqual(
        fs.readFileSync(path.join(COMPONENT_DOCS_DIR, file), "utf8"),
        text,
        `${file} is stale: npm run docs`,
      );
    }
  });

  it("read inputs with their defaults, outputs and the resources a component creates", () => {
    const cache = readComponents().find((c) => c.token === "platform:data:Cache");
    assert.ok(cache);
    const window = cache.inputs.find((i) => i.name === "maintenanceWindow");
    assert.deepStrictEqual([window?.required, window?.default], [false, "`sun:05:00-sun:06:00`"]);
    assert.strictEqual(cache.inputs.find((i) => i.name === "engine")?.required, true);
    assert.ok(cache.outputs.some((o) => o.name === "endpoint" && o.doc.startsWith("Host of the primary")));
    const page = fs.readFileSync(path.join(COMPONENT_DOCS_DIR, "Cache.md"), "utf8");
    assert.match(page, /- `aws:elasticache\/replicationGroup:ReplicationGroup`/);
  });
});

describe("generated and hand-written docs", () => {
  it("render {@link} tags as code or text, never raw", () => {
    const source = ts.createSourceFile(
      "x.ts",
      "const LIMIT = 3;\n/** Up to {@link LIMIT}; see {@link LIMIT | the limit} and {@link Missing}. */\nexport const x = 1;",
      ts.ScriptTarget.ES2022,
      true,
    );
    const host = ts.createCompilerHost({});
    const program = ts.createProgram(
      ["x.ts"],
      { noLib: true, types: [] },
      {
        ...host,
        getSourceFile: (name) => (name === "x.ts" ? source : undefined),
        fileExists: (name) => name === "x.ts",
      },
    );
    const checker = program.getTypeChecker();
    const decl = program.getSourceFile("x.ts")?.statements[1] as ts.VariableStatement;
    const symbol = checker.getSymbolAtLocation(decl.declarationList.declarations[0].name);
    assert.strictEqual(
      markdownOf(symbol?.getDocumentationComment(checker)),
      "Up to `LIMIT`; see the limit and `Missing`.",
    );
    for (const file of [path.join(PROJECT_DIR, "README.md"), ...markdownFiles()]) {
      assert.doesNotMatch(fs.readFileSync(file, "utf8"), /\{@link/, path.relative(PROJECT_DIR, file));
    }
  });

  it("link only to files inside the repository that exist", () => {
    for (const file of [path.join(PROJECT_DIR, "README.md"), ...markdownFiles()]) {
      const text = fs.readFileSync(file, "utf8");
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^(https?:|mailto:|#)/.test(target)) {
          continue;
        }
        const resolved = path.resolve(path.dirname(file), target.split("#")[0]);
        const where = `${path.relative(PROJECT_DIR, file)} links to ${target}`;
        assert.ok(!path.relative(PROJECT_DIR, resolved).startsWith(".."), `${where}, outside the repository`);
        assert.ok(fs.existsSync(resolved), `${where}, which does not exist`);
      }
      assert.doesNotMatch(text, /`\.\.\/shared\//, path.relative(PROJECT_DIR, file));
    }
  });

  it("keep the README a front door: a table of contents and about 1,500 words", () => {
    const readme = fs.readFileSync(path.join(PROJECT_DIR, "README.md"), "utf8");
    const words = readme.split(/\s+/).filter(Boolean).length;
    assert.ok(words <= 1800, `README.md has ${words} words; move depth into docs/`);
    for (const section of [
      "Quick start",
      "Before the first deploy",
      "Day-2 tasks",
      "Troubleshooting",
      "Upgrade notes",
    ]) {
      assert.match(readme, new RegExp(`^## ${section}$`, "m"));
      const anchor = section.toLowerCase().replace(/ /g, "-");
      assert.ok(readme.includes(`](#${anchor})`), `the table of contents lacks ${section}`);
    }
    assert.match(readme, /\(docs\/first-deploy\.md\)/);
  });
});

describe("the toolchain", function () {
  this.timeout(120_000);

  it("requires Node 22 everywhere: package.json, @types/node, CI's entry and the workflows", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8")) as {
      engines: { node: string };
      devDependencies: Record<string, string>;
    };
    // What @pulumi/pulumi requires.
    assert.strictEqual(pkg.engines.node, ">=22");
    const ci = fs.readFileSync(path.join(PROJECT_DIR, ".ci", "run"), "utf8");
    assert.match(
      ci,
      /^NODE_MINIMUM=22\.0$/m,
      ".ci/run brings Node when the machine's is older than engines says",
    );
    assert.match(pkg.devDependencies["@types/node"], /^22\.\d+\.\d+$/);
    const workflows = path.join(PROJECT_DIR, ".github", "workflows");
    for (const file of fs.readdirSync(workflows)) {
      for (const [, version] of fs
        .readFileSync(path.join(workflows, file), "utf8")
        .matchAll(/node-version: (\S+)/g)) {
        assert.strictEqual(version, "22", file);
      }
    }
  });

  it("starts npm run plan with flags that Node 22 and its successors accept", () => {
    // An --experimental- flag is renamed or rejected once it graduates (Node 24 rejects
    // --experimental-async-context-frame with "bad option"): npm run plan would not start at all.
    assert.deepStrictEqual(
      NODE_FLAGS.filter((flag) => flag.startsWith("--experimental-")),
      [],
    );
    const r = spawnSync(process.execPath, [...NODE_FLAGS, "-e", "0"], { encoding: "utf8" });
    assert.strictEqual(r.status, 0, r.stderr);
  });

  it("builds fast what tsc builds: the program's sources, file by file, to the same JavaScript", () => {
    const options = build.compilerOptions(ts);
    assert.strictEqual(options.isolatedModules, true, "tsconfig.json must set isolatedModules");
    const sources = build.programSources();
    assert.ok(sources.some((f) => f.endsWith(path.join("stacks", "program.ts"))));
    assert.ok(!sources.some((f) => f.includes(`${path.sep}test${path.sep}`) || f.endsWith(".test.ts")));
    for (const source of sources) {
      const { outputText } = ts.transpileModule(fs.readFileSync(source, "utf8"), {
        compilerOptions: options,
        fileName: source,
      });
      assert.strictEqual(
        outputText,
        fs.readFileSync(build.outputOf(source), "utf8"),
        path.relative(PROJECT_DIR, source),
      );
    }
  });

  it("answers --help on every command, with its usage and exit code 0", () => {
    for (const tool of ["plan", "bench", "docs"]) {
      const r = spawnSync(
        process.execPath,
        [path.join(PROJECT_DIR, "bin", "tools", `${tool}.js`), "--help"],
        {
          cwd: PROJECT_DIR,
          encoding: "utf8",
        },
      );
      assert.strictEqual(r.status, 0, `${tool}: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`^usage: npm run ${tool}`), tool);
    }
    const unknown = spawnSync(
      process.execPath,
      [path.join(PROJECT_DIR, "bin", "tools", "plan.js"), "--nope"],
      {
        cwd: PROJECT_DIR,
        encoding: "utf8",
      },
    );
    assert.strictEqual(unknown.status, 2);
    assert.match(unknown.stderr, /^unknown argument --nope\nusage: npm run plan/);
  });

  it("mixes the synthetic environments within a listener's rules", () => {
    assert.deepStrictEqual(syntheticMix(100), { apis: 40, workers: 40, crons: 20 });
    assert.deepStrictEqual(syntheticMix(1000), { apis: 80, workers: 613, crons: 307 });
  });
});
