import * as assert from "assert";

import { cidrClaims, CONFIG_KEYS, RawStackConfig, validateStackConfig } from "../../stacks/config";
import { RecordedResource } from "../../tools/engine/mockEngine";
import { Plan, planStack } from "../../tools/engine/plan";
import { readStackFiles, StackFiles } from "../../tools/engine/stackFiles";
import { display } from "../../tools/engine/wire";
import { BASE_VALUES, withOrganization } from "../helpers/config";
import { devFilesWith, planWithParts } from "../helpers/devParts";
import { byUrn, expectedProvider, inputs, ofType, propertyDeps, stackPlan } from "../helpers/graph";

const VALID = BASE_VALUES;

const TOPICS = JSON.stringify([{ name: "orders" }, { name: "payments" }]);
const CLIENTS = JSON.stringify([
  { name: "orders", read: ["payments"], write: ["orders"] },
  { name: "payments", read: ["orders"], write: ["payments"] },
]);

function raw(
  values: Record<string, string | undefined>,
  extra: Partial<RawStackConfig> = {},
): RawStackConfig {
  const merged = Object.fromEntries(
    Object.entries({ ...VALID, ...values }).filter(([, v]) => v !== undefined),
  ) as Record<string, string>;
  return { ...withOrganization({ stack: "dev", region: "eu-west-1", values: merged }), ...extra };
}

/** Every problem as `key: message`. */
function problems(config: RawStackConfig): string[] {
  const result = validateStackConfig(config);
  assert.ok(!result.ok, "expected the config to be rejected");
  return result.problems.map((p) => `${p.key}: ${p.message}`);
}

describe("messaging and VPN config", () => {
  it("defaults to no Kafka and no VPN, with the tier's MSK and Confluent sizes", () => {
    const result = validateStackConfig(raw({}));
    assert.ok(result.ok);
    const c = result.config;
    assert.deepStrictEqual(
      [c.kafkaProvider, c.vpn, c.mskMode, c.mskKafkaVersion, c.kafkaTopics, c.kafkaClients],
      ["none", false, "provisioned", "3.8.x", [], []],
    );
    assert.deepStrictEqual(
      [c.mskInstanceType, c.mskBrokerCount, c.confluentClusterType, c.confluentNetworkCidr],
      [
        CONFIG_KEYS.mskInstanceType.tierDefault.dev,
        CONFIG_KEYS.mskBrokerCount.tierDefault.dev,
        CONFIG_KEYS.confluentClusterType.tierDefault.dev,
        CONFIG_KEYS.confluentNetworkCidr.tierDefault.dev,
      ],
    );
    assert.deepStrictEqual(
      [c.vpnPort, c.vpnProtocol, c.vpnAllowedCidrs, c.vpnClientPool],
      [1194, "udp", [], CONFIG_KEYS.vpnClientPool.tierDefault.dev],
    );
  });

  it("fills in topic and client defaults", () => {
    const result = validateStackConfig(
      raw({
        kafkaProvider: "msk",
        kafkaTopics: TOPICS,
        kafkaClients: JSON.stringify([{ name: "audit", read: ["orders"] }]),
      }),
    );
    assert.ok(result.ok);
    assert.deepStrictEqual(result.config.kafkaTopics[0], {
      name: "orders",
      partitions: 6,
      retentionHours: 168,
      cleanupPolicy: "delete",
    });
    assert.deepStrictEqual(result.config.kafkaClients, [{ name: "audit", read: ["orders"], write: [] }]);
  });

  it("claims the peered Confluent network and the VPN client pool only when they are in use", () => {
    const draft = (values: Record<string, string>): ReturnType<typeof cidrClaims> => {
      const result = validateStackConfig(raw(values));
      assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
      return cidrClaims(result.config);
    };
    assert.deepStrictEqual(
      draft({}).map((c) => c.key),
      ["platform:vpcCidr"],
    );
    assert.deepStrictEqual(
      draft({
        kafkaProvider: "confluent",
        confluentClusterType: "dedicated",
        vpn: "true",
        vpnAllowedCidrs: '["0.0.0.0/0"]',
      }),
      [
        { key: "platform:vpcCidr", cidr: "10.10.0.0/16" },
        { key: "platform:confluentNetworkCidr", cidr: "172.24.0.0/16" },
        { key: "platform:vpnClientPool", cidr: "10.250.8.0/22" },
      ],
    );
    assert.deepStrictEqual(
      draft({ kafkaProvider: "confluent", confluentClusterType: "standard" }).map((c) => c.key),
      ["platform:vpcCidr"],
      "a standard cluster is not peered",
    );
  });

  const badConfigs: Array<{ name: string; config: RawStackConfig; expect: string }> = [
    {
      name: "an unknown Kafka provider",
      config: raw({ kafkaProvider: "kafka" }),
      expect: 'platform:kafkaProvider: got "kafka"; allowed values: "msk", "confluent", "none"',
    },
    {
      name: "a broker count that does not fit the AZs",
      config: raw({ kafkaProvider: "msk", azCount: "3", mskBrokerCount: "4" }),
      expect:
        "platform:mskBrokerCount: got 4; brokers spread evenly over 3 Availability Zones (platform:azCount 3): use a multiple of 3",
    },
    {
      name: "a tier's default broker count that does not fit the AZs the stack asks for",
      config: raw({ kafkaProvider: "msk", azCount: "3" }),
      expect:
        "platform:mskBrokerCount: got 2 (the dev default); brokers spread evenly over 3 Availability Zones (platform:azCount 3): use a multiple of 3",
    },
    {
      name: "brokers over more AZs than MSK uses",
      config: raw({ kafkaProvider: "msk", azCount: "4", mskBrokerCount: "4" }, { region: "us-east-1" }),
      expect:
        "platform:mskBrokerCount: got 4; brokers spread evenly over 3 Availability Zones (platform:azCount 4, of which MSK uses 3): use a multiple of 3",
    },
    {
      name: "fewer than 3 brokers in prod",
      config: raw({ tier: "prod", kafkaProvider: "msk", azCount: "2", mskBrokerCount: "2" }),
      expect:
        "platform:mskBrokerCount: got 2; prod runs at least 3 brokers, so that topics keep 3 replicas with 2 in sync when a broker is lost",
    },
    {
      name: "a storage maximum below the volume",
      config: raw({ kafkaProvider: "msk", mskVolumeGiB: "500", mskMaxVolumeGiB: "100" }),
      expect:
        "platform:mskMaxVolumeGiB: got 100; must be at least platform:mskVolumeGiB (500): storage never shrinks",
    },
    {
      name: "an unknown MSK version",
      config: raw({ mskKafkaVersion: "2.8.1" }),
      expect:
        'platform:mskKafkaVersion: got "2.8.1"; allowed values: "3.6.0", "3.7.x", "3.8.x", "3.9.x", "4.0.x"',
    },
    {
      name: "an MSK broker type without its kafka. prefix",
      config: raw({ mskInstanceType: "m5.large" }),
      expect:
        'platform:mskInstanceType: got "m5.large"; a standard MSK broker type: kafka.t3.small, kafka.m5.<size> or kafka.m7g.<size>',
    },
    {
      name: "a SCRAM client on MSK Serverless",
      config: raw({
        kafkaProvider: "msk",
        mskMode: "serverless",
        kafkaTopics: TOPICS,
        kafkaClients: JSON.stringify([{ name: "legacy", read: ["orders"], auth: "scram" }]),
      }),
      expect:
        'platform:kafkaClients[0].auth: got "scram"; MSK Serverless supports IAM authentication only (auth: iam)',
    },
    {
      name: "a SCRAM client on provisioned MSK, which IAM could not limit to its topics",
      config: raw({
        kafkaProvider: "msk",
        mskMode: "provisioned",
        kafkaTopics: TOPICS,
        kafkaClients: JSON.stringify([{ name: "legacy", read: ["orders"], auth: "scram" }]),
      }),
      expect:
        'platform:kafkaClients[0].auth: got "scram"; the platform limits each client to its topics through IAM, which SCRAM clients bypass (they would need Kafka ACLs it does not manage): use auth: iam',
    },
    {
      name: "an MSK auth mode on a Confluent client",
      config: raw({
        kafkaProvider: "confluent",
        kafkaTopics: TOPICS,
        kafkaClients: JSON.stringify([{ name: "orders", write: ["orders"], auth: "iam" }]),
      }),
      expect:
        'platform:kafkaClients[0].auth: got "iam"; auth applies to MSK only: Confluent clients authenticate with an API key (remove it)',
    },
    {
      name: "an unknown auth mode",
      config: raw({ kafkaClients: JSON.stringify([{ name: "orders", write: ["orders"], auth: "oauth" }]) }),
      expect: 'platform:kafkaClients[0].auth: got "oauth"; allowed values: "iam", "scram"',
    },
    {
      name: "a client naming an undeclared topic",
      config: raw({
        kafkaProvider: "msk",
        kafkaTopics: TOPICS,
        kafkaClients: JSON.stringify([{ name: "billing", read: ["invoices"] }]),
      }),
      expect:
        'platform:kafkaClients[0].read[0]: got "invoices"; not a topic declared in platform:kafkaTopics (declared: orders, payments)',
    },
    {
      name: "a duplicate topic",
      config: raw({
        kafkaProvider: "msk",
        kafkaTopics: JSON.stringify([{ name: "orders" }, { name: "orders" }]),
      }),
      expect: 'platform:kafkaTopics[1].name: got "orders"; topic names must be unique (also declared at [0])',
    },
    {
      name: "a topic name Kafka would take but IAM and ACLs would not",
      config: raw({ kafkaTopics: JSON.stringify([{ name: "Orders!" }]) }),
      expect:
        "platform:kafkaTopics[0].name: got \"Orders!\"; a topic name: 1..249 of a-z, 0-9, '.', '_', '-', starting with a letter or digit",
    },
    {
      name: "topics and clients with no Kafka",
      config: raw({ kafkaTopics: TOPICS, kafkaClients: CLIENTS }),
      expect:
        'platform:kafkaProvider: is "none" but platform:kafkaTopics and platform:kafkaClients declare 2 topic(s) and 2 client(s); set it to msk or confluent, or remove them',
    },
    {
      name: "a Confluent network CIDR that overlaps the VPC",
      config: raw({
        kafkaProvider: "confluent",
        confluentClusterType: "dedicated",
        confluentNetworkCidr: "10.10.0.0/16",
      }),
      expect:
        "platform:confluentNetworkCidr: platform:confluentNetworkCidr (10.10.0.0/16) overlaps platform:vpcCidr (10.10.0.0/16); each block must be disjoint so that routes are unambiguous",
    },
    {
      name: "a Confluent network CIDR in a block Confluent reserves",
      config: raw({
        kafkaProvider: "confluent",
        confluentClusterType: "dedicated",
        confluentNetworkCidr: "172.31.0.0/16",
      }),
      expect:
        'platform:confluentNetworkCidr: got "172.31.0.0/16"; overlaps 172.31.0.0/16, which Confluent Cloud reserves (avoid 10.100.0.0/16, 10.255.0.0/16, 172.17.0.0/16, 172.20.0.0/16, 172.31.0.0/16)',
    },
    {
      name: "a Confluent network that is not a /16",
      config: raw({
        kafkaProvider: "confluent",
        confluentClusterType: "dedicated",
        confluentNetworkCidr: "172.24.0.0/20",
      }),
      expect:
        'platform:confluentNetworkCidr: got "172.24.0.0/20"; a Confluent peering network is a /16 (got /20)',
    },
    {
      name: "a VPC peered with Confluent inside a block Confluent reserves",
      config: raw({
        vpcCidr: "10.100.0.0/16",
        kafkaProvider: "confluent",
        confluentClusterType: "dedicated",
      }),
      expect:
        'platform:vpcCidr: got "10.100.0.0/16"; overlaps 10.100.0.0/16, which Confluent Cloud reserves: a VPC peered with a dedicated cluster must avoid it',
    },
    {
      name: "a dedicated cluster with one CKU",
      config: raw({ kafkaProvider: "confluent", confluentClusterType: "dedicated", confluentCku: "1" }),
      expect:
        "platform:confluentCku: got 1; a dedicated cluster runs in three zones and needs at least 2 CKUs",
    },
    {
      name: "a VPN port that collides with sshd",
      config: raw({ vpn: "true", vpnAllowedCidrs: '["0.0.0.0/0"]', vpnPort: "22", vpnProtocol: "tcp" }),
      expect:
        "platform:vpnPort: got 22/tcp; collides with another listener: sshd listens there, and SSH is never opened to clients (operators use Session Manager). Use another port (OpenVPN's default is 1194)",
    },
    {
      name: "a VPN port that collides with the OpenVPN management interface",
      config: raw({ vpnPort: "7505" }),
      expect:
        "platform:vpnPort: got 7505/udp; collides with another listener: the OpenVPN management interface listens there. Use another port (OpenVPN's default is 1194)",
    },
    {
      name: "a VPN with no client CIDRs",
      config: raw({ vpn: "true" }),
      expect:
        "platform:vpnAllowedCidrs: is empty, but platform:vpn is on; list the source CIDRs admitted to the VPN port (your offices' egress ranges, or 0.0.0.0/0 for roaming operators who hold certificates)",
    },
    {
      name: "a malformed VPN client CIDR",
      config: raw({ vpn: "true", vpnAllowedCidrs: '["198.51.100.0/24","10.0.0.0"]' }),
      expect:
        'platform:vpnAllowedCidrs[1]: got "10.0.0.0"; "10.0.0.0" is not an IPv4 CIDR block (expected a.b.c.d/n)',
    },
    {
      name: "a VPN client pool that overlaps the VPC",
      config: raw({ vpn: "true", vpnAllowedCidrs: '["0.0.0.0/0"]', vpnClientPool: "10.10.8.0/22" }),
      expect:
        "platform:vpnClientPool: platform:vpnClientPool (10.10.8.0/22) overlaps platform:vpcCidr (10.10.0.0/16); each block must be disjoint so that routes are unambiguous",
    },
    {
      name: "a VPN client pool that overlaps the peered Confluent network",
      config: raw({
        kafkaProvider: "confluent",
        confluentClusterType: "dedicated",
        vpn: "true",
        vpnAllowedCidrs: '["0.0.0.0/0"]',
        vpnClientPool: "172.24.4.0/24",
      }),
      expect:
        "platform:vpnClientPool: platform:vpnClientPool (172.24.4.0/24) overlaps platform:confluentNetworkCidr (172.24.0.0/16); each block must be disjoint so that routes are unambiguous",
    },
    {
      name: "a public VPN client pool",
      config: raw({ vpnClientPool: "100.64.0.0/22" }),
      expect:
        'platform:vpnClientPool: got "100.64.0.0/22"; must lie inside an RFC 1918 range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)',
    },
    {
      name: "a VPN client pool too large",
      config: raw({ vpnClientPool: "10.0.0.0/8" }),
      expect: 'platform:vpnClientPool: got "10.0.0.0/8"; a client pool is /16 to /27',
    },
    {
      name: "an x86 VPN instance type for the ARM image",
      config: raw({ vpnInstanceType: "t3.small" }),
      expect:
        'platform:vpnInstanceType: got "t3.small"; an ARM (Graviton) instance type such as t4g.small or c7g.medium',
    },
  ];

  for (const c of badConfigs) {
    it(`rejects ${c.name}`, () => {
      const found = problems(c.config);
      assert.ok(found.includes(c.expect), `expected:\n  ${c.expect}\ngot:\n  ${found.join("\n  ")}`);
    });
  }

  it("reports one problem per fault", () => {
    assert.deepStrictEqual(problems(raw({ kafkaProvider: "msk", azCount: "3", mskBrokerCount: "4" })), [
      "platform:mskBrokerCount: got 4; brokers spread evenly over 3 Availability Zones (platform:azCount 3): use a multiple of 3",
    ]);
    assert.deepStrictEqual(problems(raw({ vpn: "true", vpnPort: "22" })), [
      "platform:vpnPort: got 22/udp; collides with another listener: sshd listens there, and SSH is never opened to clients (operators use Session Manager). Use another port (OpenVPN's default is 1194)",
      "platform:vpnAllowedCidrs: is empty, but platform:vpn is on; list the source CIDRs admitted to the VPN port (your offices' egress ranges, or 0.0.0.0/0 for roaming operators who hold certificates)",
    ]);
  });
});

/** A stack's real files with some `platform:` values replaced (and secrets added). */
function withConfig(
  stack: string | StackFiles,
  values: Record<string, unknown>,
  secrets: Record<string, string> = {},
): StackFiles {
  const files = typeof stack === "string" ? readStackFiles(stack) : stack;
  const config = { ...files.config };
  for (const [k, v] of Object.entries(values)) {
    config[k.includes(":") ? k : `platform:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
  }
  Object.assign(config, secrets);
  return { ...files, config, secretKeys: [...files.secretKeys, ...Object.keys(secrets)] };
}

function assertPlanned(plan: Plan): void {
  assert.deepStrictEqual(plan.problems, []);
  assert.strictEqual(plan.error, undefined, plan.error?.stack);
  assert.deepStrictEqual(plan.engineErrors, []);
}

function tierOf(subnet: RecordedResource): string {
  return (inputs(subnet).tags as Record<string, string>).tier;
}

describe("messaging and VPN in the stacks", function () {
  it("runs MSK in stage and prod and in dev once turned back on, and the VPN in stage and prod only", async () => {
    // Dev leaves Kafka out to stay within its cost (docs/cost.md).
    assert.strictEqual(ofType((await stackPlan("dev")).resources, "aws:msk/cluster:Cluster").length, 0);
    for (const stack of ["dev", "stage", "prod"]) {
      const plan = await planWithParts(stack);
      assert.strictEqual(ofType(plan.resources, "aws:msk/cluster:Cluster").length, 1, stack);
      assert.strictEqual(
        ofType(plan.resources, "aws:autoscaling/group:Group").length,
        stack === "dev" ? 0 : 1,
        stack,
      );
    }
    const prod = inputs(ofType((await stackPlan("prod")).resources, "aws:msk/cluster:Cluster")[0]);
    assert.strictEqual(prod.numberOfBrokerNodes, 3);
    assert.strictEqual((prod.brokerNodeGroupInfo as Record<string, unknown>).instanceType, "kafka.m7g.large");
  });

  it("puts the brokers in private subnets, one per AZ", async () => {
    const plan = await stackPlan("prod");
    const cluster = ofType(plan.resources, "aws:msk/cluster:Cluster")[0];
    const subnets = propertyDeps(plan.resources, cluster, "brokerNodeGroupInfo").filter(
      (r) => r.type === "aws:ec2/subnet:Subnet",
    );
    assert.deepStrictEqual(subnets.map(tierOf), ["private", "private", "private"]);
  });

  it("has the VPN as the only instance in a public subnet, with IMDSv2, an encrypted disk and no key pair", async () => {
    for (const stack of ["stage", "prod"]) {
      const plan = await stackPlan(stack);
      const urns = byUrn(plan.resources);
      for (const asg of ofType(plan.resources, "aws:autoscaling/group:Group")) {
        const tiers = asg.propertyDependencies.vpcZoneIdentifiers.map((u) => tierOf(urns.get(u)!));
        const isVpn = asg.parent?.endsWith("platform:access:VpnServer::vpn") ?? false;
        assert.ok(!tiers.includes("public") || isVpn, `${asg.urn} in a public subnet`);
      }
      assert.strictEqual(ofType(plan.resources, "aws:ec2/instance:Instance").length, 0, stack);
      for (const lt of ofType(plan.resources, "aws:ec2/launchTemplate:LaunchTemplate")) {
        const i = inputs(lt);
        assert.strictEqual((i.metadataOptions as Record<string, unknown>).httpTokens, "required");
        assert.strictEqual(i.keyName, undefined);
        const ebs = (i.blockDeviceMappings as Array<{ ebs: Record<string, unknown> }>)[0].ebs;
        assert.strictEqual(ebs.encrypted, "true");
        assert.deepStrictEqual(
          propertyDeps(plan.resources, lt, "blockDeviceMappings").map((r) => r.type),
          ["aws:kms/key:Key"],
        );
        for (const nic of i.networkInterfaces as Array<Record<string, unknown>>) {
          assert.strictEqual(nic.associatePublicIpAddress, "false");
        }
      }
    }
  });

  it("opens nothing to the internet but the public ALB's 80/443 and the VPN port", async () => {
    const plan = await stackPlan("stage");
    const open = ofType(plan.resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
      .map((r) => inputs(r))
      .filter((i) => i.cidrIpv4 === "0.0.0.0/0" || i.cidrIpv6 === "::/0");
    assert.deepStrictEqual(
      open.map((i) => `${i.ipProtocol as string}/${i.fromPort as number}-${i.toPort as number}`).sort(),
      ["tcp/443-443", "tcp/80-80", "udp/1194-1194"],
    );
  });

  it("exports kafka and vpn in every stack, null where absent", async () => {
    const dev = display((await stackPlan("dev", "up")).outputs) as Record<string, unknown>;
    assert.strictEqual(dev.vpn, null);
    assert.strictEqual(dev.kafka, null);
    const devKafka = display((await planWithParts("dev", "up")).outputs) as Record<string, unknown>;
    assert.strictEqual((devKafka.kafka as Record<string, unknown>).provider, "msk");
    const prod = display((await stackPlan("prod", "up")).outputs) as Record<string, Record<string, unknown>>;
    assert.deepStrictEqual(
      [prod.vpn.port, prod.vpn.protocol, prod.vpn.operatorsGroup],
      [1194, "udp", "platform-prod-vpn-operators"],
    );
    assert.deepStrictEqual(Object.keys(prod.kafka.clients as object).sort(), [
      "notifications",
      "orders",
      "payments",
    ]);
  });

  it("plans prod on a dedicated Confluent cluster peered with the VPC, accepted and routed from the private tier", async () => {
    const files = withConfig(
      "prod",
      { kafkaProvider: "confluent" },
      {
        "confluentcloud:cloudApiKey": "[secret]",
        "confluentcloud:cloudApiSecret": "[secret]",
      },
    );
    for (const up of [false, true]) {
      const plan = await planStack("prod", { files, up });
      assertPlanned(plan);
      const r = plan.resources;
      assert.strictEqual(ofType(r, "aws:msk/cluster:Cluster").length, 0);
      assert.strictEqual(ofType(r, "confluentcloud:index/kafkaCluster:KafkaCluster").length, 1);
      const provider = ofType(r, "pulumi:providers:confluentcloud")[0];
      assert.strictEqual(
        inputs(provider).cloudApiKey,
        "[secret]",
        "credentials from the provider's own config",
      );
      for (const x of r.filter((y) => y.custom && !y.type.startsWith("pulumi:providers:"))) {
        assert.ok(x.provider?.endsWith(`::${expectedProvider(x)}`), `${x.urn} uses ${x.provider}`);
      }
      const urns = byUrn(r);
      const routes = ofType(r, "aws:ec2/route:Route").filter(
        (x) => inputs(x).destinationCidrBlock === "172.26.0.0/16",
      );
      assert.strictEqual(routes.length, 3);
      for (const route of routes) {
        const table = urns.get(route.propertyDependencies.routeTableId[0])!;
        assert.strictEqual((inputs(table).tags as Record<string, string>).tier, "private");
        assert.deepStrictEqual(
          propertyDeps(r, route, "vpcPeeringConnectionId").map((x) => x.type),
          ["aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter"],
        );
      }
      if (up) {
        const kafka = (display(plan.outputs) as Record<string, Record<string, unknown>>).kafka;
        assert.deepStrictEqual(
          [kafka.provider, kafka.authMode, kafka.networkMode, kafka.networkCidr],
          ["confluent", "api-key", "peering", "172.26.0.0/16"],
        );
      }
    }
  });

  it("plans stage on a standard Confluent cluster with no network to peer, and dev on MSK Serverless", async () => {
    const stage = await planStack("stage", { files: withConfig("stage", { kafkaProvider: "confluent" }) });
    assertPlanned(stage);
    assert.strictEqual(ofType(stage.resources, "confluentcloud:index/network:Network").length, 0);
    assert.deepStrictEqual(
      inputs(ofType(stage.resources, "confluentcloud:index/kafkaCluster:KafkaCluster")[0]).standard,
      {},
    );
    const dev = await planStack("dev", {
      files: withConfig(devFilesWith(["kafka"]), { mskMode: "serverless" }),
      up: true,
    });
    assertPlanned(dev);
    assert.strictEqual(ofType(dev.resources, "aws:msk/serverlessCluster:ServerlessCluster").length, 1);
    assert.strictEqual(ofType(dev.resources, "aws:msk/cluster:Cluster").length, 0);
  });
});
