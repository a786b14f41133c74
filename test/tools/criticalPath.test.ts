import * as assert from "assert";

import { CATALOG } from "../../tools/catalog";
import { PREREQUISITES, READY_AFTER } from "../../tools/catalog/prerequisites";
import { criticalPath, formatDuration } from "../../tools/insights/criticalPath";
import { stackPlan } from "../helpers/graph";
import { handPlan as graph, NETWORK as network, Spec } from "../helpers/handPlan";

const db: Spec = {
  type: "aws:rds/instance:Instance",
  name: "db",
  inputs: { multiAz: true },
  deps: { dbSubnetGroupName: ["db-subnets"] },
};
const alb: Spec = {
  type: "aws:lb/loadBalancer:LoadBalancer",
  name: "alb",
  deps: { subnets: ["subnet-a", "subnet-b"] },
};

describe("deploy critical path", () => {
  it("is the longest chain at p50 and p90, and equals its floor when every wait is a prerequisite", () => {
    const cp = criticalPath(graph([...network, db, alb]));
    // vpc 5 + subnet 3 + subnet group 2 + Multi-AZ database 1080 (p90: 10 + 5 + 5 + 1800)
    assert.deepStrictEqual(cp.firstDeploy, { p50: 1090, p90: 1820 });
    assert.deepStrictEqual(
      cp.chain.map((l) => l.name),
      ["vpc", "subnet-a", "db-subnets", "db"],
    );
    assert.strictEqual(cp.floor.p50, 1090);
    assert.strictEqual(cp.floor.p90, 1820);
    assert.deepStrictEqual(cp.floor.chain, ["vpc", "subnet-a", "db-subnets", "db"]);
    assert.deepStrictEqual(cp.ratio, { p50: 1, p90: 1 });
    assert.deepStrictEqual(cp.needless, []);
    assert.match(cp.explanation, /the floor is the deploy's own longest chain, ending in db; every wait/);
  });

  it("shows a needless dependsOn as a ratio above 1, and names it", () => {
    // The database waits for the load balancer for no reason.
    const cp = criticalPath(graph([...network, alb, { ...db, dependsOn: ["alb"] }]));
    assert.strictEqual(cp.firstDeploy.p50, 5 + 3 + 180 + 1080);
    assert.strictEqual(cp.floor.p50, 1090);
    assert.ok(Math.abs(cp.ratio.p50 - 1268 / 1090) < 1e-9);
    assert.ok(Math.abs(cp.ratio.p90 - (10 + 5 + 300 + 1800) / 1820) < 1e-9);
    assert.deepStrictEqual(cp.needless, [{ resource: "db", waitsFor: "alb" }]);
  });

  it("shows a needless property reference too: an environment variable AWS does not check", () => {
    const cp = criticalPath(
      graph([
        ...network,
        { type: "aws:msk/cluster:Cluster", name: "kafka", deps: { brokerNodeGroupInfo: ["subnet-a"] } },
        // The function's environment names the brokers: the program must wait, AWS would not.
        {
          type: "aws:lambda/function:Function",
          name: "fn",
          deps: { environment: ["kafka"], vpcConfig: ["subnet-a"] },
        },
      ]),
    );
    assert.deepStrictEqual(cp.needless, [{ resource: "fn", waitsFor: "kafka" }]);
    assert.deepStrictEqual(cp.floor.chain, ["vpc", "subnet-a", "kafka"]);
    assert.strictEqual(cp.firstDeploy.p50, 5 + 3 + 1800 + 2);
    assert.strictEqual(cp.floor.p50, 5 + 3 + 1800);
  });

  it("keeps what AWS requires that a component-level view drops: the cluster before its storage scaling", () => {
    const cp = criticalPath(
      graph([
        ...network,
        { type: "aws:msk/cluster:Cluster", name: "kafka", deps: { brokerNodeGroupInfo: ["subnet-a"] } },
        { type: "aws:appautoscaling/target:Target", name: "storage", deps: { resourceId: ["kafka"] } },
        {
          type: "aws:appautoscaling/policy:Policy",
          name: "storage-policy",
          deps: { resourceId: ["storage"] },
        },
      ]),
    );
    assert.deepStrictEqual(cp.floor.chain, ["vpc", "subnet-a", "kafka", "storage", "storage-policy"]);
    assert.strictEqual(cp.floor.p50, 5 + 3 + 1800 + 2 + 2);
    assert.strictEqual(cp.ratio.p50, 1);
  });

  it("puts a certificate's validation before what uses it, and reports it when the program does not", () => {
    const edge: Spec[] = [
      { type: "aws:route53/zone:Zone", name: "zone" },
      { type: "aws:acm/certificate:Certificate", name: "cert" },
      {
        type: "aws:route53/record:Record",
        name: "validation-record",
        deps: { zoneId: ["zone"], name: ["cert"] },
      },
      {
        type: "aws:acm/certificateValidation:CertificateValidation",
        name: "cert-validation",
        deps: { certificateArn: ["cert"], validationRecordFqdns: ["validation-record"] },
      },
    ];
    // The distribution takes the certificate's own ARN, not the validation's: AWS would reject it while
    // the certificate is pending.
    const racing = criticalPath(
      graph([
        ...edge,
        {
          type: "aws:cloudfront/distribution:Distribution",
          name: "cdn",
          deps: { viewerCertificate: ["cert"] },
        },
      ]),
    );
    assert.deepStrictEqual(racing.floor.chain, ["zone", "validation-record", "cert-validation", "cdn"]);
    assert.strictEqual(racing.floor.p50, 45 + 45 + 300 + 600);
    assert.strictEqual(
      racing.firstDeploy.p50,
      2 + 600,
      "the program lets the distribution race the validation",
    );
    assert.ok(racing.ratio.p50 < 1);
    assert.deepStrictEqual(racing.missing, [
      { resource: "cdn", needs: "cert-validation", why: "only an issued certificate can be attached" },
    ]);
    // Wired through the validation, nothing is missing and the ratio is 1.
    const wired = criticalPath(
      graph([
        ...edge,
        {
          type: "aws:cloudfront/distribution:Distribution",
          name: "cdn",
          deps: { viewerCertificate: ["cert-validation"] },
        },
      ]),
    );
    assert.deepStrictEqual(wired.missing, []);
    assert.strictEqual(wired.ratio.p50, 1);
  });

  it("waits for everything under a component another resource depends on", () => {
    const g = graph([
      { type: "platform:x:Thing", name: "component", custom: false },
      { type: "aws:ec2/natGateway:NatGateway", name: "nat", parent: "component" },
      { type: "aws:sqs/queue:Queue", name: "queue", dependsOn: ["component"] },
    ]);
    const cp = criticalPath(g);
    assert.strictEqual(cp.firstDeploy.p50, 120 + 2);
    assert.strictEqual(cp.floor.p50, 120, "a queue does not need a NAT gateway");
  });

  it("rounds durations to what the sources support", () => {
    assert.deepStrictEqual([0, 45, 60, 89, 91, 1812, 3599, 3600, 4230, 7190].map(formatDuration), [
      "0 min",
      "under 1 min",
      "1 min",
      "1 min",
      "2 min",
      "30 min",
      "60 min",
      "1 h",
      "1 h 10 min",
      "2 h",
    ]);
  });

  it("has a prerequisites entry for every catalog type, naming catalog types only", () => {
    assert.deepStrictEqual(Object.keys(PREREQUISITES).sort(), [...CATALOG.keys()].sort());
    for (const [type, p] of Object.entries(PREREQUISITES)) {
      for (const t of p.needs) {
        assert.ok(CATALOG.has(t), `${type} needs ${t}, which the catalog does not list`);
      }
      assert.ok(p.why.length > 3, type);
    }
    for (const r of READY_AFTER) {
      for (const t of [r.type, ...r.after, ...r.usedBy]) {
        assert.ok(CATALOG.has(t), t);
      }
    }
  });

  for (const stack of ["dev", "stage", "prod"]) {
    it(`misses no prerequisite in ${stack}, and its floor is at most the deploy`, async () => {
      const cp = criticalPath((await stackPlan(stack)).resources);
      assert.deepStrictEqual(cp.missing, []);
      assert.ok(cp.ratio.p50 >= 1 && cp.ratio.p90 >= 1, JSON.stringify(cp.ratio));
      assert.ok(cp.floor.chain.length > 0 && cp.chain.length > 0);
    });
  }
});
