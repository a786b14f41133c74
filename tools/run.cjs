// `node tools/run.cjs <tool> [args...]`: the fast build (tools/build.cjs: transpile what changed, no type
// check), then bin/tools/<tool>.js in this same process. `npm run plan`, `bench` and `docs` start here.
// Modules load through Node's compile cache. With PLATFORM_MEASURE_OUT set, writes the process's peak
// memory there on exit (for `npm run bench`).
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const { build, ROOT } = require("./build.cjs");

// Node's compile cache: the modules of the program and of the SDK load from the code compiled by the
// previous run instead of being compiled again (a fifth of a warm plan's load). Its directory goes into the
// environment, where worker threads and child processes find it too.
const compileCache = require("node:module").enableCompileCache?.();
if (compileCache?.directory) {
  process.env.NODE_COMPILE_CACHE = compileCache.directory;
}

const [tool, ...args] = process.argv.slice(2);
if (!tool || !/^[A-Za-z]+$/.test(tool)) {
  process.stderr.write("usage: node tools/run.cjs <plan|bench|docs> [args...]\n");
  process.exit(2);
}
if (process.env.PLATFORM_MEASURE_OUT) {
  const out = process.env.PLATFORM_MEASURE_OUT;
  process.on("exit", (code) => {
    fs.writeFileSync(out, JSON.stringify({ code, maxRssKb: process.resourceUsage().maxRSS }));
  });
}
try {
  build();
} catch (e) {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
// Module resolutions kept from the previous run (tools/resolutions.cjs), for the compiled tree as it now is.
require("./resolutions.cjs").keepResolutions(ROOT, path.join(ROOT, ".plan", "cache", "resolutions.json"));
// The SDK's modules that no tool calls load on first use only (tools/engine/sdkDeferral.ts): half the SDK's
// load time.
require(path.join(ROOT, "bin", "tools", "engine", "sdkDeferral.js")).deferUnusedSdkModules();
// The tool runs as the main module (`require.main === module`), as if started as `node bin/tools/<tool>.js`.
process.argv = [process.argv[0], path.join(ROOT, "bin", "tools", `${tool}.js`), ...args];
require("node:module").runMain();
