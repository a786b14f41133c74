/** The organization's guardrails: service control policies and the tag policy, attached to OUs. */
import * as aws from "@pulumi/aws";
import * as assert from "assert";

import { EDGE_READ_ACTIONS } from "../../../components/access/guardrails";
import { GUARDED_UNITS, OrganizationGuardrails } from "../../../components/organization/guardrails";
import { RecordedResource } from "../../../tools/engine/mockEngine";
import { inputs, jsonInput, ofType, propertyDeps, runComponent } from "../../helpers/graph";
import { denied, IamDocument } from "../../helpers/iam";
import { ACCOUNT, Doc, roleArn } from "../access/fixtures";

const UNITS = {
  security: "ou-ab12-security",
  infrastructure: "ou-ab12-infrastr",
  workloads: "ou-ab12-workload",
  nonProd: "ou-ab12-nonprod1",
  prod: "ou-ab12-prodwork",
};

describe("OrganizationGuardrails", () => {
  const guardrails = async (allowedRegions: string[]): Promise<RecordedResource[]> =>
    (
      await runComponent(() => {
        const management = new aws.Provider("management", { region: "eu-west-1" });
        const organization = new aws.organizations.Organization(
          "organization",
          { featureSet: "ALL", enabledPolicyTypes: ["SERVICE_CONTROL_POLICY", "TAG_POLICY"] },
          { provider: management },
        );
        new OrganizationGuardrails(
          "guardrails",
          {
            namePrefix: "platform",
            organization,
            units: UNITS,
            allowedRegions,
            accessRole: "OrganizationAccountAccessRole",
            environments: ["dev", "prod"],
          },
          { provider: management },
        );
      })
    ).resources;
  const scps = (resources: RecordedResource[]): IamDocument[] =>
    ofType(resources, "aws:organizations/policy:Policy")
      .filter((p) => inputs(p).type === "SERVICE_CONTROL_POLICY")
      .map((p) => jsonInput<IamDocument>(p, "content"));
  const principals = {
    deploy: roleArn("platform-prod-deploy"),
    access: roleArn("OrganizationAccountAccessRole"),
    controlTower: roleArn("AWSControlTowerExecution"),
    breakGlass: roleArn("platform-prod-break-glass"),
    developer: roleArn("aws-reserved/sso.amazonaws.com/AWSReservedSSO_prod-developer_0123456789abcdef"),
    preview: roleArn("platform-prod-preview"),
  };
  let resources: RecordedResource[];
  before(async () => {
    resources = await guardrails(["eu-west-1", "us-east-1"]);
  });

  it("attaches every SCP to the platform's top-level OUs, never to the root, after the policy types are enabled", () => {
    const attachments = ofType(resources, "aws:organizations/policyAttachment:PolicyAttachment").filter(
      (a) => !a.name.includes("-tags-"),
    );
    assert.strictEqual(attachments.length, 2 * GUARDED_UNITS.length);
    assert.deepStrictEqual(
      [...new Set(attachments.map((a) => inputs(a).targetId))].sort(),
      GUARDED_UNITS.map((u) => UNITS[u]).sort(),
    );
    for (const a of attachments) {
      assert.doesNotMatch(String(inputs(a).targetId), /^r-/, "never the root");
      assert.match(a.provider ?? "", /::management$/);
      assert.ok(
        a.dependencies.some((d) => d.endsWith("::organization")),
        `${a.name} waits for the organization's policy types`,
      );
    }
    const content = ofType(resources, "aws:organizations/policy:Policy").flatMap((p) =>
      inputs(p).type === "SERVICE_CONTROL_POLICY" ? jsonInput<Doc>(p, "content").Statement : [],
    );
    const sid = (s: string) => content.find((x) => x.Sid === s)!;
    assert.strictEqual(sid("DenyLeavingTheOrganization").Action, "organizations:LeaveOrganization");
    assert.deepStrictEqual(sid("DenyOtherRegions").Condition, {
      StringNotEquals: { "aws:RequestedRegion": ["eu-west-1", "us-east-1"] },
    });
    for (const p of ofType(resources, "aws:organizations/policy:Policy")) {
      assert.ok(String(inputs(p).content).length <= 5120, "a policy fits AWS's 5,120-character limit");
    }
  });

  it("never locks out the access role or a landing zone's roles", () => {
    for (const action of ["cloudtrail:StopLogging", "iam:CreateUser", "ec2:RunInstances"]) {
      for (const who of ["access", "controlTower"] as const) {
        const region = action === "ec2:RunInstances" ? "eu-west-1" : "us-east-1";
        assert.ok(
          !denied(
            {
              action,
              resource: "*",
              context: { "aws:PrincipalArn": principals[who], "aws:RequestedRegion": region },
            },
            scps(resources),
          ),
          `${who} may ${action}`,
        );
      }
    }
  });

  it("denies IAM users, access keys and console passwords to everyone but the access role and a landing zone", () => {
    for (const action of ["iam:CreateUser", "iam:CreateAccessKey", "iam:CreateLoginProfile"]) {
      for (const who of ["deploy", "breakGlass", "developer"] as const) {
        assert.ok(
          denied(
            {
              action,
              resource: `arn:aws:iam::${ACCOUNT}:user/someone`,
              context: { "aws:PrincipalArn": principals[who], "aws:RequestedRegion": "us-east-1" },
            },
            scps(resources),
          ),
          `${who} may not ${action}`,
        );
      }
    }
  });

  it("leaves us-east-1, when not allowed, to the platform's roles for changes and to everyone for reads", async () => {
    const elsewhere = scps(await guardrails(["eu-west-1", "eu-central-1"]));
    const deniedTo = (principal: string, action: string, region: string): boolean =>
      denied(
        { action, resource: "*", context: { "aws:PrincipalArn": principal, "aws:RequestedRegion": region } },
        elsewhere,
      );
    for (const action of ["events:PutRule", "logs:CreateLogGroup"]) {
      assert.ok(!deniedTo(principals.deploy, action, "us-east-1"), `the deploy role may ${action} there`);
      assert.ok(deniedTo(principals.developer, action, "us-east-1"), `people may not ${action} there`);
      assert.ok(deniedTo(principals.deploy, action, "eu-north-1"), "nor anyone in another region");
    }
    for (const action of [
      "logs:FilterLogEvents",
      "events:ListRules",
      "s3:GetObject",
      "cloudwatch:GetMetricData",
    ]) {
      assert.ok(EDGE_READ_ACTIONS.some((a) => new RegExp(`^${a.replace("*", ".*")}$`).test(action)));
      for (const who of ["developer", "preview"] as const) {
        assert.ok(!deniedTo(principals[who], action, "us-east-1"), `${who} may still ${action} in us-east-1`);
      }
    }
    assert.ok(
      deniedTo(principals.developer, "logs:FilterLogEvents", "eu-north-1"),
      "reads stay denied elsewhere",
    );
  });

  it("attaches the tag policy of the platform's tags to Workloads", () => {
    const tags = ofType(resources, "aws:organizations/policy:Policy").find(
      (p) => inputs(p).type === "TAG_POLICY",
    )!;
    const content = jsonInput<{ tags: Record<string, { tag_value?: { "@@assign": string[] } }> }>(
      tags,
      "content",
    );
    assert.deepStrictEqual(Object.keys(content.tags).sort(), [
      "cost-centre",
      "environment",
      "managed-by",
      "owner",
      "project",
    ]);
    assert.deepStrictEqual(content.tags.environment.tag_value?.["@@assign"], ["dev", "prod"]);
    const [attachment] = ofType(resources, "aws:organizations/policyAttachment:PolicyAttachment").filter(
      (a) => propertyDeps(resources, a, "policyId").includes(tags),
    );
    assert.strictEqual(inputs(attachment).targetId, UNITS.workloads);
  });
});
