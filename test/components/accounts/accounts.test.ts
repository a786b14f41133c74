import * as aws from "@pulumi/aws";
import * as assert from "assert";

import { EnvironmentKey } from "../../../components/accounts/environmentKey";
import { MemberAccount } from "../../../components/accounts/memberAccount";
import { SecurityBaseline } from "../../../components/accounts/securityBaseline";
import { EXEC_KEY_TAG } from "../../../components/shared/tags";
import { evaluateRequest, NamedPolicy } from "../../../tools/engine/iamEvaluator";
import { inputs, jsonInput, ofType, runComponent, single } from "../../helpers/graph";

const TAGS = {
  project: "platform",
  environment: "dev",
  owner: "team",
  "cost-centre": "CC-1",
  "managed-by": "pulumi",
};

describe("MemberAccount", () => {
  it("creates a protected account in the OU and a provider that assumes its access role", async () => {
    const { resources } = await runComponent(() => {
      const management = new aws.Provider("management", { region: "eu-west-1" });
      new MemberAccount(
        "account",
        {
          account: {
            mode: "create",
            email: "aws-dev@example.com",
            name: "platform-dev",
            organizationalUnitId: "ou-ab12-abcdefgh",
            accessRole: "OrgAccess",
          },
          region: "eu-west-1",
          defaultTags: TAGS,
          sessionName: "pulumi-platform-dev",
        },
        { providers: [management] },
      );
    });
    const account = single(resources, "aws:organizations/account:Account");
    assert.deepStrictEqual(
      {
        email: inputs(account).email,
        parentId: inputs(account).parentId,
        roleName: inputs(account).roleName,
        close: inputs(account).closeOnDeletion,
      },
      { email: "aws-dev@example.com", parentId: "ou-ab12-abcdefgh", roleName: "OrgAccess", close: false },
    );
    assert.strictEqual(account.protect, true);
    assert.strictEqual(account.retainOnDelete, true);
    assert.match(
      account.provider ?? "",
      /pulumi:providers:aws::management$/,
      "the account is created through the management provider",
    );

    const member = ofType(resources, "pulumi:providers:aws").find((p) => p.name === "account-provider")!;
    const roles = jsonInput<Array<{ roleArn: string; sessionName: string }>>(member, "assumeRoles");
    assert.strictEqual(roles.length, 1);
    assert.strictEqual(roles[0].sessionName, "pulumi-platform-dev");
    assert.match(roles[0].roleArn, /^arn:aws:iam::[^:]+:role\/OrgAccess$/);
    assert.deepStrictEqual(
      member.propertyDependencies.assumeRoles,
      [account.urn],
      "the role ARN is the new account's",
    );
    assert.deepStrictEqual(jsonInput(member, "defaultTags"), { tags: TAGS });
    assert.deepStrictEqual(jsonInput<string[]>(member, "allowedAccountIds").length, 1);
  });

  it("adopts an existing account without creating one", async () => {
    const { resources } = await runComponent(() => {
      new MemberAccount("account", {
        account: {
          mode: "adopt",
          id: "210987654321",
          organizationalUnitId: "ou-ab12-prodwork",
          accessRole: "OrganizationAccountAccessRole",
        },
        region: "eu-west-1",
        defaultTags: TAGS,
        sessionName: "s",
      });
    });
    assert.strictEqual(ofType(resources, "aws:organizations/account:Account").length, 0);
    const member = single(resources, "pulumi:providers:aws");
    assert.deepStrictEqual(jsonInput(member, "assumeRoles"), [
      { roleArn: "arn:aws:iam::210987654321:role/OrganizationAccountAccessRole", sessionName: "s" },
    ]);
    assert.deepStrictEqual(jsonInput(member, "allowedAccountIds"), ["210987654321"]);
    assert.strictEqual(inputs(member).region, "eu-west-1");
  });
});

describe("EnvironmentKey", () => {
  it("carries the exec tag (on-call's permission set reads it) only when it encrypts ECS Exec sessions", async () => {
    const tagsOf = async (execSessions: boolean | undefined): Promise<unknown> => {
      const { resources } = await runComponent(() => {
        new EnvironmentKey("key", {
          accountId: "123456789012",
          region: "eu-west-1",
          alias: "x",
          execSessions,
        });
      });
      return inputs(single(resources, "aws:kms/key:Key")).tags;
    };
    assert.deepStrictEqual(await tagsOf(true), { [EXEC_KEY_TAG]: "true" });
    assert.strictEqual(await tagsOf(false), undefined);
    assert.strictEqual(await tagsOf(undefined), undefined);
  });

  it("rotates, is protected, and lets only the account and its services use it", async () => {
    const { resources } = await runComponent(() => {
      new EnvironmentKey("key", {
        accountId: "123456789012",
        region: "eu-west-1",
        alias: "platform-dev",
        deletionWindowInDays: 7,
        protect: true,
      });
    });
    const key = single(resources, "aws:kms/key:Key");
    assert.strictEqual(inputs(key).enableKeyRotation, true);
    assert.strictEqual(inputs(key).deletionWindowInDays, 7);
    assert.strictEqual(key.protect, true);
    const policy = jsonInput<{
      Statement: Array<{
        Sid: string;
        Principal: Record<string, unknown>;
        Condition?: Record<string, Record<string, unknown>>;
      }>;
    }>(key, "policy");
    const sids = policy.Statement.map((s) => s.Sid);
    assert.ok(
      sids.includes("EnableIamPolicies") &&
        sids.includes("AllowCloudWatchLogs") &&
        sids.includes("AllowUseThroughAwsServices"),
    );
    const anyone = policy.Statement.filter((s) => s.Principal.AWS === "*");
    for (const s of anyone) {
      assert.strictEqual(
        s.Condition?.StringEquals["kms:CallerAccount"],
        "123456789012",
        `${s.Sid} is limited to the account`,
      );
      assert.ok(
        Array.isArray(s.Condition?.StringEquals["kms:ViaService"]),
        `${s.Sid} is limited to AWS services`,
      );
    }
    assert.strictEqual(inputs(single(resources, "aws:kms/alias:Alias")).name, "alias/platform-dev");
  });
});

describe("the environment key's policy, evaluated", () => {
  const account = "123456789012";
  const key = `arn:aws:kms:eu-west-1:${account}:key/0123`;
  const policy = async (): Promise<NamedPolicy> => {
    const { resources } = await runComponent(() => {
      new EnvironmentKey("key", {
        accountId: account,
        region: "eu-west-1",
        alias: "platform-dev",
        deletionWindowInDays: 7,
      });
    });
    return { name: "key policy", document: jsonInput(single(resources, "aws:kms/key:Key"), "policy") };
  };
  const as = async (principal: string, action: string, context: Record<string, string>) =>
    (
      await evaluateRequest({
        principal,
        action,
        resource: key,
        resourceAccount: account,
        context,
        resourcePolicy: await policy(),
      })
    ).allowed;

  it("lets EventBridge and CloudWatch deliver to encrypted topics and queues without source keys (they send none)", async () => {
    for (const service of ["events.amazonaws.com", "cloudwatch.amazonaws.com"]) {
      for (const action of ["kms:GenerateDataKey", "kms:Decrypt"]) {
        assert.ok(await as(service, action, {}), `${service} ${action}`);
      }
    }
  });

  it("lets EventBridge re-encrypt an archive of the account's buses, and only in a bus's encryption context", async () => {
    const bus = `arn:aws:events:eu-west-1:${account}:event-bus/platform-dev`;
    const context = { "kms:EncryptionContext:aws:events:event-bus:arn": bus };
    assert.ok(await as("events.amazonaws.com", "kms:ReEncryptFrom", context));
    assert.ok(await as("events.amazonaws.com", "kms:ReEncryptTo", context));
    assert.ok(!(await as("events.amazonaws.com", "kms:ReEncryptFrom", {})));
    const other = {
      "kms:EncryptionContext:aws:events:event-bus:arn": "arn:aws:events:eu-west-1:999999999999:event-bus/x",
    };
    assert.ok(!(await as("events.amazonaws.com", "kms:ReEncryptTo", other)));
  });
});

describe("SecurityBaseline", () => {
  it("sets up the account-level controls", async () => {
    const kmsKeyArn = "arn:aws:kms:eu-west-1:123456789012:key/env";
    const { resources } = await runComponent(() => {
      new SecurityBaseline("baseline", {
        baseName: "platform-dev",
        accountId: "123456789012",
        region: "eu-west-1",
        kmsKeyArn,
        trailRetentionDays: 365,
        logRetentionDays: 30,
        budgetMonthlyUsd: 1500,
        alertEmails: ["ops@example.com"],
        protect: true,
      });
    });
    const password = inputs(single(resources, "aws:iam/accountPasswordPolicy:AccountPasswordPolicy"));
    assert.ok((password.minimumPasswordLength as number) >= 14);
    const block = inputs(single(resources, "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock"));
    assert.deepStrictEqual(
      [block.blockPublicAcls, block.blockPublicPolicy, block.ignorePublicAcls, block.restrictPublicBuckets],
      [true, true, true, true],
    );
    assert.strictEqual(
      inputs(single(resources, "aws:ebs/encryptionByDefault:EncryptionByDefault")).enabled,
      true,
    );
    assert.strictEqual(inputs(single(resources, "aws:ebs/defaultKmsKey:DefaultKmsKey")).keyArn, kmsKeyArn);
    assert.strictEqual(inputs(single(resources, "aws:guardduty/detector:Detector")).enable, true);
    assert.strictEqual(inputs(single(resources, "aws:accessanalyzer/analyzer:Analyzer")).type, "ACCOUNT");

    const trail = single(resources, "aws:cloudtrail/trail:Trail");
    const t = inputs(trail);
    assert.deepStrictEqual(
      [t.isMultiRegionTrail, t.enableLogFileValidation, t.kmsKeyId],
      [true, true, kmsKeyArn],
    );
    const bucketPolicy = single(resources, "aws:s3/bucketPolicy:BucketPolicy");
    assert.ok(trail.dependencies.includes(bucketPolicy.urn), "the trail waits for its bucket policy");
    // Every region's events also reach a log group of this region, where the security alarms watch them.
    const logs = single(resources, "aws:cloudwatch/logGroup:LogGroup");
    assert.deepStrictEqual([inputs(logs).retentionInDays, inputs(logs).kmsKeyId], [30, kmsKeyArn]);
    assert.match(
      String(t.cloudWatchLogsGroupArn),
      /^arn:aws:logs:.*:log-group:baseline-trail-logs-[0-9a-f]{7}:\*$/,
    );
    const logsPolicy = ofType(resources, "aws:iam/rolePolicy:RolePolicy").find(
      (p) => p.name === "baseline-trail-logs",
    )!;
    assert.ok(trail.dependencies.includes(logsPolicy.urn), "the trail waits for its role's permission");
    const statements = jsonInput<{ Statement: Array<{ Sid: string; Effect: string; Condition?: unknown }> }>(
      bucketPolicy,
      "policy",
    ).Statement;
    assert.deepStrictEqual(
      statements.map((s) => s.Sid),
      ["DenyInsecureTransport", "CloudTrailAclCheck", "CloudTrailWrite"],
    );
    const bucket = single(resources, "aws:s3/bucket:Bucket");
    assert.strictEqual(bucket.protect, true);
    const sse = inputs(
      single(
        resources,
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      ),
    );
    assert.deepStrictEqual(sse.rules, [
      {
        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: kmsKeyArn },
        bucketKeyEnabled: true,
      },
    ]);

    const budget = inputs(single(resources, "aws:budgets/budget:Budget"));
    assert.deepStrictEqual([budget.limitAmount, budget.timeUnit], ["1500.00", "MONTHLY"]);
    assert.deepStrictEqual(
      (budget.notifications as Array<{ subscriberEmailAddresses: string[] }>).map(
        (n) => n.subscriberEmailAddresses,
      ),
      [["ops@example.com"], ["ops@example.com"]],
    );
  });
});
