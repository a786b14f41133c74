import * as aws from "@pulumi/aws";
import * as assert from "assert";

import { Search, searchAccessStatement, SearchArgs, searchZoneCount } from "../../../components/data/search";
import { RecordedResource } from "../../../tools/engine/mockEngine";
import { byUrn, inputs, jsonInput, ofType, runComponent, single } from "../../helpers/graph";
import { DATA_SUBNETS, KEY, valueOf } from "./values";

const ARGS: SearchArgs = {
  baseName: "platform-prod",
  region: "eu-west-1",
  accountId: "123456789012",
  vpcId: "vpc-1",
  subnetIds: DATA_SUBNETS,
  azCount: 3,
  clientSecurityGroupIds: ["sg-services"],
  kmsKeyArn: KEY,
  instanceType: "r7g.large.search",
  instanceCount: 3,
  zoneAwareness: true,
  volumeGb: 100,
  dedicatedMasters: true,
  logRetentionDays: 365,
  protect: true,
};

async function search(args: Partial<SearchArgs> = {}): Promise<RecordedResource[]> {
  return (await runComponent(() => new Search("search", { ...ARGS, ...args }))).resources;
}
type Inputs = Record<string, unknown>;
const domain = (rs: RecordedResource[]): RecordedResource => single(rs, "aws:opensearch/domain:Domain");

describe("Search", () => {
  it("encrypts at rest with the environment key and between nodes, HTTPS only with TLS 1.2", async () => {
    const i = inputs(domain(await search()));
    assert.deepStrictEqual(i.encryptAtRest, { enabled: true, kmsKeyId: KEY });
    assert.deepStrictEqual(i.nodeToNodeEncryption, { enabled: true });
    assert.deepStrictEqual(i.domainEndpointOptions, {
      enforceHttps: true,
      tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10",
    });
  });

  it("uses fine-grained access control with an IAM master role, no internal users or anonymous access", async () => {
    const rs = await search();
    const d = domain(rs);
    const security = inputs(d).advancedSecurityOptions as Inputs;
    assert.strictEqual(security.enabled, true);
    assert.strictEqual(security.anonymousAuthEnabled, false);
    assert.strictEqual(security.internalUserDatabaseEnabled, false);
    const role = single(rs, "aws:iam/role:Role");
    assert.deepStrictEqual(d.propertyDependencies.advancedSecurityOptions, [role.urn]);
    const policy = jsonInput<{ Statement: Array<{ Principal: { AWS: string }; Resource: string }> }>(
      d,
      "accessPolicies",
    );
    assert.strictEqual(policy.Statement[0].Principal.AWS, "arn:aws:iam::123456789012:root");
    assert.strictEqual(
      policy.Statement[0].Resource,
      "arn:aws:es:eu-west-1:123456789012:domain/platform-prod-search/*",
    );
  });

  it("sits in the data subnets of the AZs it spans, reachable on 443 from the services only", async () => {
    const rs = await search();
    const vpc = inputs(domain(rs)).vpcOptions as Inputs;
    assert.deepStrictEqual(vpc.subnetIds, DATA_SUBNETS);
    const sg = single(rs, "aws:ec2/securityGroup:SecurityGroup");
    assert.deepStrictEqual(domain(rs).propertyDependencies.vpcOptions, [sg.urn]);
    const rule = single(rs, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    assert.deepStrictEqual(
      [inputs(rule).referencedSecurityGroupId, inputs(rule).fromPort],
      ["sg-services", 443],
    );
    const twoNodes = inputs(domain(await search({ instanceCount: 2 }))).vpcOptions as Inputs;
    assert.deepStrictEqual(twoNodes.subnetIds, DATA_SUBNETS.slice(0, 2));
    const dev = inputs(domain(await search({ instanceCount: 1, zoneAwareness: false }))).vpcOptions as Inputs;
    assert.deepStrictEqual(dev.subnetIds, DATA_SUBNETS.slice(0, 1));
  });

  it("is zone aware with dedicated masters in prod, and protected", async () => {
    const d = domain(await search());
    const cluster = inputs(d).clusterConfig as Inputs;
    assert.strictEqual(cluster.zoneAwarenessEnabled, true);
    assert.deepStrictEqual(cluster.zoneAwarenessConfig, { availabilityZoneCount: 3 });
    assert.strictEqual(cluster.dedicatedMasterEnabled, true);
    assert.strictEqual(cluster.dedicatedMasterCount, 3);
    assert.strictEqual(d.protect, true);
    const dev = inputs(
      domain(
        await search({
          instanceType: "t3.medium.search",
          instanceCount: 1,
          zoneAwareness: false,
          dedicatedMasters: false,
          protect: false,
        }),
      ),
    );
    assert.strictEqual((dev.clusterConfig as Inputs).zoneAwarenessEnabled, false);
    assert.strictEqual(
      (dev.autoTuneOptions as Inputs).desiredState,
      "DISABLED",
      "T instances cannot Auto-Tune",
    );
  });

  it("publishes slow, application and audit logs to encrypted log groups that OpenSearch may write", async () => {
    const rs = await search();
    const d = domain(rs);
    const options = inputs(d).logPublishingOptions as Array<{ logType: string; enabled: boolean }>;
    assert.deepStrictEqual(
      options.map((o) => o.logType),
      ["INDEX_SLOW_LOGS", "SEARCH_SLOW_LOGS", "ES_APPLICATION_LOGS", "AUDIT_LOGS"],
    );
    const urns = byUrn(rs);
    for (const u of d.propertyDependencies.logPublishingOptions) {
      const g = urns.get(u)!;
      assert.strictEqual(inputs(g).kmsKeyId, KEY);
      assert.strictEqual(inputs(g).retentionInDays, 365);
    }
    const policy = single(rs, "aws:cloudwatch/logResourcePolicy:LogResourcePolicy");
    assert.ok(d.dependencies.includes(policy.urn), "the log policy exists before the domain");
    assert.strictEqual(
      ofType(rs, "aws:iam/serviceLinkedRole:ServiceLinkedRole").length,
      0,
      "the account layer owns it",
    );
  });

  it("is created after its prerequisites (the account's OpenSearch service-linked role)", async () => {
    const rs = (
      await runComponent(() => {
        const role = new aws.iam.ServiceLinkedRole("slr", {
          awsServiceName: "opensearchservice.amazonaws.com",
        });
        new Search("search", { ...ARGS, prerequisites: [role] });
      })
    ).resources;
    const role = single(rs, "aws:iam/serviceLinkedRole:ServiceLinkedRole");
    assert.ok(domain(rs).dependencies.includes(role.urn));
  });

  it("refuses a node count it cannot spread evenly", async () => {
    await assert.rejects(
      search({ instanceCount: 5 }),
      /search: 5 data nodes: zone awareness spreads the data nodes evenly over the AZs: the count must be a multiple of 2 or 3/,
    );
  });
});

describe("Search helpers", () => {
  it("choose 3 AZs when the count divides by 3 and the VPC has them, else 2", () => {
    assert.strictEqual(searchZoneCount(3, 3), 3);
    assert.strictEqual(searchZoneCount(6, 3), 3);
    assert.strictEqual(searchZoneCount(4, 3), 2);
    assert.strictEqual(searchZoneCount(6, 2), 2);
    assert.strictEqual(
      searchZoneCount(3, 2),
      "zone awareness spreads the data nodes evenly over the AZs: the count must be a multiple of 2",
    );
  });

  it("grant HTTP access to the domain's paths, read-only when asked", async () => {
    const write = searchAccessStatement("arn:aws:es:eu-west-1:1:domain/d");
    assert.ok((write.Action as string[]).includes("es:ESHttpPut"));
    const read = searchAccessStatement("arn:aws:es:eu-west-1:1:domain/d", true);
    assert.deepStrictEqual(read.Action, ["es:ESHttpGet", "es:ESHttpHead"]);
    assert.strictEqual(await valueOf(read.Resource as string), "arn:aws:es:eu-west-1:1:domain/d/*");
  });
});
