/** Accounts and security: the member account, its key, baseline, guardrails and IAM. */
import { iam, none, security } from "../rules";
import { AWS_DOCS, CatalogEntry, inputOr, OBSERVED, shortHash } from "./entry";
import { PRICES } from "./prices";
import { aws, awsGlobal, EVERY_INPUT, provider } from "./replacement";

export const ACCOUNTS: readonly CatalogEntry[] = [
  {
    type: "aws:accessanalyzer/analyzer:Analyzer",
    unexposed: "finds public and cross-account access itself; has no endpoint or resource policy",
    replaceOn: aws("accessanalyzer_analyzer", ["analyzerName", "configuration", "type"]),
    api: none("analyzer name: auto-named well within 255 alphanumerics, '-', '_' and '.'"),
    unruled: "an account control itself; holds no data",
  },
  {
    type: "aws:budgets/budget:Budget",
    unexposed: "a billing alert; no endpoint, no resource policy",
    replaceOn: awsGlobal("budgets_budget", ["accountId", "name", "namePrefix"]),
    api: security.BUDGET_RULES,
    unruled: "billing alert; holds no data",
  },
  {
    type: "aws:cfg/deliveryChannel:DeliveryChannel",
    unexposed: "names the Config bucket (judged); no endpoint, no resource policy",
    replaceOn: aws("config_delivery_channel", ["name"]),
    api: none("AWS Config names: up to 256 (rules 128) characters, auto-named from short logical names"),
    unruled: "AWS Config delivery (its bucket is judged)",
  },
  {
    type: "aws:cfg/recorder:Recorder",
    unexposed: "a detective control; no endpoint, no resource policy",
    replaceOn: aws("config_configuration_recorder", ["name"]),
    api: none("AWS Config names: up to 256 (rules 128) characters, auto-named from short logical names"),
    unruled: "AWS Config: a detective control",
    usage: { quantity: "5,000 configuration items ($0.003 each)", monthlyUsd: 15 },
  },
  {
    type: "aws:cfg/recorderStatus:RecorderStatus",
    unexposed: "a detective control; no endpoint, no resource policy",
    replaceOn: aws("config_configuration_recorder_status", ["name"]),
    api: none("AWS Config names: up to 256 (rules 128) characters, auto-named from short logical names"),
    unruled: "AWS Config: a detective control",
  },
  {
    type: "aws:cfg/rule:Rule",
    unexposed: "a detective control; no endpoint, no resource policy",
    replaceOn: aws("config_config_rule", ["name"]),
    api: none("AWS Config names: up to 256 (rules 128) characters, auto-named from short logical names"),
    unruled: "AWS Config: a detective control",
  },
  {
    type: "aws:cloudtrail/trail:Trail",
    unexposed: "writes to its bucket (judged); a trail has no endpoint or resource policy",
    replaceOn: aws("cloudtrail", ["name"]),
    uniqueName: { property: "name", auto: true },
    api: security.TRAIL,
    policies: ["cloudtrail-log-validation"],
    // The ARN CloudTrail sends as aws:SourceArn and in its encryption context: the home region's.
    outputs: (c) => ({ arn: `arn:aws:cloudtrail:${c.region}:${c.account}:trail/${inputOr(c, "name")}` }),
  },
  {
    type: "aws:ebs/defaultKmsKey:DefaultKmsKey",
    unexposed: "an account setting; the key it names is judged",
    replaceOn: aws("ebs_default_kms_key", ["keyArn"]),
    api: none("an account or resource setting: no name or description of its own"),
    unruled: "sets the account's EBS default key (the baseline sets the environment key)",
  },
  {
    type: "aws:ebs/encryptionByDefault:EncryptionByDefault",
    unexposed: "an account setting; no endpoint, no resource policy",
    replaceOn: aws("ebs_encryption_by_default", []),
    api: none("an account or resource setting: no name or description of its own"),
    unruled: "turns EBS encryption on for the account",
  },
  {
    type: "aws:guardduty/detector:Detector",
    unexposed: "a detective control; no endpoint, no resource policy",
    replaceOn: aws("guardduty_detector", []),
    api: none("no name: one detector per account and region"),
    unruled: "a detective control; holds no data",
    usage: { quantity: "CloudTrail and VPC flow analysis of a small account", monthlyUsd: 15 },
  },
  {
    type: "aws:guardduty/detectorFeature:DetectorFeature",
    unexposed: "a detective control; no endpoint, no resource policy",
    replaceOn: aws("guardduty_detector_feature", ["detectorId", "name"]),
    api: none("a feature name from a fixed set, checked by the provider's enum"),
    unruled: "a detective control; holds no data",
  },
  {
    type: "aws:iam/accountPasswordPolicy:AccountPasswordPolicy",
    unexposed: "an account control; no endpoint, no resource policy",
    replaceOn: awsGlobal("iam_account_password_policy", []),
    api: none("an account or resource setting: no name or description of its own"),
    unruled: "an account control itself",
  },
  {
    type: "aws:iam/instanceProfile:InstanceProfile",
    unexposed: "binds a role (whose trust policy is judged) to instances of the account",
    replaceOn: awsGlobal("iam_instance_profile", ["name", "namePrefix", "path"]),
    api: iam.INSTANCE_PROFILE,
    unruled: "binds a role to an instance; the role is reviewed by the component's tests",
  },
  {
    type: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    unexposed: "a federation source; the trust policies of the roles that name it are judged",
    replaceOn: awsGlobal("iam_openid_connect_provider", ["url"]),
    api: none("a URL and client ids, typed"),
    unruled: "identity federation; the roles trusting it are tested",
  },
  {
    type: "aws:iam/policy:Policy",
    unexposed: "an identity policy: grants its holders, in the account, not outsiders",
    replaceOn: awsGlobal("iam_policy", ["description", "name", "namePrefix", "path"]),
    uniqueName: { property: "name", auto: true },
    api: iam.POLICY,
    unruled: "IAM is reviewed by the access model's tests, not by network or encryption rules",
    // A customer managed policy's ARN in AWS's format (path and name), which the policies that name a
    // boundary are checked against in `up` mode.
    outputs: ({ physical, account, inputs }) => {
      const path = typeof inputs.path === "string" ? inputs.path : "/";
      const name = typeof inputs.name === "string" ? inputs.name : physical;
      return { arn: `arn:aws:iam::${account}:policy${path}${name}` };
    },
  },
  {
    type: "aws:iam/role:Role",
    replaceOn: awsGlobal("iam_role", ["name", "namePrefix", "path"]),
    uniqueName: { property: "name", auto: true },
    api: iam.ROLE,
    policies: ["no-public-resource-policy"],
    creation: {
      p50: 5,
      p90: 15,
      source: "IAM is eventually consistent; the provider retries until the role is usable",
    },
    // The role's name (given, or the auto-name) and its path, as IAM builds the ARN.
    outputs: (c) => {
      const path = typeof c.inputs.path === "string" ? c.inputs.path : "/";
      return { arn: `arn:aws:iam::${c.account}:role${path}${inputOr(c, "name")}` };
    },
  },
  {
    type: "aws:iam/rolePolicy:RolePolicy",
    unexposed: "an identity policy: grants its role, whose trust policy is judged",
    replaceOn: awsGlobal("iam_role_policy", ["name", "namePrefix", "role"]),
    api: iam.ROLE_POLICY,
    unruled: "IAM is reviewed by the access model, not by network or encryption rules",
  },
  {
    type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    unexposed: "attaches an identity policy to a role whose trust policy is judged",
    replaceOn: aws("iam_role_policy_attachment", [EVERY_INPUT]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "IAM is reviewed by the access model's tests",
  },
  {
    type: "aws:iam/serviceLinkedRole:ServiceLinkedRole",
    unexposed: "trusted by one AWS service only, as AWS defines it",
    replaceOn: awsGlobal("iam_service_linked_role", ["awsServiceName", "customSuffix"]),
    api: none("AWS names the role after the service"),
    unruled: "a role AWS defines for its own service",
  },
  {
    type: "aws:inspector2/enabler:Enabler",
    unexposed: "a detective control; no endpoint, no resource policy",
    replaceOn: aws("inspector2_enabler", ["accountIds"]),
    api: none("an account or resource setting: no name or description of its own"),
    unruled: "vulnerability scanning: a detective control",
    usage: { quantity: "10 instances and 50 image scans", monthlyUsd: 20 },
  },
  {
    type: "aws:kms/alias:Alias",
    unexposed: "a name for a key whose policy is judged",
    replaceOn: aws("kms_alias", ["name", "namePrefix"]),
    uniqueName: { property: "name" },
    api: security.ALIAS,
    unruled: "a name for a key; the key is judged",
  },
  {
    type: "aws:kms/key:Key",
    replaceOn: aws("kms_key", [
      "customKeyStoreId",
      "customerMasterKeySpec",
      "keyUsage",
      "multiRegion",
      "xksKeyId",
    ]),
    stateful: "a deleted key makes everything encrypted with it unreadable",
    api: security.KEY,
    policies: ["kms-key-rotation", "no-public-resource-policy"],
    autoName: null,
    // A key's ARN names its region (the copy key lives in another) and its key id, a UUID.
    outputs: (c) => {
      const keyId = `${shortHash(c.urn)}0-0000-4000-8000-${shortHash(c.physical)}00000`;
      const region = typeof c.inputs.region === "string" ? c.inputs.region : c.region;
      return { keyId, arn: `arn:aws:kms:${region}:${c.account}:key/${keyId}` };
    },
    creation: { p50: 5, p90: 10, source: OBSERVED },
    price: () => ({ usd: PRICES.monthly.kmsKey, basis: "customer-managed key" }),
  },
  {
    type: "aws:organizations/account:Account",
    unexposed: "the member account itself; what it holds is judged",
    replaceOn: awsGlobal(
      "organizations_account",
      ["email", "iamUserAccessToBilling", "roleName"],
      "the name and parent are updated in place",
    ),
    stateful: "the account",
    api: none("the account's name and e-mail come from config keys that check them"),
    unruled: "the member account; its contents are judged",
    autoName: null,
    // Organizations gives a new account a 12-digit id.
    outputs: ({ urn, account }) => {
      const id = accountIdOf(urn);
      return { id, arn: `arn:aws:organizations::${account}:account/o-plan000000/${id}` };
    },
    creation: {
      p50: 300,
      p90: 600,
      source: `${AWS_DOCS}: CreateAccount is asynchronous and can take several minutes`,
    },
  },
  {
    type: "aws:organizations/organization:Organization",
    replaceOn: awsGlobal("organizations_organization", []),
    unexposed: "the organization itself: no endpoint, no resource policy",
    api: none("the organization has no name or description; its settings are enumerations"),
    unruled: "the organization itself: its guardrails are judged",
    autoName: null,
    outputs: ({ account }) => ({
      id: "o-plan000000",
      arn: `arn:aws:organizations::${account}:organization/o-plan000000`,
      masterAccountId: account,
      roots: [
        {
          id: "r-plan",
          arn: `arn:aws:organizations::${account}:root/o-plan000000/r-plan`,
          name: "Root",
          policyTypes: [],
        },
      ],
    }),
    creation: {
      p50: 60,
      p90: 180,
      source: `${AWS_DOCS}: CreateOrganization, then EnablePolicyType and EnableAWSServiceAccess`,
    },
  },
  {
    type: "aws:organizations/organizationalUnit:OrganizationalUnit",
    replaceOn: awsGlobal("organizations_organizational_unit", []),
    unexposed: "a container of accounts: no endpoint, no resource policy",
    api: none(
      "OU names (1..128 characters) are fixed by the program: Security, Infrastructure, Workloads, NonProd, Prod",
    ),
    unruled: "a container of accounts: its guardrails are judged",
    autoName: null,
    outputs: ({ urn, account }) => {
      const id = `ou-plan-${shortHash(urn)}x`;
      return { id, arn: `arn:aws:organizations::${account}:ou/o-plan000000/${id}` };
    },
  },
  {
    type: "aws:organizations/policy:Policy",
    unexposed: "a service control policy: restricts, never grants",
    replaceOn: awsGlobal("organizations_policy", ["type"]),
    api: none("SCP names up to 128 characters, descriptions up to 512: built from the base name, far within"),
    unruled: "a service control policy: a guardrail itself",
  },
  {
    type: "aws:organizations/policyAttachment:PolicyAttachment",
    unexposed: "attaches a service control policy, which only restricts",
    replaceOn: awsGlobal("organizations_policy_attachment", ["policyId", "targetId"]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "attaches a guardrail",
  },
  {
    type: "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock",
    replaceOn: awsGlobal("s3_account_public_access_block", ["accountId"]),
    api: none("an account or resource setting: no name or description of its own"),
    policies: ["s3-public-access-blocked"],
  },
  {
    type: "aws:secretsmanager/secret:Secret",
    replaceOn: aws("secretsmanager_secret", ["name", "namePrefix"]),
    stateful: "a value set out of band",
    uniqueName: { property: "name", auto: true },
    api: security.SECRET,
    policies: ["secrets-encrypted", "no-public-resource-policy"],
    // The ARN ends in a hyphen and six random characters after the name.
    outputs: ({ physical, region, account, inputs }) => ({
      arn: `arn:aws:secretsmanager:${region}:${account}:secret:${typeof inputs.name === "string" ? inputs.name : physical}-AbCdEf`,
    }),
    price: () => ({ usd: PRICES.monthly.secret, basis: "secret" }),
  },
  {
    type: "aws:secretsmanager/secretVersion:SecretVersion",
    unexposed: "a value of a secret whose resource policy is judged",
    replaceOn: aws("secretsmanager_secret_version", ["secretBinary", "secretId", "secretString"]),
    api: none("a value of an existing secret"),
    unruled: "a value of a secret that is judged",
  },
  {
    type: "aws:ssoadmin/accountAssignment:AccountAssignment",
    unexposed: "grants a workforce group of the organization's Identity Center, not outsiders",
    replaceOn: aws("ssoadmin_account_assignment", [EVERY_INPUT]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "Identity Center access, reviewed by the access model's tests",
    creation: { p50: 20, p90: 60, source: "asynchronous provisioning, polled" },
  },
  {
    type: "aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment",
    unexposed: "an identity policy of a permission set (the organization's workforce)",
    replaceOn: aws("ssoadmin_customer_managed_policy_attachment", [EVERY_INPUT]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "Identity Center access, reviewed by the access model's tests",
  },
  {
    type: "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment",
    unexposed: "an identity policy of a permission set (the organization's workforce)",
    replaceOn: aws("ssoadmin_managed_policy_attachment", [EVERY_INPUT]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "Identity Center access, reviewed by the access model's tests",
  },
  {
    type: "aws:ssoadmin/permissionSet:PermissionSet",
    unexposed: "a role template for the organization's workforce; no endpoint, no resource policy",
    replaceOn: aws("ssoadmin_permission_set", ["instanceArn", "name"]),
    api: security.PERMISSION_SET,
    unruled: "Identity Center access, reviewed by the access model's tests",
  },
  {
    type: "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy",
    unexposed: "an identity policy of a permission set (the organization's workforce)",
    replaceOn: aws("ssoadmin_permission_set_inline_policy", ["instanceArn", "permissionSetArn"]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "Identity Center access, reviewed by the access model's tests",
  },
  {
    type: "pulumi:providers:aws",
    unexposed: "a provider, not a cloud resource",
    replaceOn: provider("aws"),
    api: none(
      "a provider, no cloud resource; its default tags count in the tag rules of every resource it creates",
    ),
    unruled: "a provider, not a resource in AWS",
  },
];

/** A 12-digit account id, deterministic per URN, for an account the offline plan creates. */
export function accountIdOf(urn: string): string {
  return String(parseInt(shortHash(urn), 16) * 1000 + 100)
    .padStart(12, "0")
    .slice(-12);
}
