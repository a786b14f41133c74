#!/usr/bin/env node
/**
 * `platform-plan`: plans an app team's Pulumi program offline against a platform stack's recorded outputs,
 * under the platform's offline engine, policy pack and AWS API rules (see README.md). The engine ships in
 * this package (dist/engine/, the platform's own compiled engine, copied at build time), so the plan an
 * app team runs is the one the platform runs on itself, at the platform version the package was built from.
 */
import * as path from "path";

interface Engine {
  main(argv: readonly string[]): Promise<number>;
}

const entry = path.join(__dirname, "..", "engine", "tools", "appPlan.js");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const engine = require(entry) as Engine;

engine.main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
