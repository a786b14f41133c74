/**
 * App teams' own routes on the internal listener: the SDK's arithmetic agrees with the platform's, the
 * platform refuses overlapping team config, the SDK refuses a rule outside the team's own, and under the
 * ALB's evaluation order (lowest priority first, first match wins) nobody's rule shadows another's.
 */
import * as assert from "assert";
import fc from "fast-check";

import * as platformRouting from "../../components/compute/priorities";
import {
  listenerRoute,
  ListenerRuleView,
  patternReaches,
  RoutedPath,
  teamRouteProblems,
  TeamRoutes,
} from "../../components/compute/priorities";
import { secretReadStatements } from "../../components/shared/policies";
import * as sdk from "../../sdk/src";
import { secretRead } from "../../sdk/src/iam";
import * as sdkRouting from "../../sdk/src/routing";
import { validateStackConfig } from "../../stacks/config";
import { runProgram } from "../../tools/engine/mockEngine";
import { display } from "../../tools/engine/wire";
import { values, withOrganization } from "../helpers/config";
import { stackPlan } from "../helpers/graph";

const segment = fc.stringMatching(/^[a-z]{1,5}$/);
const prefix = fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => `/${s.join("/")}`);
const pattern = fc
  .tuple(fc.array(segment, { maxLength: 4 }), fc.constantFrom("", "/*", "*", "/?x"))
  .map(([s, tail]) => `/${s.join("/")}${tail}`.replace(/^\/\//, "/"));

describe("the SDK's routing arithmetic", () => {
  it("agrees with the platform's: priorities, depth, ownership", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: sdkRouting.APP_TEAM_BLOCKS - 1 }),
        pattern,
        fc.integer({ min: 0, max: sdkRouting.APP_TEAM_BLOCK_SIZE - 1 }),
        prefix,
        (block, path, index, owned) => {
          assert.strictEqual(
            sdkRouting.appRulePriority(block, path, index),
            platformRouting.appRulePriority(block, path, index),
          );
          assert.strictEqual(sdkRouting.pathWithin(path, owned), platformRouting.pathWithin(path, owned));
        },
      ),
      { numRuns: 500 },
    );
    for (const name of [
      "PRIORITY_BAND",
      "PLATFORM_SLOTS",
      "APP_TEAM_BLOCKS",
      "APP_TEAM_BLOCK_SIZE",
    ] as const) {
      assert.strictEqual(sdkRouting[name], platformRouting[name], name);
    }
  });

  it("builds the same secret statements as the platform", () => {
    const arn = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:orders/*";
    const key = "arn:aws:kms:eu-west-1:111111111111:key/k";
    assert.deepStrictEqual(secretRead(arn, key, "eu-west-1"), secretReadStatements(arn, key, "eu-west-1"));
  });

  it("tells a path inside a prefix from one beside it", () => {
    const within = (p: string): boolean => sdkRouting.pathWithin(p, "/apps/orders");
    assert.deepStrictEqual(
      [
        "/apps/orders",
        "/apps/orders/*",
        "/apps/orders/v2/?",
        "/apps/orders*",
        "/apps/ordersx",
        "/apps/*",
      ].map(within),
      [true, true, true, false, false, false],
    );
    assert.deepStrictEqual(
      ["/*", "/apps/*", "/ap*", "/*/health", "/apps/orders", "/apps/other/*", "/orders/*"].map((p) =>
        patternReaches(p, "/apps/orders"),
      ),
      [true, true, true, true, true, false, false],
    );
  });
});

const team = (name: string, index: number, paths: string[], hosts: string[] = []): TeamRoutes => ({
  name,
  index,
  paths,
  hosts,
});
const route = (
  service: string,
  path: string,
  priority = platformRouting.derivedPriority(path),
): RoutedPath => ({
  service,
  path,
  priority,
  key: `platform:services[0].paths[0]`,
});

describe("the platform's check of app teams' routes", () => {
  it("refuses a team path overlapping another team's, a platform route inside a team's, a shared host", () => {
    const problems = teamRouteProblems(
      [
        team("orders", 0, ["/orders"], ["orders.internal.example.com"]),
        team("payments", 1, ["/orders/payments", "/payments"], ["orders.internal.example.com"]),
      ],
      [route("billing", "/payments/*")],
    );
    assert.deepStrictEqual(
      problems.map((p) => `${p.key}: ${p.message}`),
      [
        'platform:appTeams[1].paths[0]: team "payments" path "/orders/payments" overlaps "/orders" of team "orders" (platform:appTeams[0].paths[0]); each path belongs to one team',
        'platform:appTeams[1].paths[1]: team "payments" path "/payments" holds "/payments/*", which the platform\'s service "billing" routes (platform:services[0].paths[0]); a team\'s paths are its own, choose another prefix',
        'platform:appTeams[1].hosts[0]: team "payments" host "orders.internal.example.com" is already team "orders"\'s (platform:appTeams[0].hosts[0]); each host name belongs to one team',
      ],
    );
  });

  it("refuses a broader platform route evaluated before a team's rules", () => {
    const explicit = { ...route("gateway", "/*", 7001), priorityKey: "platform:services[2].priority" };
    assert.deepStrictEqual(
      teamRouteProblems([team("orders", 0, ["/apps/orders"])], [explicit, route("web", "/*")]).map(
        (p) => `${p.key}: ${p.message}`,
      ),
      [
        'platform:services[2].priority: service "gateway" path "/*" has listener priority 7001, which the ALB evaluates before rules of team "orders" under "/apps/orders" (platform:appTeams[0].paths[0]); a platform route that reaches into a team\'s path needs a priority of at least 40000',
      ],
    );
  });

  it("rejects the stack config naming the team's key, before anything is built", () => {
    const services = [
      { name: "orders", modes: ["api"], image: "ghcr.io/acme/orders:1.0.0", paths: ["/orders/*"] },
    ];
    const config = withOrganization({
      stack: "stage",
      region: "eu-west-1",
      values: {
        ...values({ tier: "stage", domain: "stage.example.com", vpcCidr: "10.20.0.0/16" }),
        services: JSON.stringify(services),
        appTeams: JSON.stringify([
          { name: "orders", repository: "acme/orders", paths: ["/orders"] },
          { name: "web", repository: "acme/web", paths: ["/web/"], hosts: ["*.example.com"] },
        ]),
      },
    });
    const result = validateStackConfig(config);
    assert.ok(!result.ok);
    assert.deepStrictEqual(
      result.problems.map((p) => `${p.key}: ${p.message}`),
      [
        'platform:appTeams[1].paths[0]: got "/web/"; a path prefix such as /apps/orders: literal segments of A-Z a-z 0-9 _ . ~ -, no wildcard, no trailing /',
        'platform:appTeams[1].hosts[0]: got "*.example.com"; a lower-case host name such as orders.internal.example.com, no wildcard',
      ],
    );
    const overlapping = validateStackConfig({
      ...config,
      values: {
        ...config.values,
        appTeams: JSON.stringify([{ name: "orders", repository: "acme/orders", paths: ["/orders"] }]),
      },
    });
    assert.ok(!overlapping.ok);
    assert.deepStrictEqual(
      overlapping.problems.map((p) => `${p.key}: ${p.message}`),
      [
        'platform:appTeams[0].paths[0]: team "orders" path "/orders" holds "/orders/*", which the platform\'s service "orders" routes (platform:services[0].paths[0]); a team\'s paths are its own, choose another prefix',
      ],
    );
  });
});

describe("the ALB's rule evaluation with teams' and the platform's rules", () => {
  it("sends every request inside a team's path to the team, and no other request", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(prefix, { minLength: 1, maxLength: 3 }),
        fc.uniqueArray(pattern, { maxLength: 6 }),
        fc.array(fc.tuple(fc.nat(2), pattern, fc.nat(99)), { maxLength: 6 }),
        fc.array(fc.array(segment, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 10 }),
        (prefixes, platformPaths, appRules, requests) => {
          const teams = prefixes.map((p, i) => team(`t${i}`, i, [p]));
          const platform = platformPaths.map((p) => route(`svc:${p}`, p));
          if (teamRouteProblems(teams, platform).length > 0) {
            return; // the platform refuses this config
          }
          const rules: ListenerRuleView[] = platform.map((r) => ({
            priority: r.priority,
            paths: [r.path],
            target: r.service,
          }));
          const taken = new Set<number>(rules.map((r) => r.priority));
          for (const [t, rel, index] of appRules) {
            const owner = teams[t % teams.length];
            const path = `${owner.paths[0]}${rel === "/" ? "" : rel}`;
            const priority = sdkRouting.appRulePriority(owner.index, path, index);
            if (sdkRouting.ownedRouteProblem(owner.name, owner, path) === undefined && !taken.has(priority)) {
              taken.add(priority);
              rules.push({ priority, paths: [path], target: owner.name });
            }
          }
          for (const segments of requests) {
            const request = `/${segments.join("/")}`;
            const target = listenerRoute(rules, { path: request });
            const owner = teams.find((t) => t.paths.some((p) => sdkRouting.pathWithin(request, p)));
            const ownerMatches = rules.some(
              (r) =>
                r.target === owner?.name &&
                r.paths.some((p) => platformRouting.matchesPathPattern(p, request)),
            );
            if (ownerMatches) {
              assert.strictEqual(target, owner?.name, `${request} goes to its team`);
            } else {
              assert.ok(!teams.some((t) => t.name === target), `${request} reaches no team's rule`);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("the SDK's listener rule", () => {
  async function ruleProgram(path: string, host?: string): Promise<Error | undefined> {
    const outputs = display((await stackPlan("dev", "up")).outputs) as Record<string, unknown>;
    const result = await runProgram(
      () => {
        const env = sdk.platform("acme/platform/dev");
        sdk.listenerRule("api", {
          platform: env,
          team: "orders",
          path,
          host,
          index: 0,
          targetGroupArn: "arn:tg",
        });
        return {};
      },
      {
        project: "app",
        stack: "dev",
        config: {},
        preview: false,
        stackReferences: { "acme/platform/dev": outputs },
      },
    );
    return result.error;
  }

  it("refuses a path outside the team's own, naming what it owns", async () => {
    assert.match(
      (await ruleProgram("/orders/*"))?.message ?? "",
      /listener rule api: team "orders" may not route path "\/orders\/\*": it owns "\/apps\/orders" \(platform:appTeams paths\)/,
    );
    assert.match(
      (await ruleProgram("/apps/orders/*", "orders.example.com"))?.message ?? "",
      /team "orders" may not route host "orders.example.com": it owns no host names/,
    );
    assert.strictEqual(await ruleProgram("/apps/orders/*"), undefined);
  });
});
