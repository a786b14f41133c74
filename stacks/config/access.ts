/**
 * Who and what may reach the environment: the CI identity and the management role, people (Identity
 * Center or cross-account roles) and their groups, app teams, the regions the guardrails allow, and the
 * operators' OpenVPN server.
 */
import { z } from "zod";

import { PEOPLE_ACCESS_MODES } from "../../components/access/model";
import {
  MAX_POOL_PREFIX,
  MIN_POOL_PREFIX,
  VPN_PROTOCOLS,
  vpnPortProblem,
} from "../../components/access/vpnScripts";
import { APP_TEAM_BLOCKS, appTeamBlock, teamRouteProblems } from "../../components/compute/priorities";
import { internalRoutes } from "../../components/compute/serviceSpec";
import { isRfc1918, parseCidr } from "../../components/network/cidr";
import { ConfigProblem, duplicateProblems, fullKey, key } from "./engine";
import type { ConfigCheck } from "./index";
import { CIDR } from "./network";

export const ACCESS_KEYS = {
  githubRepository: key({
    kind: "string",
    default: "acme-platform/platform",
    schema: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,39}\/[A-Za-z0-9_.-]{1,100}$/, "a GitHub repository as owner/name"),
    description: "GitHub repository (owner/name) whose workflows may preview and deploy this project.",
  }),
  assumeAccessRole: key({
    kind: "boolean",
    default: true,
    schema: z.boolean(),
    description:
      "Build the member account through its access role (true: the stack runs with management credentials) or with the ambient credentials as they are (false: CI already holds the member account's deploy role).",
  }),
  peopleAccess: key({
    kind: "string",
    default: "identityCenter",
    schema: z.enum(PEOPLE_ACCESS_MODES),
    description:
      "How people reach the environment: `identityCenter` permission sets (defined by the organization program), or `crossAccountRoles` in the account trusting the security account with MFA.",
  }),
  sessionDurationHours: key({
    kind: "integer",
    tierDefault: { dev: 8, stage: 4, prod: 2 },
    schema: z.number().int().min(1).max(12),
    description: "Session length of people's roles and permission sets, in hours (1..12, AWS's limits).",
  }),
  appTeams: key({
    kind: "array",
    default: [],
    schema: z.array(
      z.strictObject({
        name: z.string().regex(/^[a-z][a-z0-9-]{1,20}$/, "2..21 of a-z, 0-9, '-', starting with a letter"),
        repository: z
          .string()
          .regex(/^[A-Za-z0-9_.-]{1,39}\/[A-Za-z0-9_.-]{1,100}$/, "a GitHub repository as owner/name"),
        listenerPriorityBlock: z
          .number()
          .int()
          .min(0)
          .max(APP_TEAM_BLOCKS - 1)
          .optional(),
        paths: z
          .array(
            z
              .string()
              .max(100)
              .regex(
                /^(\/[A-Za-z0-9_.~-]+)+$/,
                "a path prefix such as /apps/orders: literal segments of A-Z a-z 0-9 _ . ~ -, no wildcard, no trailing /",
              ),
          )
          .max(10)
          .optional(),
        hosts: z
          .array(
            z
              .string()
              .max(128)
              .regex(
                /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
                "a lower-case host name such as orders.internal.example.com, no wildcard",
              ),
          )
          .max(10)
          .optional(),
      }),
    ),
    description:
      "App teams that deploy services onto the platform: each gets its own permissions boundary, a role its repository's workflows assume and a block of listener-rule slots on the internal ALB (listenerPriorityBlock, 0..24, derived from the name by default). `paths` are the path prefixes the team owns on the internal listener (its rules must lie within them; they may not overlap another team's or the platform services' routes), `hosts` the host names its rules may also require (each one team's).",
  }),
  vpn: key({
    kind: "boolean",
    default: false,
    schema: z.boolean(),
    description: "Run the operators' OpenVPN server (the only instance in a public subnet).",
  }),
  vpnPort: key({
    kind: "integer",
    default: 1194,
    schema: z.number().int().min(1).max(65535),
    description:
      "Port the OpenVPN server listens on; must not collide with another listener of the server (22, 53, 7505, ...).",
  }),
  vpnProtocol: key({
    kind: "string",
    default: "udp",
    schema: z.enum(VPN_PROTOCOLS),
    description: "Transport of the OpenVPN server: `udp` or `tcp`.",
  }),
  vpnAllowedCidrs: key({
    kind: "array",
    items: "string",
    default: [],
    schema: z.array(CIDR).max(50),
    description: "Source IPv4 CIDRs admitted to the VPN port (at least one when vpn is on; up to 50).",
  }),
  // A block per tier, so that an operator connected to two environments' VPNs gets two disjoint pools
  // (the checks across stacks refuse overlapping pools); prod keeps the block it always had.
  vpnClientPool: key({
    kind: "string",
    tierDefault: { dev: "10.250.8.0/22", stage: "10.250.4.0/22", prod: "10.250.0.0/22" },
    schema: CIDR,
    description: `Tunnel addresses of VPN clients (RFC 1918, /${MIN_POOL_PREFIX}../${MAX_POOL_PREFIX}); disjoint from the VPC, every peer and every other environment's pool.`,
  }),
  vpnInstanceType: key({
    kind: "string",
    default: "t4g.small",
    schema: z
      .string()
      .regex(
        /^[a-z]+[0-9]+g[a-z]*\.[a-z0-9]+$/,
        "an ARM (Graviton) instance type such as t4g.small or c7g.medium",
      ),
    description:
      "Instance type of the OpenVPN server: an ARM (Graviton) type, since it boots the ARM Amazon Linux image.",
  }),
};

/** Access model: Identity Center needs the organization's instance; teams must be distinct. */
const checkAccess: ConfigCheck = (draft, raw) => {
  const problems: ConfigProblem[] = [];
  if (
    draft.peopleAccess === "identityCenter" &&
    raw.organization !== undefined &&
    !raw.organization.identityCenter
  ) {
    problems.push({
      key: fullKey("peopleAccess"),
      message:
        'got "identityCenter", but the organization has no Identity Center (organization:identityCenter in ' +
        "organization/Pulumi.organization.yaml); set it there, or set peopleAccess crossAccountRoles",
    });
  }
  for (const [i, team] of (draft.appTeams ?? []).entries()) {
    const first = (draft.appTeams ?? []).findIndex((t) => t.name === team.name);
    if (first !== i) {
      problems.push({
        key: fullKey(`appTeams[${i}].name`),
        message: `got "${team.name}", already the name of appTeams[${first}]; team names must be unique`,
      });
    }
  } // Each team owns a block of listener-rule slots; two teams sharing one would collide on the internal ALB.
  const blocks = new Map<number, number>();
  for (const [i, team] of (draft.appTeams ?? []).entries()) {
    const block = appTeamBlock(team.name, team.listenerPriorityBlock);
    const other = blocks.get(block);
    if (other !== undefined) {
      problems.push({
        key: fullKey(`appTeams[${i}].listenerPriorityBlock`),
        message:
          `team "${team.name}" gets listener priority block ${block}, which team "${(draft.appTeams ?? [])[other].name}" ` +
          `(appTeams[${other}]) already has; set appTeams[${i}].listenerPriorityBlock to a free block (0..${APP_TEAM_BLOCKS - 1})`,
      });
    } else {
      blocks.set(block, i);
    }
  }
  return problems;
};

/** VPN: something to admit when it is on, a port nothing else listens on, a sane client pool. */
const checkVpn: ConfigCheck = (draft) => {
  const problems: ConfigProblem[] = [];
  if (draft.vpnPort !== undefined && draft.vpnProtocol !== undefined) {
    const collision = vpnPortProblem(draft.vpnPort, draft.vpnProtocol);
    if (collision !== undefined) {
      problems.push({ key: fullKey("vpnPort"), message: collision });
    }
  }
  const pool = draft.vpnClientPool === undefined ? undefined : parseCidr(draft.vpnClientPool);
  if (pool !== undefined && typeof pool !== "string") {
    if (pool.prefix < MIN_POOL_PREFIX || pool.prefix > MAX_POOL_PREFIX) {
      problems.push({
        key: fullKey("vpnClientPool"),
        message: `got "${draft.vpnClientPool}"; a client pool is /${MIN_POOL_PREFIX} to /${MAX_POOL_PREFIX}`,
      });
    }
    if (!isRfc1918(pool)) {
      problems.push({
        key: fullKey("vpnClientPool"),
        message: `got "${draft.vpnClientPool}"; must lie inside an RFC 1918 range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)`,
      });
    }
  }
  if (draft.vpn === true && draft.vpnAllowedCidrs !== undefined && draft.vpnAllowedCidrs.length === 0) {
    problems.push({
      key: fullKey("vpnAllowedCidrs"),
      message:
        `is empty, but ${fullKey("vpn")} is on; list the source CIDRs admitted to the VPN port ` +
        `(your offices' egress ranges, or 0.0.0.0/0 for roaming operators who hold certificates)`,
    });
  }
  return problems;
};

/**
 * Lists whose entries must be unique: a region listed twice says nothing more, and a source CIDR listed
 * twice would be a second, identical ingress rule, which EC2 refuses (InvalidPermission.Duplicate,
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html).
 */
const checkLists: ConfigCheck = (draft) => [
  ...duplicateProblems("vpnAllowedCidrs", draft.vpnAllowedCidrs, "each source block once"),
];

/**
 * App teams' own routes on the internal listener: apart from each other's and from the platform services'
 * routes, and not evaluated after a broader platform route (components/compute/priorities.ts).
 */
const checkAppTeamRoutes: ConfigCheck = (draft) => {
  if (draft.appTeams === undefined || draft.services === undefined) {
    return [];
  }
  const teams = draft.appTeams.map((t, index) => ({
    name: t.name,
    index,
    paths: t.paths ?? [],
    hosts: t.hosts ?? [],
  }));
  return teamRouteProblems(teams, internalRoutes(draft.services));
};

export const ACCESS_CHECKS: readonly ConfigCheck[] = [checkAccess, checkVpn, checkLists, checkAppTeamRoutes];
