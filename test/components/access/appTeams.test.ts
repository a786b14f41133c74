/** App teams' roles and their permissions boundaries. */
import * as assert from "assert";

import { AppTeamAccess, TEAM_TAG } from "../../../components/access/appTeams";
import { trustAllows } from "../../../components/access/trust";
import { RecordedResource } from "../../../tools/engine/mockEngine";
import { inputs, jsonInput, ofType, propertyDeps, runComponent } from "../../helpers/graph";
import { IamDocument, permitted } from "../../helpers/iam";
import { ACCOUNT, ADMIN, Doc, REPO, roleArn, roleNamed, token } from "./fixtures";

describe("AppTeamAccess", () => {
  let resources: RecordedResource[];
  before(async () => {
    ({ resources } = await runComponent(() => {
      new AppTeamAccess("app-teams", {
        teams: [
          { name: "orders", repository: "acme/orders" },
          { name: "payments", repository: "acme/payments" },
        ],
        environment: "prod",
        accountId: ACCOUNT,
        region: "eu-west-1",
        namePrefix: "platform-prod",
        githubProviderArn: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
      });
    }));
  });

  const boundaryOf = (team: string): RecordedResource => {
    const found = ofType(resources, "aws:iam/policy:Policy").find(
      (p) => inputs(p).name === `platform-prod-app-${team}-boundary`,
    );
    assert.ok(found, `no boundary of ${team}`);
    return found;
  };
  const boundaryArn = (team: string): string =>
    `arn:aws:iam::${ACCOUNT}:policy/platform-prod-app-${team}-boundary`;
  const policyOf = (team: string): IamDocument => {
    const role = roleNamed(resources, `platform-prod-app-${team}`);
    const policy = ofType(resources, "aws:iam/rolePolicy:RolePolicy").find((p) =>
      propertyDeps(resources, p, "role").some((r) => r.urn === role.urn),
    )!;
    return jsonInput<IamDocument>(policy, "policy");
  };
  /** What the team's deploy role may do: its policy within its boundary. */
  const teamMay = (team: string, action: string, resource: string, context: Record<string, string> = {}) =>
    permitted(
      { action, resource, context },
      { identity: [policyOf(team)], boundary: jsonInput<IamDocument>(boundaryOf(team), "policy") },
    );
  const appRole = (team: string, name = "api-task"): string => roleArn(`apps/${team}/${name}`);

  it("is assumed only by the team's repository, from the environment's deploy jobs", () => {
    const role = roleNamed(resources, "platform-prod-app-orders");
    const trust = jsonInput<Doc>(role, "assumeRolePolicy");
    const can = (sub: string): boolean => trustAllows(trust, "sts:AssumeRoleWithWebIdentity", token(sub));
    assert.ok(can("repo:acme/orders:environment:prod"));
    assert.ok(!can("repo:acme/payments:environment:prod"));
    assert.ok(!can(`repo:${REPO}:environment:prod`));
  });

  it("gives each team its own boundary, which the team's role carries", () => {
    for (const team of ["orders", "payments"]) {
      const role = roleNamed(resources, `platform-prod-app-${team}`);
      assert.deepStrictEqual(role.propertyDependencies.permissionsBoundary, [boundaryOf(team).urn]);
    }
    assert.strictEqual(ofType(resources, "aws:iam/policy:Policy").length, 2, "no shared boundary");
  });

  it("acts only on resources tagged with the team", () => {
    const statements = jsonInput<Doc>(
      ofType(resources, "aws:iam/rolePolicy:RolePolicy").find((p) =>
        propertyDeps(resources, p, "role").some((r) => r.name === "app-teams-orders"),
      )!,
      "policy",
    ).Statement;
    const create = statements.find((s) => s.Sid === "CreateOnlyTagged")!;
    assert.deepStrictEqual(create.Condition, { StringEquals: { [`aws:RequestTag/${TEAM_TAG}`]: "orders" } });
    const change = statements.find((s) => s.Sid === "ChangeOnlyOwn")!;
    assert.deepStrictEqual(change.Condition, { StringEquals: { [`aws:ResourceTag/${TEAM_TAG}`]: "orders" } });
    const writes = statements.filter((s) => s.Sid !== "Read" && s.Effect === "Allow");
    for (const s of writes) {
      assert.ok(
        s.Condition !== undefined || String(s.Resource).includes("orders"),
        `${s.Sid} is limited to the team`,
      );
    }
  });

  it("creates and changes roles only under /apps/<team>/ and only carrying the team's own boundary", () => {
    const own = { "iam:PermissionsBoundary": boundaryArn("orders") };
    for (const action of [
      "iam:CreateRole",
      "iam:PutRolePolicy",
      "iam:DeleteRolePolicy",
      "iam:AttachRolePolicy",
      "iam:DetachRolePolicy",
      "iam:PutRolePermissionsBoundary",
    ]) {
      assert.ok(teamMay("orders", action, appRole("orders"), own), `${action} on its own role`);
      assert.ok(!teamMay("orders", action, appRole("orders")), `${action} without a boundary`);
      assert.ok(
        !teamMay("orders", action, appRole("orders"), { "iam:PermissionsBoundary": boundaryArn("payments") }),
        `${action} with another team's boundary`,
      );
      assert.ok(
        !teamMay("orders", action, `arn:aws:iam::${ACCOUNT}:role/apps/orders-x/r`, own),
        `${action} beside the team's path`,
      );
      assert.ok(!teamMay("orders", action, appRole("payments"), own), `${action} on another team's role`);
      assert.ok(
        !teamMay("orders", action, roleArn("platform-prod-deploy"), own),
        `${action} on a platform role`,
      );
    }
    for (const action of ["iam:PassRole", "iam:DeleteRole", "iam:GetRole", "iam:TagRole"]) {
      assert.ok(teamMay("orders", action, appRole("orders")), `${action} on its own role`);
      assert.ok(!teamMay("orders", action, appRole("payments")), `${action} on another team's role`);
      assert.ok(!teamMay("orders", action, roleArn("platform-prod-deploy")), `${action} on a platform role`);
    }
    assert.ok(
      !teamMay("orders", "iam:DeleteRolePermissionsBoundary", appRole("orders"), own),
      "never lifts a boundary",
    );
  });

  it("reads only its own secrets and parameters", () => {
    const secret = (name: string) => `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:${name}-AbCdEf`;
    const parameter = (name: string) => `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/${name}`;
    assert.ok(teamMay("orders", "secretsmanager:GetSecretValue", secret("orders/db")));
    assert.ok(!teamMay("orders", "secretsmanager:GetSecretValue", secret("payments/db")));
    assert.ok(!teamMay("orders", "secretsmanager:GetSecretValue", secret("platform/db")));
    assert.ok(teamMay("orders", "ssm:GetParameter", parameter("orders/feature-flags")));
    assert.ok(!teamMay("orders", "ssm:GetParameter", parameter("payments/feature-flags")));
    assert.ok(!teamMay("orders", "ssm:GetParameter", parameter("acme/orders/image")));
  });

  it("bounds every role a team creates: even an administrator policy reaches only the team's own", () => {
    // A role under /apps/orders/ carries the orders boundary (it could not be created otherwise).
    const boundary = jsonInput<IamDocument>(boundaryOf("orders"), "policy");
    const created = (action: string, resource: string, context: Record<string, string> = {}) =>
      permitted({ action, resource, context }, { identity: [ADMIN], boundary });
    assert.ok(!created("iam:CreateRole", roleArn("escape")), "no role without the boundary");
    assert.ok(!created("iam:CreateRole", appRole("orders")), "not even on its path without the boundary");
    assert.ok(
      created("iam:CreateRole", appRole("orders"), { "iam:PermissionsBoundary": boundaryArn("orders") }),
    );
    assert.ok(!created("iam:PassRole", appRole("payments")));
    assert.ok(
      !created("iam:PutRolePolicy", roleArn("platform-prod-deploy"), {
        "iam:PermissionsBoundary": boundaryArn("orders"),
      }),
    );
    assert.ok(
      !created(
        "secretsmanager:GetSecretValue",
        `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:payments/db`,
      ),
    );
    assert.ok(!created("ssm:GetParameter", `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/payments/x`));
    assert.ok(!created("iam:CreateUser", `arn:aws:iam::${ACCOUNT}:user/x`));
    assert.ok(created("ecs:UpdateService", `arn:aws:ecs:eu-west-1:${ACCOUNT}:service/c/orders-api`));
  });
});
