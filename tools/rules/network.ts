/** EC2 and VPC: security groups and their rules. */
import { ApiCoverage, ApiRule, itemsOf, known, length, nameRules, pattern, reserved } from "./rule";

const CREATE_SG = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html";
const IP_RANGE = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpRange.html";
const RULE_REQUEST =
  "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AuthorizeSecurityGroupIngress.html";

/** EC2's character set for security group names and descriptions, and rule descriptions. */
const EC2_TEXT = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]*$/;
const EC2_TEXT_SET = "uses only a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$*";

/** Descriptions of inline ingress/egress blocks (a group's or the default group's). */
const inlineDescriptions: ApiRule = {
  id: "ec2-inline-rule-description",
  requirement: `every ingress/egress description is up to 255 characters and ${EC2_TEXT_SET}`,
  doc: IP_RANGE,
  check: (r) =>
    ["ingress", "egress"].flatMap((list) =>
      itemsOf(r.inputs, list)
        .map((rule, i) => ({ property: `${list}[${i}].description`, value: known(rule.description) }))
        .filter(
          (x): x is { property: string; value: string } =>
            x.value !== undefined && (x.value.length > 255 || !EC2_TEXT.test(x.value)),
        ),
    ),
};

export const SECURITY_GROUP: ApiCoverage = {
  rules: [
    ...nameRules(
      "ec2-sg-name",
      { property: "name", auto: true, max: 255, regex: EC2_TEXT, text: EC2_TEXT_SET },
      CREATE_SG,
    ),
    reserved("ec2-sg-name-prefix", { property: "name", auto: true, prefixes: ["sg-"] }, CREATE_SG),
    length("ec2-sg-description-length", { property: "description", max: 255 }, CREATE_SG),
    pattern(
      "ec2-sg-description-chars",
      { property: "description", regex: EC2_TEXT, text: EC2_TEXT_SET },
      CREATE_SG,
    ),
    inlineDescriptions,
  ],
};

export const DEFAULT_SECURITY_GROUP: ApiCoverage = { rules: [inlineDescriptions] };

/** A rule resource's description (SecurityGroupIngressRule / EgressRule). */
export const SECURITY_GROUP_RULE: ApiCoverage = {
  rules: [
    length("ec2-rule-description-length", { property: "description", max: 255 }, RULE_REQUEST),
    pattern(
      "ec2-rule-description-chars",
      { property: "description", regex: EC2_TEXT, text: EC2_TEXT_SET },
      IP_RANGE,
    ),
  ],
};

/** Launch templates: name 3..128 of letters, digits, ( ) . / _ -. */
export const LAUNCH_TEMPLATE: ApiCoverage = {
  rules: [
    ...nameRules(
      "ec2-launch-template-name",
      {
        property: "name",
        auto: true,
        min: 3,
        max: 128,
        regex: /^[a-zA-Z0-9().\-/_]+$/,
        text: "uses only letters, digits and ( ) . / _ -",
      },
      "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateLaunchTemplate.html",
    ),
    length(
      "ec2-launch-template-description-length",
      { property: "description", max: 255 },
      "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateLaunchTemplate.html",
    ),
  ],
};
