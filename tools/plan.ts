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
import { SecondRunWorker } from "./engine/secondRun";
import { listStacks, organizationStacks, readStackFiles } from "./engine/stackFiles";
import { parseArgs } from "./planArgs";

/**
 * A preview of an environment judges its integrations on a second run as `pulumi up`. For a stack of more
 * than this many services, that run goes on a worker thread beside the preview. Below, the two threads'
 * loads of the program and their contention for memory cost more than the overlap saves: prod plans in
 * 3.65 s on one thread and 3.85 s with the worker, 100 services plan in the same time either way, 1,000
 * services in 64 s on one thread and 54 s with the worker (docs/toolchain.md).
 */
export const WORKER_ABOVE_SERVICES = 100;

/** How many service modules a stack's config declares (`platform:services`); 0 when it cannot tell. */
function declaredServices(dir: string, stack: string): number {
  try {
    const services: unknown = JSON.parse(readStackFiles(stack, dir).config["platform:services"] ?? "[]");
    return Array.isArray(services) ? services.length : 0;
  } catch {
    return 0;
  }
}

async function run(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const environment =
    listStacks(args.dir).includes(args.stack) && !organizationStacks(args.dir).includes(args.stack);
  // Started before this thread loads the program, so that both load it at once.
  const worker =
    !args.up && environment && declaredServices(args.dir, args.stack) > WORKER_ABOVE_SERVICES
      ? new SecondRunWorker()
      : undefined;
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
