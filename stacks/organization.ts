/**
 * The organization program's outputs, read through a StackReference before the environment's config is
 * validated: the environment's account, OU, security account, parent zone and Identity Center come from
 * there instead of being repeated in its stack file.
 */
import * as pulumi from "@pulumi/pulumi";

import { ORGANIZATION_OUTPUT_NAMES, OrganizationOutputs } from "../components/organization/contract";
import { RawStackConfig } from "./config";
import { ORGANIZATION_KEYS } from "./config/organization";

/** The organization stack the raw config names (its default when unset); undefined when malformed. */
export function organizationStackOf(raw: RawStackConfig): string | undefined {
  const spec = ORGANIZATION_KEYS.organizationStack;
  const parsed = spec.schema.safeParse(raw.values.organizationStack ?? spec.default);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Reads the organization stack's outputs (plain values: the contract holds no secret). Undefined when the
 * key is malformed or the stack exports none of the contract's outputs; validation then names the key.
 */
export async function readOrganization(raw: RawStackConfig): Promise<OrganizationOutputs | undefined> {
  const name = organizationStackOf(raw);
  if (name === undefined) {
    return undefined;
  }
  const reference = new pulumi.StackReference("organization", { name });
  const read = async (output: string): Promise<[string, unknown]> => {
    const details = await reference.getOutputDetails(output);
    return [output, details.value];
  };
  const values = await Promise.all(ORGANIZATION_OUTPUT_NAMES.map(read));
  if (values.every(([, value]) => value === undefined)) {
    return undefined;
  }
  // The fields of the contract, written by organization/program.ts from the same type.
  return Object.fromEntries(
    values.filter(([, value]) => value !== undefined),
  ) as unknown as OrganizationOutputs;
}
