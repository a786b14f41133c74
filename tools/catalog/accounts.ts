/** Accounts and security: the member account, its key, baseline, guardrails and IAM. */
import { iam, none, security } from "../rules";
import { AWS_DOCS, CatalogEntry, OBSERVED } from "./entry";
import { PRICES } from "./prices";
import { aws, awsGlobal, EVERY_INPUT, provider } from "./replacement";

export const ACCOUNTS: readonly CatalogEntry[] = [
  {
    type: "aws:accessanalyzer/analyzer:Analyzer",
    replaceOn: aws("accessanalyzer_analyzer", ["analyzerName", "configuration", "type"]),
    api: none("analyzer name: auto-named well within 255 alphanumerics, '-', '_' and '.'"),
    unruled: "an account control itself; holds no data",
  },
  {
    type: "aws:budgets/budget:Budget",
    replaceOn: awsGlobal("budgets_budget", ["accountId", "name", "namePrefix"]),
    api: security.BUDGET_RULES,
    unruled: "billing alert; holds no data",
  },
  {
    type: "aws:cfg/deliveryChannel:DeliveryChannel",
    replaceOn: aws("config_delivery_channel", ["name"]),
    api: none("AWS Config names: up to 256 (rules 128) characters, auto-named from short logical names"),
    unruled: "AWS Config delivery (its bucket is judged)",
  },
  {
    type: "aws:cfg/recorder:Recorder",
    replaceOn: aws("config_configuration_recorder", ["name"]),
    api: none("AWS Config names: up to 256 (rules 128) characters, auto-named from short logical names"),
    unruled: "AWS Config: a detective control",
    usage: { quantity: "5,000 configuration items ($0.003 each)", monthlyUsd: 15 },
  },
  {
    type: "aws:cfg/recorderStatus:RecorderStatus",
    replaceOn: aws("config_configuration_recorder_status", ["name"]),
    api: none("AWS Config names: up to 256 (rules 128) characters, auto-named from short logical names"),
    unruled: "AWS Config: a detective control",
  },
  {
    type: "aws:cfg/rule:Rule",
    replaceOn: aws("config_config_rule", ["name"]),
    api: none("AWS Config names: up to 256 (rules 128) characters, auto-named from short logical names"),
    unruled: "AWS Config: a detective control",
  },
  {
    type: "aws:cloudtrail/trail:Trail",
    replaceOn: aws("cloudtrail", ["name"]),
    uniqueName: { property: "name", auto: true },
    api: security.TRAIL,
    policies: ["cloudtrail-log-validation"],
  },
  {
    type: "aws:ebs/defaultKmsKey:DefaultKmsKey",
    replaceOn: aws("ebs_default_kms_key", ["keyArn"]),
    api: none("an account or resource setting: no name or description of its own"),
    unruled: "sets the account's EBS default key (the baseline sets the environment key)",
  },
  {
    type: "aws:ebs/encryptionByDefault:EncryptionByDefault",
    replaceOn: aws("ebs_encryption_by_default", []),
    api: none("an account or resource setting: no name or description of its own"),
    unruled: "turns EBS encryption on for the account",
  },
  {
    type: "aws:guardduty/detector:Detector",
    replaceOn: aws("guardduty_detector", []),
    api: none("no name: one detector per account and region"),
    unruled: "a detective control; holds no data",
    usage: { quantity: "CloudTrail and VPC flow analysis of a small account", monthlyUsd: 15 },
  },
  {
    type: "aws:guardduty/detectorFeature:DetectorFeature",
    replaceOn: aws("guardduty_detector_feature", ["detectorId", "name"]),
    api: none("a feature name from a fixed set, checked by the provider's enum"),
    unruled: "a detective control; holds no data",
  },
  {
    type: "aws:iam/accountPasswordPolicy:AccountPasswordPolicy",
    replaceOn: awsGlobal("iam_account_password_policy", []),
    api: none("an account or resource setting: no name or description of its own"),
    unruled: "an account control itself",
  },
  {
    type: "aws:iam/instanceProfile:InstanceProfile",
    replaceOn: awsGlobal("iam_instance_profile", ["name", "namePrefix", "path"]),
    api: iam.INSTANCE_PROFILE,
    unruled: "binds a role to an instance; the role is reviewed by the component's tests",
  },
  {
    type: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    replaceOn: awsGlobal("iam_openid_connect_provider", ["url"]),
    api: none("a URL and client ids, typed"),
    unruled: "identity federation; the roles trusting it are tested",
  },
  {
    type: "aws:iam/policy:Policy",
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
    unruled: "IAM is reviewed by the access model's tests, not by network or encryption rules",
    creation: {
      seconds: 5,
      source: "IAM is eventually consistent; the provider retries until the role is usable",
    },
    outputs: ({ physical, account }) => ({ arn: `arn:aws:iam::${account}:role/${physical}` }),
  },
  {
    type: "aws:iam/rolePolicy:RolePolicy",
    replaceOn: awsGlobal("iam_role_policy", ["name", "namePrefix", "role"]),
    api: iam.ROLE_POLICY,
    unruled: "IAM is reviewed by the access model, not by network or encryption rules",
  },
  {
    type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    replaceOn: aws("iam_role_policy_attachment", [EVERY_INPUT]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "IAM is reviewed by the access model's tests",
  },
  {
    type: "aws:iam/serviceLinkedRole:ServiceLinkedRole",
    replaceOn: awsGlobal("iam_service_linked_role", ["awsServiceName", "customSuffix"]),
    api: none("AWS names the role after the service"),
    unruled: "a role AWS defines for its own service",
  },
  {
    type: "aws:inspector2/enabler:Enabler",
    replaceOn: aws("inspector2_enabler", ["accountIds"]),
    api: none("an account or resource setting: no name or description of its own"),
    unruled: "vulnerability scanning: a detective control",
    usage: { quantity: "10 instances and 50 image scans", monthlyUsd: 20 },
  },
  {
    type: "aws:kms/alias:Alias",
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
    policies: ["kms-key-rotation"],
    autoName: null,
    creation: { seconds: 5, source: OBSERVED },
    price: () => ({ usd: PRICES.monthly.kmsKey, basis: "customer-managed key" }),
    essential: true,
  },
  {
    type: "aws:organizations/account:Account",
    replaceOn: awsGlobal(
      "organizations_account",
      ["email", "iamUserAccessToBilling", "roleName"],
      "the name and parent are updated in place",
    ),
    stateful: "the account",
    api: none("the account's name and e-mail come from config keys that check them"),
    unruled: "the member account; its contents are judged",
    autoName: null,
    creation: {
      seconds: 300,
      source: `${AWS_DOCS}: CreateAccount is asynchronous and can take several minutes`,
    },
    essential: true,
  },
  {
    type: "aws:organizations/policy:Policy",
    replaceOn: awsGlobal("organizations_policy", ["type"]),
    api: none("SCP names up to 128 characters, descriptions up to 512: built from the base name, far within"),
    unruled: "a service control policy: a guardrail itself",
  },
  {
    type: "aws:organizations/policyAttachment:PolicyAttachment",
    replaceOn: awsGlobal("organizations_policy_attachment", ["policyId", "targetId"]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "attaches a guardrail",
  },
  {
    type: "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock",
    replaceOn: awsGlobal("s3_account_public_access_block", ["accountId"]),
    api: none("an account or resource setting: no name or description of its own"),
    unruled: "an account control itself",
  },
  {
    type: "aws:secretsmanager/secret:Secret",
    replaceOn: aws("secretsmanager_secret", ["name", "namePrefix"]),
    stateful: "a value set out of band",
    uniqueName: { property: "name", auto: true },
    api: security.SECRET,
    policies: ["secrets-encrypted"],
    // The ARN ends in a hyphen and six random characters after the name.
    outputs: ({ physical, region, account, inputs }) => ({
      arn: `arn:aws:secretsmanager:${region}:${account}:secret:${typeof inputs.name === "string" ? inputs.name : physical}-AbCdEf`,
    }),
    price: () => ({ usd: PRICES.monthly.secret, basis: "secret" }),
  },
  {
    type: "aws:secretsmanager/secretVersion:SecretVersion",
    replaceOn: aws("secretsmanager_secret_version", ["secretBinary", "secretId", "secretString"]),
    api: none("a value of an existing secret"),
    unruled: "a value of a secret that is judged",
  },
  {
    type: "aws:ssoadmin/accountAssignment:AccountAssignment",
    replaceOn: aws("ssoadmin_account_assignment", [EVERY_INPUT]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "Identity Center access, reviewed by the access model's tests",
    creation: { seconds: 20, source: "asynchronous provisioning, polled" },
  },
  {
    type: "aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment",
    replaceOn: aws("ssoadmin_customer_managed_policy_attachment", [EVERY_INPUT]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "Identity Center access, reviewed by the access model's tests",
  },
  {
    type: "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment",
    replaceOn: aws("ssoadmin_managed_policy_attachment", [EVERY_INPUT]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "Identity Center access, reviewed by the access model's tests",
  },
  {
    type: "aws:ssoadmin/permissionSet:PermissionSet",
    replaceOn: aws("ssoadmin_permission_set", ["instanceArn", "name"]),
    api: security.PERMISSION_SET,
    unruled: "Identity Center access, reviewed by the access model's tests",
  },
  {
    type: "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy",
    replaceOn: aws("ssoadmin_permission_set_inline_policy", ["instanceArn", "permissionSetArn"]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "Identity Center access, reviewed by the access model's tests",
  },
  {
    type: "pulumi:providers:aws",
    replaceOn: provider("aws"),
    api: none(
      "a provider, no cloud resource; its default tags count in the tag rules of every resource it creates",
    ),
    unruled: "a provider, not a resource in AWS",
    essential: true,
  },
];
