/**
 * The network: the VPC's CIDR, its Availability Zones, NAT and interface endpoints, and the CIDR blocks
 * every peer or client pool claims beside the VPC.
 */
import { z } from "zod";

import { CidrClaim, isRfc1918, overlappingClaims, parseCidr } from "../../components/network/cidr";
import { MAX_AZS, MIN_AZS, subnetPlanProblems } from "../../components/network/subnets";
import { defaultNote } from "./core";
import { ConfigProblem, fullKey, key } from "./engine";
import type { ConfigCheck, Draft } from "./index";
import { AZ_IDS_PER_REGION, defaultAzIds } from "./regions";

export const NAT_STRATEGIES = ["perAz", "single"] as const;
export type NatStrategy = (typeof NAT_STRATEGIES)[number];

/** Interface endpoints the network can create in the private tier (service name suffixes). */
export const INTERFACE_ENDPOINTS = [
  "ecr.api",
  "ecr.dkr",
  "logs",
  "secretsmanager",
  "ssm",
  "ssmmessages",
  "ec2messages",
  "sts",
  "kms",
] as const;
export type InterfaceEndpoint = (typeof INTERFACE_ENDPOINTS)[number];

/** An IPv4 CIDR block, syntax only (ranges and overlaps are cross-key checks). */
export const CIDR = z.string().superRefine((value, ctx) => {
  const parsed = parseCidr(value);
  if (typeof parsed === "string") {
    ctx.addIssue({ code: "custom", message: parsed });
  }
});

export const NETWORK_KEYS = {
  vpcCidr: key({
    kind: "string",
    required: true,
    schema: z.string(),
    description:
      "IPv4 CIDR of the VPC, /16 to /22, inside RFC 1918 and disjoint from every other environment and peer.",
  }),
  azCount: key({
    kind: "integer",
    tierDefault: { dev: 2, stage: 3, prod: 3 },
    schema: z.number().int().min(MIN_AZS).max(MAX_AZS),
    description: `Availability Zones the VPC spans (${MIN_AZS}..${MAX_AZS}, and no more than the region has).`,
  }),
  availabilityZoneIds: key({
    kind: "array",
    items: "string",
    schema: z.array(z.string().regex(/^[a-z]{3,5}[0-9]-az[0-9]{1,2}$/, "an AZ ID such as euw1-az1")),
    description:
      "The AZ IDs the VPC spans, in order (`euw1-az1`, ...: the same physical zone in every account, unlike AZ names), exactly `azCount` of the region's. Unset: the region's first `azCount` in the platform's table (stacks/config/regions.ts). Changing or reordering it replaces subnets and what sits in them.",
  }),
  natGateways: key({
    kind: "string",
    tierDefault: { dev: "single", stage: "single", prod: "perAz" },
    schema: z.enum(NAT_STRATEGIES),
    description: "NAT gateways: `perAz` (one per AZ, survives an AZ loss) or `single` (cheaper).",
  }),
  interfaceEndpoints: key({
    kind: "array",
    items: "string",
    tierDefault: {
      dev: [],
      stage: ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "sts"],
      prod: [...INTERFACE_ENDPOINTS],
    },
    schema: z
      .array(z.enum(INTERFACE_ENDPOINTS))
      .refine((a) => new Set(a).size === a.length, "each endpoint once"),
    description: `Interface VPC endpoints in the private tier, any of: ${INTERFACE_ENDPOINTS.join(", ")}.`,
  }),
};

/** VPC CIDR: syntax, RFC 1918, the subnet layout. */
const checkVpcCidr: ConfigCheck = (draft) => {
  if (draft.vpcCidr === undefined) {
    return [];
  }
  const key = fullKey("vpcCidr");
  const block = parseCidr(draft.vpcCidr);
  if (typeof block === "string") {
    return [{ key, message: block }];
  }
  const problems: ConfigProblem[] = subnetPlanProblems(block, MIN_AZS).map((message) => ({
    key,
    message: `got "${draft.vpcCidr}"; ${message}`,
  }));
  if (!isRfc1918(block)) {
    problems.push({
      key,
      message: `got "${draft.vpcCidr}"; must lie inside an RFC 1918 range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)`,
    });
  }
  return problems;
};

/**
 * Every CIDR block the environment claims: the VPC, and each peer or client pool a component adds.
 * All must be disjoint, or routes become ambiguous.
 */
export function cidrClaims(draft: Draft): CidrClaim[] {
  const claims: CidrClaim[] = [];
  if (draft.vpcCidr !== undefined) {
    claims.push({ key: fullKey("vpcCidr"), cidr: draft.vpcCidr });
  }
  // The Atlas peering container, when Atlas is built.
  if (draft.mongodbEnabled === true && draft.mongodbAtlasCidr !== undefined) {
    claims.push({ key: fullKey("mongodbAtlasCidr"), cidr: draft.mongodbAtlasCidr });
  }
  // A peered Confluent network, the VPN client pool.
  if (
    draft.kafkaProvider === "confluent" &&
    draft.confluentClusterType === "dedicated" &&
    draft.confluentNetworkCidr !== undefined
  ) {
    claims.push({ key: fullKey("confluentNetworkCidr"), cidr: draft.confluentNetworkCidr });
  }
  if (draft.vpn === true && draft.vpnClientPool !== undefined) {
    claims.push({ key: fullKey("vpnClientPool"), cidr: draft.vpnClientPool });
  }
  return claims;
}

const checkCidrOverlaps: ConfigCheck = (draft) =>
  overlappingClaims(cidrClaims(draft)).map((message) => ({ key: message.split(" ")[0], message }));

/** The pinned AZ IDs: the region's, each once, as many as `azCount`. */
const checkAzIds: ConfigCheck = (draft, raw) => {
  const ids = draft.availabilityZoneIds;
  const known = raw.region === undefined ? undefined : AZ_IDS_PER_REGION[raw.region];
  if (ids === undefined || known === undefined) {
    return [];
  }
  const problems: ConfigProblem[] = [];
  ids.forEach((id, i) => {
    const key = fullKey(`availabilityZoneIds[${i}]`);
    if (!known.includes(id)) {
      problems.push({ key, message: `got "${id}"; ${raw.region} has the AZ IDs ${known.join(", ")}` });
    } else if (ids.indexOf(id) < i) {
      problems.push({ key, message: `"${id}" is listed twice; each AZ once` });
    }
  });
  if (draft.azCount !== undefined && ids.length !== draft.azCount) {
    problems.push({
      key: fullKey("availabilityZoneIds"),
      message:
        `lists ${ids.length} AZ IDs but ${fullKey("azCount")} is ${draft.azCount}${defaultNote(raw, "azCount", draft)}; ` +
        `list exactly ${draft.azCount}, or set azCount to ${ids.length}`,
    });
  }
  return problems;
};

export const NETWORK_CHECKS: readonly ConfigCheck[] = [checkVpcCidr, checkCidrOverlaps, checkAzIds];

/** The AZ IDs the environment spans: the pinned ones, or the region's first `azCount`. */
export function availabilityZoneIds(
  config: Pick<Draft, "availabilityZoneIds" | "azCount" | "region">,
): string[] {
  return config.availabilityZoneIds ?? defaultAzIds(config.region ?? "", config.azCount ?? 0);
}
