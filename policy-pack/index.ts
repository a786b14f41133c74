// The platform's CrossGuard policy pack: `pulumi preview --policy-pack policy-pack`.
// The policies live in policies/ and pack.ts applies the reviewed exemptions (tests import from there);
// this file only constructs the pack.
import { PolicyPack } from "@pulumi/policy";

import { PACK_NAME, PACK_POLICIES } from "./pack";

new PolicyPack(PACK_NAME, {
  description: "Private subnets and encryption for the platform: what every pull request must keep true.",
  enforcementLevel: "mandatory",
  policies: PACK_POLICIES,
});
