/**
 * The no-public-path policies on resource types the platform does not create today but an app team could:
 * each exposing resource fails with the rule's message, its private counterpart passes.
 */
import * as aws from "@pulumi/aws";
import * as confluentcloud from "@pulumi/confluentcloud";
import * as mongodbatlas from "@pulumi/mongodbatlas";
import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";

import { publicGrants } from "../../policy-pack/policies/documents";
import { UNKNOWN } from "../../policy-pack/policies/util";
import { Diagnostic } from "../../tools/engine/policyRunner";
import { assertClean, assertViolation, evaluateProgram } from "../helpers/policies";

const everyone = (extra: Record<string, unknown> = {}) => ({
  Version: "2012-10-17",
  Statement: [
    { Sid: "Everyone", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*", ...extra },
  ],
});

describe("no public path: what an app team could create", () => {
  let d: Diagnostic[];
  before(async () => {
    d = await evaluateProgram(() => {
      const fn = "arn:aws:lambda:eu-west-1:123456789012:function:f";
      new aws.lambda.FunctionUrl("url-public", { functionName: fn, authorizationType: "NONE" });
      new aws.lambda.FunctionUrl("url-iam", { functionName: fn, authorizationType: "AWS_IAM" });
      new aws.lambda.Permission("url-permission", {
        function: fn,
        action: "lambda:InvokeFunctionUrl",
        principal: "*",
        functionUrlAuthType: "NONE",
      });
      new aws.cloudwatch.EventPermission("bus-open", { principal: "*", statementId: "open" });
      new aws.cloudwatch.EventPermission("bus-org", {
        principal: "*",
        statementId: "org",
        condition: { key: "aws:PrincipalOrgID", type: "StringEquals", value: "o-abc123" },
      });

      const http = new aws.apigatewayv2.Api("http-api", { protocolType: "HTTP" });
      new aws.apigatewayv2.Route("route-open", { apiId: http.id, routeKey: "GET /orders" });
      new aws.apigatewayv2.Route("route-jwt", {
        apiId: http.id,
        routeKey: "GET /items",
        authorizationType: "JWT",
        authorizerId: "abc123",
      });
      const ws = new aws.apigatewayv2.Api("ws-api", {
        protocolType: "WEBSOCKET",
        routeSelectionExpression: "$request.body.action",
      });
      new aws.apigatewayv2.Route("ws-message", { apiId: ws.id, routeKey: "sendmessage" });
      new aws.apigatewayv2.Api("quick-api", { protocolType: "HTTP", target: fn });
      const rest = new aws.apigateway.RestApi("rest-api", {});
      new aws.apigateway.Method("rest-open", {
        restApi: rest.id,
        resourceId: rest.rootResourceId,
        httpMethod: "GET",
        authorization: "NONE",
      });

      new aws.lb.LoadBalancer("nlb-public", {
        loadBalancerType: "network",
        internal: false,
        subnets: ["subnet-1", "subnet-2"],
      });
      new aws.lb.LoadBalancer("nlb-internal", {
        loadBalancerType: "network",
        internal: true,
        subnets: ["subnet-1", "subnet-2"],
      });

      new aws.redshift.Cluster("warehouse", {
        clusterIdentifier: "warehouse",
        nodeType: "ra3.xlplus",
        publiclyAccessible: true,
      });
      new aws.dms.ReplicationInstance("dms-default", {
        replicationInstanceClass: "dms.t3.micro",
        replicationInstanceId: "dms-default",
      });
      new aws.ec2.AmiLaunchPermission("ami-all", { imageId: "ami-12345678", group: "all" });
      new aws.ebs.SnapshotBlockPublicAccess("snapshots-open", { state: "unblocked" });
      new aws.ecrpublic.Repository("public-images", { repositoryName: "images" });
      new aws.s3.BucketAcl("acl-all-users", {
        bucket: "b",
        accessControlPolicy: {
          owner: { id: "owner" },
          grants: [
            {
              grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers" },
              permission: "READ",
            },
          ],
        },
      });
      new aws.iam.Role("role-anyone", {
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }],
        }),
      });

      const confluent = new confluentcloud.Provider("confluent", {});
      const environment = { id: "env-1" };
      new confluentcloud.KafkaCluster(
        "dedicated-public",
        { availability: "MULTI_ZONE", cloud: "AWS", region: "eu-west-1", environment, dedicated: { cku: 2 } },
        { provider: confluent },
      );
      new confluentcloud.KafkaCluster(
        "standard",
        { availability: "SINGLE_ZONE", cloud: "AWS", region: "eu-west-1", environment, standard: {} },
        { provider: confluent },
      );
      new confluentcloud.IpGroup(
        "ip-group-open",
        { groupName: "open", cidrBlocks: ["203.0.113.0/24", "0.0.0.0/0"] },
        { provider: confluent },
      );
      const atlas = new mongodbatlas.Provider("atlas", {});
      new mongodbatlas.ProjectIpAccessList(
        "atlas-wide",
        { projectId: "p", cidrBlock: "52.0.0.0/8" },
        { provider: atlas },
      );
      new mongodbatlas.ProjectIpAccessList(
        "atlas-office",
        { projectId: "p", cidrBlock: "203.0.113.0/28" },
        { provider: atlas },
      );
    });
  });

  it("a public function URL fails, an IAM one passes", () => {
    assertViolation(
      d,
      "lambda-url-requires-auth",
      "url-public",
      /is a public function URL \(authorizationType = NONE\): set AWS_IAM/,
    );
    assertClean(d, "lambda-url-requires-auth", "url-iam");
    assertViolation(
      d,
      "no-public-permission",
      "url-permission",
      /lets anyone call the function's URL without authentication/,
    );
  });

  it("an EventBridge permission for everyone fails unless a condition narrows it to the organization", () => {
    assertViolation(
      d,
      "no-public-permission",
      "bus-open",
      /grants access to every principal .*: set condition/,
    );
    assertClean(d, "no-public-permission", "bus-org");
  });

  it("an API route without an authorizer fails; a JWT route and a WebSocket message route pass", () => {
    assertViolation(
      d,
      "api-routes-authorized",
      "route-open",
      /\(GET \/orders\) has no authorizer \(authorizationType = unset\)/,
    );
    assertClean(d, "api-routes-authorized", "route-jwt");
    assertClean(d, "api-routes-authorized", "ws-message");
    assertViolation(d, "api-routes-authorized", "quick-api", /is a quick-create API/);
    assertViolation(
      d,
      "api-routes-authorized",
      "rest-open",
      /\(GET\) has no authorizer \(authorization = NONE\)/,
    );
  });

  it("an internet-facing NLB fails twice: not the declared edge, and WAF cannot protect it", () => {
    assertViolation(
      d,
      "load-balancer-edge-only",
      "nlb-public",
      /is internet-facing but is not the platform's declared edge \(platform::\S* is not one of/,
    );
    assertViolation(
      d,
      "internet-facing-lb-has-waf",
      "nlb-public",
      /is an internet-facing network load balancer, which WAF cannot protect/,
    );
    assertClean(d, "load-balancer-edge-only", "nlb-internal");
    assertClean(d, "internet-facing-lb-has-waf", "nlb-internal");
  });

  it("public stores fail: a Redshift cluster asked to be public, a DMS instance left at its public default", () => {
    assertViolation(
      d,
      "stores-not-public",
      "warehouse",
      /is publicly accessible \(publiclyAccessible = true\)/,
    );
    assertViolation(
      d,
      "stores-not-public",
      "dms-default",
      /is publicly accessible \(publiclyAccessible = unset\)/,
    );
  });

  it("images, snapshots and buckets shared with everyone fail", () => {
    assertViolation(d, "no-public-sharing", "ami-all", /launch permission group = "all"/);
    assertViolation(d, "no-public-sharing", "snapshots-open", /allows public EBS snapshots/);
    assertViolation(d, "no-public-sharing", "public-images", /serves its images to anyone/);
    assertViolation(
      d,
      "s3-no-public-acl",
      "acl-all-users",
      /grants READ to http:\/\/acs\.amazonaws\.com\/groups\/global\/AllUsers/,
    );
    assertViolation(
      d,
      "no-public-resource-policy",
      "role-anyone",
      /its assumeRolePolicy statement Statement\[0\] allows sts:AssumeRole to every principal/,
    );
  });

  it("SaaS access lists opened widely fail, a dedicated Confluent cluster needs its private network", () => {
    assertViolation(
      d,
      "saas-access-lists-not-open",
      "ip-group-open",
      /opens access to 0\.0\.0\.0\/0: it admits every address/,
    );
    assertViolation(d, "saas-access-lists-not-open", "atlas-wide", /admits a public block wider than \/24/);
    assertClean(d, "saas-access-lists-not-open", "atlas-office");
    assertViolation(
      d,
      "confluent-private-network",
      "dedicated-public",
      /is a dedicated cluster with a public endpoint/,
    );
    assertClean(d, "confluent-private-network", "standard");
  });
});

describe("no public path: documents partly unknown in a preview", () => {
  it("judges what is known: a grant to everyone fails even with its resource unknown", async () => {
    const d = await evaluateProgram(
      () => {
        const b = new aws.s3.Bucket("b", {});
        const doc = (extra: Partial<aws.iam.PolicyStatement>): aws.iam.PolicyDocument => ({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: b.arn, ...extra }],
        });
        new aws.s3.BucketPolicy("object-public", { bucket: b.id, policy: doc({}) });
        new aws.s3.BucketPolicy("object-narrowed", {
          bucket: b.id,
          policy: doc({ Condition: { ArnEquals: { "aws:SourceArn": b.arn } } }),
        });
        new aws.sqs.Queue("queue-public", {
          policy: pulumi.output(everyone()).apply((x) => JSON.stringify(x)),
        });
      },
      { preview: true },
    );
    assertViolation(
      d,
      "no-public-resource-policy",
      "object-public",
      /allows s3:GetObject to every principal/,
    );
    assertClean(d, "no-public-resource-policy", "object-narrowed");
    assertViolation(d, "no-public-resource-policy", "queue-public", /statement Everyone allows s3:GetObject/);
    assert.deepStrictEqual(
      d.filter((x) => /can't run/.test(x.message)).map((x) => x.message),
      [],
    );
  });

  it("counts only positive conditions on the organization, an account, a source or an endpoint", () => {
    const grants = (condition: unknown) =>
      publicGrants(everyone(condition === undefined ? {} : { Condition: condition }));
    assert.strictEqual((grants(undefined) as unknown[]).length, 1);
    assert.deepStrictEqual(grants({ StringEquals: { "aws:PrincipalOrgID": "o-abc123" } }), []);
    assert.deepStrictEqual(grants({ StringEquals: { "aws:SourceVpce": "vpce-1" } }), []);
    assert.deepStrictEqual(grants({ StringEquals: { "kms:CallerAccount": "123456789012" } }), []);
    assert.strictEqual(
      (grants({ StringNotEquals: { "aws:PrincipalOrgID": "o-abc123" } }) as unknown[]).length,
      1,
    );
    assert.strictEqual((grants({ StringEqualsIfExists: { "aws:SourceArn": "arn" } }) as unknown[]).length, 1);
    assert.strictEqual((grants({ StringLike: { "aws:SourceAccount": "*" } }) as unknown[]).length, 1);
    assert.strictEqual((grants({ Bool: { "aws:SecureTransport": "true" } }) as unknown[]).length, 1);
    assert.strictEqual(publicGrants(UNKNOWN), UNKNOWN);
  });
});
