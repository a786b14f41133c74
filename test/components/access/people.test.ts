/** People's access without Identity Center (cross-account roles) and break-glass. */
import * as aws from "@pulumi/aws";
import * as assert from "assert";

import {
  accessRolePrincipalArn,
  BreakGlass,
  PeopleAccess,
  PeopleAccessArgs,
  WITH_MANAGEMENT_EVENTS,
} from "../../../components/access/people";
import { trustAllows } from "../../../components/access/trust";
import { RecordedResource } from "../../../tools/engine/mockEngine";
import { inputs, jsonInput, ofType, propertyDeps, runComponent, single } from "../../helpers/graph";
import { denied, IamDocument, permitted } from "../../helpers/iam";
import { ACCOUNT, Doc, roleArn } from "./fixtures";

describe("PeopleAccess", () => {
  const base: PeopleAccessArgs = {
    environment: "prod",
    namePrefix: "platform-prod",
    accountId: ACCOUNT,
    sessionDurationHours: 2,
    securityAccountId: "555555555555",
  };

  it("gives developers and on-call view-only access and logs, not ReadOnlyAccess (which reads data)", async () => {
    const { resources } = await runComponent(() => new PeopleAccess("people", base));
    const managed = (role: string): string[] =>
      ofType(resources, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")
        .filter((a) => propertyDeps(resources, a, "role").some((r) => inputs(r).name === role))
        .map((a) => inputs(a).policyArn as string)
        .sort();
    for (const role of ["platform-prod-developer", "platform-prod-oncall"]) {
      assert.deepStrictEqual(managed(role), [
        "arn:aws:iam::aws:policy/CloudWatchLogsReadOnlyAccess",
        "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
      ]);
    }
    assert.deepStrictEqual(managed("platform-prod-admin"), ["arn:aws:iam::aws:policy/AdministratorAccess"]);
    const operations = jsonInput<Doc>(single(resources, "aws:iam/rolePolicy:RolePolicy"), "policy");
    assert.ok((operations.Statement[0].Action as string[]).includes("ecs:ExecuteCommand"));
  });

  it("lets on-call hold the customer managed policies it is given (the VPN operators')", async () => {
    const { resources: roles } = await runComponent(() => {
      const operators = new aws.iam.Policy("vpn-operators", {
        name: "ops",
        path: "/platform/",
        policy: "{}",
      });
      new PeopleAccess("people", { ...base, oncallPolicies: [operators] });
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

  it("roles trusting the security account only with MFA, no permission set", async () => {
    const { resources } = await runComponent(() => new PeopleAccess("people", base));
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
