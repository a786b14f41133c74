/**
 * No public path into the SaaS stores: MongoDB Atlas access lists admit the environment's networks, not
 * the internet, and Confluent Cloud clusters sit on a private network rather than a public endpoint.
 */
import { ResourceValidationPolicy } from "@pulumi/policy";

import { label, onlyFor, read, readArray, show, UNKNOWN } from "./util";

/** The private (RFC 1918) IPv4 ranges. */
const PRIVATE_RANGES: Array<[number, number]> = [
  [ipv4("10.0.0.0"), 8],
  [ipv4("172.16.0.0"), 12],
  [ipv4("192.168.0.0"), 16],
];

function ipv4(address: string): number {
  return address.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
}

/** Why an access-list CIDR opens the project too widely, or undefined. Public blocks wider than /24 are. */
export function accessListProblem(cidr: string): string | undefined {
  const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(cidr);
  if (!m) {
    return cidr.includes("/0") ? "it admits every address" : undefined;
  }
  const [address, prefix] = [ipv4(m[1]), Number(m[2])];
  if (prefix === 0) {
    return "it admits every address";
  }
  const inPrivate = PRIVATE_RANGES.some(
    ([base, bits]) =>
      prefix >= bits && Math.floor(address / 2 ** (32 - bits)) === Math.floor(base / 2 ** (32 - bits)),
  );
  return inPrivate || prefix >= 24
    ? undefined
    : `it admits a public block wider than /24 (${2 ** (32 - prefix)} addresses)`;
}

/** The access lists of the SaaS stores: the type and the property holding its CIDR block(s). */
const ACCESS_LISTS: Readonly<Record<string, string>> = {
  "mongodbatlas:index/projectIpAccessList:ProjectIpAccessList": "cidrBlock",
  "confluentcloud:index/ipGroup:IpGroup": "cidrBlocks",
};

export const saasAccessListsNotOpen: ResourceValidationPolicy = {
  name: "saas-access-lists-not-open",
  description:
    "MongoDB Atlas project access lists and Confluent Cloud IP groups admit the environment's private " +
    "networks (the VPC over peering) or a few known public addresses (/24 or narrower), never 0.0.0.0/0 or a " +
    "wide public block.",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    const property = ACCESS_LISTS[args.type];
    if (property === undefined) {
      args.notApplicable("only applies to MongoDB Atlas access lists and Confluent Cloud IP groups");
      return;
    }
    const value = read(args.props, property);
    const blocks = Array.isArray(value) ? readArray(args.props, property) : [value];
    for (const cidr of blocks === UNKNOWN ? [] : blocks) {
      const problem = typeof cidr === "string" ? accessListProblem(cidr) : undefined;
      if (problem) {
        reportViolation(`${label(args)} opens access to ${show(cidr)}: ${problem}`);
      }
    }
  },
};

/** Confluent cluster kinds that can sit on a private network (basic and standard clusters cannot). */
const PRIVATE_CAPABLE = ["dedicated", "enterprises", "freights"];

export const confluentPrivateNetwork: ResourceValidationPolicy = {
  name: "confluent-private-network",
  description:
    "Confluent Cloud clusters that can sit on a private network (dedicated, enterprise, freight) must " +
    "(network.id of a PEERING or PRIVATELINK network): without one their bootstrap endpoint is on the " +
    "internet. Basic and standard clusters are public by Confluent's design; the platform chooses them per " +
    "tier with platform:confluentClusterType.",
  enforcementLevel: "mandatory",
  validateResource: onlyFor("confluentcloud:index/kafkaCluster:KafkaCluster", (args, reportViolation) => {
    const kind = PRIVATE_CAPABLE.find((k) => read(args.props, k) !== undefined);
    if (kind !== undefined && read(args.props, "network") === undefined) {
      reportViolation(
        `${label(args)} is a ${kind} cluster with a public endpoint: give it its private network (network.id)`,
      );
    }
  }),
};
