/** Accounts and security: the member account, its key, baseline, guardrails and IAM. */
import { iam, none, security } from "../rules";
import { AWS_DOCS, CatalogEntry, OBSERVED } from "./entry";
import { PRICES } from "./prices";

export const ACCOUNTS: readonly CatalogEntry[] = [
  {
    type: "aws:accessanalyzer/analyzer:Analyzer",
    api: none("analyzer name: auto-named well within 255 alphanumerics, '-', '_' and '.'"),
    unruled: "an account control itself; holds no data",
  },
  {
    type: "aws:budgets/budget:Budget",
    api: security.BUDGET_RULES,
    unruled: "billing alert; holds no data",
  },
  {
    type: "aws:cfg/deliveryChannel:DeliveryChannel",
    api: none("AWS Config names: up to 256 (rules 128) characters, auto-named from short logical names"),
    unruled: "AWS Config delivery (its bucket is judged)",
  },
  {
    type: "aws:cfg/recorder:Recorder",
    api: none("AWS Config names: up to 256 (rules 128) characters, auto-named from short logical names"),
    unruled: "AWS Config: a detective control",
    usage: { quantity: "5,000 configuration items ($0.003 each)", monthlyUsd: 15 },
  },
  {
    type: "aws:cfg/recorderStatus:RecorderStatus",
    api: none("AWS Config names: up to 256 (rules 128) characters, auto-named from short logical names"),
    unruled: "AWS Config: a detective control",
  },
  {
    type: "aws:cfg/rule:Rule",
    api: none("AWS Config names: up to 256 (rules 128) characters, auto-named from short logical names"),
    unruled: "AWS Config: a detective control",
  },
  {
    type: "aws:cloudtrail/trail:Trail",
    uniqueName: { property: "name", auto: true },
    api: security.TRAIL,
    policies: ["cloudtrail-log-validation"],
  },
  {
    type: "aws:ebs/defaultKmsKey:DefaultKmsKey",
    api: none("an account or resource setting: no name or description of its own"),
    unruled: "sets the account's EBS default key (the baseline sets the environment key)",
  },
  {
    type: "aws:ebs/encryptionByDefault:EncryptionByDefault",
    api: none("an account or resource setting: no name or description of its own"),
    unruled: "turns EBS encryption on for the account",
  },
  {
    type: "aws:guardduty/detector:Detector",
    api: none("no name: one detector per account and region"),
    unruled: "a detective control; holds no data",
    usage: { quantity: "CloudTrail and VPC flow analysis of a small account", monthlyUsd: 15 },
  },
  {
    type: "aws:guardduty/detectorFeature:DetectorFeature",
    api: none("a feature name from a fixed set, checked by the provider's enum"),
    unruled: "a detective control; holds no data",
  },
  {
    type: "aws:iam/accountPasswordPolicy:AccountPasswordPolicy",
    api: none("an account or resource setting: no name or description of its own"),
    unruled: "an account control itself",
  },
  {
    type: "aws:iam/instanceProfile:InstanceProfile",
    api: iam.INSTANCE_PROFILE,
    unruled: "binds a role to an instance; the role is reviewed by the component's tests",
  },
  {
    type: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    api: none("a URL and client ids, typed"),
    unruled: "identity federation; the roles trusting it are tested",
  },
  {
    type: "aws:iam/policy:Policy",
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
    uniqueName: { property: "name", auto: true },
    api: iam.ROLE,
    unruled: "IAM is reviewed by the access model's tests, not by network or encryption rules",
    creation: {
      p50: 5,
      p90: 15,
      source: "IAM is eventually consistent; the provider retries until the role is usable",
    },
    outputs: ({ physical, account }) => ({ arn: `arn:aws:iam::${account}:role/${physical}` }),
  },
  {
    type: "aws:iam/rolePolicy:RolePolicy",
    api: iam.ROLE_POLICY,
    unruled: "IAM is reviewed by the access model, not by network or encryption rules",
  },
  {
    type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "IAM is reviewed by the access model's tests",
  },
  {
    type: "aws:iam/serviceLinkedRole:ServiceLinkedRole",
    api: none("AWS names the role after the service"),
    unruled: "a role AWS defines for its own service",
  },
  {
    type: "aws:inspector2/enabler:Enabler",
    api: none("an account or resource setting: no name or description of its own"),
    unruled: "vulnerability scanning: a detective control",
    usage: { quantity: "10 instances and 50 image scans", monthlyUsd: 20 },
  },
  {
    type: "aws:kms/alias:Alias",
    uniqueName: { property: "name" },
    api: security.ALIAS,
    unruled: "a name for a key; the key is judged",
  },
  {
    type: "aws:kms/key:Key",
    api: security.KEY,
    policies: ["kms-key-rotation"],
    autoName: null,
    creation: { p50: 5, p90: 10, source: OBSERVED },
    price: () => ({ usd: PRICES.monthly.kmsKey, basis: "customer-managed key" }),
  },
  {
    type: "aws:organizations/account:Account",
    api: none("the account's name and e-mail come from config keys that check them"),
    unruled: "the member account; its contents are judged",
    autoName: null,
    creation: {
      p50: 300,
      p90: 600,
      source: `${AWS_DOCS}: CreateAccount is asynchronous and can take several minutes`,
    },
  },
  {
    type: "aws:organizations/policy:Policy",
    api: none("SCP names up to 128 characters, descriptions up to 512: built from the base name, far within"),
    unruled: "a service control policy: a guardrail itself",
  },
  {
    type: "aws:organizations/policyAttachment:PolicyAttachment",
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "attaches a guardrail",
  },
  {
    type: "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock",
    api: none("an account or resource setting: no name or description of its own"),
    unruled: "an account control itself",
  },
  {
    type: "aws:secretsmanager/secret:Secret",
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
    api: none("a value of an existing secret"),
    unruled: "a value of a secret that is judged",
  },
  {
    type: "aws:ssoadmin/accountAssignment:AccountAssignment",
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "Identity Center access, reviewed by the access model's tests",
    creation: { p50: 20, p90: 60, source: "asynchronous provisioning, polled" },
  },
  {
    type: "aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment",
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "Identity Center access, reviewed by the access model's tests",
  },
  {
    type: "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment",
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "Identity Center access, reviewed by the access model's tests",
  },
  {
    type: "aws:ssoadmin/permissionSet:PermissionSet",
    api: security.PERMISSION_SET,
    unruled: "Identity Center access, reviewed by the access model's tests",
  },
  {
    type: "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy",
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "Identity Center access, reviewed by the access model's tests",
  },
  {
    type: "pulumi:providers:aws",
    api: none(
      "a provider, no cloud resource; its default tags count in the tag rules of every resource it creates",
    ),
    unruled: "a provider, not a resource in AWS",
  },
];
