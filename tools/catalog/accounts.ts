/** Accounts and security: the member account, its key, baseline, guardrails and IAM. */
import { AWS_DOCS, CatalogEntry, OBSERVED } from "./entry";
import { PRICES } from "./prices";

export const ACCOUNTS: readonly CatalogEntry[] = [
  {
    type: "aws:accessanalyzer/analyzer:Analyzer",
    unruled: "an account control itself; holds no data",
  },
  {
    type: "aws:budgets/budget:Budget",
    unruled: "billing alert; holds no data",
  },
  {
    type: "aws:cfg/deliveryChannel:DeliveryChannel",
    unruled: "AWS Config delivery (its bucket is judged)",
  },
  {
    type: "aws:cfg/recorder:Recorder",
    unruled: "AWS Config: a detective control",
    usage: { quantity: "5,000 configuration items ($0.003 each)", monthlyUsd: 15 },
  },
  {
    type: "aws:cfg/recorderStatus:RecorderStatus",
    unruled: "AWS Config: a detective control",
  },
  {
    type: "aws:cfg/rule:Rule",
    unruled: "AWS Config: a detective control",
  },
  {
    type: "aws:cloudtrail/trail:Trail",
    policies: ["cloudtrail-log-validation"],
  },
  {
    type: "aws:ebs/defaultKmsKey:DefaultKmsKey",
    unruled: "sets the account's EBS default key (the baseline sets the environment key)",
  },
  {
    type: "aws:ebs/encryptionByDefault:EncryptionByDefault",
    unruled: "turns EBS encryption on for the account",
  },
  {
    type: "aws:guardduty/detector:Detector",
    unruled: "a detective control; holds no data",
    usage: { quantity: "CloudTrail and VPC flow analysis of a small account", monthlyUsd: 15 },
  },
  {
    type: "aws:guardduty/detectorFeature:DetectorFeature",
    unruled: "a detective control; holds no data",
  },
  {
    type: "aws:iam/accountPasswordPolicy:AccountPasswordPolicy",
    unruled: "an account control itself",
  },
  {
    type: "aws:iam/instanceProfile:InstanceProfile",
    unruled: "binds a role to an instance; the role is reviewed by the component's tests",
  },
  {
    type: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    unruled: "identity federation; the roles trusting it are tested",
  },
  {
    type: "aws:iam/policy:Policy",
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
    unruled: "IAM is reviewed by the access model's tests, not by network or encryption rules",
    creation: {
      seconds: 5,
      source: "IAM is eventually consistent; the provider retries until the role is usable",
    },
    outputs: ({ physical, account }) => ({ arn: `arn:aws:iam::${account}:role/${physical}` }),
  },
  {
    type: "aws:iam/rolePolicy:RolePolicy",
    unruled: "IAM is reviewed by the access model, not by network or encryption rules",
  },
  {
    type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    unruled: "IAM is reviewed by the access model's tests",
  },
  {
    type: "aws:iam/serviceLinkedRole:ServiceLinkedRole",
    unruled: "a role AWS defines for its own service",
  },
  {
    type: "aws:inspector2/enabler:Enabler",
    unruled: "vulnerability scanning: a detective control",
    usage: { quantity: "10 instances and 50 image scans", monthlyUsd: 20 },
  },
  {
    type: "aws:kms/alias:Alias",
    unruled: "a name for a key; the key is judged",
  },
  {
    type: "aws:kms/key:Key",
    policies: ["kms-key-rotation"],
    autoName: null,
    creation: { seconds: 5, source: OBSERVED },
    price: () => ({ usd: PRICES.monthly.kmsKey, basis: "customer-managed key" }),
    essential: true,
  },
  {
    type: "aws:organizations/account:Account",
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
    unruled: "a service control policy: a guardrail itself",
  },
  {
    type: "aws:organizations/policyAttachment:PolicyAttachment",
    unruled: "attaches a guardrail",
  },
  {
    type: "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock",
    unruled: "an account control itself",
  },
  {
    type: "aws:secretsmanager/secret:Secret",
    policies: ["secrets-encrypted"],
    // The ARN ends in a hyphen and six random characters after the name.
    outputs: ({ physical, region, account, inputs }) => ({
      arn: `arn:aws:secretsmanager:${region}:${account}:secret:${typeof inputs.name === "string" ? inputs.name : physical}-AbCdEf`,
    }),
    price: () => ({ usd: PRICES.monthly.secret, basis: "secret" }),
  },
  {
    type: "aws:secretsmanager/secretVersion:SecretVersion",
    unruled: "a value of a secret that is judged",
  },
  {
    type: "aws:ssoadmin/accountAssignment:AccountAssignment",
    unruled: "Identity Center access, reviewed by the access model's tests",
    creation: { seconds: 20, source: "asynchronous provisioning, polled" },
  },
  {
    type: "aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment",
    unruled: "Identity Center access, reviewed by the access model's tests",
  },
  {
    type: "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment",
    unruled: "Identity Center access, reviewed by the access model's tests",
  },
  {
    type: "aws:ssoadmin/permissionSet:PermissionSet",
    unruled: "Identity Center access, reviewed by the access model's tests",
  },
  {
    type: "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy",
    unruled: "Identity Center access, reviewed by the access model's tests",
  },
  {
    type: "pulumi:providers:aws",
    unruled: "a provider, not a resource in AWS",
    essential: true,
  },
];
