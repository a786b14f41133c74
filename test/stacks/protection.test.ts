/**
 * Every stateful resource of prod is `protect`ed: `pulumi destroy`, or a change that would replace it,
 * stops instead of deleting data. Which types are stateful is the catalog's `stateful` (tools/catalog/): a
 * type holds data (objects, rows, messages, images, users, recovery points, keys that encrypt data,
 * records) that the program cannot recreate.
 */
import * as assert from "assert";

import { ENTRIES } from "../../tools/catalog";
import { RecordedResource } from "../../tools/engine/mockEngine";
import { stackPlan } from "../helpers/graph";

/** Resource types that hold data, with what would be lost. */
export const STATEFUL_TYPES: Readonly<Record<string, string>> = Object.fromEntries(
  ENTRIES.flatMap((e) => (e.stateful ? [[e.type, e.stateful]] : [])),
);

/** The stateful resources of a plan that are not protected. */
export function unprotectedStateful(resources: readonly RecordedResource[]): string[] {
  return resources
    .filter((r) => r.custom && r.type in STATEFUL_TYPES && !r.protect)
    .map((r) => `${r.type} ${r.name}`);
}

describe("stateful resources", () => {
  it("are all protected in prod", async () => {
    const { resources } = await stackPlan("prod");
    assert.deepStrictEqual(unprotectedStateful(resources), []);
    // The list covers the plan's stores: a type listed here that prod does not create is no check.
    const present = new Set(resources.map((r) => r.type));
    for (const type of [
      "aws:s3/bucket:Bucket",
      "aws:kms/key:Key",
      "aws:rds/instance:Instance",
      "aws:dynamodb/table:Table",
      "aws:elasticache/replicationGroup:ReplicationGroup",
      "aws:opensearch/domain:Domain",
      "aws:msk/cluster:Cluster",
      "aws:backup/vault:Vault",
      "aws:secretsmanager/secret:Secret",
      "aws:route53/zone:Zone",
    ]) {
      assert.ok(present.has(type), `prod creates no ${type}`);
    }
  });

  it("include the static site's bucket and its edge log key", async () => {
    const { resources } = await stackPlan("prod");
    const names = (type: string): Array<[string, boolean]> =>
      resources
        .filter((r) => r.type === type && r.name.startsWith("static-site"))
        .map((r) => [r.name, r.protect]);
    assert.deepStrictEqual(names("aws:s3/bucket:Bucket"), [["static-site-bucket", true]]);
    assert.deepStrictEqual(names("aws:kms/key:Key"), [["static-site-edge-key", true]]);
  });

  it("follow the tier: dev, which does not protect, leaves them unprotected", async () => {
    const { resources } = await stackPlan("dev");
    const unprotected = unprotectedStateful(resources);
    assert.ok(unprotected.includes("aws:s3/bucket:Bucket static-site-bucket"), unprotected.join("\n"));
    assert.ok(unprotected.includes("aws:kms/key:Key static-site-edge-key"));
  });
});
