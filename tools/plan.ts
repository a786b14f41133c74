/**
 * `npm run plan -- --stack <name> [--out <file>] [--up] [--compare <stack>] [--diff <plan.json|git ref>]`
 * [--export-outputs <file>] (`--help` for all options)
 *
 * The offline plan: runs the real program for a stack under the recording mock engine, with the stack's
 * YAML config, without cloud credentials or the Pulumi CLI. Prints the component tree with resource
 * counts and writes the JSON plan (every resource with its parent, dependencies, property dependencies,
 * protect flag and inputs). Bad config: the validation errors on stderr and exit code 1, nothing else.
 * With `--diff`, also the change preview against an earlier plan (tools/diff/).
 */
import { spawnSync } from "child_process";

import { SecondRunWorker } from "./engine/secondRun";
import { listStacks, organizationStacks } from "./engine/stackFiles";
import { parseArgs } from "./planArgs";
import { declaredServices, relaunchFlags, WORKER_ABOVE_SERVICES } from "./planSize";

async function run(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const environment =
    listStacks(args.dir).includes(args.stack) && !organizationStacks(args.dir).includes(args.stack);
  const services = environment ? declaredServices(args.dir, args.stack) : 0;
  const flags = relaunchFlags(process.execArgv, services);
  if (flags !== undefined) {
    const child = spawnSync(process.execPath, [...flags, ...process.argv.slice(1)], { stdio: "inherit" });
    return child.status ?? 1;
  }
  // Started before this thread loads the program, so that both load it at once.
  const worker = !args.up && services > WORKER_ABOVE_SERVICES ? new SecondRunWorker() : undefined;
  const { planCommand } = await import("./planCommand");
  return planCommand(args, worker);
}

run().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
