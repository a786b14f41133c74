/**
 * The worker thread of a preview's second run (tools/engine/secondRun.ts): loads the program on start,
 * then serves the one request the main thread posts and answers with its report.
 */
import { parentPort } from "worker_threads";

import { deferUnusedSdkModules } from "./sdkDeferral";
import type { SecondRunRequest, SecondRunResult } from "./secondRun";

// As on the main thread (tools/run.cjs), before the SDK loads: this thread has its own modules.
deferUnusedSdkModules();
// The program loads now, while the main thread loads its own, not when the request comes.
const plan = import("./plan");

parentPort?.once("message", (request: SecondRunRequest) => {
  // As the plan CLI does on its own thread: no stack traces on the SDK's promises while no source position is kept.
  if (request.sourcePositions === false) {
    Error.stackTraceLimit = 0;
  }
  plan
    .then(({ secondRun }) => secondRun(request))
    .then(
      (result: SecondRunResult) => parentPort?.postMessage(result),
      (e: unknown) =>
        parentPort?.postMessage({
          upFailure: e instanceof Error ? e.message : String(e),
        } satisfies SecondRunResult),
    );
});
