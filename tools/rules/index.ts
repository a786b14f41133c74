/**
 * AWS's own API rules, by service family (one file each). A catalog entry names the coverage of its type
 * (`api`); tools/engine/apiRules.ts runs them on every resource of a plan, with the tag rules and the check
 * that physical names are unique per type, account and region.
 */
export * as cloudwatch from "./cloudwatch";
export * as compute from "./compute";
export * as data from "./data";
export * as elb from "./elb";
export * as iam from "./iam";
export * as messaging from "./messaging";
export * as network from "./network";
export * from "./rule";
export * as s3 from "./s3";
export * as security from "./security";
export { TAG_RULES, TAGS_ALL } from "./tags";

import { ApiCoverage } from "./rule";

/** For types with no name, description or tags AWS limits beyond what the provider's types check. */
export function none(reason: string): ApiCoverage {
  return { none: reason };
}
