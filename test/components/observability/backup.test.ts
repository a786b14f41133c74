import * as assert from "assert";

import {
  BACKUP_PARTNER_REGIONS,
  BACKUP_ROLE_POLICIES,
  backupCopyRegionFor,
  BackupPlan,
  BackupPlanArgs,
  dailyBackupRule,
  failedJobPattern,
  vaultLockSettings,
} from "../../../components/observability/backup";
import { KNOWN_REGIONS } from "../../../stacks/config/regions";
import { evaluateRequest } from "../../../tools/engine/iamEvaluator";
import { RecordedResource } from "../../../tools/engine/mockEngine";
import { statements } from "../../helpers/edge";
import { byUrn, inputs, jsonInput, ofType, runComponent, single } from "../../helpers/graph";
import { assertClean, evaluateProgram } from "../../helpers/policies";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/env";
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:alerts";
const DB = "arn:aws:rds:eu-west-1:123456789012:db:platform-prod-postgres";
const BUCKET = "arn:aws:s3:::files-bucket";

const ARGS: BackupPlanArgs = {
  baseName: "platform-prod",
  accountId: "123456789012",
  kmsKeyArn: KEY,
  retentionDays: 35,
  vaultLock: "compliance",
  copyRegion: "eu-central-1",
  resources: [DB, BUCKET],
  alertTopicArn: TOPIC,
  protect: true,
};

async function backup(args: Partial<BackupPlanArgs> = {}): Promise<RecordedResource[]> {
  return (await runComponent(() => new BackupPlan("backup", { ...ARGS, ...args }))).resources;
}

describe("backup helpers", () => {
  it("lock vaults for at least the retention; compliance mode after the shortest grace AWS allows", () => {
    assert.strictEqual(vaultLockSettings("none", 35), undefined);
    assert.deepStrictEqual(vaultLockSettings("governance", 14), { minRetentionDays: 14 });
    assert.deepStrictEqual(vaultLockSettings("compliance", 35), {
      minRetentionDays: 35,
      changeableForDays: 3,
    });
  });

  it("back up daily, keep copies as long as the originals, and refuse retentions AWS refuses", () => {
    const rule = dailyBackupRule({ vaultName: "v", retentionDays: 7, copyVaultArn: "arn:copy" });
    assert.strictEqual(rule.schedule, "cron(0 5 ? * * *)");
    assert.deepStrictEqual(rule.lifecycle, { deleteAfter: 7 });
    assert.deepStrictEqual(rule.copyActions, [
      { destinationVaultArn: "arn:copy", lifecycle: { deleteAfter: 7 } },
    ]);
    assert.deepStrictEqual(dailyBackupRule({ vaultName: "v", retentionDays: 7 }).copyActions, []);
    assert.ok((rule.completionWindow as number) > (rule.startWindow as number) + 60);
    assert.throws(
      () => dailyBackupRule({ vaultName: "v", retentionDays: 0 }),
      /backup retention is 1..36500 days; got 0/,
    );
  });

  it("default the copy to a partner region in the same jurisdiction, never the region itself", () => {
    assert.strictEqual(backupCopyRegionFor("eu-west-1"), "eu-central-1");
    assert.strictEqual(backupCopyRegionFor("eu-west-1", "eu-north-1"), "eu-north-1");
    assert.strictEqual(backupCopyRegionFor("eu-west-2"), undefined, "the UK has no second region");
    for (const [from, to] of Object.entries(BACKUP_PARTNER_REGIONS)) {
      assert.ok(KNOWN_REGIONS.includes(from) && KNOWN_REGIONS.includes(to), `${from} -> ${to}`);
      assert.notStrictEqual(from, to);
      assert.strictEqual(from.split("-")[0], to.split("-")[0], `${from} -> ${to} leaves the jurisdiction`);
    }
  });

  it("match failed, aborted and expired backup, copy and restore jobs", () => {
    const pattern = failedJobPattern() as {
      source: string[];
      "detail-type": string[];
      detail: { $or: unknown[] };
    };
    assert.deepStrictEqual(pattern.source, ["aws.backup"]);
    assert.deepStrictEqual(pattern["detail-type"], [
      "Backup Job State Change",
      "Copy Job State Change",
      "Restore Job State Change",
    ]);
    const states = ["FAILED", "ABORTED", "EXPIRED"];
    assert.deepStrictEqual(pattern.detail.$or, [{ state: states }, { status: states }]);
  });
});

describe("BackupPlan", () => {
  it("keeps recovery points in a vault under the environment key, locked in compliance mode", async () => {
    const resources = await backup();
    const vaults = ofType(resources, "aws:backup/vault:Vault");
    const vault = vaults.find((v) => v.name === "backup-vault")!;
    assert.strictEqual(inputs(vault).kmsKeyArn, KEY);
    assert.strictEqual(inputs(vault).forceDestroy, false);
    assert.ok(vault.protect);
    const locks = ofType(resources, "aws:backup/vaultLockConfiguration:VaultLockConfiguration");
    assert.deepStrictEqual(
      locks.map((l) => [l.name, inputs(l).minRetentionDays, inputs(l).changeableForDays]),
      [
        ["backup-vault-lock", 35, 3],
        ["backup-copy-vault-lock", 35, 3],
      ],
    );
    assert.deepStrictEqual(locks[0].propertyDependencies.backupVaultName, [vault.urn]);
    for (const l of locks) {
      assert.deepStrictEqual(
        l.ignoreChanges,
        ["changeableForDays"],
        "AWS never reports the grace period back",
      );
    }
  });

  it("copies every recovery point to a vault in the second region, under a rotating key of that region", async () => {
    const resources = await backup();
    const urns = byUrn(resources);
    const key = single(resources, "aws:kms/key:Key");
    assert.deepStrictEqual(
      [inputs(key).region, inputs(key).enableKeyRotation, inputs(key).deletionWindowInDays, key.protect],
      ["eu-central-1", true, 30, true],
    );
    const keyPolicy = statements(key, "policy");
    assert.deepStrictEqual(keyPolicy[1].Condition?.StringEquals, {
      "kms:CallerAccount": "123456789012",
      "kms:ViaService": [
        "backup.eu-central-1.amazonaws.com",
        "rds.eu-central-1.amazonaws.com",
        "s3.eu-central-1.amazonaws.com",
        "dynamodb.eu-central-1.amazonaws.com",
      ],
    });
    const alias = single(resources, "aws:kms/alias:Alias");
    assert.deepStrictEqual(
      [inputs(alias).name, inputs(alias).region],
      ["alias/platform-prod-backup-copy", "eu-central-1"],
    );
    const copyVault = ofType(resources, "aws:backup/vault:Vault").find(
      (v) => v.name === "backup-copy-vault",
    )!;
    assert.strictEqual(inputs(copyVault).region, "eu-central-1");
    assert.deepStrictEqual(copyVault.propertyDependencies.kmsKeyArn, [key.urn]);
    assert.ok(copyVault.protect);
    const plan = single(resources, "aws:backup/plan:Plan");
    const [rule] = inputs(plan).rules as Array<{ copyActions: Array<{ destinationVaultArn: string }> }>;
    assert.strictEqual(rule.copyActions.length, 1);
    assert.ok(plan.propertyDependencies.rules.includes(copyVault.urn));
    assert.strictEqual(urns.get(plan.propertyDependencies.rules[0])?.type, "aws:backup/vault:Vault");
  });

  it("selects the given stores with a role that may back up and restore them, attached before the first job", async () => {
    const resources = await backup();
    const selection = single(resources, "aws:backup/selection:Selection");
    assert.deepStrictEqual(inputs(selection).resources, [DB, BUCKET]);
    const role = single(resources, "aws:iam/role:Role");
    assert.deepStrictEqual(selection.propertyDependencies.iamRoleArn, [role.urn]);
    const trust = statements(role, "assumeRolePolicy");
    assert.deepStrictEqual(trust[0].Principal, { Service: "backup.amazonaws.com" });
    // AWS Backup is not documented to send aws:SourceAccount when it assumes the role: the trust holds
    // without it, and still refuses another account's request that carries it.
    const trustDoc = { Statement: trust };
    const assume = (context: Record<string, string>) =>
      evaluateRequest({
        principal: "backup.amazonaws.com",
        action: "sts:AssumeRole",
        resource: "arn:aws:iam::123456789012:role/backup",
        resourceAccount: "123456789012",
        context,
        resourcePolicy: { name: "trust", document: trustDoc },
      });
    assert.strictEqual((await assume({})).allowed, true, "without aws:SourceAccount");
    assert.strictEqual((await assume({ "aws:SourceAccount": "123456789012" })).allowed, true);
    assert.strictEqual((await assume({ "aws:SourceAccount": "999999999999" })).allowed, false);
    const attachments = ofType(resources, "aws:iam/rolePolicyAttachment:RolePolicyAttachment");
    assert.deepStrictEqual(
      attachments.map((a) => inputs(a).policyArn).sort(),
      [...BACKUP_ROLE_POLICIES].sort(),
    );
    for (const a of attachments) {
      assert.ok(selection.dependencies.includes(a.urn), `${a.name} before the selection`);
    }
  });

  it("sends failed jobs to the alert topic, and an alert it cannot deliver to an alarmed dead-letter queue", async () => {
    const resources = await backup();
    const rule = single(resources, "aws:cloudwatch/eventRule:EventRule");
    assert.deepStrictEqual(jsonInput(rule, "eventPattern"), failedJobPattern());
    const target = single(resources, "aws:cloudwatch/eventTarget:EventTarget");
    assert.strictEqual(inputs(target).arn, TOPIC);
    const dlq = ofType(resources, "aws:sqs/queue:Queue");
    assert.strictEqual(dlq.length, 1, "one queue: the dead-letter queue itself");
    assert.ok((target.propertyDependencies.deadLetterConfig ?? []).includes(dlq[0].urn));
    const alarm = ofType(resources, "aws:cloudwatch/metricAlarm:MetricAlarm").find(
      (a) => inputs(a).metricName === "ApproximateNumberOfMessagesVisible",
    );
    assert.deepStrictEqual(inputs(alarm!).alarmActions, [TOPIC]);
  });

  it("without a copy region or lock: one vault, no key, no copy, no lock", async () => {
    const resources = await backup({ copyRegion: undefined, vaultLock: "none", protect: false });
    assert.strictEqual(ofType(resources, "aws:backup/vault:Vault").length, 1);
    assert.strictEqual(ofType(resources, "aws:kms/key:Key").length, 0);
    assert.strictEqual(
      ofType(resources, "aws:backup/vaultLockConfiguration:VaultLockConfiguration").length,
      0,
    );
    const [rule] = inputs(single(resources, "aws:backup/plan:Plan")).rules as Array<{
      copyActions: unknown[];
    }>;
    assert.deepStrictEqual(rule.copyActions, []);
    assert.ok(!single(resources, "aws:backup/vault:Vault").protect);
  });

  it("refuses a plan with nothing to back up", async () => {
    await assert.rejects(backup({ resources: [] }), /BackupPlan needs at least one resource to back up/);
  });

  it("passes the policy pack: both vaults are encrypted with keys of the stack", async () => {
    const diagnostics = await evaluateProgram(() => new BackupPlan("backup", ARGS), { preview: true });
    assertClean(diagnostics, "backup-vault-encrypted", "backup-copy-vault");
    assertClean(diagnostics, "backup-vault-encrypted", "backup-vault");
    assertClean(diagnostics, "kms-key-rotation", "backup-copy-key");
  });
});
