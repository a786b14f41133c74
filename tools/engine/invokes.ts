import { createHash } from "crypto";

import { AZ_IDS_PER_REGION } from "../../stacks/config/regions";

/**
 * Results of the provider functions the program calls, for runs without a cloud. The mock engine fails a
 * run on any invoke not listed here, so a new lookup in the program cannot go unnoticed.
 */
export type InvokeHandlers = Record<string, (args: Record<string, unknown>) => Record<string, unknown>>;

const ZONE_LETTERS = ["a", "b", "c", "d", "e", "f"];

export interface InvokeContext {
  region: string;
  /** Availability Zones the region reports. */
  zoneCount: number;
  accountId: string;
  /**
   * SSM parameters that do not exist: reading one fails as the provider's read does ("reading SSM Parameter
   * (<name>): couldn't find resource"), so that tests can plan a stack before any image parameter is written.
   * Default: every parameter exists.
   */
  missingParameters?: readonly string[];
  /**
   * The state of a zone other than `available`, by AZ ID (`impaired`, `unavailable`, `information`): such a
   * zone is left out of a lookup filtered on `state: available`, as DescribeAvailabilityZones does.
   */
  zoneStates?: Readonly<Record<string, string>>;
  /**
   * The account's mapping of AZ IDs to names, when it is not the table's order (AZ names map to physical
   * zones per account in the older regions): the ids in the order of the names `<region>a`, `<region>b`, ...
   */
  zoneIdOrder?: readonly string[];
}

/** The zones an account sees in a region: name, AZ ID (from the platform's table, stacks/config/regions.ts), state. */
export function accountZones(ctx: InvokeContext): { name: string; zoneId: string; state: string }[] {
  const table = AZ_IDS_PER_REGION[ctx.region] ?? [];
  const ids = ctx.zoneIdOrder ?? table.slice(0, ctx.zoneCount);
  return ids.map((zoneId, i) => ({
    name: `${ctx.region}${ZONE_LETTERS[i]}`,
    zoneId,
    state: ctx.zoneStates?.[zoneId] ?? "available",
  }));
}

export function defaultInvokes(ctx: InvokeContext): InvokeHandlers {
  return {
    "aws:index/getAvailabilityZones:getAvailabilityZones": (args) => {
      const zones = accountZones(ctx).filter((z) => args.state === undefined || z.state === args.state);
      return {
        id: ctx.region,
        names: zones.map((z) => z.name),
        zoneIds: zones.map((z) => z.zoneId),
        groupNames: [ctx.region],
      };
    },
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({
      id: ctx.accountId,
      accountId: ctx.accountId,
      arn: `arn:aws:sts::${ctx.accountId}:assumed-role/platform/pulumi`,
      userId: "AROAEXAMPLE:pulumi",
    }),
    "aws:index/getRegion:getRegion": () => ({ id: ctx.region, name: ctx.region, region: ctx.region }),
    // Data stores: the public hosted zone looked up by the environment's domain
    "aws:route53/getZone:getZone": (args) => ({
      id: "Z0123456789EXAMPLE",
      zoneId: "Z0123456789EXAMPLE",
      name: String(args.name),
      privateZone: false,
      nameServers: ["ns-1.awsdns-01.org"],
    }),
    "aws:index/getPartition:getPartition": () => ({
      id: "aws",
      partition: "aws",
      dnsSuffix: "amazonaws.com",
    }),
    // Identity Center groups, looked up by display name: a stable id derived from the name.
    "aws:identitystore/getGroup:getGroup": (args) => {
      const identifier = args.alternateIdentifier as
        { uniqueAttribute?: { attributeValue?: string } } | undefined;
      const name = identifier?.uniqueAttribute?.attributeValue ?? "";
      const groupId = `${createHash("sha1").update(name).digest("hex").slice(0, 8)}-group`;
      return {
        id: groupId,
        groupId,
        displayName: name,
        identityStoreId: args.identityStoreId,
        externalIds: [],
      };
    },
    // Messaging and operator access: the peering Confluent requests (found to accept it), and
    // the password of an MSK SCRAM client.
    "aws:ec2/getVpcPeeringConnection:getVpcPeeringConnection": (args) => ({
      id: "pcx-0123456789abcdef0",
      vpcId: args.vpcId,
      peerVpcId: args.peerVpcId,
      ownerId: "000000000000",
      peerOwnerId: ctx.accountId,
      status: "pending-acceptance",
    }),
    "aws:secretsmanager/getRandomPassword:getRandomPassword": (args) => ({
      id: "mock",
      randomPassword: "x".repeat(typeof args.passwordLength === "number" ? args.passwordLength : 32),
    }),
    // Edge and compute: the Region's ELB log-delivery account, and image references that an
    // app's CI keeps in SSM (the plan stands in a reference into the account's registry).
    "aws:elb/getServiceAccount:getServiceAccount": () => ({
      id: "156460612806",
      arn: "arn:aws:iam::156460612806:root",
    }),
    "aws:ssm/getParameter:getParameter": (args) => {
      const name = String(args.name);
      if (ctx.missingParameters?.includes(name)) {
        const message = `reading SSM Parameter (${name}): couldn't find resource`;
        // The SDK reports a failed invoke with the `details` of the engine's error.
        throw Object.assign(new Error(message), { details: message });
      }
      const value = `${ctx.accountId}.dkr.ecr.${ctx.region}.amazonaws.com/${name.replace(/^\//, "").toLowerCase()}:ci-build-1`;
      return {
        id: name,
        arn: `arn:aws:ssm:${ctx.region}:${ctx.accountId}:parameter${name}`,
        name,
        type: "String",
        value,
        insecureValue: value,
        version: 1,
      };
    },
  };
}
