/**
 * `npm run bench`: wall time and peak memory of the offline plan of each stack, next to the time it takes
 * merely to load the SDK modules the program uses. Each figure is the median of several runs of a fresh
 * Node process, as a user runs them. Targets: the prod plan under 3x the SDK load time and
 * under 8 s on a 2-core machine.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as os from "os";
import * as path from "path";

import { derivedPriority } from "../components/compute/priorities";
import { findProjectDir, listStacks } from "./engine/stackFiles";

const ROOT = findProjectDir();
const MEASURE = path.join(ROOT, "bin", "tools", "measure.js");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** The SDK modules the platform program loads. */
const SDK_MODULES = [
  "@pulumi/pulumi",
  "@pulumi/aws",
  "@pulumi/mongodbatlas",
  "@pulumi/confluentcloud",
  "@pulumi/random",
  "@pulumi/policy",
];

/**
 * Node flags of every process the benchmark times, the SDK load included: the same as `npm run plan`
 * passes (package.json). A young generation of 16 MB from the start, growing to 32 MB, spares the plan a
 * fifth of its time in scavenges.
 */
export const NODE_FLAGS = ["--min-semi-space-size=16", "--max-semi-space-size=32"];

interface Sample {
  ms: number;
  maxRssMb: number;
}

function measure(args: string[], cwd = ROOT): Sample {
  const out = path.join(os.tmpdir(), `bench-${process.pid}.json`);
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [...NODE_FLAGS, MEASURE, out, ...args], { cwd, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) {
    throw new Error(`${args.join(" ")} failed:\n${r.stderr}`);
  }
  const { maxRssKb } = JSON.parse(fs.readFileSync(out, "utf8")) as { maxRssKb: number };
  return { ms, maxRssMb: maxRssKb / 1024 };
}

function median(samples: Sample[]): Sample {
  const mid = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { ms: mid(samples.map((s) => s.ms)), maxRssMb: mid(samples.map((s) => s.maxRssMb)) };
}

interface Job {
  label: string;
  args: string[];
  cwd: string;
}

/**
 * The median of RUNS runs of each job. The runs are interleaved, round by round, so that every job sees
 * the same machine: on a shared VM, speed drifts by more than the differences measured here.
 */
function benchAll(jobs: Job[]): Map<string, Sample> {
  for (const job of jobs) {
    measure(job.args, job.cwd); // warm the file cache (and the bundled functions' cache)
  }
  const samples = new Map<string, Sample[]>(jobs.map((j) => [j.label, []]));
  for (let round = 0; round < RUNS; round++) {
    for (const job of jobs) {
      samples.get(job.label)?.push(measure(job.args, job.cwd));
    }
  }
  return new Map([...samples].map(([label, s]) => [label, median(s)]));
}

/** Number of service modules of the synthetic environment. */
export const SYNTHETIC_SERVICES = 100;

/**
 * A project directory with the real Pulumi.yaml and one stack, `synthetic`: the prod stack's config with
 * 100 service modules (40 APIs with a path each, 40 workers on their own queue, 20 scheduled jobs).
 */
export function syntheticProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-synthetic-"));
  fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  const prod = yaml.load(fs.readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8")) as {
    config: Record<string, unknown>;
  };
  const services: unknown[] = (prod.config["platform:services"] as unknown[]).filter(
    (s) => (s as { ingress?: string }).ingress === "public",
  );
  const taken = new Set<number>();
  let apis = 0;
  for (let i = 0; services.length < SYNTHETIC_SERVICES + 1; i++) {
    const name = `svc-${String(i).padStart(3, "0")}`;
    const image = `ssm:/acme/${name}/image`;
    if (apis < 40) {
      // Paths whose derived priorities collide would be a config error: skip such names.
      const priority = derivedPriority(`/${name}/*`);
      if (taken.has(priority)) {
        continue;
      }
      taken.add(priority);
      apis++;
      services.push({ name, modes: ["api"], image, paths: [`/${name}/*`], cpu: 256, memory: 512 });
    } else if (services.length <= 80) {
      services.push({
        name,
        modes: ["worker"],
        image,
        cpu: 256,
        memory: 512,
        worker: { command: ["node", "worker.js"], queue: "jobs", jobTimeoutSeconds: 60 },
        queues: [{ name: "jobs" }],
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

function row(label: string, s: Sample, note = ""): string {
  return `${label.padEnd(28)} ${(s.ms / 1000).toFixed(2).padStart(7)} s ${s.maxRssMb.toFixed(0).padStart(6)} MB  ${note}`;
}

function main(): void {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "bench-plan-"));
  const plan = path.join(ROOT, "bin", "tools", "plan.js");
  const stacks = listStacks(ROOT);
  const synthetic = syntheticProject();
  const syntheticOut = path.join(out, "synthetic.json");
  const jobs: Job[] = [
    { label: "sdk", args: ["-e", SDK_MODULES.join(",")], cwd: ROOT },
    ...stacks.map((stack) => ({
      label: stack,
      args: [plan, "--stack", stack, "--out", path.join(out, `${stack}.json`)],
      cwd: ROOT,
    })),
    { label: "synthetic", args: [plan, "--stack", "synthetic", "--out", syntheticOut], cwd: synthetic },
  ];
  const results = benchAll(jobs);
  const sdk = results.get("sdk") as Sample;
  const lines = [
    `offline plan benchmark: median of ${RUNS} interleaved runs, ${os.cpus().length} cores, node ${process.version} ${NODE_FLAGS.join(" ")}`,
    "",
  ];
  lines.push(`${"".padEnd(28)} ${"wall".padStart(9)} ${"peak RSS".padStart(9)}`);
  lines.push(row("load SDK modules", sdk, SDK_MODULES.map((m) => m.replace("@pulumi/", "")).join(", ")));
  for (const stack of stacks) {
    const s = results.get(stack) as Sample;
    lines.push(row(`plan --stack ${stack}`, s, `${(s.ms / sdk.ms).toFixed(2)}x SDK load`));
  }
  const syntheticSample = results.get("synthetic") as Sample;
  lines.push(
    row(
      `plan synthetic (${SYNTHETIC_SERVICES} services)`.slice(0, 28),
      syntheticSample,
      `${(syntheticSample.ms / sdk.ms).toFixed(2)}x SDK load`,
    ),
  );
  const countOf = (file: string): number =>
    (JSON.parse(fs.readFileSync(file, "utf8")) as { summary: { resources: number } }).summary.resources;
  const prod = results.get("prod");
  if (prod) {
    const prodCount = countOf(path.join(out, "prod.json"));
    const syntheticCount = countOf(syntheticOut);
    const perResource = (s: Sample, n: number): number => (s.ms - sdk.ms) / n;
    lines.push(
      "",
      `resources: prod ${prodCount}, synthetic ${syntheticCount}; plan time beyond the SDK load per resource: ` +
        `prod ${perResource(prod, prodCount).toFixed(2)} ms, synthetic ${perResource(syntheticSample, syntheticCount).toFixed(2)} ms`,
      `synthetic plan: ${(syntheticSample.ms / 1000).toFixed(2)} s (target < 15 s: ${syntheticSample.ms < 15000 ? "met" : "MISSED"})`,
    );
    const ratio = prod.ms / sdk.ms;
    lines.push(
      "",
      `prod plan: ${(prod.ms / 1000).toFixed(2)} s (target < 8 s: ${prod.ms < 8000 ? "met" : "MISSED"}), ` +
        `${ratio.toFixed(2)}x the SDK load time (target < 3x: ${ratio < 3 ? "met" : "MISSED"})`,
    );
  }
  process.stdout.write(lines.join("\n") + "\n");
}

main();
