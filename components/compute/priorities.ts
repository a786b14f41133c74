/**
 * Listener rule priorities of path-routed services, derived deterministically and checked for collisions.
 *
 * An ALB evaluates rules from the lowest priority up, and two rules of one listener cannot share a
 * priority. Priorities here depend only on the path itself, never on the order of services in config, so
 * that adding or reordering services does not renumber (and briefly collide) the rules of the others:
 *
 *   priority = band * 5000 + 1 + fnv1a(path) % 2499,   band = 9 - min(depth, 9)
 *
 * where depth is the number of literal path segments before the first wildcard. Deeper (more specific)
 * paths land in lower bands and are evaluated first, so `/orders/admin/*` wins over `/orders/*`. A service
 * may instead set an explicit `priority`; its paths then take `priority`, `priority + 1`, ...
 *
 * The upper half of every band (offsets 2500..4999) belongs to app teams, whose own stacks add rules to
 * the internal listener (sdk/): each team owns one block of 100 offsets in every band, so two app stacks
 * never collide with each other or with the platform, and their rules keep the same specificity order.
 */

/** Highest priority a listener rule can have. */
export const MAX_RULE_PRIORITY = 50000;
/** Width of a specificity band. */
export const PRIORITY_BAND = 5000;
/** Default quota of rules per Application Load Balancer (default actions excluded). */
export const MAX_RULES_PER_LISTENER = 100;
/** Offsets 1..PLATFORM_SLOTS of each band are the platform's; the rest of the band is app teams'. */
export const PLATFORM_SLOTS = 2499;
/** App teams' blocks per band, and rules per block. */
export const APP_TEAM_BLOCKS = 25;
export const APP_TEAM_BLOCK_SIZE = 100;

/** Path values an ALB path-pattern condition accepts (docs: "Path conditions"), at most 128 characters. */
export const PATH_PATTERN = /^\/[A-Za-z0-9_\-.$/~"'@:+&*?]*$/;
export const MAX_PATH_LENGTH = 128;

/** One path a service claims on a listener, with the config keys to blame. */
export interface PathClaim {
  service: string;
  path: string;
  /** Config key of the path, e.g. `platform:services[1].paths[0]`. */
  key: string;
  /** Explicit priority, when the service sets one (already offset for this path). */
  priority?: number;
  /** Config key of the explicit priority. */
  priorityKey?: string;
}

export interface RoutedPath extends PathClaim {
  priority: number;
}

export interface PriorityProblem {
  key: string;
  message: string;
}

/** 32-bit FNV-1a of a string: small, stable across Node versions and platforms. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

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

/** The priority a path gets when its service does not choose one. */
export function derivedPriority(path: string): number {
  return bandOf(path) * PRIORITY_BAND + 1 + (fnv1a(path) % PLATFORM_SLOTS);
}

/** The specificity band of a path: 0 for the most specific, 9 for `/*`. */
export function bandOf(path: string): number {
  return 9 - Math.min(pathDepth(path), 9);
}

/** True when a priority lies in the platform's half of its band. */
export function isPlatformPriority(priority: number): boolean {
  const offset = priority % PRIORITY_BAND;
  return offset >= 1 && offset <= PLATFORM_SLOTS;
}

/** The block of app-team rule slots a team owns: its explicit block, or one derived from its name. */
export function appTeamBlock(team: string, explicit?: number): number {
  return explicit ?? fnv1a(team) % APP_TEAM_BLOCKS;
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

/** What is wrong with a path pattern, or undefined. */
export function pathProblem(path: string): string | undefined {
  if (path.length > MAX_PATH_LENGTH) {
    return `is ${path.length} characters; a path pattern has at most ${MAX_PATH_LENGTH}`;
  }
  if (!PATH_PATTERN.test(path)) {
    return "a path pattern starts with / and uses A-Z a-z 0-9 _ - . $ / ~ \" ' @ : + & and the wildcards * and ?";
  }
  return undefined;
}

/**
 * Gives every claim its priority and reports what cannot be routed: a path claimed twice, two rules with
 * one priority, more rules than a listener holds. Each problem names both services and both keys.
 */
export function assignPriorities(claims: readonly PathClaim[]): {
  routes: RoutedPath[];
  problems: PriorityProblem[];
} {
  const problems: PriorityProblem[] = [];
  const routes: RoutedPath[] = [];
  const byPath = new Map<string, RoutedPath>();
  const byPriority = new Map<number, RoutedPath>();
  for (const claim of claims) {
    const earlier = byPath.get(claim.path);
    if (earlier) {
      problems.push({
        key: claim.key,
        message:
          `service "${claim.service}" claims path "${claim.path}", which service "${earlier.service}" ` +
          `already claims (${earlier.key}); each path routes to one service`,
      });
      continue;
    }
    const route: RoutedPath = { ...claim, priority: claim.priority ?? derivedPriority(claim.path) };
    if (claim.priority !== undefined && !isPlatformPriority(claim.priority)) {
      problems.push({
        key: claim.priorityKey ?? claim.key,
        message:
          `service "${claim.service}" path "${claim.path}" asks for listener priority ${claim.priority}, in the app ` +
          `teams' half of its band; platform priorities leave 1..${PLATFORM_SLOTS} when divided by ${PRIORITY_BAND}`,
      });
      continue;
    }
    const clash = byPriority.get(route.priority);
    if (clash) {
      const fix = claim.priorityKey
        ? `choose another ${claim.priorityKey}`
        : `set ${claim.key.replace(/\.paths\[\d+\]$/, ".priority")} to choose one`;
      problems.push({
        key: claim.priorityKey ?? claim.key,
        message:
          `service "${claim.service}" path "${claim.path}" gets listener priority ${route.priority}, which ` +
          `service "${clash.service}" path "${clash.path}" (${clash.key}) already has; ${fix}`,
      });
      continue;
    }
    byPath.set(route.path, route);
    byPriority.set(route.priority, route);
    routes.push(route);
  }
  if (claims.length > MAX_RULES_PER_LISTENER) {
    problems.push({
      key: "platform:services",
      message: `${claims.length} paths need ${claims.length} listener rules; an ALB listener holds ${MAX_RULES_PER_LISTENER} by default`,
    });
  }
  return { routes, problems };
}

/**
 * Whether a path pattern matches only requests inside a path prefix: the prefix itself or anything below
 * it (`/orders` holds `/orders`, `/orders/*` and `/orders/v2/*`, not `/orders*` nor `/ordersx`). The SDK
 * refuses a team's rule outside the team's prefixes with the same function (a test checks they agree).
 */
export function pathWithin(pattern: string, prefix: string): boolean {
  const base = prefix.replace(/\/+$/, "");
  return pattern === base || pattern.startsWith(`${base}/`);
}

/**
 * Whether a path pattern can match some request inside a prefix's territory: it lies within it, or a
 * wildcard before its end can expand into it (`/*`, `/ord*`, `/*\/health`).
 */
export function patternReaches(pattern: string, prefix: string): boolean {
  if (pathWithin(pattern, prefix)) {
    return true;
  }
  const wildcard = pattern.search(/[*?]/);
  if (wildcard < 0) {
    return false;
  }
  const literal = pattern.slice(0, wildcard);
  return `${prefix.replace(/\/+$/, "")}/`.startsWith(literal);
}

/** Whether an ALB path pattern matches a request path: case-sensitive, `*` any run of characters, `?` one. */
export function matchesPathPattern(pattern: string, path: string): boolean {
  const body = [...pattern]
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}$`).test(path);
}

/** A rule of a listener as the ALB evaluates it: its priority, path patterns, host names and where it goes. */
export interface ListenerRuleView {
  priority: number;
  paths: readonly string[];
  /** Host-header values; empty: any host. */
  hosts?: readonly string[];
  target: string;
}

/**
 * The target a request reaches: rules in priority order, lowest first, the first whose conditions all match
 * wins (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-rules.html); undefined
 * when none does and the listener's default action answers.
 */
export function listenerRoute(
  rules: readonly ListenerRuleView[],
  request: { path: string; host?: string },
): string | undefined {
  const hostMatches = (r: ListenerRuleView): boolean =>
    !r.hosts?.length || (request.host !== undefined && r.hosts.includes(request.host.toLowerCase()));
  return [...rules]
    .sort((a, b) => a.priority - b.priority)
    .find((r) => hostMatches(r) && r.paths.some((p) => matchesPathPattern(p, request.path)))?.target;
}

/** An app team's own routes, as declared (platform:appTeams[index]). */
export interface TeamRoutes {
  name: string;
  index: number;
  paths: readonly string[];
  hosts: readonly string[];
}

/**
 * What keeps teams' listener rules from shadowing or being shadowed: a team's path prefix may not lie
 * within another team's (nor contain it), no host name belongs to two teams, no platform route lies inside
 * a team's prefix, and a broader platform route that reaches into one (`/*`) sits in a higher specificity
 * band than any rule the team can add there, so that the team's rules are evaluated first.
 */
export function teamRouteProblems(
  teams: readonly TeamRoutes[],
  platformRoutes: readonly RoutedPath[],
): PriorityProblem[] {
  const problems: PriorityProblem[] = [];
  const keyOf = (t: TeamRoutes, field: "paths" | "hosts", j: number): string =>
    `platform:appTeams[${t.index}].${field}[${j}]`;
  const seen: Array<{ team: TeamRoutes; prefix: string; j: number }> = [];
  const hosts = new Map<string, { team: TeamRoutes; j: number }>();
  for (const team of teams) {
    team.paths.forEach((prefix, j) => {
      const other = seen.find((s) => pathWithin(prefix, s.prefix) || pathWithin(s.prefix, prefix));
      if (other) {
        problems.push({
          key: keyOf(team, "paths", j),
          message:
            `team "${team.name}" path "${prefix}" overlaps "${other.prefix}" of team "${other.team.name}" ` +
            `(${keyOf(other.team, "paths", other.j)}); each path belongs to one team`,
        });
        return;
      }
      seen.push({ team, prefix, j });
      for (const route of platformRoutes) {
        if (pathWithin(route.path, prefix)) {
          problems.push({
            key: keyOf(team, "paths", j),
            message:
              `team "${team.name}" path "${prefix}" holds "${route.path}", which the platform's service ` +
              `"${route.service}" routes (${route.key}); a team's paths are its own, choose another prefix`,
          });
        } else if (
          patternReaches(route.path, prefix) &&
          Math.floor(route.priority / PRIORITY_BAND) <= bandOf(prefix)
        ) {
          problems.push({
            key: route.priorityKey ?? route.key,
            message:
              `service "${route.service}" path "${route.path}" has listener priority ${route.priority}, which the ` +
              `ALB evaluates before rules of team "${team.name}" under "${prefix}" (${keyOf(team, "paths", j)}); ` +
              `a platform route that reaches into a team's path needs a priority of at least ${(bandOf(prefix) + 1) * PRIORITY_BAND}`,
          });
        }
      }
    });
    team.hosts.forEach((host, j) => {
      const other = hosts.get(host);
      if (other) {
        problems.push({
          key: keyOf(team, "hosts", j),
          message: `team "${team.name}" host "${host}" is already team "${other.team.name}"'s (${keyOf(other.team, "hosts", other.j)}); each host name belongs to one team`,
        });
      } else {
        hosts.set(host, { team, j });
      }
    });
  }
  return problems;
}
