import * as confluentcloud from "@pulumi/confluentcloud";
import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";

import { ConfluentCluster, ConfluentClusterArgs } from "../../../components/messaging/confluent";
import { KafkaOutputs, kafkaOutputs } from "../../../components/messaging/kafka";
import { MskCluster } from "../../../components/messaging/msk";
import { RecordedResource } from "../../../tools/engine/mockEngine";
import { inputs, jsonInput, ofType, propertyDeps, runComponent, single } from "../../helpers/graph";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/env";

const ARGS: ConfluentClusterArgs = {
  baseName: "platform-test",
  clusterType: "standard",
  cku: 2,
  region: "eu-west-1",
  accountId: "123456789012",
  vpcId: "vpc-1",
  vpcCidr: "10.10.0.0/16",
  privateRouteTableIds: ["rtb-private-0", "rtb-private-1", "rtb-private-2"],
  topics: [
    { name: "orders", partitions: 12, retentionHours: 168, cleanupPolicy: "delete" },
    { name: "payments", partitions: 6, retentionHours: 168, cleanupPolicy: "delete" },
  ],
  clients: [
    { name: "orders", read: ["payments"], write: ["orders"] },
    { name: "billing", read: ["orders"], write: [] },
  ],
  kmsKeyArn: KEY,
  protect: false,
};

interface Run {
  resources: RecordedResource[];
  outputs: KafkaOutputs;
}

async function confluent(args: Partial<ConfluentClusterArgs> = {}): Promise<Run> {
  let exported: pulumi.Output<KafkaOutputs> | undefined;
  const result = await runComponent(() => {
    const provider = new confluentcloud.Provider("confluent", {});
    exported = kafkaOutputs(new ConfluentCluster("kafka", { ...ARGS, ...args }, { providers: [provider] }));
  });
  const outputs = await new Promise<KafkaOutputs>((resolve) => exported!.apply(resolve));
  return { resources: result.resources, outputs };
}

const DEDICATED: Partial<ConfluentClusterArgs> = {
  clusterType: "dedicated",
  networkCidr: "172.26.0.0/16",
  protect: true,
};

describe("ConfluentCluster (standard)", () => {
  it("creates an environment and a multi-zone standard cluster in the region, with no network of its own", async () => {
    const { resources } = await confluent();
    const cluster = inputs(single(resources, "confluentcloud:index/kafkaCluster:KafkaCluster"));
    assert.deepStrictEqual(
      pick(cluster, "availability", "cloud", "region", "standard", "dedicated", "network"),
      {
        availability: "MULTI_ZONE",
        cloud: "AWS",
        region: "eu-west-1",
        standard: {},
        dedicated: undefined,
        network: undefined,
      },
    );
    assert.strictEqual(ofType(resources, "confluentcloud:index/network:Network").length, 0);
    assert.strictEqual(
      ofType(resources, "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter").length,
      0,
    );
    assert.strictEqual(ofType(resources, "aws:ec2/route:Route").length, 0);
    const confluentResources = resources.filter((r) => r.type.startsWith("confluentcloud:index/"));
    assert.ok(
      confluentResources.every((r) => r.provider?.endsWith("::confluent")),
      "all through the explicit provider",
    );
  });

  it("creates the declared topics with the manager's key, which holds CloudClusterAdmin on this cluster only", async () => {
    const { resources } = await confluent();
    const binding = inputs(single(resources, "confluentcloud:index/roleBinding:RoleBinding"));
    assert.strictEqual(binding.roleName, "CloudClusterAdmin");
    assert.match(binding.crnPattern as string, /\/cloud-cluster=lkc-[0-9a-f]+$/);
    const managerKey = ofType(resources, "confluentcloud:index/apiKey:ApiKey").find(
      (k) => k.name === "kafka-manager-key",
    )!;
    assert.ok(
      managerKey.dependencies.some((d) => d.endsWith("::kafka-manager-admin")),
      "the key waits for the role",
    );
    const topics = ofType(resources, "confluentcloud:index/kafkaTopic:KafkaTopic");
    assert.deepStrictEqual(
      topics.map((t) => pick(inputs(t), "topicName", "partitionsCount", "config")),
      [
        {
          topicName: "orders",
          partitionsCount: 12,
          config: { "cleanup.policy": "delete", "retention.ms": "604800000" },
        },
        {
          topicName: "payments",
          partitionsCount: 6,
          config: { "cleanup.policy": "delete", "retention.ms": "604800000" },
        },
      ],
    );
    for (const t of topics) {
      assert.deepStrictEqual(
        propertyDeps(resources, t, "credentials").map((r) => r.name),
        ["kafka-manager-key"],
      );
    }
  });

  it("gives each client a service account, an API key in a KMS-encrypted secret and ACLs on its topics only", async () => {
    const { resources } = await confluent();
    const accounts = ofType(resources, "confluentcloud:index/serviceAccount:ServiceAccount").map(
      (a) => inputs(a).displayName,
    );
    assert.deepStrictEqual(accounts, [
      "platform-test-kafka-manager",
      "platform-test-orders",
      "platform-test-billing",
    ]);
    const acls = ofType(resources, "confluentcloud:index/kafkaAcl:KafkaAcl").map((a) => {
      const i = inputs(a);
      return `${a.name.split("-")[2]}:${i.operation as string}:${i.resourceType as string}:${i.resourceName as string}:${i.patternType as string}:${i.permission as string}`;
    });
    assert.deepStrictEqual(acls, [
      "orders:READ:TOPIC:payments:LITERAL:ALLOW",
      "orders:READ:GROUP:orders:LITERAL:ALLOW",
      "orders:READ:GROUP:orders.:PREFIXED:ALLOW",
      "orders:WRITE:TOPIC:orders:LITERAL:ALLOW",
      "billing:READ:TOPIC:orders:LITERAL:ALLOW",
      "billing:READ:GROUP:billing:LITERAL:ALLOW",
      "billing:READ:GROUP:billing.:PREFIXED:ALLOW",
    ]);
    const billingAcl = ofType(resources, "confluentcloud:index/kafkaAcl:KafkaAcl").find((a) =>
      a.name.startsWith("kafka-client-billing"),
    )!;
    assert.deepStrictEqual(
      propertyDeps(resources, billingAcl, "principal").map((r) => inputs(r).displayName),
      ["platform-test-billing"],
    );
    const secrets = ofType(resources, "aws:secretsmanager/secret:Secret");
    assert.strictEqual(secrets.length, 2);
    for (const s of secrets) {
      assert.strictEqual(inputs(s).kmsKeyId, KEY);
    }
    for (const v of ofType(resources, "aws:secretsmanager/secretVersion:SecretVersion")) {
      assert.strictEqual(inputs(v).secretString, "[secret]");
      assert.deepStrictEqual(
        propertyDeps(resources, v, "secretString")
          .map((r) => r.type)
          .sort(),
        ["confluentcloud:index/apiKey:ApiKey", "confluentcloud:index/kafkaCluster:KafkaCluster"],
      );
    }
    const policy = ofType(resources, "aws:iam/policy:Policy").find((p) => p.name === "kafka-client-billing")!;
    const doc = jsonInput<{ Statement: Array<{ Action: unknown; Resource: unknown }> }>(policy, "policy");
    assert.deepStrictEqual(doc.Statement[0].Action, [
      "secretsmanager:GetSecretValue",
      "secretsmanager:DescribeSecret",
    ]);
    assert.match(doc.Statement[0].Resource as string, /kafka-client-billing/);
  });

  it("exports the same shape as MSK: PLAIN over TLS with the API key secret", async () => {
    const { outputs } = await confluent();
    let mskOutputs: KafkaOutputs | undefined;
    await runComponent(() => {
      kafkaOutputs(
        new MskCluster("msk", {
          baseName: "platform-test",
          instanceType: "kafka.t3.small",
          brokerCount: 3,
          volumeGiB: 10,
          maxVolumeGiB: 10,
          topics: [],
          clients: [{ name: "billing", read: ["orders"], write: [] }],
          vpcId: "vpc-1",
          subnetIds: ["a", "b", "c"],
          servicesSecurityGroupId: "sg-services",
          kmsKeyArn: KEY,
          region: "eu-west-1",
          logRetentionDays: 7,
        }),
      ).apply((o) => (mskOutputs = o));
    });
    assert.deepStrictEqual(Object.keys(outputs).sort(), Object.keys(mskOutputs!).sort());
    assert.deepStrictEqual(
      Object.keys(outputs.clients.billing).sort(),
      Object.keys(mskOutputs!.clients.billing).sort(),
    );
    assert.deepStrictEqual(
      pick(
        outputs as unknown as Record<string, unknown>,
        "provider",
        "authMode",
        "networkMode",
        "securityGroupId",
        "networkCidr",
      ),
      {
        provider: "confluent",
        authMode: "api-key",
        networkMode: "public",
        securityGroupId: null,
        networkCidr: null,
      },
    );
    assert.match(outputs.bootstrapServers, /^pkc-[0-9a-f]+\.eu-west-1\.aws\.confluent\.cloud:9092$/);
    assert.strictEqual(outputs.clients.billing.saslMechanism, "PLAIN");
    assert.ok(outputs.clients.billing.secretArn);
  });
});

describe("ConfluentCluster (dedicated)", () => {
  it("peers a Confluent network with the VPC, accepts the request in the account and routes the private tables only", async () => {
    const { resources, outputs } = await confluent(DEDICATED);
    const network = single(resources, "confluentcloud:index/network:Network");
    assert.deepStrictEqual(pick(inputs(network), "cloud", "region", "connectionTypes", "cidr"), {
      cloud: "AWS",
      region: "eu-west-1",
      connectionTypes: ["PEERING"],
      cidr: "172.26.0.0/16",
    });
    const peering = inputs(single(resources, "confluentcloud:index/peering:Peering"));
    assert.deepStrictEqual(peering.aws, {
      account: "123456789012",
      vpc: "vpc-1",
      routes: ["10.10.0.0/16"],
      customerRegion: "eu-west-1",
    });
    const accepter = single(resources, "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter");
    assert.deepStrictEqual(pick(inputs(accepter), "vpcPeeringConnectionId", "autoAccept"), {
      vpcPeeringConnectionId: "pcx-0123456789abcdef0",
      autoAccept: true,
    });
    const routes = ofType(resources, "aws:ec2/route:Route").map((r) => ({
      ...pick(inputs(r), "routeTableId", "destinationCidrBlock"),
      via: propertyDeps(resources, r, "vpcPeeringConnectionId").map((d) => d.type),
    }));
    assert.deepStrictEqual(
      routes,
      ARGS.privateRouteTableIds.map((routeTableId) => ({
        routeTableId,
        destinationCidrBlock: "172.26.0.0/16",
        via: ["aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter"],
      })),
    );
    assert.deepStrictEqual(
      pick(outputs as unknown as Record<string, unknown>, "networkMode", "networkCidr"),
      { networkMode: "peering", networkCidr: "172.26.0.0/16" },
    );
    const routeUrns = ofType(resources, "aws:ec2/route:Route").map((r) => r.urn);
    for (const dataPlane of [
      ...ofType(resources, "confluentcloud:index/kafkaTopic:KafkaTopic"),
      ...ofType(resources, "confluentcloud:index/kafkaAcl:KafkaAcl"),
    ]) {
      assert.ok(
        routeUrns.every((u) => dataPlane.dependencies.includes(u)),
        `${dataPlane.name} calls the private REST endpoint: it waits for the routes`,
      );
    }
  });

  it("runs a dedicated multi-zone cluster in that network with deletion protection, protected with its topics", async () => {
    const { resources } = await confluent(DEDICATED);
    const cluster = single(resources, "confluentcloud:index/kafkaCluster:KafkaCluster");
    assert.deepStrictEqual(pick(inputs(cluster), "availability", "dedicated", "deletionProtection"), {
      availability: "MULTI_ZONE",
      dedicated: { cku: 2 },
      deletionProtection: true,
    });
    assert.deepStrictEqual(
      propertyDeps(resources, cluster, "network").map((r) => r.type),
      ["confluentcloud:index/network:Network"],
    );
    const protectedTypes = resources.filter((r) => r.protect).map((r) => r.type);
    assert.deepStrictEqual(protectedTypes.sort(), [
      "confluentcloud:index/environment:Environment",
      "confluentcloud:index/kafkaCluster:KafkaCluster",
      "confluentcloud:index/kafkaTopic:KafkaTopic",
      "confluentcloud:index/kafkaTopic:KafkaTopic",
      "confluentcloud:index/network:Network",
    ]);
    for (const key of ofType(resources, "confluentcloud:index/apiKey:ApiKey")) {
      assert.strictEqual(
        inputs(key).disableWaitForReady,
        true,
        "a peered cluster's REST endpoint is private",
      );
    }
  });

  it("refuses a dedicated cluster without a network CIDR", async () => {
    await assert.rejects(
      confluent({ clusterType: "dedicated" }),
      /a dedicated Confluent cluster needs networkCidr/,
    );
  });
});

function pick(o: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}
