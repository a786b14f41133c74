// Removes compiled files under bin/ whose TypeScript source is gone (tsc never deletes its old output).
// A stale bin/stacks/config.js would otherwise shadow bin/stacks/config/index.js after config moved into a
// folder, and a stale test file would still run under mocha. Runs before every full compile (`npm run
// build`); the fast build (tools/build.cjs) does the same before transpiling.
import { createRequire } from "node:module";

createRequire(import.meta.url)("./build.cjs").prune();
