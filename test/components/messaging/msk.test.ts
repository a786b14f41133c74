import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";

import { KafkaOutputs, kafkaOutputs } from "../../../components/messaging/kafka";
import { MSK_PORTS, MskCluster, MskClusterArgs } from "../../../components/messaging/msk";
import { RecordedResource } from "../../../tools/engine/mockEngine";
import { inputs, jsonInput, ofType, propertyDeps, runComponent, single } from "../../helpers/graph";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/env";
const SUBNETS = ["subnet-private-0", "subnet-private-1", "subnet-private-2", "subnet-private-3"];

const ARGS: MskClusterArgs = {
  baseName: "platform-test",
  instanceType: "kafka.m7g.large",
  brokerCount: 3,
  volumeGiB: 100,
  maxVolumeGiB: 1000,
  topics: [
    { name: "orders", partitions: 12, retentionHours: 168, cleanupPolicy: "delete" },
    { name: "profiles", partitions: 3, retentionHours: -1, cleanupPolicy: "compact" },
  ],
  clients: [
    { name: "orders", read: [], write: ["orders"] },
    { name: "billing", read: ["orders"], write: [] },
  ],
  vpcId: "vpc-1",
  subnetIds: SUBNETS,
  servicesSecurityGroupId: "sg-services",
  kmsKeyArn: KEY,
  region: "eu-west-1",
  logRetentionDays: 30,
  protect: true,
};

interface Run {
  resources: RecordedResource[];
  outputs: KafkaOutputs;
}

/** Runs the component as `pulumi up` and exports its connection the way the stack does. */
async function msk(args: Partial<MskClusterArgs> = {}): Promise<Run> {
  let exported: pulumi.Output<KafkaOutputs> | undefined;
  const result = await runComponent(() => {
    exported = kafkaOutputs(new MskCluster("kafka", { ...ARGS, ...args }));
  });
  const outputs = await new Promise<KafkaOutputs>((resolve) => exported!.apply(resolve));
  return { resources: result.resources, outputs };
}

type Doc = { Statement: Array<{ Sid: string; Action: string | string[]; Resource: string | string[] }> };

describe("MskCluster (provisioned)", () => {
  it("spreads brokers over the first three private subnets, encrypted with the key, TLS only, IAM, nothing public", async () => {
    const { resources } = await msk();
    const cluster = inputs(single(resources, "aws:msk/cluster:Cluster"));
    assert.strictEqual(cluster.numberOfBrokerNodes, 3);
    const nodes = cluster.brokerNodeGroupInfo as Record<string, unknown>;
    assert.deepStrictEqual(nodes.clientSubnets, SUBNETS.slice(0, 3));
    assert.deepStrictEqual(nodes.connectivityInfo, { publicAccess: { type: "DISABLED" } });
    assert.deepStrictEqual(nodes.storageInfo, { ebsStorageInfo: { volumeSize: 100 } });
    assert.deepStrictEqual(cluster.encryptionInfo, {
      encryptionAtRestKmsKeyArn: KEY,
      encryptionInTransit: { clientBroker: "TLS", inCluster: true },
    });
    assert.deepStrictEqual(cluster.clientAuthentication, {
      sasl: { iam: true, scram: false },
      unauthenticated: false,
    });
  });

  it("protects the cluster and its topics, and lets storage autoscaling grow the volumes", async () => {
    const { resources } = await msk();
    const cluster = single(resources, "aws:msk/cluster:Cluster");
    assert.strictEqual(cluster.protect, true);
    assert.deepStrictEqual(cluster.ignoreChanges, [
      "brokerNodeGroupInfo.storageInfo.ebsStorageInfo.volumeSize",
    ]);
    const target = inputs(single(resources, "aws:appautoscaling/target:Target"));
    assert.deepStrictEqual(
      { ns: target.serviceNamespace, dim: target.scalableDimension, max: target.maxCapacity },
      { ns: "kafka", dim: "kafka:broker-storage:VolumeSize", max: 1000 },
    );
    const policy = inputs(single(resources, "aws:appautoscaling/policy:Policy"));
    assert.deepStrictEqual(policy.targetTrackingScalingPolicyConfiguration, {
      predefinedMetricSpecification: { predefinedMetricType: "KafkaBrokerStorageUtilization" },
      targetValue: 60,
      disableScaleIn: true,
    });
    const fixed = await msk({ maxVolumeGiB: 100, protect: false });
    assert.strictEqual(ofType(fixed.resources, "aws:appautoscaling/target:Target").length, 0);
    assert.deepStrictEqual(single(fixed.resources, "aws:msk/cluster:Cluster").ignoreChanges, []);
    assert.ok(!fixed.resources.some((r) => r.protect));
  });

  it("logs brokers to a KMS-encrypted log group with retention and attaches the safe configuration", async () => {
    const { resources } = await msk();
    const cluster = single(resources, "aws:msk/cluster:Cluster");
    const group = single(resources, "aws:cloudwatch/logGroup:LogGroup");
    assert.deepStrictEqual(
      { key: inputs(group).kmsKeyId, days: inputs(group).retentionInDays },
      { key: KEY, days: 30 },
    );
    assert.deepStrictEqual(
      propertyDeps(resources, cluster, "loggingInfo").map((r) => r.type),
      ["aws:cloudwatch/logGroup:LogGroup"],
    );
    const config = single(resources, "aws:msk/configuration:Configuration");
    assert.match(inputs(config).serverProperties as string, /auto\.create\.topics\.enable=false/);
    assert.deepStrictEqual(inputs(config).kafkaVersions, ["3.8.x"]);
    assert.deepStrictEqual(
      propertyDeps(resources, cluster, "configurationInfo").map((r) => r.urn),
      [config.urn],
    );
  });

  it("admits only the services group, only on the IAM port", async () => {
    const { resources } = await msk();
    const sg = single(resources, "aws:ec2/securityGroup:SecurityGroup");
    const rules = resources.filter((r) => r.type.startsWith("aws:vpc/securityGroup"));
    assert.deepStrictEqual(
      rules.map((r) => ({
        type: r.type,
        ...pick(inputs(r), "referencedSecurityGroupId", "ipProtocol", "fromPort", "toPort", "cidrIpv4"),
      })),
      [
        {
          type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
          referencedSecurityGroupId: "sg-services",
          ipProtocol: "tcp",
          fromPort: MSK_PORTS.iam,
          toPort: MSK_PORTS.iam,
          cidrIpv4: undefined,
        },
      ],
    );
    assert.deepStrictEqual(rules[0].propertyDependencies.securityGroupId, [sg.urn]);
    assert.deepStrictEqual(inputs(sg).ingress, undefined, "no inline rules");
  });

  it("admits another workload's group on the auth ports through its grant helper", async () => {
    const { resources } = await runComponent(() => {
      const cluster = new MskCluster("kafka", {
        ...ARGS,
        clients: [{ name: "legacy", read: ["orders"], write: [], auth: "scram" }],
      });
      cluster.admit("batch", "sg-batch");
    });
    const fromBatch = ofType(resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
      .filter((r) => inputs(r).referencedSecurityGroupId === "sg-batch")
      .map((r) => `${r.name} ${inputs(r).fromPort as number}`);
    assert.deepStrictEqual(fromBatch, ["kafka-iam-from-batch 9098", "kafka-scram-from-batch 9096"]);
  });

  it("creates the declared topics with 3 replicas and 2 in sync", async () => {
    const { resources } = await msk();
    const topics = ofType(resources, "aws:msk/topic:Topic").map((t) => inputs(t));
    assert.deepStrictEqual(
      topics.map((t) => ({
        name: t.name,
        partitions: t.partitionCount,
        rf: t.replicationFactor,
        configs: JSON.parse(t.configs as string) as unknown,
      })),
      [
        {
          name: "orders",
          partitions: 12,
          rf: 3,
          configs: { "cleanup.policy": "delete", "retention.ms": "604800000", "min.insync.replicas": "2" },
        },
        {
          name: "profiles",
          partitions: 3,
          rf: 3,
          configs: { "cleanup.policy": "compact", "retention.ms": "-1", "min.insync.replicas": "2" },
        },
      ],
    );
  });

  it("gives each IAM client a policy limited to its topics, and exports the common shape", async () => {
    const { resources, outputs } = await msk();
    const billing = ofType(resources, "aws:iam/policy:Policy").find(
      (p) => p.name === "kafka-client-billing",
    )!;
    const doc = jsonInput<Doc>(billing, "policy");
    const arn = outputs.clients.billing.policyArn;
    assert.ok(arn.length > 0);
    const read = doc.Statement.find((s) => s.Sid === "ReadTopics")!;
    assert.strictEqual((read.Resource as string[]).length, 1);
    assert.match(
      (read.Resource as string[])[0],
      /^arn:aws:kafka:eu-west-1:123456789012:topic\/kafka-[0-9a-f]+\/[0-9a-f]+-3\/orders$/,
    );
    assert.ok(!doc.Statement.some((s) => s.Sid === "WriteTopics"), "billing writes nothing");
    assert.deepStrictEqual(Object.keys(outputs).sort(), [
      "authMode",
      "bootstrapServers",
      "clients",
      "networkCidr",
      "networkMode",
      "provider",
      "securityGroupId",
    ]);
    assert.deepStrictEqual(
      {
        provider: outputs.provider,
        auth: outputs.authMode,
        network: outputs.networkMode,
        cidr: outputs.networkCidr,
      },
      { provider: "msk", auth: "iam", network: "vpc", cidr: null },
    );
    assert.match(outputs.bootstrapServers, /:9098(,|$)/);
    assert.ok(outputs.securityGroupId?.startsWith("kafka-sg"));
    assert.deepStrictEqual(
      { ...outputs.clients.billing, policyArn: "" },
      {
        saslMechanism: "AWS_MSK_IAM",
        bootstrapServers: outputs.bootstrapServers,
        secretArn: null,
        policyArn: "",
        read: ["orders"],
        write: [],
      },
    );
  });

  it("alarms per broker on disk use and under-replicated partitions", async () => {
    const { resources } = await msk();
    const alarms = ofType(resources, "aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => inputs(a));
    assert.deepStrictEqual(
      alarms
        .map((a) => `${a.metricName as string}:${(a.dimensions as Record<string, string>)["Broker ID"]}`)
        .sort(),
      [
        "KafkaDataLogsDiskUsed:1",
        "KafkaDataLogsDiskUsed:2",
        "KafkaDataLogsDiskUsed:3",
        "UnderReplicatedPartitions:1",
        "UnderReplicatedPartitions:2",
        "UnderReplicatedPartitions:3",
      ],
    );
    for (const a of alarms) {
      assert.strictEqual(a.namespace, "AWS/Kafka");
      assert.ok((a.dimensions as Record<string, string>)["Cluster Name"].startsWith("kafka-"));
    }
  });
});

describe("MskCluster with SCRAM clients", () => {
  it("opens the SCRAM port too and keeps each SCRAM client's credentials in an AmazonMSK_ secret under the key", async () => {
    const { resources, outputs } = await msk({
      clients: [
        { name: "orders", read: [], write: ["orders"] },
        { name: "legacy", read: ["orders"], write: [], auth: "scram" },
      ],
    });
    const cluster = inputs(single(resources, "aws:msk/cluster:Cluster"));
    assert.deepStrictEqual(cluster.clientAuthentication, {
      sasl: { iam: true, scram: true },
      unauthenticated: false,
    });
    const ports = ofType(resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").map(
      (r) => inputs(r).fromPort,
    );
    assert.deepStrictEqual(ports, [MSK_PORTS.iam, MSK_PORTS.scram]);
    const secret = single(resources, "aws:secretsmanager/secret:Secret");
    assert.strictEqual(inputs(secret).kmsKeyId, KEY);
    assert.match(inputs(secret).namePrefix as string, /^AmazonMSK_platform-test-legacy-/);
    const version = single(resources, "aws:secretsmanager/secretVersion:SecretVersion");
    assert.strictEqual(inputs(version).secretString, "[secret]", "the password is a Pulumi secret");
    assert.deepStrictEqual(version.ignoreChanges, ["secretString"]);
    const association = single(
      resources,
      "aws:msk/singleScramSecretAssociation:SingleScramSecretAssociation",
    );
    assert.ok(association.dependencies.includes(version.urn), "associated only once it has a value");
    const legacy = outputs.clients.legacy;
    assert.strictEqual(legacy.saslMechanism, "SCRAM-SHA-512");
    assert.match(legacy.bootstrapServers, /:9096(,|$)/);
    assert.ok(legacy.secretArn);
    const policy = ofType(resources, "aws:iam/policy:Policy").find((p) => p.name === "kafka-client-legacy")!;
    const doc = jsonInput<Doc>(policy, "policy");
    assert.deepStrictEqual(
      doc.Statement.map((s) => s.Action),
      [["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], "kms:Decrypt"],
    );
  });
});

describe("MskCluster (serverless)", () => {
  it("builds a serverless cluster with IAM in the same private subnets and group, and the same output shape", async () => {
    const { resources, outputs } = await msk({ mode: "serverless" });
    assert.strictEqual(ofType(resources, "aws:msk/cluster:Cluster").length, 0);
    assert.strictEqual(
      ofType(resources, "aws:msk/topic:Topic").length,
      0,
      "the topic API does not serve serverless",
    );
    const cluster = single(resources, "aws:msk/serverlessCluster:ServerlessCluster");
    assert.deepStrictEqual(inputs(cluster).clientAuthentication, { sasl: { iam: { enabled: true } } });
    const vpc = (inputs(cluster).vpcConfigs as Array<Record<string, unknown>>)[0];
    assert.deepStrictEqual(vpc.subnetIds, SUBNETS.slice(0, 3));
    assert.deepStrictEqual(
      propertyDeps(resources, cluster, "vpcConfigs").map((r) => r.type),
      ["aws:ec2/securityGroup:SecurityGroup"],
    );
    assert.strictEqual((vpc.securityGroupIds as string[]).length, 1);
    assert.strictEqual(outputs.provider, "msk");
    assert.match(outputs.bootstrapServers, /:9098$/);
    const orders = ofType(resources, "aws:iam/policy:Policy").find((p) => p.name === "kafka-client-orders")!;
    const write = jsonInput<Doc>(orders, "policy").Statement.find((s) => s.Sid === "WriteTopics")!;
    assert.ok((write.Action as string[]).includes("kafka-cluster:CreateTopic"));
    assert.strictEqual([write.Resource].flat().length, 1);
    assert.match(
      [write.Resource].flat()[0],
      /^arn:aws:kafka:eu-west-1:123456789012:topic\/kafka-[0-9a-f]+\/[0-9a-f]+-s1\/orders$/,
    );
  });

  it("refuses SCRAM clients", async () => {
    await assert.rejects(
      msk({ mode: "serverless", clients: [{ name: "legacy", read: ["orders"], write: [], auth: "scram" }] }),
      /MSK Serverless supports IAM only; client legacy asks for scram/,
    );
  });
});

function pick(o: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}
