/** Messaging: Amazon MSK, SQS queues and SNS topics. */
import { messaging, none } from "../rules";
import { AWS_DOCS, CatalogEntry, Inputs, plural, shortHash, sizeOf, subnetZones, WAITER } from "./entry";
import { PRICES } from "./prices";

const H = PRICES.hoursPerMonth;
const MSK = "Kafka (Amazon MSK)";

export const MESSAGING: readonly CatalogEntry[] = [
  {
    type: "aws:msk/cluster:Cluster",
    api: none(
      "MSK names up to 64 alphanumerics and hyphens, topic names checked by the config's topic schema",
    ),
    policies: ["msk-encrypted", "msk-no-public-access", "only-edge-in-public-subnets"],
    // Reported from about 11 minutes to an hour; the provider's create timeout is 2 hours.
    // https://github.com/hashicorp/terraform-provider-aws/issues/17726 ("routinely close to 60 minutes")
    // https://docs.aws.amazon.com/msk/latest/developerguide/create-cluster.html
    creation: {
      p50: 1800,
      p90: 3600,
      source: `${AWS_DOCS} and provider issues: provisioned MSK clusters take 15-30 minutes, up to an hour`,
    },
    outputs: ({ physical, region, account }) => {
      const brokers = (port: number): string =>
        [1, 2, 3].map((b) => `b-${b}.${physical}.mock.c2.kafka.${region}.amazonaws.com:${port}`).join(",");
      return {
        arn: `arn:aws:kafka:${region}:${account}:cluster/${physical}/${shortHash(physical)}-3`,
        clusterName: physical,
        bootstrapBrokersSaslIam: brokers(9098),
        bootstrapBrokersSaslScram: brokers(9096),
      };
    },
    price: (r, c) => {
      const i = r.inputs;
      const brokers = sizeOf(i.numberOfBrokerNodes, 3);
      const info = (i.brokerNodeGroupInfo ?? {}) as Inputs;
      const storage = sizeOf(
        ((((info.storageInfo ?? {}) as Inputs).ebsStorageInfo ?? {}) as Inputs).volumeSize,
        100,
      );
      const usd =
        c.hourly(String(info.instanceType)) * brokers * H + storage * brokers * PRICES.monthly.mskStorageGb;
      return { usd, basis: `${brokers} x ${String(info.instanceType)}, ${storage} GB each` };
    },
    zoneTier: (r, graph) => {
      const zones = subnetZones(graph, r);
      return {
        resource: r.name,
        tier: `kafka ${r.name}`,
        placement: zones.length >= 2 ? "spread" : "one-of",
        zones,
        why: `brokers in ${zones.length} AZ(s)`,
      };
    },
    diagram: { name: "kafka", position: 50, text: (clusters) => (clusters.length > 0 ? MSK : undefined) },
    size: {
      name: "kafka",
      position: 60,
      text: ([msk]) => {
        const i = msk?.inputs as Inputs | undefined;
        return (
          i &&
          `MSK ${String(i.numberOfBrokerNodes)} x ${String(((i.brokerNodeGroupInfo ?? {}) as Inputs).instanceType)}`
        );
      },
    },
  },
  {
    type: "aws:msk/configuration:Configuration",
    api: none(
      "MSK names up to 64 alphanumerics and hyphens, topic names checked by the config's topic schema",
    ),
    unruled: "broker settings (no auto topic creation, replication); tested by the component",
    outputs: ({ physical, region, account }) => ({
      arn: `arn:aws:kafka:${region}:${account}:configuration/${physical}/${shortHash(physical)}-1`,
      latestRevision: 1,
    }),
  },
  {
    type: "aws:msk/serverlessCluster:ServerlessCluster",
    api: none(
      "MSK names up to 64 alphanumerics and hyphens, topic names checked by the config's topic schema",
    ),
    policies: ["msk-encrypted", "only-edge-in-public-subnets"],
    creation: { p50: 300, p90: 600, source: `${WAITER}; about 5 minutes, up to 10` },
    outputs: ({ physical, region, account }) => ({
      arn: `arn:aws:kafka:${region}:${account}:cluster/${physical}/${shortHash(physical)}-s1`,
      clusterName: physical,
      bootstrapBrokersSaslIam: `boot-${shortHash(physical)}.c1.kafka-serverless.${region}.amazonaws.com:9098`,
    }),
    zoneTier: (r, graph) => ({
      resource: r.name,
      tier: `kafka ${r.name}`,
      placement: "managed",
      zones: subnetZones(graph, r),
      why: "MSK Serverless is multi-AZ",
    }),
    diagram: { name: "kafka", position: 50, text: (clusters) => (clusters.length > 0 ? MSK : undefined) },
  },
  {
    type: "aws:msk/singleScramSecretAssociation:SingleScramSecretAssociation",
    api: none(
      "MSK names up to 64 alphanumerics and hyphens, topic names checked by the config's topic schema",
    ),
    unruled: "binds a SCRAM secret (judged) to a cluster (judged)",
  },
  {
    type: "aws:msk/topic:Topic",
    api: none(
      "MSK names up to 64 alphanumerics and hyphens, topic names checked by the config's topic schema",
    ),
    unruled: "a topic of a cluster that is judged",
  },
  {
    type: "aws:sns/topic:Topic",
    uniqueName: { property: "name", auto: true },
    api: messaging.TOPIC,
    policies: ["sns-encrypted"],
    usage: { quantity: "a few thousand notifications (free tier)", monthlyUsd: 0 },
  },
  {
    type: "aws:sns/topicPolicy:TopicPolicy",
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "who may publish; the topic's encryption is judged by sns-encrypted",
  },
  {
    type: "aws:sns/topicSubscription:TopicSubscription",
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "a subscriber of a topic that is judged",
  },
  {
    type: "aws:sqs/queue:Queue",
    uniqueName: { property: "name", auto: true },
    api: messaging.QUEUE,
    policies: ["sqs-encrypted"],
    usage: { quantity: "5 M requests ($0.40/M)", monthlyUsd: 2 },
    outputs: ({ physical, region, account }) => ({
      arn: `arn:aws:sqs:${region}:${account}:${physical}`,
      url: `https://sqs.${region}.amazonaws.com/${account}/${physical}`,
    }),
    diagram: {
      name: "sqs",
      position: 60,
      text: (all) => {
        const queues = all.filter((q) => !/dlq|dead/.test(q.name));
        return queues.length > 0 ? `SQS (${plural(queues.length, "queue")})` : undefined;
      },
    },
  },
  {
    type: "aws:sqs/queuePolicy:QueuePolicy",
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "denies non-TLS access (tested by the queue component)",
  },
  {
    type: "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy",
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "which queues may use a dead-letter queue",
  },
];
