/**
 * The typed contract of what one environment exports. App teams read these through StackReference;
 * renaming or removing a field is a breaking change and bumps {@link CONTRACT_VERSION}.
 */
import * as pulumi from "@pulumi/pulumi";
// Messaging and operator access (issue 6)
import type { KafkaOutputs } from "../components/messaging/kafka";

/** Bumped on every breaking change to {@link PlatformOutputs}. */
export const CONTRACT_VERSION = 1;

export interface SubnetIdsByTier {
  /** Load balancers, NAT gateways and the VPN server only. */
  public: string[];
  /** Services. */
  private: string[];
  /** Data stores; no route out of the VPC. */
  data: string[];
}

/** Everything an environment exports, as resolved values. */
export interface PlatformOutputs {
  contractVersion: number;
  /** Member account of the environment. */
  accountId: string;
  region: string;
  /** The environment's name (its stack name). */
  environment: string;
  vpcId: string;
  vpcCidr: string;
  availabilityZones: string[];
  subnetIds: SubnetIdsByTier;
  /** The environment's customer-managed KMS key. */
  kmsKeyArn: string;

  // Messaging and operator access (issue 6).
  /**
   * Kafka, the same shape on MSK and Confluent: bootstrap servers, auth mode, network (MSK security group
   * or peered Confluent CIDR) and per client its SASL mechanism, bootstrap servers, credentials secret
   * (SCRAM and Confluent) and the IAM policy to attach to its role. Null when the environment has none.
   */
  kafka: KafkaOutputs | null;
  /** The operators' OpenVPN endpoint and how to issue client profiles. Null when the environment has none. */
  vpn: VpnOutputs | null;
}

// Messaging and operator access (issue 6).
/** The operators' VPN, as exported. */
export interface VpnOutputs {
  /** The fixed Elastic IP clients connect to. */
  publicIp: string;
  port: number;
  protocol: "udp" | "tcp";
  /** Tunnel addresses of clients. */
  clientPool: string;
  /** IAM group whose members may issue and revoke client certificates and fetch profiles. */
  operatorsGroup: string;
  /** SSM document that issues a client certificate (parameter ClientName). */
  issueDocument: string;
  /** SSM document that revokes one. */
  revokeDocument: string;
  /** Bucket whose `clients/<name>.ovpn` holds an issued profile. */
  profilesBucket: string;
}

/** The same contract as the program produces it: every field an output. */
export type PlatformStackOutputs = { [K in keyof PlatformOutputs]: pulumi.Input<PlatformOutputs[K]> };
