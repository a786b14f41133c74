/**
 * What the plan CLI (tools/plan.ts) does differently for a large environment: the second run on a worker
 * thread, and a young generation for the heap.
 */
import { readStackFiles } from "./engine/stackFiles";

/**
 * A preview of an environment judges its integrations on a second run as `pulumi up`. For a stack of more
 * than this many services, that run goes on a worker thread beside the preview. Below, the two threads'
 * loads of the program and their contention for memory cost more than the overlap saves: prod plans in
 * 3.65 s on one thread and 3.85 s with the worker, 100 services plan in the same time either way, 1,000
 * services in 64 s on one thread and 54 s with the worker (docs/toolchain.md).
 */
export const WORKER_ABOVE_SERVICES = 100;

/**
 * The young generation of a plan of more than WORKER_ABOVE_SERVICES services. package.json's `plan` runs
 * with V8's `--single-generation` ("allocate all objects from young generation to old generation"): a
 * plan keeps nearly everything it allocates until its run ends, so a young generation mostly copies
 * survivors, and without one prod plans 0.2 s faster in 250 MB instead of 380 MB. At 1,000 services the
 * full collections over gigabytes cost more than that: 60 s without a young generation, 52 s with one of
 * up to 64 MB. Such a plan starts again with these flags instead (docs/toolchain.md).
 */
export const LARGE_PLAN_FLAGS: readonly string[] = ["--min-semi-space-size=16", "--max-semi-space-size=64"];

/**
 * The Node flags to start a plan of `services` services again with, when those it runs with (`execArgv`)
 * are the small plan's; undefined to go on.
 */
export function relaunchFlags(execArgv: readonly string[], services: number): string[] | undefined {
  if (services <= WORKER_ABOVE_SERVICES || !execArgv.includes("--single-generation")) {
    return undefined;
  }
  return [...execArgv.filter((flag) => flag !== "--single-generation"), ...LARGE_PLAN_FLAGS];
}

/** How many service modules a stack's config declares (`platform:services`); 0 when it cannot tell. */
export function declaredServices(dir: string, stack: string): number {
  try {
    const services: unknown = JSON.parse(readStackFiles(stack, dir).config["platform:services"] ?? "[]");
    return Array.isArray(services) ? services.length : 0;
  } catch {
    return 0;
  }
}
