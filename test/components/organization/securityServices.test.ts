import * as aws from "@pulumi/aws";
import * as assert from "assert";

import {
  SECURITY_SERVICE_PRINCIPALS,
  SecurityServices,
  SecurityServicesArgs,
} from "../../../components/organization/securityServices";
import { checkApiRules } from "../../../tools/engine/apiRules";
import { RecordedResource } from "../../../tools/engine/mockEngine";
import { inputs, ofType, propertyDeps, runComponent, single } from "../../helpers/graph";

const SECURITY = "222222222222";

async function run(extra: Partial<SecurityServicesArgs> = {}): Promise<RecordedResource[]> {
  const { resources } = await runComponent(() => {
    const management = new aws.Provider("management", { region: "eu-west-1" });
    const security = new aws.Provider("security", { region: "eu-west-1" });
    const organization = new aws.organizations.Organization(
      "org",
      { featureSet: "ALL", awsServiceAccessPrincipals: [...SECURITY_SERVICE_PRINCIPALS] },
      { provider: management },
    );
    new SecurityServices(
      "security-services",
      {
        management,
        security,
        securityAccountId: SECURITY,
        region: "eu-west-1",
        namePrefix: "platform",
        ...extra,
      },
      { dependsOn: [organization] },
    );
  });
  return resources;
}

const providerName = (r: RecordedResource): string | undefined => r.provider?.split("::").pop();

describe("SecurityServices", () => {
  let resources: RecordedResource[];
  before(async () => {
    resources = await run();
  });
  const one = (type: string): RecordedResource => single(resources, type);

  it("makes the security account the delegated administrator of every service, through the management account", () => {
    const admins = [
      one("aws:guardduty/organizationAdminAccount:OrganizationAdminAccount"),
      one("aws:securityhub/organizationAdminAccount:OrganizationAdminAccount"),
      one("aws:inspector2/delegatedAdminAccount:DelegatedAdminAccount"),
      ...ofType(resources, "aws:organizations/delegatedAdministrator:DelegatedAdministrator"),
    ];
    assert.strictEqual(admins.length, 5);
    for (const admin of admins) {
      const i = inputs(admin);
      assert.strictEqual(
        i.adminAccountId ?? i.accountId,
        SECURITY,
        `${admin.name} designates the security account`,
      );
      assert.strictEqual(providerName(admin), "management", `${admin.name} is a management-account call`);
    }
    const principals = ofType(resources, "aws:organizations/delegatedAdministrator:DelegatedAdministrator")
      .map((r) => inputs(r).servicePrincipal as string)
      .sort();
    assert.deepStrictEqual(principals, ["access-analyzer.amazonaws.com", "config.amazonaws.com"]);
    for (const p of principals) {
      assert.ok((SECURITY_SERVICE_PRINCIPALS as readonly string[]).includes(p), `${p} needs trusted access`);
    }
  });

  it("designates after the Organization's trusted access and after what the designation would create", () => {
    const org = one("aws:organizations/organization:Organization");
    for (const type of [
      "aws:guardduty/organizationAdminAccount:OrganizationAdminAccount",
      "aws:securityhub/organizationAdminAccount:OrganizationAdminAccount",
      "aws:inspector2/delegatedAdminAccount:DelegatedAdminAccount",
      "aws:organizations/delegatedAdministrator:DelegatedAdministrator",
    ]) {
      for (const admin of ofType(resources, type)) {
        assert.ok(admin.dependencies.includes(org.urn), `${admin.name} waits for the Organization`);
      }
    }
    assert.ok(
      one("aws:guardduty/organizationAdminAccount:OrganizationAdminAccount").dependencies.includes(
        one("aws:guardduty/detector:Detector").urn,
      ),
      "the detector exists before the designation would enable GuardDuty",
    );
    assert.ok(
      one("aws:securityhub/organizationAdminAccount:OrganizationAdminAccount").dependencies.includes(
        one("aws:securityhub/account:Account").urn,
      ),
    );
  });

  it("configures each service for the organization in the security account, after its delegated administrator", () => {
    const after: Array<[string, string]> = [
      [
        "aws:guardduty/organizationConfiguration:OrganizationConfiguration",
        "aws:guardduty/organizationAdminAccount:OrganizationAdminAccount",
      ],
      [
        "aws:securityhub/organizationConfiguration:OrganizationConfiguration",
        "aws:securityhub/organizationAdminAccount:OrganizationAdminAccount",
      ],
      [
        "aws:inspector2/organizationConfiguration:OrganizationConfiguration",
        "aws:inspector2/delegatedAdminAccount:DelegatedAdminAccount",
      ],
    ];
    for (const [config, admin] of after) {
      assert.ok(one(config).dependencies.includes(one(admin).urn), `${config} waits for ${admin}`);
      assert.strictEqual(providerName(one(config)), "security");
    }
    const admins = ofType(resources, "aws:organizations/delegatedAdministrator:DelegatedAdministrator");
    const adminOf = (p: string): RecordedResource => admins.find((a) => inputs(a).servicePrincipal === p)!;
    assert.ok(
      one("aws:cfg/configurationAggregator:ConfigurationAggregator").dependencies.includes(
        adminOf("config.amazonaws.com").urn,
      ),
    );
    assert.ok(
      one("aws:accessanalyzer/analyzer:Analyzer").dependencies.includes(
        adminOf("access-analyzer.amazonaws.com").urn,
      ),
    );
    for (const f of ofType(
      resources,
      "aws:guardduty/organizationConfigurationFeature:OrganizationConfigurationFeature",
    )) {
      assert.ok(
        f.dependencies.includes(one("aws:guardduty/organizationConfiguration:OrganizationConfiguration").urn),
      );
    }
  });

  it("scans with Inspector the security account and exactly the members asked for, associated first", async () => {
    const withMembers = await run({
      inspectorMembers: { "shared-services": "333333333333", prod: "444444444444" },
    });
    const enablers = ofType(withMembers, "aws:inspector2/enabler:Enabler");
    assert.deepStrictEqual(
      enablers.map((e) => inputs(e).accountIds),
      [[SECURITY], ["333333333333", "444444444444"]],
      "an enabler names the administrator or members, never both",
    );
    const associations = ofType(withMembers, "aws:inspector2/memberAssociation:MemberAssociation");
    assert.deepStrictEqual(
      associations.map((a) => inputs(a).accountId),
      ["333333333333", "444444444444"],
    );
    for (const a of associations) {
      assert.ok(enablers[1].dependencies.includes(a.urn), "members are enabled once associated");
      assert.strictEqual(providerName(a), "security");
    }
    assert.deepStrictEqual(ofType(resources, "aws:inspector2/memberAssociation:MemberAssociation"), []);
  });

  it("auto-enables every account, subscribes the Region's standards and covers the whole Organization", () => {
    assert.strictEqual(
      inputs(one("aws:guardduty/organizationConfiguration:OrganizationConfiguration"))
        .autoEnableOrganizationMembers,
      "ALL",
    );
    const features = ofType(
      resources,
      "aws:guardduty/organizationConfigurationFeature:OrganizationConfigurationFeature",
    );
    assert.ok(features.length >= 4 && features.every((f) => inputs(f).autoEnable === "ALL"));
    assert.deepStrictEqual(
      ofType(resources, "aws:securityhub/standardsSubscription:StandardsSubscription")
        .map((s) => inputs(s).standardsArn)
        .sort(),
      [
        "arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0",
        "arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/3.0.0",
      ],
    );
    assert.strictEqual(inputs(one("aws:securityhub/account:Account")).enableDefaultStandards, false);
    assert.strictEqual(
      inputs(one("aws:securityhub/organizationConfiguration:OrganizationConfiguration")).autoEnable,
      true,
    );
    // Inspector: no account by default; the config chooses each (see below).
    assert.deepStrictEqual(
      inputs(one("aws:inspector2/organizationConfiguration:OrganizationConfiguration")).autoEnable,
      { ec2: false, ecr: false, lambda: false },
    );
    assert.strictEqual(inputs(one("aws:accessanalyzer/analyzer:Analyzer")).type, "ORGANIZATION");
    const aggregator = one("aws:cfg/configurationAggregator:ConfigurationAggregator");
    assert.strictEqual(
      (inputs(aggregator).organizationAggregationSource as Record<string, unknown>).allRegions,
      true,
    );
    assert.deepStrictEqual(
      propertyDeps(resources, aggregator, "organizationAggregationSource").map((r) => r.type),
      ["aws:iam/role:Role"],
    );
  });

  it("passes AWS's API rules", () => {
    assert.deepStrictEqual(checkApiRules(resources), []);
  });

  it("adopts an existing detector instead of creating one", async () => {
    const adopted = await run({ existingGuardDutyDetectorId: "12abc34d567e8fa901bc2d34e56789f0" });
    assert.strictEqual(ofType(adopted, "aws:guardduty/detector:Detector").length, 0);
    assert.strictEqual(
      inputs(single(adopted, "aws:guardduty/organizationConfiguration:OrganizationConfiguration")).detectorId,
      "12abc34d567e8fa901bc2d34e56789f0",
    );
  });
});
