import * as assert from "assert";

import { VPN_TAG } from "../../../components/access/vpnPolicies";
import { VPN_IMAGE_ID } from "../../../components/access/vpnScripts";
import { VpnServer, VpnServerArgs } from "../../../components/access/vpnServer";
import { RecordedResource } from "../../../tools/engine/mockEngine";
import { inputs, jsonInput, ofType, propertyDeps, runComponent, single } from "../../helpers/graph";
import { denied, IamDocument } from "../../helpers/iam";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/env";

const ARGS: VpnServerArgs = {
  baseName: "platform-test",
  accountId: "123456789012",
  region: "eu-west-1",
  vpcId: "vpc-1",
  vpcCidr: "10.10.0.0/16",
  publicSubnetIds: ["subnet-public-0", "subnet-public-1", "subnet-public-2"],
  privateSubnetIds: ["subnet-private-0", "subnet-private-1", "subnet-private-2"],
  memberOfSecurityGroupIds: ["sg-services"],
  allowedCidrs: ["198.51.100.0/24", "203.0.113.0/26"],
  clientPool: "10.250.0.0/22",
  instanceType: "t4g.small",
  kmsKeyArn: KEY,
  logRetentionDays: 30,
  protect: true,
};

async function vpn(args: Partial<VpnServerArgs> = {}): Promise<RecordedResource[]> {
  return (await runComponent(() => new VpnServer("vpn", { ...ARGS, ...args }))).resources;
}

type Doc = {
  Statement: Array<{
    Sid: string;
    Effect: string;
    Action: string | string[];
    Resource: string | string[];
    Condition?: Record<string, Record<string, string>>;
  }>;
};

describe("VpnServer", () => {
  it("launches one instance from a template: IMDSv2, encrypted root volume, no key pair, no public IP", async () => {
    const resources = await vpn();
    const lt = inputs(single(resources, "aws:ec2/launchTemplate:LaunchTemplate"));
    assert.strictEqual(lt.imageId, VPN_IMAGE_ID);
    assert.strictEqual(lt.instanceType, "t4g.small");
    assert.strictEqual(lt.keyName, undefined, "no SSH key pair");
    assert.deepStrictEqual(lt.metadataOptions, {
      httpEndpoint: "enabled",
      httpTokens: "required",
      httpPutResponseHopLimit: 1,
      instanceMetadataTags: "disabled",
    });
    assert.deepStrictEqual(lt.blockDeviceMappings, [
      {
        deviceName: "/dev/xvda",
        ebs: {
          volumeSize: 10,
          volumeType: "gp3",
          encrypted: "true",
          kmsKeyId: KEY,
          deleteOnTermination: "true",
        },
      },
    ]);
    const nic = (lt.networkInterfaces as Array<Record<string, unknown>>)[0];
    assert.strictEqual(nic.associatePublicIpAddress, "false");
    assert.strictEqual((nic.securityGroups as string[])[1], "sg-services", "joins the services group");
    const asg = inputs(single(resources, "aws:autoscaling/group:Group"));
    assert.deepStrictEqual(
      { min: asg.minSize, max: asg.maxSize, desired: asg.desiredCapacity, subnets: asg.vpcZoneIdentifiers },
      { min: 1, max: 1, desired: 1, subnets: ARGS.publicSubnetIds },
    );
    assert.strictEqual(
      ofType(resources, "aws:ec2/instance:Instance").length,
      0,
      "only the group launches it",
    );
  });

  it("tags the instance, volume and interface so the role and the operators can single it out", async () => {
    const lt = inputs(single(await vpn(), "aws:ec2/launchTemplate:LaunchTemplate"));
    assert.deepStrictEqual(
      (lt.tagSpecifications as Array<{ resourceType: string; tags: Record<string, string> }>).map(
        (t) => `${t.resourceType}:${t.tags[VPN_TAG]}`,
      ),
      ["instance:platform-test-vpn", "volume:platform-test-vpn", "network-interface:platform-test-vpn"],
    );
  });

  it("boots with a script that associates the environment's Elastic IP", async () => {
    const resources = await vpn();
    const lt = single(resources, "aws:ec2/launchTemplate:LaunchTemplate");
    const script = Buffer.from(inputs(lt).userData as string, "base64").toString("utf8");
    const eip = single(resources, "aws:ec2/eip:Eip");
    assert.match(script, /^ALLOCATION_ID="eipalloc-[0-9a-f]+"$/m);
    assert.ok(propertyDeps(resources, lt, "userData").some((r) => r.urn === eip.urn));
    assert.strictEqual(eip.protect, true, "clients are configured with this address");
  });

  it("admits only the VPN port, only from the allowed CIDRs", async () => {
    const resources = await vpn();
    const sg = ofType(resources, "aws:ec2/securityGroup:SecurityGroup").find((g) => g.name === "vpn-sg")!;
    const ingress = ofType(resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter(
      (r) => r.propertyDependencies.securityGroupId.includes(sg.urn),
    );
    assert.deepStrictEqual(
      ingress.map((r) => {
        const i = inputs(r);
        return `${i.ipProtocol as string} ${i.fromPort as number}-${i.toPort as number} from ${i.cidrIpv4 as string}`;
      }),
      ["udp 1194-1194 from 198.51.100.0/24", "udp 1194-1194 from 203.0.113.0/26"],
    );
    const egress = ofType(resources, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").map((r) => {
      const i = inputs(r);
      return `${i.ipProtocol as string} ${String(i.fromPort)} to ${i.cidrIpv4 as string}`;
    });
    assert.deepStrictEqual(egress, ["-1 undefined to 10.10.0.0/16", "tcp 443 to 0.0.0.0/0"]);
    const tcp = await vpn({ protocol: "tcp", port: 443, allowedCidrs: ["0.0.0.0/0"] });
    const rule = ofType(tcp, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").find(
      (r) => r.name === "vpn-vpn-0",
    )!;
    assert.deepStrictEqual(
      [inputs(rule).ipProtocol, inputs(rule).fromPort, inputs(rule).cidrIpv4],
      ["tcp", 443, "0.0.0.0/0"],
    );
  });

  it("reaches the EC2 API through an interface endpoint in the private subnets before it has its address", async () => {
    const resources = await vpn();
    const endpoint = single(resources, "aws:ec2/vpcEndpoint:VpcEndpoint");
    assert.deepStrictEqual(
      [inputs(endpoint).serviceName, inputs(endpoint).privateDnsEnabled, inputs(endpoint).subnetIds],
      ["com.amazonaws.eu-west-1.ec2", true, ARGS.privateSubnetIds],
    );
    const asg = single(resources, "aws:autoscaling/group:Group");
    assert.ok(asg.dependencies.includes(endpoint.urn), "the first boot waits for the endpoint");
    const rolePolicy = single(resources, "aws:iam/rolePolicy:RolePolicy");
    assert.ok(asg.dependencies.includes(rolePolicy.urn), "and for the role's permissions");
  });

  it("lets the instance associate this allocation only, and only to the tagged server", async () => {
    const resources = await vpn();
    const doc = jsonInput<Doc>(single(resources, "aws:iam/rolePolicy:RolePolicy"), "policy");
    const associate = doc.Statement.filter((s) => s.Action === "ec2:AssociateAddress");
    assert.deepStrictEqual(
      associate[0].Resource,
      "arn:aws:ec2:eu-west-1:123456789012:elastic-ip/" + allocationId(resources),
    );
    assert.deepStrictEqual(associate[1].Condition, {
      StringEquals: { [`aws:ResourceTag/${VPN_TAG}`]: "platform-test-vpn" },
    });
    assert.ok(
      !doc.Statement.some((s) => [s.Action].flat().some((a) => a.endsWith(":*"))),
      "no wildcard actions",
    );
    const attachments = ofType(resources, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").map(
      (a) => inputs(a).policyArn,
    );
    assert.deepStrictEqual(attachments, ["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"]);
  });

  it("keeps the PKI in a versioned, KMS-encrypted, protected bucket", async () => {
    const resources = await vpn();
    const bucket = single(resources, "aws:s3/bucket:Bucket");
    assert.strictEqual(bucket.protect, true);
    const sse = inputs(
      single(
        resources,
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      ),
    );
    assert.deepStrictEqual(
      (sse.rules as Array<Record<string, unknown>>)[0].applyServerSideEncryptionByDefault,
      {
        sseAlgorithm: "aws:kms",
        kmsMasterKeyId: KEY,
      },
    );
    const versioning = inputs(single(resources, "aws:s3/bucketVersioning:BucketVersioning"));
    assert.deepStrictEqual(versioning.versioningConfiguration, { status: "Enabled" });
    const policy = jsonInput<Doc>(single(resources, "aws:s3/bucketPolicy:BucketPolicy"), "policy");
    const pki = policy.Statement.find((st) => st.Sid === "PkiOnlyForTheServer")!;
    assert.match(pki.Resource as string, /\/pki\/\*$/);
    assert.strictEqual(pki.Effect, "Deny");
    assert.match(pki.Condition!.ArnNotEquals["aws:PrincipalArn"], /\/vpn-role-[0-9a-f]+$/);
    const bucketPolicy = single(resources, "aws:s3/bucketPolicy:BucketPolicy");
    assert.ok(
      propertyDeps(resources, bucketPolicy, "policy").some((r) => r.type === "aws:iam/role:Role"),
      "the exception is the server's role",
    );
  });

  it("issues and revokes certificates through SSM documents only the operators' policy may run", async () => {
    const resources = await vpn();
    const docs = ofType(resources, "aws:ssm/document:Document");
    assert.deepStrictEqual(docs.map((d) => d.name).sort(), ["vpn-issue-client", "vpn-revoke-client"]);
    const issue = jsonInput<{
      parameters: Record<string, { allowedPattern: string }>;
      mainSteps: Array<{ inputs: { runCommand: string[] } }>;
    }>(
      docs.find((d) => d.name === "vpn-issue-client")!,
      "content",
    );
    assert.strictEqual(issue.parameters.ClientName.allowedPattern, "^[a-z0-9][a-z0-9.-]{1,62}$");
    assert.ok(
      issue.mainSteps[0].inputs.runCommand.includes("remote 203.0.113.10 1194"),
      "profiles name the fixed address",
    );
    const operators = single(resources, "aws:iam/policy:Policy");
    assert.deepStrictEqual(
      [inputs(operators).name, inputs(operators).path],
      ["platform-test-vpn-operators", "/platform/"],
    );
    assert.strictEqual(ofType(resources, "aws:iam/group:Group").length, 0, "people are not IAM users");
    const doc = jsonInput<Doc>(operators, "policy");
    const send = doc.Statement.filter((s) => s.Action === "ssm:SendCommand");
    assert.deepStrictEqual(
      (send[0].Resource as string[]).map((r) => r.replace(/-[0-9a-f]{7}$/, "")),
      [
        "arn:aws:ssm:eu-west-1:123456789012:document/vpn-issue-client",
        "arn:aws:ssm:eu-west-1:123456789012:document/vpn-revoke-client",
      ],
    );
    assert.deepStrictEqual(send[1].Condition, {
      StringEquals: { [`ssm:resourceTag/${VPN_TAG}`]: "platform-test-vpn" },
    });
    assert.match(doc.Statement.find((s) => s.Sid === "FetchProfiles")!.Resource as string, /\/clients\/\*$/);
  });

  it("lets only the server and the profile readers read issued profiles, whatever their own policies say", async () => {
    const oncall =
      "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_test-oncall_????????????????";
    const breakGlass = "arn:aws:iam::123456789012:role/platform-test-break-glass";
    const resources = await vpn({ profileReaders: [oncall, breakGlass] });
    const policy = jsonInput<IamDocument>(single(resources, "aws:s3/bucketPolicy:BucketPolicy"), "policy");
    const profiles = policy.Statement.find((st) => st.Sid === "ProfilesOnlyForReaders")!;
    const bucket = String(profiles.Resource).replace(/\/clients\/\*$/, "");
    assert.match(bucket, /^arn:aws:s3:::vpn-pki-/);
    const reads = (principal: string, action = "s3:GetObject", key = "clients/alice.ovpn"): boolean =>
      !denied(
        {
          action,
          resource: `${bucket}/${key}`,
          context: { "aws:PrincipalArn": principal, "aws:SecureTransport": true },
        },
        [policy],
      );
    const sso = "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_";
    // The server's role, as the policy names it.
    const serverArn = (profiles.Condition!.ArnNotLike["aws:PrincipalArn"] as string[])[0];
    assert.match(serverArn, /:role\/vpn-role-[0-9a-f]+$/);
    assert.ok(reads(serverArn), "the server writes and reads them");
    assert.ok(reads(`${sso}test-oncall_0123456789abcdef`), "on-call issues and fetches them");
    assert.ok(reads(breakGlass));
    for (const principal of [
      `${sso}test-developer_0123456789abcdef`,
      `${sso}test-auditor_0123456789abcdef`,
      "arn:aws:iam::123456789012:role/platform-test-preview",
      "arn:aws:iam::123456789012:role/platform-test-deploy",
      serverArn.replace("vpn-role", "vpn-other"),
    ]) {
      assert.ok(!reads(principal), `${principal} may not read a profile`);
      assert.ok(!reads(principal, "s3:GetObjectVersion"), `${principal} may not read an old version either`);
      assert.ok(reads(principal, "s3:GetObject", "README"), "other objects are left to IAM");
    }
    assert.ok(
      reads("arn:aws:iam::123456789012:role/platform-test-deploy", "s3:PutBucketPolicy", ""),
      "the deploy role still manages the bucket",
    );
  });

  it("alarms when OpenVPN is down, the instance fails its checks, or none is in service", async () => {
    const resources = await vpn({ alarmActions: ["arn:aws:sns:eu-west-1:123456789012:alerts"] });
    const alarms = ofType(resources, "aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => inputs(a));
    assert.deepStrictEqual(
      alarms.map(
        (a) =>
          `${a.namespace as string}/${a.metricName as string} ${a.comparisonOperator as string} ${String(a.threshold)} missing:${a.treatMissingData as string}`,
      ),
      [
        "Platform/VPN/ServerUp LessThanThreshold 1 missing:breaching",
        "AWS/EC2/StatusCheckFailed GreaterThanOrEqualToThreshold 1 missing:missing",
        "AWS/AutoScaling/GroupInServiceInstances LessThanThreshold 1 missing:breaching",
      ],
    );
    for (const a of alarms) {
      assert.deepStrictEqual(a.alarmActions, ["arn:aws:sns:eu-west-1:123456789012:alerts"]);
    }
    const asg = inputs(single(resources, "aws:autoscaling/group:Group"));
    assert.deepStrictEqual(asg.enabledMetrics, ["GroupInServiceInstances"]);
  });

  it("writes its log to a KMS-encrypted group with retention", async () => {
    const group = inputs(single(await vpn(), "aws:cloudwatch/logGroup:LogGroup"));
    assert.deepStrictEqual(
      [group.name, group.kmsKeyId, group.retentionInDays],
      ["/platform/platform-test/vpn", KEY, 30],
    );
  });

  it("refuses to start with no allowed CIDR", async () => {
    await assert.rejects(vpn({ allowedCidrs: [] }), /VpnServer needs at least one allowed source CIDR/);
  });
});

function allocationId(resources: RecordedResource[]): string {
  const lt = single(resources, "aws:ec2/launchTemplate:LaunchTemplate");
  const script = Buffer.from(inputs(lt).userData as string, "base64").toString("utf8");
  return /^ALLOCATION_ID="(eipalloc-[0-9a-f]+)"$/m.exec(script)![1];
}
