import { loadStackConfig } from "./config";
import { buildEnvironment, environmentOutputs } from "./environment";
import { PlatformStackOutputs } from "./outputs";

/**
 * The Pulumi program: validate the stack's config (before any resource is registered), build the
 * environment, return its outputs. `index.ts` exports this; the offline plan runs the same function.
 */
export function main(): PlatformStackOutputs {
  const config = loadStackConfig();
  return environmentOutputs(config, buildEnvironment(config));
}
