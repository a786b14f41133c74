/** The guardrails inside an account (AWS Config) and patching. */
import * as assert from "assert";

import { CONFIG_RULES, Guardrails } from "../../../components/access/guardrails";
import { PATCH_GROUP, Patching } from "../../../components/access/patching";
import { RecordedResource } from "../../../tools/engine/mockEngine";
import { inputs, jsonInput, ofType, runComponent, single } from "../../helpers/graph";
import { ACCOUNT, Doc } from "./fixtures";

describe("Guardrails", () => {
  const guardrails = async (recorderExists = false): Promise<RecordedResource[]> =>
    (
      await runComponent(
        () =>
          new Guardrails("guardrails", {
            accountId: ACCOUNT,
            kmsKeyArn: "arn:aws:kms:eu-west-1:1:key/k",
            protect: true,
            recorderExists,
          }),
      )
    ).resources;
  let resources: RecordedResource[];
  before(async () => {
    resources = await guardrails();
  });

  it("leaves the service control policies to the organization", () => {
    assert.strictEqual(ofType(resources, "aws:organizations/policy:Policy").length, 0);
  });

  it("under a landing zone's recorder, makes no second recorder and still runs the managed rules", async () => {
    const adopted = await guardrails(true);
    assert.strictEqual(ofType(adopted, "aws:cfg/recorder:Recorder").length, 0);
    assert.strictEqual(ofType(adopted, "aws:cfg/deliveryChannel:DeliveryChannel").length, 0);
    assert.strictEqual(ofType(adopted, "aws:cfg/rule:Rule").length, Object.keys(CONFIG_RULES).length);
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
  it("patches the patch group weekly, and leaves Inspector to the organization", async () => {
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
    // A member account cannot turn Inspector off itself: the delegated administrator owns it.
    assert.deepStrictEqual(ofType(resources, "aws:inspector2/enabler:Enabler"), []);
  });
});
