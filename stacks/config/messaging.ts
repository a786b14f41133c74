/** Kafka: the provider (Amazon MSK or Confluent Cloud), the topics and clients, each provider's sizes. */
import { z } from "zod";

import {
  CONFLUENT_CLUSTER_TYPES,
  confluentNetworkCidrProblems,
  confluentReservedOverlap,
  MIN_MULTI_ZONE_CKU,
} from "../../components/messaging/confluent";
import {
  CLIENT_NAME,
  KAFKA_PROVIDERS,
  kafkaDeclarationProblems,
  MSK_CLIENT_AUTH,
  TOPIC_NAME,
} from "../../components/messaging/kafka";
import {
  MAX_MSK_VOLUME_GIB,
  MSK_INSTANCE_TYPE,
  MSK_KAFKA_VERSIONS,
  MSK_MODES,
  mskBrokerAzs,
} from "../../components/messaging/msk";
import { parseCidr } from "../../components/network/cidr";
import { defaultNote } from "./core";
import { ConfigProblem, fullKey, key } from "./engine";
import type { ConfigCheck } from "./index";
import { CIDR } from "./network";

const KAFKA_TOPIC = z.strictObject({
  name: z
    .string()
    .regex(TOPIC_NAME, "a topic name: 1..249 of a-z, 0-9, '.', '_', '-', starting with a letter or digit"),
  partitions: z.number().int().min(1).max(1000).default(6),
  retentionHours: z
    .number()
    .int()
    .min(-1)
    .max(87600)
    .refine((h) => h !== 0, "0 keeps nothing; use -1 (forever) or at least 1")
    .default(168),
  cleanupPolicy: z.enum(["delete", "compact"]).default("delete"),
});
const KAFKA_CLIENT = z.strictObject({
  name: z
    .string()
    .regex(
      CLIENT_NAME,
      "a client name: 2..32 of a-z, 0-9, '-', starting with a letter (usually the service's name)",
    ),
  read: z.array(z.string()).default([]),
  write: z.array(z.string()).default([]),
  auth: z.enum(MSK_CLIENT_AUTH).optional(),
});

export const MESSAGING_KEYS = {
  kafkaProvider: key({
    kind: "string",
    default: "none",
    schema: z.enum(KAFKA_PROVIDERS),
    description: "Kafka of the environment: `msk` (Amazon MSK), `confluent` (Confluent Cloud) or `none`.",
  }),
  kafkaTopics: key({
    kind: "array",
    tierDefault: { dev: [], stage: [], prod: [] },
    schema: z.array(KAFKA_TOPIC).max(200),
    description:
      "Kafka topics to create: a list of {name, partitions (default 6), retentionHours (default 168; -1 keeps forever), cleanupPolicy (delete or compact)}.",
  }),
  kafkaClients: key({
    kind: "array",
    tierDefault: { dev: [], stage: [], prod: [] },
    schema: z.array(KAFKA_CLIENT).max(100),
    description:
      "Kafka clients, one per service: a list of {name, read: [topics], write: [topics], auth (MSK only: iam; scram is refused, since IAM policies are what limit a client to its topics)}. Each gets credentials and a grant limited to its topics and its consumer groups (`<name>`, `<name>.*`).",
  }),
  mskMode: key({
    kind: "string",
    default: "provisioned",
    schema: z.enum(MSK_MODES),
    description:
      "MSK cluster type: `provisioned` brokers, or `serverless` (pay per use, IAM only; MSK Serverless offers no customer-managed key, so the environment key does not encrypt it).",
  }),
  mskKafkaVersion: key({
    kind: "string",
    default: "3.8.x",
    schema: z.enum(MSK_KAFKA_VERSIONS),
    description: `Kafka version of a provisioned MSK cluster (${MSK_KAFKA_VERSIONS.join(", ")}).`,
  }),
  mskInstanceType: key({
    kind: "string",
    tierDefault: { dev: "kafka.t3.small", stage: "kafka.t3.small", prod: "kafka.m7g.large" },
    schema: z
      .string()
      .regex(
        MSK_INSTANCE_TYPE,
        "a standard MSK broker type: kafka.t3.small, kafka.m5.<size> or kafka.m7g.<size>",
      ),
    description: "Broker instance type of a provisioned MSK cluster, for example `kafka.m7g.large`.",
  }),
  mskBrokerCount: key({
    kind: "integer",
    tierDefault: { dev: 2, stage: 3, prod: 3 },
    schema: z.number().int().min(2).max(30),
    description:
      "Brokers of a provisioned MSK cluster (2..30): a multiple of the AZs they spread over (azCount, at most 3); at least 3 in prod.",
  }),
  mskVolumeGiB: key({
    kind: "integer",
    tierDefault: { dev: 20, stage: 100, prod: 500 },
    schema: z.number().int().min(1).max(MAX_MSK_VOLUME_GIB),
    description: `EBS data volume per MSK broker at creation, in GiB (1..${MAX_MSK_VOLUME_GIB}).`,
  }),
  mskMaxVolumeGiB: key({
    kind: "integer",
    tierDefault: { dev: 100, stage: 500, prod: 4000 },
    schema: z.number().int().min(1).max(MAX_MSK_VOLUME_GIB),
    description: `Largest volume per broker that storage autoscaling may grow to, in GiB (mskVolumeGiB..${MAX_MSK_VOLUME_GIB}; equal turns autoscaling off).`,
  }),
  confluentClusterType: key({
    kind: "string",
    tierDefault: { dev: "basic", stage: "standard", prod: "dedicated" },
    schema: z.enum(CONFLUENT_CLUSTER_TYPES),
    description:
      "Confluent Cloud cluster type: `basic` or `standard` (reached over TLS) or `dedicated` (peered with the VPC).",
  }),
  confluentCku: key({
    kind: "integer",
    tierDefault: { dev: 2, stage: 2, prod: 2 },
    schema: z.number().int().min(1).max(100),
    description: `CKUs of a dedicated Confluent cluster (at least ${MIN_MULTI_ZONE_CKU}: it runs in three zones).`,
  }),
  confluentNetworkCidr: key({
    kind: "string",
    tierDefault: { dev: "172.24.0.0/16", stage: "172.25.0.0/16", prod: "172.26.0.0/16" },
    schema: CIDR,
    description:
      "The /16 of a dedicated Confluent cluster's network, peered with the VPC; disjoint from the VPC, every peer and Confluent's reserved blocks.",
  }),
};

/** Kafka: the declared topics and clients, and the settings of the chosen provider. */
const checkKafka: ConfigCheck = (draft, raw) => {
  const problems: ConfigProblem[] = [];
  const topics = draft.kafkaTopics;
  const clients = draft.kafkaClients;
  if (topics !== undefined && clients !== undefined) {
    for (const p of kafkaDeclarationProblems(topics, clients)) {
      problems.push({
        key: fullKey(p.list === "topics" ? "kafkaTopics" : "kafkaClients") + p.path,
        message: p.message,
      });
    }
  }
  const provider = draft.kafkaProvider;
  if (provider === "none") {
    const declared = (topics?.length ?? 0) + (clients?.length ?? 0);
    if (declared > 0) {
      problems.push({
        key: fullKey("kafkaProvider"),
        message:
          `is "none" but ${fullKey("kafkaTopics")} and ${fullKey("kafkaClients")} declare ` +
          `${topics?.length ?? 0} topic(s) and ${clients?.length ?? 0} client(s); set it to msk or confluent, or remove them`,
      });
    }
    return problems;
  }
  const authed = (clients ?? []).map((c, i) => ({ c, i })).filter(({ c }) => c.auth !== undefined);
  if (provider === "msk") {
    const count = draft.mskBrokerCount;
    if (draft.mskMode === "provisioned" && count !== undefined && draft.azCount !== undefined) {
      const azs = mskBrokerAzs(draft.azCount);
      const isDefault = defaultNote(raw, "mskBrokerCount", draft);
      if (count % azs !== 0) {
        const capped = draft.azCount > azs ? `, of which MSK uses ${azs}` : "";
        problems.push({
          key: fullKey("mskBrokerCount"),
          message:
            `got ${count}${isDefault}; brokers spread evenly over ${azs} Availability Zones ` +
            `(${fullKey("azCount")} ${draft.azCount}${capped}): use a multiple of ${azs}`,
        });
      }
      if (draft.tier === "prod" && count < 3) {
        problems.push({
          key: fullKey("mskBrokerCount"),
          message: `got ${count}; prod runs at least 3 brokers, so that topics keep 3 replicas with 2 in sync when a broker is lost`,
        });
      }
    }
    if (
      draft.mskMode === "provisioned" &&
      draft.mskVolumeGiB !== undefined &&
      draft.mskMaxVolumeGiB !== undefined &&
      draft.mskMaxVolumeGiB < draft.mskVolumeGiB
    ) {
      problems.push({
        key: fullKey("mskMaxVolumeGiB"),
        message: `got ${draft.mskMaxVolumeGiB}; must be at least ${fullKey("mskVolumeGiB")} (${draft.mskVolumeGiB}): storage never shrinks`,
      });
    }
    // A client's topics and groups are enforced by its IAM policy, which SASL/SCRAM bypasses: a SCRAM
    // client would need Kafka ACLs, which this program does not manage (no provider reaches the brokers).
    for (const { c, i } of authed.filter(({ c }) => c.auth === "scram")) {
      problems.push({
        key: `${fullKey("kafkaClients")}[${i}].auth`,
        message:
          draft.mskMode === "serverless"
            ? `got "${c.auth}"; MSK Serverless supports IAM authentication only (auth: iam)`
            : `got "${c.auth}"; the platform limits each client to its topics through IAM, which SCRAM clients bypass (they would need Kafka ACLs it does not manage): use auth: iam`,
      });
    }
  }
  if (provider === "confluent") {
    for (const { c, i } of authed) {
      problems.push({
        key: `${fullKey("kafkaClients")}[${i}].auth`,
        message: `got "${c.auth}"; auth applies to MSK only: Confluent clients authenticate with an API key (remove it)`,
      });
    }
    if (draft.confluentClusterType === "dedicated") {
      if (draft.confluentCku !== undefined && draft.confluentCku < MIN_MULTI_ZONE_CKU) {
        problems.push({
          key: fullKey("confluentCku"),
          message: `got ${draft.confluentCku}; a dedicated cluster runs in three zones and needs at least ${MIN_MULTI_ZONE_CKU} CKUs`,
        });
      }
      if (draft.confluentNetworkCidr !== undefined) {
        problems.push(
          ...confluentNetworkCidrProblems(draft.confluentNetworkCidr).map((message) => ({
            key: fullKey("confluentNetworkCidr"),
            message,
          })),
        );
      }
      const vpc = draft.vpcCidr === undefined ? undefined : parseCidr(draft.vpcCidr);
      const reserved =
        vpc === undefined || typeof vpc === "string" ? undefined : confluentReservedOverlap(vpc);
      if (reserved !== undefined) {
        problems.push({
          key: fullKey("vpcCidr"),
          message: `got "${draft.vpcCidr}"; overlaps ${reserved}, which Confluent Cloud reserves: a VPC peered with a dedicated cluster must avoid it`,
        });
      }
    }
  }
  return problems;
};

export const MESSAGING_CHECKS: readonly ConfigCheck[] = [checkKafka];
