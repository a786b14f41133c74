/**
 * An app team's repository in a temporary folder, made as an app team makes one: the example's files, the
 * SDK installed from the tarball `npm pack` makes, and the app's own dependencies. Offline: the packages
 * the SDK and the example depend on are hard-linked from this repository's installed node_modules (the
 * npm cache holds no registry metadata here), then npm installs the tarball among them.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "..", "..", "..");

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end, with its output. */
export function run(command: string, args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, npm_config_update_notifier: "false" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Runs a command that must succeed; fails with its output otherwise. */
export async function must(command: string, args: readonly string[], cwd: string): Promise<Run> {
  const result = await run(command, args, cwd);
  if (result.code !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} failed (${result.code}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result;
}

function linkTree(from: string, to: string): void {
  const stat = fs.lstatSync(from);
  if (stat.isSymbolicLink()) {
    fs.symlinkSync(fs.readlinkSync(from), to);
  } else if (stat.isDirectory()) {
    fs.mkdirSync(to, { recursive: true });
    for (const entry of fs.readdirSync(from)) {
      linkTree(path.join(from, entry), path.join(to, entry));
    }
  } else {
    try {
      fs.linkSync(from, to);
    } catch {
      fs.copyFileSync(from, to); // another file system
    }
  }
}

type Manifest = Record<
  "dependencies" | "optionalDependencies" | "peerDependencies",
  Record<string, string> | undefined
>;

const dependenciesOf = (manifest: Partial<Manifest>): string[] =>
  Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies, ...manifest.peerDependencies });

/**
 * Puts the installed packages `names` and everything they depend on into `dir`/node_modules, as hard links
 * of this repository's node_modules (hoisted, as npm installs them).
 */
export function seedNodeModules(dir: string, names: readonly string[]): number {
  const source = path.join(ROOT, "node_modules");
  const done = new Set<string>();
  const read = (folder: string): Partial<Manifest> =>
    JSON.parse(fs.readFileSync(path.join(folder, "package.json"), "utf8")) as Partial<Manifest>;
  const add = (name: string): void => {
    const folder = path.join(source, name);
    if (done.has(name) || !fs.existsSync(folder)) {
      return;
    }
    done.add(name);
    linkTree(folder, path.join(dir, "node_modules", name));
    dependenciesOf(read(folder)).forEach(add);
    const nested = path.join(folder, "node_modules");
    for (const entry of fs.existsSync(nested) ? fs.readdirSync(nested) : []) {
      const scoped = entry.startsWith("@")
        ? fs.readdirSync(path.join(nested, entry)).map((e) => `${entry}/${e}`)
        : [entry];
      for (const pkg of scoped.filter((p) => !p.startsWith("."))) {
        dependenciesOf(read(path.join(nested, pkg))).forEach(add);
      }
    }
  };
  names.forEach(add);
  return done.size;
}
