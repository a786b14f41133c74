import * as assert from "assert";

import { POLICIES } from "../../policy-pack/policies";
import { CATALOG, CatalogEntry, creationTime, ENTRIES, shownRows } from "../../tools/catalog";
import { RecordedResource } from "../../tools/engine/mockEngine";
import { handPlan } from "../helpers/handPlan";

const TOKEN = /^[a-z0-9]+:[a-z0-9]+\/([a-z][A-Za-z0-9]*):([A-Z][A-Za-z0-9]*)$/;
const PROVIDER = /^pulumi:providers:[a-z0-9]+$/;

function resource(type: string, name: string, inputs: Record<string, unknown> = {}): RecordedResource {
  return handPlan([{ type, name, inputs }])[0];
}

describe("the catalog", () => {
  it("lists each type once, by a real type token (pkg:module/name:Name) or a provider", () => {
    assert.strictEqual(CATALOG.size, ENTRIES.length, "no type twice");
    assert.ok(ENTRIES.length > 140, `only ${ENTRIES.length} entries`);
    for (const { type } of ENTRIES) {
      const m = TOKEN.exec(type);
      assert.ok(m || PROVIDER.test(type), `${type} is not a type token`);
      if (m) {
        assert.strictEqual(
          m[1],
          m[2][0].toLowerCase() + m[2].slice(1),
          `${type}: module file and name differ`,
        );
      }
    }
  });

  it("says for every type which policies judge it, by names the pack has, or why none does", () => {
    const known = new Set(POLICIES.map((p) => p.name));
    for (const e of ENTRIES) {
      // Read as plain fields: the entry type already forbids both and neither, this checks the data.
      const coverage: { policies?: readonly string[]; unruled?: string } = e;
      assert.ok(
        (coverage.policies === undefined) !== (coverage.unruled === undefined),
        `${e.type}: either policies or a reason`,
      );
      if (coverage.policies) {
        assert.ok(coverage.policies.length > 0, `${e.type}: an empty policy list`);
        assert.deepStrictEqual(
          coverage.policies,
          [...new Set(coverage.policies)],
          `${e.type}: a policy twice`,
        );
        for (const p of coverage.policies) {
          assert.ok(known.has(p), `${e.type} names unknown policy ${p}`);
        }
      } else {
        assert.ok((coverage.unruled ?? "").length >= 10, `${e.type}: say why no policy judges it`);
      }
    }
  });

  it("has no empty entry, and what each tool reads for the stores", () => {
    for (const e of ENTRIES) {
      assert.ok(Object.keys(e).filter((k) => k !== "type").length > 0, `${e.type} holds nothing`);
    }
    for (const type of [
      "aws:opensearch/domain:Domain",
      "aws:rds/instance:Instance",
      "aws:msk/cluster:Cluster",
    ]) {
      const e = CATALOG.get(type);
      assert.ok(e?.outputs && e.creation && e.price && e.zoneTier && e.diagram && e.size, type);
    }
    assert.ok(CATALOG.get("aws:ec2/natGateway:NatGateway")?.pooledZoneTier, "NAT egress is one tier");
  });

  it("gives creation times that are positive, with a source, variants included", () => {
    for (const e of ENTRIES) {
      const times = [
        e.creation,
        ...[{}, { multiAz: true }, { replicateSourceDb: "x" }, { dedicated: {} }].map((i) =>
          e.creationOf?.(i),
        ),
      ];
      for (const d of times.filter((t) => t !== undefined)) {
        assert.ok(Number.isFinite(d.p50) && d.p50 > 0, `${e.type}: ${d.p50} s`);
        assert.ok(d.p90 >= d.p50, `${e.type}: p90 ${d.p90} s is below p50 ${d.p50} s`);
        assert.ok(d.source.length > 5, `${e.type}: a creation time needs its source`);
      }
    }
    const rds = (inputs: Record<string, unknown>): number =>
      creationTime(resource("aws:rds/instance:Instance", "db", inputs)).p50;
    assert.deepStrictEqual(
      [rds({}), rds({ multiAz: true }), rds({ replicateSourceDb: "db" })],
      [600, 1080, 720],
    );
    assert.strictEqual(creationTime(resource("aws:kms/alias:Alias", "a")).p50, 2, "the default");
    assert.strictEqual(creationTime({ ...resource("pulumi:providers:aws", "p") }).p90, 0, "providers");
  });

  it("assumes a usage with its quantity for usage-priced types", () => {
    for (const e of ENTRIES.filter((x) => x.usage)) {
      assert.ok(e.usage!.monthlyUsd >= 0 && e.usage!.quantity.length > 5, e.type);
    }
  });

  it("makes up outputs for `up` from the type's inputs, without failing on inputs left unset", () => {
    const context = {
      name: "x",
      urn: "urn:pulumi:test::platform::t::x",
      physical: "x-0123456",
      region: "eu-west-1",
      account: "123456789012",
      inputs: {},
    };
    for (const e of ENTRIES.filter((x) => x.outputs)) {
      const outputs = e.outputs!(context);
      assert.strictEqual(typeof outputs, "object", e.type);
    }
    const record = CATALOG.get("aws:route53/record:Record")!.outputs!({
      ...context,
      inputs: { name: "a.example.com" },
    });
    assert.deepStrictEqual(record, { fqdn: "a.example.com" });
  });

  it("orders the diagram's and the comparison's rows by position, a row's types next to each other", () => {
    for (const row of [(e: CatalogEntry) => e.diagram, (e: CatalogEntry) => e.size]) {
      const names = ENTRIES.map(row)
        .filter((s) => s !== undefined)
        .sort((a, b) => a.position - b.position)
        .map((s) => s.name);
      const runs = names.filter((n, i) => n !== names[i - 1]);
      assert.deepStrictEqual(runs, [...new Set(runs)], "a row's types are adjacent");
    }
    // The first type that gives a text wins: MSK before Confluent Cloud.
    const kafka = (types: string[]): string | undefined =>
      new Map(
        shownRows(
          types.map((t, i) => resource(t, `k${i}`)),
          (e) => e.diagram,
        ),
      ).get("kafka");
    assert.strictEqual(kafka(["confluentcloud:index/kafkaCluster:KafkaCluster"]), "Kafka (Confluent Cloud)");
    assert.strictEqual(
      kafka([
        "confluentcloud:index/kafkaCluster:KafkaCluster",
        "aws:msk/serverlessCluster:ServerlessCluster",
      ]),
      "Kafka (Amazon MSK)",
    );
    assert.strictEqual(kafka([]), undefined);
  });
});
