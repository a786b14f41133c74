// The platform's CrossGuard policy pack: `pulumi preview --policy-pack policy-pack`.
// The policies live in policies/ (tests import them from there); this file only constructs the pack.
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, PACK_POLICIES } from "./policies";

new PolicyPack(PACK_NAME, {
  description: "Private subnets and encryption for the platform: what every pull request must keep true.",
  enforcementLevel: "mandatory",
  policies: PACK_POLICIES,
});
