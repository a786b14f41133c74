/** Outside AWS: MongoDB Atlas, Confluent Cloud and generated passwords, with their providers. */
import { none } from "../rules";
import { CatalogEntry, Duration, Inputs, shortHash, sizeOf } from "./entry";
import { PRICES } from "./prices";
import { atlas, confluent, EVERY_INPUT, provider, random } from "./replacement";

const H = PRICES.hoursPerMonth;

const CONFLUENT_DEDICATED: Duration = {
  p50: 7200,
  p90: 10800,
  source: "Confluent: dedicated clusters can take hours; 2 h assumed",
};

export const SAAS: readonly CatalogEntry[] = [
  {
    type: "confluentcloud:index/apiKey:ApiKey",
    unexposed: "a credential stored in Secrets Manager (judged); the cluster it opens is judged",
    replaceOn: confluent("api_key", ["managedResource", "owner"]),
    api: none("not an AWS API: the SaaS provider checks its own names"),
    unruled: "Confluent credentials, stored in Secrets Manager (judged)",
    outputs: ({ physical }) => ({
      id: `KEY${shortHash(physical).toUpperCase()}`,
      secret: `mock-secret-${shortHash(physical)}`,
    }),
  },
  {
    type: "confluentcloud:index/environment:Environment",
    unexposed: "a grouping in Confluent Cloud; no endpoint",
    replaceOn: confluent("environment", []),
    api: none("not an AWS API: the SaaS provider checks its own names"),
    unruled: "Confluent Cloud, outside AWS: networking, ACLs and keys are set and tested by the component",
    outputs: ({ physical }) => ({ id: `env-${shortHash(physical)}` }),
  },
  {
    type: "confluentcloud:index/kafkaAcl:KafkaAcl",
    unexposed: "grants a service account of the environment, not outsiders",
    replaceOn: confluent("kafka_acl", [
      "host",
      "kafkaCluster",
      "operation",
      "patternType",
      "permission",
      "principal",
      "resourceName",
      "resourceType",
    ]),
    api: none("not an AWS API: the SaaS provider checks its own names"),
    unruled: "Confluent access, limited to the client's topics (tested)",
  },
  {
    type: "confluentcloud:index/kafkaCluster:KafkaCluster",
    replaceOn: confluent(
      "kafka_cluster",
      ["availability", "byokKey", "cloud", "environment", "network", "region"],
      "basic to standard and standard to enterprise are upgrades in place",
    ),
    stateful: "the topics' messages",
    api: none("not an AWS API: the SaaS provider checks its own names"),
    policies: ["confluent-private-network"],
    creation: { p50: 120, p90: 300, source: "basic and standard clusters provision in minutes" },
    outputs: ({ physical, region }) => ({
      id: `lkc-${shortHash(physical)}`,
      apiVersion: "cmk/v2",
      kind: "Cluster",
      bootstrapEndpoint: `SASL_SSL://pkc-${shortHash(physical)}.${region}.aws.confluent.cloud:9092`,
      restEndpoint: `https://pkc-${shortHash(physical)}.${region}.aws.confluent.cloud:443`,
      rbacCrn: `crn://confluent.cloud/organization=mock/environment=env-mock/cloud-cluster=lkc-${shortHash(physical)}`,
    }),
    creationOf: (i) => (i.dedicated !== undefined ? CONFLUENT_DEDICATED : undefined),
    price: (r) => {
      const i = r.inputs;
      const kind =
        ["dedicated", "standard", "enterprise", "basic"].find((k) => i[k] !== undefined) ?? "basic";
      const ckus = kind === "dedicated" ? sizeOf(((i.dedicated ?? {}) as Inputs).cku, 1) : 1;
      return {
        usd: PRICES.confluentClusters[kind] * ckus * H,
        basis: `Confluent ${kind}${kind === "dedicated" ? `, ${ckus} CKU` : ""} (usage extra)`,
      };
    },
    zoneTier: (r) => {
      const i = r.inputs;
      const base = { resource: r.name };
      return i.availability === "MULTI_ZONE" || i.availability === "HIGH"
        ? {
            ...base,
            tier: `kafka ${r.name}`,
            placement: "managed",
            zones: [],
            why: "Confluent multi-zone cluster",
          }
        : {
            ...base,
            tier: `kafka ${r.name}`,
            placement: "one-of",
            zones: [],
            why: "Confluent single-zone cluster",
          };
    },
    diagram: {
      name: "kafka",
      position: 51,
      text: (clusters) => (clusters.length > 0 ? "Kafka (Confluent Cloud)" : undefined),
    },
    size: {
      name: "kafka",
      position: 61,
      text: (clusters) => (clusters.length > 0 ? "Confluent Cloud" : undefined),
    },
  },
  {
    type: "confluentcloud:index/kafkaTopic:KafkaTopic",
    unexposed: "a topic of a cluster whose network is judged",
    replaceOn: confluent("kafka_topic", ["kafkaCluster", "topicName"]),
    api: none("not an AWS API: the SaaS provider checks its own names"),
    unruled: "a topic declared in config",
  },
  {
    type: "confluentcloud:index/network:Network",
    unexposed: "the private network confluent-private-network requires",
    replaceOn: confluent("network", [
      "aws",
      "cidr",
      "cloud",
      "connectionTypes",
      "dnsConfig",
      "environment",
      "region",
      "reservedCidr",
      "zoneInfos",
      "zones",
    ]),
    api: none("not an AWS API: the SaaS provider checks its own names"),
    unruled: "Confluent Cloud network; its CIDR is validated against every other block",
    creation: { p50: 1800, p90: 3600, source: "Confluent: private networks take 30+ minutes" },
    outputs: ({ physical }) => ({
      id: `n-${shortHash(physical)}`,
      aws: [{ account: "000000000000", vpc: `vpc-${shortHash(physical)}`, privateLinkEndpointService: "" }],
    }),
  },
  {
    type: "confluentcloud:index/peering:Peering",
    unexposed: "joins Confluent's private network to the VPC; routes to it are judged",
    replaceOn: confluent("peering", ["aws", "environment", "network"]),
    api: none("not an AWS API: the SaaS provider checks its own names"),
    unruled: "Confluent Cloud peering; routes to it are judged",
  },
  {
    type: "confluentcloud:index/roleBinding:RoleBinding",
    unexposed: "grants a service account of the environment, not outsiders",
    replaceOn: confluent("role_binding", ["crnPattern", "principal", "roleName"]),
    api: none("not an AWS API: the SaaS provider checks its own names"),
    unruled: "Confluent access, limited to the client's topics (tested)",
  },
  {
    type: "confluentcloud:index/serviceAccount:ServiceAccount",
    unexposed: "an identity; grants nothing by itself",
    replaceOn: confluent("service_account", ["displayName"]),
    api: none("not an AWS API: the SaaS provider checks its own names"),
    unruled: "Confluent identity per client",
    outputs: ({ physical }) => ({
      id: `sa-${shortHash(physical)}`,
      apiVersion: "iam/v2",
      kind: "ServiceAccount",
    }),
  },
  {
    type: "mongodbatlas:index/advancedCluster:AdvancedCluster",
    unexposed: "reached only from the project's access list (judged by saas-access-lists-not-open)",
    replaceOn: atlas("advanced_cluster", ["name", "projectId"]),
    stateful: "the database",
    api: none("not an AWS API: the SaaS provider checks its own names"),
    unruled: "MongoDB Atlas cluster; TLS 1.2 minimum is set and tested by the component",
    creation: { p50: 600, p90: 900, source: "Atlas dedicated clusters take 7-15 minutes" },
    outputs: ({ urn, inputs }) => ({
      connectionStrings: {
        standardSrv: `mongodb+srv://${String(inputs.name)}.${shortHash(urn)}.mongodb.net`,
      },
    }),
    price: (r, c) => {
      const i = r.inputs;
      const size = JSON.stringify(i.replicationSpecs ?? "").match(/"instanceSize":"(M\d+)"/)?.[1] ?? "M10";
      const p = PRICES.atlasClusters[size];
      if (p === undefined) {
        c.unpriced(`Atlas ${size}`);
      }
      return { usd: (p ?? 0) * H, basis: `Atlas ${size} cluster` };
    },
    zoneTier: (r) => ({
      resource: r.name,
      tier: `mongodb ${r.name}`,
      placement: "managed",
      zones: [],
      why: "Atlas replica set across the region's AZs",
    }),
    diagram: {
      name: "mongodb",
      position: 20,
      text: (clusters) => (clusters.length > 0 ? "MongoDB Atlas (peered)" : undefined),
    },
  },
  {
    type: "mongodbatlas:index/networkContainer:NetworkContainer",
    unexposed: "Atlas's side of the private network; no endpoint",
    replaceOn: atlas("network_container", ["projectId", "providerName", "regionName"]),
    api: none("not an AWS API: the SaaS provider checks its own names"),
    unruled: "MongoDB Atlas network; its CIDR is validated against every other block",
    outputs: ({ physical }) => ({ containerId: `${physical}-container` }),
  },
  {
    type: "mongodbatlas:index/networkPeering:NetworkPeering",
    unexposed: "joins Atlas's private network to the VPC; routes to it are judged",
    replaceOn: atlas("network_peering", [
      "accepterRegionName",
      "awsAccountId",
      "containerId",
      "projectId",
      "providerName",
      "vpcId",
    ]),
    api: none("not an AWS API: the SaaS provider checks its own names"),
    unruled: "MongoDB Atlas peering; routes to it are judged",
    creation: { p50: 120, p90: 300, source: "peering becomes pending acceptance after 1-2 minutes" },
    outputs: ({ urn }) => ({ connectionId: `pcx-${shortHash(urn)}` }),
  },
  {
    type: "mongodbatlas:index/project:Project",
    unexposed: "a grouping; who reaches its clusters is its access list's (judged)",
    replaceOn: atlas("project", ["orgId", "projectOwnerId"]),
    stateful: "the clusters and their backups",
    api: none("not an AWS API: the SaaS provider checks its own names"),
    unruled:
      "MongoDB Atlas, outside AWS: private peering, access list and TLS are set and tested by the component",
  },
  {
    type: "mongodbatlas:index/projectIpAccessList:ProjectIpAccessList",
    replaceOn: atlas("project_ip_access_list", [EVERY_INPUT]),
    api: none("not an AWS API: the SaaS provider checks its own names"),
    policies: ["saas-access-lists-not-open"],
  },
  {
    type: "pulumi:providers:confluentcloud",
    unexposed: "a provider, not a cloud resource",
    replaceOn: provider("confluentcloud"),
    api: none(
      "a provider, no cloud resource; its default tags count in the tag rules of every resource it creates",
    ),
    unruled: "a provider, not a resource",
  },
  {
    type: "pulumi:providers:mongodbatlas",
    unexposed: "a provider, not a cloud resource",
    replaceOn: provider("mongodbatlas"),
    api: none(
      "a provider, no cloud resource; its default tags count in the tag rules of every resource it creates",
    ),
    unruled: "a provider, not a resource",
  },
  {
    type: "pulumi:providers:random",
    unexposed: "a provider, not a cloud resource",
    replaceOn: provider("random"),
    api: none(
      "a provider, no cloud resource; its default tags count in the tag rules of every resource it creates",
    ),
    unruled: "a provider, not a resource",
  },
  {
    type: "random:index/randomPassword:RandomPassword",
    unexposed: "a value in state; no cloud resource",
    replaceOn: random("password", [EVERY_INPUT]),
    api: none("no cloud resource"),
    unruled: "generates a secret in state (as a Pulumi secret); no cloud resource",
    outputs: ({ urn }) => ({ result: `mock-${shortHash(urn)}-password` }),
  },
];
