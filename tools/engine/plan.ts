/**
 * The offline plan of a stack: validate its config, then run the real program under the recording mock
 * engine as a preview, and describe the resulting resource graph.
 */
import { PACK_NAME, PACK_POLICIES, PACK_VERSION } from "../../policy-pack/pack";
import { ConfigProblem, RawStackConfig, rawStackConfig, validateStackConfig } from "../../stacks/config";
import { crossStackProblems, StackEntry } from "../../stacks/config/crossStack";
import { AZS_PER_REGION } from "../../stacks/config/regions";
import { main } from "../../stacks/program";
import { ApiViolation, checkApiRules } from "./apiRules";
import { defaultInvokes } from "./invokes";
import { RecordedResource, runProgram, RunResult } from "./mockEngine";
import { Diagnostic, evaluatePack } from "./policyRunner";
import { projectDirs, readProjectStacks, readStackFiles, StackFiles } from "./stackFiles";
import { WireValue } from "./wire";

/** Account id the plan assumes for a member account whose id is not known before it exists. */
export const PLAN_ACCOUNT_ID = "111111111111";

export interface Plan {
  stack: string;
  /** Config problems; when present nothing was run. */
  problems: ConfigProblem[];
  resources: RecordedResource[];
  outputs: Record<string, WireValue>;
  error?: Error;
  engineErrors: string[];
  secretKeys: string[];
  /** The prod floors the stack is exempt from (platform:prodExceptions), each with its reason. */
  prodExceptions: { key: string; reason: string }[];
  /** What the policy pack reports on the plan (empty when the program failed). */
  diagnostics: Diagnostic[];
  /** Violations of AWS's own API rules (tools/rules/): each fails the plan. */
  apiViolations: ApiViolation[];
}

export interface PlanOptions {
  /** Run as `pulumi up` with every output known, instead of as a preview. Default: preview. */
  up?: boolean;
  /** Use these stack files instead of reading Pulumi.<stack>.yaml (tests change config this way). */
  files?: StackFiles;
  /** Project directory to read Pulumi.yaml and Pulumi.<stack>.yaml from. Default: this project. */
  dir?: string;
  /** See RunOptions.isolate: false only in a process that plans once. Default: true. */
  isolate?: boolean;
  /** See RunOptions.sourcePositions. Default: true. */
  sourcePositions?: boolean;
  /**
   * The other stacks the checks across stacks compare this one with. Default: every stack file of the
   * project and of the organization program (readProjectStacks); this stack's entry is `files`.
   */
  stacks?: readonly StackEntry[];
  /** SSM parameters that do not exist (see InvokeContext.missingParameters). Default: none. */
  missingParameters?: readonly string[];
}

/** The stacks to compare, with this stack's entry taken from the files being planned. */
function withStack(stacks: readonly StackEntry[], files: StackFiles): StackEntry[] {
  const mine = stacks.find((e) => e.project === files.project && e.stack === files.stack);
  const entry: StackEntry = { ...files, file: mine?.file ?? `Pulumi.${files.stack}.yaml` };
  return [...stacks.filter((e) => e !== mine), entry];
}

/** Splits qualified config into the `platform:` values validation reads (and every other key). */
export function rawConfigOf(files: StackFiles): RawStackConfig {
  return rawStackConfig(files);
}

export async function planStack(stack: string, opts: PlanOptions = {}): Promise<Plan> {
  const files = opts.files ?? readStackFiles(stack, opts.dir);
  const validation = validateStackConfig(rawConfigOf(files));
  const across = crossStackProblems(
    withStack(opts.stacks ?? readProjectStacks(projectDirs(opts.dir)), files),
    {
      project: files.project,
      stack,
    },
  );
  const empty = {
    resources: [],
    outputs: {},
    engineErrors: [],
    secretKeys: files.secretKeys,
    prodExceptions: [],
    diagnostics: [],
    apiViolations: [],
  };
  if (!validation.ok || across.length > 0) {
    const problems = [
      ...(validation.ok ? [] : validation.problems),
      ...across.map(({ key, message }) => ({ key, message })),
    ];
    return { stack, problems, ...empty };
  }
  const config = validation.config;
  const accountId = config.account.mode === "adopt" ? config.account.id : PLAN_ACCOUNT_ID;
  const result: RunResult = await runProgram(main, {
    project: files.project,
    stack,
    config: files.config,
    secretKeys: files.secretKeys,
    preview: !opts.up,
    accountId,
    isolate: opts.isolate,
    sourcePositions: opts.sourcePositions,
    invokes: defaultInvokes({
      region: config.region,
      zoneCount: AZS_PER_REGION[config.region],
      accountId,
      missingParameters: opts.missingParameters,
    }),
  });
  const failed = result.error !== undefined || result.engineErrors.length > 0;
  const diagnostics = failed
    ? []
    : await evaluatePack(
        { name: PACK_NAME, version: PACK_VERSION, policies: PACK_POLICIES, enforcementLevel: "mandatory" },
        result.resources,
      );
  return {
    stack,
    problems: [],
    resources: result.resources,
    outputs: result.outputs,
    error: result.error,
    engineErrors: result.engineErrors,
    secretKeys: files.secretKeys,
    prodExceptions: config.prodExceptions,
    diagnostics,
    apiViolations: failed ? [] : checkApiRules(result.resources),
  };
}

/**
 * Whether the plan fails (exit 1): a mandatory policy violation, as `pulumi preview --policy-pack` fails, or
 * any violation of AWS's API rules, which AWS would reject on the deploy.
 */
export function planFails(plan: Pick<Plan, "diagnostics" | "apiViolations">): boolean {
  return plan.diagnostics.some((d) => d.level === "mandatory") || plan.apiViolations.length > 0;
}

/** The prod floors a stack runs below, each with the reason its stack file gives. */
export function formatProdExceptions(exceptions: readonly { key: string; reason: string }[]): string[] {
  return [
    `Prod floors excepted (platform:prodExceptions): ${exceptions.length}`,
    ...exceptions.map((e) => `  - ${e.key}: ${e.reason}`),
  ];
}
