import { loadStackConfig, readRawStackConfig } from "./config";
import { buildEnvironment, environmentOutputs } from "./environment";
import { readOrganization } from "./organization";
import { PlatformStackOutputs } from "./outputs";

/**
 * The Pulumi program: read the organization's outputs, validate the stack's config against them (before
 * any resource is registered), build the environment, return its outputs. `index.ts` exports this; the
 * offline plan runs the same function.
 */
export async function main(): Promise<PlatformStackOutputs> {
  const raw = readRawStackConfig();
  const config = loadStackConfig({ ...raw, organization: await readOrganization(raw) });
  return environmentOutputs(config, await buildEnvironment(config));
}
