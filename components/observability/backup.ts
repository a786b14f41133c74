/**
 * AWS Backup for the environment's stateful stores: a daily plan into a vault encrypted with the
 * environment key, a vault lock where the tier asks for one, and a copy of every recovery point into a
 * vault in a second region (encrypted by a key of that region) where the tier asks for one. Failed backup,
 * copy and restore jobs are sent to the alert topic.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { administerThroughIam, useThroughServices } from "../accounts/keyPolicy";
import { DEAD_LETTER_RETENTION_SECONDS, Queue } from "../messaging/queue";
import { AlarmThresholds } from "../shared/alarms";
import { physicalName } from "../shared/naming";
import { policyJson, Statement } from "../shared/policies";

/** `none`; `governance` (privileged principals may still remove it); `compliance` (immutable once set). */
export const BACKUP_VAULT_LOCK_MODES = ["none", "governance", "compliance"] as const;
export type BackupVaultLockMode = (typeof BACKUP_VAULT_LOCK_MODES)[number];

/**
 * Days a compliance-mode lock can still be changed or removed after it is set. AWS enforces a 72-hour
 * cooling-off period, so 3 is the least it accepts.
 */
export const COMPLIANCE_GRACE_DAYS = 3;
/**
 * The region backups are copied to when a stack names none: a partner region in the same jurisdiction
 * (the same country, or the EU), so that the copy does not move data across a border. Regions without one
 * must name theirs.
 */
export const BACKUP_PARTNER_REGIONS: Readonly<Record<string, string>> = {
  "us-east-1": "us-west-2",
  "us-east-2": "us-west-2",
  "us-west-1": "us-west-2",
  "us-west-2": "us-east-1",
  "ca-central-1": "ca-west-1",
  "ca-west-1": "ca-central-1",
  "eu-west-1": "eu-central-1",
  "eu-west-3": "eu-central-1",
  "eu-central-1": "eu-west-1",
  "eu-north-1": "eu-central-1",
  "eu-south-1": "eu-central-1",
  "eu-south-2": "eu-west-3",
  "ap-northeast-1": "ap-northeast-3",
  "ap-northeast-3": "ap-northeast-1",
  "ap-south-1": "ap-south-2",
  "ap-south-2": "ap-south-1",
  "ap-southeast-2": "ap-southeast-4",
  "ap-southeast-4": "ap-southeast-2",
};

/** Where copies go: the stack's choice, else the partner of its region (undefined when there is none). */
export function backupCopyRegionFor(region: string, chosen?: string): string | undefined {
  return chosen ?? BACKUP_PARTNER_REGIONS[region];
}

/** Retention AWS Backup accepts for a recovery point, in days (the plan's `deleteAfter`). */
export const BACKUP_RETENTION_DAYS = { min: 1, max: 36500 } as const;

/**
 * Daily at 05:00 UTC (with up to an hour to start): well clear of the Postgres instance's own backup
 * window (01:00-02:00 UTC), during which RDS refuses another snapshot, and of its maintenance window
 * (Sundays 03:00-04:00 UTC).
 */
export const BACKUP_SCHEDULE = "cron(0 5 ? * * *)";
/** Minutes a job may wait to start, and to finish once started (AWS: start >= 60, completion > start). */
export const BACKUP_START_WINDOW_MINUTES = 60;
export const BACKUP_COMPLETION_WINDOW_MINUTES = 480;

/** Managed policies of the role AWS Backup assumes: back up and restore RDS, DynamoDB and S3. */
export const BACKUP_ROLE_POLICIES = [
  "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
  "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
  "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
  "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
] as const;

/** States of backup, copy and restore jobs that need a person (backup and copy jobs report `state`, restore jobs `status`). */
export const FAILED_JOB_STATES = ["FAILED", "ABORTED", "EXPIRED"] as const;

/** The lock of a vault, or undefined for `none`: recovery points cannot be deleted before the plan's retention. */
export function vaultLockSettings(
  mode: BackupVaultLockMode,
  retentionDays: number,
): { minRetentionDays: number; changeableForDays?: number } | undefined {
  if (mode === "none") {
    return undefined;
  }
  return mode === "compliance"
    ? { minRetentionDays: retentionDays, changeableForDays: COMPLIANCE_GRACE_DAYS }
    : { minRetentionDays: retentionDays };
}

/** The daily rule: into the vault, kept `retentionDays`, and copied (kept as long) when a copy vault is given. */
export function dailyBackupRule(args: {
  vaultName: pulumi.Input<string>;
  retentionDays: number;
  copyVaultArn?: pulumi.Input<string>;
}): aws.types.input.backup.PlanRule {
  const { min, max } = BACKUP_RETENTION_DAYS;
  if (!Number.isInteger(args.retentionDays) || args.retentionDays < min || args.retentionDays > max) {
    throw new Error(`backup retention is ${min}..${max} days; got ${args.retentionDays}`);
  }
  const lifecycle = { deleteAfter: args.retentionDays };
  return {
    ruleName: "daily",
    targetVaultName: args.vaultName,
    schedule: BACKUP_SCHEDULE,
    scheduleExpressionTimezone: "Etc/UTC",
    startWindow: BACKUP_START_WINDOW_MINUTES,
    completionWindow: BACKUP_COMPLETION_WINDOW_MINUTES,
    lifecycle,
    recoveryPointTags: { "backup-rule": "daily" },
    copyActions:
      args.copyVaultArn === undefined ? [] : [{ destinationVaultArn: args.copyVaultArn, lifecycle }],
  };
}

/**
 * Policy of the key that encrypts the copies in the second region: the account administers it through
 * IAM, and its principals use it only through AWS Backup and the services whose backups it copies, in
 * that region.
 */
export function copyKeyPolicy(accountId: pulumi.Input<string>, region: string): Statement[] {
  return [
    administerThroughIam(accountId),
    useThroughServices("AllowUseThroughBackup", accountId, region, ["backup", "rds", "s3", "dynamodb"]),
  ];
}

/**
 * The trust of the role AWS Backup assumes. AWS documents this trust without a condition and does not
 * document AWS Backup as sending aws:SourceAccount when it assumes the role
 * (https://docs.aws.amazon.com/aws-backup/latest/devguide/iam-service-roles.html): a plain StringEquals on
 * it would never hold and every job would fail. IfExists still refuses another account's request that
 * does carry the key.
 */
export function backupTrust(accountId: pulumi.Input<string>): Statement[] {
  return [
    {
      Sid: "AwsBackup",
      Effect: "Allow",
      Principal: { Service: "backup.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: { StringEqualsIfExists: { "aws:SourceAccount": accountId } },
    },
  ];
}

/** EventBridge pattern of backup, copy and restore jobs that failed, were aborted or expired unstarted. */
export function failedJobPattern(): Record<string, unknown> {
  const states = [...FAILED_JOB_STATES];
  return {
    source: ["aws.backup"],
    "detail-type": ["Backup Job State Change", "Copy Job State Change", "Restore Job State Change"],
    detail: { $or: [{ state: states }, { status: states }] },
  };
}

export interface BackupPlanArgs {
  /** `<namePrefix>-<env>`: the copy key's alias derives from it. */
  baseName: string;
  accountId: pulumi.Input<string>;
  /** The environment key: the vault is encrypted with it. */
  kmsKeyArn: pulumi.Input<string>;
  /** Days each daily recovery point (and its copy) is kept (1..36500). */
  retentionDays: number;
  /** Lock of the vaults (`governance` or `compliance`, with the retention as minimum), or `none`. */
  vaultLock: BackupVaultLockMode;
  /**
   * Region every recovery point is copied to, into a vault encrypted by a key created there. It must differ
   * from the provider's region and be allowed by the account's guardrails. Default: no copy.
   */
  copyRegion?: string;
  /** Waiting period of the copy key's deletion, in days (7..30). Default 30. */
  keyDeletionWindowDays?: number;
  /** ARNs of the resources to back up: databases, buckets (versioned), tables. At least one. */
  resources: pulumi.Input<string>[];
  /**
   * Topic that hears about failed backup, copy and restore jobs (and, by alarm, about alerts that could
   * not be delivered to it). Default: none.
   */
  alertTopicArn?: pulumi.Input<string>;
  /** Alarm thresholds of the dead-letter queue's alarms. Default: DEFAULT_ALARM_THRESHOLDS. */
  alarmThresholds?: Partial<AlarmThresholds>;
  /** `protect` the vaults and the copy key. Default false. */
  protect?: boolean;
}

/**
 * The environment's AWS Backup plan: a vault under the environment key (locked where asked), a daily rule
 * with the tier's retention, a selection of the given stores, the role AWS Backup uses, a copy to a vault
 * in a second region, and an EventBridge rule that sends failed jobs to the alert topic.
 */
export class BackupPlan extends pulumi.ComponentResource {
  readonly vault: aws.backup.Vault;
  readonly vaultName: pulumi.Output<string>;
  readonly vaultArn: pulumi.Output<string>;
  readonly plan: aws.backup.Plan;
  readonly planId: pulumi.Output<string>;
  readonly selection: aws.backup.Selection;
  readonly role: aws.iam.Role;
  readonly copyRegion?: string;
  readonly copyKey?: aws.kms.Key;
  readonly copyVault?: aws.backup.Vault;
  readonly copyVaultArn?: pulumi.Output<string>;
  /** Failed-job alerts EventBridge could not deliver to the topic (with `alertTopicArn`). */
  readonly failedJobsDeadLetters?: Queue;

  constructor(name: string, args: BackupPlanArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:observability:BackupPlan", name, {}, opts);
    if (args.resources.length === 0) {
      throw new Error("BackupPlan needs at least one resource to back up");
    }
    const parent = { parent: this };
    const stateful = { parent: this, protect: args.protect ?? false };
    const lock = vaultLockSettings(args.vaultLock, args.retentionDays);

    // forceDestroy stays off: a vault with recovery points cannot be deleted by accident.
    this.vault = new aws.backup.Vault(
      `${name}-vault`,
      { kmsKeyArn: args.kmsKeyArn, forceDestroy: false },
      stateful,
    );
    this.vaultName = this.vault.name;
    this.vaultArn = this.vault.arn;
    // AWS does not report a lock's grace period back: after a refresh or an import the provider would read
    // it as unset and replace the lock. It only matters when the lock is created, so changes are ignored.
    const lockOpts = { parent: this, ignoreChanges: ["changeableForDays"] };
    if (lock) {
      new aws.backup.VaultLockConfiguration(
        `${name}-vault-lock`,
        { backupVaultName: this.vault.name, ...lock },
        lockOpts,
      );
    }

    if (args.copyRegion !== undefined) {
      this.copyRegion = args.copyRegion;
      this.copyKey = new aws.kms.Key(
        `${name}-copy-key`,
        {
          region: args.copyRegion,
          description: `Backup copies of ${args.baseName} in ${args.copyRegion}`,
          keyUsage: "ENCRYPT_DECRYPT",
          customerMasterKeySpec: "SYMMETRIC_DEFAULT",
          enableKeyRotation: true,
          rotationPeriodInDays: 365,
          deletionWindowInDays: args.keyDeletionWindowDays ?? 30,
          policy: policyJson(copyKeyPolicy(args.accountId, args.copyRegion)),
        },
        stateful,
      );
      new aws.kms.Alias(
        `${name}-copy-key-alias`,
        {
          region: args.copyRegion,
          name: `alias/${physicalName([args.baseName, "backup-copy"], 250)}`,
          targetKeyId: this.copyKey.keyId,
        },
        parent,
      );
      this.copyVault = new aws.backup.Vault(
        `${name}-copy-vault`,
        { region: args.copyRegion, kmsKeyArn: this.copyKey.arn, forceDestroy: false },
        stateful,
      );
      this.copyVaultArn = this.copyVault.arn;
      if (lock) {
        new aws.backup.VaultLockConfiguration(
          `${name}-copy-vault-lock`,
          { region: args.copyRegion, backupVaultName: this.copyVault.name, ...lock },
          lockOpts,
        );
      }
    }

    this.role = new aws.iam.Role(
      `${name}-role`,
      {
        description: "AWS Backup backs up, copies and restores the environment's stores",
        assumeRolePolicy: policyJson(backupTrust(args.accountId)),
      },
      parent,
    );
    const attachments = BACKUP_ROLE_POLICIES.map(
      (policyArn) =>
        new aws.iam.RolePolicyAttachment(
          `${name}-role-${policyArn.split("/").pop()!.replace("AWSBackupServiceRolePolicyFor", "").toLowerCase()}`,
          { role: this.role.name, policyArn },
          parent,
        ),
    );

    this.plan = new aws.backup.Plan(
      `${name}-plan`,
      {
        rules: [
          dailyBackupRule({
            vaultName: this.vault.name,
            retentionDays: args.retentionDays,
            copyVaultArn: this.copyVaultArn,
          }),
        ],
      },
      parent,
    );
    this.planId = this.plan.id;
    // The first scheduled job runs with the role: its permissions must be attached before.
    this.selection = new aws.backup.Selection(
      `${name}-selection`,
      { planId: this.plan.id, iamRoleArn: this.role.arn, resources: args.resources },
      { parent: this, dependsOn: attachments },
    );

    if (args.alertTopicArn !== undefined) {
      const rule = new aws.cloudwatch.EventRule(
        `${name}-failed-jobs`,
        {
          description:
            "A backup, copy or restore job failed, was aborted or expired (runbook: backup-job-failed)",
          eventPattern: JSON.stringify(failedJobPattern()),
        },
        parent,
      );
      // An alert EventBridge cannot deliver goes to a dead-letter queue whose alarm reaches the topic
      // by another path (CloudWatch), so a broken alert path is heard of too
      // (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html).
      this.failedJobsDeadLetters = new Queue(
        `${name}-failed-jobs-dlq`,
        {
          kmsKeyArn: args.kmsKeyArn,
          deadLetterQueue: false,
          messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
          senders: [{ service: "events.amazonaws.com", sourceArns: [rule.arn] }],
          protect: args.protect,
          alarmActions: [args.alertTopicArn],
          alarmThresholds: args.alarmThresholds,
        },
        parent,
      );
      new aws.cloudwatch.EventTarget(
        `${name}-failed-jobs-alert`,
        {
          rule: rule.name,
          arn: args.alertTopicArn,
          deadLetterConfig: { arn: this.failedJobsDeadLetters.arn },
        },
        parent,
      );
    }

    this.registerOutputs({
      vaultName: this.vaultName,
      vaultArn: this.vaultArn,
      planId: this.planId,
      roleArn: this.role.arn,
      copyRegion: this.copyRegion,
      copyVaultArn: this.copyVaultArn,
    });
  }
}
