/** The guardrails (service control policies, AWS Config) and patching. */
import * as aws from "@pulumi/aws";
import * as assert from "assert";

import { CONFIG_RULES, Guardrails } from "../../../components/access/guardrails";
import { PATCH_GROUP, Patching } from "../../../components/access/patching";
import { RecordedResource } from "../../../tools/engine/mockEngine";
import { inputs, jsonInput, ofType, runComponent, single } from "../../helpers/graph";
import { denied, IamDocument } from "../../helpers/iam";
import { ACCOUNT, Doc, roleArn } from "./fixtures";

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
  it("leaves Inspector off when asked (dev's tier default), and patches all the same", async () => {
    const { resources } = await runComponent(
      () => new Patching("patching", { accountId: ACCOUNT, inspector: false }),
    );
    assert.deepStrictEqual(ofType(resources, "aws:inspector2/enabler:Enabler"), []);
    assert.strictEqual(ofType(resources, "aws:ssm/patchBaseline:PatchBaseline").length, 1);
  });

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
