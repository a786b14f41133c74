import * as aws from "@pulumi/aws";
import * as assert from "assert";

import { REPOSITORY_LIFECYCLE_RULES } from "../../../components/compute/serviceImage";
import {
  PULL_ACTIONS,
  PUSH_ACTIONS,
  SharedRegistry,
  SharedRegistryArgs,
} from "../../../components/organization/registry";
import { checkApiRules } from "../../../tools/engine/apiRules";
import { RecordedResource } from "../../../tools/engine/mockEngine";
import { inputs, jsonInput, ofType, propertyDeps, runComponent, single } from "../../helpers/graph";
import { decide, decideResource, IamDocument } from "../../helpers/iam";

const SHARED = "444444444444";
const ENVIRONMENTS = ["555555555555", "666666666666"];

async function run(
  extra: Partial<SharedRegistryArgs> = {},
): Promise<{ resources: RecordedResource[]; registry: SharedRegistry }> {
  let registry!: SharedRegistry;
  const { resources } = await runComponent(() => {
    const sharedServices = new aws.Provider("shared-services", { region: "eu-west-1" });
    registry = new SharedRegistry("registry", {
      sharedServices,
      accountId: SHARED,
      region: "eu-west-1",
      namePrefix: "platform",
      repositories: ["orders", "team-a/web"],
      pullAccountIds: ENVIRONMENTS,
      ciRepositories: [{ repository: "acme/platform" }, { repository: "acme/web", defaultBranch: "trunk" }],
      ...extra,
    });
  });
  return { resources, registry };
}

type Doc = IamDocument;

describe("SharedRegistry", () => {
  let resources: RecordedResource[];
  let registry: SharedRegistry;
  let registryUrl: string;
  before(async () => {
    ({ resources, registry } = await run({ replicationRegions: ["eu-central-1"] }));
    registryUrl = await new Promise((resolve) => registry.registryUrl.apply(resolve));
  });

  it("creates one immutable, scanned, KMS-encrypted repository per name, with the platform's lifecycle", () => {
    const repos = ofType(resources, "aws:ecr/repository:Repository");
    assert.deepStrictEqual(repos.map((r) => inputs(r).name).sort(), [
      "platform/orders",
      "platform/team-a/web",
    ]);
    const key = single(resources, "aws:kms/key:Key");
    for (const r of repos) {
      const i = inputs(r);
      assert.strictEqual(i.imageTagMutability, "IMMUTABLE");
      assert.deepStrictEqual(i.imageScanningConfiguration, { scanOnPush: true });
      assert.strictEqual(
        (i.encryptionConfigurations as Array<Record<string, unknown>>)[0].encryptionType,
        "KMS",
      );
      assert.deepStrictEqual(r.propertyDependencies.encryptionConfigurations, [key.urn]);
      assert.strictEqual(r.provider?.split("::").pop(), "shared-services");
    }
    for (const l of ofType(resources, "aws:ecr/lifecyclePolicy:LifecyclePolicy")) {
      assert.deepStrictEqual(jsonInput(l, "policy"), { rules: REPOSITORY_LIFECYCLE_RULES });
    }
    assert.strictEqual(registryUrl, `${SHARED}.dkr.ecr.eu-west-1.amazonaws.com`);
    assert.deepStrictEqual(Object.keys(registry.repositoryUrls).sort(), ["orders", "team-a/web"]);
  });

  it("lets every environment account pull, and no other account or action", () => {
    const policies = ofType(resources, "aws:ecr/repositoryPolicy:RepositoryPolicy");
    assert.strictEqual(policies.length, 2);
    for (const p of policies) {
      const doc = jsonInput<Doc>(p, "policy");
      const ask = (arn: string, action: string): string =>
        decideResource(doc, { arn }, { action, resource: "*", context: { "aws:PrincipalArn": arn } });
      for (const account of ENVIRONMENTS) {
        const role = `arn:aws:iam::${account}:role/platform-task-execution`;
        for (const action of PULL_ACTIONS) {
          assert.strictEqual(ask(role, action), "allow", `${account} may ${action}`);
        }
        for (const action of [
          "ecr:PutImage",
          "ecr:DeleteRepository",
          "ecr:SetRepositoryPolicy",
          "ecr:BatchDeleteImage",
        ]) {
          assert.strictEqual(ask(role, action), "implicit-deny", `${account} may not ${action}`);
        }
        const lambda = decideResource(
          doc,
          { service: "lambda.amazonaws.com" },
          {
            action: "ecr:BatchGetImage",
            resource: "*",
            context: { "aws:sourceArn": `arn:aws:lambda:eu-west-1:${account}:function:platform-dev-x` },
          },
        );
        assert.strictEqual(lambda, "allow", `Lambda pulls for ${account}'s functions`);
      }
      for (const action of PULL_ACTIONS) {
        assert.strictEqual(
          ask("arn:aws:iam::777777777777:role/x", action),
          "implicit-deny",
          "another account",
        );
      }
      const foreignLambda = decideResource(
        doc,
        { service: "lambda.amazonaws.com" },
        {
          action: "ecr:BatchGetImage",
          resource: "*",
          context: { "aws:sourceArn": "arn:aws:lambda:eu-west-1:777777777777:function:x" },
        },
      );
      assert.strictEqual(foreignLambda, "implicit-deny");
    }
  });

  it("replicates to the given Regions, whose repositories get the same pull policy from a template first", () => {
    const replication = single(resources, "aws:ecr/replicationConfiguration:ReplicationConfiguration");
    const rules = (inputs(replication).replicationConfiguration as { rules: Array<Record<string, unknown>> })
      .rules;
    assert.deepStrictEqual(rules[0].destinations, [{ region: "eu-central-1", registryId: SHARED }]);
    assert.deepStrictEqual(rules[0].repositoryFilters, [{ filter: "platform/", filterType: "PREFIX_MATCH" }]);
    const template = single(resources, "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate");
    assert.deepStrictEqual(
      [
        inputs(template).region,
        inputs(template).prefix,
        inputs(template).appliedFors,
        inputs(template).imageTagMutability,
      ],
      ["eu-central-1", "platform", ["REPLICATION"], "IMMUTABLE"],
    );
    assert.deepStrictEqual(
      jsonInput(template, "repositoryPolicy"),
      jsonInput(ofType(resources, "aws:ecr/repositoryPolicy:RepositoryPolicy")[0], "policy"),
    );
    assert.ok(replication.dependencies.includes(template.urn), "templates exist before anything replicates");
    const role = ofType(resources, "aws:iam/role:Role").find((r) => r.name === "registry-replica-creation")!;
    assert.deepStrictEqual(template.propertyDependencies.customRoleArn, [role.urn]);
    const trust = jsonInput<IamDocument>(role, "assumeRolePolicy");
    assert.strictEqual(
      decideResource(trust, { service: "ecr.amazonaws.com" }, { action: "sts:AssumeRole", resource: "*" }),
      "allow",
    );
  });

  it("passes AWS's API rules", () => {
    assert.deepStrictEqual(checkApiRules(resources), []);
  });

  it("does not replicate without Regions", async () => {
    const { resources: plain } = await run();
    assert.strictEqual(ofType(plain, "aws:ecr/replicationConfiguration:ReplicationConfiguration").length, 0);
    assert.strictEqual(
      ofType(plain, "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate").length,
      0,
    );
  });

  it("lets CI push from the listed repositories' default branches only, to these repositories only", () => {
    const role = ofType(resources, "aws:iam/role:Role").find((r) => r.name === "registry-ci")!;
    const trust = jsonInput<{ Statement: Array<{ Condition: { StringEquals: Record<string, unknown> } }> }>(
      role,
      "assumeRolePolicy",
    );
    assert.deepStrictEqual(
      trust.Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"],
      ["repo:acme/platform:ref:refs/heads/main", "repo:acme/web:ref:refs/heads/trunk"],
    );
    const rolePolicy = ofType(resources, "aws:iam/rolePolicy:RolePolicy").find(
      (r) => r.name === "registry-ci-push",
    )!;
    const policy = jsonInput<IamDocument>(rolePolicy, "policy");
    const repos = ofType(resources, "aws:ecr/repository:Repository");
    assert.deepStrictEqual(
      propertyDeps(resources, rolePolicy, "policy").filter((r) => r.type === "aws:ecr/repository:Repository"),
      repos,
      "the push statement names the repositories' ARNs",
    );
    const repoArns = policy.Statement.find((x) => x.Sid === "PushImages")?.Resource as string[];
    assert.strictEqual(repoArns.length, repos.length);
    for (const arn of repoArns) {
      for (const action of PUSH_ACTIONS) {
        assert.strictEqual(decide(policy, { action, resource: arn }), "allow", `${action} on ${arn}`);
      }
    }
    const other = `arn:aws:ecr:eu-west-1:${SHARED}:repository/other`;
    assert.strictEqual(decide(policy, { action: "ecr:PutImage", resource: other }), "implicit-deny");
    assert.strictEqual(
      decide(policy, { action: "ecr:DeleteRepository", resource: repoArns[0] }),
      "implicit-deny",
    );
    assert.strictEqual(
      single(resources, "aws:iam/openIdConnectProvider:OpenIdConnectProvider").provider?.split("::").pop(),
      "shared-services",
    );
  });

  it("adopts an existing GitHub OIDC provider", async () => {
    const arn = `arn:aws:iam::${SHARED}:oidc-provider/token.actions.githubusercontent.com`;
    const { resources: adopted } = await run({ existingGithubOidcProviderArn: arn });
    assert.strictEqual(ofType(adopted, "aws:iam/openIdConnectProvider:OpenIdConnectProvider").length, 0);
    const role = single(adopted, "aws:iam/role:Role");
    const trust = jsonInput<{ Statement: Array<{ Principal: { Federated: string } }> }>(
      role,
      "assumeRolePolicy",
    );
    assert.strictEqual(trust.Statement[0].Principal.Federated, arn);
  });
});
