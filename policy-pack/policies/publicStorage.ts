/**
 * No public path to stored data: S3's public access blocks at account and bucket level stay on, no ACL
 * grants the public, and no snapshot, image or container repository is shared with everyone. (Bucket
 * policies are judged by no-public-resource-policy.)
 */
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

import { dependenciesOf, isTrue, label, read, readArray, show, UNKNOWN } from "./util";

/** The four settings of a public access block, all of which must be true. */
export const PUBLIC_ACCESS_FLAGS = [
  "blockPublicAcls",
  "blockPublicPolicy",
  "ignorePublicAcls",
  "restrictPublicBuckets",
];

const BUCKETS = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];
const BUCKET_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const ACCOUNT_BLOCK = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock";

/** The flags of a block that are not known to be on (an unknown flag is judged by the update). */
function flagsOff(props: unknown): string[] {
  return PUBLIC_ACCESS_FLAGS.filter((f) => {
    const v = read(props, f);
    return v !== UNKNOWN && !isTrue(v);
  });
}

export const s3PublicAccessBlocked: StackValidationPolicy = {
  name: "s3-public-access-blocked",
  description:
    "S3 public access blocks stay on: every bucket has a bucket-level public access block, and every public " +
    "access block (bucket or account) sets blockPublicAcls, blockPublicPolicy, ignorePublicAcls and " +
    "restrictPublicBuckets to true. Create buckets through the platform's SecureBucket component.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const blocked = new Set<string>();
    for (const r of args.resources.filter((x) => x.type === BUCKET_BLOCK || x.type === ACCOUNT_BLOCK)) {
      const off = flagsOff(r.props);
      if (off.length > 0) {
        reportViolation(
          `${label(r)} turns off ${off.join(", ")}: public access must stay blocked (all four settings true)`,
          r.urn,
        );
      }
      if (r.type === BUCKET_BLOCK) {
        dependenciesOf(r, "bucket").forEach((b) => blocked.add(b.urn));
      }
    }
    for (const bucket of args.resources.filter((r) => BUCKETS.includes(r.type))) {
      if (!blocked.has(bucket.urn)) {
        reportViolation(
          `${label(bucket)} has no public access block (aws.s3.BucketPublicAccessBlock with all four settings true)`,
          bucket.urn,
        );
      }
    }
  },
};

const PUBLIC_CANNED_ACLS = ["public-read", "public-read-write", "authenticated-read"];
/** The ACL grantee groups that mean everyone, or every AWS account. */
const PUBLIC_GROUPS = /acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)/;
const ACL_TYPES = [
  ...BUCKETS,
  "aws:s3/bucketAcl:BucketAcl",
  "aws:s3/bucketAclV2:BucketAclV2",
  "aws:s3/bucketObject:BucketObject",
  "aws:s3/bucketObjectv2:BucketObjectv2",
  "aws:s3/objectCopy:ObjectCopy",
];

export const s3NoPublicAcl: ResourceValidationPolicy = {
  name: "s3-no-public-acl",
  description:
    "S3 buckets and objects must not be shared through ACLs: no public-read, public-read-write or " +
    "authenticated-read canned ACL and no grant to the AllUsers or AuthenticatedUsers groups. Leave ACLs " +
    "disabled (object ownership BucketOwnerEnforced) and grant access through a narrowed bucket policy.",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (!ACL_TYPES.includes(args.type)) {
      args.notApplicable("only applies to S3 buckets, bucket ACLs and objects");
      return;
    }
    const acl = read(args.props, "acl");
    if (typeof acl === "string" && PUBLIC_CANNED_ACLS.includes(acl)) {
      reportViolation(`${label(args)} uses the canned ACL ${acl}, which opens it beyond the account`);
    }
    const grants = [
      ...[readArray(args.props, "accessControlPolicy", "grants")],
      ...[readArray(args.props, "grants")],
    ].flatMap((g) => (g === UNKNOWN ? [] : g));
    for (const g of grants) {
      const uri = read(g, "grantee", "uri") ?? read(g, "uri");
      if (typeof uri === "string" && PUBLIC_GROUPS.test(uri)) {
        reportViolation(`${label(args)} grants ${show(read(g, "permission"))} to ${uri} through its ACL`);
      }
    }
  },
};

/** How each kind of snapshot, image or repository can be shared with everyone. */
const SHARING: Record<string, (props: unknown) => string | undefined> = {
  "aws:ec2/amiLaunchPermission:AmiLaunchPermission": (p) =>
    read(p, "group") === "all" ? 'launch permission group = "all"' : undefined,
  "aws:rds/snapshot:Snapshot": (p) => sharedWithAll(p),
  "aws:rds/clusterSnapshot:ClusterSnapshot": (p) => sharedWithAll(p),
  "aws:ec2/imageBlockPublicAccess:ImageBlockPublicAccess": (p) =>
    read(p, "state") === "unblocked" ? 'state = "unblocked" allows public AMIs' : undefined,
  "aws:ebs/snapshotBlockPublicAccess:SnapshotBlockPublicAccess": (p) =>
    read(p, "state") === "unblocked" ? 'state = "unblocked" allows public EBS snapshots' : undefined,
  "aws:ecrpublic/repository:Repository": () => "an ECR Public repository serves its images to anyone",
};

function sharedWithAll(props: unknown): string | undefined {
  const accounts = readArray(props, "sharedAccounts");
  return accounts !== UNKNOWN && accounts.includes("all") ? 'sharedAccounts includes "all"' : undefined;
}

export const noPublicSharing: ResourceValidationPolicy = {
  name: "no-public-sharing",
  description:
    "Snapshots, machine images and container images must not be shared with everyone: no AMI launch " +
    'permission for group "all", no RDS snapshot shared with "all", the account\'s AMI and EBS snapshot ' +
    "public access blocks stay on, and no ECR Public repository. Share with accounts of the organization by id.",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    const check = SHARING[args.type];
    if (check === undefined) {
      args.notApplicable("only applies to snapshots, images and their sharing settings");
      return;
    }
    const problem = check(args.props);
    if (problem !== undefined) {
      reportViolation(`${label(args)} is shared with everyone: ${problem}`);
    }
  },
};
