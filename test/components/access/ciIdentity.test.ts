/** CI's identity: GitHub OIDC trust of its roles, the deploy role's boundary, the preview role's denials. */
import * as assert from "assert";

import { CI_ROLE_PROTECTED_ACTIONS, CiIdentity } from "../../../components/access/ciIdentity";
import { trustAllows } from "../../../components/access/trust";
import { RecordedResource } from "../../../tools/engine/mockEngine";
import { inputs, jsonInput, ofType, propertyDeps, runComponent, single } from "../../helpers/graph";
import { IamDocument, permitted } from "../../helpers/iam";
import { ACCOUNT, ADMIN, Doc, REPO, roleArn, roleNamed, token } from "./fixtures";

describe("CiIdentity", () => {
  let resources: RecordedResource[];
  before(async () => {
    ({ resources } = await runComponent(
      () =>
        new CiIdentity("ci", {
          repository: REPO,
          environment: "prod",
          accountId: ACCOUNT,
          namePrefix: "platform-prod",
          previewDeniedObjectArns: ["arn:aws:s3:::vpn-pki-1234/clients/*"],
        }),
    ));
  });

  it("registers GitHub's OIDC provider for the STS audience", () => {
    const p = inputs(single(resources, "aws:iam/openIdConnectProvider:OpenIdConnectProvider"));
    assert.deepStrictEqual(
      [p.url, p.clientIdLists],
      ["https://token.actions.githubusercontent.com", ["sts.amazonaws.com"]],
    );
  });

  it("lets only this repository's prod deploy job assume the deploy role", () => {
    const trust = jsonInput<Doc>(roleNamed(resources, "platform-prod-deploy"), "assumeRolePolicy");
    const can = (claims: Record<string, string>): boolean =>
      trustAllows(trust, "sts:AssumeRoleWithWebIdentity", claims);
    assert.ok(can(token(`repo:${REPO}:environment:prod`)));
    assert.ok(!can(token(`repo:${REPO}:pull_request`)), "a pull request cannot deploy");
    assert.ok(!can(token(`repo:${REPO}:environment:dev`)), "another environment's job cannot deploy prod");
    assert.ok(
      !can(token(`repo:${REPO}:ref:refs/heads/main`)),
      "a job outside the environment (no approval) cannot deploy",
    );
    assert.ok(!can(token("repo:someone/fork:environment:prod")), "another repository cannot deploy");
    assert.ok(!can(token(`repo:${REPO}:environment:prod`, "other-audience")), "the audience must be STS");
  });

  it("lets only this repository's pull requests assume the read-only preview role", () => {
    const role = roleNamed(resources, "platform-prod-preview");
    const trust = jsonInput<Doc>(role, "assumeRolePolicy");
    const can = (sub: string): boolean => trustAllows(trust, "sts:AssumeRoleWithWebIdentity", token(sub));
    assert.ok(can(`repo:${REPO}:pull_request`));
    assert.ok(!can("repo:attacker/platform:pull_request"));
    assert.strictEqual(inputs(role).permissionsBoundary, "arn:aws:iam::aws:policy/ReadOnlyAccess");
  });

  it("bounds the deploy role: no IAM users or keys, no leaving the Organization, no disabling the trail", () => {
    const boundary = single(resources, "aws:iam/policy:Policy");
    const deploy = roleNamed(resources, "platform-prod-deploy");
    assert.deepStrictEqual(deploy.propertyDependencies.permissionsBoundary, [boundary.urn]);
    const denied = jsonInput<Doc>(boundary, "policy")
      .Statement.filter((s) => s.Effect === "Deny")
      .flatMap((s) => s.Action);
    for (const action of [
      "iam:CreateUser",
      "iam:CreateAccessKey",
      "organizations:LeaveOrganization",
      "cloudtrail:StopLogging",
      "guardduty:DeleteDetector",
    ]) {
      assert.ok(denied.includes(action), `the boundary denies ${action}`);
    }
  });

  it("denies the deploy role changing the boundary, trust or permissions of CI's own roles, and no other role", () => {
    const boundary = jsonInput<IamDocument>(single(resources, "aws:iam/policy:Policy"), "policy");
    const deployMay = (action: string, resource: string): boolean =>
      permitted({ action, resource }, { identity: [ADMIN], boundary });
    for (const action of CI_ROLE_PROTECTED_ACTIONS) {
      for (const ci of ["platform-prod-deploy", "platform-prod-preview"]) {
        assert.ok(!deployMay(action, roleArn(ci)), `the deploy role may not ${action} on ${ci}`);
      }
      assert.ok(
        deployMay(action, roleArn("platform-prod-app-orders")),
        `the deploy role still may ${action} on the roles the program manages`,
      );
    }
    for (const action of [
      "iam:DeleteRolePermissionsBoundary",
      "iam:PutRolePermissionsBoundary",
      "iam:UpdateAssumeRolePolicy",
    ]) {
      assert.ok(
        !deployMay(action, roleArn("platform-prod-deploy")),
        `the deploy role may not ${action} itself`,
      );
    }
    assert.ok(deployMay("iam:CreateRole", roleArn("platform-prod-anything")));
    assert.ok(deployMay("iam:DeleteRole", roleArn("platform-prod-anything")));
  });

  it("denies the preview role secret values and the objects it is told to, whatever ReadOnlyAccess allows", () => {
    const preview = roleNamed(resources, "platform-prod-preview");
    const policy = ofType(resources, "aws:iam/rolePolicy:RolePolicy").find((p) =>
      propertyDeps(resources, p, "role").some((r) => r.urn === preview.urn),
    );
    assert.ok(policy, "the preview role has an inline policy of denies");
    const denies = jsonInput<IamDocument>(policy, "policy");
    const readOnly: IamDocument = {
      Statement: [{ Effect: "Allow", Action: ["s3:Get*", "secretsmanager:*", "ssm:Get*"], Resource: "*" }],
    };
    const previewMay = (action: string, resource: string): boolean =>
      permitted({ action, resource }, { identity: [readOnly, denies] });
    assert.ok(
      !previewMay("secretsmanager:GetSecretValue", `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:x`),
    );
    assert.ok(!previewMay("s3:GetObject", "arn:aws:s3:::vpn-pki-1234/clients/alice.ovpn"));
    assert.ok(!previewMay("s3:GetObjectVersion", "arn:aws:s3:::vpn-pki-1234/clients/alice.ovpn"));
    // What a preview does need stays: reading the image references in SSM, describing secrets.
    assert.ok(previewMay("ssm:GetParameter", `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/acme/orders/image`));
    assert.ok(
      previewMay("secretsmanager:DescribeSecret", `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:x`),
    );
    assert.ok(previewMay("s3:GetBucketPolicy", "arn:aws:s3:::vpn-pki-1234"));
  });
});
