/**
 * Reads a stack's config the way the Pulumi CLI hands it to the program: project-level values and
 * defaults from Pulumi.yaml, overridden by Pulumi.<stack>.yaml, every value a string (objects and arrays
 * as JSON). `secure:` values cannot be decrypted offline: they become a placeholder and are marked secret,
 * so the program treats them exactly as it would the real secret.
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";

import type { StackEntry } from "../../stacks/config/crossStack";

export const SECRET_PLACEHOLDER = "[secret]";

export interface StackFiles {
  project: string;
  stack: string;
  /** Fully qualified keys (`platform:tier`, `aws:region`) to string values. */
  config: Record<string, string>;
  /** Keys whose values are secrets. */
  secretKeys: string[];
}

interface ProjectFile {
  name: string;
  /** The program's entry point, relative to the project directory (Pulumi.yaml `main`). */
  main?: string;
  config?: Record<string, unknown>;
}

interface StackFile {
  config?: Record<string, unknown>;
}

/** The nearest directory at or above `start` that holds a Pulumi.yaml: the project root. */
export function findProjectDir(start = __dirname): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) {
      return dir;
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`no Pulumi.yaml at or above ${start}`);
    }
  }
}

/**
 * The project this file belongs to (the platform). Where the engine ships inside the SDK package and no
 * Pulumi.yaml lies above it, the current directory: callers there always pass the app's own directory.
 */
export const PROJECT_DIR = ((): string => {
  try {
    return findProjectDir();
  } catch {
    return process.cwd();
  }
})();

function asConfigString(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function isSecure(value: unknown): boolean {
  return value !== null && typeof value === "object" && "secure" in value;
}

/** The stack names that have a Pulumi.<stack>.yaml in the project directory. */
export function listStacks(dir = PROJECT_DIR): string[] {
  return fs
    .readdirSync(dir)
    .map((f) => /^Pulumi\.([^.]+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

/** Parses a YAML file; a syntax error names the file, the line and the column. */
export function loadYamlFile(file: string): unknown {
  const text = fs.readFileSync(file, "utf8");
  try {
    return yaml.load(text, { filename: file });
  } catch (e) {
    if (e instanceof yaml.YAMLException) {
      throw new Error(`${file}:${e.mark.line + 1}:${e.mark.column + 1}: not valid YAML: ${e.reason}`, {
        cause: e,
      });
    }
    throw e;
  }
}

export function readProjectFile(dir = PROJECT_DIR): ProjectFile {
  return loadYamlFile(path.join(dir, "Pulumi.yaml")) as ProjectFile;
}

/** Reads the config of `stack`; throws if the stack has no file. */
export function readStackFiles(stack: string, dir = PROJECT_DIR): StackFiles {
  const project = readProjectFile(dir);
  const file = path.join(dir, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(file)) {
    const known = listStacks(dir);
    throw new Error(`no stack "${stack}": ${file} does not exist (stacks: ${known.join(", ")})`);
  }
  const stackFile = (loadYamlFile(file) ?? {}) as StackFile;
  return resolveStackConfig(project, stackFile, stack);
}

/** The organization program's project directory, inside the platform's. */
export const ORGANIZATION_DIR = "organization";

/** The organization program's stacks (its directory's stack files). */
export function organizationStacks(dir = PROJECT_DIR): string[] {
  const orgDir = path.join(dir, ORGANIZATION_DIR);
  try {
    return listStacks(orgDir);
  } catch {
    return [];
  }
}

/** Every stack the plan serves: the organization's, then the environments'. */
export function allStacks(dir = PROJECT_DIR): string[] {
  return [...organizationStacks(dir), ...listStacks(dir)];
}

/** The stack files of any stack the plan serves, from the project that holds it. */
export function stackFilesFor(stack: string, dir = PROJECT_DIR): StackFiles {
  return organizationStacks(dir).includes(stack)
    ? readStackFiles(stack, path.join(dir, ORGANIZATION_DIR))
    : readStackFiles(stack, dir);
}

/**
 * The project directories whose stacks are checked together: this project's, and the organization
 * program's (organization/) once it has a Pulumi.yaml.
 */
export function projectDirs(root = PROJECT_DIR): string[] {
  const organization = path.join(root, ORGANIZATION_DIR);
  return [root, ...(fs.existsSync(path.join(organization, "Pulumi.yaml")) ? [organization] : [])];
}

/**
 * Every stack of the given projects, as the checks across stacks read them; `root` is what the files
 * are named relative to.
 */
export function readProjectStacks(dirs = projectDirs(), root = dirs[0] ?? PROJECT_DIR): StackEntry[] {
  return dirs.flatMap((dir) =>
    listStacks(dir).map((stack) => ({
      ...readStackFiles(stack, dir),
      file: path.relative(root, path.join(dir, `Pulumi.${stack}.yaml`)),
    })),
  );
}

/** Merges project-level config (values and declared defaults) with a stack file's config. */
export function resolveStackConfig(project: ProjectFile, stackFile: StackFile, stack: string): StackFiles {
  const config: Record<string, string> = {};
  const secretKeys = new Set<string>();
  const qualify = (key: string): string => (key.includes(":") ? key : `${project.name}:${key}`);

  for (const [key, decl] of Object.entries(project.config ?? {})) {
    const isObject = decl !== null && typeof decl === "object" && !Array.isArray(decl);
    const record = decl as Record<string, unknown>;
    if (isObject && "value" in record) {
      config[qualify(key)] = asConfigString(record.value);
    } else if (isObject && "type" in record) {
      if ("default" in record) {
        config[qualify(key)] = asConfigString(record.default);
      }
    } else {
      config[qualify(key)] = asConfigString(decl);
    }
  }
  for (const [key, value] of Object.entries(stackFile.config ?? {})) {
    const qualified = qualify(key);
    if (isSecure(value)) {
      config[qualified] = SECRET_PLACEHOLDER;
      secretKeys.add(qualified);
    } else {
      config[qualified] = asConfigString(value);
      secretKeys.delete(qualified);
    }
  }
  return { project: project.name, stack, config, secretKeys: [...secretKeys].sort() };
}
