/**
 * What the pack runs: every policy, with the reviewed exemptions of exemptions.ts. Tests and the offline
 * plan import from here (constructing the PolicyPack itself would start its gRPC server).
 */
import { EXEMPTIONS } from "./exemptions";
import { PACK_NAME, PACK_VERSION, policiesWith, Policy } from "./policies";

export { PACK_NAME, PACK_VERSION };

export const PACK_POLICIES: Policy[] = policiesWith(EXEMPTIONS);
