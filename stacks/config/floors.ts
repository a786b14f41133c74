/**
 * Prod floors: the settings a `prod`-tier stack may not go below (availability and safety), and the one
 * way past them, an exception in `platform:prodExceptions` that names the floor and says why. The prod
 * tier defaults meet every floor; a floor only bites when a prod stack sets a key itself.
 */
import { z } from "zod";

import { ConfigProblem, duplicateProblems, fullKey, key, show } from "./engine";
import type { ConfigCheck, Draft } from "./index";

export const FLOOR_KEYS = {
  prodExceptions: key({
    kind: "array",
    default: [],
    schema: z.array(
      z.strictObject({
        key: z.string().min(1),
        reason: z
          .string()
          .trim()
          .min(10, "a reason: why this prod stack runs below the floor, and until when"),
      }),
    ),
    description:
      "Prod floors this prod-tier stack is exempt from: a list of {key, reason}, key naming the floor (`natGateways`, `postgresMultiAz`, `services.<name>.minTasks`, ...; see docs/engineering.md). The plan lists the exceptions in use.",
  }),
};

/** One setting below a floor: the exception id that lifts it, the key path, the value found. */
interface Breach {
  readonly id: string;
  readonly key: string;
  readonly value: unknown;
  readonly needs: string;
}

/** A floor: what it needs, and the breaches it finds in a draft (none when it cannot judge). */
interface Floor {
  readonly id: string;
  readonly needs: string;
  readonly breaches: (draft: Draft) => Breach[];
}

/** A floor on one key: `holds` judges its value; `applies` says whether the key matters at all. */
function keyFloor<K extends keyof Draft>(
  name: K,
  needs: string,
  holds: (value: NonNullable<Draft[K]>) => boolean,
  applies: (draft: Draft) => boolean = () => true,
): Floor {
  return {
    id: name,
    needs,
    breaches: (draft) => {
      const value = draft[name];
      return value === undefined || value === null || !applies(draft) || holds(value)
        ? []
        : [{ id: name, key: name, value, needs }];
    },
  };
}

const MIN_TASKS = 2;

/** The floors of a prod stack, in the order their problems are reported. */
export const PROD_FLOORS: readonly Floor[] = [
  keyFloor(
    "natGateways",
    "one NAT gateway per AZ (perAz), so that losing an AZ keeps the others' egress",
    (v) => v === "perAz",
  ),
  keyFloor(
    "postgresMultiAz",
    "a Multi-AZ Postgres primary (true), so that losing an AZ fails over",
    (v) => v,
  ),
  keyFloor(
    "cacheReplicas",
    "at least 1 cache replica, so that losing the primary's AZ fails over",
    (v) => v >= 1,
  ),
  keyFloor(
    "searchZoneAwareness",
    "zone awareness (true), so that search keeps its data when an AZ is lost",
    (v) => v,
    (d) => d.searchEnabled === true,
  ),
  keyFloor(
    "mongodbBackup",
    "Atlas cloud backups (true)",
    (v) => v,
    (d) => d.mongodbEnabled === true,
  ),
  keyFloor(
    "defaultMinTasks",
    `at least ${MIN_TASKS} tasks per service, in different AZs`,
    (v) => v >= MIN_TASKS,
  ),
  {
    id: "services.<name>.minTasks",
    needs: `at least ${MIN_TASKS} tasks of every api service, in different AZs`,
    breaches: (draft) =>
      (draft.services ?? []).flatMap((s, i) =>
        s.modes.includes("api") && s.minTasks !== undefined && s.minTasks < MIN_TASKS
          ? [
              {
                id: `services.${s.name}.minTasks`,
                key: `services[${i}].minTasks`,
                value: s.minTasks,
                needs: `at least ${MIN_TASKS} tasks of every api service, in different AZs`,
              },
            ]
          : [],
      ),
  },
  keyFloor("albDeletionProtection", "deletion protection on the load balancers (true)", (v) => v),
  keyFloor(
    "protectStatefulResources",
    "stateful resources marked protect (true), so that pulumi destroy cannot remove them",
    (v) => v,
  ),
  keyFloor(
    "kmsDeletionWindowDays",
    "a 30-day waiting period before a deleted key (and all data under it) is gone",
    (v) => v >= 30,
  ),
  keyFloor("postgresBackupRetentionDays", "at least 14 days of Postgres backups", (v) => v >= 14),
  keyFloor(
    "cacheSnapshotRetentionDays",
    "at least 7 days of cache snapshots",
    (v) => v >= 7,
    (d) => d.cacheEngine !== "memcached",
  ),
  keyFloor(
    "dynamodbRecoveryPeriodDays",
    "at least 14 days of DynamoDB point-in-time recovery",
    (v) => v >= 14,
  ),
  keyFloor("backupRetentionDays", "at least 14 days of AWS Backup recovery points", (v) => v >= 14),
  keyFloor("backupVaultLock", "a locked backup vault (governance or compliance)", (v) => v !== "none"),
  keyFloor(
    "backupCrossRegionCopy",
    "backup copies in a second region (true), so that losing the region keeps them",
    (v) => v,
  ),
  keyFloor("trailRetentionDays", "at least 365 days of CloudTrail logs", (v) => v >= 365),
  keyFloor("ecsExec", "no ECS Exec shells into prod tasks (false)", (v) => !v),
];

/** The floor ids an exception may name (a service's floor once per service name). */
function floorIds(draft: Draft): string[] {
  return PROD_FLOORS.flatMap((f) =>
    f.id === "services.<name>.minTasks"
      ? (draft.services ?? []).map((s) => `services.${s.name}.minTasks`)
      : [f.id],
  );
}

/** Every setting of a prod stack below a floor, whether or not an exception lifts it. */
export function floorBreaches(draft: Draft): Breach[] {
  return PROD_FLOORS.flatMap((f) => f.breaches(draft));
}

/** A prod stack's settings meet the floors unless an exception names them; exceptions must be live. */
const checkFloors: ConfigCheck = (draft) => {
  const exceptions = draft.prodExceptions;
  if (exceptions === undefined) {
    return [];
  }
  const problems: ConfigProblem[] = duplicateProblems(
    "prodExceptions",
    exceptions.map((e) => e.key),
    "one exception per floor",
  );
  if (draft.tier !== "prod") {
    return exceptions.length === 0
      ? problems
      : [
          ...problems,
          {
            key: fullKey("prodExceptions"),
            message: `lists ${exceptions.length} exception(s), but the floors apply to prod-tier stacks only (tier is ${show(draft.tier)}); remove them`,
          },
        ];
  }
  const breaches = floorBreaches(draft);
  const excepted = new Set(exceptions.map((e) => e.key));
  for (const b of breaches.filter((b) => !excepted.has(b.id))) {
    problems.push({
      key: fullKey(b.key),
      message:
        `got ${show(b.value)}; a prod-tier stack needs ${b.needs}. To run below this floor, ` +
        `add {key: ${b.id}, reason: <why>} to ${fullKey("prodExceptions")}`,
    });
  }
  const ids = floorIds(draft);
  exceptions.forEach((e, i) => {
    if (!ids.includes(e.key)) {
      problems.push({
        key: fullKey(`prodExceptions[${i}].key`),
        message: `got ${show(e.key)}, which is not a prod floor; floors: ${ids.join(", ")}`,
      });
    } else if (!breaches.some((b) => b.id === e.key)) {
      problems.push({
        key: fullKey(`prodExceptions[${i}].key`),
        message: `got ${show(e.key)}, but the stack meets that floor; remove the exception`,
      });
    }
  });
  return problems;
};

export const FLOOR_CHECKS: readonly ConfigCheck[] = [checkFloors];
