/** People's access without Identity Center (cross-account roles) and break-glass. */
import * as aws from "@pulumi/aws";
import * as assert from "assert";

import {
  accessRolePrincipalArn,
  BreakGlass,
  breakGlassFilterPatterns,
  oncallStatements,
  PeopleAccess,
  PeopleAccessArgs,
} from "../../../components/access/people";
import { trustAllows } from "../../../components/access/trust";
import { inputs, jsonInput, ofType, propertyDeps, runComponent, single } from "../../helpers/graph";
import { denied, IamDocument } from "../../helpers/iam";
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

describe("on-call's operations", () => {
  it("hold the data key of an ECS Exec session when the environment allows ECS Exec", () => {
    const key = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/0123`;
    const exec = oncallStatements({ keyArn: key }).find((s) => s.Sid === "EcsExecSessionKey");
    assert.deepStrictEqual([exec?.Action, exec?.Resource], ["kms:GenerateDataKey", key]);
    assert.strictEqual(
      oncallStatements().some((s) => s.Sid === "EcsExecSessionKey"),
      false,
      "no ECS Exec, no key",
    );
  });
});

describe("BreakGlass", () => {
  const breakGlass = () => {
    new BreakGlass("break-glass", {
      namePrefix: "platform-prod",
      accountId: ACCOUNT,
      securityAccountId: "555555555555",
      trailLogGroupName: "trail-logs",
      alertTopicArn: "arn:aws:sns:eu-west-1:1:alerts",
    });
  };
  const roleArnOf = `arn:aws:iam::${ACCOUNT}:role/platform-prod-break-glass`;

  it("is an MFA-only administrator", async () => {
    const { resources } = await runComponent(breakGlass);
    const role = ofType(resources, "aws:iam/role:Role").find((r) => r.name === "break-glass")!;
    assert.ok(
      !trustAllows(jsonInput(role, "assumeRolePolicy"), "sts:AssumeRole", {
        "aws:MultiFactorAuthPresent": false,
      }),
    );
    assert.strictEqual(inputs(role).maxSessionDuration, 3600);
  });

  it("watches the multi-region trail's log group, so an AssumeRole from any region alarms", async () => {
    const { resources } = await runComponent(breakGlass);
    const filters = ofType(resources, "aws:cloudwatch/logMetricFilter:LogMetricFilter");
    assert.deepStrictEqual(filters.map((f) => f.name).sort(), [
      "break-glass-assumed",
      "break-glass-root",
      "break-glass-used",
    ]);
    for (const f of filters) {
      assert.strictEqual(inputs(f).logGroupName, "trail-logs", f.name);
      assert.strictEqual(
        inputs(f).region,
        undefined,
        "in the environment's region, where the trail delivers",
      );
    }
    const pattern = (name: string): string => inputs(filters.find((f) => f.name === name)!).pattern as string;
    // Any region's STS endpoint: the pattern names no region or endpoint.
    assert.strictEqual(
      pattern("break-glass-assumed"),
      `{ ($.eventSource = "sts.amazonaws.com") && ($.eventName = "AssumeRole") && ($.requestParameters.roleArn = "${roleArnOf}") }`,
    );
    // Console use after a SwitchRole runs under a session of the role.
    assert.strictEqual(
      pattern("break-glass-used"),
      `{ $.userIdentity.sessionContext.sessionIssuer.arn = "${roleArnOf}" }`,
    );
    assert.match(pattern("break-glass-root"), /\$\.userIdentity\.type = "Root"/);
    assert.deepStrictEqual(breakGlassFilterPatterns(roleArnOf).root !== undefined, true);
  });

  it("alarms on the first matching event of each filter, to the alert topic", async () => {
    const { resources } = await runComponent(breakGlass);
    const alarms = ofType(resources, "aws:cloudwatch/metricAlarm:MetricAlarm");
    assert.strictEqual(alarms.length, 3);
    for (const filter of ofType(resources, "aws:cloudwatch/logMetricFilter:LogMetricFilter")) {
      const metric = inputs(filter).metricTransformation as Record<string, string>;
      const alarm = alarms.find((a) => inputs(a).metricName === metric.name);
      assert.ok(alarm, `an alarm on ${metric.name}`);
      const i = inputs(alarm);
      assert.deepStrictEqual(
        [i.namespace, i.statistic, i.threshold, i.comparisonOperator, i.alarmActions],
        [metric.namespace, "Sum", 1, "GreaterThanOrEqualToThreshold", ["arn:aws:sns:eu-west-1:1:alerts"]],
      );
    }
    assert.strictEqual(ofType(resources, "aws:cloudwatch/eventRule:EventRule").length, 0, "no event rules");
  });
});
