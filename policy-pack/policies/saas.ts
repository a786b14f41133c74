/**
 * No public path into the SaaS stores: MongoDB Atlas access lists admit the environment's networks, not
 * the internet, and Confluent Cloud clusters sit on a private network rather than a public endpoint.
 */
import { ResourceValidationPolicy } from "@pulumi/policy";

import { label, onlyFor, read, show } from "./util";

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

export const atlasAccessListNotOpen: ResourceValidationPolicy = {
  name: "atlas-access-list-not-open",
  description:
    "MongoDB Atlas project access lists admit the environment's private networks (the VPC over peering) or " +
    "a few known public addresses (/24 or narrower), never 0.0.0.0/0 or a wide public block.",
  enforcementLevel: "mandatory",
  validateResource: onlyFor(
    "mongodbatlas:index/projectIpAccessList:ProjectIpAccessList",
    (args, reportViolation) => {
      const cidr = read(args.props, "cidrBlock");
      const problem = typeof cidr === "string" ? accessListProblem(cidr) : undefined;
      if (problem) {
        reportViolation(`${label(args)} opens the Atlas project to ${show(cidr)}: ${problem}`);
      }
    },
  ),
};

export const confluentPrivateNetwork: ResourceValidationPolicy = {
  name: "confluent-private-network",
  description:
    "Confluent Cloud Kafka clusters must sit on a private Confluent network (network.id; a dedicated " +
    "cluster peered with or linked to the VPC): a cluster without one has a bootstrap endpoint on the internet.",
  enforcementLevel: "mandatory",
  validateResource: onlyFor("confluentcloud:index/kafkaCluster:KafkaCluster", (args, reportViolation) => {
    if (read(args.props, "network") === undefined) {
      reportViolation(
        `${label(args)} has a public endpoint: give it a private network (network.id of a PEERING or PRIVATELINK network)`,
      );
    }
  }),
};
