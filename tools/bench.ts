/**
 * `npm run bench`: wall time and peak memory of the offline plan of each stack, next to the time it takes
 * merely to load the SDK modules the program uses. Each figure is the median of several runs of a fresh
 * Node process, as a user runs them. Targets (issue 2): the prod plan under 3x the SDK load time and
 * under 8 s on a 2-core machine.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
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

interface Sample {
  ms: number;
  maxRssMb: number;
}

function measure(args: string[]): Sample {
  const out = path.join(os.tmpdir(), `bench-${process.pid}.json`);
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [MEASURE, out, ...args], { cwd: ROOT, encoding: "utf8" });
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

function bench(args: string[]): Sample {
  measure(args); // warm the file cache
  return median(Array.from({ length: RUNS }, () => measure(args)));
}

function row(label: string, s: Sample, note = ""): string {
  return `${label.padEnd(28)} ${(s.ms / 1000).toFixed(2).padStart(7)} s ${s.maxRssMb.toFixed(0).padStart(6)} MB  ${note}`;
}

function main(): void {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "bench-plan-"));
  const lines = [
    `offline plan benchmark: median of ${RUNS} runs, ${os.cpus().length} cores, node ${process.version}`,
    "",
  ];
  lines.push(`${"".padEnd(28)} ${"wall".padStart(9)} ${"peak RSS".padStart(9)}`);
  const sdk = bench(["-e", SDK_MODULES.join(",")]);
  lines.push(row("load SDK modules", sdk, SDK_MODULES.map((m) => m.replace("@pulumi/", "")).join(", ")));
  const results: Record<string, Sample> = {};
  for (const stack of listStacks(ROOT)) {
    const plan = path.join(ROOT, "bin", "tools", "plan.js");
    results[stack] = bench([plan, "--stack", stack, "--out", path.join(out, `${stack}.json`)]);
    lines.push(
      row(`plan --stack ${stack}`, results[stack], `${(results[stack].ms / sdk.ms).toFixed(2)}x SDK load`),
    );
  }
  const prod = results.prod;
  if (prod) {
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
