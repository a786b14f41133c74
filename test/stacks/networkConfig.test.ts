import * as assert from "assert";

import { validateStackConfig } from "../../stacks/config";
import { availabilityZoneIds } from "../../stacks/config/network";
import { AZ_IDS_PER_REGION, AZS_PER_REGION, KNOWN_REGIONS } from "../../stacks/config/regions";
import { defaultInvokes } from "../../tools/engine/invokes";
import { problemLines, rawConfig } from "../helpers/config";

const ids = (...list: string[]): string => JSON.stringify(list);

describe("network config: AZs pinned by AZ ID", () => {
  it("accepts the region's ids, as many as azCount, and resolves them in order", () => {
    const result = validateStackConfig(rawConfig({ availabilityZoneIds: ids("euw1-az3", "euw1-az1") }));
    assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
    assert.deepStrictEqual(availabilityZoneIds(result.config), ["euw1-az3", "euw1-az1"]);
  });

  it("defaults to the region's first azCount ids of the table", () => {
    const result = validateStackConfig(rawConfig({ tier: "prod" }, { region: "us-east-1" }));
    assert.ok(result.ok);
    assert.strictEqual(result.config.availabilityZoneIds, undefined);
    assert.deepStrictEqual(availabilityZoneIds(result.config), ["use1-az1", "use1-az2", "use1-az4"]);
  });

  it("rejects an id of another region, naming the region's ids", () => {
    assert.deepStrictEqual(problemLines(rawConfig({ availabilityZoneIds: ids("euw1-az1", "use1-az1") })), [
      'platform:availabilityZoneIds[1]: got "use1-az1"; eu-west-1 has the AZ IDs euw1-az1, euw1-az2, euw1-az3',
    ]);
  });

  it("rejects an id the region does not have", () => {
    assert.deepStrictEqual(
      problemLines(rawConfig({ availabilityZoneIds: ids("usw1-az1", "usw1-az2") }, { region: "us-west-1" })),
      ['platform:availabilityZoneIds[1]: got "usw1-az2"; us-west-1 has the AZ IDs usw1-az1, usw1-az3'],
    );
  });

  it("rejects an id listed twice", () => {
    assert.deepStrictEqual(problemLines(rawConfig({ availabilityZoneIds: ids("euw1-az2", "euw1-az2") })), [
      'platform:availabilityZoneIds[1]: "euw1-az2" is listed twice; each AZ once',
    ]);
  });

  it("rejects a count other than azCount, the tier default included", () => {
    assert.deepStrictEqual(
      problemLines(rawConfig({ availabilityZoneIds: ids("euw1-az1", "euw1-az2", "euw1-az3") })),
      [
        "platform:availabilityZoneIds: lists 3 AZ IDs but platform:azCount is 2 (the dev default); list exactly 2, or set azCount to 3",
      ],
    );
    assert.deepStrictEqual(
      problemLines(rawConfig({ azCount: "3", availabilityZoneIds: ids("euw1-az1", "euw1-az2") })),
      [
        "platform:availabilityZoneIds: lists 2 AZ IDs but platform:azCount is 3; list exactly 3, or set azCount to 2",
      ],
    );
  });

  it("rejects something that is not an AZ id", () => {
    assert.deepStrictEqual(problemLines(rawConfig({ availabilityZoneIds: ids("eu-west-1a", "euw1-az1") })), [
      'platform:availabilityZoneIds[0]: got "eu-west-1a"; an AZ ID such as euw1-az1',
    ]);
  });

  it("has a table of ids for every accepted region, each id of its region's form, and the engine's zones from it", () => {
    for (const region of KNOWN_REGIONS) {
      const list = AZ_IDS_PER_REGION[region];
      assert.strictEqual(new Set(list).size, list.length, region);
      assert.strictEqual(AZS_PER_REGION[region], list.length);
      const prefix = list[0].split("-")[0];
      for (const id of list) {
        assert.match(id, new RegExp(`^${prefix}-az[0-9]$`), `${region}: ${id}`);
      }
      const zones = defaultInvokes({ region, zoneCount: list.length, accountId: "123456789012" })[
        "aws:index/getAvailabilityZones:getAvailabilityZones"
      ]({ state: "available" });
      assert.deepStrictEqual(zones.zoneIds, list);
    }
  });
});
