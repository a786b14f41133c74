/** Elastic Load Balancing v2: load balancers and target groups. */
import { ApiCoverage, nameRules, reserved } from "./rule";

const CREATE_LB =
  "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html";
const CREATE_TG =
  "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html";

/** Up to 32 alphanumerics or hyphens, not beginning or ending with a hyphen. */
const ELB_NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
const ELB_NAME_TEXT = "uses only alphanumerics and hyphens, and neither begins nor ends with a hyphen";

export const LOAD_BALANCER: ApiCoverage = {
  rules: [
    ...nameRules(
      "elb-lb-name",
      { property: "name", auto: true, max: 32, regex: ELB_NAME, text: ELB_NAME_TEXT },
      CREATE_LB,
    ),
    reserved("elb-lb-name-internal", { property: "name", auto: true, prefixes: ["internal-"] }, CREATE_LB),
  ],
};

export const TARGET_GROUP: ApiCoverage = {
  rules: nameRules(
    "elb-tg-name",
    { property: "name", auto: true, max: 32, regex: ELB_NAME, text: ELB_NAME_TEXT },
    CREATE_TG,
  ),
};
