/** The vocabulary of the access model: who may reach an environment, and how. */

/** How people reach an environment. */
export const PEOPLE_ACCESS_MODES = ["identityCenter", "crossAccountRoles"] as const;
export type PeopleAccessMode = (typeof PEOPLE_ACCESS_MODES)[number];

/** The roles people hold in an environment, each mapped to a group. */
export const ACCESS_ROLES = ["administrators", "developers", "oncall", "auditors"] as const;
export type AccessRole = (typeof ACCESS_ROLES)[number];

/** An app team: its name (tags and role names) and the repository whose workflows deploy its services. */
export interface AppTeam {
  name: string;
  repository: string;
  /**
   * The team's block of listener-rule slots on the internal ALB (0..24; see components/compute/priorities.ts).
   * Default: derived from the name; set it when two teams' names derive the same block.
   */
  listenerPriorityBlock?: number;
  /** Path prefixes the team owns on the internal listener (`/apps/orders`): its rules lie within them. */
  paths?: string[];
  /** Host names the team owns: its rules may require one of them besides their path. */
  hosts?: string[];
}

/** The few operational actions on-call holds beyond read-only access. */
export const ONCALL_ACTIONS = [
  "ecs:ExecuteCommand",
  "ecs:UpdateService",
  "ecs:StopTask",
  "rds:RebootDBInstance",
  "rds:FailoverDBCluster",
  "ssm:StartSession",
  "ssm:TerminateSession",
];

/**
 * The region whose CloudTrail events include IAM, STS's global endpoint and console sign-in through the
 * global endpoint, and that serves CloudFront's certificates and WAF: the platform builds a few resources
 * there (the break-glass alert forwarding, the static site's edge) whatever its own region.
 */
export const GLOBAL_EVENTS_REGION = "us-east-1";
