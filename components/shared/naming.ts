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
} as const;

/** Environment variables the platform sets itself in tasks and functions; services may not declare them. */
export const RESERVED_ENV_PREFIX = "PLATFORM_";
