/**
 * Packaging of the functions that live in this repository (`functions/<name>/`): their TypeScript sources
 * (tests excluded) are transpiled to CommonJS in memory and zipped as an asset archive, so that a
 * `pulumi up` deploys exactly the code of the commit, with no build step of its own. The handler is
 * `index.handler`; the AWS SDK comes from the Lambda Node.js runtime.
 */
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type * as TypeScript from "typescript";

import { BundledFunction } from "./eventsSchema";

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
 * The compiler settings of the Lambda Node.js runtime the bundled functions run on (nodejs22.x), as in a
 * tsconfig.json.
 */
const COMPILER_SETTINGS = { module: "commonjs", target: "es2022", esModuleInterop: true, strict: true };

/**
 * The TypeScript compiler, asked for on a cache miss only. (@pulumi/pulumi loads it anyway, to run a
 * TypeScript program; what the cache saves is the transpiling.) It is a development dependency, installed
 * by `npm ci` wherever `pulumi up` runs the program.
 */
function typescript(): typeof TypeScript {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("typescript") as typeof TypeScript;
}

/**
 * Where transpiled sources are kept between runs: `node_modules/.cache/bundled-functions` beside the
 * compiler, where build tools keep their caches (`npm ci` starts it afresh).
 */
export function defaultCacheDir(): string {
  return path.join(
    path.dirname(require.resolve("typescript/package.json")),
    "..",
    ".cache",
    "bundled-functions",
  );
}

/**
 * Transpiles TypeScript files to CommonJS, through a cache keyed by the compiler's version, the settings,
 * the file name and the source: an entry is only ever reused for exactly the input that produced it. The
 * cache is an optimisation only: when it cannot be read or written, the sources are transpiled.
 */
class Transpiler {
  private ts?: typeof TypeScript;
  private readonly version: string;

  constructor(private readonly cacheDir: string | undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    this.version = (require("typescript/package.json") as { version: string }).version;
  }

  transpile(file: string, source: string): string {
    const key = createHash("sha256")
      .update(JSON.stringify([this.version, COMPILER_SETTINGS, file, source]))
      .digest("hex");
    const cached = this.cacheDir ? path.join(this.cacheDir, `${key}.js`) : undefined;
    if (cached && fs.existsSync(cached)) {
      return fs.readFileSync(cached, "utf8");
    }
    const ts = (this.ts ??= typescript());
    const { options, errors } = ts.convertCompilerOptionsFromJson(COMPILER_SETTINGS, "");
    if (errors.length > 0) {
      throw new Error(
        `bundled functions: bad compiler settings: ${errors.map((e) => ts.flattenDiagnosticMessageText(e.messageText, " ")).join("; ")}`,
      );
    }
    const js = ts.transpileModule(source, { compilerOptions: options, fileName: file }).outputText;
    if (cached) {
      const partial = `${cached}.${process.pid}.tmp`;
      try {
        fs.mkdirSync(path.dirname(cached), { recursive: true });
        fs.writeFileSync(partial, js);
        fs.renameSync(partial, cached);
      } catch {
        // A read-only or full disk: transpile again next time, and leave no partial file behind.
        if (fs.existsSync(partial)) {
          fs.rmSync(partial);
        }
      }
    }
    return js;
  }
}

/**
 * The JavaScript files of a bundled function, by file name (sorted, tests left out). `cacheDir` keeps
 * transpiled files between runs (undefined: no cache).
 */
export function bundledSources(
  bundle: BundledFunction,
  dir = functionsDir(),
  cacheDir: string | undefined = defaultCacheDir(),
): Record<string, string> {
  const root = path.join(dir, bundle);
  const files = fs
    .readdirSync(root)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.endsWith(".d.ts"))
    .sort();
  if (!files.includes("index.ts")) {
    throw new Error(`bundled function ${bundle}: ${root} has no index.ts (the handler module)`);
  }
  const transpiler = new Transpiler(cacheDir);
  const out: Record<string, string> = {};
  for (const file of files) {
    const source = fs.readFileSync(path.join(root, file), "utf8");
    out[file.replace(/\.ts$/, ".js")] = transpiler.transpile(file, source);
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
