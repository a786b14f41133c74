/**
 * `node bin/tools/measure.js <out.json> <script.js> [args...]`: runs a script in this process and, when it
 * exits, writes its peak resident memory to out.json. The benchmark wraps each command it times in this.
 */
import * as fs from "fs";
import * as path from "path";

const [out, script, ...args] = process.argv.slice(2);
if (!out || !script) {
  process.stderr.write("usage: measure <out.json> <script.js|-e> [args...]\n");
  process.exit(2);
}
/* eslint-disable @typescript-eslint/no-require-imports -- this runner loads modules by path, at run time */
process.on("exit", (code) => {
  fs.writeFileSync(out, JSON.stringify({ code, maxRssKb: process.resourceUsage().maxRSS }));
});
if (script === "-e") {
  // Only used to load modules: `-e @pulumi/pulumi,@pulumi/aws`.
  for (const mod of (args[0] ?? "").split(",").filter(Boolean)) {
    require(mod);
  }
} else {
  process.argv = [process.argv[0], path.resolve(script), ...args];
  require(path.resolve(script));
}
