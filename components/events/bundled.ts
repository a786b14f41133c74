/**
 * Packaging of the functions that live in this repository (`functions/<name>/`): their TypeScript sources
 * (tests excluded) are transpiled to CommonJS in memory and zipped as an asset archive, so that a
 * `pulumi up` deploys exactly the code of the commit, with no build step of its own. The handler is
 * `index.handler`; the AWS SDK comes from the Lambda Node.js runtime.
 */
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import type * as TypeScript from "typescript";
import { BundledFunction } from "./eventsSpec";

/** The repository's `functions/` directory: beside the nearest Pulumi.yaml at or above `start`. */
export function functionsDir(start = __dirname): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) {
      return path.join(dir, "functions");
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`no Pulumi.yaml at or above ${start}`);
    }
  }
}

/**
 * The TypeScript compiler, loaded only when a stack deploys a bundled function (it takes a tenth of a plan to
 * load). It is a development dependency, installed by `npm ci` wherever `pulumi up` runs the program.
 */
function typescript(): typeof TypeScript {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("typescript") as typeof TypeScript;
}

/** The compiler settings of the Lambda Node.js runtime the bundled functions run on (nodejs22.x). */
function compilerOptions(ts: typeof TypeScript): TypeScript.CompilerOptions {
  return {
    module: ts.ModuleKind.CommonJS,
    target: ts.ScriptTarget.ES2022,
    esModuleInterop: true,
    strict: true,
  };
}

/** The JavaScript files of a bundled function, by file name (sorted, tests left out). */
export function bundledSources(bundle: BundledFunction, dir = functionsDir()): Record<string, string> {
  const root = path.join(dir, bundle);
  const files = fs
    .readdirSync(root)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.endsWith(".d.ts"))
    .sort();
  if (!files.includes("index.ts")) {
    throw new Error(`bundled function ${bundle}: ${root} has no index.ts (the handler module)`);
  }
  const ts = typescript();
  const out: Record<string, string> = {};
  for (const file of files) {
    const source = fs.readFileSync(path.join(root, file), "utf8");
    const result = ts.transpileModule(source, { compilerOptions: compilerOptions(ts), fileName: file });
    out[file.replace(/\.ts$/, ".js")] = result.outputText;
  }
  return out;
}

/** The deployment package of a bundled function. */
export function bundledArchive(bundle: BundledFunction, dir = functionsDir()): pulumi.asset.AssetArchive {
  const sources = bundledSources(bundle, dir);
  return new pulumi.asset.AssetArchive(
    Object.fromEntries(Object.entries(sources).map(([file, js]) => [file, new pulumi.asset.StringAsset(js)])),
  );
}
