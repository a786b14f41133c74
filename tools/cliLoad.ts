/**
 * `node bin/tools/cliLoad.js [--ts-node [--type-check]]`: loads the program the way the Pulumi CLI's Node.js
 * language host does (@pulumi/pulumi's cmd/run/run.js), up to the module's export, and exits: what every
 * `pulumi preview` and `pulumi up` pays before the first resource. By default as Pulumi.yaml configures it
 * (`runtime.options.typescript`, `main`); with `--ts-node`, as `typescript: true` would: the ts-node the
 * SDK vendors (7.0.1; the project installs none) with the project's TypeScript and tsconfig.json,
 * transpile-only unless `--type-check` (run.js type-checks unless tsconfig sets `noCheck` or
 * PULUMI_NODEJS_TRANSPILE_ONLY=true). The benchmark times it (`npm run bench`).
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";

import { findProjectDir } from "./engine/stackFiles";

interface ProjectFile {
  main?: string;
  runtime: string | { name: string; options?: { typescript?: boolean } };
}

/* eslint-disable @typescript-eslint/no-require-imports -- the language host loads modules by path, at run time */
function registerTsNode(root: string, typeCheck: boolean): void {
  const typescript = require.resolve("typescript", { paths: [root] });
  const ts = require(typescript) as typeof import("typescript");
  const tsconfig = path.join(root, "tsconfig.json");
  const config = ts.parseConfigFileTextToJson(tsconfig, fs.readFileSync(tsconfig, "utf8")).config as {
    compilerOptions?: Record<string, unknown>;
  };
  const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [root] }));
  const tsNode = require(path.join(pulumiDir, "vendor", "ts-node@7.0.1")) as {
    register(options: Record<string, unknown>): void;
  };
  // The options run.js passes for TypeScript >= 4.7 without ESM.
  tsNode.register({
    compiler: typescript,
    transpileOnly: !typeCheck,
    project: tsconfig,
    skipProject: false,
    compilerOptions: {
      target: "ES2020",
      module: "nodenext",
      moduleResolution: "nodenext",
      sourceMap: "true",
      ...config.compilerOptions,
    },
  });
}

function main(): void {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(
      "usage: node bin/tools/cliLoad.js [--ts-node [--type-check]]\n\n" +
        "Loads the program as the Pulumi CLI does (as Pulumi.yaml says, or through ts-node) and exits.\n",
    );
    return;
  }
  const unknown = args.filter((a) => a !== "--ts-node" && a !== "--type-check");
  if (unknown.length > 0) {
    process.stderr.write(`unknown argument ${unknown[0]}\n`);
    process.exit(2);
  }
  const root = findProjectDir(process.cwd());
  const project = yaml.load(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as ProjectFile;
  const configured = typeof project.runtime === "string" ? undefined : project.runtime.options?.typescript;
  let program = path.join(root, project.main ?? ".");
  if (args.includes("--ts-node")) {
    // As with `typescript: true` and no `main`: the project directory, whose index.ts ts-node compiles.
    registerTsNode(root, args.includes("--type-check"));
    program = `${root}/`;
  } else if (configured !== false) {
    registerTsNode(root, true);
  }
  const exported = require(program) as unknown;
  if (typeof exported !== "function") {
    throw new Error(`${program} exports no program function`);
  }
}

main();
