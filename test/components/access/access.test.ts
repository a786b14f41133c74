import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { AppTeamAccess, TEAM_TAG } from "../../../components/access/appTeams";
import { CI_ROLE_PROTECTED_ACTIONS, CiIdentity } from "../../../components/access/ciIdentity";
import { CONFIG_RULES, Guardrails } from "../../../components/access/guardrails";
import { Patching, PATCH_GROUP } from "../../../components/access/patching";
import {
  accessRolePrincipalArn,
  BreakGlass,
  PeopleAccess,
  PeopleAccessArgs,
  WITH_MANAGEMENT_EVENTS,
} from "../../../components/access/people";
import { GITHUB_OIDC_HOST, trustAllows } from "../../../components/access/trust";
import { RecordedResource } from "../../../tools/engine/mockEngine";
import {
  inputs,
  jsonInput,
  ofType,
  propertyDeps,
  runComponent,
  single,
  stackPlan,
} from "../../helpers/graph";
import { denied, IamDocument, permitted } from "../../helpers/iam";
import { display } from "../../../tools/engine/wire";

const REPO = "acme-platform/platform";
const ACCOUNT = "123456789012";

/** The claims of a GitHub Actions token for `sub`, as AWS evaluates them. */
const token = (sub: string, aud = "sts.amazonaws.com"): Record<string, string> => ({
  [`${GITHUB_OIDC_HOST}:sub`]: sub,
  [`${GITHUB_OIDC_HOST}:aud`]: aud,
});

function roleNamed(resources: RecordedResource[], name: string): RecordedResource {
  const found = ofType(resources, "aws:iam/role:Role").find((r) => inputs(r).name === name);
  assert.ok(found, `no role named ${name}`);
  return found;
}

interface Doc {
  Statement: Array<{
    Sid?: string;
    Effect: string;
    Action: string | string[];
    Resource?: unknown;
    Condition?: Record<string, Record<string, unknown>>;
  }>;
}

/** AdministratorAccess, as a document. */
const ADMIN: IamDocument = { Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
const roleArn = (name: string): string => `arn:aws:iam::${ACCOUNT}:role/${name}`;

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

describe("PeopleAccess", () => {
  const base: Omit<PeopleAccessArgs, "mode" | "managementProvider"> = {
    environment: "prod",
    namePrefix: "platform-prod",
    accountId: ACCOUNT,
    sessionDurationHours: 2,
    groups: { administrators: "admins", developers: "devs", oncall: "oncall", auditors: "auditors" },
    identityCenter: {
      instanceArn: "arn:aws:sso:::instance/ssoins-0123456789abcdef",
      identityStoreId: "d-0123456789",
    },
    securityAccountId: "555555555555",
  };

  it("with Identity Center: a permission set per role, with the tier's session, assigned to its group on this account", async () => {
    const { resources } = await runComponent(() => {
      const management = new aws.Provider("management", { region: "eu-west-1" });
      new PeopleAccess("people", { ...base, mode: "identityCenter", managementProvider: management });
    });
    const sets = ofType(resources, "aws:ssoadmin/permissionSet:PermissionSet");
    assert.deepStrictEqual(
      sets.map((s) => inputs(s).name),
      ["prod-admin", "prod-developer", "prod-oncall", "prod-auditor"],
    );
    for (const s of sets) {
      assert.strictEqual(inputs(s).sessionDuration, "PT2H");
      assert.match(s.provider ?? "", /::management$/, "Identity Center lives in the management account");
    }
    const assignments = ofType(resources, "aws:ssoadmin/accountAssignment:AccountAssignment");
    assert.strictEqual(assignments.length, 4);
    for (const a of assignments) {
      assert.deepStrictEqual(
        [inputs(a).principalType, inputs(a).targetType, inputs(a).targetId],
        ["GROUP", "AWS_ACCOUNT", ACCOUNT],
      );
    }
    const inline = jsonInput<Doc>(
      single(resources, "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy"),
      "inlinePolicy",
    );
    assert.ok((inline.Statement[0].Action as string[]).includes("ecs:ExecuteCommand"));
    assert.ok((inline.Statement[0].Action as string[]).includes("rds:RebootDBInstance"));
    assert.strictEqual(ofType(resources, "aws:iam/role:Role").length, 0);
  });

  it("gives developers and on-call view-only access and logs, not ReadOnlyAccess (which reads data)", async () => {
    const { resources } = await runComponent(() => {
      const management = new aws.Provider("management", { region: "eu-west-1" });
      new PeopleAccess("people", { ...base, mode: "identityCenter", managementProvider: management });
    });
    const setOf = (name: string): RecordedResource =>
      ofType(resources, "aws:ssoadmin/permissionSet:PermissionSet").find((s) => inputs(s).name === name)!;
    const managed = (set: RecordedResource): string[] =>
      ofType(resources, "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment")
        .filter((a) => propertyDeps(resources, a, "permissionSetArn").some((r) => r.urn === set.urn))
        .map((a) => inputs(a).managedPolicyArn as string)
        .sort();
    for (const name of ["prod-developer", "prod-oncall"]) {
      assert.deepStrictEqual(managed(setOf(name)), [
        "arn:aws:iam::aws:policy/CloudWatchLogsReadOnlyAccess",
        "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
      ]);
    }
    assert.deepStrictEqual(managed(setOf("prod-admin")), ["arn:aws:iam::aws:policy/AdministratorAccess"]);
  });

  it("lets on-call hold the customer managed policies it is given (the VPN operators'), in either mode", async () => {
    const { resources: ic } = await runComponent(() => {
      const management = new aws.Provider("management", { region: "eu-west-1" });
      const operators = new aws.iam.Policy("vpn-operators", {
        name: "platform-prod-vpn-operators",
        path: "/platform/",
        policy: "{}",
      });
      new PeopleAccess("people", {
        ...base,
        mode: "identityCenter",
        managementProvider: management,
        oncallPolicies: [operators],
      });
    });
    const attachment = single(
      ic,
      "aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment",
    );
    assert.deepStrictEqual(inputs(attachment).customerManagedPolicyReference, {
      name: "platform-prod-vpn-operators",
      path: "/platform/",
    });
    const oncall = ofType(ic, "aws:ssoadmin/permissionSet:PermissionSet").find(
      (s) => inputs(s).name === "prod-oncall",
    )!;
    assert.deepStrictEqual(
      propertyDeps(ic, attachment, "permissionSetArn").map((r) => r.urn),
      [oncall.urn],
    );
    assert.ok(
      propertyDeps(ic, attachment, "customerManagedPolicyReference").some((r) => r.name === "vpn-operators"),
      "the policy exists in the account before the permission set refers to it",
    );
    assert.match(attachment.provider ?? "", /::management$/);

    const { resources: roles } = await runComponent(() => {
      const management = new aws.Provider("management", { region: "eu-west-1" });
      const operators = new aws.iam.Policy("vpn-operators", {
        name: "ops",
        path: "/platform/",
        policy: "{}",
      });
      new PeopleAccess("people", {
        ...base,
        mode: "crossAccountRoles",
        managementProvider: management,
        oncallPolicies: [operators],
      });
    });
    const held = ofType(roles, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) =>
      propertyDeps(roles, a, "policyArn").some((r) => r.name === "vpn-operators"),
    );
    assert.strictEqual(held.length, 1);
    assert.deepStrictEqual(
      propertyDeps(roles, held[0], "role").map((r) => inputs(r).name),
      ["platform-prod-oncall"],
    );
  });

  it("names the role a person of a given role signs in as, for resource policies", async () => {
    const ic = {
      mode: "identityCenter" as const,
      environment: "prod",
      namePrefix: "platform-prod",
      accountId: ACCOUNT,
    };
    const patterns: string[] = [];
    await runComponent(() => {
      accessRolePrincipalArn(ic, "oncall").apply((p) => patterns.push(p));
      accessRolePrincipalArn({ ...ic, mode: "crossAccountRoles" }, "oncall").apply((p) => patterns.push(p));
    });
    const [sso, cross] = patterns;
    const guard: IamDocument = {
      Statement: [
        {
          Effect: "Deny",
          Action: "s3:GetObject",
          Resource: "*",
          Condition: { ArnNotLike: { "aws:PrincipalArn": [sso] } },
        },
      ],
    };
    const admitted = (principal: string): boolean =>
      !denied({ action: "s3:GetObject", resource: "x", context: { "aws:PrincipalArn": principal } }, [guard]);
    const reserved = `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com`;
    assert.ok(admitted(`${reserved}/eu-west-1/AWSReservedSSO_prod-oncall_0123456789abcdef`));
    assert.ok(admitted(`${reserved}/AWSReservedSSO_prod-oncall_0123456789abcdef`));
    assert.ok(!admitted(`${reserved}/AWSReservedSSO_prod-developer_0123456789abcdef`));
    assert.ok(
      !admitted(`${reserved}/AWSReservedSSO_prod-oncall_evil_0123456789abcdef`),
      "another permission set",
    );
    assert.ok(!admitted(`${reserved}/AWSReservedSSO_stage-oncall_0123456789abcdef`), "another environment's");
    assert.ok(!admitted(roleArn("prod-oncall")), "a role outside the reserved path");
    assert.strictEqual(cross, roleArn("platform-prod-oncall"));
  });

  it("without Identity Center: roles trusting the security account only with MFA", async () => {
    const { resources } = await runComponent(() => {
      const management = new aws.Provider("management", { region: "eu-west-1" });
      new PeopleAccess("people", { ...base, mode: "crossAccountRoles", managementProvider: management });
    });
    const roles = ofType(resources, "aws:iam/role:Role");
    assert.strictEqual(roles.length, 4);
    for (const role of roles) {
      const trust = jsonInput<Doc>(role, "assumeRolePolicy");
      const from = (mfa: boolean) =>
        trustAllows(trust, "sts:AssumeRole", { "aws:MultiFactorAuthPresent": mfa });
      assert.ok(from(true) && !from(false), `${role.name} requires MFA`);
      assert.strictEqual(inputs(role).maxSessionDuration, 7200);
    }
    assert.strictEqual(ofType(resources, "aws:ssoadmin/permissionSet:PermissionSet").length, 0);
  });
});

describe("BreakGlass", () => {
  const breakGlass = (region: string) => () => {
    new BreakGlass("break-glass", {
      namePrefix: "platform-prod",
      accountId: ACCOUNT,
      region,
      securityAccountId: "555555555555",
      alertTopicArn: "arn:aws:sns:eu-west-1:1:alerts",
    });
  };
  type Pattern = {
    source: string[];
    "detail-type": string[];
    detail: {
      eventSource: string[];
      eventName: string[];
      requestParameters?: { roleArn: string[] };
      userIdentity?: { arn: Array<{ prefix: string }> };
    };
  };
  const rule = (resources: RecordedResource[], name: string): RecordedResource =>
    ofType(resources, "aws:cloudwatch/eventRule:EventRule").find((r) => r.name === name)!;
  const targetOf = (resources: RecordedResource[], r: RecordedResource): Record<string, unknown> => {
    const found = ofType(resources, "aws:cloudwatch/eventTarget:EventTarget").filter((t) =>
      propertyDeps(resources, t, "rule").some((x) => x.urn === r.urn),
    );
    assert.strictEqual(found.length, 1, `one target of ${r.name}`);
    return inputs(found[0]);
  };

  it("is an MFA-only administrator whose every use alerts", async () => {
    const { resources } = await runComponent(breakGlass("eu-west-1"));
    const role = ofType(resources, "aws:iam/role:Role").find((r) => r.name === "break-glass")!;
    assert.ok(
      !trustAllows(jsonInput(role, "assumeRolePolicy"), "sts:AssumeRole", {
        "aws:MultiFactorAuthPresent": false,
      }),
    );
    assert.strictEqual(inputs(role).maxSessionDuration, 3600);
    const used = rule(resources, "break-glass-used");
    const pattern = jsonInput<Pattern>(used, "eventPattern");
    assert.deepStrictEqual(pattern.detail.eventName, ["AssumeRole"]);
    assert.deepStrictEqual(pattern.detail.requestParameters!.roleArn, [
      `arn:aws:iam::${ACCOUNT}:role/platform-prod-break-glass`,
    ]);
    assert.strictEqual(inputs(used).region, undefined, "in the environment's region");
    assert.strictEqual(targetOf(resources, used).arn, "arn:aws:sns:eu-west-1:1:alerts");
  });

  it("receives every CloudTrail management event, read-only ones included, whatever EventBridge classes AssumeRole as", async () => {
    const { resources } = await runComponent(breakGlass("eu-west-1"));
    for (const r of ofType(resources, "aws:cloudwatch/eventRule:EventRule")) {
      assert.strictEqual(inputs(r).state, WITH_MANAGEMENT_EVENTS, r.name);
    }
  });

  it("also alerts on a console SwitchRole into the role", async () => {
    const { resources } = await runComponent(breakGlass("eu-west-1"));
    const consoleRule = rule(resources, "break-glass-console");
    const pattern = jsonInput<Pattern>(consoleRule, "eventPattern");
    assert.deepStrictEqual(
      [pattern.source, pattern["detail-type"], pattern.detail.eventSource, pattern.detail.eventName],
      [["aws.signin"], ["AWS Console Sign In via CloudTrail"], ["signin.amazonaws.com"], ["SwitchRole"]],
    );
    // A SwitchRole event names the role through the session it opens.
    assert.deepStrictEqual(pattern.detail.userIdentity!.arn, [
      { prefix: `arn:aws:sts::${ACCOUNT}:assumed-role/platform-prod-break-glass/` },
    ]);
    assert.strictEqual(targetOf(resources, consoleRule).arn, "arn:aws:sns:eu-west-1:1:alerts");
  });

  it("forwards the events of us-east-1 (global STS and sign-in endpoints) to the environment's bus", async () => {
    const { resources } = await runComponent(breakGlass("eu-west-1"));
    const global = ofType(resources, "aws:cloudwatch/eventRule:EventRule").filter(
      (r) => inputs(r).region === "us-east-1",
    );
    assert.deepStrictEqual(global.map((r) => r.name).sort(), [
      "break-glass-assumed-us-east-1",
      "break-glass-console-us-east-1",
    ]);
    const forwarder = ofType(resources, "aws:iam/role:Role").find((r) => r.name === "break-glass-forwarder")!;
    assert.ok(
      trustAllows(jsonInput(forwarder, "assumeRolePolicy"), "sts:AssumeRole", {
        "aws:SourceAccount": ACCOUNT,
      }),
    );
    const homeBus = `arn:aws:events:eu-west-1:${ACCOUNT}:event-bus/default`;
    for (const r of global) {
      // The same patterns as the environment's rules, which then alert on the forwarded event.
      const home = rule(resources, r.name.includes("assumed") ? "break-glass-used" : "break-glass-console");
      assert.deepStrictEqual(jsonInput(r, "eventPattern"), jsonInput(home, "eventPattern"));
      const target = targetOf(resources, r);
      assert.deepStrictEqual([target.arn, target.region], [homeBus, "us-east-1"]);
      const t = ofType(resources, "aws:cloudwatch/eventTarget:EventTarget").find(
        (x) => inputs(x).arn === homeBus && propertyDeps(resources, x, "rule").some((y) => y.urn === r.urn),
      )!;
      assert.deepStrictEqual(
        propertyDeps(resources, t, "roleArn").map((x) => x.urn),
        [forwarder.urn],
      );
    }
    const policy = ofType(resources, "aws:iam/rolePolicy:RolePolicy").find((p) =>
      propertyDeps(resources, p, "role").some((r) => r.urn === forwarder.urn),
    )!;
    const doc = jsonInput<IamDocument>(policy, "policy");
    assert.ok(permitted({ action: "events:PutEvents", resource: homeBus }, { identity: [doc] }));
    assert.ok(
      !permitted(
        { action: "events:PutEvents", resource: `arn:aws:events:eu-west-1:${ACCOUNT}:event-bus/other` },
        { identity: [doc] },
      ),
    );
  });

  it("needs no forwarding when the environment lives in us-east-1", async () => {
    const { resources } = await runComponent(breakGlass("us-east-1"));
    assert.deepStrictEqual(
      ofType(resources, "aws:cloudwatch/eventRule:EventRule")
        .map((r) => r.name)
        .sort(),
      ["break-glass-console", "break-glass-used"],
    );
    assert.strictEqual(ofType(resources, "aws:iam/role:Role").length, 1);
  });
});

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

describe("Guardrails", () => {
  const guardrails = async (allowedRegions: string[]): Promise<RecordedResource[]> =>
    (
      await runComponent(() => {
        const management = new aws.Provider("management", { region: "eu-west-1" });
        new Guardrails("guardrails", {
          namePrefix: "platform-prod",
          accountId: ACCOUNT,
          organizationalUnitId: "ou-ab12-prodwork",
          allowedRegions,
          accessRole: "OrganizationAccountAccessRole",
          kmsKeyArn: "arn:aws:kms:eu-west-1:1:key/k",
          protect: true,
          managementProvider: management,
        });
      })
    ).resources;
  const scps = (resources: RecordedResource[]): IamDocument[] =>
    ofType(resources, "aws:organizations/policy:Policy").map((p) => jsonInput<IamDocument>(p, "content"));
  const principals = {
    deploy: roleArn("platform-prod-deploy"),
    access: roleArn("OrganizationAccountAccessRole"),
    breakGlass: roleArn("platform-prod-break-glass"),
    developer: roleArn("aws-reserved/sso.amazonaws.com/AWSReservedSSO_prod-developer_0123456789abcdef"),
  };
  let resources: RecordedResource[];
  before(async () => {
    resources = await guardrails(["eu-west-1", "us-east-1"]);
  });

  it("attaches the service control policies to the environment's OU, through the management account", () => {
    const attachments = ofType(resources, "aws:organizations/policyAttachment:PolicyAttachment");
    assert.strictEqual(attachments.length, 2);
    for (const a of attachments) {
      assert.strictEqual(inputs(a).targetId, "ou-ab12-prodwork");
      assert.match(a.provider ?? "", /::management$/);
    }
    const content = ofType(resources, "aws:organizations/policy:Policy").flatMap(
      (p) => jsonInput<Doc>(p, "content").Statement,
    );
    const sid = (s: string) => content.find((x) => x.Sid === s)!;
    assert.strictEqual(sid("DenyLeavingTheOrganization").Action, "organizations:LeaveOrganization");
    assert.ok((sid("DenyDisablingAuditAndDetection").Action as string[]).includes("cloudtrail:StopLogging"));
    assert.deepStrictEqual(sid("DenyRootUser").Condition, {
      StringLike: { "aws:PrincipalArn": "arn:aws:iam::*:root" },
    });
    assert.deepStrictEqual(sid("DenyOtherRegions").Condition, {
      StringNotEquals: { "aws:RequestedRegion": ["eu-west-1", "us-east-1"] },
    });
    for (const p of ofType(resources, "aws:organizations/policy:Policy")) {
      assert.ok(String(inputs(p).content).length <= 5120, "an SCP fits AWS's 5,120-character limit");
    }
  });

  it("denies IAM users, access keys and console passwords to everyone but the Organization's access role", () => {
    for (const action of ["iam:CreateUser", "iam:CreateAccessKey", "iam:CreateLoginProfile"]) {
      const deniedTo = (principal: string): boolean =>
        denied(
          {
            action,
            resource: `arn:aws:iam::${ACCOUNT}:user/someone`,
            context: { "aws:PrincipalArn": principal, "aws:RequestedRegion": "us-east-1" },
          },
          scps(resources),
        );
      assert.ok(!deniedTo(principals.access), `the access role may ${action}`);
      for (const who of ["deploy", "breakGlass", "developer"] as const) {
        assert.ok(deniedTo(principals[who]), `${who} may not ${action}`);
      }
    }
  });

  it("leaves us-east-1, when it is not an allowed region, to the platform's own roles only", async () => {
    const elsewhere = await guardrails(["eu-west-1", "eu-central-1"]);
    const deniedTo = (principal: string, action: string, region: string): boolean =>
      denied(
        { action, resource: "*", context: { "aws:PrincipalArn": principal, "aws:RequestedRegion": region } },
        scps(elsewhere),
      );
    for (const action of ["events:PutRule", "logs:CreateLogGroup"]) {
      assert.ok(
        !deniedTo(principals.deploy, action, "us-east-1"),
        `the deploy role may ${action} in us-east-1`,
      );
      assert.ok(!deniedTo(principals.access, action, "us-east-1"));
      assert.ok(deniedTo(principals.developer, action, "us-east-1"), `people may not ${action} in us-east-1`);
      assert.ok(deniedTo(principals.deploy, action, "eu-north-1"), "nor anyone in another region");
      assert.ok(!deniedTo(principals.developer, action, "eu-central-1"));
    }
    assert.ok(!deniedTo(principals.developer, "iam:GetRole", "us-east-1"), "global services stay");
    for (const p of ofType(elsewhere, "aws:organizations/policy:Policy")) {
      assert.ok(String(inputs(p).content).length <= 5120, "an SCP fits AWS's 5,120-character limit");
    }
  });

  it("records every resource with AWS Config and runs the managed rules that match the policy pack", () => {
    const recorder = inputs(single(resources, "aws:cfg/recorder:Recorder"));
    assert.deepStrictEqual(recorder.recordingGroup, { allSupported: true, includeGlobalResourceTypes: true });
    assert.strictEqual(inputs(single(resources, "aws:cfg/recorderStatus:RecorderStatus")).isEnabled, true);
    assert.deepStrictEqual(
      ofType(resources, "aws:cfg/rule:Rule")
        .map((r) => (inputs(r).source as { sourceIdentifier: string }).sourceIdentifier)
        .sort(),
      Object.values(CONFIG_RULES).sort(),
    );
  });

  it("lets Config's own role deliver to its encrypted bucket, and only Config of this account assume it", () => {
    const role = ofType(resources, "aws:iam/role:Role").find((r) => r.name === "guardrails-config-role")!;
    const trust = jsonInput<Doc>(role, "assumeRolePolicy").Statement;
    assert.deepStrictEqual(trust[0].Condition, { StringEquals: { "aws:SourceAccount": ACCOUNT } });
    const delivery = ofType(resources, "aws:iam/rolePolicy:RolePolicy").find(
      (p) => p.name === "guardrails-config-delivery",
    )!;
    const statements = jsonInput<Doc>(delivery, "policy").Statement;
    const deliver = statements.find((x) => x.Sid === "Deliver")!;
    assert.strictEqual(deliver.Action, "s3:PutObject");
    assert.match(String(deliver.Resource), new RegExp(`/AWSLogs/${ACCOUNT}/Config/\\*$`));
    const key = statements.find((x) => x.Sid === "EncryptDeliveries")!;
    assert.strictEqual(key.Resource, "arn:aws:kms:eu-west-1:1:key/k");
    const channel = single(resources, "aws:cfg/deliveryChannel:DeliveryChannel");
    assert.ok(channel.dependencies.includes(delivery.urn), "the channel waits for the role's permissions");
  });
});

describe("Patching", () => {
  it("patches the patch group weekly and turns Inspector on", async () => {
    const { resources } = await runComponent(() => new Patching("patching", { accountId: ACCOUNT }));
    assert.strictEqual(
      inputs(single(resources, "aws:ssm/patchBaseline:PatchBaseline")).operatingSystem,
      "AMAZON_LINUX_2023",
    );
    const target = inputs(single(resources, "aws:ssm/maintenanceWindowTarget:MaintenanceWindowTarget"));
    assert.deepStrictEqual(target.targets, [{ key: "tag:PatchGroup", values: [PATCH_GROUP] }]);
    assert.strictEqual(
      inputs(single(resources, "aws:ssm/maintenanceWindowTask:MaintenanceWindowTask")).taskArn,
      "AWS-RunPatchBaseline",
    );
    assert.deepStrictEqual(inputs(single(resources, "aws:inspector2/enabler:Enabler")).resourceTypes, [
      "EC2",
      "ECR",
      "LAMBDA",
    ]);
  });
});

describe("the access model in every stack", () => {
  /** The IAM action that creates a resource of `type` (for the SCP check), by its service. */
  const SERVICE_OF: Record<string, string> = {
    "aws:cloudwatch/eventRule": "events",
    "aws:cloudwatch/eventTarget": "events",
    "aws:cloudwatch/logGroup": "logs",
    "aws:cloudwatch/logResourcePolicy": "logs",
    "aws:cloudwatch/logDelivery": "logs",
    "aws:cloudwatch/logDeliverySource": "logs",
    "aws:cloudwatch/logDeliveryDestination": "logs",
    "aws:kms": "kms",
    "aws:acm": "acm",
    "aws:wafv2": "wafv2",
    "aws:backup": "backup",
  };
  const serviceOf = (type: string): string => {
    const [pkg, rest] = type.split(":");
    const mod = `${pkg}:${rest}`;
    const key = Object.keys(SERVICE_OF).find(
      (k) => mod === k || mod.startsWith(`${k}/`) || type.startsWith(`${k}/`),
    );
    assert.ok(key, `no IAM service known for ${type}`);
    return SERVICE_OF[key];
  };

  for (const stack of ["dev", "stage", "prod"]) {
    it(`${stack}: the deploy role may build every resource in the region it is placed in, despite the SCPs`, async () => {
      const plan = await stackPlan(stack);
      const scps = ofType(plan.resources, "aws:organizations/policy:Policy").map((p) =>
        jsonInput<IamDocument>(p, "content"),
      );
      const deploy = ofType(plan.resources, "aws:iam/role:Role")
        .map((r) => inputs(r).name)
        .find((n): n is string => typeof n === "string" && n.endsWith("-deploy"));
      assert.ok(deploy);
      const regionOf = (r: RecordedResource): string | undefined =>
        typeof r.inputs.region === "string" ? r.inputs.region : undefined;
      const elsewhere = plan.resources.filter(
        (r) => r.custom && regionOf(r) !== undefined && !r.type.startsWith("pulumi:providers:"),
      );
      assert.ok(
        elsewhere.some((r) => r.inputs.region === "us-east-1"),
        "some pieces live in us-east-1",
      );
      for (const r of elsewhere) {
        const action = `${serviceOf(r.type)}:Create`;
        const context = {
          "aws:PrincipalArn": `arn:aws:iam::111111111111:role/${deploy}`,
          "aws:RequestedRegion": regionOf(r)!,
        };
        assert.ok(
          !denied({ action, resource: "*", context }, scps),
          `${r.name} (${action} in ${context["aws:RequestedRegion"]})`,
        );
      }
    });

    it(`${stack}: alerts on break-glass use in its region and, forwarded, from us-east-1`, async () => {
      const plan = await stackPlan(stack);
      const rules = ofType(plan.resources, "aws:cloudwatch/eventRule:EventRule").filter((r) =>
        r.name.startsWith("break-glass-"),
      );
      assert.deepStrictEqual(
        rules
          .map((r) => `${r.name}@${typeof r.inputs.region === "string" ? r.inputs.region : "home"}`)
          .sort(),
        [
          "break-glass-assumed-us-east-1@us-east-1",
          "break-glass-console-us-east-1@us-east-1",
          "break-glass-console@home",
          "break-glass-used@home",
        ],
      );
    });
  }

  it("gives every app team its own boundary in the contract", async () => {
    const outputs = display((await stackPlan("prod", "up")).outputs) as {
      appTeams: Record<string, { permissionsBoundaryArn: string }>;
    };
    const arns = Object.entries(outputs.appTeams).map(([team, t]) => [team, t.permissionsBoundaryArn]);
    assert.ok(arns.length >= 2);
    for (const [team, arn] of arns) {
      assert.match(arn, new RegExp(`:policy/platform-prod-app-${team}-boundary$`));
    }
  });

  it("lets prod's on-call (not developers) fetch VPN profiles, and denies them to the preview role", async () => {
    const plan = await stackPlan("prod", "up");
    const vpnBucketPolicy = ofType(plan.resources, "aws:s3/bucketPolicy:BucketPolicy")
      .map((p) => jsonInput<IamDocument>(p, "policy"))
      .find((d) => d.Statement.some((st) => st.Sid === "ProfilesOnlyForReaders"))!;
    const profiles = vpnBucketPolicy.Statement.find((st) => st.Sid === "ProfilesOnlyForReaders")!;
    const object = String(profiles.Resource).replace("*", "alice.ovpn");
    const account = (display(plan.outputs) as { accountId: string }).accountId;
    const sso = `arn:aws:iam::${account}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_`;
    const reads = (principal: string): boolean =>
      !denied({ action: "s3:GetObject", resource: object, context: { "aws:PrincipalArn": principal } }, [
        vpnBucketPolicy,
      ]);
    assert.ok(reads(`${sso}prod-oncall_0123456789abcdef`));
    assert.ok(reads(`arn:aws:iam::${account}:role/platform-prod-break-glass`));
    assert.ok(!reads(`${sso}prod-developer_0123456789abcdef`));
    assert.ok(!reads(`${sso}prod-admin_0123456789abcdef`), "administrators use break-glass for that");

    const previewDenies = jsonInput<IamDocument>(
      ofType(plan.resources, "aws:iam/rolePolicy:RolePolicy").find((p) => p.name === "ci-preview-denies")!,
      "policy",
    );
    assert.ok(denied({ action: "s3:GetObject", resource: object }, [previewDenies]));

    const onCallPolicy = single(
      plan.resources,
      "aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment",
    );
    assert.deepStrictEqual(inputs(onCallPolicy).customerManagedPolicyReference, {
      name: "platform-prod-vpn-operators",
      path: "/platform/",
    });
  });

  for (const stack of ["dev", "stage", "prod"]) {
    it(`${stack} creates no IAM user and no access key`, async () => {
      const types = new Set((await stackPlan(stack)).resources.map((r) => r.type));
      for (const forbidden of [
        "aws:iam/user:User",
        "aws:iam/accessKey:AccessKey",
        "aws:iam/userLoginProfile:UserLoginProfile",
      ]) {
        assert.ok(!types.has(forbidden), `${stack} creates ${forbidden}`);
      }
      assert.ok(types.has("aws:iam/openIdConnectProvider:OpenIdConnectProvider"));
    });
  }
});
