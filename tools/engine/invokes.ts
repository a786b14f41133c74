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
}

export function defaultInvokes(ctx: InvokeContext): InvokeHandlers {
  const names = ZONE_LETTERS.slice(0, ctx.zoneCount).map((l) => `${ctx.region}${l}`);
  return {
    "aws:index/getAvailabilityZones:getAvailabilityZones": () => ({
      id: ctx.region,
      names,
      zoneIds: names.map((_, i) => `${ctx.region.replace(/-/g, "").slice(0, 6)}-az${i + 1}`),
      groupNames: [ctx.region],
    }),
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({
      id: ctx.accountId,
      accountId: ctx.accountId,
      arn: `arn:aws:sts::${ctx.accountId}:assumed-role/platform/pulumi`,
      userId: "AROAEXAMPLE:pulumi",
    }),
    "aws:index/getRegion:getRegion": () => ({ id: ctx.region, name: ctx.region, region: ctx.region }),
    "aws:index/getPartition:getPartition": () => ({
      id: "aws",
      partition: "aws",
      dnsSuffix: "amazonaws.com",
    }),
    // --- Edge and compute (issue 4): the Region's ELB log-delivery account, and image references that an
    // app's CI keeps in SSM (the plan stands in a reference into the account's registry).
    "aws:elb/getServiceAccount:getServiceAccount": () => ({
      id: "156460612806",
      arn: "arn:aws:iam::156460612806:root",
    }),
    "aws:ssm/getParameter:getParameter": (args) => {
      const name = String(args.name);
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
