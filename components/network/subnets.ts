/**
 * The subnet planner: a pure function from (VPC CIDR, AZ count) to subnet CIDRs.
 *
 * The VPC is cut into fixed regions by tier, and each tier region into eight AZ slots,
 * whatever the AZ count:
 *
 *     | private: 8/16 of the VPC | data: 4/16 | public: 2/16 | reserved: 2/16 |
 *       8 slots of 1/16            8 x 1/32     8 x 1/64       for a future tier
 *
 * For a /16 that gives private /20 (4,096 addresses), data /21 (2,048) and public /22 (1,024).
 * A subnet's block depends only on its tier and its AZ index, so adding an AZ takes the next
 * free slot and never renumbers an existing subnet, and a future tier takes the reserved region.
 */
import { Cidr, cidr, formatCidr, subBlock } from "./cidr";

/** The network tiers, in the order they appear in the plan. */
export const TIERS = ["public", "private", "data"] as const;
export type Tier = (typeof TIERS)[number];

/** AZ slots per tier; more than the largest AZ count AWS allows a VPC to span here (6). */
export const AZ_SLOTS = 8;
/** Smallest and largest VPC prefix the layout supports (a public slot of a /22 is a /28, AWS's minimum). */
export const MIN_VPC_PREFIX = 16;
export const MAX_VPC_PREFIX = 22;
export const MIN_AZS = 2;
export const MAX_AZS = 6;

/**
 * Where each tier lives, in sixteenths of the VPC. `slotBits` is how many bits the AZ slot adds to
 * the VPC prefix. Changing this table renumbers live subnets: treat it as frozen.
 */
const LAYOUT: Readonly<Record<Tier, { offsetSixteenths: number; slotBits: number }>> = {
  private: { offsetSixteenths: 0, slotBits: 4 },
  data: { offsetSixteenths: 8, slotBits: 5 },
  public: { offsetSixteenths: 12, slotBits: 6 },
};

export interface PlannedSubnet {
  readonly tier: Tier;
  /** Index of the AZ in the environment's AZ list (0-based). */
  readonly azIndex: number;
  readonly cidr: string;
}

/** Problems with planning `vpcCidr` over `azCount` AZs, as messages (empty when the plan is possible). */
export function subnetPlanProblems(vpcCidr: Cidr, azCount: number): string[] {
  const problems: string[] = [];
  if (vpcCidr.prefix < MIN_VPC_PREFIX || vpcCidr.prefix > MAX_VPC_PREFIX) {
    problems.push(
      `the VPC prefix must be between /${MIN_VPC_PREFIX} and /${MAX_VPC_PREFIX} (got /${vpcCidr.prefix}); ` +
        `AWS allows /16../28 but the subnet layout needs a /${MAX_VPC_PREFIX} or larger`,
    );
  }
  if (!Number.isInteger(azCount) || azCount < MIN_AZS || azCount > MAX_AZS) {
    problems.push(`the AZ count must be an integer from ${MIN_AZS} to ${MAX_AZS} (got ${azCount})`);
  }
  return problems;
}

/** Plans every subnet of the VPC: one per tier and AZ. Throws on input that {@link subnetPlanProblems} rejects. */
export function planSubnets(vpcCidr: string, azCount: number): PlannedSubnet[] {
  const vpc = cidr(vpcCidr);
  const problems = subnetPlanProblems(vpc, azCount);
  if (problems.length > 0) {
    throw new Error(problems.join("; "));
  }
  const subnets: PlannedSubnet[] = [];
  for (const tier of TIERS) {
    for (let azIndex = 0; azIndex < azCount; azIndex++) {
      subnets.push({ tier, azIndex, cidr: formatCidr(slot(vpc, tier, azIndex)) });
    }
  }
  return subnets;
}

function slot(vpc: Cidr, tier: Tier, azIndex: number): Cidr {
  const { offsetSixteenths, slotBits } = LAYOUT[tier];
  const slotPrefix = vpc.prefix + slotBits;
  // The tier region starts at offsetSixteenths/16 of the VPC; count it in slot-sized blocks.
  const firstSlot = offsetSixteenths * 2 ** (slotBits - 4);
  return subBlock(vpc, slotPrefix, firstSlot + azIndex);
}
