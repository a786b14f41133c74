/**
 * Physical names for the few resources that need an explicit one (log groups, trails, aliases).
 * Everything else is auto-named by Pulumi from its logical name, so that a replacement can be
 * created before the old resource is deleted.
 */

/**
 * Joins name parts with '-' and fits the result into `maxLength`, keeping the end (the part that says
 * what the resource is) when the prefix has to be cut.
 */
export function physicalName(parts: readonly string[], maxLength: number): string {
  const name = parts.filter((p) => p.length > 0).join("-");
  if (name.length <= maxLength) {
    return name;
  }
  return name.slice(name.length - maxLength).replace(/^-+/, "");
}

/** AWS name limits the platform relies on. */
export const NAME_LIMITS = {
  /** CloudWatch log group names. */
  logGroup: 512,
  /** CloudTrail trail names. */
  trail: 128,
  /** KMS alias names, after `alias/`. */
  kmsAlias: 250,
  /** IAM role names. */
  iamRole: 64,
  /** Load balancer and target group names. */
  loadBalancer: 32,
  /** EventBridge Scheduler schedule names (https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html). */
  schedule: 64,
} as const;

/**
 * Characters Pulumi's auto-naming adds to a logical name: `-` and 7 random hex characters
 * (https://www.pulumi.com/docs/iac/concepts/resources/names/#autonaming). A physical name built this way
 * must fit the type's limit with them.
 */
export const AUTO_NAME_SUFFIX = 8;

/** The length of the physical name Pulumi gives a resource of this logical name. */
export function autoNameLength(logicalName: string): number {
  return logicalName.length + AUTO_NAME_SUFFIX;
}

/** Environment variables the platform sets itself in tasks and functions; services may not declare them. */
export const RESERVED_ENV_PREFIX = "PLATFORM_";
