/**
 * The platform SDK: what an app team's Pulumi program imports to read an environment's outputs, typed
 * and versioned, and to land a service on it.
 *
 *   const env = platform("acme/platform/prod");
 *   const provider = memberProvider("prod", env, "orders");
 *   listenerRule("orders-api", { platform: env, team: "orders", path: "/apps/orders/*", index: 0, targetGroupArn }, { provider });
 *
 * A renamed or removed output breaks app programs at compile time (the contract is a TypeScript type),
 * and an environment exporting another contract version than the SDK reads fails at deploy time with a
 * clear message rather than a missing value. `platform-plan` (bin/) plans the program offline.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { CONTRACT_VERSION, OPTIONAL_OUTPUT_KEYS, OUTPUT_KEYS, PlatformOutputs } from "./contract";
import { secretRead, Statement } from "./iam";
import { appRulePriority, ownedRouteProblem } from "./routing";

export type { AppTeamOutputs, PlatformOutputs } from "./contract";
export { CONTRACT_VERSION, platformOutputsSchema } from "./contract";
export type { Statement } from "./iam";
export { appRulePriority, ownedRouteProblem, pathWithin } from "./routing";

/** Each output of the platform, as an Output of its declared type. */
export type PlatformRefOutputs = {
  readonly [K in keyof PlatformOutputs]-?: pulumi.Output<PlatformOutputs[K]>;
};

export interface Platform {
  /** The StackReference underneath. */
  readonly ref: pulumi.StackReference;
  /** Every output of the contract. Optional ones resolve to undefined when the environment has none. */
  readonly outputs: PlatformRefOutputs;
}

/**
 * Reads an environment of the platform: `stack` is its fully qualified name (`<org>/platform/<env>`) or an
 * existing StackReference. Fails at deploy time when the environment's contract is newer than this SDK's.
 */
export function platform(
  stack: string | pulumi.StackReference,
  opts?: pulumi.CustomResourceOptions,
): Platform {
  const ref = typeof stack === "string" ? new pulumi.StackReference(stack, undefined, opts) : stack;
  const label = typeof stack === "string" ? stack : "the platform stack";
  const outputs: Record<string, pulumi.Output<unknown>> = {};
  for (const key of OUTPUT_KEYS) {
    outputs[key] = OPTIONAL_OUTPUT_KEYS.includes(key) ? ref.getOutput(key) : ref.requireOutput(key);
  }
  const version = ref.requireOutput("contractVersion").apply((v: unknown) => {
    if (v !== CONTRACT_VERSION) {
      throw new Error(
        `${label}: the platform exports contract version ${String(v)}, this SDK reads version ${CONTRACT_VERSION}; ` +
          `install the SDK whose major version is ${String(v)}`,
      );
    }
    return v;
  });
  // Every output passes through the version check, so a mismatch stops the program before it is used.
  for (const key of Object.keys(outputs)) {
    const value = outputs[key];
    outputs[key] = pulumi.all([version, value]).apply(([, v]) => v);
  }
  return { ref, outputs: outputs as unknown as PlatformRefOutputs };
}

/**
 * A provider for the environment's member account and region, through the team's role (whose trust lets
 * only the team's workflows in). With `assumeRole: false` the ambient credentials must already be the
 * team's (CI that assumed the role through OIDC); either way it refuses to act in another account.
 */
export function memberProvider(
  name: string,
  env: Platform,
  team: string,
  args: { assumeRole?: boolean } = {},
  opts?: pulumi.CustomResourceOptions,
): aws.Provider {
  const role = env.outputs.appTeams.apply((teams) => {
    const t = teams[team];
    if (!t) {
      throw new Error(
        `the platform has no app team "${team}"; teams: ${Object.keys(teams).join(", ") || "none"} (platform:appTeams)`,
      );
    }
    return t.roleArn;
  });
  return new aws.Provider(
    name,
    {
      region: env.outputs.region as pulumi.Output<aws.Region>,
      allowedAccountIds: [env.outputs.accountId],
      assumeRoles: args.assumeRole === false ? [] : [{ roleArn: role, sessionName: `app-${team}` }],
      defaultTags: { tags: { team } },
    },
    opts,
  );
}

export interface ListenerRuleArgs {
  platform: Platform;
  /** The app team: its block of rule slots and its own paths and hosts come from the platform (platform:appTeams). */
  team: string;
  /** Path pattern routed to the target group, within one of the team's path prefixes, e.g. `/apps/orders/*`. */
  path: string;
  /** Host name the rule also requires (a host-header condition), one of the team's own; default: any host. */
  host?: string;
  /** The rule's slot in the team's block (0..99), unique among the team's rules of the same band. */
  index: number;
  targetGroupArn: pulumi.Input<string>;
}

/**
 * A path rule on the internal ALB's HTTPS listener. Its priority sits in the team's own block of the
 * path's specificity band, so two app stacks never collide, and a more specific path still wins. Refuses
 * (fails the program) a path outside the team's own path prefixes or a host not among its host names:
 * the platform keeps those apart from its own routes and other teams', so the rule gets all their traffic.
 */
export function listenerRule(
  name: string,
  args: ListenerRuleArgs,
  opts?: pulumi.CustomResourceOptions,
): aws.lb.ListenerRule {
  const priority = args.platform.outputs.appTeams.apply((teams) => {
    const t = teams[args.team];
    if (!t) {
      throw new Error(`the platform has no app team "${args.team}" (platform:appTeams)`);
    }
    const problem = ownedRouteProblem(args.team, t, args.path, args.host);
    if (problem) {
      throw new Error(`listener rule ${name}: ${problem}`);
    }
    return appRulePriority(t.listenerPriorityBlock, args.path, args.index);
  });
  const conditions: aws.types.input.lb.ListenerRuleCondition[] = [{ pathPattern: { values: [args.path] } }];
  if (args.host !== undefined) {
    conditions.push({ hostHeader: { values: [args.host] } });
  }
  return new aws.lb.ListenerRule(
    name,
    {
      listenerArn: args.platform.outputs.internalListenerArn,
      priority,
      actions: [{ type: "forward", targetGroupArn: args.targetGroupArn }],
      conditions,
      tags: { team: args.team },
    },
    opts,
  );
}

/** The stores a service can be let through to. */
export type Store = "postgres" | "cache" | "kafka";

/** Security group and port of a store, from the platform's outputs (Kafka: the port of its bootstrap servers). */
export function storeEndpoint(
  env: Platform,
  store: Store,
): pulumi.Output<{ securityGroupId: string; port: number }> {
  return pulumi.all([env.outputs.data, env.outputs.kafka]).apply(([data, kafka]) => {
    switch (store) {
      case "postgres":
        return { securityGroupId: data.postgres.securityGroupId, port: data.postgres.port };
      case "cache":
        return { securityGroupId: data.cache.securityGroupId, port: data.cache.port };
      case "kafka": {
        if (!kafka?.securityGroupId) {
          throw new Error("the platform runs no MSK cluster in the VPC (platform:kafkaProvider)");
        }
        const port = Number(/:(\d+)/.exec(kafka.bootstrapServers)?.[1] ?? 9098);
        return { securityGroupId: kafka.securityGroupId, port };
      }
    }
  });
}

/**
 * Egress rules that let the app's own security group reach the given stores on their ports. The stores
 * admit the platform's services group; app tasks join it (`servicesSecurityGroupId`) besides their own.
 */
export function storeEgressRules(
  name: string,
  args: { platform: Platform; securityGroupId: pulumi.Input<string>; stores: Store[] },
  opts?: pulumi.CustomResourceOptions,
): aws.vpc.SecurityGroupEgressRule[] {
  return args.stores.map((store) => {
    const endpoint = storeEndpoint(args.platform, store);
    return new aws.vpc.SecurityGroupEgressRule(
      `${name}-to-${store}`,
      {
        securityGroupId: args.securityGroupId,
        referencedSecurityGroupId: endpoint.securityGroupId,
        ipProtocol: "tcp",
        fromPort: endpoint.port,
        toPort: endpoint.port,
        description: `to ${store}`,
      },
      opts,
    );
  });
}

/**
 * IAM statements that let a team's task role read its own secrets (`<team>/*` in Secrets Manager) and
 * decrypt them with the environment key, through Secrets Manager only.
 */
export function secretReadStatements(env: Platform, team: string): pulumi.Output<Statement[]> {
  return pulumi
    .all([env.outputs.region, env.outputs.accountId, env.outputs.kmsKeyArn])
    .apply(([region, account, key]) =>
      secretRead(`arn:aws:secretsmanager:${region}:${account}:secret:${team}/*`, key, region),
    );
}
