import * as aws from "@pulumi/aws";
import * as assert from "assert";

import { isSubdomainOf, ParentZone, ParentZoneArgs } from "../../../components/organization/parentZone";
import { checkApiRules } from "../../../tools/engine/apiRules";
import { RecordedResource } from "../../../tools/engine/mockEngine";
import { inputs, jsonInput, ofType, runComponent } from "../../helpers/graph";
import { decide, decideResource, IamDocument } from "../../helpers/iam";

const DEV = "555555555555";
const PROD = "666666666666";
const ENVIRONMENTS: ParentZoneArgs["environments"] = [
  {
    name: "dev",
    domain: "dev.example.com",
    accountId: DEV,
    roleNames: ["platform-deploy", "OrganizationAccountAccessRole"],
  },
  {
    name: "prod",
    domain: "Example.com.",
    accountId: PROD,
    roleNames: ["platform-deploy"],
  },
];

async function run(extra: Partial<ParentZoneArgs> = {}): Promise<RecordedResource[]> {
  const { resources } = await runComponent(() => {
    const sharedServices = new aws.Provider("shared-services", { region: "eu-west-1" });
    new ParentZone("parent-zone", {
      sharedServices,
      zone: { mode: "create", name: "example.com" },
      namePrefix: "platform",
      environments: [ENVIRONMENTS[0], { ...ENVIRONMENTS[1], domain: "prod.example.com" }],
      ...extra,
    });
  });
  return resources;
}

type Doc = IamDocument;

describe("ParentZone", () => {
  let resources: RecordedResource[];
  before(async () => {
    resources = await run();
  });
  const roleOf = (env: string): RecordedResource =>
    ofType(resources, "aws:iam/role:Role").find((r) => r.name === `parent-zone-${env}`)!;
  const policyOf = (env: string): IamDocument =>
    jsonInput<IamDocument>(
      ofType(resources, "aws:iam/rolePolicy:RolePolicy").find(
        (r) => r.name === `parent-zone-${env}-delegation`,
      )!,
      "policy",
    );

  it("creates the zone and one delegation role per environment, named for it, in the shared-services account", () => {
    const zone = ofType(resources, "aws:route53/zone:Zone");
    assert.deepStrictEqual(
      zone.map((z) => inputs(z).name),
      ["example.com"],
    );
    assert.deepStrictEqual(
      ofType(resources, "aws:iam/role:Role")
        .map((r) => inputs(r).name)
        .sort(),
      ["platform-dns-delegation-dev", "platform-dns-delegation-prod"],
    );
    for (const r of [...zone, ...ofType(resources, "aws:iam/role:Role")]) {
      assert.strictEqual(r.provider?.split("::").pop(), "shared-services");
    }
  });

  it("lets only the environment's deploy and access roles assume its role", () => {
    const trust = jsonInput<Doc>(roleOf("dev"), "assumeRolePolicy");
    const assume = (arn: string): string =>
      decideResource(
        trust,
        { arn },
        { action: "sts:AssumeRole", resource: "*", context: { "aws:PrincipalArn": arn } },
      );
    assert.strictEqual(assume(`arn:aws:iam::${DEV}:role/platform-deploy`), "allow");
    assert.strictEqual(assume(`arn:aws:iam::${DEV}:role/OrganizationAccountAccessRole`), "allow");
    assert.strictEqual(assume(`arn:aws:iam::${DEV}:role/platform-preview`), "implicit-deny");
    assert.strictEqual(
      assume(`arn:aws:iam::${PROD}:role/platform-deploy`),
      "implicit-deny",
      "another environment",
    );
  });

  it("lets a role change only the NS records of its own environment's name", () => {
    const dev = policyOf("dev");
    const zone = dev.Statement[0].Resource as string;
    assert.match(zone, /^arn:aws:route53:::hostedzone\//);
    const change = (names: string[], types: string[], actions = ["UPSERT"], resource = zone): string =>
      decide(dev, {
        action: "route53:ChangeResourceRecordSets",
        resource,
        context: {
          "route53:ChangeResourceRecordSetsNormalizedRecordNames": names,
          "route53:ChangeResourceRecordSetsRecordTypes": types,
          "route53:ChangeResourceRecordSetsActions": actions,
        },
      });
    assert.strictEqual(change(["dev.example.com"], ["NS"]), "allow");
    assert.strictEqual(change(["dev.example.com"], ["NS"], ["DELETE"]), "allow");
    assert.strictEqual(change(["prod.example.com"], ["NS"]), "implicit-deny", "another environment's name");
    assert.strictEqual(change(["example.com"], ["NS"]), "implicit-deny", "the parent's own NS records");
    assert.strictEqual(change(["dev.example.com"], ["A"]), "implicit-deny", "another record type");
    assert.strictEqual(change(["dev.example.com", "x.dev.example.com"], ["NS"]), "implicit-deny");
    assert.strictEqual(change(["dev.example.com"], ["NS", "TXT"]), "implicit-deny");
    assert.strictEqual(
      change(["dev.example.com"], ["NS"], ["UPSERT"], "arn:aws:route53:::hostedzone/ZOTHER"),
      "implicit-deny",
    );
    assert.strictEqual(
      decide(dev, { action: "route53:GetChange", resource: "arn:aws:route53:::change/C123" }),
      "allow",
    );
    for (const action of ["route53:GetHostedZone", "route53:ListResourceRecordSets"]) {
      assert.strictEqual(decide(dev, { action, resource: zone }), "allow", action);
    }
    assert.strictEqual(decide(dev, { action: "route53:DeleteHostedZone", resource: zone }), "implicit-deny");
  });

  it("passes AWS's API rules", () => {
    assert.deepStrictEqual(checkApiRules(resources), []);
  });

  it("refuses an environment domain not below the parent zone, or no role to assume the delegation", async () => {
    await assert.rejects(
      run({ environments: [{ ...ENVIRONMENTS[0], domain: "dev.example.org" }] }),
      /environment dev: domain dev\.example\.org is not a subdomain of the parent zone example\.com/,
    );
    await assert.rejects(
      run({ environments: [ENVIRONMENTS[1]] }),
      /environment prod: domain Example\.com\. is not a subdomain of the parent zone example\.com/,
    );
    await assert.rejects(
      run({ environments: [{ ...ENVIRONMENTS[0], roleNames: [] }] }),
      /environment dev: no principal may assume its delegation role/,
    );
    await assert.rejects(
      run({ environments: [{ ...ENVIRONMENTS[0], domain: "*.example.com" }] }),
      /environment dev: domain \*\.example\.com holds characters other than a-z, 0-9, '-' and '\.'/,
    );
    assert.ok(isSubdomainOf("Dev.Example.com.", "example.com"));
    assert.ok(!isSubdomainOf("badexample.com", "example.com"));
  });

  it("adopts an existing zone without creating one", async () => {
    const adopted = await run({ zone: { mode: "adopt", zoneId: "Z0123456789EXAMPLE", name: "example.com" } });
    assert.strictEqual(ofType(adopted, "aws:route53/zone:Zone").length, 0);
    const policy = jsonInput<IamDocument>(ofType(adopted, "aws:iam/rolePolicy:RolePolicy")[0], "policy");
    assert.strictEqual(policy.Statement[0].Resource, "arn:aws:route53:::hostedzone/Z0123456789EXAMPLE");
  });
});
