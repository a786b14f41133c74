/**
 * `npm run plan -- --stack <name> [--out <file>] [--up] [--compare <stack>]` (`--help` for the options)
 *
 * The offline plan: runs the real program for a stack under the recording mock engine, with the stack's
 * YAML config, without cloud credentials or the Pulumi CLI. Prints the component tree with resource
 * counts and writes the JSON plan (every resource with its parent, dependencies, property dependencies,
 * protect flag and inputs). Bad config: the validation errors on stderr and exit code 1, nothing else.
 */
import * as fs from "fs";
import * as path from "path";

import { PACK_NAME, PACK_VERSION } from "../policy-pack/policies";
import { formatApiViolations } from "./engine/apiRules";
import { displayResource } from "./engine/mockEngine";
import { Plan, planFails, planStack } from "./engine/plan";
import { formatDiagnostics } from "./engine/policyRunner";
import { findProjectDir, listStacks, readStackFiles } from "./engine/stackFiles";
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
}

const USAGE = `usage: npm run plan -- --stack <name> [--out <file>] [--up] [--compare <stack>]

Plans a stack offline, as \`pulumi preview\` would (no credentials, no Pulumi CLI): prints the component
tree, the deploy critical path, the monthly cost, the zone-failure check, quotas, the policy pack's findings
and AWS's API rules, and writes the JSON plan. Exits 1 on bad config, a failing program, a mandatory
policy violation or an API rule violation.

  -s, --stack <name>    the stack (its Pulumi.<name>.yaml)
  -o, --out <file>      where to write the JSON plan (default .plan/<stack>.json)
      --up              plan as \`pulumi up\` (every value known) instead of as a preview
      --compare <stack> add a side-by-side comparison with another stack
  -h, --help            this text`;

function usage(message: string): never {
  process.stderr.write(
    `${message}\n${USAGE.split("\n\n")[0]}\nstacks: ${listStacks(projectDir).join(", ")}\n`,
  );
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  let stack: string | undefined;
  let out: string | undefined;
  let up = false;
  let compare: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") {
      process.stdout.write(`${USAGE}\n\nstacks here: ${listStacks(projectDir).join(", ")}\n`);
      process.exit(0);
    } else if (arg === "--stack" || arg === "-s") {
      stack = argv[++i];
    } else if (arg === "--out" || arg === "-o") {
      out = argv[++i];
    } else if (arg === "--up") {
      up = true;
    } else if (arg === "--compare") {
      compare = argv[++i];
    } else {
      usage(`unknown argument ${arg}`);
    }
  }
  if (!stack) {
    usage("--stack is required");
  }
  return { stack, out: out ?? path.join(projectDir, ".plan", `${stack}.json`), up, compare };
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
    summary: summarize(plan),
    policy: { pack: PACK_NAME, version: PACK_VERSION, diagnostics: plan.diagnostics },
    apiRules: { violations: plan.apiViolations },
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

async function run(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
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
      isolate: args.compare !== undefined,
      sourcePositions: false,
    });
    Error.stackTraceLimit = stackTraceLimit;
    if (plan.error) {
      plan = await planStack(args.stack, { up: args.up, dir: projectDir, isolate: true });
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
  const doc = planDocument(plan, declaredQuotas(readStackFiles(args.stack, projectDir)));
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
  fs.mkdirSync(path.dirname(args.out), { recursive: true });
  fs.writeFileSync(args.out, JSON.stringify(doc, null, 2) + "\n");

  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const summary = doc.summary as { resources: number; components: number; protected: number };
  const out = process.stdout;
  out.write(`Plan of stack ${args.stack} (${args.up ? "as pulumi up" : "as pulumi preview"}, offline)\n\n`);
  out.write(formatTree(componentTree(plan.resources)).join("\n") + "\n\n");
  out.write(
    `${summary.resources} resources in ${summary.components} components, ${summary.protected} protected` +
      (plan.secretKeys.length ? `; secret config: ${plan.secretKeys.join(", ")}` : "") +
      `\nJSON plan: ${path.relative(process.cwd(), args.out) || args.out} (${ms.toFixed(0)} ms)\n`,
  );
  out.write(`\n${formatInsights(doc.insights as Insights).join("\n")}\n`);
  if (comparison) {
    out.write(`\nCompared with ${args.compare ?? ""}:\n${comparison.join("\n")}\n`);
  }
  out.write(`\n${formatDiagnostics(plan.diagnostics, `${PACK_NAME}@${PACK_VERSION}`).join("\n")}\n`);
  // AWS would reject the deploy: each violation of its API rules fails the plan.
  out.write(`\n${formatApiViolations(plan.apiViolations).join("\n")}\n`);
  return planFails(plan) ? 1 : 0;
}

run().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
