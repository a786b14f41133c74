/** Identity Center: permission sets per account and role, in the instance's home Region. */
import * as aws from "@pulumi/aws";
import * as assert from "assert";

import {
  DEFAULT_GROUPS,
  IdentityCenter,
  permissionSetName,
} from "../../../components/organization/identityCenter";
import { EXEC_KEY_TAG } from "../../../components/shared/tags";
import { RecordedResource } from "../../../tools/engine/mockEngine";
import { inputs, jsonInput, ofType, propertyDeps, runComponent } from "../../helpers/graph";
import { permitted } from "../../helpers/iam";
import { Doc } from "../access/fixtures";

const DEV = "111111111111";
const SECURITY = "555555555555";

describe("IdentityCenter", () => {
  let resources: RecordedResource[];
  before(async () => {
    ({ resources } = await runComponent(() => {
      const home = new aws.Provider("identity-center", { region: "eu-central-1" });
      new IdentityCenter(
        "identity-center",
        {
          instanceArn: "arn:aws:sso:::instance/ssoins-0123456789abcdef",
          identityStoreId: "d-0123456789",
          groups: DEFAULT_GROUPS,
          targets: [
            {
              name: "dev",
              accountId: DEV,
              roles: ["administrators", "developers", "oncall", "auditors"],
              sessionDurationHours: 8,
            },
            {
              name: "security",
              accountId: SECURITY,
              roles: ["administrators", "auditors"],
              sessionDurationHours: 2,
            },
          ],
        },
        { provider: home },
      );
    }));
  });
  const sets = (): RecordedResource[] => ofType(resources, "aws:ssoadmin/permissionSet:PermissionSet");
  const setNamed = (name: string): RecordedResource => sets().find((s) => inputs(s).name === name)!;

  it("makes a permission set per account and role, with that account's session, through the home-Region provider", () => {
    assert.deepStrictEqual(
      sets().map((s) => inputs(s).name),
      ["dev-admin", "dev-developer", "dev-oncall", "dev-auditor", "security-admin", "security-auditor"],
    );
    assert.strictEqual(inputs(setNamed("dev-admin")).sessionDuration, "PT8H");
    assert.strictEqual(inputs(setNamed("security-auditor")).sessionDuration, "PT2H");
    for (const r of ofType(resources, "aws:ssoadmin/accountAssignment:AccountAssignment")) {
      assert.match(r.provider ?? "", /::identity-center$/, `${r.name} is written in the home Region`);
    }
  });

  it("assigns each set to its role's group on its own account only", () => {
    const assignments = ofType(resources, "aws:ssoadmin/accountAssignment:AccountAssignment");
    assert.strictEqual(assignments.length, 6);
    for (const a of assignments) {
      const [set] = propertyDeps(resources, a, "permissionSetArn");
      const account = String(inputs(set).name).startsWith("dev-") ? DEV : SECURITY;
      assert.deepStrictEqual([inputs(a).principalType, inputs(a).targetId], ["GROUP", account]);
    }
  });

  it("gives on-call its operations and the VPN's actions on its own account's tagged resources only", () => {
    const [inline] = ofType(resources, "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy");
    assert.deepStrictEqual(
      propertyDeps(resources, inline, "permissionSetArn").map((s) => inputs(s).name),
      ["dev-oncall"],
    );
    const policy = jsonInput<Doc>(inline, "inlinePolicy");
    const can = (action: string, resource: string, context: Record<string, string>): boolean =>
      permitted({ action, resource, context }, { identity: [policy] });
    const vpnTag = { "ssm:resourceTag/platform:vpn": "platform-dev-vpn" };
    assert.ok(can("ecs:ExecuteCommand", "*", {}));
    assert.ok(can("ssm:SendCommand", `arn:aws:ssm:eu-west-1:${DEV}:document/issue`, vpnTag));
    assert.ok(
      !can("ssm:SendCommand", `arn:aws:ssm:eu-west-1:${DEV}:document/issue`, {}),
      "untagged documents",
    );
    assert.ok(
      !can("ssm:SendCommand", `arn:aws:ssm:eu-west-1:${SECURITY}:document/issue`, vpnTag),
      "other accounts",
    );
    assert.ok(can("s3:GetObject", "arn:aws:s3:::pki/clients/alice.ovpn", { "aws:ResourceAccount": DEV }));
    assert.ok(
      !can("s3:GetObject", "arn:aws:s3:::pki/clients/alice.ovpn", { "aws:ResourceAccount": SECURITY }),
    );
  });

  it("gives on-call the data key of ECS Exec sessions on its account's keys tagged for exec only", () => {
    const [inline] = ofType(resources, "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy");
    const policy = jsonInput<Doc>(inline, "inlinePolicy");
    const key = (account: string): string => `arn:aws:kms:eu-west-1:${account}:key/0123`;
    const can = (resource: string, context: Record<string, string>): boolean =>
      permitted({ action: "kms:GenerateDataKey", resource, context }, { identity: [policy] });
    const tagged = { [`aws:ResourceTag/${EXEC_KEY_TAG}`]: "true" };
    assert.ok(can(key(DEV), tagged));
    assert.ok(!can(key(DEV), {}), "a key without the tag");
    assert.ok(!can(key(SECURITY), tagged), "another account's key");
    assert.ok(
      !permitted({ action: "kms:Decrypt", resource: key(DEV), context: tagged }, { identity: [policy] }),
      "only the data key the session-manager plugin asks for",
    );
  });

  it("refuses a permission set name Identity Center would reject (over 32 characters)", () => {
    assert.strictEqual(permissionSetName("shared-services", "developers"), "shared-services-developer");
    assert.throws(
      () => permissionSetName("an-environment-name-too-long", "developers"),
      /permission set name "an-environment-name-too-long-developer" breaks Identity Center's rule: 1\.\.32/,
    );
  });
});
