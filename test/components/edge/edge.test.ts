import * as aws from "@pulumi/aws";
import * as assert from "assert";

import { Cluster } from "../../../components/compute/cluster";
import {
  AccessLogBucket,
  ELB_LOG_DELIVERY_SERVICE,
  LEGACY_ELB_LOG_REGIONS,
} from "../../../components/edge/accessLogs";
import { certificatePlans, Dns, validationDomains } from "../../../components/edge/dns";
import { cognitoDomainPrefix, cognitoDomainProblem, Identity } from "../../../components/edge/identity";
import { InternalLoadBalancer } from "../../../components/edge/internalAlb";
import { TLS_POLICY } from "../../../components/edge/loadBalancerDefaults";
import { PartnerApi } from "../../../components/edge/partnerApi";
import { PublicLoadBalancer, PublicLoadBalancerArgs } from "../../../components/edge/publicAlb";
import { MANAGED_RULE_GROUPS, webAclRules } from "../../../components/edge/waf";
import { ELB_LOG_ACCOUNTS } from "../../../tools/engine/invokes";
import { RecordedResource } from "../../../tools/engine/mockEngine";
import { named, statements } from "../../helpers/edge";
import { inputs, ofType, propertyDeps, runComponent, single } from "../../helpers/graph";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/env";

describe("Dns", () => {
  it("drops a wildcard's validation record when its base is on the certificate too", () => {
    const plans = certificatePlans("dev.example.com", "internal.dev.example.com");
    assert.deepStrictEqual(plans.public, {
      domainName: "dev.example.com",
      subjectAlternativeNames: ["*.dev.example.com"],
    });
    assert.deepStrictEqual(validationDomains(plans.public), ["dev.example.com"]);
    assert.deepStrictEqual(
      validationDomains({ domainName: "a.example.com", subjectAlternativeNames: ["*.b.example.com"] }),
      ["a.example.com", "*.b.example.com"],
    );
  });

  it("creates the public zone, a private zone on the VPC, and two DNS-validated certificates", async () => {
    const { resources } = await runComponent(
      () =>
        new Dns("dns", { domain: "dev.example.com", publicZone: "create", vpcId: "vpc-1", protect: true }),
    );
    const zones = ofType(resources, "aws:route53/zone:Zone");
    assert.deepStrictEqual(
      zones.map((z) => [inputs(z).name, inputs(z).vpcs, z.protect]),
      [
        ["dev.example.com", undefined, true],
        // Both protected: replacing the private zone drops the internal names at once.
        ["internal.dev.example.com", [{ vpcId: "vpc-1" }], true],
      ],
    );
    const certs = ofType(resources, "aws:acm/certificate:Certificate");
    assert.deepStrictEqual(
      certs.map((c) => [inputs(c).domainName, inputs(c).subjectAlternativeNames, inputs(c).validationMethod]),
      [
        ["dev.example.com", ["*.dev.example.com"], "DNS"],
        ["internal.dev.example.com", ["*.internal.dev.example.com"], "DNS"],
      ],
    );
    const records = ofType(resources, "aws:route53/record:Record");
    assert.strictEqual(records.length, 2, "one validation record per certificate");
    const publicZone = zones[0];
    for (const record of records) {
      assert.deepStrictEqual(
        propertyDeps(resources, record, "zoneId"),
        [publicZone],
        "validated in the public zone",
      );
      assert.strictEqual(inputs(record).type, "CNAME");
    }
    for (const validation of ofType(resources, "aws:acm/certificateValidation:CertificateValidation")) {
      assert.strictEqual(propertyDeps(resources, validation, "validationRecordFqdns").length, 1);
    }
  });

  it("delegates a created zone from its parent, through the parent's provider, before any validation", async () => {
    const { resources } = await runComponent(() => {
      const parent = new aws.Provider("dns-parent", { region: "eu-west-1" });
      new Dns("dns", {
        domain: "dev.example.com",
        publicZone: "create",
        vpcId: "vpc-1",
        delegation: { zoneId: "Z0PARENT0EXAMPLE", provider: parent },
      });
    });
    const zone = ofType(resources, "aws:route53/zone:Zone").find(
      (z) => inputs(z).name === "dev.example.com",
    )!;
    const delegation = ofType(resources, "aws:route53/record:Record").find((r) => inputs(r).type === "NS");
    assert.ok(delegation, "no NS record");
    assert.deepStrictEqual(
      [
        inputs(delegation).zoneId,
        inputs(delegation).name,
        inputs(delegation).ttl,
        delegation.provider?.split("::").pop(),
      ],
      ["Z0PARENT0EXAMPLE", "dev.example.com", 3600, "dns-parent"],
    );
    // The parent holds the new zone's name servers.
    assert.deepStrictEqual(
      inputs(delegation).records,
      inputs(zone).nameServers ?? inputs(delegation).records,
    );
    assert.deepStrictEqual(propertyDeps(resources, delegation, "records"), [zone]);
    const validations = ofType(resources, "aws:acm/certificateValidation:CertificateValidation");
    assert.strictEqual(validations.length, 2);
    for (const v of validations) {
      assert.ok(v.dependencies.includes(delegation.urn), `${v.name} does not wait for the delegation`);
    }
  });

  it("adopts an existing public zone by id without creating or touching it", async () => {
    const { resources } = await runComponent(
      () => new Dns("dns", { domain: "example.com", publicZone: "Z0123456789ABC", vpcId: "vpc-1" }),
    );
    assert.deepStrictEqual(
      ofType(resources, "aws:route53/zone:Zone").map((z) => inputs(z).name),
      ["internal.example.com"],
    );
    for (const record of ofType(resources, "aws:route53/record:Record")) {
      assert.strictEqual(inputs(record).zoneId, "Z0123456789ABC");
    }
  });
});

describe("PublicLoadBalancer", () => {
  async function publicLb(extra: Partial<PublicLoadBalancerArgs> = {}): Promise<RecordedResource[]> {
    const { resources } = await runComponent(() => {
      const policy = new aws.s3.BucketPolicy("logs-policy", { bucket: "logs", policy: "{}" });
      return new PublicLoadBalancer("public", {
        vpcId: "vpc-1",
        subnetIds: ["subnet-public-a", "subnet-public-b"],
        certificateArn: "arn:cert",
        zoneId: "Z1",
        hostname: "dev.example.com",
        accessLogBucket: "logs",
        accessLogPolicy: policy,
        deletionProtection: true,
        wafRateLimit: 1500,
        wafLogGroupName: "aws-waf-logs-platform-dev",
        kmsKeyArn: KEY,
        logRetentionDays: 30,
        ...extra,
      });
    });
    return resources;
  }

  it("is internet-facing in the public subnets, hardened, logging to the bucket after its policy exists", async () => {
    const resources = await publicLb();
    const lb = single(resources, "aws:lb/loadBalancer:LoadBalancer");
    const i = inputs(lb);
    assert.deepStrictEqual(
      [i.internal, i.subnets, i.dropInvalidHeaderFields, i.desyncMitigationMode, i.enableDeletionProtection],
      [false, ["subnet-public-a", "subnet-public-b"], true, "strictest", true],
    );
    assert.deepStrictEqual(i.accessLogs, { bucket: "logs", prefix: "public", enabled: true });
    const policy = resources.find((r) => r.name === "logs-policy")!;
    assert.ok(lb.dependencies.includes(policy.urn));
  });

  it("only redirects HTTP to HTTPS, and serves HTTPS with a TLS 1.2+ policy", async () => {
    const resources = await publicLb();
    const listeners = ofType(resources, "aws:lb/listener:Listener");
    const http = listeners.find((l) => inputs(l).port === 80)!;
    assert.deepStrictEqual(inputs(http).defaultActions, [
      { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
    ]);
    assert.strictEqual(inputs(http).protocol, "HTTP");
    const https = listeners.find((l) => inputs(l).port === 443)!;
    assert.deepStrictEqual(
      [inputs(https).protocol, inputs(https).sslPolicy, inputs(https).certificateArn],
      ["HTTPS", TLS_POLICY, "arn:cert"],
    );
    assert.strictEqual(TLS_POLICY, "ELBSecurityPolicy-TLS13-1-2-Res-2021-06");
  });

  it("admits 80 and 443 from the internet and nothing else", async () => {
    const resources = await publicLb();
    const sg = single(resources, "aws:ec2/securityGroup:SecurityGroup");
    const rules = resources.filter(
      (r) =>
        r.type.startsWith("aws:vpc/securityGroup") &&
        r.propertyDependencies.securityGroupId?.includes(sg.urn),
    );
    assert.deepStrictEqual(
      rules.map((r) => [r.type.split(":")[2], inputs(r).cidrIpv4, inputs(r).fromPort, inputs(r).toPort]),
      [
        ["SecurityGroupIngressRule", "0.0.0.0/0", 80, 80],
        ["SecurityGroupIngressRule", "0.0.0.0/0", 443, 443],
      ],
    );
  });

  it("puts a WAF web ACL on the ALB with the managed groups and the per-IP rate limit, logging encrypted", async () => {
    const resources = await publicLb();
    const acl = single(resources, "aws:wafv2/webAcl:WebAcl");
    assert.strictEqual(inputs(acl).scope, "REGIONAL");
    const rules = inputs(acl).rules as Array<{
      name: string;
      statement: Record<string, Record<string, unknown>>;
    }>;
    assert.deepStrictEqual(
      rules.map((r) => r.name),
      ["rate-limit-per-ip", ...MANAGED_RULE_GROUPS],
    );
    assert.deepStrictEqual(rules[0].statement.rateBasedStatement, {
      limit: 1500,
      aggregateKeyType: "IP",
      evaluationWindowSec: 300,
    });
    const association = single(resources, "aws:wafv2/webAclAssociation:WebAclAssociation");
    const lb = single(resources, "aws:lb/loadBalancer:LoadBalancer");
    assert.deepStrictEqual(propertyDeps(resources, association, "resourceArn"), [lb]);
    assert.deepStrictEqual(propertyDeps(resources, association, "webAclArn"), [acl]);
    const logGroup = single(resources, "aws:cloudwatch/logGroup:LogGroup");
    assert.deepStrictEqual(
      [inputs(logGroup).name, inputs(logGroup).kmsKeyId, inputs(logGroup).retentionInDays],
      ["aws-waf-logs-platform-dev", KEY, 30],
    );
    const logging = single(resources, "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration");
    assert.deepStrictEqual(propertyDeps(resources, logging, "logDestinationConfigs"), [logGroup]);
    assert.deepStrictEqual(inputs(logging).redactedFields, [
      { singleHeader: { name: "authorization" } },
      { singleHeader: { name: "cookie" } },
    ]);
  });

  it("refuses a WAF log group without the aws-waf-logs- prefix and a rate limit WAF rejects", async () => {
    await assert.rejects(
      publicLb({ wafLogGroupName: "waf-logs" }),
      /WAF log group names begin with aws-waf-logs-; got waf-logs/,
    );
    await assert.rejects(publicLb({ wafRateLimit: 5 }), /WAF rate limits are 10..2000000000; got 5/);
    assert.strictEqual(webAclRules(100).length, 5);
  });

  it("points the environment's name at the ALB", async () => {
    const resources = await publicLb();
    const record = single(resources, "aws:route53/record:Record");
    assert.deepStrictEqual(
      [inputs(record).name, inputs(record).type, inputs(record).zoneId],
      ["dev.example.com", "A", "Z1"],
    );
    const lb = single(resources, "aws:lb/loadBalancer:LoadBalancer");
    assert.deepStrictEqual(propertyDeps(resources, record, "aliases"), [lb]);
  });
});

describe("InternalLoadBalancer", () => {
  it("is internal, HTTPS only with a TLS 1.2+ policy, and admits only the given groups on 443", async () => {
    const { resources } = await runComponent(() => {
      const policy = new aws.s3.BucketPolicy("logs-policy", { bucket: "logs", policy: "{}" });
      return new InternalLoadBalancer("internal", {
        vpcId: "vpc-1",
        subnetIds: ["subnet-private-a", "subnet-private-b"],
        certificateArn: "arn:internal-cert",
        zoneId: "ZPRIVATE",
        hostname: "internal.dev.example.com",
        clientSecurityGroupIds: ["sg-services"],
        accessLogBucket: "logs",
        accessLogPolicy: policy,
        deletionProtection: false,
        loadBalancerName: "platform-dev-internal",
      });
    });
    const lb = single(resources, "aws:lb/loadBalancer:LoadBalancer");
    assert.deepStrictEqual(
      [inputs(lb).internal, inputs(lb).subnets, inputs(lb).name],
      [true, ["subnet-private-a", "subnet-private-b"], "platform-dev-internal"],
    );
    const listener = single(resources, "aws:lb/listener:Listener");
    assert.deepStrictEqual(
      [inputs(listener).port, inputs(listener).protocol, inputs(listener).sslPolicy],
      [443, "HTTPS", TLS_POLICY],
    );
    assert.deepStrictEqual(
      (inputs(listener).defaultActions as Array<{ type: string }>)[0].type,
      "fixed-response",
    );
    const ingress = single(resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    assert.deepStrictEqual(
      [inputs(ingress).referencedSecurityGroupId, inputs(ingress).cidrIpv4, inputs(ingress).fromPort],
      ["sg-services", undefined, 443],
    );
    const record = single(resources, "aws:route53/record:Record");
    assert.deepStrictEqual(
      [inputs(record).name, inputs(record).zoneId],
      ["internal.dev.example.com", "ZPRIVATE"],
    );
  });
});

describe("AccessLogBucket", () => {
  it("is an SSE-S3 SecureBucket that load balancers of the account may write to, and expires logs", async () => {
    const { resources, invokes } = await runComponent(
      () =>
        new AccessLogBucket("alb-logs", {
          region: "eu-west-1",
          accountId: "123456789012",
          retentionDays: 90,
        }),
    );
    const encryption = single(
      resources,
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    );
    assert.deepStrictEqual((inputs(encryption).rules as unknown[])[0], {
      applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" },
    });
    const policy = single(resources, "aws:s3/bucketPolicy:BucketPolicy");
    const s = statements(policy);
    assert.deepStrictEqual(
      s.map((x) => [x.Sid, x.Principal]),
      [
        ["DenyInsecureTransport", "*"],
        ["AlbLogDelivery", { Service: ELB_LOG_DELIVERY_SERVICE }],
        ["AlbLogDeliveryRegionalAccount", { AWS: "arn:aws:iam::156460612806:root" }],
        ["S3ServerAccessLogs", { Service: "logging.s3.amazonaws.com" }],
      ],
    );
    assert.match(String(s[1].Resource), /\/\*\/AWSLogs\/123456789012\/\*$/);
    assert.deepStrictEqual(
      invokes.map((i) => i.token),
      ["aws:elb/getServiceAccount:getServiceAccount"],
    );
    const lifecycle = single(resources, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration");
    assert.deepStrictEqual((inputs(lifecycle).rules as Array<{ expiration: unknown }>)[0].expiration, {
      days: 90,
    });
  });

  it("uses only the delivery service principal in Regions opened since August 2022", async () => {
    const { resources, invokes } = await runComponent(
      () =>
        new AccessLogBucket("alb-logs", {
          region: "eu-central-2",
          accountId: "123456789012",
          retentionDays: 90,
        }),
      { region: "eu-central-2" },
    );
    const s = statements(single(resources, "aws:s3/bucketPolicy:BucketPolicy"));
    assert.deepStrictEqual(
      s.map((x) => x.Sid),
      ["DenyInsecureTransport", "AlbLogDelivery", "S3ServerAccessLogs"],
    );
    assert.deepStrictEqual(invokes, []);
  });

  it("names the Region's own ELB account, as the provider answers it, in every Region that has one", async () => {
    assert.deepStrictEqual(
      [...LEGACY_ELB_LOG_REGIONS].sort(),
      Object.keys(ELB_LOG_ACCOUNTS).sort(),
      "the Regions the component asks the provider about are the Regions the provider answers for",
    );
    const { resources } = await runComponent(
      () =>
        new AccessLogBucket("alb-logs", {
          region: "us-east-1",
          accountId: "123456789012",
          retentionDays: 90,
        }),
      { region: "us-east-1" },
    );
    const s = statements(single(resources, "aws:s3/bucketPolicy:BucketPolicy"));
    assert.deepStrictEqual(s.find((x) => x.Sid === "AlbLogDeliveryRegionalAccount")?.Principal, {
      AWS: "arn:aws:iam::127311923021:root",
    });
    // A Region the provider has no account for fails the plan, as the data source fails the deploy.
    await assert.rejects(
      runComponent(
        () =>
          new AccessLogBucket("alb-logs", {
            region: "eu-west-1",
            accountId: "123456789012",
            retentionDays: 90,
          }),
        { region: "eu-central-2" },
      ),
      /unsupported AWS Region: eu-central-2/,
    );
  });
});

describe("Identity", () => {
  it("derives the hosted-UI prefix from the domain and refuses Cognito's reserved words", () => {
    assert.strictEqual(cognitoDomainPrefix("dev.acme-platform.com"), "dev-acme-platform-com");
    assert.strictEqual(cognitoDomainPrefix(`${"a".repeat(70)}.com`).length, 63);
    assert.strictEqual(cognitoDomainProblem("dev.acme-platform.com"), undefined);
    assert.strictEqual(
      cognitoDomainProblem("dev.myaws.io"),
      'the Cognito domain prefix "dev-myaws-io" derived from it contains "aws", which Cognito reserves',
    );
  });

  it("creates a protected user pool and a public code-flow client for the gateway, and no partner client by default", async () => {
    const { resources } = await runComponent(
      () => new Identity("identity", { region: "eu-west-1", domain: "dev.example.com", protect: true }),
    );
    const pool = single(resources, "aws:cognito/userPool:UserPool");
    assert.strictEqual(pool.protect, true);
    assert.strictEqual(inputs(pool).deletionProtection, "ACTIVE");
    assert.deepStrictEqual(inputs(pool).adminCreateUserConfig, { allowAdminCreateUserOnly: true });
    const client = single(resources, "aws:cognito/userPoolClient:UserPoolClient");
    assert.deepStrictEqual(
      [inputs(client).allowedOauthFlows, inputs(client).generateSecret, inputs(client).callbackUrls],
      [["code"], false, ["https://dev.example.com/auth/callback"]],
    );
    assert.strictEqual(ofType(resources, "aws:cognito/resourceServer:ResourceServer").length, 0);
    assert.strictEqual(
      inputs(single(resources, "aws:cognito/userPoolDomain:UserPoolDomain")).domain,
      "dev-example-com",
    );
  });

  it("adds a resource server and a client-credentials client for the partner API", async () => {
    const { resources } = await runComponent(
      () =>
        new Identity("identity", {
          region: "eu-west-1",
          domain: "dev.example.com",
          partnerApi: true,
          partnerHostname: "partners.dev.example.com",
        }),
    );
    const server = single(resources, "aws:cognito/resourceServer:ResourceServer");
    assert.strictEqual(inputs(server).identifier, "https://partners.dev.example.com");
    const partner = named(resources, "identity-partner-client");
    assert.deepStrictEqual(
      [inputs(partner).allowedOauthFlows, inputs(partner).allowedOauthScopes, inputs(partner).generateSecret],
      [["client_credentials"], ["https://partners.dev.example.com/api"], true],
    );
    assert.ok(partner.dependencies.includes(server.urn), "the scope exists before the client asks for it");
  });
});

describe("PartnerApi", () => {
  it("authorizes every route with the pool's JWTs, throttles, and reaches only the internal ALB over a VPC link", async () => {
    const { resources } = await runComponent(
      () =>
        new PartnerApi("partners", {
          vpcId: "vpc-1",
          subnetIds: ["subnet-private-a"],
          internalListenerArn: "arn:internal-listener",
          internalSecurityGroupId: "sg-internal-alb",
          internalHostname: "internal.dev.example.com",
          issuerUrl: "https://cognito-idp.eu-west-1.amazonaws.com/pool",
          audience: "partner-client",
          scope: "https://partners.dev.example.com/api",
          rateLimit: 50,
          burstLimit: 100,
          hostname: "partners.dev.example.com",
          certificateArn: "arn:public-cert",
          zoneId: "Z1",
          kmsKeyArn: KEY,
          logRetentionDays: 14,
        }),
    );
    const api = single(resources, "aws:apigatewayv2/api:Api");
    assert.deepStrictEqual([inputs(api).protocolType, inputs(api).disableExecuteApiEndpoint], ["HTTP", true]);
    const authorizer = single(resources, "aws:apigatewayv2/authorizer:Authorizer");
    assert.deepStrictEqual(inputs(authorizer).jwtConfiguration, {
      issuer: "https://cognito-idp.eu-west-1.amazonaws.com/pool",
      audiences: ["partner-client"],
    });
    const route = single(resources, "aws:apigatewayv2/route:Route");
    assert.deepStrictEqual(
      [inputs(route).routeKey, inputs(route).authorizationType, inputs(route).authorizationScopes],
      ["ANY /{proxy+}", "JWT", ["https://partners.dev.example.com/api"]],
    );
    const integration = single(resources, "aws:apigatewayv2/integration:Integration");
    assert.deepStrictEqual(
      [inputs(integration).connectionType, inputs(integration).integrationUri, inputs(integration).tlsConfig],
      ["VPC_LINK", "arn:internal-listener", { serverNameToVerify: "internal.dev.example.com" }],
    );
    const stage = single(resources, "aws:apigatewayv2/stage:Stage");
    const settings = inputs(stage).defaultRouteSettings as Record<string, number>;
    assert.deepStrictEqual([settings.throttlingRateLimit, settings.throttlingBurstLimit], [50, 100]);
    const logGroup = single(resources, "aws:cloudwatch/logGroup:LogGroup");
    assert.strictEqual(inputs(logGroup).kmsKeyId, KEY);
    assert.deepStrictEqual(propertyDeps(resources, stage, "accessLogSettings"), [logGroup]);
    const domain = single(resources, "aws:apigatewayv2/domainName:DomainName");
    assert.deepStrictEqual(inputs(domain).domainNameConfiguration, {
      certificateArn: "arn:public-cert",
      endpointType: "REGIONAL",
      securityPolicy: "TLS_1_2",
    });
    const egress = single(resources, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule");
    assert.deepStrictEqual(
      [inputs(egress).referencedSecurityGroupId, inputs(egress).fromPort],
      ["sg-internal-alb", 443],
    );
    const ingress = single(resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    assert.strictEqual(inputs(ingress).securityGroupId, "sg-internal-alb");
  });
});

describe("Cluster", () => {
  it("turns on Container Insights and encrypted, logged ECS Exec, with Fargate and Spot capacity", async () => {
    const { resources } = await runComponent(
      () =>
        new Cluster("cluster", {
          kmsKeyArn: KEY,
          logRetentionDays: 14,
          fargateBaseTasks: 1,
          fargateSpotPercent: 50,
        }),
    );
    const cluster = single(resources, "aws:ecs/cluster:Cluster");
    assert.deepStrictEqual(inputs(cluster).settings, [{ name: "containerInsights", value: "enabled" }]);
    const exec = (inputs(cluster).configuration as { executeCommandConfiguration: Record<string, unknown> })
      .executeCommandConfiguration;
    const logGroup = single(resources, "aws:cloudwatch/logGroup:LogGroup");
    assert.deepStrictEqual(
      [
        exec.kmsKeyId,
        exec.logging,
        (exec.logConfiguration as Record<string, unknown>).cloudWatchEncryptionEnabled,
      ],
      [KEY, "OVERRIDE", true],
    );
    assert.deepStrictEqual(propertyDeps(resources, cluster, "configuration"), [logGroup]);
    assert.deepStrictEqual([inputs(logGroup).kmsKeyId, inputs(logGroup).retentionInDays], [KEY, 14]);
    const capacity = single(resources, "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders");
    assert.deepStrictEqual(inputs(capacity).capacityProviders, ["FARGATE", "FARGATE_SPOT"]);
    assert.deepStrictEqual(inputs(capacity).defaultCapacityProviderStrategies, [
      { capacityProvider: "FARGATE", base: 1, weight: 50 },
      { capacityProvider: "FARGATE_SPOT", base: 0, weight: 50 },
    ]);
  });
});
