/** Prod floors: what a prod-tier stack may not go below, the exceptions that lift a floor, and the plan's list of them. */
import * as assert from "assert";

import { draftOfStack, validateStackConfig } from "../../stacks/config";
import { floorBreaches } from "../../stacks/config/floors";
import { formatProdExceptions, planStack } from "../../tools/engine/plan";
import { readStackFiles } from "../../tools/engine/stackFiles";
import { problemLines, rawConfig } from "../helpers/config";

const SERVICE = { name: "orders", modes: ["api"], image: "ghcr.io/acme/orders:1.0.0", paths: ["/orders/*"] };

/** A prod-tier stack with these values changed. */
function prod(changes: Record<string, unknown> = {}) {
  const text = Object.fromEntries(
    Object.entries(changes).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  );
  return rawConfig({ tier: "prod", domain: "prod.example.com", ...text }, { stack: "prod" });
}

const exception = (key: string) => ({ key, reason: "measured: one is enough until the launch in March" });

describe("prod floors", () => {
  it("are met by the prod tier defaults", () => {
    assert.deepStrictEqual(
      floorBreaches(draftOfStack(prod({ searchEnabled: true, mongodbEnabled: true }))),
      [],
    );
    assert.deepStrictEqual(problemLines(prod()), []);
  });

  it("refuse a single NAT gateway, naming the exception that would lift it", () => {
    assert.deepStrictEqual(problemLines(prod({ natGateways: "single" })), [
      'platform:natGateways: got "single"; a prod-tier stack needs one NAT gateway per AZ (perAz), so that losing an AZ keeps the others\' egress. To run below this floor, add {key: natGateways, reason: <why>} to platform:prodExceptions',
    ]);
  });

  it("refuse single-AZ stores, one task, no protection and short backups", () => {
    assert.deepStrictEqual(
      problemLines(
        prod({
          postgresMultiAz: false,
          cacheReplicas: 0,
          defaultMinTasks: 1,
          albDeletionProtection: false,
          postgresBackupRetentionDays: 10,
          backupVaultLock: "none",
        }),
      ),
      [
        "platform:postgresMultiAz: got false; a prod-tier stack needs a Multi-AZ Postgres primary (true), so that losing an AZ fails over. To run below this floor, add {key: postgresMultiAz, reason: <why>} to platform:prodExceptions",
        "platform:cacheReplicas: got 0; a prod-tier stack needs at least 1 cache replica, so that losing the primary's AZ fails over. To run below this floor, add {key: cacheReplicas, reason: <why>} to platform:prodExceptions",
        "platform:defaultMinTasks: got 1; a prod-tier stack needs at least 2 tasks per service, in different AZs. To run below this floor, add {key: defaultMinTasks, reason: <why>} to platform:prodExceptions",
        "platform:albDeletionProtection: got false; a prod-tier stack needs deletion protection on the load balancers (true). To run below this floor, add {key: albDeletionProtection, reason: <why>} to platform:prodExceptions",
        "platform:postgresBackupRetentionDays: got 10; a prod-tier stack needs at least 14 days of Postgres backups. To run below this floor, add {key: postgresBackupRetentionDays, reason: <why>} to platform:prodExceptions",
        'platform:backupVaultLock: got "none"; a prod-tier stack needs a locked backup vault (governance or compliance). To run below this floor, add {key: backupVaultLock, reason: <why>} to platform:prodExceptions',
      ],
    );
  });

  it("refuse one task of an api service, by the service's name", () => {
    assert.deepStrictEqual(problemLines(prod({ services: [{ ...SERVICE, minTasks: 1 }] })), [
      "platform:services[0].minTasks: got 1; a prod-tier stack needs at least 2 tasks of every api service, in different AZs. To run below this floor, add {key: services.orders.minTasks, reason: <why>} to platform:prodExceptions",
    ]);
    const excepted = prod({
      services: [{ ...SERVICE, minTasks: 1 }],
      prodExceptions: [exception("services.orders.minTasks")],
    });
    assert.deepStrictEqual(problemLines(excepted), []);
  });

  it("give way to an exception with a reason, which the config carries", () => {
    const result = validateStackConfig(
      prod({ natGateways: "single", prodExceptions: [exception("natGateways")] }),
    );
    assert.ok(result.ok);
    assert.deepStrictEqual(result.config.prodExceptions, [exception("natGateways")]);
    assert.deepStrictEqual(
      problemLines(prod({ natGateways: "single", prodExceptions: [{ key: "natGateways", reason: "cost" }] })),
      ['platform:prodExceptions[0].reason: got "cost"; needs at least 10 character(s)'],
    );
  });

  it("refuse exceptions that name no floor, a floor the stack meets, or a floor twice, or sit in another tier", () => {
    assert.deepStrictEqual(
      problemLines(
        prod({
          natGateways: "single",
          prodExceptions: [
            exception("natGateway"),
            exception("natGateways"),
            exception("ecsExec"),
            exception("natGateways"),
          ],
        }),
      ),
      [
        'platform:prodExceptions[3]: got "natGateways", already prodExceptions[1]; one exception per floor',
        'platform:prodExceptions[0].key: got "natGateway", which is not a prod floor; floors: natGateways, postgresMultiAz, cacheReplicas, searchZoneAwareness, mongodbBackup, defaultMinTasks, albDeletionProtection, protectStatefulResources, kmsDeletionWindowDays, postgresBackupRetentionDays, cacheSnapshotRetentionDays, dynamodbRecoveryPeriodDays, backupRetentionDays, backupVaultLock, backupCrossRegionCopy, trailRetentionDays, ecsExec',
        'platform:prodExceptions[2].key: got "ecsExec", but the stack meets that floor; remove the exception',
      ],
    );
    assert.deepStrictEqual(
      problemLines(rawConfig({ prodExceptions: JSON.stringify([exception("natGateways")]) })),
      [
        'platform:prodExceptions: lists 1 exception(s), but the floors apply to prod-tier stacks only (tier is "dev"); remove them',
      ],
    );
  });

  it("are listed by the plan when excepted (text and JSON)", async () => {
    const files = readStackFiles("prod");
    const config = {
      ...files.config,
      "platform:natGateways": "single",
      "platform:prodExceptions": JSON.stringify([exception("natGateways")]),
    };
    const plan = await planStack("prod", { files: { ...files, config } });
    assert.deepStrictEqual(plan.problems, []);
    assert.deepStrictEqual(plan.prodExceptions, [exception("natGateways")]);
    assert.deepStrictEqual(formatProdExceptions(plan.prodExceptions), [
      "Prod floors excepted (platform:prodExceptions): 1",
      "  - natGateways: measured: one is enough until the launch in March",
    ]);
  });
});
