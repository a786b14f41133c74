import * as assert from "assert";

import {
  bootstrapHostPort,
  confluentAcls,
  confluentAvailability,
  confluentNetworkCidrProblems,
} from "../../../components/messaging/confluent";
import { KafkaClientSpec, kafkaDeclarationProblems, topicConfig } from "../../../components/messaging/kafka";
import {
  mskBrokerAzs,
  mskClientStatements,
  mskReplication,
  mskResourceArn,
  mskServerProperties,
} from "../../../components/messaging/msk";

const CLUSTER =
  "arn:aws:kafka:eu-west-1:123456789012:cluster/platform-prod/0b1c2d3e-aaaa-bbbb-cccc-0123456789ab-3";
const topic = (name: string) => ({
  name,
  partitions: 6,
  retentionHours: 168,
  cleanupPolicy: "delete" as const,
});
const client = (name: string, read: string[], write: string[]): KafkaClientSpec => ({ name, read, write });

describe("Kafka declarations", () => {
  it("accepts topics and clients that name declared topics", () => {
    assert.deepStrictEqual(
      kafkaDeclarationProblems(
        [topic("orders"), topic("payments")],
        [client("orders", ["payments"], ["orders"])],
      ),
      [],
    );
  });

  it("reports duplicate topics and clients, unknown topics and clients that get nothing, with their paths", () => {
    const problems = kafkaDeclarationProblems(
      [topic("orders"), topic("orders")],
      [client("orders", ["invoices"], []), client("orders", [], ["orders"]), client("idle", [], [])],
    );
    assert.deepStrictEqual(problems, [
      {
        list: "topics",
        path: "[1].name",
        message: 'got "orders"; topic names must be unique (also declared at [0])',
      },
      {
        list: "clients",
        path: "[0].read[0]",
        message: 'got "invoices"; not a topic declared in platform:kafkaTopics (declared: orders)',
      },
      {
        list: "clients",
        path: "[1].name",
        message: 'got "orders"; client names must be unique (also declared at [0])',
      },
      {
        list: "clients",
        path: "[2]",
        message: 'client "idle" reads and writes nothing; give it read or write topics, or remove it',
      },
    ]);
  });

  it("turns a topic's retention and cleanup into Kafka settings, -1 keeping forever", () => {
    assert.deepStrictEqual(topicConfig(topic("orders")), {
      "cleanup.policy": "delete",
      "retention.ms": "604800000",
    });
    assert.deepStrictEqual(
      topicConfig({ ...topic("profiles"), cleanupPolicy: "compact", retentionHours: -1 }),
      {
        "cleanup.policy": "compact",
        "retention.ms": "-1",
      },
    );
  });
});

describe("MSK helpers", () => {
  it("spreads brokers over at most three AZs", () => {
    assert.deepStrictEqual([2, 3, 4, 6].map(mskBrokerAzs), [2, 3, 3, 3]);
  });

  it("replicates 3 ways with 2 in sync from 3 brokers, and only as far as 2 brokers allow", () => {
    assert.deepStrictEqual(mskReplication(3), { replicationFactor: 3, minInSyncReplicas: 2 });
    assert.deepStrictEqual(mskReplication(6), { replicationFactor: 3, minInSyncReplicas: 2 });
    assert.deepStrictEqual(mskReplication(2), { replicationFactor: 2, minInSyncReplicas: 1 });
  });

  it("configures brokers without topic auto-creation or unclean elections, ACLs enforced", () => {
    const props = mskServerProperties(3).split("\n");
    for (const line of [
      "auto.create.topics.enable=false",
      "default.replication.factor=3",
      "min.insync.replicas=2",
      "unclean.leader.election.enable=false",
      "allow.everyone.if.no.acl.found=false",
    ]) {
      assert.ok(props.includes(line), line);
    }
    assert.ok(mskServerProperties(2).includes("default.replication.factor=2\nmin.insync.replicas=1"));
  });

  it("derives topic and group ARNs from the cluster ARN and rejects anything else", () => {
    assert.strictEqual(
      mskResourceArn(CLUSTER, "topic", "orders"),
      "arn:aws:kafka:eu-west-1:123456789012:topic/platform-prod/0b1c2d3e-aaaa-bbbb-cccc-0123456789ab-3/orders",
    );
    assert.throws(
      () => mskResourceArn("arn:aws:kafka:eu-west-1:123456789012:topic/x/y/z", "group", "g"),
      /not an MSK cluster ARN/,
    );
  });

  it("grants a client its own topics and consumer groups only", () => {
    const statements = mskClientStatements(CLUSTER, client("orders", ["payments"], ["orders"]));
    const topicArn = (t: string) => mskResourceArn(CLUSTER, "topic", t);
    assert.deepStrictEqual(statements, [
      {
        Sid: "Connect",
        Effect: "Allow",
        Action: ["kafka-cluster:Connect", "kafka-cluster:WriteDataIdempotently"],
        Resource: CLUSTER,
      },
      {
        Sid: "ReadTopics",
        Effect: "Allow",
        Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"],
        Resource: [topicArn("payments")],
      },
      {
        Sid: "OwnConsumerGroups",
        Effect: "Allow",
        Action: ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"],
        Resource: [mskResourceArn(CLUSTER, "group", "orders"), mskResourceArn(CLUSTER, "group", "orders.*")],
      },
      {
        Sid: "WriteTopics",
        Effect: "Allow",
        Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"],
        Resource: [topicArn("orders")],
      },
    ]);
    const resources = statements.flatMap((s) => [s.Resource].flat()) as string[];
    assert.ok(!resources.some((r) => r.includes(":topic/") && r.includes("*")), "no wildcard topic");
  });

  it("gives a pure consumer no write or idempotence, and a serverless writer CreateTopic on its topics", () => {
    const reader = mskClientStatements(CLUSTER, client("audit", ["orders"], []));
    assert.deepStrictEqual(reader[0].Action, ["kafka-cluster:Connect"]);
    assert.ok(!reader.some((s) => s.Sid === "WriteTopics"));
    const writer = mskClientStatements(CLUSTER, client("orders", [], ["orders"]), { serverless: true });
    assert.deepStrictEqual(writer.find((s) => s.Sid === "WriteTopics")?.Action, [
      "kafka-cluster:DescribeTopic",
      "kafka-cluster:WriteData",
      "kafka-cluster:CreateTopic",
    ]);
    assert.ok(
      !writer.some((s) => s.Sid === "OwnConsumerGroups"),
      "no groups for a client that reads nothing",
    );
  });
});

describe("Confluent helpers", () => {
  it("accepts a /16 in the allowed ranges and clear of Confluent's reserved blocks", () => {
    assert.deepStrictEqual(confluentNetworkCidrProblems("172.24.0.0/16"), []);
    assert.deepStrictEqual(confluentNetworkCidrProblems("100.64.0.0/16"), []);
  });

  it("rejects a network that is not a /16, outside the ranges, reserved, or malformed", () => {
    assert.deepStrictEqual(confluentNetworkCidrProblems("172.24.0.0/20"), [
      'got "172.24.0.0/20"; a Confluent peering network is a /16 (got /20)',
    ]);
    assert.deepStrictEqual(confluentNetworkCidrProblems("8.8.0.0/16"), [
      'got "8.8.0.0/16"; must lie inside one of 10.0.0.0/8, 100.64.0.0/10, 172.16.0.0/12, 192.168.0.0/16, 198.18.0.0/15',
    ]);
    assert.deepStrictEqual(confluentNetworkCidrProblems("172.20.0.0/16"), [
      'got "172.20.0.0/16"; overlaps 172.20.0.0/16, which Confluent Cloud reserves (avoid 10.100.0.0/16, 10.255.0.0/16, 172.17.0.0/16, 172.20.0.0/16, 172.31.0.0/16)',
    ]);
    assert.deepStrictEqual(confluentNetworkCidrProblems("172.24.0.1/16"), [
      '"172.24.0.1/16" has host bits set (did you mean 172.24.0.0/16?)',
    ]);
  });

  it("grants READ on read topics and own groups, WRITE on write topics, nothing wider", () => {
    assert.deepStrictEqual(confluentAcls(client("orders", ["payments"], ["orders"])), [
      { resourceType: "TOPIC", resourceName: "payments", patternType: "LITERAL", operation: "READ" },
      { resourceType: "GROUP", resourceName: "orders", patternType: "LITERAL", operation: "READ" },
      { resourceType: "GROUP", resourceName: "orders.", patternType: "PREFIXED", operation: "READ" },
      { resourceType: "TOPIC", resourceName: "orders", patternType: "LITERAL", operation: "WRITE" },
    ]);
    assert.deepStrictEqual(
      confluentAcls(client("producer", [], ["orders", "orders"])).map(
        (a) => a.resourceType + ":" + a.operation,
      ),
      ["TOPIC:WRITE"],
    );
  });

  it("runs basic in one zone and the others across zones; strips the protocol of the bootstrap endpoint", () => {
    assert.deepStrictEqual((["basic", "standard", "dedicated"] as const).map(confluentAvailability), [
      "SINGLE_ZONE",
      "MULTI_ZONE",
      "MULTI_ZONE",
    ]);
    assert.strictEqual(
      bootstrapHostPort("SASL_SSL://pkc-abc.eu-west-1.aws.confluent.cloud:9092"),
      "pkc-abc.eu-west-1.aws.confluent.cloud:9092",
    );
    assert.strictEqual(bootstrapHostPort("pkc-abc:9092"), "pkc-abc:9092");
  });
});
