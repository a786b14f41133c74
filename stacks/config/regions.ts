/**
 * Availability Zones per region, for validating `platform:azCount` before anything is registered
 * (an AZ lookup needs credentials and a provider; validation must not).
 *
 * Source: AWS "Regions and Availability Zones" (docs.aws.amazon.com/global-infrastructure), counts of
 * zones generally open to new accounts, checked 2026-11. The network component still looks the zone
 * names up at deploy time, so a count that is one too generous fails there, not silently.
 */
export const AZS_PER_REGION: Readonly<Record<string, number>> = {
  "us-east-1": 6,
  "us-east-2": 3,
  "us-west-1": 2,
  "us-west-2": 4,
  "ca-central-1": 3,
  "ca-west-1": 3,
  "mx-central-1": 3,
  "sa-east-1": 3,
  "eu-west-1": 3,
  "eu-west-2": 3,
  "eu-west-3": 3,
  "eu-central-1": 3,
  "eu-central-2": 3,
  "eu-north-1": 3,
  "eu-south-1": 3,
  "eu-south-2": 3,
  "il-central-1": 3,
  "me-south-1": 3,
  "me-central-1": 3,
  "af-south-1": 3,
  "ap-south-1": 3,
  "ap-south-2": 3,
  "ap-east-1": 3,
  "ap-northeast-1": 3,
  "ap-northeast-2": 4,
  "ap-northeast-3": 3,
  "ap-southeast-1": 3,
  "ap-southeast-2": 3,
  "ap-southeast-3": 3,
  "ap-southeast-4": 3,
  "ap-southeast-5": 3,
  "ap-southeast-7": 3,
};

export const KNOWN_REGIONS = Object.keys(AZS_PER_REGION);
