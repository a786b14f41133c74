/**
 * No public path through a resource policy: a document or a permission that grants every principal (`*`)
 * passes only with a condition that narrows it to the organization, the account, a source ARN or a VPC
 * endpoint. Documents are read with `read` (documents.ts): a document still unknown in a preview is
 * judged by the update, which runs the pack on each resource with its document known before creating it.
 */
import { ResourceValidationPolicy } from "@pulumi/policy";

import { grantProblem, publicGrants } from "./documents";
import { label, read, show, UNKNOWN } from "./util";

/** The types that carry a resource policy document, and the property that holds it. */
export const POLICY_DOCUMENTS: Readonly<Record<string, string>> = {
  "aws:s3/bucketPolicy:BucketPolicy": "policy",
  "aws:s3/bucket:Bucket": "policy",
  "aws:s3/bucketV2:BucketV2": "policy",
  "aws:sqs/queuePolicy:QueuePolicy": "policy",
  "aws:sqs/queue:Queue": "policy",
  "aws:sns/topicPolicy:TopicPolicy": "policy",
  "aws:sns/topic:Topic": "policy",
  "aws:ecr/repositoryPolicy:RepositoryPolicy": "policy",
  "aws:ecr/registryPolicy:RegistryPolicy": "policy",
  "aws:kms/key:Key": "policy",
  "aws:kms/replicaKey:ReplicaKey": "policy",
  "aws:secretsmanager/secret:Secret": "policy",
  "aws:secretsmanager/secretPolicy:SecretPolicy": "policy",
  "aws:cloudwatch/eventBusPolicy:EventBusPolicy": "policy",
  "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": "policyDocument",
  "aws:opensearch/domain:Domain": "accessPolicies",
  "aws:opensearch/domainPolicy:DomainPolicy": "accessPolicies",
  "aws:efs/fileSystemPolicy:FileSystemPolicy": "policy",
  "aws:backup/vaultPolicy:VaultPolicy": "policy",
  "aws:apigateway/restApi:RestApi": "policy",
  "aws:apigateway/restApiPolicy:RestApiPolicy": "policy",
  // A role's trust policy: who may assume it.
  "aws:iam/role:Role": "assumeRolePolicy",
};

export const noPublicResourcePolicy: ResourceValidationPolicy = {
  name: "no-public-resource-policy",
  description:
    "Resource policies (S3 buckets, SQS queues, SNS topics, ECR repositories, KMS keys, Secrets Manager " +
    "secrets, EventBridge buses, CloudWatch Logs, OpenSearch domains, EFS, Backup vaults, REST APIs, IAM role trust policies) must not " +
    'allow every principal ("*"), except with a condition that narrows the grant to the organization, the ' +
    "account, a source ARN or a VPC endpoint (aws:PrincipalOrgID, aws:SourceAccount, aws:SourceArn, aws:SourceVpce).",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    const property = POLICY_DOCUMENTS[args.type];
    if (property === undefined) {
      args.notApplicable("only applies to resources that carry a resource policy");
      return;
    }
    const grants = publicGrants(read(args.props, property));
    for (const grant of grants === UNKNOWN ? [] : grants) {
      reportViolation(`${label(args)} is public: its ${property} ${grantProblem(grant)}`);
    }
  },
};

/** Types that grant access through a principal property, and the properties that narrow the grant. */
const PERMISSIONS: Readonly<Record<string, { principal: string; narrowedBy: string[] }>> = {
  "aws:lambda/permission:Permission": {
    principal: "principal",
    narrowedBy: ["sourceArn", "sourceAccount", "principalOrgId"],
  },
  "aws:lambda/layerVersionPermission:LayerVersionPermission": {
    principal: "principal",
    narrowedBy: ["organizationId"],
  },
  "aws:cloudwatch/eventPermission:EventPermission": {
    principal: "principal",
    narrowedBy: ["condition"],
  },
};

export const noPublicPermission: ResourceValidationPolicy = {
  name: "no-public-permission",
  description:
    'Lambda permissions, layer permissions and EventBridge bus permissions must not grant every principal ("*") ' +
    "without narrowing it (sourceArn, sourceAccount or principalOrgId; organizationId; a condition on the " +
    "organization), and a Lambda permission must not open a function URL to unauthenticated callers " +
    "(functionUrlAuthType NONE).",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    const spec = PERMISSIONS[args.type];
    if (spec === undefined) {
      args.notApplicable("only applies to Lambda and EventBridge permissions");
      return;
    }
    if (read(args.props, "functionUrlAuthType") === "NONE") {
      reportViolation(
        `${label(args)} lets anyone call the function's URL without authentication (functionUrlAuthType = NONE): use AWS_IAM`,
      );
    }
    const principal = read(args.props, spec.principal);
    if (principal !== "*") {
      return;
    }
    const narrowed = spec.narrowedBy.some((p) => {
      const v = read(args.props, p);
      return v !== undefined && v !== "" && v !== "*";
    });
    if (!narrowed) {
      reportViolation(
        `${label(args)} grants ${show(read(args.props, "action") ?? "access")} to every principal (principal = "*") ` +
          `without narrowing it: set ${spec.narrowedBy.join(" or ")}`,
      );
    }
  },
};
