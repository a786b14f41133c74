/** Messaging: Amazon MSK, SQS queues and SNS topics. */
import { messaging, none } from "../rules";
import { AWS_DOCS, CatalogEntry, Inputs, plural, shortHash, sizeOf, subnetZones, WAITER } from "./entry";
import { PRICES } from "./prices";
import { aws, EVERY_INPUT } from "./replacement";

const H = PRICES.hoursPerMonth;
const MSK = "Kafka (Amazon MSK)";

export const MESSAGING: readonly CatalogEntry[] = [
  {
    type: "aws:msk/cluster:Cluster",
    replaceOn: aws("msk_cluster", [
      "brokerNodeGroupInfo.azDistribution",
      "brokerNodeGroupInfo.clientSubnets",
      "brokerNodeGroupInfo.securityGroups",
      "clusterName",
      "encryptionInfo.encryptionAtRestKmsKeyArn",
      "encryptionInfo.encryptionInTransit.inCluster",
    ]),
    stateful: "the topics' messages",
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
    unexposed: "broker settings; the cluster's public access is judged by msk-no-public-access",
    replaceOn: aws("msk_configuration", ["kafkaVersions", "name"]),
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
    replaceOn: aws("msk_serverless_cluster", [EVERY_INPUT]),
    stateful: "the topics' messages",
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
    unexposed: "binds a secret (judged) to a cluster (judged); grants nothing else",
    replaceOn: aws("msk_single_scram_secret_association", [EVERY_INPUT]),
    api: none(
      "MSK names up to 64 alphanumerics and hyphens, topic names checked by the config's topic schema",
    ),
    unruled: "binds a SCRAM secret (judged) to a cluster (judged)",
  },
  {
    type: "aws:msk/topic:Topic",
    unexposed: "a topic of a cluster whose public access is judged",
    replaceOn: aws(
      "msk_topic",
      ["clusterArn", "name", "replicationFactor"],
      "partitions can only be added: fewer is rejected by MSK",
    ),
    stateful: "the topic's messages",
    api: none(
      "MSK names up to 64 alphanumerics and hyphens, topic names checked by the config's topic schema",
    ),
    unruled: "a topic of a cluster that is judged",
  },
  {
    type: "aws:sns/topic:Topic",
    replaceOn: aws("sns_topic", ["fifoTopic", "name", "namePrefix"]),
    uniqueName: { property: "name", auto: true },
    api: messaging.TOPIC,
    policies: ["sns-encrypted", "no-public-resource-policy"],
    outputs: ({ inputs, physical, region, account }) => ({
      arn: `arn:aws:sns:${region}:${account}:${typeof inputs.name === "string" ? inputs.name : physical}`,
    }),
    usage: { quantity: "a few thousand notifications (free tier)", monthlyUsd: 0 },
  },
  {
    type: "aws:sns/topicPolicy:TopicPolicy",
    replaceOn: aws("sns_topic_policy", ["arn"]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    policies: ["no-public-resource-policy"],
  },
  {
    type: "aws:sns/topicSubscription:TopicSubscription",
    unexposed:
      "delivers outward to its endpoint; who may subscribe or publish is the topic policy's (judged)",
    replaceOn: aws("sns_topic_subscription", ["endpoint", "endpointAutoConfirms", "protocol", "topic"]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "a subscriber of a topic that is judged",
  },
  {
    type: "aws:sqs/queue:Queue",
    replaceOn: aws("sqs_queue", ["fifoQueue", "name", "namePrefix"]),
    stateful: "messages in flight",
    uniqueName: { property: "name", auto: true },
    api: messaging.QUEUE,
    policies: ["sqs-encrypted", "no-public-resource-policy"],
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
    replaceOn: aws("sqs_queue_policy", ["queueUrl"]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    policies: ["no-public-resource-policy"],
  },
  {
    type: "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy",
    unexposed: "names the source queues of a dead-letter queue; grants no principal",
    replaceOn: aws("sqs_queue_redrive_allow_policy", ["queueUrl"]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "which queues may use a dead-letter queue",
  },
];
