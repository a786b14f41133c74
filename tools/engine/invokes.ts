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

/**
 * The Elastic Load Balancing account that writes a load balancer's access logs, in the Regions opened before
 * August 2022 (ALB user guide, "Access logs", bucket permissions:
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html); in the
 * other Regions the service principal logdelivery.elasticloadbalancing.amazonaws.com writes them. Commercial
 * Regions of the AWS provider's own table (its aws_elb_service_account data source, which
 * `aws.elb.getServiceAccount` calls and which fails for a Region it lacks).
 */
export const ELB_LOG_ACCOUNTS: Readonly<Record<string, string>> = {
  "af-south-1": "098369216593",
  "ap-east-1": "754344448648",
  "ap-northeast-1": "582318560864",
  "ap-northeast-2": "600734575887",
  "ap-northeast-3": "383597477331",
  "ap-south-1": "718504428378",
  "ap-southeast-1": "114774131450",
  "ap-southeast-2": "783225319266",
  "ap-southeast-3": "589379963580",
  "ca-central-1": "985666609251",
  "eu-central-1": "054676820928",
  "eu-north-1": "897822967062",
  "eu-south-1": "635631232127",
  "eu-west-1": "156460612806",
  "eu-west-2": "652711504416",
  "eu-west-3": "009996457667",
  "me-south-1": "076674570225",
  "sa-east-1": "507241528517",
  "us-east-1": "127311923021",
  "us-east-2": "033677994240",
  "us-west-1": "027434742980",
  "us-west-2": "797873946194",
};

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
    // Edge and compute: the Region's ELB log-delivery account (as the provider answers it, and refuses a
    // Region it has none for), and image references that an app's CI keeps in SSM (the plan stands in a
    // reference into the account's registry).
    "aws:elb/getServiceAccount:getServiceAccount": (args) => {
      const region = typeof args.region === "string" ? args.region : ctx.region;
      const id = ELB_LOG_ACCOUNTS[region];
      if (id === undefined) {
        const message = `unsupported AWS Region: ${region}`;
        throw Object.assign(new Error(message), { details: message });
      }
      return { id, arn: `arn:aws:iam::${id}:root`, region };
    },
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
