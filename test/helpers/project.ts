/** Throwaway project directories for tests that plan or run the CLI outside the repository. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { findProjectDir } from "../../tools/engine/stackFiles";

const ROOT = findProjectDir();

/**
 * A new directory in the temporary folder with the real Pulumi.yaml, the real organization project
 * (organization/Pulumi.yaml and its stack file) and the given stack files (`{ dev: "<yaml>" }`).
 */
export function throwawayProject(prefix: string, stackFiles: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  fs.mkdirSync(path.join(dir, "organization"));
  for (const file of ["Pulumi.yaml", "Pulumi.organization.yaml"]) {
    fs.copyFileSync(path.join(ROOT, "organization", file), path.join(dir, "organization", file));
  }
  for (const [stack, yaml] of Object.entries(stackFiles)) {
    fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), yaml);
  }
  return dir;
}
