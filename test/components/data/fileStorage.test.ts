import * as assert from "assert";

import {
  FileStorage,
  fileStorageStatements,
  serverAccessLogsStatement,
} from "../../../components/data/fileStorage";
import { secretReadStatements } from "../../../components/shared/policies";
import { inputs, jsonInput, runComponent, single } from "../../helpers/graph";
import { KEY, valueOf } from "./values";

type Inputs = Record<string, unknown>;

describe("FileStorage", () => {
  it("is a versioned SSE-KMS bucket with a bucket key, no public access, TLS only, old versions expired, access logged", async () => {
    const { resources: rs } = await runComponent(
      () =>
        new FileStorage("files", {
          kmsKeyArn: KEY,
          accessLogBucket: "logs-bucket",
          noncurrentVersionDays: 365,
          protect: true,
        }),
    );
    const rule = (
      inputs(
        single(rs, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"),
      ).rules as Inputs[]
    )[0];
    assert.deepStrictEqual(rule, {
      applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY },
      bucketKeyEnabled: true,
    });
    assert.deepStrictEqual(
      inputs(single(rs, "aws:s3/bucketVersioning:BucketVersioning")).versioningConfiguration,
      {
        status: "Enabled",
      },
    );
    const block = inputs(single(rs, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"));
    assert.deepStrictEqual(
      [block.blockPublicAcls, block.blockPublicPolicy, block.ignorePublicAcls, block.restrictPublicBuckets],
      [true, true, true, true],
    );
    const lifecycle = (
      inputs(single(rs, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")).rules as Inputs[]
    )[0];
    assert.deepStrictEqual(lifecycle.noncurrentVersionExpiration, { noncurrentDays: 365 });
    const logging = inputs(single(rs, "aws:s3/bucketLogging:BucketLogging"));
    assert.deepStrictEqual([logging.targetBucket, logging.targetPrefix], ["logs-bucket", "files/"]);
    const policy = jsonInput<{ Statement: Array<{ Sid: string; Effect: string }> }>(
      single(rs, "aws:s3/bucketPolicy:BucketPolicy"),
      "policy",
    );
    assert.deepStrictEqual(
      policy.Statement.map((s) => [s.Sid, s.Effect]),
      [["DenyInsecureTransport", "Deny"]],
    );
    assert.strictEqual(single(rs, "aws:s3/bucket:Bucket").protect, true);
  });
});

describe("data grant helpers", () => {
  it("give a service read-write access to a prefix, with the key through S3 only", async () => {
    const statements = fileStorageStatements({
      bucketArn: "arn:aws:s3:::files",
      kmsKeyArn: KEY,
      region: "eu-west-1",
      prefix: "uploads/",
    });
    assert.deepStrictEqual(
      statements.map((s) => s.Sid),
      ["ListFiles", "ReadWriteFiles", "UseFileStorageKey"],
    );
    assert.deepStrictEqual(statements[0].Condition, { StringLike: { "s3:prefix": "uploads/*" } });
    assert.strictEqual(await valueOf(statements[1].Resource as string), "arn:aws:s3:::files/uploads/*");
    assert.ok((statements[1].Action as string[]).includes("s3:PutObject"));
    assert.deepStrictEqual(statements[2].Condition, {
      StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" },
    });
    const read = fileStorageStatements({
      bucketArn: "arn:aws:s3:::files",
      kmsKeyArn: KEY,
      region: "eu-west-1",
      readOnly: true,
    });
    assert.deepStrictEqual(read[1].Action, ["s3:GetObject", "s3:GetObjectVersion"]);
    assert.deepStrictEqual(read[2].Action, ["kms:Decrypt"]);
    assert.strictEqual(read[0].Condition, undefined);
  });

  it("let S3 deliver server access logs from this account only", async () => {
    const s = serverAccessLogsStatement("arn:aws:s3:::logs", "123456789012");
    assert.deepStrictEqual(s.Principal, { Service: "logging.s3.amazonaws.com" });
    assert.deepStrictEqual(s.Condition, { StringEquals: { "aws:SourceAccount": "123456789012" } });
    assert.strictEqual(await valueOf(s.Resource as string), "arn:aws:s3:::logs/*");
  });

  it("read a store's secret and decrypt it through Secrets Manager only", () => {
    const [read, decrypt] = secretReadStatements("arn:secret", KEY, "eu-west-1");
    assert.deepStrictEqual(read.Action, ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]);
    assert.strictEqual(read.Resource, "arn:secret");
    assert.deepStrictEqual(decrypt.Condition, {
      StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" },
    });
  });
});
