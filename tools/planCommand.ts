/**
 * The plan CLI's work (tools/plan.ts starts it): plans the stack, writes the JSON plan and prints what a
 * reviewer reads, with the comparison and the change preview when asked.
 */
import * as fs from "fs";
import * as path from "path";

import { PACK_NAME, PACK_VERSION } from "../policy-pack/policies";
import { planOfCommit, resolveCommit } from "./diff/baseline";
import { blocksDeploy, ChangeSet, diffPlans, PlanDoc } from "./diff/changes";
import { formatChanges, formatChangesMarkdown } from "./diff/format";
import { formatApiViolations } from "./engine/apiRules";
import { formatIntegrations } from "./engine/integrations";
import { displayResource } from "./engine/mockEngine";
import { formatProdExceptions, Plan, planFails, planStack } from "./engine/plan";
import { formatDiagnostics } from "./engine/policyRunner";
import type { SecondRunWorker } from "./engine/secondRun";
import { stackFilesFor } from "./engine/stackFiles";
import { componentTree, formatTree } from "./engine/tree";
import { display } from "./engine/wire";
import { formatInsights, Insights, insights } from "./insights";
import { formatComparison, summarize as summarizeStack } from "./insights/compare";
import { DeclaredQuotas, declaredQuotas } from "./insights/quotas";
import { Args, EXIT_STATEFUL_REPLACEMENT } from "./planArgs";

/**
 * The JSON plan: what later reports and reviewers read. `declared`: the quotas the stack's config says the
 * account has been granted, for the quotas section.
 */
export function planDocument(plan: Plan, declared: DeclaredQuotas = {}): Record<string, unknown> {
  return {
    stack: plan.stack,
    generatedBy: "npm run plan",
    secretConfigKeys: plan.secretKeys,
    ...(plan.organizationSource === undefined ? {} : { organizationOutputsFrom: plan.organizationSource }),
    summary: summarize(plan),
    prodExceptions: plan.prodExceptions,
    policy: { pack: PACK_NAME, version: PACK_VERSION, diagnostics: plan.diagnostics },
    apiRules: { violations: plan.apiViolations },
    integrations: plan.integrations ?? null,
    insights: insights(plan.resources, declared),
    outputs: display(plan.outputs),
    resources: plan.resources.map(displayResource),
  };
}

function summarize(plan: Plan): Record<string, unknown> {
  const custom = plan.resources.filter((r) => r.custom);
  const byType: Record<string, number> = {};
  for (const r of custom) {
    byType[r.type] = (byType[r.type] ?? 0) + 1;
  }
  return {
    resources: custom.length,
    components: plan.resources.length - custom.length,
    protected: custom.filter((r) => r.protect).length,
    byType: Object.fromEntries(Object.entries(byType).sort(([a], [b]) => a.localeCompare(b))),
  };
}

/** The earlier plan `--diff` names: a JSON plan file, or the plan of a git revision built aside. */
function previousPlan(args: Args & { diff: string }): { doc: PlanDoc; label: string } {
  let file = args.diff;
  let label = path.relative(process.cwd(), file) || file;
  if (!fs.existsSync(file)) {
    const commit = resolveCommit(args.diff, args.dir);
    if (!commit) {
      throw new Error(`--diff ${args.diff}: neither a JSON plan file nor a git revision`);
    }
    process.stderr.write(
      `planning ${args.stack} at ${args.diff} (${commit.slice(0, 12)}) to compare with...\n`,
    );
    file = planOfCommit(commit, args.stack, { dir: args.dir, up: args.up });
    label = `the plan of ${args.diff} (${commit.slice(0, 12)})`;
  }
  const doc = JSON.parse(fs.readFileSync(file, "utf8")) as PlanDoc;
  if (doc.stack !== args.stack || !Array.isArray(doc.resources)) {
    throw new Error(`--diff ${args.diff}: ${file} is not a plan of stack ${args.stack}`);
  }
  return { doc, label };
}

/**
 * Plans `args.stack` and reports; resolves with the exit code. `worker`: the second run's worker, already
 * loading the program, for a preview of an environment.
 */
export async function planCommand(args: Args, worker?: SecondRunWorker): Promise<number> {
  const projectDir = args.dir;
  let previous: { doc: PlanDoc; label: string } | undefined;
  try {
    previous = args.diff ? previousPlan({ ...args, diff: args.diff }) : undefined;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  const started = process.hrtime.bigint();
  let plan: Plan;
  try {
    // The SDK records a stack trace for every promise it creates (to debug leaks), and one for every resource
    // (its source position); formatting them is a third of the run. Plan without them, and again with them
    // only if the program fails, for its stack.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    // Every run of this thread comes after the one before: none needs the runtime's isolation.
    plan = await planStack(args.stack, {
      up: args.up,
      dir: projectDir,
      isolate: false,
      sourcePositions: false,
      integrations: worker ?? true,
      caches: true,
    });
    Error.stackTraceLimit = stackTraceLimit;
    if (plan.error) {
      plan = await planStack(args.stack, {
        up: args.up,
        dir: projectDir,
        isolate: false,
        integrations: true,
      });
    }
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  if (plan.problems.length > 0) {
    process.stderr.write(`stack ${args.stack}: invalid config (${plan.problems.length} problem(s)):\n`);
    for (const p of plan.problems) {
      process.stderr.write(`  - ${p.key}: ${p.message}\n`);
    }
    return 1;
  }
  if (plan.error || plan.engineErrors.length > 0) {
    process.stderr.write(`stack ${args.stack}: the program failed:\n`);
    for (const e of [...plan.engineErrors, ...(plan.error ? [plan.error.stack ?? plan.error.message] : [])]) {
      process.stderr.write(`  ${e}\n`);
    }
    return 1;
  }
  const doc = planDocument(plan, declaredQuotas(stackFilesFor(args.stack, projectDir)));
  let comparison: string[] | undefined;
  if (args.compare) {
    const other = await planStack(args.compare, { up: args.up, dir: projectDir, isolate: false });
    if (other.problems.length > 0 || other.error) {
      process.stderr.write(
        `stack ${args.compare}: cannot plan it to compare (npm run plan -- --stack ${args.compare})\n`,
      );
      return 1;
    }
    const mine = summarizeStack(args.stack, plan.resources, doc.insights as Insights);
    const theirs = summarizeStack(args.compare, other.resources, insights(other.resources));
    doc.comparison = { [args.stack]: mine, [args.compare]: theirs };
    comparison = formatComparison(mine, theirs);
  }
  let changes: ChangeSet | undefined;
  if (previous) {
    changes = diffPlans(previous.doc, doc as unknown as PlanDoc);
    doc.changes = changes;
    if (args.diffOut) {
      fs.mkdirSync(path.dirname(path.resolve(args.diffOut)), { recursive: true });
      fs.writeFileSync(args.diffOut, formatChangesMarkdown(changes, previous.label, args.allowReplace));
    }
  }
  fs.mkdirSync(path.dirname(args.out), { recursive: true });
  fs.writeFileSync(args.out, JSON.stringify(doc, null, 2) + "\n");
  if (args.exportOutputs) {
    fs.mkdirSync(path.dirname(path.resolve(args.exportOutputs)), { recursive: true });
    fs.writeFileSync(args.exportOutputs, JSON.stringify(doc.outputs, null, 2) + "\n");
  }

  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const summary = doc.summary as { resources: number; components: number; protected: number };
  const out = process.stdout;
  out.write(`Plan of stack ${args.stack} (${args.up ? "as pulumi up" : "as pulumi preview"}, offline)\n\n`);
  if (plan.organizationSource !== undefined) {
    out.write(`Organization outputs (StackReference): from ${plan.organizationSource}\n\n`);
  }
  out.write(formatTree(componentTree(plan.resources)).join("\n") + "\n\n");
  out.write(
    `${summary.resources} resources in ${summary.components} components, ${summary.protected} protected` +
      (plan.secretKeys.length ? `; secret config: ${plan.secretKeys.join(", ")}` : "") +
      `\nJSON plan: ${path.relative(process.cwd(), args.out) || args.out} (${ms.toFixed(0)} ms)\n`,
  );
  out.write(`\n${formatInsights(doc.insights as Insights).join("\n")}\n`);
  if (plan.prodExceptions.length > 0) {
    out.write(`\n${formatProdExceptions(plan.prodExceptions).join("\n")}\n`);
  }
  if (comparison) {
    out.write(`\nCompared with ${args.compare ?? ""}:\n${comparison.join("\n")}\n`);
  }
  out.write(`\n${formatDiagnostics(plan.diagnostics, `${PACK_NAME}@${PACK_VERSION}`).join("\n")}\n`);
  // AWS would reject the deploy: each violation of its API rules fails the plan.
  out.write(`\n${formatApiViolations(plan.apiViolations).join("\n")}\n`);
  // Wirings that would deploy and not work (or fail silently): each fails the plan.
  const unjudged =
    plan.upFailure !== undefined
      ? `run as pulumi up, the program fails: ${plan.upFailure}`
      : plan.kind === "organization" && !plan.error && plan.engineErrors.length === 0
        ? "the model covers the environments' wirings; the organization's accounts are judged by the policy pack"
        : "the program failed";
  out.write(`\n${formatIntegrations(plan.integrations, unjudged).join("\n")}\n`);
  if (changes && previous) {
    out.write(`\n${formatChanges(changes, previous.label, args.allowReplace).join("\n")}\n`);
  }
  if (planFails(plan)) {
    return 1;
  }
  // Replacing a database, a cache, a key or a zone loses what it holds: only when asked for.
  return changes && blocksDeploy(changes, args.allowReplace) ? EXIT_STATEFUL_REPLACEMENT : 0;
}
