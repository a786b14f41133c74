/**
 * The app-team offline plan, run as `platform-plan` (the SDK package's bin, which ships this file with the
 * engine: tools/bundleEngine.mjs):
 *
 *   platform-plan --stack <name> --platform <outputs.json> [--dir <project>] [--out <file>] [--up]
 *
 * Runs an app team's own Pulumi program (Pulumi.yaml and Pulumi.<stack>.yaml of the project directory)
 * under the platform's offline engine, answering every StackReference with a platform stack's recorded
 * outputs (`npm run plan -- --stack dev --up --export-outputs <file>` in the platform's repository, or
 * `pulumi stack output --json` of a deployed platform stack), then evaluates the platform's policy pack and
 * AWS's API rules on what the program registered. Prints the component tree, the policy findings and the
 * rule violations, writes the JSON plan, and exits 1 on a failed program, a mandatory violation or an API
 * rule violation, as the platform's own plan does.
 */
import * as fs from "fs";
import * as path from "path";

import { PACK_NAME, PACK_POLICIES, PACK_VERSION } from "../policy-pack/pack";
import { AZS_PER_REGION } from "../stacks/config/regions";
import { ApiViolation, checkApiRules, formatApiViolations } from "./engine/apiRules";
import { defaultInvokes } from "./engine/invokes";
import { displayResource, RecordedResource, runProgram } from "./engine/mockEngine";
import { Diagnostic, evaluatePack, formatDiagnostics } from "./engine/policyRunner";
import { readProjectFile, readStackFiles } from "./engine/stackFiles";
import { componentTree, formatTree } from "./engine/tree";
import { display } from "./engine/wire";

export interface AppPlanOptions {
  /** The app's project directory (Pulumi.yaml and the stack files). */
  dir: string;
  stack: string;
  /** A platform stack's outputs, as `pulumi stack output --json` prints them. */
  platformOutputs: Record<string, unknown>;
  /** Run as `pulumi up` (every value known) instead of `pulumi preview`. Default: preview. */
  up?: boolean;
  /** The program to run; default: the project's entry point (Pulumi.yaml `main`, package.json `main`, index). */
  program?: () => unknown;
}

export interface AppPlan {
  stack: string;
  resources: RecordedResource[];
  outputs: Record<string, unknown>;
  error?: Error;
  engineErrors: string[];
  diagnostics: Diagnostic[];
  apiViolations: ApiViolation[];
}

/** Lets `require` load TypeScript, as Pulumi's Node.js runtime does: transpiled with the project's own compiler. */
function registerTypeScript(dir: string): void {
  const extensions = require.extensions as Record<string, (m: NodeModule, file: string) => void>;
  if (extensions[".ts"]) {
    return;
  }
  let compiler: string;
  try {
    compiler = require.resolve("typescript", { paths: [dir] });
  } catch {
    throw new Error(
      `the program in ${dir} is TypeScript: install typescript in the project (npm install -D typescript)`,
    );
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require(compiler) as typeof import("typescript");
  extensions[".ts"] = (module, file) => {
    const source = fs.readFileSync(file, "utf8");
    const { outputText } = ts.transpileModule(source, {
      fileName: file,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
      },
    });
    (module as NodeModule & { _compile(code: string, file: string): void })._compile(outputText, file);
  };
}

/** The project's entry point, resolved as Pulumi's Node.js runtime does. */
export function entryPoint(dir: string): string {
  const project = readProjectFile(dir);
  const pkgFile = path.join(dir, "package.json");
  const pkgMain = fs.existsSync(pkgFile)
    ? (JSON.parse(fs.readFileSync(pkgFile, "utf8")) as { main?: string }).main
    : undefined;
  const base = path.resolve(dir, project.main ?? pkgMain ?? ".");
  for (const candidate of [
    base,
    `${base}.ts`,
    `${base}.js`,
    path.join(base, "index.ts"),
    path.join(base, "index.js"),
  ]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) {
      return candidate;
    }
  }
  throw new Error(`no program in ${dir}: neither ${base}.ts nor ${base}.js nor an index.ts/index.js there`);
}

/** Runs the program as Pulumi does: a module exporting a function is called and its result is the outputs. */
function loadProgram(dir: string): () => unknown {
  const entry = entryPoint(dir);
  if (entry.endsWith(".ts")) {
    registerTypeScript(dir);
  }
  return () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported = require(entry) as unknown;
    return typeof exported === "function" ? (exported as () => unknown)() : exported;
  };
}

export async function planApp(opts: AppPlanOptions): Promise<AppPlan> {
  const files = readStackFiles(opts.stack, opts.dir);
  const outputs = opts.platformOutputs;
  const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
  const region = text(outputs.region) ?? files.config["aws:region"] ?? "";
  const accountId = text(outputs.accountId) ?? "123456789012";
  const program = opts.program ?? loadProgram(opts.dir);
  const result = await runProgram(() => program() as object, {
    project: files.project,
    stack: opts.stack,
    config: files.config,
    secretKeys: files.secretKeys,
    preview: opts.up !== true,
    accountId,
    stackReferences: () => outputs,
    invokes: defaultInvokes({ region, zoneCount: AZS_PER_REGION[region] ?? 3, accountId }),
  });
  const failed = result.error !== undefined || result.engineErrors.length > 0;
  return {
    stack: opts.stack,
    resources: result.resources,
    outputs: display(result.outputs) as Record<string, unknown>,
    error: result.error,
    engineErrors: result.engineErrors,
    diagnostics: failed
      ? []
      : await evaluatePack(
          { name: PACK_NAME, version: PACK_VERSION, policies: PACK_POLICIES, enforcementLevel: "mandatory" },
          result.resources,
        ),
    apiViolations: failed ? [] : checkApiRules(result.resources),
  };
}

/** The JSON plan of an app program: the shape of the platform's plan document, without its insights. */
export function appPlanDocument(plan: AppPlan): Record<string, unknown> {
  const custom = plan.resources.filter((r) => r.custom);
  return {
    stack: plan.stack,
    generatedBy: "platform-plan",
    summary: { resources: custom.length, components: plan.resources.length - custom.length },
    policy: { pack: PACK_NAME, version: PACK_VERSION, diagnostics: plan.diagnostics },
    apiRules: { violations: plan.apiViolations },
    outputs: plan.outputs,
    resources: plan.resources.map(displayResource),
  };
}

const USAGE =
  "usage: platform-plan --stack <name> --platform <outputs.json> [--dir <project>] [--out <file>] [--up]";

interface Args {
  stack: string;
  platform: string;
  dir: string;
  out?: string;
  up: boolean;
}

function parseArgs(argv: readonly string[]): Args | string {
  const args: Partial<Args> = { dir: process.cwd(), up: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string | undefined => argv[++i];
    if (arg === "--stack" || arg === "-s") {
      args.stack = value();
    } else if (arg === "--platform") {
      args.platform = value();
    } else if (arg === "--dir") {
      args.dir = value();
    } else if (arg === "--out" || arg === "-o") {
      args.out = value();
    } else if (arg === "--up") {
      args.up = true;
    } else if (arg === "--help" || arg === "-h") {
      return "";
    } else {
      return `unknown argument ${arg}`;
    }
  }
  if (!args.stack || !args.platform || !args.dir) {
    return "--stack and --platform are required";
  }
  return args as Args;
}

/** Where the CLI writes (process.stdout and process.stderr, or a test's collector). */
interface Writer {
  write(text: string): unknown;
}

/** The CLI: prints the plan and returns the exit code. */
export async function main(
  argv: readonly string[],
  out: Writer = process.stdout,
  err: Writer = process.stderr,
): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === "string") {
    (args ? err : out).write(`${args ? `${args}\n` : ""}${USAGE}\n`);
    return args ? 2 : 0;
  }
  const dir = path.resolve(args.dir);
  let platformOutputs: Record<string, unknown>;
  let plan: AppPlan;
  try {
    platformOutputs = JSON.parse(fs.readFileSync(path.resolve(args.platform), "utf8")) as Record<
      string,
      unknown
    >;
    plan = await planApp({ dir, stack: args.stack, platformOutputs, up: args.up });
  } catch (e) {
    err.write(`${(e as Error).message}\n`);
    return 2;
  }
  if (plan.error || plan.engineErrors.length > 0) {
    err.write(`stack ${args.stack}: the program failed:\n`);
    for (const e of [...plan.engineErrors, ...(plan.error ? [plan.error.message] : [])]) {
      err.write(`  ${e}\n`);
    }
    return 1;
  }
  const file = path.resolve(args.out ?? path.join(dir, ".plan", `${args.stack}.json`));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(appPlanDocument(plan), null, 2) + "\n");
  const custom = plan.resources.filter((r) => r.custom).length;
  out.write(
    `Plan of app stack ${args.stack} on platform ${String(platformOutputs.environment)} ` +
      `(${args.up ? "as pulumi up" : "as pulumi preview"}, offline)\n\n`,
  );
  out.write(formatTree(componentTree(plan.resources)).join("\n") + "\n\n");
  out.write(`${custom} resources in ${plan.resources.length - custom} components\nJSON plan: ${file}\n`);
  out.write(`\n${formatDiagnostics(plan.diagnostics, `${PACK_NAME}@${PACK_VERSION}`).join("\n")}\n`);
  out.write(`\n${formatApiViolations(plan.apiViolations).join("\n")}\n`);
  const fails = plan.diagnostics.some((d) => d.level === "mandatory") || plan.apiViolations.length > 0;
  return fails ? 1 : 0;
}
