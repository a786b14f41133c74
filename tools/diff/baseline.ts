/**
 * The plan of another commit of this repository (`--diff main`), to compare the working tree's plan with.
 *
 * The commit's tracked files are extracted with `git archive` into a directory of the system's temporary
 * folder named for the commit (so a second preview of the same commit reuses it), given this checkout's
 * node_modules through a symlink (no install; a pull request that changes dependencies builds the base
 * with the new ones), compiled (only the plan CLI's own sources, not the tests) and planned there with
 * the commit's own plan CLI: the base is planned exactly as that commit plans itself. The JSON plan is
 * kept beside the build, per stack and mode.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** The commit a git revision names in the repository at `dir`; `main` falls back to `origin/main` (CI). */
export function resolveCommit(ref: string, dir: string): string | undefined {
  for (const candidate of ref === "main" ? ["main", "origin/main"] : [ref]) {
    const r = spawnSync("git", ["-C", dir, "rev-parse", "--verify", "--quiet", `${candidate}^{commit}`], {
      encoding: "utf8",
    });
    if (r.status === 0) {
      return r.stdout.trim();
    }
  }
  return undefined;
}

/** Runs a command in `cwd`; throws with its output when it fails. */
function run(command: string, args: string[], cwd: string): void {
  const r = spawnSync(command, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed in ${cwd}:\n${r.stderr || r.stdout}`);
  }
}

/** Extracts and compiles the commit once; returns its directory. */
function buildCommit(commit: string, dir: string): string {
  const base = path.join(os.tmpdir(), `platform-plan-${commit.slice(0, 12)}`);
  if (fs.existsSync(path.join(base, "bin", "tools", "plan.js"))) {
    return base;
  }
  // Built aside and renamed when complete, so an interrupted build is never reused.
  const staging = `${base}.${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  try {
    const tar = execFileSync("git", ["-C", dir, "archive", "--format=tar", commit], {
      maxBuffer: 512 * 1024 * 1024,
    });
    execFileSync("tar", ["-x", "-C", staging], { input: tar });
    fs.symlinkSync(path.join(dir, "node_modules"), path.join(staging, "node_modules"), "dir");
    // Only what the plan CLI imports (the program, the pack, the tools) and its second run's worker, which
    // nothing imports (a worker thread starts it by its path): the tests need not compile.
    fs.writeFileSync(
      path.join(staging, "tsconfig.plan.json"),
      JSON.stringify({
        extends: "./tsconfig.json",
        include: ["tools/plan.ts", "tools/engine/secondRunWorker.ts"],
        compilerOptions: { incremental: false },
      }),
    );
    run(
      process.execPath,
      [path.join(dir, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.plan.json"],
      staging,
    );
    fs.rmSync(base, { recursive: true, force: true });
    fs.renameSync(staging, base);
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  return base;
}

/**
 * The JSON plan of `stack` at `commit` (as a preview, or as `pulumi up` with `up`), built and planned on
 * first use. A plan that fails the pack still describes the resources and is used; a stack the commit
 * cannot plan (no such stack, invalid config, a failing program) throws with the commit's own message.
 */
export function planOfCommit(commit: string, stack: string, opts: { dir: string; up: boolean }): string {
  const base = buildCommit(commit, opts.dir);
  const out = path.join(base, ".plan", `${stack}${opts.up ? ".up" : ""}.json`);
  if (fs.existsSync(out)) {
    return out;
  }
  fs.rmSync(`${out}.partial`, { force: true });
  const args = [path.join("bin", "tools", "plan.js"), "--stack", stack, "--out", `${out}.partial`];
  const r = spawnSync(process.execPath, opts.up ? [...args, "--up"] : args, {
    cwd: base,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  // Exit 1 with a plan written: policy or API-rule violations in the base, which do not matter here.
  if (!fs.existsSync(`${out}.partial`) || (r.status !== 0 && r.status !== 1)) {
    throw new Error(`cannot plan stack ${stack} at ${commit.slice(0, 12)}:\n${r.stderr || r.stdout}`);
  }
  fs.renameSync(`${out}.partial`, out);
  return out;
}
