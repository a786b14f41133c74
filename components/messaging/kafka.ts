/**
 * What every Kafka of the platform has in common, whichever provider runs it (Amazon MSK or Confluent
 * Cloud): the topics and clients a stack declares, their validation, and the connection shape that
 * services and app teams read. Pure: no resources, tests call these without mocks.
 */
import * as pulumi from "@pulumi/pulumi";

/** Who runs the environment's Kafka: Amazon MSK, Confluent Cloud, or nobody. */
export const KAFKA_PROVIDERS = ["msk", "confluent", "none"] as const;
export type KafkaProviderName = (typeof KAFKA_PROVIDERS)[number];

/** How a client authenticates to MSK: IAM (the default) or SASL/SCRAM with a secret in Secrets Manager. */
export const MSK_CLIENT_AUTH = ["iam", "scram"] as const;
export type MskClientAuth = (typeof MSK_CLIENT_AUTH)[number];

/** Topic names: lower-case Kafka names (a-z, 0-9, '.', '_', '-'), usable in IAM ARNs and ACLs as they are. */
export const TOPIC_NAME = /^[a-z0-9][a-z0-9._-]{0,248}$/;
/** Client names: they become parts of IAM, Secrets Manager and Confluent service account names. */
export const CLIENT_NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;

/** A topic the stack declares (`platform:kafkaTopics`). */
export interface KafkaTopicSpec {
  /** Topic name. */
  name: string;
  /** Partitions (1..1000). Default 6. */
  partitions: number;
  /** Hours a record is kept; -1 keeps records forever. Default 168 (7 days). */
  retentionHours: number;
  /** `delete` old segments, or `compact` to the latest record per key. Default `delete`. */
  cleanupPolicy: "delete" | "compact";
}

/** A Kafka client the stack declares (`platform:kafkaClients`): usually one per service. */
export interface KafkaClientSpec {
  /** Client name; its consumer groups are `<name>` and `<name>.*`. */
  name: string;
  /** Topics it consumes. */
  read: string[];
  /** Topics it produces to. */
  write: string[];
  /** MSK only: `iam` (default) or `scram`. Confluent clients always use an API key. */
  auth?: MskClientAuth;
}

/** The SASL mechanism a client configures (`sasl.mechanism`). Every connection is TLS (SASL_SSL). */
export type SaslMechanism = "AWS_MSK_IAM" | "SCRAM-SHA-512" | "PLAIN";

/** What one client needs to connect: the same shape for MSK and Confluent. */
export interface KafkaClientAccess {
  /** SASL mechanism: AWS_MSK_IAM (MSK IAM), SCRAM-SHA-512 (MSK SCRAM), PLAIN (Confluent API key). */
  saslMechanism: SaslMechanism;
  /** Bootstrap servers for this client's mechanism (`host:port,...`). */
  bootstrapServers: pulumi.Output<string>;
  /** Secret holding `{"username","password"}` (SCRAM and Confluent), or undefined for IAM. */
  secretArn?: pulumi.Output<string>;
  /**
   * Managed IAM policy the client's role needs: MSK IAM grants limited to its topics and groups, or read
   * access to its secret. Attach it to the service's task role.
   */
  policyArn: pulumi.Output<string>;
  /** Topics it may consume. */
  read: string[];
  /** Topics it may produce to. */
  write: string[];
}

/** How the cluster is reached from the VPC. */
export type KafkaNetworkMode = "vpc" | "peering" | "public";

/** The connection shape both Kafka components expose, so services do not care which one runs. */
export interface KafkaConnection {
  readonly provider: "msk" | "confluent";
  /** Default bootstrap servers (IAM on MSK, the API-key endpoint on Confluent). */
  readonly bootstrapServers: pulumi.Output<string>;
  /** `iam` (MSK, plus `scram` clients when declared) or `api-key` (Confluent). */
  readonly authMode: "iam" | "api-key";
  /** `vpc`: brokers in the private subnets; `peering`: a peered Confluent network; `public`: over TLS. */
  readonly networkMode: KafkaNetworkMode;
  /** MSK: the brokers' security group (admits the services group on the auth ports). */
  readonly securityGroupId?: pulumi.Output<string>;
  /** Confluent dedicated: the Confluent network's CIDR, routed from the private subnets. */
  readonly networkCidr?: string;
  /** Per declared client. */
  readonly clients: Readonly<Record<string, KafkaClientAccess>>;
}

/** The plain form of {@link KafkaConnection} as the stack exports it. */
export interface KafkaOutputs {
  /** Which Kafka runs: Amazon MSK or Confluent Cloud. */
  provider: "msk" | "confluent";
  /** Bootstrap servers (host:port, comma-separated). */
  bootstrapServers: string;
  /** How clients authenticate: IAM (MSK) or API keys (Confluent, SCRAM). */
  authMode: "iam" | "api-key";
  /** How the VPC reaches the brokers. */
  networkMode: KafkaNetworkMode;
  /** MSK only, else null. */
  securityGroupId: string | null;
  /** Confluent dedicated only, else null. */
  networkCidr: string | null;
  /** The declared clients, by name. */
  clients: Record<
    string,
    {
      /** SASL mechanism the client uses. */
      saslMechanism: SaslMechanism;
      /** Bootstrap servers for this client's mechanism. */
      bootstrapServers: string;
      /** Secret with the client's credentials (SCRAM and Confluent), else null. */
      secretArn: string | null;
      /** IAM policy to attach to the client's role. */
      policyArn: string;
      /** Topics the client may read. */
      read: string[];
      /** Topics the client may write. */
      write: string[];
    }
  >;
}

/** The export of a connection: the same keys whichever provider built it. */
export function kafkaOutputs(conn: KafkaConnection): pulumi.Output<KafkaOutputs> {
  const clients = Object.fromEntries(
    Object.entries(conn.clients).map(([name, c]) => [
      name,
      pulumi.output({
        saslMechanism: c.saslMechanism,
        bootstrapServers: c.bootstrapServers,
        secretArn: c.secretArn ?? null,
        policyArn: c.policyArn,
        read: c.read,
        write: c.write,
      }),
    ]),
  );
  return pulumi.output({
    provider: conn.provider,
    bootstrapServers: conn.bootstrapServers,
    authMode: conn.authMode,
    networkMode: conn.networkMode,
    securityGroupId: conn.securityGroupId ?? null,
    networkCidr: conn.networkCidr ?? null,
    clients,
  });
}

/** A problem in the declared topics or clients, with the path below the key (`[1].read[0]`). */
export interface KafkaDeclarationProblem {
  /** `topics` or `clients`. */
  list: "topics" | "clients";
  /** Path below the list, e.g. `[2].name`. */
  path: string;
  message: string;
}

/**
 * Checks that topic and client names are unique, that every topic a client names is declared, and that
 * every client is granted something.
 */
export function kafkaDeclarationProblems(
  topics: readonly KafkaTopicSpec[],
  clients: readonly KafkaClientSpec[],
): KafkaDeclarationProblem[] {
  const problems: KafkaDeclarationProblem[] = [];
  const firstTopic = new Map<string, number>();
  topics.forEach((t, i) => {
    const first = firstTopic.get(t.name);
    if (first === undefined) {
      firstTopic.set(t.name, i);
    } else {
      problems.push({
        list: "topics",
        path: `[${i}].name`,
        message: `got "${t.name}"; topic names must be unique (also declared at [${first}])`,
      });
    }
  });
  const declared = [...firstTopic.keys()];
  const firstClient = new Map<string, number>();
  clients.forEach((c, i) => {
    const first = firstClient.get(c.name);
    if (first === undefined) {
      firstClient.set(c.name, i);
    } else {
      problems.push({
        list: "clients",
        path: `[${i}].name`,
        message: `got "${c.name}"; client names must be unique (also declared at [${first}])`,
      });
    }
    for (const access of ["read", "write"] as const) {
      c[access].forEach((topic, k) => {
        const repeats = c[access].indexOf(topic);
        if (repeats < k) {
          problems.push({
            list: "clients",
            path: `[${i}].${access}[${k}]`,
            message: `got "${topic}", already .${access}[${repeats}]; each topic once`,
          });
        } else if (!firstTopic.has(topic)) {
          problems.push({
            list: "clients",
            path: `[${i}].${access}[${k}]`,
            message:
              `got "${topic}"; not a topic declared in platform:kafkaTopics ` +
              `(declared: ${declared.length > 0 ? declared.join(", ") : "none"})`,
          });
        }
      });
    }
    if (c.read.length === 0 && c.write.length === 0) {
      problems.push({
        list: "clients",
        path: `[${i}]`,
        message: `client "${c.name}" reads and writes nothing; give it read or write topics, or remove it`,
      });
    }
  });
  return problems;
}

/** Kafka's topic settings for a declared topic (strings, as Kafka takes them). */
export function topicConfig(topic: KafkaTopicSpec): Record<string, string> {
  return {
    "cleanup.policy": topic.cleanupPolicy,
    "retention.ms": topic.retentionHours < 0 ? "-1" : String(topic.retentionHours * 3_600_000),
  };
}
