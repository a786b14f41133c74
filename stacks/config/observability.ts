/**
 * Observability and operations: log and audit trail retention, the alert topic's HTTPS subscriber, the
 * thresholds of the alarms every component raises, and AWS Backup.
 */
import { z } from "zod";

import {
  BACKUP_RETENTION_DAYS,
  BACKUP_VAULT_LOCK_MODES,
  backupCopyRegionFor,
} from "../../components/observability/backup";
import { defaultNote } from "./core";
import { ConfigProblem, fullKey, key } from "./engine";
import type { ConfigCheck } from "./index";
import { KNOWN_REGIONS } from "./regions";

/** Retention values CloudWatch Logs accepts (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** One of the retention values, read as a plain number. */
const LOG_RETENTION: z.ZodType<number> = z.union(LOG_RETENTION_DAYS.map((d) => z.literal(d)));

export const OBSERVABILITY_KEYS = {
  logRetentionDays: key({
    kind: "integer",
    tierDefault: { dev: 14, stage: 30, prod: 365 },
    schema: LOG_RETENTION,
    description:
      "Retention of every CloudWatch log group, in days (a value CloudWatch accepts, e.g. 14, 30, 365).",
  }),
  trailRetentionDays: key({
    kind: "integer",
    tierDefault: { dev: 90, stage: 365, prod: 2557 },
    schema: z.number().int().min(1).max(3653),
    description: "Days CloudTrail log files are kept in the trail bucket (1..3653).",
  }),
  alertWebhookUrl: key({
    kind: "string",
    secret: true,
    schema: z
      .string()
      .max(2048)
      .regex(
        /^https:\/\/[a-z0-9.-]+(:\d+)?(\/\S*)?$/i,
        "an https:// URL of a chat or paging tool that confirms SNS subscriptions itself (PagerDuty, Opsgenie)",
      ),
    description:
      "HTTPS endpoint of a chat or paging tool subscribed to the alert topic (it must confirm SNS subscriptions itself, as PagerDuty and Opsgenie do). A secret: set it with --secret. Default: none.",
  }),
  alarmAlb5xxPercent: key({
    kind: "integer",
    tierDefault: { dev: 10, stage: 5, prod: 2 },
    schema: z.number().int().min(1).max(100),
    description:
      "Alarm when more than this share of a load balancer's requests are answered 5xx, in percent (1..100).",
  }),
  alarmAlbResponseTimeMs: key({
    kind: "integer",
    tierDefault: { dev: 3000, stage: 2000, prod: 1000 },
    schema: z.number().int().min(10).max(60000),
    description:
      "Alarm when the 95th percentile of a load balancer's target response time exceeds this, in ms (10..60000).",
  }),
  alarmCpuPercent: key({
    kind: "integer",
    tierDefault: { dev: 90, stage: 85, prod: 80 },
    schema: z.number().int().min(1).max(100),
    description:
      "Alarm when an ECS service, the database or a cache node stays above this CPU, in percent (1..100).",
  }),
  alarmMemoryPercent: key({
    kind: "integer",
    tierDefault: { dev: 90, stage: 85, prod: 80 },
    schema: z.number().int().min(1).max(100),
    description:
      "Alarm when an ECS service or a Valkey/Redis node stays above this memory, in percent (1..100).",
  }),
  alarmReplicaLagSeconds: key({
    kind: "integer",
    tierDefault: { dev: 600, stage: 300, prod: 60 },
    schema: z.number().int().min(1).max(86400),
    description:
      "Alarm when a Postgres read replica or a cache replica lags by more than this, in seconds (1..86400).",
  }),
  alarmDbConnectionsPercent: key({
    kind: "integer",
    tierDefault: { dev: 90, stage: 85, prod: 80 },
    schema: z.number().int().min(1).max(100),
    description:
      "Alarm when Postgres connections exceed this share of the instance class's default max_connections, in percent (1..100).",
  }),
  alarmCacheEvictions: key({
    kind: "integer",
    tierDefault: { dev: 1000, stage: 500, prod: 100 },
    schema: z.number().int().min(0).max(1_000_000_000),
    description: "Alarm when a cache node evicts more keys than this in 5 minutes (0..1000000000).",
  }),
  alarmQueueAgeSeconds: key({
    kind: "integer",
    tierDefault: { dev: 3600, stage: 1800, prod: 900 },
    schema: z.number().int().min(60).max(1_209_600),
    description: "Alarm when a queue's oldest message is older than this, in seconds (60..1209600).",
  }),
  alarmWafBlockedRequests: key({
    kind: "integer",
    tierDefault: { dev: 1000, stage: 1000, prod: 500 },
    schema: z.number().int().min(1).max(2_000_000_000),
    description: "Alarm when the public WAF blocks more requests than this in 5 minutes (1..2000000000).",
  }),
  backupRetentionDays: key({
    kind: "integer",
    tierDefault: { dev: 7, stage: 14, prod: 35 },
    schema: z.number().int().min(BACKUP_RETENTION_DAYS.min).max(BACKUP_RETENTION_DAYS.max),
    description: `Days each daily AWS Backup recovery point (and its copy) is kept (${BACKUP_RETENTION_DAYS.min}..${BACKUP_RETENTION_DAYS.max}); with a vault lock, also the least it is kept.`,
  }),
  backupVaultLock: key({
    kind: "string",
    tierDefault: { dev: "none", stage: "governance", prod: "compliance" },
    schema: z.enum(BACKUP_VAULT_LOCK_MODES),
    description:
      "Lock of the backup vaults: `none`, `governance` (privileged users may lift it) or `compliance` (immutable 3 days after it is set: no one can delete a recovery point before its retention ends).",
  }),
  backupCrossRegionCopy: key({
    kind: "boolean",
    tierDefault: { dev: false, stage: false, prod: true },
    schema: z.boolean(),
    description: "Copy every recovery point to a vault in backupCopyRegion (required with it).",
  }),
  backupCopyRegion: key({
    kind: "string",
    schema: z.enum(KNOWN_REGIONS as [string, ...string[]]),
    description:
      "Region backups are copied to with backupCrossRegionCopy: not the stack's own, and one of the organization's allowedRegions. Default: the partner region in the same jurisdiction (eu-west-1: eu-central-1, us-east-1: us-west-2, ...).",
  }),
};

/**
 * Backups: with copies on, a second region (the stack's choice or its region's partner) that the
 * guardrails allow; a chosen region only with copies on.
 */
const checkBackups: ConfigCheck = (draft, raw) => {
  const problems: ConfigProblem[] = [];
  const key = fullKey("backupCopyRegion");
  const chosen = draft.backupCopyRegion;
  const copy = draft.backupCrossRegionCopy;
  if (chosen !== undefined && copy === false) {
    problems.push({
      key,
      message:
        `got "${chosen}", but ${fullKey("backupCrossRegionCopy")} is false${defaultNote(raw, "backupCrossRegionCopy", draft)}; ` +
        "set it to true to copy backups there, or remove the region",
    });
  }
  if (
    copy !== true ||
    raw.region === undefined ||
    (chosen === undefined && raw.values.backupCopyRegion !== undefined)
  ) {
    return problems;
  }
  const target = backupCopyRegionFor(raw.region, chosen);
  const copyOn = `${fullKey("backupCrossRegionCopy")} is true${defaultNote(raw, "backupCrossRegionCopy", draft)}`;
  if (target === undefined) {
    problems.push({
      key,
      message: `is required when ${copyOn}: ${raw.region} has no partner region in its jurisdiction to default to; name the region backups are copied to`,
    });
  } else if (target === raw.region) {
    problems.push({
      key,
      message: `got "${target}", the stack's own region; copies go to a second region, so that losing one keeps them`,
    });
  } else if (raw.organization !== undefined && !raw.organization.allowedRegions.includes(target)) {
    const allowed = raw.organization.allowedRegions;
    const what = chosen === undefined ? `"${target}" (the default for ${raw.region})` : `got "${target}"`;
    problems.push({
      key,
      message:
        `${what}; the organization's guardrails deny regions outside organization:allowedRegions ` +
        `(${allowed.join(", ")}): add it there, or copy to one of those`,
    });
  }
  return problems;
};

export const OBSERVABILITY_CHECKS: readonly ConfigCheck[] = [checkBackups];
