/**
 * The change preview on hand-made plan pairs: create, update, replace and delete; replacements forced by
 * the catalog's tables and propagated through references; stateful replacements first; the verdict.
 */
import * as assert from "assert";

import { blocksDeploy, diffInputs, diffPlans, planDoc } from "../../tools/diff/changes";
import { formatChanges, formatChangesMarkdown } from "../../tools/diff/format";
import { COMPUTED, UNKNOWN } from "../../tools/engine/wire";
import { handPlan, handUrn, Spec } from "../helpers/handPlan";

const SUBNET = "aws:ec2/subnet:Subnet";
const MSK = "aws:msk/cluster:Cluster";
const QUEUE = "aws:sqs/queue:Queue";
const TOPIC = "aws:sns/topic:Topic";
const DB = "aws:rds/instance:Instance";
const SG_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

const doc = (specs: Spec[], totalUsd?: number): ReturnType<typeof planDoc> =>
  planDoc("t", handPlan(specs), totalUsd);

const subnet = (name: string, cidrBlock: string): Spec => ({
  type: SUBNET,
  name,
  inputs: { cidrBlock, availabilityZoneId: "euw1-az1", vpcId: UNKNOWN },
});

const cluster = (subnets: string[], extra: Record<string, unknown> = {}): Spec => ({
  type: MSK,
  name: "kafka",
  inputs: {
    clusterName: "kafka",
    numberOfBrokerNodes: 2,
    brokerNodeGroupInfo: { instanceType: "kafka.t3.small", clientSubnets: subnets.map(() => UNKNOWN) },
    ...extra,
  },
  deps: { brokerNodeGroupInfo: subnets },
});

describe("change preview", () => {
  it("lists changed leaves of nested inputs, and a list of another length as a whole", () => {
    assert.deepStrictEqual(
      diffInputs({ a: { b: 1, c: [1, 2] }, d: "x" }, { a: { b: 2, c: [1, 2, 3] }, d: "x", e: true }),
      [
        { path: "a.b", before: 1, after: 2 },
        { path: "a.c", before: [1, 2], after: [1, 2, 3] },
        { path: "e", before: undefined, after: true },
      ],
    );
    assert.deepStrictEqual(diffInputs({ l: [{ p: 1 }] }, { l: [{ p: 2 }] }), [
      { path: "l[0].p", before: 1, after: 2 },
    ]);
  });

  it("creates, updates, replaces and deletes, by URN", () => {
    const before = doc([
      { type: TOPIC, name: "alerts", inputs: { name: "alerts", displayName: "Alerts" } },
      { type: TOPIC, name: "old", inputs: { name: "old" } },
      { type: SG_RULE, name: "rule", inputs: { securityGroupId: "sg-1", fromPort: 443 } },
    ]);
    const after = doc([
      { type: TOPIC, name: "alerts", inputs: { name: "alerts", displayName: "Platform alerts" } },
      { type: TOPIC, name: "new", inputs: { name: "new" } },
      { type: SG_RULE, name: "rule", inputs: { securityGroupId: "sg-2", fromPort: 443 } },
    ]);
    const set = diffPlans(before, after);
    assert.deepStrictEqual(
      set.changes.map((c) => [c.kind, c.name]),
      [
        ["replace", "rule"],
        ["delete", "old"],
        ["create", "new"],
        ["update", "alerts"],
      ],
    );
    assert.deepStrictEqual(set.counts, { create: 1, update: 1, replace: 1, delete: 1 });
    const [rule, , , alerts] = set.changes;
    assert.deepStrictEqual(rule.changes, [
      { path: "securityGroupId", before: "sg-1", after: "sg-2", forces: "securityGroupId" },
    ]);
    assert.deepStrictEqual(alerts.changes, [
      { path: "displayName", before: "Alerts", after: "Platform alerts" },
    ]);
    assert.deepStrictEqual(set.statefulReplacements, []);
    assert.strictEqual(blocksDeploy(set, false), false);
  });

  it("reports no change for identical plans, unknown values included", () => {
    const plan = doc([subnet("a", "10.0.0.0/24"), cluster(["a"])]);
    const set = diffPlans(plan, plan);
    assert.deepStrictEqual(set.changes, []);
    assert.deepStrictEqual(formatChanges(set, "itself", false).slice(1), ["  no change"]);
  });

  it("names the nested property that forces a replacement, and leaves the others as updates", () => {
    const before = doc([subnet("a", "10.0.0.0/24"), subnet("b", "10.0.1.0/24"), cluster(["a"])]);
    const grown = doc([subnet("a", "10.0.0.0/24"), subnet("b", "10.0.1.0/24"), cluster(["a", "b"])]);
    const [msk] = diffPlans(before, grown).changes;
    assert.strictEqual(msk.kind, "replace");
    assert.deepStrictEqual(
      msk.changes.map((c) => [c.path, c.forces]),
      [["brokerNodeGroupInfo.clientSubnets", "brokerNodeGroupInfo.clientSubnets"]],
    );
    const resized = doc([
      subnet("a", "10.0.0.0/24"),
      subnet("b", "10.0.1.0/24"),
      cluster(["a"], { numberOfBrokerNodes: 4 }),
    ]);
    const [update] = diffPlans(before, resized).changes;
    assert.strictEqual(update.kind, "update");
    assert.deepStrictEqual(update.changes, [{ path: "numberOfBrokerNodes", before: 2, after: 4 }]);
  });

  it("propagates a replacement through references: a replaced subnet replaces the cluster in it", () => {
    const before = doc([subnet("a", "10.0.0.0/24"), cluster(["a"])]);
    const after = doc([subnet("a", "10.0.8.0/24"), cluster(["a"])]);
    const set = diffPlans(before, after);
    const byName = new Map(set.changes.map((c) => [c.name, c]));
    assert.deepStrictEqual(byName.get("a")?.changes, [
      { path: "cidrBlock", before: "10.0.0.0/24", after: "10.0.8.0/24", forces: "cidrBlock" },
    ]);
    assert.deepStrictEqual(byName.get("kafka")?.changes, [
      {
        path: "brokerNodeGroupInfo.clientSubnets",
        before: [COMPUTED],
        after: [COMPUTED],
        cause: "a is replaced",
        forces: "brokerNodeGroupInfo.clientSubnets",
      },
    ]);
    // The cluster is stateful: listed first, before the subnet that causes it.
    assert.deepStrictEqual(
      set.changes.map((c) => [c.kind, c.name, c.stateful !== undefined]),
      [
        ["replace", "kafka", true],
        ["replace", "a", false],
      ],
    );
    assert.deepStrictEqual(
      set.statefulReplacements.map((c) => c.name),
      ["kafka"],
    );
  });

  it("updates what refers to a replaced resource through a property that does not force", () => {
    const queue = (kmsMasterKeyId: string): Spec[] => [
      { type: "aws:kms/key:Key", name: "key", inputs: { keyUsage: kmsMasterKeyId } },
      {
        type: QUEUE,
        name: "jobs",
        inputs: { name: "jobs", kmsMasterKeyId: UNKNOWN },
        deps: { kmsMasterKeyId: ["key"] },
      },
    ];
    const set = diffPlans(doc(queue("ENCRYPT_DECRYPT")), doc(queue("SIGN_VERIFY")));
    assert.deepStrictEqual(
      set.changes.map((c) => [c.kind, c.name]),
      [
        ["replace", "key"],
        ["update", "jobs"],
      ],
    );
    assert.deepStrictEqual(set.changes[1].changes, [
      { path: "kmsMasterKeyId", before: COMPUTED, after: COMPUTED, cause: "key is replaced" },
    ]);
  });

  it("sees a reference that moves to another resource though both values are unknown", () => {
    const ref = (to: string): Spec[] => [
      subnet("a", "10.0.0.0/24"),
      subnet("b", "10.0.1.0/24"),
      {
        type: "aws:ec2/routeTableAssociation:RouteTableAssociation",
        name: "rta",
        inputs: { subnetId: UNKNOWN },
        deps: { subnetId: [to] },
      },
    ];
    const [rta] = diffPlans(doc(ref("a")), doc(ref("b"))).changes;
    assert.strictEqual(rta.kind, "replace");
    assert.deepStrictEqual(rta.changes, [
      {
        path: "subnetId",
        before: COMPUTED,
        after: COMPUTED,
        cause: "now refers to b; no longer to a",
        forces: "subnetId",
      },
    ]);
  });

  it("skips what ignoreChanges names", () => {
    const before = handPlan([{ type: QUEUE, name: "q", inputs: { name: "q", delaySeconds: 0 } }]);
    const after = handPlan([{ type: QUEUE, name: "q", inputs: { name: "q2", delaySeconds: 5 } }]);
    after[0].ignoreChanges = ["name"];
    const set = diffPlans(planDoc("t", before), planDoc("t", after));
    assert.deepStrictEqual(
      set.changes.map((c) => [c.kind, c.changes.map((p) => p.path)]),
      [["update", ["delaySeconds"]]],
    );
  });

  it("lists stateful replacements first and fails unless replacements are allowed", () => {
    const before = doc(
      [
        { type: TOPIC, name: "a-topic", inputs: { name: "t1" } },
        { type: DB, name: "postgres", inputs: { identifier: "db", dbName: "app" } },
        { type: QUEUE, name: "z-queue", inputs: { name: "q1" } },
        { type: TOPIC, name: "gone", inputs: { name: "g" } },
        { type: QUEUE, name: "gone-queue", inputs: { name: "gq" } },
      ],
      100,
    );
    const after = doc(
      [
        { type: TOPIC, name: "a-topic", inputs: { name: "t2" } },
        { type: DB, name: "postgres", inputs: { identifier: "db", dbName: "orders" } },
        { type: QUEUE, name: "z-queue", inputs: { name: "q2" } },
        { type: TOPIC, name: "added", inputs: { name: "n" } },
      ],
      87.5,
    );
    const set = diffPlans(before, after);
    assert.deepStrictEqual(
      set.changes.map((c) => `${c.kind} ${c.name}`),
      [
        // Stateful replacements (types sorted): the database, then the queue.
        "replace postgres",
        "replace z-queue",
        "replace a-topic",
        // A stateful deletion before the others.
        "delete gone-queue",
        "delete gone",
        "create added",
      ],
    );
    assert.deepStrictEqual(
      set.statefulReplacements.map((c) => c.name),
      ["postgres", "z-queue"],
    );
    assert.deepStrictEqual(set.cost, { beforeUsd: 100, afterUsd: 87.5, deltaUsd: -12.5 });
    assert.strictEqual(blocksDeploy(set, false), true);
    assert.strictEqual(blocksDeploy(set, true), false);

    const text = formatChanges(set, "before.json", false);
    assert.strictEqual(
      text[0],
      "Changes of stack t against before.json: 3 to replace (2 stateful), 1 to create, 0 to update, 2 to delete",
    );
    assert.strictEqual(
      text[1],
      "  !+- replace aws:rds/instance:Instance  postgres  (stateful: the database)",
    );
    assert.strictEqual(text[2], "          dbName: app -> orders  [forces replacement: dbName]");
    assert.deepStrictEqual(text.slice(-2), [
      "Monthly cost (modeled): $100.00 -> $87.50 (-$12.50)",
      "2 stateful resources would be replaced, losing what they hold: the preview fails (pass --allow-replace to accept)",
    ]);
    assert.match(
      formatChanges(set, "x", true).at(-1) ?? "",
      /2 stateful resources would be replaced, losing what they hold: allowed \(--allow-replace\)$/,
    );
    const markdown = formatChangesMarkdown(set, "main", false);
    assert.match(markdown, /^### Stack `t`: 3 to replace \(2 stateful\)/);
    assert.match(markdown, /\*\*Monthly cost \(modeled\): \$100\.00 -> \$87\.50 \(-\$12\.50\)\*\*/);
    assert.match(markdown, /```diff\n!\+- replace aws:rds\/instance:Instance {2}postgres/);
  });

  it("replaces a resource whose every input forces it, but not for its tags", () => {
    const perm = (principal: string, tags: Record<string, string>): Spec => ({
      type: "aws:lambda/permission:Permission",
      name: "p",
      inputs: { action: "lambda:InvokeFunction", principal, tags },
    });
    const tagged = diffPlans(
      doc([perm("events.amazonaws.com", { a: "1" })]),
      doc([perm("events.amazonaws.com", { a: "2" })]),
    );
    assert.strictEqual(tagged.changes[0].kind, "update");
    const moved = diffPlans(doc([perm("events.amazonaws.com", {})]), doc([perm("sns.amazonaws.com", {})]));
    assert.deepStrictEqual(moved.changes[0].changes[0].forces, "principal");
  });

  it("matches by URN: a renamed resource is a deletion and a creation", () => {
    const set = diffPlans(doc([subnet("a", "10.0.0.0/24")]), doc([subnet("b", "10.0.0.0/24")]));
    assert.deepStrictEqual(
      set.changes.map((c) => [c.kind, c.urn]),
      [
        ["delete", handUrn("a")],
        ["create", handUrn("b")],
      ],
    );
  });
});
