/**
 * The regions the config accepts, and the Availability Zones of each by AZ ID, for validating
 * `platform:availabilityZoneIds` and `platform:azCount` before anything is registered (an AZ lookup needs
 * credentials and a provider; validation must not).
 *
 * An AZ ID (`euw1-az1`) names the same physical zone in every account; an AZ name (`eu-west-1a`) may not,
 * in the regions AWS maps independently per account. Sources: "AWS Availability Zones", the table of AZ IDs
 * per Region (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html),
 * and "AZ IDs" (https://docs.aws.amazon.com/global-infrastructure/latest/regions/az-ids.html), checked
 * 2026-12. Zones closed to new accounts are left out: usw1-az2 ("Newer accounts can access two Availability
 * Zones in US West (N. California)") and apne1-az3, which the page lists but new accounts cannot use
 * (reported by AWS to customers, not stated on the page). ca-central-1 has no cac1-az3. use1-az3 is kept
 * last so that a default of the first N never picks it, and euw2-az4 (launched 2026-08) last in eu-west-2.
 * Each region's IDs are in the order a default takes them.
 */
export const AZ_IDS_PER_REGION: Readonly<Record<string, readonly string[]>> = {
  "us-east-1": ["use1-az1", "use1-az2", "use1-az4", "use1-az5", "use1-az6", "use1-az3"],
  "us-east-2": ["use2-az1", "use2-az2", "use2-az3"],
  "us-west-1": ["usw1-az1", "usw1-az3"],
  "us-west-2": ["usw2-az1", "usw2-az2", "usw2-az3", "usw2-az4"],
  "ca-central-1": ["cac1-az1", "cac1-az2", "cac1-az4"],
  "ca-west-1": ["caw1-az1", "caw1-az2", "caw1-az3"],
  "mx-central-1": ["mxc1-az1", "mxc1-az2", "mxc1-az3"],
  "sa-east-1": ["sae1-az1", "sae1-az2", "sae1-az3"],
  "eu-west-1": ["euw1-az1", "euw1-az2", "euw1-az3"],
  "eu-west-2": ["euw2-az1", "euw2-az2", "euw2-az3", "euw2-az4"],
  "eu-west-3": ["euw3-az1", "euw3-az2", "euw3-az3"],
  "eu-central-1": ["euc1-az1", "euc1-az2", "euc1-az3"],
  "eu-central-2": ["euc2-az1", "euc2-az2", "euc2-az3"],
  "eu-north-1": ["eun1-az1", "eun1-az2", "eun1-az3"],
  "eu-south-1": ["eus1-az1", "eus1-az2", "eus1-az3"],
  "eu-south-2": ["eus2-az1", "eus2-az2", "eus2-az3"],
  "il-central-1": ["ilc1-az1", "ilc1-az2", "ilc1-az3"],
  "me-south-1": ["mes1-az1", "mes1-az2", "mes1-az3"],
  "me-central-1": ["mec1-az1", "mec1-az2", "mec1-az3"],
  "af-south-1": ["afs1-az1", "afs1-az2", "afs1-az3"],
  "ap-south-1": ["aps1-az1", "aps1-az2", "aps1-az3"],
  "ap-south-2": ["aps2-az1", "aps2-az2", "aps2-az3"],
  "ap-east-1": ["ape1-az1", "ape1-az2", "ape1-az3"],
  "ap-northeast-1": ["apne1-az1", "apne1-az2", "apne1-az4"],
  "ap-northeast-2": ["apne2-az1", "apne2-az2", "apne2-az3", "apne2-az4"],
  "ap-northeast-3": ["apne3-az1", "apne3-az2", "apne3-az3"],
  "ap-southeast-1": ["apse1-az1", "apse1-az2", "apse1-az3"],
  "ap-southeast-2": ["apse2-az1", "apse2-az2", "apse2-az3"],
  "ap-southeast-3": ["apse3-az1", "apse3-az2", "apse3-az3"],
  "ap-southeast-4": ["apse4-az1", "apse4-az2", "apse4-az3"],
  "ap-southeast-5": ["apse5-az1", "apse5-az2", "apse5-az3"],
  "ap-southeast-7": ["apse7-az1", "apse7-az2", "apse7-az3"],
};

/** Availability Zones per region (the number of AZ IDs above). */
export const AZS_PER_REGION: Readonly<Record<string, number>> = Object.fromEntries(
  Object.entries(AZ_IDS_PER_REGION).map(([region, ids]) => [region, ids.length]),
);

export const KNOWN_REGIONS = Object.keys(AZ_IDS_PER_REGION);

/** The AZ IDs an environment spans when `platform:availabilityZoneIds` is not set: the region's first `azCount`. */
export function defaultAzIds(region: string, azCount: number): string[] {
  return (AZ_IDS_PER_REGION[region] ?? []).slice(0, azCount);
}
