/** IAM: roles, policies, instance profiles, inline policies. */
import { ApiCoverage, length, nameRules, pattern } from "./rule";

const CREATE_ROLE = "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html";
const CREATE_POLICY = "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html";
const PUT_ROLE_POLICY = "https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html";
const CREATE_PROFILE = "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateInstanceProfile.html";

const IAM_NAME = /^[\w+=,.@-]+$/;
const IAM_NAME_TEXT = "uses only letters, digits and _+=,.@-";
/** Descriptions: tab, line feed, carriage return and printable Latin-1 (no other characters). */
// eslint-disable-next-line no-control-regex -- IAM's documented pattern admits tab, LF and CR
const IAM_DESCRIPTION = /^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/;

export const ROLE: ApiCoverage = {
  rules: [
    ...nameRules(
      "iam-role-name",
      { property: "name", auto: true, max: 64, regex: IAM_NAME, text: IAM_NAME_TEXT },
      CREATE_ROLE,
    ),
    length("iam-role-description-length", { property: "description", max: 1000 }, CREATE_ROLE),
    pattern(
      "iam-role-description-chars",
      { property: "description", regex: IAM_DESCRIPTION, text: "uses only printable Latin-1 characters" },
      CREATE_ROLE,
    ),
  ],
};

export const POLICY: ApiCoverage = {
  rules: [
    ...nameRules(
      "iam-policy-name",
      { property: "name", auto: true, max: 128, regex: IAM_NAME, text: IAM_NAME_TEXT },
      CREATE_POLICY,
    ),
    length("iam-policy-description-length", { property: "description", max: 1000 }, CREATE_POLICY),
  ],
};

export const ROLE_POLICY: ApiCoverage = {
  rules: nameRules(
    "iam-inline-policy-name",
    { property: "name", auto: true, max: 128, regex: IAM_NAME, text: IAM_NAME_TEXT },
    PUT_ROLE_POLICY,
  ),
};

export const INSTANCE_PROFILE: ApiCoverage = {
  rules: nameRules(
    "iam-instance-profile-name",
    { property: "name", auto: true, max: 128, regex: IAM_NAME, text: IAM_NAME_TEXT },
    CREATE_PROFILE,
  ),
};
