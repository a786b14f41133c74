/**
 * The no-public-path policies on the real stacks: each rule fails on one mutation of a resource the
 * program registers, as a pull request that exposes it would, with the rule's message.
 */
import * as assert from "assert";

import { RecordedResource } from "../../tools/engine/mockEngine";
import { stackPlan } from "../helpers/graph";
import { assertClean, assertViolation, evaluatePolicies, mandatory, mutate } from "../helpers/policies";

type Statement = Record<string, unknown>;

/** Adds a statement to a resource's JSON policy document (known: a preview of a known document, or an up). */
function withStatement(property: string, statement: Statement) {
  return (inputs: Record<string, unknown>): void => {
    const value = inputs[property];
    assert.strictEqual(typeof value, "string", `${property} is not a known document`);
    const doc = JSON.parse(value as string) as { Statement: Statement[] };
    doc.Statement.push(statement);
    inputs[property] = JSON.stringify(doc);
  };
}

const publicRead = (action: string, extra: Statement = {}): Statement => ({
  Sid: "Public",
  Effect: "Allow",
  Principal: "*",
  Action: action,
  Resource: "*",
  ...extra,
});

/** A copy of a resource of the plan as another resource (type, name and inputs changed), parented alike. */
function derived(
  resources: readonly RecordedResource[],
  from: string,
  type: string,
  name: string,
  inputs: Record<string, unknown>,
): RecordedResource {
  const source = resources.find((r) => r.name === from && r.custom);
  assert.ok(source, from);
  const copy = JSON.parse(JSON.stringify(source)) as RecordedResource;
  copy.urn = `${source.urn.split("::").slice(0, 2).join("::")}::${type}::${name}`;
  copy.parent = undefined;
  Object.assign(copy, { type, name, inputs, propertyDependencies: {}, dependencies: [] });
  return copy;
}

describe("no public path: mutations of the real dev plan (preview)", () => {
  let resources: RecordedResource[];
  before(async () => {
    resources = (await stackPlan("dev")).resources;
    assert.deepStrictEqual(mandatory(await evaluatePolicies(resources)), [], "the unmutated plan passes");
  });

  it("a bucket policy granting everyone fails; narrowed to the organization it passes", async () => {
    const d = await evaluatePolicies(
      mutate(resources, "files-bucket-policy", withStatement("policy", publicRead("s3:GetObject"))),
    );
    assertViolation(
      d,
      "no-public-resource-policy",
      "files-bucket-policy",
      /is public: its policy statement Public allows s3:GetObject to every principal \("\*"\) with no condition/,
    );
    const narrowed = await evaluatePolicies(
      mutate(
        resources,
        "files-bucket-policy",
        withStatement(
          "policy",
          publicRead("s3:GetObject", { Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } } }),
        ),
      ),
    );
    assertClean(narrowed, "no-public-resource-policy", "files-bucket-policy");
  });

  it("a bucket's public access block turned off fails", async () => {
    const d = await evaluatePolicies(
      mutate(resources, "files-bucket-public-access", (i) => (i.blockPublicPolicy = false)),
    );
    assertViolation(
      d,
      "s3-public-access-blocked",
      "files-bucket-public-access",
      /turns off blockPublicPolicy: public access must stay blocked/,
    );
  });

  it("a bucket without its public access block fails", async () => {
    const d = await evaluatePolicies(resources.filter((r) => r.name !== "files-bucket-public-access"));
    assertViolation(d, "s3-public-access-blocked", "files-bucket", /has no public access block/);
  });

  it("the account's public access block turned off fails", async () => {
    const d = await evaluatePolicies(
      mutate(resources, "baseline-s3-public-access", (i) => (i.restrictPublicBuckets = false)),
    );
    assertViolation(
      d,
      "s3-public-access-blocked",
      "baseline-s3-public-access",
      /turns off restrictPublicBuckets/,
    );
  });

  it("a bucket given a public-read ACL fails", async () => {
    const d = await evaluatePolicies(mutate(resources, "files-bucket", (i) => (i.acl = "public-read")));
    assertViolation(d, "s3-no-public-acl", "files-bucket", /uses the canned ACL public-read/);
  });

  it("a snapshot of the real database shared with everyone fails", async () => {
    const snapshot = derived(resources, "postgres", "aws:rds/snapshot:Snapshot", "postgres-shared", {
      dbInstanceIdentifier: "postgres",
      dbSnapshotIdentifier: "postgres-shared",
      sharedAccounts: ["all"],
    });
    const d = await evaluatePolicies([...resources, snapshot]);
    assertViolation(
      d,
      "no-public-sharing",
      "postgres-shared",
      /is shared with everyone: sharedAccounts includes "all"/,
    );
  });

  it("the internal load balancer made internet-facing fails: it is not the declared edge", async () => {
    const d = await evaluatePolicies(mutate(resources, "internal-alb", (i) => (i.internal = false)));
    assertViolation(
      d,
      "load-balancer-edge-only",
      "internal-alb",
      /is internet-facing but is not the platform's declared edge \(platform::platform:edge:InternalLoadBalancer is not one of platform::platform:edge:PublicLoadBalancer\)/,
    );
    assertViolation(d, "internet-facing-lb-has-waf", "internal-alb", /with no WAF web ACL associated/);
  });

  it("the public load balancer in another project's stack is not the declared edge, component type or not", async () => {
    const d = await evaluatePolicies(
      mutate(resources, "public-alb", (_, r) => (r.urn = r.urn.replace("::platform::", "::app-team::"))),
    );
    assertViolation(
      d,
      "load-balancer-edge-only",
      "public-alb",
      /app-team::platform:edge:PublicLoadBalancer is not one of/,
    );
  });

  it("the WAF detached from the public load balancer fails", async () => {
    const d = await evaluatePolicies(resources.filter((r) => r.name !== "public-waf-association"));
    assertViolation(
      d,
      "internet-facing-lb-has-waf",
      "public-alb",
      /is internet-facing with no WAF web ACL associated/,
    );
  });
});

describe("no public path: mutations of the real stage plan (preview)", () => {
  // Stage runs what dev leaves out to stay within its cost (docs/cost.md): the function, its rules, Atlas.
  let resources: RecordedResource[];
  before(async () => {
    resources = (await stackPlan("stage")).resources;
    assert.deepStrictEqual(mandatory(await evaluatePolicies(resources)), [], "the unmutated plan passes");
  });

  it("a function permission opened to every principal fails", async () => {
    const name = "rule-audit-trail-function-event-recorder-invoke";
    const d = await evaluatePolicies(
      mutate(resources, name, (i) => {
        i.principal = "*";
        delete i.sourceArn;
      }),
    );
    assertViolation(
      d,
      "no-public-permission",
      name,
      /grants lambda:InvokeFunction to every principal \(principal = "\*"\) without narrowing it: set sourceArn or sourceAccount or principalOrgId/,
    );
  });

  it("the Atlas access list opened to the world fails", async () => {
    const d = await evaluatePolicies(
      mutate(resources, "mongodb-access-vpc", (i) => (i.cidrBlock = "0.0.0.0/0")),
    );
    assertViolation(
      d,
      "saas-access-lists-not-open",
      "mongodb-access-vpc",
      /opens access to 0\.0\.0\.0\/0: it admits every address/,
    );
  });

  it("a public URL on the real function fails", async () => {
    const url = derived(
      resources,
      "fn-event-recorder",
      "aws:lambda/functionUrl:FunctionUrl",
      "fn-event-recorder-url",
      {
        functionName: "platform-stage-event-recorder",
        authorizationType: "NONE",
      },
    );
    const d = await evaluatePolicies([...resources, url]);
    assertViolation(
      d,
      "lambda-url-requires-auth",
      "fn-event-recorder-url",
      /is a public function URL \(authorizationType = NONE\)/,
    );
  });

  it("the real function moved out of the VPC fails", async () => {
    const d = await evaluatePolicies(mutate(resources, "fn-event-recorder", (i) => delete i.vpcConfig));
    assertViolation(d, "lambda-in-vpc", "fn-event-recorder", /runs outside the VPC/);
  });
});

describe("no public path: mutations of the real prod plan", () => {
  let preview: RecordedResource[];
  let up: RecordedResource[];
  before(async () => {
    preview = (await stackPlan("prod")).resources;
    up = (await stackPlan("prod", "up")).resources;
  });

  it("the search domain moved out of the VPC fails", async () => {
    const d = await evaluatePolicies(mutate(preview, "search", (i) => delete i.vpcOptions));
    assertViolation(d, "opensearch-in-vpc", "search", /has a public endpoint: set vpcOptions\.subnetIds/);
  });

  it("the partner API's route without its authorizer fails", async () => {
    const d = await evaluatePolicies(
      mutate(preview, "partners-proxy", (i) => {
        i.authorizationType = "NONE";
        delete i.authorizerId;
      }),
    );
    assertViolation(
      d,
      "api-routes-authorized",
      "partners-proxy",
      /\(ANY \/\{proxy\+\}\) has no authorizer \(authorizationType = NONE\): use JWT, AWS_IAM or CUSTOM/,
    );
  });

  it("documents unknown in the preview are judged by the update: a public queue, key or bus policy fails there", async () => {
    for (const [name, action] of [
      ["orders-jobs-policy", "sqs:SendMessage"],
      ["key", "kms:Decrypt"],
      ["events-policy", "events:PutEvents"],
    ]) {
      const d = await evaluatePolicies(mutate(up, name, withStatement("policy", publicRead(action))));
      assertViolation(
        d,
        "no-public-resource-policy",
        name,
        new RegExp(`statement Public allows ${action} to every principal`),
      );
    }
  });

  it("a trail bucket policy that stops denying plain HTTP fails in the update", async () => {
    const d = await evaluatePolicies(
      mutate(up, "baseline-trail-logs-policy", (i) => {
        const doc = JSON.parse(i.policy as string) as { Statement: Statement[] };
        doc.Statement = doc.Statement.filter((s) => s.Sid !== "DenyInsecureTransport");
        i.policy = JSON.stringify(doc);
      }),
    );
    assertViolation(
      d,
      "s3-bucket-policy-denies-http",
      "baseline-trail-logs-policy",
      /does not deny requests without TLS/,
    );
  });
});
