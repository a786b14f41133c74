/**
 * `npm run bench` (`--help` for the options): wall time and peak memory of the offline plan of each stack,
 * of `npm run plan` itself, of loading the program the way the Pulumi CLI loads it, and of two synthetic
 * environments (100 and 1,000 service modules), next to the time it takes merely to load the SDK (the
 * base: @pulumi/pulumi and @pulumi/aws in a fresh node). Each figure is the median of several runs of a
 * fresh process, as a user runs them, interleaved round by round. Figures are printed against their
 * targets, never asserted by tests (a shared machine's speed varies too much).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as os from "os";
import * as path from "path";

import { derivedPriority } from "../components/compute/priorities";
import { findProjectDir, listStacks, ORGANIZATION_DIR, organizationStacks } from "./engine/stackFiles";
import { verdictCacheFile } from "./engine/verdictCache";
import { declaredServices, relaunchFlags } from "./planSize";

const ROOT = findProjectDir();
const MEASURE = path.join(ROOT, "bin", "tools", "measure.js");
const CLI_LOAD = path.join(ROOT, "bin", "tools", "cliLoad.js");
/** The base of the ratios: the SDK's own modules, which every Pulumi program of this kind loads. */
const BASE_MODULES = ["@pulumi/pulumi", "@pulumi/aws"];
/** Every SDK module the plan loads. */
const SDK_MODULES = [
  ...BASE_MODULES,
  "@pulumi/mongodbatlas",
  "@pulumi/confluentcloud",
  "@pulumi/random",
  "@pulumi/policy",
];

/**
 * Node flags of every process the benchmark times, the SDK load included: those `npm run plan` passes
 * (package.json's `plan` script, read from there). `--single-generation` promotes what survives a scavenge
 * at once (tools/plan.ts LARGE_PLAN_FLAGS: a plan of more than 100 services starts again with a young
 * generation instead, and the benchmark times it with those flags in one process); a heap that grows by
 * half instead of doubling keeps a 1,000-service plan, two programs at once, under 3 GiB.
 */
export const NODE_FLAGS: readonly string[] = (() => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };
  return pkg.scripts.plan.split(/\s+/).filter((word) => word.startsWith("--"));
})();

/** Targets the benchmark prints its figures against. */
export const TARGETS = {
  /** A warm `npm run plan -- --stack prod`, in multiples of the base. */
  planRatio: 3,
  /** The 1,000-service plan: wall seconds and peak memory (GiB). */
  scaleSeconds: 60,
  scaleGiB: 4,
  /**
   * Linear growth: the time per resource of the largest synthetic plan at most this many times that of the
   * smallest (a plan whose cost grew with the square of its size would show ten times).
   */
  linearity: 1.25,
};

/** Cost of one synthetic plan per resource, beyond the SDK load: milliseconds and KB of peak memory. */
export function perResourceCost(s: Sample, base: Sample, resources: number): { ms: number; kb: number } {
  return { ms: (s.ms - base.ms) / resources, kb: ((s.maxRssMb - base.maxRssMb) * 1024) / resources };
}

const USAGE = `usage: npm run bench -- [--runs <n>] [--quick]

Times, in fresh processes, the SDK load (the base), a warm \`npm run plan -- --stack prod\`, the offline plan
of every stack, the program's load as the Pulumi CLI does it (as configured in Pulumi.yaml, and with ts-node
as \`typescript: true\` would, type-checking or not, with a cold cache as on a CI runner) and the plans of
synthetic environments of 100 and 1,000 service modules. Prints medians, ratios and targets.

      --runs <n>  runs of each job (median; default 5, env BENCH_RUNS); the ts-node loads and the largest
                  synthetic plan run at most 3 times
      --quick     leave out the ts-node loads and the largest synthetic environment
  -h, --help      this text`;

export interface Sample {
  ms: number;
  maxRssMb: number;
}

/** Runs one command, as `node <flags> measure.js <out> ...args` or through npm, and reads its peak memory. */
function measure(job: Job): Sample {
  job.prepare?.();
  const out = path.join(os.tmpdir(), `bench-${process.pid}.json`);
  fs.rmSync(out, { force: true });
  const env = { ...process.env, ...job.env(), PLATFORM_MEASURE_OUT: out };
  const started = process.hrtime.bigint();
  const r = job.npm
    ? spawnSync(process.platform === "win32" ? "npm.cmd" : "npm", ["run", "-s", ...job.args], {
        cwd: job.cwd,
        encoding: "utf8",
        env,
      })
    : spawnSync(process.execPath, [...(job.flags ?? NODE_FLAGS), MEASURE, out, ...job.args], {
        cwd: job.cwd,
        encoding: "utf8",
        env,
      });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) {
    throw new Error(`${job.label} failed:\n${r.stderr}`);
  }
  const { maxRssKb } = JSON.parse(fs.readFileSync(out, "utf8")) as { maxRssKb: number };
  return { ms, maxRssMb: maxRssKb / 1024 };
}

/**
 * The median, over the rounds, of each round's ratio of `samples` to `bases`: a ratio of two runs taken one
 * after the other, on the same machine. On a shared VM whose speed drifts by 40% within minutes, the ratio
 * of two medians taken over different minutes is not.
 */
export function pairedRatio(samples: readonly Sample[], bases: readonly Sample[]): number {
  const ratios = samples.map((s, i) => s.ms / bases[i].ms).sort((a, b) => a - b);
  return ratios[Math.floor(ratios.length / 2)];
}

function median(samples: Sample[]): Sample {
  const mid = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { ms: mid(samples.map((s) => s.ms)), maxRssMb: mid(samples.map((s) => s.maxRssMb)) };
}

interface Job {
  label: string;
  args: string[];
  cwd: string;
  /** Run through `npm run -s` (args start with the script's name) instead of node. */
  npm?: boolean;
  /** At most this many runs. */
  maxRuns?: number;
  /** No warm-up run (a job that warms nothing, or one too slow to repeat). */
  cold?: boolean;
  /** Environment of each run (a fresh one per run). */
  env: () => Record<string, string>;
  /** Done before each run, untimed. */
  prepare?: () => void;
  /** Node flags of the run, if not NODE_FLAGS. */
  flags?: readonly string[];
}

/**
 * The median of `runs` runs of each job. The runs are interleaved, round by round, so that every job sees
 * the same machine: on a shared VM, speed drifts by more than the differences measured here.
 */
function benchAll(
  jobs: Job[],
  runs: number,
): { medians: Map<string, Sample>; rounds: Map<string, Sample[]> } {
  for (const job of jobs.filter((j) => !j.cold)) {
    measure(job); // warm the file cache (and the bundled functions' cache)
  }
  const samples = new Map<string, Sample[]>(jobs.map((j) => [j.label, []]));
  for (let round = 0; round < runs; round++) {
    for (const job of jobs.filter((j) => round < (j.maxRuns ?? runs))) {
      samples.get(job.label)?.push(measure(job));
    }
  }
  return { medians: new Map([...samples].map(([label, s]) => [label, median(s)])), rounds: samples };
}

/** Sizes of the synthetic environments: the growth from the first to the second shows the plan is linear. */
export const SYNTHETIC_SIZES = [100, 1000] as const;

/**
 * The synthetic mix: 40% APIs with a path each (at most 80: an ALB listener holds 100 rules, and the platform's
 * own services take some), the rest workers on their own queue and scheduled jobs, two to one.
 */
export function syntheticMix(services: number): { apis: number; workers: number; crons: number } {
  const apis = Math.min(Math.round(services * 0.4), 80);
  const workers = Math.round(((services - apis) * 2) / 3);
  return { apis, workers, crons: services - apis - workers };
}

/**
 * A project directory with the real Pulumi.yaml and one stack, `synthetic`: the prod stack's config with
 * `count` service modules in the mix of `syntheticMix` (its public gateway kept).
 */
export function syntheticProject(count: number = SYNTHETIC_SIZES[0]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-synthetic-"));
  fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  // The plan of an environment plans the organization stack first (its outputs): the real organization
  // goes along, its prod environment named `synthetic` (the synthetic stack is prod's config).
  const orgDir = path.join(dir, ORGANIZATION_DIR);
  fs.mkdirSync(orgDir);
  for (const stack of organizationStacks(ROOT)) {
    const file = `Pulumi.${stack}.yaml`;
    const org = yaml.load(fs.readFileSync(path.join(ROOT, ORGANIZATION_DIR, file), "utf8")) as {
      config: Record<string, unknown>;
    };
    const environments = org.config["organization:environments"] as { name: string }[];
    org.config["organization:environments"] = environments.map((e) =>
      e.name === "prod" ? { ...e, name: "synthetic" } : e,
    );
    fs.writeFileSync(path.join(orgDir, file), yaml.dump(org));
  }
  fs.copyFileSync(path.join(ROOT, ORGANIZATION_DIR, "Pulumi.yaml"), path.join(orgDir, "Pulumi.yaml"));
  const prod = yaml.load(fs.readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8")) as {
    config: Record<string, unknown>;
  };
  const services: unknown[] = (prod.config["platform:services"] as unknown[]).filter(
    (s) => (s as { ingress?: string }).ingress === "public",
  );
  const mix = syntheticMix(count);
  const taken = new Set<number>();
  let apis = 0;
  let workers = 0;
  for (let i = 0; services.length < count + 1; i++) {
    const name = `svc-${String(i).padStart(4, "0")}`;
    const image = `ssm:/acme/${name}/image`;
    if (apis < mix.apis) {
      // Paths whose derived priorities collide would be a config error: skip such names.
      const priority = derivedPriority(`/${name}/*`);
      if (taken.has(priority)) {
        continue;
      }
      taken.add(priority);
      apis++;
      services.push({ name, modes: ["api"], image, paths: [`/${name}/*`], cpu: 256, memory: 512 });
    } else if (workers < mix.workers) {
      workers++;
      services.push({
        name,
        modes: ["worker"],
        image,
        cpu: 256,
        memory: 512,
        worker: { command: ["node", "worker.js"], queue: "jobs", jobTimeoutSeconds: 60 },
        // Like prod's workers: the queue it scales on, and one that other services send to.
        queues: [{ name: "jobs" }, { name: "events" }],
      });
    } else {
      services.push({
        name,
        modes: ["cron"],
        image,
        cpu: 256,
        memory: 512,
        schedules: [{ name: "nightly", expression: "cron(0 2 * * ? *)", command: ["node", "job.js"] }],
      });
    }
  }
  prod.config["platform:services"] = services;
  // Prod's functions and rules that use its (replaced) services go with them.
  type Fn = { name: string; image?: string; queue?: unknown };
  type Rule = { targets: { function?: string; queue?: string }[] };
  const functions = ((prod.config["platform:functions"] ?? []) as Fn[]).filter(
    (f) => f.image === undefined && f.queue === undefined,
  );
  const kept = new Set(functions.map((f) => f.name));
  prod.config["platform:functions"] = functions;
  prod.config["platform:eventRules"] = ((prod.config["platform:eventRules"] ?? []) as Rule[])
    .map((r) => ({
      ...r,
      targets: r.targets.filter((t) => t.function !== undefined && kept.has(t.function)),
    }))
    .filter((r) => r.targets.length > 0);
  fs.writeFileSync(path.join(dir, "Pulumi.synthetic.yaml"), yaml.dump(prod));
  return dir;
}

const LABEL_WIDTH = 52;

function row(label: string, s: Sample, note = ""): string {
  return `${label.padEnd(LABEL_WIDTH)} ${(s.ms / 1000).toFixed(2).padStart(7)} s ${s.maxRssMb.toFixed(0).padStart(6)} MB  ${note}`.trimEnd();
}

const verdict = (ok: boolean): string => (ok ? "met" : "MISSED");

function parseArgs(argv: string[]): { runs: number; quick: boolean } {
  let runs = Number(process.env.BENCH_RUNS ?? 5);
  let quick = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (arg === "--runs") {
      runs = Number(argv[++i]);
    } else if (arg === "--quick") {
      quick = true;
    } else {
      process.stderr.write(`unknown argument ${arg}\n${USAGE.split("\n\n")[0]}\n`);
      process.exit(2);
    }
  }
  if (!Number.isInteger(runs) || runs < 1) {
    process.stderr.write(`--runs must be a whole number of at least 1\n`);
    process.exit(2);
  }
  return { runs, quick };
}

function main(): void {
  const { runs, quick } = parseArgs(process.argv.slice(2));
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "bench-plan-"));
  const plan = path.join(ROOT, "bin", "tools", "plan.js");
  const stacks = listStacks(ROOT);
  const sizes = quick ? SYNTHETIC_SIZES.slice(0, 1) : SYNTHETIC_SIZES;
  const none = (): Record<string, string> => ({});
  // ts-node's cache (in the temporary directory) is cold on every CI runner: a fresh one per run.
  const coldTsNode = (): Record<string, string> => ({
    TS_NODE_CACHE_DIRECTORY: fs.mkdtempSync(path.join(os.tmpdir(), "bench-ts-node-")),
  });
  const jobs: Job[] = [
    // The base, then the plan it is the base of, one right after the other in every round.
    { label: "base", args: ["-e", BASE_MODULES.join(",")], cwd: ROOT, env: none },
    {
      label: "npm run plan",
      npm: true,
      args: ["plan", "--", "--stack", "prod", "--out", path.join(out, "npm-prod.json")],
      cwd: ROOT,
      env: none,
    },
    { label: "sdk", args: ["-e", SDK_MODULES.join(",")], cwd: ROOT, env: none },
    ...stacks.map((stack) => ({
      label: stack,
      args: [plan, "--stack", stack, "--out", path.join(out, `${stack}.json`)],
      cwd: ROOT,
      env: none,
    })),
    { label: "cli", args: [CLI_LOAD], cwd: ROOT, env: none },
    ...(quick
      ? []
      : [
          {
            label: "cli ts-node",
            args: [CLI_LOAD, "--ts-node"],
            cwd: ROOT,
            env: coldTsNode,
            cold: true,
            maxRuns: 3,
          },
          {
            label: "cli ts-node check",
            args: [CLI_LOAD, "--ts-node", "--type-check"],
            cwd: ROOT,
            env: coldTsNode,
            cold: true,
            maxRuns: 1,
          },
        ]),
    ...sizes.map((n) => {
      const project = syntheticProject(n);
      return {
        label: `synthetic ${n}`,
        args: [plan, "--stack", "synthetic", "--out", path.join(out, `synthetic-${n}.json`)],
        cwd: project,
        env: none,
        // Every request evaluated in every run: the figures show what the evaluation costs at scale, not
        // what the verdicts kept by the run before spare (tools/engine/verdictCache.ts).
        prepare: () => fs.rmSync(verdictCacheFile(project, "synthetic"), { force: true }),
        // What the plan CLI would start again with, in the process whose peak memory is measured.
        flags: relaunchFlags(NODE_FLAGS, declaredServices(project, "synthetic")),
        ...(n > 100 ? { cold: true, maxRuns: 3 } : {}),
      };
    }),
  ];
  const { medians, rounds } = benchAll(jobs, runs);
  const get = (label: string): Sample | undefined => medians.get(label);
  const base = get("base") as Sample;
  const times = (s: Sample): string => `${(s.ms / base.ms).toFixed(2)}x base`;
  const lines = [
    `offline plan benchmark: median of ${runs} interleaved runs, ${os.cpus().length} cores, node ${process.version} ${NODE_FLAGS.join(" ")}`,
    "",
    `${"".padEnd(LABEL_WIDTH)} ${"wall".padStart(9)} ${"peak RSS".padStart(9)}`,
    row("load the SDK (base): pulumi, aws", base),
    row("load every SDK module the plan uses", get("sdk") as Sample, times(get("sdk") as Sample)),
  ];
  const npmPlan = get("npm run plan") as Sample;
  lines.push(row("npm run plan -- --stack prod (warm)", npmPlan, times(npmPlan)));
  for (const stack of stacks) {
    const s = get(stack) as Sample;
    lines.push(row(`plan --stack ${stack} (node bin/tools/plan.js)`, s, times(s)));
  }
  lines.push("", "loading the program as the Pulumi CLI does (require, before any resource):");
  lines.push(
    row(
      "  as Pulumi.yaml says (tools/entry.cjs, compiled)",
      get("cli") as Sample,
      times(get("cli") as Sample),
    ),
  );
  const tsNode = get("cli ts-node");
  if (tsNode) {
    lines.push(row("  ts-node, transpile only, cold cache", tsNode, times(tsNode)));
  }
  const tsNodeCheck = get("cli ts-node check");
  if (tsNodeCheck) {
    lines.push(
      row("  ts-node type-checking (typescript: true), cold", tsNodeCheck, `${times(tsNodeCheck)}, 1 run`),
    );
  }
  lines.push("", "synthetic environments (the prod stack with N service modules):");
  const countOf = (file: string): number =>
    (JSON.parse(fs.readFileSync(file, "utf8")) as { summary: { resources: number } }).summary.resources;
  const costs: { n: number; ms: number; kb: number }[] = [];
  for (const n of sizes) {
    const s = get(`synthetic ${n}`) as Sample;
    const count = countOf(path.join(out, `synthetic-${n}.json`));
    const { apis, workers, crons } = syntheticMix(n);
    lines.push(
      row(`plan: ${n} services (${apis} api, ${workers} worker, ${crons} cron)`, s, `${count} resources`),
    );
    costs.push({ n, ...perResourceCost(s, base, count) });
  }
  lines.push(
    "",
    `cost per resource beyond the SDK load (constant when growth is linear): ${costs
      .map((c) => `${c.n} services: ${c.ms.toFixed(2)} ms and ${c.kb.toFixed(0)} KB per resource`)
      .join("; ")}`,
  );
  if (costs.length > 1) {
    const [first, last] = [costs[0], costs[costs.length - 1]];
    const growth = last.ms / first.ms;
    lines.push(
      `growth: ${last.n} services cost ${growth.toFixed(2)}x the time per resource of ${first.n} (linear: at most ${TARGETS.linearity}x: ${verdict(growth <= TARGETS.linearity)})`,
    );
  }
  const ratio = pairedRatio(rounds.get("npm run plan") ?? [], rounds.get("base") ?? []);
  lines.push(
    `warm npm run plan -- --stack prod: ${(npmPlan.ms / 1000).toFixed(2)} s, ${ratio.toFixed(2)}x the base, the median of each round's ratio (target < ${TARGETS.planRatio}x: ${verdict(ratio < TARGETS.planRatio)})`,
  );
  const largest = get(`synthetic ${SYNTHETIC_SIZES[SYNTHETIC_SIZES.length - 1]}`);
  if (largest && !quick) {
    const gib = largest.maxRssMb / 1024;
    lines.push(
      `${SYNTHETIC_SIZES[SYNTHETIC_SIZES.length - 1]} services: ${(largest.ms / 1000).toFixed(1)} s (target < ${TARGETS.scaleSeconds} s: ${verdict(largest.ms < TARGETS.scaleSeconds * 1000)}), ` +
        `peak ${gib.toFixed(2)} GiB (target < ${TARGETS.scaleGiB} GiB: ${verdict(gib < TARGETS.scaleGiB)})`,
    );
  }
  process.stdout.write(lines.join("\n") + "\n");
}

if (require.main === module) {
  main();
}
