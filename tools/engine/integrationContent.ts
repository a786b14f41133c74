/**
 * Wirings where an AWS service reads the account's content or keeps its copies: CloudFront (origin access
 * control) to the static site's bucket and its key, and AWS Backup to its vaults' keys. Each is the request
 * the service makes, with the condition keys its page says it sends, judged by the bucket or key policy.
 */
import { rolePrincipal, roleRequest } from "./integrationGrants";
import { BUCKET } from "./integrationLogs";
import { Integration, regionOf, resourceHop, serviceHop } from "./integrationModel";
import { RecordedResource } from "./mockEngine";
import { PlanView } from "./planView";

/** CloudFront's origin access control signs with the distribution as aws:SourceArn, to S3 and to KMS. */
const CLOUDFRONT_OAC =
  "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html";
const BACKUP_KEY = "https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html";

/** The key a bucket encrypts new objects with by default (SSE-KMS), when the plan holds it. */
function bucketKey(view: PlanView, bucket: RecordedResource): RecordedResource | undefined {
  const sse = view.referring(
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "bucket",
    bucket,
  )[0];
  const rules = sse ? (view.input(sse, "rules") as { applyServerSideEncryptionByDefault?: unknown }[]) : [];
  const rule = rules?.[0]?.applyServerSideEncryptionByDefault as { kmsMasterKeyId?: string } | undefined;
  return view.byArn(rule?.kmsMasterKeyId);
}

/** CloudFront reads each S3 origin it reaches through origin access control, and decrypts with its key. */
export function cloudFrontOrigins(view: PlanView): Integration[] {
  const out: Integration[] = [];
  for (const distribution of view.ofType("aws:cloudfront/distribution:Distribution")) {
    const origins = (view.input(distribution, "origins") ?? []) as { originAccessControlId?: string }[];
    if (!origins.some((o) => o.originAccessControlId !== undefined)) {
      continue;
    }
    const context = { "aws:SourceArn": view.arn(distribution) };
    for (const bucket of view.deps(distribution, "origins").filter((d) => d.type === BUCKET)) {
      const bucketArn = view.arn(bucket);
      const hops = [
        serviceHop(
          view.account,
          "cloudfront.amazonaws.com",
          "s3:GetObject",
          `${bucketArn}/index.html`,
          `${view.label(bucket)} objects`,
          view.resourcePolicy(bucket),
          context,
          CLOUDFRONT_OAC,
        ),
      ];
      const key = bucketKey(view, bucket);
      if (key) {
        hops.push(resourceHop(view, "cloudfront.amazonaws.com", "kms:Decrypt", key, context, CLOUDFRONT_OAC));
      }
      out.push({ kind: "cloudfront-origin", from: view.label(distribution), to: view.label(bucket), hops });
    }
  }
  return out;
}

/**
 * AWS Backup stores recovery points in each vault of a plan (and copies them to the copy vault) with the
 * vault's key, as the selection's role through backup.<vault region>. The role's own grants are AWS managed
 * policies whose content the model does not hold: the vault key's policy must allow the role on its own.
 */
export function backupVaults(view: PlanView): Integration[] {
  const out: Integration[] = [];
  for (const selection of view.ofType("aws:backup/selection:Selection")) {
    const role = view.named(selection, "iamRoleArn", "aws:iam/role:Role");
    const plan = view.dep(selection, "planId", "aws:backup/plan:Plan");
    if (!role || !plan) {
      continue;
    }
    const who = { ...rolePrincipal(view, role), identity: [] };
    const rules = (view.input(plan, "rules") ?? []) as {
      targetVaultName?: string;
      copyActions?: { destinationVaultArn?: string }[];
    }[];
    const vaults = view.ofType("aws:backup/vault:Vault");
    const used = new Set<RecordedResource>();
    for (const rule of rules) {
      const target = vaults.find((v) => view.state(v).name === rule.targetVaultName);
      const copies = (rule.copyActions ?? []).map((c) => view.byArn(c.destinationVaultArn));
      [target, ...copies].forEach((v) => v && used.add(v));
    }
    for (const vault of used) {
      const key = view.byArn(view.str(vault, "kmsKeyArn"));
      if (!key) {
        continue;
      }
      const via = `backup.${regionOf(view.arn(vault))}.amazonaws.com`;
      const hops = ["kms:CreateGrant", "kms:GenerateDataKey", "kms:Decrypt", "kms:DescribeKey"].map((a) => ({
        label: `${who.label} ${a} on ${view.label(key)} through ${via} (judged by the key policy alone)`,
        request: roleRequest(view, who, a, view.arn(key), {
          "kms:ViaService": via,
          ...(a === "kms:CreateGrant" ? { "kms:GrantIsForAWSResource": "true" } : {}),
        }),
        doc: BACKUP_KEY,
      }));
      out.push({ kind: "backup-vault", from: view.label(plan), to: view.label(vault), hops });
    }
  }
  return out;
}

/** Every content and copy wiring. */
export function contentWirings(view: PlanView): Integration[] {
  return [...cloudFrontOrigins(view), ...backupVaults(view)];
}
