import { ResourceValidationPolicy } from "@pulumi/policy";
import * as assert from "assert";
import * as fs from "fs";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as path from "path";

import { PACK_POLICIES } from "../../policy-pack/pack";
import { POLICIES } from "../../policy-pack/policies";
import { CATALOG } from "../../tools/catalog";
import { RecordedResource } from "../../tools/engine/mockEngine";
import { formatDiagnostics } from "../../tools/engine/policyRunner";
import { findProjectDir } from "../../tools/engine/stackFiles";
import { stackPlan } from "../helpers/graph";
import { assertViolation, evaluatePolicies, mandatory, mutate } from "../helpers/policies";

const STACKS = ["dev", "stage", "prod"];

describe("the policy pack", () => {
  it("names each policy in kebab-case, once, with a description that says what to do, mandatory by default", () => {
    const names = POLICIES.map((p) => p.name);
    assert.deepStrictEqual(names, [...new Set(names)], "names are unique");
    for (const p of POLICIES) {
      assert.match(p.name, /^[a-z0-9]+(-[a-z0-9]+)*$/, p.name);
      assert.ok((p.description ?? "").length > 60, `${p.name} needs a description that says what to do`);
      assert.strictEqual(p.enforcementLevel, "mandatory", p.name);
    }
  });

  it("is a policy project: PulumiPolicy.yaml and an index.ts that only constructs the pack", () => {
    const dir = path.join(findProjectDir(), "policy-pack");
    assert.match(fs.readFileSync(path.join(dir, "PulumiPolicy.yaml"), "utf8"), /runtime: nodejs/);
    const index = fs.readFileSync(path.join(dir, "index.ts"), "utf8");
    assert.match(index, /new PolicyPack\(PACK_NAME/);
    assert.doesNotMatch(index, /validateResource|validateStack/, "policies live in policies/");
  });

  it("covers every AWS resource type the platform creates", async () => {
    const known = new Set(POLICIES.map((p) => p.name));
    for (const { type, policies } of CATALOG.values()) {
      for (const p of policies ?? []) {
        assert.ok(known.has(p), `the catalog names unknown policy ${p} for ${type}`);
      }
    }
    for (const stack of STACKS) {
      for (const r of (await stackPlan(stack)).resources.filter((x) => x.custom)) {
        assert.ok(CATALOG.has(r.type), `${r.type} (${stack}) is not in the catalog (tools/catalog)`);
      }
    }
  });

  it("lets the analyzer skip the one-type resource policies for every other type, unread, exemptions applied", async () => {
    // The analyzer converts a resource's properties for each policy it runs. A request whose properties
    // cannot be converted fails every policy that reads them and passes every policy skipped by type.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const analyzerproto = require("@pulumi/pulumi/proto/analyzer_pb") as {
      AnalyzeRequest: new () => {
        setType(t: string): void;
        setUrn(u: string): void;
        setProperties(p: unknown): void;
      };
    };
    const server = require("@pulumi/policy/server") as {
      makeAnalyzeRpcFun(
        name: string,
        version: string,
        level: string,
        policies: unknown[],
      ): (call: { request: unknown }, callback: (err: unknown) => void) => Promise<void>;
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
    const failsOn = async (policy: ResourceValidationPolicy): Promise<unknown> => {
      const request = new analyzerproto.AnalyzeRequest();
      request.setType("aws:sns/topic:Topic");
      request.setUrn("urn:pulumi:test::platform::aws:sns/topic:Topic::t");
      request.setProperties(
        Object.create(structproto.Struct.fromJavaScript({}), {
          toJavaScript: {
            value: () => {
              throw new Error("properties read");
            },
          },
        }),
      );
      let error: unknown;
      await server.makeAnalyzeRpcFun("p", "1", "mandatory", [policy])({ request }, (err) => {
        error = err;
      });
      return error;
    };
    const oneType = [
      "cloudtrail-log-validation",
      "kms-key-rotation",
      "log-group-retention",
      "msk-no-public-access",
      "dynamodb-point-in-time-recovery",
      "lambda-in-vpc",
      "s3-bucket-policy-denies-http",
      "cloudfront-https-only",
      "opensearch-https",
      "api-domain-tls12",
      "opensearch-in-vpc",
      "lambda-url-requires-auth",
      "confluent-private-network",
    ];
    for (const name of oneType) {
      const policy = PACK_POLICIES.find((p) => p.name === name) as ResourceValidationPolicy;
      assert.ok(policy, name);
      assert.strictEqual(await failsOn(policy), undefined, `${name} read the properties of an SNS topic`);
    }
    // The probe itself: a policy that applies to several types has to read them.
    const several = PACK_POLICIES.find((p) => p.name === "imdsv2-required") as ResourceValidationPolicy;
    assert.match(String(await failsOn(several)), /properties read/);
  });

  for (const stack of STACKS) {
    for (const mode of ["preview", "up"] as const) {
      it(`passes the real ${stack} stack with no mandatory violation (${mode})`, async () => {
        const plan = await stackPlan(stack, mode);
        assert.deepStrictEqual(mandatory(await evaluatePolicies(plan.resources)), []);
      });
    }
  }
});

describe("mutations of the real dev plan", () => {
  let resources: RecordedResource[];
  before(async () => {
    resources = (await stackPlan("dev")).resources;
    assert.deepStrictEqual(mandatory(await evaluatePolicies(resources)), [], "the unmutated plan passes");
  });

  it("a database made public fails", async () => {
    const d = await evaluatePolicies(mutate(resources, "postgres", (i) => (i.publiclyAccessible = true)));
    assertViolation(d, "rds-not-public", "postgres", /is publicly accessible/);
  });

  it("a database moved into the public subnets fails", async () => {
    const subnets = resources.filter((r) => r.name.startsWith("network-public-")).map((r) => r.urn);
    const changed = mutate(resources, "postgres-subnets", () => undefined);
    const group = changed.find((r) => r.name === "postgres-subnets")!;
    group.propertyDependencies.subnetIds = subnets;
    const d = await evaluatePolicies(changed);
    assertViolation(
      d,
      "only-edge-in-public-subnets",
      "postgres-subnets",
      /is placed in public subnet\(s\) network-public-0/,
    );
  });

  it("a private subnet that maps public IPs fails", async () => {
    const d = await evaluatePolicies(
      mutate(resources, "network-private-0", (i) => (i.mapPublicIpOnLaunch = true)),
    );
    assertViolation(d, "private-subnets-stay-private", "network-private-0", /maps public IPs on launch/);
  });

  it("a bucket whose encryption is dropped to SSE-S3 fails", async () => {
    const d = await evaluatePolicies(
      mutate(resources, "baseline-trail-logs-encryption", (i) => {
        i.rules = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }];
      }),
    );
    assertViolation(d, "s3-bucket-encrypted", "baseline-trail-logs", /is encrypted with AES256/);
  });

  it("a rule opening the services' security group to the world on 5432 fails", async () => {
    // The services' egress rule, turned into an ingress rule from anywhere.
    const rule = JSON.parse(
      JSON.stringify(resources.find((r) => r.name === "network-services-egress")),
    ) as RecordedResource;
    rule.type = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
    rule.name = "postgres-from-anywhere";
    rule.urn = rule.urn.replace(
      /securityGroupEgressRule:SecurityGroupEgressRule::.*$/,
      "securityGroupIngressRule:SecurityGroupIngressRule::postgres-from-anywhere",
    );
    Object.assign(rule.inputs, { ipProtocol: "tcp", cidrIpv4: "0.0.0.0/0", fromPort: 5432, toPort: 5432 });
    const d = await evaluatePolicies([...resources, rule]);
    assertViolation(
      d,
      "no-public-ingress",
      "postgres-from-anywhere",
      /admits 0\.0\.0\.0\/0 on tcp, port 5432/,
    );
  });

  it("a log group without its key fails", async () => {
    const d = await evaluatePolicies(mutate(resources, "network-flow-logs", (i) => delete i.kmsKeyId));
    assertViolation(d, "log-group-encrypted", "network-flow-logs", /kmsKeyId is not set/);
  });
});

describe("the offline plan's policy report", () => {
  it("lists mandatory violations first, each with its policy and resource", () => {
    const lines = formatDiagnostics(
      [
        {
          policy: "policy-exemptions",
          level: "advisory",
          message: "x is exempt",
          urn: "urn:pulumi:dev::platform::aws:s3/bucket:Bucket::logs",
        },
        {
          policy: "rds-not-public",
          level: "mandatory",
          message: "is publicly accessible",
          urn: "urn:pulumi:dev::platform::aws:rds/instance:Instance::db",
        },
      ],
      "pack@1",
    );
    assert.deepStrictEqual(lines, [
      "Policy pack pack@1: 1 mandatory violation(s), 1 advisory",
      "  [mandatory] rds-not-public: db",
      "      is publicly accessible",
      "  [advisory] policy-exemptions: logs",
      "      x is exempt",
    ]);
  });

  it("is part of every stack's plan and of its JSON", async () => {
    const plan = await stackPlan("prod");
    assert.deepStrictEqual(mandatory(plan.diagnostics), []);
    assert.ok(Array.isArray(plan.diagnostics));
  });
});
