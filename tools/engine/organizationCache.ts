/**
 * The organization's outputs, kept between plans. An environment's plan reads them the way `pulumi
 * preview` reads a deployed stack's outputs through its StackReference: without running the organization's
 * program again. They are kept in `.plan/cache/` of the project, with the fingerprint of everything they
 * come from: the organization's stack files, the compiled program and tools (bin/, tests aside), the
 * installed packages (package-lock.json) and Node's version. Any change to one of them plans the
 * organization again; a cache that cannot be read or written is no cache.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

import type { OrganizationOutputs } from "../../components/organization/contract";
import { readCacheFile, writeCacheFile } from "./cacheFile";
import { ORGANIZATION_DIR } from "./stackFiles";

/** The compiled tree this module runs from (bin/), and the project it was built from. */
const BIN = path.resolve(__dirname, "..", "..");
const CODE_ROOT = path.dirname(BIN);

interface CacheEntry {
  outputs: OrganizationOutputs;
}

/** Where the outputs of the organization stack `stack` of the project `dir` are kept. */
export function organizationCacheFile(dir: string, stack: string): string {
  return path.join(dir, ".plan", "cache", `organization.${stack}.json`);
}

/** The JavaScript files under `root`, tests aside, in a stable order. */
function compiledFiles(root: string): string[] {
  const files: string[] = [];
  const visit = (d: string): void => {
    const entries = fs.readdirSync(d, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const file = path.join(d, e.name);
      if (e.isDirectory() && file !== path.join(BIN, "test")) {
        visit(file);
      } else if (e.isFile() && e.name.endsWith(".js")) {
        files.push(file);
      }
    }
  };
  visit(root);
  return files;
}

/** What the organization stack's outputs are a function of, hashed (about 25 ms). */
export function organizationFingerprint(dir: string, stack: string): string {
  const hash = createHash("sha256");
  const add = (label: string, file: string): void => {
    hash.update(`${label}\0`);
    hash.update(fs.existsSync(file) ? fs.readFileSync(file) : "(none)");
    hash.update("\0");
  };
  hash.update(`node ${process.version}\0`);
  add("package-lock.json", path.join(CODE_ROOT, "package-lock.json"));
  for (const name of ["Pulumi.yaml", `Pulumi.${stack}.yaml`]) {
    add(name, path.join(dir, ORGANIZATION_DIR, name));
  }
  for (const file of compiledFiles(BIN)) {
    add(path.relative(BIN, file), file);
  }
  return hash.digest("hex");
}

/** The kept outputs, when their fingerprint is `fingerprint`. */
export function readCachedOrganization(
  dir: string,
  stack: string,
  fingerprint: string,
): OrganizationOutputs | undefined {
  return readCacheFile<CacheEntry>(organizationCacheFile(dir, stack), fingerprint)?.outputs;
}

/** Keeps the outputs with their fingerprint. */
export function writeCachedOrganization(
  dir: string,
  stack: string,
  fingerprint: string,
  outputs: OrganizationOutputs,
): void {
  writeCacheFile(organizationCacheFile(dir, stack), fingerprint, { outputs } satisfies CacheEntry);
}
