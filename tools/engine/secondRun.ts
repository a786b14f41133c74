/**
 * A preview's second run: the same stack as `pulumi up`, where every ARN and policy is known, for the
 * integration model alone (tools/engine/integrations.ts). On a worker thread it runs beside the preview, on
 * the machine's other core. The plan CLI starts the worker before it loads the program itself, so that
 * both threads load it at once; the worker then waits for the organization's outputs, which the main
 * thread reads first.
 *
 * This module loads nothing of the program: starting a worker costs the main thread nothing.
 */
import * as path from "path";
import { Worker } from "worker_threads";

import type { OrganizationOutputs } from "../../components/organization/contract";
import type { StackEntry } from "../../stacks/config/crossStack";
import type { IntegrationReport } from "./integrationModel";
import type { StackFiles } from "./stackFiles";

/** What the second run needs of the preview's plan (plain data: it crosses to the worker). */
export interface SecondRunRequest {
  stack: string;
  dir: string;
  organization: OrganizationOutputs;
  files?: StackFiles;
  stacks?: readonly StackEntry[];
  missingParameters?: readonly string[];
  sourcePositions?: boolean;
  /** See PlanOptions.caches. */
  caches?: boolean;
}

export interface SecondRunResult {
  /** The integration model's report; none when the program failed as `pulumi up`. */
  integrations?: IntegrationReport;
  /** Why the program fails once every value is known. */
  upFailure?: string;
}

/** The worker's module, compiled beside this one. */
const WORKER_MODULE = path.join(__dirname, "secondRunWorker.js");

/**
 * A worker thread that loads the program as soon as it is constructed and then serves one second run.
 * Idle, it does not keep the process alive.
 */
export class SecondRunWorker {
  private readonly worker = new Worker(WORKER_MODULE);
  private started = false;
  /** Resolves with the thread's exit code once it has stopped. */
  readonly exited: Promise<number>;

  constructor() {
    this.worker.unref();
    this.exited = new Promise((resolve) => this.worker.once("exit", resolve));
  }

  /** Runs the stack as `pulumi up` on the worker; resolves with its report, or with why it failed. */
  run(request: SecondRunRequest): Promise<SecondRunResult> {
    if (this.started) {
      throw new Error("a second-run worker serves one run");
    }
    this.started = true;
    const worker = this.worker;
    worker.ref();
    return new Promise<SecondRunResult>((resolve) => {
      let settled = false;
      const settle = (result: SecondRunResult): void => {
        if (!settled) {
          settled = true;
          worker.unref();
          void worker.terminate();
          resolve(result);
        }
      };
      worker.once("message", (result: SecondRunResult) => settle(result));
      worker.once("error", (e: Error) =>
        settle({ upFailure: `the second run's worker failed: ${e.message}` }),
      );
      worker.once("exit", (code: number) =>
        settle({ upFailure: `the second run's worker stopped (exit code ${code}) before it answered` }),
      );
      worker.postMessage(request);
    });
  }

  /** Stops the worker (its run is over, or a plan will not ask for it: bad config, a failing preview). */
  close(): void {
    void this.worker.terminate();
  }
}
