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
import * as fs from "fs";
import * as path from "path";

import { PACK_NAME, PACK_VERSION } from "../policy-pack/policies";
import { planOfCommit, resolveCommit } from "./diff/baseline";
import { blocksDeploy, ChangeSet, diffPlans, PlanDoc } from "./diff/changes";
import { formatChanges, formatChangesMarkdown } from "./diff/format";
import { formatApiViolations } from "./engine/apiRules";
import { formatIntegrations } from "./engine/integrations";
import { displayResource } from "./engine/mockEngine";
import { allStacks, formatProdExceptions, Plan, planFails, planStack, stackFilesFor } from "./engine/plan";
import { formatDiagnostics } from "./engine/policyRunner";
import { findProjectDir } from "./engine/stackFiles";
import { componentTree, formatTree } from "./engine/tree";
import { display } from "./engine/wire";
import { formatInsights, Insights, insights } from "./insights";
import { formatComparison, summarize as summarizeStack } from "./insights/compare";
import { DeclaredQuotas, declaredQuotas } from "./insights/quotas";

/** The project the plan reads: the one in (or above) the current directory, like the Pulumi CLI. */
const projectDir = findProjectDir(process.cwd());

interface Args {
  stack: string;
  out: string;
  up: boolean;
  /** Another stack to compare with. */
  compare?: string;
  /** The earlier plan to preview the changes against: a JSON plan file or a git revision (`main`). */
  diff?: string;
  /** Where to write the change preview as Markdown (the pull request's comment). */
  diffOut?: string;
  /** Let stateful resources be replaced without failing the change preview. */
  allowReplace: boolean;
  /** Where to write the stack's outputs for app teams' plans. */
  exportOutputs?: string;
}

/** The options, for the parser and `--help`. */
const OPTIONS = [
  { flags: ["--stack", "-s"], value: "<stack>", help: "the stack to plan (required)" },
  {
    flags: ["--out", "-o"],
    value: "<file>",
    help: "where to write the JSON plan (default .plan/<stack>.json)",
  },
  { flags: ["--up"], help: "plan as `pulumi up` (every output known) instead of as a preview" },
  { flags: ["--compare"], value: "<stack>", help: "compare sizes, cost and tiers with another stack" },
  {
    flags: ["--diff"],
    value: "<plan.json|rev>",
    help:
      "preview the changes against an earlier JSON plan of the stack, or against the plan of a git revision\n" +
      "(`main`, falling back to `origin/main`; built once per commit in the temporary folder)",
  },
  {
    flags: ["--diff-out"],
    value: "<file>",
    help: "also write the change preview as Markdown (for a PR comment)",
  },
  { flags: ["--allow-replace"], help: "do not fail when the change preview replaces stateful resources" },
  {
    flags: ["--export-outputs"],
    value: "<file>",
    help:
      "with --up, also write the stack's outputs as `pulumi stack output --json` prints them: what app teams\n" +
      "plan their own programs against (`platform-plan`, the SDK package's bin)",
  },
  { flags: ["--help", "-h"], help: "print this help" },
] as const;

type Flag = (typeof OPTIONS)[number]["flags"][number];

/** Exit code of a change preview that replaces stateful resources without --allow-replace. */
export const EXIT_STATEFUL_REPLACEMENT = 3;

function usageLine(): string {
  return `usage: npm run plan -- --stack <${allStacks(projectDir).join("|")}> [--out <file>] [--up] [--compare <stack>] [--diff <plan.json|rev> [--diff-out <file>] [--allow-replace]]`;
}

function help(): string {
  const rows = OPTIONS.map((o) => {
    const left = `  ${o.flags.join(", ")}${"value" in o ? ` ${o.value}` : ""}`;
    const [first, ...rest] = o.help.split("\n");
    return [`${left.padEnd(34)}${first}`, ...rest.map((r) => `${"".padEnd(34)}${r}`)].join("\n");
  });
  return [
    usageLine(),
    "The offline plan of a stack: the program under a mock engine, the policy pack, AWS's API rules.",
    "",
    ...rows,
    "",
    "Exit codes: 0 ok; 1 invalid config, a failing program, a mandatory policy or API rule violated;",
    `2 bad arguments; ${EXIT_STATEFUL_REPLACEMENT} the change preview replaces stateful resources (see --allow-replace).`,
    "",
  ].join("\n");
}

function usage(message: string): never {
  process.stderr.write(`${message}\n${usageLine()}\n(--help for details)\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  const values: Partial<Record<Flag, string | true>> = {};
  for (let i = 0; i < argv.length; i++) {
    const option = OPTIONS.find((o) => (o.flags as readonly string[]).includes(argv[i]));
    if (!option) {
      usage(`unknown argument ${argv[i]}`);
    }
    if ("value" in option) {
      const value = argv[++i];
      if (value === undefined || value.startsWith("--")) {
        usage(`${argv[i - 1]} needs a value ${option.value}`);
      }
      values[option.flags[0]] = value;
    } else {
      values[option.flags[0]] = true;
    }
  }
  if (values["--help"]) {
    process.stdout.write(help());
    process.exit(0);
  }
  const text = (flag: Flag): string | undefined => {
    const v = values[flag];
    return typeof v === "string" ? v : undefined;
  };
  const stack = text("--stack");
  if (!stack) {
    usage("--stack is required");
  }
  const diff = text("--diff");
  if (!diff && (values["--diff-out"] || values["--allow-replace"])) {
    usage("--diff-out and --allow-replace go with --diff");
  }
  if (text("--export-outputs") !== undefined && values["--up"] !== true) {
    usage("--export-outputs needs --up: a preview's outputs are unknown, a deployed stack's are not");
  }
  return {
    stack,
    out: text("--out") ?? path.join(projectDir, ".plan", `${stack}.json`),
    up: values["--up"] === true,
    compare: text("--compare"),
    diff,
    diffOut: text("--diff-out"),
    allowReplace: values["--allow-replace"] === true,
    exportOutputs: text("--export-outputs"),
  };
}

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
    const commit = resolveCommit(args.diff, projectDir);
    if (!commit) {
      throw new Error(`--diff ${args.diff}: neither a JSON plan file nor a git revision`);
    }
    process.stderr.write(
      `planning ${args.stack} at ${args.diff} (${commit.slice(0, 12)}) to compare with...\n`,
    );
    file = planOfCommit(commit, args.stack, { dir: projectDir, up: args.up });
    label = `the plan of ${args.diff} (${commit.slice(0, 12)})`;
  }
  const doc = JSON.parse(fs.readFileSync(file, "utf8")) as PlanDoc;
  if (doc.stack !== args.stack || !Array.isArray(doc.resources)) {
    throw new Error(`--diff ${args.diff}: ${file} is not a plan of stack ${args.stack}`);
  }
  return { doc, label };
}

async function run(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
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
    // One plan per process runs without the runtime's isolation; a comparison plans two stacks.
    plan = await planStack(args.stack, {
      up: args.up,
      dir: projectDir,
      // The integrations are judged on a second run as `pulumi up`, which needs the runtime's isolation.
      isolate: args.compare !== undefined || !args.up,
      sourcePositions: false,
      integrations: true,
    });
    Error.stackTraceLimit = stackTraceLimit;
    if (plan.error) {
      plan = await planStack(args.stack, { up: args.up, dir: projectDir, isolate: true, integrations: true });
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
    const other = await planStack(args.compare, { up: args.up, dir: projectDir, isolate: true });
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
      : plan.organizationSource === undefined && !plan.error && plan.engineErrors.length === 0
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

run().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
