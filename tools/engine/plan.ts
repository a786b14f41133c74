/**
 * The offline plan of a stack: validate its config, then run the real program under the recording mock
 * engine as a preview, and describe the resulting resource graph.
 */
import {
  accessRolePattern,
  guardrailAdmins,
  serviceControlPolicies,
} from "../../components/access/guardrails";
import { peopleRolePattern } from "../../components/access/people";
import { PACK_NAME, PACK_POLICIES, PACK_VERSION } from "../../policy-pack/pack";
import { allowedRegionsOf } from "../../stacks/access";
import {
  ConfigProblem,
  environmentBaseName,
  NAMESPACE,
  RawStackConfig,
  StackConfig,
  validateStackConfig,
} from "../../stacks/config";
import { AZS_PER_REGION } from "../../stacks/config/regions";
import { main } from "../../stacks/program";
import { ApiViolation, checkApiRules } from "./apiRules";
import { checkIntegrations, IntegrationContext, IntegrationReport } from "./integrations";
import { defaultInvokes } from "./invokes";
import { RecordedResource, runProgram, RunResult } from "./mockEngine";
import { Diagnostic, evaluatePack } from "./policyRunner";
import { readStackFiles, StackFiles } from "./stackFiles";
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
  /** What the policy pack reports on the plan (empty when the program failed). */
  diagnostics: Diagnostic[];
  /** Violations of AWS's own API rules (tools/rules/): each fails the plan. */
  apiViolations: ApiViolation[];
  /**
   * The integration model's report (tools/integrations/): judged on the program run as `pulumi up`, where
   * every ARN and policy is known; in a preview only with `integrations: true` (a second run). Each
   * finding fails the plan.
   */
  integrations?: IntegrationReport;
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
  /** See RunOptions.isolate: false only in a process that plans once. Default: true. */
  isolate?: boolean;
  /** See RunOptions.sourcePositions. Default: true. */
  sourcePositions?: boolean;
  /** SSM parameters that do not exist (see InvokeContext.missingParameters). Default: none. */
  missingParameters?: readonly string[];
  /**
   * Judge the integrations in a preview too, on a second run of the program as `pulumi up` (the plan CLI
   * does). A run as `pulumi up` always judges them. Default: false.
   */
  integrations?: boolean;
}

/** What the integration model needs of the stack beyond its plan: account, region, SCPs, on-call, teams. */
export function integrationContext(config: StackConfig, accountId: string): IntegrationContext {
  const baseName = environmentBaseName(config.namePrefix, config.env);
  const scps = serviceControlPolicies({
    allowedRegions: allowedRegionsOf(config),
    admins: guardrailAdmins(baseName, config.account.accessRole),
    accessRole: accessRolePattern(config.account.accessRole),
  });
  return {
    account: accountId,
    region: config.region,
    scps: Object.entries(scps).map(([name, statements]) => ({
      name: `SCP ${baseName}-${name}`,
      document: { Statement: statements },
    })),
    oncallArn: peopleRolePattern(
      { mode: config.peopleAccess, environment: config.env, namePrefix: baseName, accountId },
      "oncall",
    ),
    teams: config.appTeams.map((t) => t.name),
    kafkaClients: config.kafkaProvider === "msk" ? config.kafkaClients : [],
  };
}

/** Splits qualified config into the `platform:` values validation reads. */
export function rawConfigOf(files: StackFiles): RawStackConfig {
  const prefix = `${NAMESPACE}:`;
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(files.config)) {
    if (k.startsWith(prefix)) {
      values[k.slice(prefix.length)] = v;
    }
  }
  const secretKeys = files.secretKeys.filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
  return { stack: files.stack, region: files.config["aws:region"], values, secretKeys };
}

export async function planStack(stack: string, opts: PlanOptions = {}): Promise<Plan> {
  const files = opts.files ?? readStackFiles(stack, opts.dir);
  const validation = validateStackConfig(rawConfigOf(files));
  const empty = {
    resources: [],
    outputs: {},
    engineErrors: [],
    secretKeys: files.secretKeys,
    diagnostics: [],
    apiViolations: [],
  };
  if (!validation.ok) {
    return { stack, problems: validation.problems, ...empty };
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
  let integrations: IntegrationReport | undefined;
  if (!failed && opts.up) {
    integrations = await checkIntegrations(
      result.resources,
      result.states,
      integrationContext(config, accountId),
    );
  } else if (!failed && opts.integrations) {
    integrations = (await planStack(stack, { ...opts, up: true, isolate: true, integrations: false }))
      .integrations;
  }
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
    diagnostics,
    apiViolations: failed ? [] : checkApiRules(result.resources),
    integrations,
    states: result.states,
  };
}

/**
 * Whether the plan fails (exit 1): a mandatory policy violation, as `pulumi preview --policy-pack` fails, any
 * violation of AWS's API rules, which AWS would reject on the deploy, or any integration finding (a wiring
 * that would deploy and not work, or fail silently).
 */
export function planFails(plan: Pick<Plan, "diagnostics" | "apiViolations" | "integrations">): boolean {
  return (
    plan.diagnostics.some((d) => d.level === "mandatory") ||
    plan.apiViolations.length > 0 ||
    (plan.integrations?.findings.length ?? 0) > 0
  );
}
