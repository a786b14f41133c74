import * as aws from "@pulumi/aws";
import * as assert from "assert";

import { LogArchive, LogArchiveArgs } from "../../../components/organization/logArchive";
import { checkApiRules } from "../../../tools/engine/apiRules";
import { RecordedResource } from "../../../tools/engine/mockEngine";
import { inputs, jsonInput, ofType, propertyDeps, runComponent, single } from "../../helpers/graph";
import { decideResource, IamDocument } from "../../helpers/iam";

const MANAGEMENT = "111111111111";
const SECURITY = "222222222222";
const ORG = "o-abcd123456";
const TRAIL = `arn:aws:cloudtrail:eu-west-1:${MANAGEMENT}:trail/platform-organization`;
const AUDIT = "888888888888";
const AUDITORS = `arn:aws:iam::${AUDIT}:role/aws-reserved/sso.amazonaws.com/*AuditRead*`;
const AUDITOR = `arn:aws:iam::${AUDIT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AuditRead_1`;

async function run(extra: Partial<LogArchiveArgs> = {}): Promise<RecordedResource[]> {
  const { resources } = await runComponent(() => {
    const management = new aws.Provider("management", { region: "eu-west-1" });
    const security = new aws.Provider("security", { region: "eu-west-1" });
    const organization = new aws.organizations.Organization(
      "org",
      { featureSet: "ALL", awsServiceAccessPrincipals: ["cloudtrail.amazonaws.com"] },
      { provider: management },
    );
    new LogArchive(
      "log-archive",
      {
        management,
        security,
        managementAccountId: MANAGEMENT,
        securityAccountId: SECURITY,
        organizationId: ORG,
        region: "eu-west-1",
        namePrefix: "platform",
        lockMode: "COMPLIANCE",
        retentionDays: 400,
        readerPrincipalArns: [AUDITORS],
        ...extra,
      },
      { dependsOn: [organization] },
    );
  });
  return resources;
}

type Doc = IamDocument;

describe("LogArchive", () => {
  let resources: RecordedResource[];
  before(async () => {
    resources = await run();
  });
  const archive = (): RecordedResource =>
    ofType(resources, "aws:s3/bucket:Bucket").find((b) => b.name === "log-archive-logs")!;

  it("creates an organization-wide, multi-Region trail with validation and KMS in the management account", () => {
    const trail = single(resources, "aws:cloudtrail/trail:Trail");
    const i = inputs(trail);
    assert.deepStrictEqual(
      [i.isOrganizationTrail, i.isMultiRegionTrail, i.includeGlobalServiceEvents, i.enableLogFileValidation],
      [true, true, true, true],
    );
    assert.strictEqual(trail.provider?.split("::").pop(), "management");
    const key = single(resources, "aws:kms/key:Key");
    assert.deepStrictEqual(propertyDeps(resources, trail, "kmsKeyId"), [key]);
    assert.deepStrictEqual(propertyDeps(resources, trail, "s3BucketName"), [archive()]);
    assert.strictEqual(key.provider?.split("::").pop(), "security");
  });

  it("creates the trail after the bucket policy, the key policy and the Organization", () => {
    const trail = single(resources, "aws:cloudtrail/trail:Trail");
    const policy = ofType(resources, "aws:s3/bucketPolicy:BucketPolicy").find(
      (p) => p.name === "log-archive-logs-policy",
    )!;
    for (const before of [
      policy,
      single(resources, "aws:kms/key:Key"),
      single(resources, "aws:organizations/organization:Organization"),
    ]) {
      assert.ok(trail.dependencies.includes(before.urn), `the trail waits for ${before.name}`);
    }
  });

  it("locks, encrypts, transitions and expires the logs, and logs access to a second bucket", () => {
    assert.strictEqual(inputs(archive()).objectLockEnabled, true);
    const lock = single(resources, "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration");
    assert.deepStrictEqual(inputs(lock).rule, { defaultRetention: { mode: "COMPLIANCE", days: 400 } });
    const lifecycle = ofType(
      resources,
      "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    ).find((l) => l.name === "log-archive-logs-lifecycle")!;
    const rule = (inputs(lifecycle).rules as Array<Record<string, unknown>>)[0];
    assert.deepStrictEqual(rule.expiration, { days: 400 });
    assert.deepStrictEqual(rule.transitions, [{ days: 90, storageClass: "GLACIER_IR" }]);
    const logging = single(resources, "aws:s3/bucketLogging:BucketLogging");
    assert.deepStrictEqual(
      propertyDeps(resources, logging, "targetBucket").map((b) => b.name),
      ["log-archive-access-logs"],
    );
    const accessLogs = ofType(resources, "aws:s3/bucket:Bucket").find(
      (b) => b.name === "log-archive-access-logs",
    )!;
    assert.strictEqual(inputs(accessLogs).objectLockEnabled, undefined, "only the archive is locked");
  });

  it("lets only the organization trail write, under the management account's and the Organization's prefixes", () => {
    const policy = ofType(resources, "aws:s3/bucketPolicy:BucketPolicy").find(
      (p) => p.name === "log-archive-logs-policy",
    )!;
    const doc = jsonInput<Doc>(policy, "policy");
    const bucket = (doc.Statement.find((x) => x.Sid === "CloudTrailAclCheck")?.Resource ?? "") as string;
    assert.deepStrictEqual(propertyDeps(resources, policy, "policy"), [archive()], "the archive's own ARN");
    const write = (prefix: string, sourceArn: string): string =>
      decideResource(
        doc,
        { service: "cloudtrail.amazonaws.com" },
        {
          action: "s3:PutObject",
          resource: `${bucket}/AWSLogs/${prefix}/CloudTrail/x.json.gz`,
          context: {
            "aws:SourceArn": sourceArn,
            "s3:x-amz-acl": "bucket-owner-full-control",
            "aws:SecureTransport": true,
          },
        },
      );
    assert.strictEqual(write(MANAGEMENT, TRAIL), "allow");
    assert.strictEqual(write(`${ORG}/333333333333`, TRAIL), "allow");
    assert.strictEqual(write("333333333333", TRAIL), "implicit-deny", "no other prefix");
    assert.strictEqual(
      write(MANAGEMENT, `arn:aws:cloudtrail:eu-west-1:${MANAGEMENT}:trail/other`),
      "implicit-deny",
    );

    const read = (arn: string): string =>
      decideResource(
        doc,
        { arn },
        {
          action: "s3:GetObject",
          resource: `${bucket}/AWSLogs/${MANAGEMENT}/x`,
          context: { "aws:PrincipalArn": arn, "aws:SecureTransport": true },
        },
      );
    assert.strictEqual(read(AUDITOR), "allow");
    assert.strictEqual(
      read(`arn:aws:iam::${SECURITY}:role/admin`),
      "deny",
      "every other principal is denied",
    );
  });

  it("lets CloudTrail use the key for the organization trail only, and the readers decrypt through S3", () => {
    const doc = jsonInput<Doc>(single(resources, "aws:kms/key:Key"), "policy");
    const encrypt = (sourceArn: string, context: string): string =>
      decideResource(
        doc,
        { service: "cloudtrail.amazonaws.com" },
        {
          action: "kms:GenerateDataKey",
          resource: "*",
          context: { "aws:SourceArn": sourceArn, "kms:EncryptionContext:aws:cloudtrail:arn": context },
        },
      );
    assert.strictEqual(encrypt(TRAIL, TRAIL), "allow");
    assert.strictEqual(encrypt(`arn:aws:cloudtrail:eu-west-1:333333333333:trail/x`, TRAIL), "implicit-deny");
    assert.strictEqual(encrypt(TRAIL, `arn:aws:cloudtrail:eu-west-1:333333333333:trail/x`), "implicit-deny");
    const decrypt = (arn: string, via: string): string =>
      decideResource(
        doc,
        { arn },
        {
          action: "kms:Decrypt",
          resource: "*",
          context: { "aws:PrincipalArn": arn, "kms:ViaService": via },
        },
      );
    const auditor = AUDITOR;
    assert.strictEqual(decrypt(auditor, "s3.eu-west-1.amazonaws.com"), "allow");
    assert.strictEqual(decrypt(auditor, "sqs.eu-west-1.amazonaws.com"), "implicit-deny");
    assert.strictEqual(
      decrypt("arn:aws:iam::333333333333:role/x", "s3.eu-west-1.amazonaws.com"),
      "implicit-deny",
    );
  });

  it("passes AWS's API rules", () => {
    assert.deepStrictEqual(checkApiRules(resources), []);
  });

  it("refuses a transition that does not come before the retention", async () => {
    await assert.rejects(
      run({ transitions: [{ days: 400, storageClass: "GLACIER" }] }),
      /log archive log-archive: transitions after 400 days do not come before the retention of 400 days/,
    );
  });
});
