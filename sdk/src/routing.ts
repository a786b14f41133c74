/**
 * Where an app team's listener rules go on the platform's internal ALB: which paths and hosts are the
 * team's own, and which priority a rule takes. The platform computes its own rules' priorities with the
 * same arithmetic (its components/compute/priorities.ts); a platform test checks that the two agree.
 *
 * An ALB evaluates a listener's rules from the lowest priority number up and the first match wins
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-rules.html). Priorities
 * are split into ten specificity bands of 5000 (more literal path segments, lower band); in each band the
 * offsets 1..2499 are the platform's and 2500..4999 app teams', 100 per team. A team routes only inside
 * its own path prefixes, which the platform keeps apart from its own routes and from other teams', so a
 * rule of the platform never shadows a team's rule and a team's rule never shadows anyone else's.
 */

/** Width of a specificity band. */
export const PRIORITY_BAND = 5000;
/** Offsets 1..PLATFORM_SLOTS of each band are the platform's; the rest of the band is app teams'. */
export const PLATFORM_SLOTS = 2499;
/** App teams' blocks per band, and rules per block. */
export const APP_TEAM_BLOCKS = 25;
export const APP_TEAM_BLOCK_SIZE = 100;

/** Literal segments before the first wildcard: `/orders/*` is 1, `/orders/admin/*` is 2, `/*` is 0. */
export function pathDepth(path: string): number {
  const segments = path.split("/").filter((s) => s.length > 0);
  let depth = 0;
  for (const s of segments) {
    if (/[*?]/.test(s)) {
      break;
    }
    depth++;
  }
  return depth;
}

/** The specificity band of a path: 0 for the most specific, 9 for `/*`. */
export function bandOf(path: string): number {
  return 9 - Math.min(pathDepth(path), 9);
}

/**
 * Priority of an app team's listener rule: the path's band, the team's block in the app half of it, and
 * the rule's index in the block (0..99, chosen by the app so that its own rules do not collide).
 */
export function appRulePriority(block: number, path: string, index: number): number {
  if (!Number.isInteger(block) || block < 0 || block >= APP_TEAM_BLOCKS) {
    throw new Error(`app team block ${block} is outside 0..${APP_TEAM_BLOCKS - 1}`);
  }
  if (!Number.isInteger(index) || index < 0 || index >= APP_TEAM_BLOCK_SIZE) {
    throw new Error(
      `rule index ${index} is outside 0..${APP_TEAM_BLOCK_SIZE - 1}: a team has ${APP_TEAM_BLOCK_SIZE} rules per band`,
    );
  }
  return bandOf(path) * PRIORITY_BAND + PLATFORM_SLOTS + 1 + block * APP_TEAM_BLOCK_SIZE + index;
}

/**
 * Whether a path pattern matches only requests inside a path prefix: the prefix itself or anything below
 * it (`/orders` holds `/orders`, `/orders/*` and `/orders/v2/*`, not `/orders*` nor `/ordersx`).
 */
export function pathWithin(pattern: string, prefix: string): boolean {
  const base = prefix.replace(/\/+$/, "");
  return pattern === base || pattern.startsWith(`${base}/`);
}

/**
 * Why a team may not add a rule for `path` (and `host`, when given), or undefined when it may: the path
 * must lie within one of the team's path prefixes, the host be one of its host names.
 */
export function ownedRouteProblem(
  team: string,
  owned: { paths: readonly string[]; hosts: readonly string[] },
  path: string,
  host?: string,
): string | undefined {
  if (!owned.paths.some((prefix) => pathWithin(path, prefix))) {
    return (
      `team "${team}" may not route path "${path}": it owns ${owned.paths.length ? owned.paths.map((p) => `"${p}"`).join(", ") : "no paths"} ` +
      `(platform:appTeams paths); a rule's path must be one of them or lie below one`
    );
  }
  if (host !== undefined && !owned.hosts.includes(host.toLowerCase())) {
    return (
      `team "${team}" may not route host "${host}": it owns ${owned.hosts.length ? owned.hosts.map((h) => `"${h}"`).join(", ") : "no host names"} ` +
      `(platform:appTeams hosts)`
    );
  }
  return undefined;
}
