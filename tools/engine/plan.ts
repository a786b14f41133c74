/**
 * The offline plan of a stack: validate its config, then run the real program under the recording mock
 * engine as a preview, and describe the resulting resource graph.
 */
import * as path from "path";

import {
  oncallPermissionSetStatements,
  peopleRolePattern,
  SHORT_ROLE_NAMES,
} from "../../components/access/people";
import { OrganizationOutputs } from "../../components/organization/contract";
import { platformServiceControlPolicies } from "../../components/organization/guardrails";
import { registryPullStatements } from "../../components/organization/registry";
import {
  ORGANIZATION_NAMESPACE,
  OrganizationConfig,
  validateOrganizationConfig,
} from "../../organization/config";
import { main as organizationMain } from "../../organization/program";
import { PACK_NAME, PACK_POLICIES, PACK_VERSION } from "../../policy-pack/pack";
import {
  ConfigProblem,
  environmentBaseName,
  NAMESPACE,
  RawStackConfig,
  rawStackConfig,
  StackConfig,
  validateStackConfig,
} from "../../stacks/config";
import { crossStackProblems, StackEntry } from "../../stacks/config/crossStack";
import { AZS_PER_REGION } from "../../stacks/config/regions";
import { organizationStackOf } from "../../stacks/organization";
import { main } from "../../stacks/program";
import { ApiViolation, checkApiRules } from "./apiRules";
import { checkIntegrations, IntegrationContext, IntegrationReport } from "./integrations";
import { defaultInvokes } from "./invokes";
import { RecordedResource, runProgram, RunResult } from "./mockEngine";
import {
  organizationFingerprint,
  readCachedOrganization,
  writeCachedOrganization,
} from "./organizationCache";
import { ExternalResource } from "./planView";
import { Diagnostic, evaluatePack } from "./policyRunner";
import { SecondRunRequest, SecondRunResult, SecondRunWorker } from "./secondRun";
import {
  ORGANIZATION_DIR,
  organizationStacks,
  PROJECT_DIR,
  projectDirs,
  readProjectStacks,
  readStackFiles,
  StackFiles,
} from "./stackFiles";
import { VerdictCache, verdictCacheFile } from "./verdictCache";
import { display, WireValue } from "./wire";

export interface Plan {
  stack: string;
  /** An environment's stack (the platform program) or the organization's (the organization program). */
  kind: "environment" | "organization";
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
  /**
   * For an environment: where the organization's outputs came from (the organization stack's own offline
   * plan, as `pulumi up`), as the plan says so.
   */
  organizationSource?: string;
  /**
   * For an environment, the integration model's report (tools/engine/integrations.ts): judged on the program
   * run as `pulumi up`, where every ARN and policy is known; in a preview only with `integrations: true` (a
   * second run). Each finding fails the plan.
   */
  integrations?: IntegrationReport;
  /**
   * Why a preview's second run, as `pulumi up`, failed (its integrations then go unjudged): a value only
   * known after deployment that AWS or the program refuses. It fails the plan.
   */
  upFailure?: string;
  /** What the engine answered each registration with (tools/engine/mockEngine.ts); not in the JSON plan. */
  states?: ReadonlyMap<string, Record<string, unknown>>;
}

export interface PlanOptions {
  /** Run as `pulumi up` with every output known, instead of as a preview. Default: preview. */
  up?: boolean;
  /** Use these stack files instead of reading Pulumi.<stack>.yaml (tests change config this way). */
  files?: StackFiles;
  /** Project directory to read Pulumi.yaml and Pulumi.<stack>.yaml from. Default: this project. */
  dir?: string;
  /**
   * See RunOptions.isolate: false only where runs happen one after another, never two at once (the plan
   * CLI's thread, the second run's worker). Default: true.
   */
  isolate?: boolean;
  /** See RunOptions.sourcePositions. Default: true. */
  sourcePositions?: boolean;
  /** SSM parameters that do not exist (see InvokeContext.missingParameters). Default: none. */
  missingParameters?: readonly string[];
  /**
   * The other stacks the checks across stacks compare this one with. Default: every stack file of the
   * project and of the organization program (readProjectStacks); this stack's entry is `files`.
   */
  stacks?: readonly StackEntry[];
  /**
   * The organization's outputs an environment reads. Default: the outputs of the organization stack's own
   * offline plan (as `pulumi up`, so that every id is known), planned once per process.
   */
  organization?: OrganizationOutputs;
  /**
   * Keep, between processes, in the project's `.plan/cache/`, what is a function of its inputs alone: the
   * organization's outputs (tools/engine/organizationCache.ts) and the IAM evaluator's verdicts
   * (tools/engine/verdictCache.ts), as the plan CLI does. Default: false (the organization planned once per
   * process, every request evaluated).
   */
  caches?: boolean;
  /**
   * Judge the integrations in a preview too, on a second run of the program as `pulumi up` (the plan CLI
   * does): after the preview in this thread (`true`), or on this worker beside the preview. A run as
   * `pulumi up` always judges them. Default: false.
   */
  integrations?: boolean | SecondRunWorker;
  /**
   * Judge the run by the policy pack and AWS's API rules. Default: true; false only for the run that serves
   * a preview's integrations.
   */
  judge?: boolean;
}

/**
 * What the integration model needs of an environment beyond its plan: its account and region, the service
 * control policies the organization attaches above it (from the organization's allowed regions and access
 * role), on-call's role and the app teams.
 */
/** The account the stack's resources live in, as the plan assumes it. */
export function planAccountOf(config: Pick<StackConfig, "account" | "organization">): string {
  return config.account.mode === "adopt" ? config.account.id : config.organization.managementAccountId;
}

export function integrationContext(config: StackConfig): IntegrationContext {
  const accountId = planAccountOf(config);
  const baseName = environmentBaseName(config.namePrefix, config.env);
  const scps = platformServiceControlPolicies({
    namePrefix: config.namePrefix,
    allowedRegions: config.organization.allowedRegions,
    accessRole: config.organization.accessRole,
  });
  return {
    account: accountId,
    region: config.region,
    scps: Object.entries(scps).map(([name, statements]) => ({
      name: `SCP ${config.namePrefix}-${name}`,
      document: { Statement: statements },
    })),
    oncall: {
      arn: peopleRolePattern(
        { mode: config.peopleAccess, environment: config.env, namePrefix: baseName, accountId },
        "oncall",
      ),
      // With Identity Center the organization writes on-call's permission set: judge with its policy.
      permissionSet:
        config.peopleAccess === "identityCenter"
          ? {
              name: `${config.env}-${SHORT_ROLE_NAMES.oncall}`,
              policies: [
                {
                  name: `inline policy of permission set ${config.env}-${SHORT_ROLE_NAMES.oncall}`,
                  document: { Statement: oncallPermissionSetStatements(accountId) },
                },
              ],
            }
          : undefined,
    },
    teams: config.appTeams.map((t) => t.name),
    kafkaClients: config.kafkaProvider === "msk" ? config.kafkaClients : [],
    external: registryRepositories(config.organization),
  };
}

/**
 * The organization registry's repositories, each with the pull policy the organization gives it (every
 * environment account may pull): what an environment's execution roles reach across accounts.
 */
function registryRepositories(org: OrganizationOutputs): ExternalResource[] {
  const { accountId, region, repositories } = org.registry;
  const pullers = Object.values(org.environments).map((e) => e.accountId);
  return Object.values(repositories).map((url) => {
    const path = url.slice(url.indexOf("/") + 1);
    return {
      arn: `arn:aws:ecr:${region}:${accountId}:repository/${path}`,
      policy: {
        name: `repository policy of ${path} (organization registry)`,
        document: { Statement: registryPullStatements(pullers) },
      },
    };
  });
}

/** The stacks to compare, with this stack's entry taken from the files being planned. */
function withStack(stacks: readonly StackEntry[], files: StackFiles): StackEntry[] {
  const mine = stacks.find((e) => e.project === files.project && e.stack === files.stack);
  const entry: StackEntry = { ...files, file: mine?.file ?? `Pulumi.${files.stack}.yaml` };
  return [...stacks.filter((e) => e !== mine), entry];
}

/** Splits qualified config into the values of a namespace (default the platform's) that validation reads. */
export function rawConfigOf(files: StackFiles, namespace = NAMESPACE): RawStackConfig {
  return rawStackConfig(files, namespace);
}

const organizationPlans = new Map<string, Promise<OrganizationOutputs>>();

/**
 * The organization's outputs, from the offline plan of its stack as `pulumi up` (once per process and
 * directory; with `cache`, also kept between processes: tools/engine/organizationCache.ts). Throws when
 * that plan fails: an environment cannot be planned without them.
 */
export async function organizationOutputs(
  dir = PROJECT_DIR,
  cache = false,
  isolate = true,
): Promise<{ outputs: OrganizationOutputs; source: string }> {
  const [stack] = organizationStacks(dir);
  if (stack === undefined) {
    throw new Error(`no organization stack: ${path.join(dir, ORGANIZATION_DIR)} has no Pulumi.<stack>.yaml`);
  }
  const planned = organizationPlans.get(dir) ?? plannedOrganization(dir, stack, cache, isolate);
  organizationPlans.set(dir, planned);
  return {
    outputs: await planned,
    source: `the offline plan of the organization stack ${stack} (as pulumi up)`,
  };
}

async function plannedOrganization(
  dir: string,
  stack: string,
  cache: boolean,
  isolate: boolean,
): Promise<OrganizationOutputs> {
  const fingerprint = cache ? organizationFingerprint(dir, stack) : "";
  const kept = cache ? readCachedOrganization(dir, stack, fingerprint) : undefined;
  if (kept !== undefined) {
    return kept;
  }
  // Only its outputs are read: the pack and the API rules judge the organization's own plan.
  const plan = await planStack(stack, { dir, up: true, judge: false, isolate });
  if (plan.problems.length > 0 || plan.error || plan.engineErrors.length > 0) {
    const why = plan.problems
      .map((p) => `${p.key}: ${p.message}`)
      .concat(plan.error ? [plan.error.message] : [], plan.engineErrors);
    throw new Error(
      `the organization stack ${stack} does not plan (npm run plan -- --stack ${stack}):\n  ${why.join("\n  ")}`,
    );
  }
  const outputs = display(plan.outputs) as OrganizationOutputs;
  if (cache) {
    writeCachedOrganization(dir, stack, fingerprint, outputs);
  }
  return outputs;
}

export async function planStack(stack: string, opts: PlanOptions = {}): Promise<Plan> {
  const dir = opts.dir ?? PROJECT_DIR;
  if (opts.files === undefined && organizationStacks(dir).includes(stack)) {
    return planOrganization(stack, { ...opts, dir });
  }
  const files = opts.files ?? readStackFiles(stack, dir);
  const org =
    opts.organization === undefined ? await organizationOutputs(dir, opts.caches, opts.isolate) : undefined;
  const organization = opts.organization ?? org?.outputs;
  const raw: RawStackConfig = { ...rawConfigOf(files), organization };
  const validation = validateStackConfig(raw);
  const across = crossStackProblems(withStack(opts.stacks ?? readProjectStacks(projectDirs(dir)), files), {
    project: files.project,
    stack,
  });
  if (!validation.ok || across.length > 0) {
    closeWorker(opts);
    const problems = [
      ...(validation.ok ? [] : validation.problems),
      ...across.map(({ key, message }) => ({ key, message })),
    ];
    return { stack, problems, ...emptyPlan(files, "environment") };
  }
  const config = validation.config;
  const accountId = planAccountOf(config);
  const request: SecondRunRequest = {
    stack,
    dir,
    organization: config.organization,
    files: opts.files,
    stacks: opts.stacks,
    missingParameters: opts.missingParameters,
    sourcePositions: opts.sourcePositions,
    caches: opts.caches,
  };
  // On a worker, the second run goes along with the preview.
  const beside =
    opts.integrations instanceof SecondRunWorker && !opts.up ? opts.integrations.run(request) : undefined;
  const referenceName = organizationStackOf(raw) ?? "";
  const result: RunResult = await runProgram(main, {
    project: files.project,
    stack,
    config: files.config,
    secretKeys: files.secretKeys,
    preview: !opts.up,
    accountId,
    isolate: opts.isolate,
    sourcePositions: opts.sourcePositions,
    stackReferences: { [referenceName]: config.organization as unknown as Record<string, unknown> },
    invokes: defaultInvokes({
      region: config.region,
      zoneCount: AZS_PER_REGION[config.region],
      accountId,
      missingParameters: opts.missingParameters,
    }),
  });
  const plan = await judged(stack, "environment", files, result, opts.judge ?? true);
  const failed = result.error !== undefined || result.engineErrors.length > 0;
  let integrations: IntegrationReport | undefined;
  let upFailure: string | undefined;
  if (!failed && opts.up) {
    integrations = await checkIntegrations(
      result.resources,
      result.states,
      integrationContext(config),
      new VerdictCache(opts.caches ? verdictCacheFile(dir, stack) : undefined),
    );
  } else if (!failed && opts.integrations) {
    ({ integrations, upFailure } = await (beside ??
      secondRun({ ...request, isolate: opts.isolate ?? true })));
  }
  // Done with the worker, whether it served this plan or not (a failing preview, a run as `pulumi up`).
  closeWorker(opts);
  return {
    ...plan,
    integrations,
    ...(upFailure === undefined ? {} : { upFailure }),
    prodExceptions: config.prodExceptions,
    organizationSource: org?.source ?? "outputs given to the plan",
  };
}

/**
 * A preview's second run, as `pulumi up`: its integrations (the pack and the API rules judged the preview),
 * or why the program fails once every value is known. `isolate`: see RunOptions.isolate (a worker's run is
 * the only one of its thread).
 */
export async function secondRun(request: SecondRunRequest & { isolate?: boolean }): Promise<SecondRunResult> {
  const { stack, isolate = false, ...given } = request;
  const second = await planStack(stack, { ...given, isolate, up: true, integrations: false, judge: false });
  const errors = [...second.engineErrors, ...(second.error ? [second.error.message] : [])];
  return {
    integrations: second.integrations,
    ...(errors.length > 0 ? { upFailure: errors.join("; ") } : {}),
  };
}

/** A worker given for the second run lets its thread go (again, if it already did). */
function closeWorker(opts: PlanOptions): void {
  if (opts.integrations instanceof SecondRunWorker) {
    opts.integrations.close();
  }
}

/** The organization program's plan: its own config, program and account; the same pack and rules. */
async function planOrganization(stack: string, opts: PlanOptions & { dir: string }): Promise<Plan> {
  const files = readStackFiles(stack, path.join(opts.dir, ORGANIZATION_DIR));
  const validation = validateOrganizationConfig(rawConfigOf(files, ORGANIZATION_NAMESPACE));
  if (!validation.ok) {
    return { stack, problems: validation.problems, ...emptyPlan(files, "organization") };
  }
  const config: OrganizationConfig = validation.config;
  const result = await runProgram(organizationMain, {
    project: files.project,
    stack,
    config: files.config,
    secretKeys: files.secretKeys,
    preview: !opts.up,
    accountId: config.managementAccountId,
    isolate: opts.isolate,
    sourcePositions: opts.sourcePositions,
    invokes: defaultInvokes({
      region: config.region,
      zoneCount: AZS_PER_REGION[config.region],
      accountId: config.managementAccountId,
    }),
  });
  return judged(stack, "organization", files, result, opts.judge ?? true);
}

function emptyPlan(files: StackFiles, kind: Plan["kind"]): Omit<Plan, "stack" | "problems"> {
  return {
    kind,
    resources: [],
    outputs: {},
    engineErrors: [],
    secretKeys: files.secretKeys,
    prodExceptions: [],
    diagnostics: [],
    apiViolations: [],
  };
}

/** A program's run, judged by the policy pack and AWS's API rules (unless it failed). */
async function judged(
  stack: string,
  kind: Plan["kind"],
  files: StackFiles,
  result: RunResult,
  judge = true,
): Promise<Plan> {
  const failed = result.error !== undefined || result.engineErrors.length > 0;
  const skip = failed || !judge;
  const diagnostics = skip
    ? []
    : await evaluatePack(
        { name: PACK_NAME, version: PACK_VERSION, policies: PACK_POLICIES, enforcementLevel: "mandatory" },
        result.resources,
      );
  return {
    stack,
    kind,
    problems: [],
    resources: result.resources,
    outputs: result.outputs,
    error: result.error,
    engineErrors: result.engineErrors,
    secretKeys: files.secretKeys,
    prodExceptions: [],
    diagnostics,
    apiViolations: skip ? [] : checkApiRules(result.resources),
    states: result.states,
  };
}

/**
 * Whether the plan fails (exit 1): a mandatory policy violation, as `pulumi preview --policy-pack` fails, any
 * violation of AWS's API rules, which AWS would reject on the deploy, any integration finding (a wiring
 * that would deploy and not work, or fail silently), or a program that fails once every value is known.
 */
export function planFails(
  plan: Pick<Plan, "diagnostics" | "apiViolations" | "integrations" | "upFailure">,
): boolean {
  return (
    plan.diagnostics.some((d) => d.level === "mandatory") ||
    plan.apiViolations.length > 0 ||
    (plan.integrations?.findings.length ?? 0) > 0 ||
    plan.upFailure !== undefined
  );
}

/** The prod floors a stack runs below, each with the reason its stack file gives. */
export function formatProdExceptions(exceptions: readonly { key: string; reason: string }[]): string[] {
  return [
    `Prod floors excepted (platform:prodExceptions): ${exceptions.length}`,
    ...exceptions.map((e) => `  - ${e.key}: ${e.reason}`),
  ];
}
