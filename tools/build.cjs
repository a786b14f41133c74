// The fast build of the program, for `npm run plan`, `bench`, `docs` and the Pulumi CLI (tools/entry.cjs):
// brings bin/ up to date for the program's sources only (tests excluded) by transpiling, file by file,
// each source newer than its output, and removes outputs whose source is gone. Type checking is left to
// `npm test` (tsc -p .) and the editor: `isolatedModules` in tsconfig.json makes tsc reject what a
// file-by-file transpile cannot compile, so both write the same JavaScript (test/tools/build.test.ts).
// Nothing stale: a stat of each source (a few milliseconds); TypeScript is loaded only when a file changed.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const OUT = path.join(ROOT, "bin");
/** What the program, the policy pack and the tools are made of: tsconfig.json's include without tests. */
const PROGRAM_SOURCES = ["index.ts", "components", "stacks", "organization", "policy-pack", "tools", "sdk"];
const OUTPUTS = /\.(js|js\.map|d\.ts)$/;

/** Removes compiled files under bin/ whose TypeScript source is gone (tsc never deletes its old output). */
function prune(dir = OUT) {
  for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      prune(file);
      if (fs.readdirSync(file).length === 0) {
        fs.rmdirSync(file);
      }
    } else if (OUTPUTS.test(entry.name)) {
      const source = path.join(ROOT, path.relative(OUT, file)).replace(OUTPUTS, ".ts");
      if (!fs.existsSync(source)) {
        fs.rmSync(file);
      }
    }
  }
}

/** The program's TypeScript sources (absolute paths): no tests, no declaration files. */
function programSources(roots = PROGRAM_SOURCES) {
  const files = [];
  const visit = (file) => {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat?.isDirectory()) {
      for (const name of fs.readdirSync(file)) {
        if (name !== "node_modules") {
          visit(path.join(file, name));
        }
      }
    } else if (stat && file.endsWith(".ts") && !file.endsWith(".d.ts") && !file.endsWith(".test.ts")) {
      files.push(file);
    }
  };
  for (const root of roots) {
    visit(path.join(ROOT, root));
  }
  return files.sort();
}

/** The output of a source under bin/. */
function outputOf(source) {
  return path.join(OUT, path.relative(ROOT, source)).replace(/\.ts$/, ".js");
}

/** Sources whose output is missing or older than the source or than tsconfig.json. */
function staleSources(sources = programSources()) {
  const config = fs.statSync(path.join(ROOT, "tsconfig.json")).mtimeMs;
  return sources.filter((source) => {
    const out = fs.statSync(outputOf(source), { throwIfNoEntry: false });
    return !out || out.mtimeMs < Math.max(fs.statSync(source).mtimeMs, config);
  });
}

/** tsconfig.json's compiler options, as tsc reads them. */
function compilerOptions(ts) {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    path.join(ROOT, "tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  );
  return parsed.options;
}

/** Transpiles one source as tsc would emit it (JavaScript and source map); returns the syntax errors. */
function transpile(ts, options, source) {
  const result = ts.transpileModule(fs.readFileSync(source, "utf8"), {
    compilerOptions: options,
    fileName: source,
    reportDiagnostics: true,
  });
  const out = outputOf(source);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, result.outputText);
  if (result.sourceMapText !== undefined) {
    fs.writeFileSync(`${out}.map`, result.sourceMapText);
  }
  return (result.diagnostics ?? []).map(
    (d) => `${path.relative(ROOT, source)}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`,
  );
}

/**
 * Prunes bin/, then transpiles the stale program sources. Returns how many files it transpiled; throws on
 * a syntax error (the file is still written, as tsc would).
 */
function build({ quiet = false } = {}) {
  prune();
  const stale = staleSources();
  if (stale.length === 0) {
    return 0;
  }
  const ts = require("typescript");
  const options = compilerOptions(ts);
  const errors = stale.flatMap((source) => transpile(ts, options, source));
  if (errors.length > 0) {
    throw new Error(`syntax errors:\n  ${errors.join("\n  ")}`);
  }
  if (!quiet) {
    process.stderr.write(`transpiled ${stale.length} changed file(s) into bin/ (type checks: npm test)\n`);
  }
  return stale.length;
}

module.exports = {
  build,
  compilerOptions,
  outputOf,
  programSources,
  prune,
  staleSources,
  PROGRAM_SOURCES,
  ROOT,
};

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(
      "usage: node tools/build.cjs [--prune-only]\n\n" +
        "Brings bin/ up to date for the program's sources (tests excluded): removes outputs whose source is\n" +
        "gone and transpiles every source newer than its output. No type checking (npm test runs tsc).\n",
    );
    process.exit(0);
  }
  try {
    if (args.includes("--prune-only")) {
      prune();
    } else {
      build();
    }
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
