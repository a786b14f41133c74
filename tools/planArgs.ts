/**
 * The plan CLI's arguments (`npm run plan -- --help`): what they mean, how they parse, the usage and help
 * texts. Light on purpose: the CLI reads them before it loads the program.
 */
import * as path from "path";

import { allStacks, findProjectDir } from "./engine/stackFiles";

export interface Args {
  /** The project the plan reads: the one in (or above) the current directory, like the Pulumi CLI. */
  dir: string;
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

function usageLine(projectDir: string): string {
  return `usage: npm run plan -- --stack <${allStacks(projectDir).join("|")}> [--out <file>] [--up] [--compare <stack>] [--diff <plan.json|rev> [--diff-out <file>] [--allow-replace]]`;
}

function help(projectDir: string): string {
  const rows = OPTIONS.map((o) => {
    const left = `  ${o.flags.join(", ")}${"value" in o ? ` ${o.value}` : ""}`;
    const [first, ...rest] = o.help.split("\n");
    return [`${left.padEnd(34)}${first}`, ...rest.map((r) => `${"".padEnd(34)}${r}`)].join("\n");
  });
  return [
    usageLine(projectDir),
    "The offline plan of a stack: the program under a mock engine, the policy pack, AWS's API rules.",
    "",
    ...rows,
    "",
    "Exit codes: 0 ok; 1 invalid config, a failing program, a mandatory policy or API rule violated;",
    `2 bad arguments; ${EXIT_STATEFUL_REPLACEMENT} the change preview replaces stateful resources (see --allow-replace).`,
    "",
  ].join("\n");
}

function usage(message: string, projectDir: string): never {
  process.stderr.write(`${message}\n${usageLine(projectDir)}\n(--help for details)\n`);
  process.exit(2);
}

/** The arguments, or the process ends with the usage (exit code 2) or the help (0). */
export function parseArgs(argv: string[]): Args {
  const projectDir = findProjectDir(process.cwd());
  const values: Partial<Record<Flag, string | true>> = {};
  for (let i = 0; i < argv.length; i++) {
    const option = OPTIONS.find((o) => (o.flags as readonly string[]).includes(argv[i]));
    if (!option) {
      usage(`unknown argument ${argv[i]}`, projectDir);
    }
    if ("value" in option) {
      const value = argv[++i];
      if (value === undefined || value.startsWith("--")) {
        usage(`${argv[i - 1]} needs a value ${option.value}`, projectDir);
      }
      values[option.flags[0]] = value;
    } else {
      values[option.flags[0]] = true;
    }
  }
  if (values["--help"]) {
    process.stdout.write(help(projectDir));
    process.exit(0);
  }
  const text = (flag: Flag): string | undefined => {
    const v = values[flag];
    return typeof v === "string" ? v : undefined;
  };
  const stack = text("--stack");
  if (!stack) {
    usage("--stack is required", projectDir);
  }
  const diff = text("--diff");
  if (!diff && (values["--diff-out"] || values["--allow-replace"])) {
    usage("--diff-out and --allow-replace go with --diff", projectDir);
  }
  if (text("--export-outputs") !== undefined && values["--up"] !== true) {
    usage(
      "--export-outputs needs --up: a preview's outputs are unknown, a deployed stack's are not",
      projectDir,
    );
  }
  return {
    dir: projectDir,
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
