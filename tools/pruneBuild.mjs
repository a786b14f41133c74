// Removes compiled files under bin/ whose TypeScript source is gone (tsc never deletes its old output).
// A stale bin/stacks/config.js would otherwise shadow bin/stacks/config/index.js after config moved into a
// folder, and a stale test file would still run under mocha. Runs before every compile (npm's prebuild).
import * as fs from "node:fs";
import * as path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const out = path.join(root, "bin");
const outputs = /\.(js|js\.map|d\.ts)$/;

function prune(dir) {
  for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      prune(file);
      if (fs.readdirSync(file).length === 0) {
        fs.rmdirSync(file);
      }
    } else if (outputs.test(entry.name)) {
      const source = path.join(root, path.relative(out, file)).replace(outputs, ".ts");
      if (!fs.existsSync(source)) {
        fs.rmSync(file);
      }
    }
  }
}

prune(out);
