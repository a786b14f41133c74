/** The access model as the real stacks build it. */
import * as assert from "assert";

import { RecordedResource } from "../../../tools/engine/mockEngine";
import { display } from "../../../tools/engine/wire";
import { inputs, jsonInput, ofType, stackPlan } from "../../helpers/graph";
import { denied, IamDocument, permitted } from "../../helpers/iam";

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
    it(`${stack}: the deploy role may build every resource in the region it is placed in, despite the organization's SCPs`, async () => {
      const plan = await stackPlan(stack);
      const scps = ofType(
        (await stackPlan("organization", "up")).resources,
        "aws:organizations/policy:Policy",
      )
        .filter((p) => inputs(p).type === "SERVICE_CONTROL_POLICY")
        .map((p) => jsonInput<IamDocument>(p, "content"));
      assert.ok(scps.length > 0);
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

    it(`${stack}: alerts on break-glass use from every region, through the multi-region trail's log group`, async () => {
      const plan = await stackPlan(stack);
      const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
      const trail = plan.resources.find((r) => r.type === "aws:cloudtrail/trail:Trail")!;
      assert.strictEqual(trail.inputs.isMultiRegionTrail, true);
      const trailGroups = (trail.propertyDependencies.cloudWatchLogsGroupArn ?? []).map(
        (u) => byUrn.get(u)?.name,
      );
      const filters = ofType(plan.resources, "aws:cloudwatch/logMetricFilter:LogMetricFilter");
      assert.deepStrictEqual(filters.map((f) => f.name).sort(), [
        "break-glass-assumed",
        "break-glass-root",
        "break-glass-used",
      ]);
      for (const f of filters) {
        const groups = (f.propertyDependencies.logGroupName ?? []).map((u) => byUrn.get(u)?.name);
        assert.deepStrictEqual(groups, trailGroups, `${f.name} watches the trail's log group`);
        assert.strictEqual(f.inputs.region, undefined, "in the environment's region");
      }
      // No rule left in us-east-1, and none that a region could bypass.
      assert.deepStrictEqual(
        ofType(plan.resources, "aws:cloudwatch/eventRule:EventRule").filter((r) =>
          r.name.startsWith("break-glass"),
        ),
        [],
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

    // On-call's permission set (the organization's) runs the VPN's documents by their tag and fetches profiles.
    const org = await stackPlan("organization", "up");
    const [oncall] = ofType(
      org.resources,
      "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy",
    ).filter((p) => p.name === "identity-center-prod-oncall-operations");
    const grants = jsonInput<IamDocument>(oncall, "inlinePolicy");
    assert.ok(
      permitted(
        { action: "s3:GetObject", resource: object, context: { "aws:ResourceAccount": account } },
        { identity: [grants] },
      ),
    );
    const documents = ofType(plan.resources, "aws:ssm/document:Document").filter((d) =>
      /client$/.test(d.name),
    );
    assert.strictEqual(documents.length, 2);
    for (const d of documents) {
      const tags = inputs(d).tags as Record<string, string>;
      const context = { "ssm:resourceTag/platform:vpn": tags["platform:vpn"] };
      const arn = `arn:aws:ssm:eu-west-1:${account}:document/${d.name}`;
      assert.ok(
        permitted({ action: "ssm:SendCommand", resource: arn, context }, { identity: [grants] }),
        d.name,
      );
    }
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
