/** Edge: DNS, certificates, CloudFront, WAF, the partner API and identity. */
import { none, security } from "../rules";
import { CatalogEntry, inputOr, WAITER } from "./entry";
import { PRICES } from "./prices";
import { aws, awsGlobal, EVERY_INPUT } from "./replacement";

export const EDGE: readonly CatalogEntry[] = [
  {
    type: "aws:acm/certificate:Certificate",
    unexposed: "a certificate; the endpoints presenting it are judged",
    replaceOn: aws("acm_certificate", [
      "certificateAuthorityArn",
      "domainName",
      "keyAlgorithm",
      "subjectAlternativeNames",
      "validationMethod",
      "validationOptions",
    ]),
    api: none("a domain name, validated by the DNS zone it belongs to"),
    unruled: "a certificate; the listeners and distributions using it are judged",
    outputs: ({ physical, inputs }) => ({
      domainValidationOptions: [
        {
          domainName: inputs.domainName,
          resourceRecordName: `_${physical}.${String(inputs.domainName)}.`,
          resourceRecordType: "CNAME",
          resourceRecordValue: `_${physical}.acm-validations.aws.`,
        },
      ],
    }),
  },
  {
    type: "aws:acm/certificateValidation:CertificateValidation",
    unexposed: "waits for DNS validation; creates nothing reachable",
    replaceOn: aws("acm_certificate_validation", [EVERY_INPUT]),
    api: none("no cloud resource: waits for validation"),
    unruled: "waits for DNS validation",
    // ACM retries validation for up to 72 hours; the provider waits up to 75 minutes. Reported: usually a
    // few minutes after the record is INSYNC, at times over half an hour.
    // https://docs.aws.amazon.com/acm/latest/userguide/dns-validation.html
    // https://github.com/hashicorp/terraform-provider-aws/issues/9338
    // https://github.com/aws/aws-cdk/issues/2914 (5 minutes was too short a wait)
    creation: {
      p50: 300,
      p90: 1800,
      source: "DNS validation: ACM's check after the record propagates, usually minutes, at times 30+",
    },
  },
  {
    type: "aws:apigatewayv2/api:Api",
    replaceOn: aws("apigatewayv2_api", ["protocolType"]),
    api: none("API Gateway v2 names: up to 128 characters of any kind; ids and keys are typed"),
    policies: ["api-routes-authorized"],
  },
  {
    type: "aws:apigatewayv2/apiMapping:ApiMapping",
    unexposed: "maps a domain to an API whose routes are judged",
    replaceOn: aws("apigatewayv2_api_mapping", ["domainName"]),
    api: none("API Gateway v2 names: up to 128 characters of any kind; ids and keys are typed"),
    unruled: "maps a judged domain to an API",
  },
  {
    type: "aws:apigatewayv2/authorizer:Authorizer",
    unexposed: "the authorizer that api-routes-authorized requires",
    replaceOn: aws("apigatewayv2_authorizer", ["apiId"]),
    api: none("API Gateway v2 names: up to 128 characters of any kind; ids and keys are typed"),
    unruled: "JWT authorizer (tested by the component)",
  },
  {
    type: "aws:apigatewayv2/domainName:DomainName",
    unexposed: "a name for an API whose routes are judged (api-routes-authorized)",
    replaceOn: aws("apigatewayv2_domain_name", ["domainName"]),
    api: none("API Gateway v2 names: up to 128 characters of any kind; ids and keys are typed"),
    policies: ["api-domain-tls12"],
    outputs: (c) => ({
      id: inputOr(c, "domainName"),
      domainNameConfiguration: {
        ...(c.inputs.domainNameConfiguration as Record<string, unknown>),
        targetDomainName: `d-${c.physical}.execute-api.${c.region}.amazonaws.com`,
        hostedZoneId: "ZAPIGWEXAMPLE1",
      },
    }),
  },
  {
    type: "aws:apigatewayv2/integration:Integration",
    unexposed: "a backend of a route that is judged; reached only through that route",
    replaceOn: aws("apigatewayv2_integration", ["apiId", "integrationType"]),
    api: none("API Gateway v2 names: up to 128 characters of any kind; ids and keys are typed"),
    unruled: "routes to the internal ALB through a judged VPC link",
  },
  {
    type: "aws:apigatewayv2/route:Route",
    replaceOn: aws("apigatewayv2_route", ["apiId"]),
    api: none("API Gateway v2 names: up to 128 characters of any kind; ids and keys are typed"),
    policies: ["api-routes-authorized"],
  },
  {
    type: "aws:apigatewayv2/stage:Stage",
    unexposed: "throttling and logs of an API whose routes are judged",
    replaceOn: aws("apigatewayv2_stage", ["apiId", "name"]),
    api: none("API Gateway v2 names: up to 128 characters of any kind; ids and keys are typed"),
    unruled: "throttling and access logs (tested by the component)",
  },
  {
    type: "aws:apigatewayv2/vpcLink:VpcLink",
    replaceOn: aws("apigatewayv2_vpc_link", ["securityGroupIds", "subnetIds"]),
    api: none("API Gateway v2 names: up to 128 characters of any kind; ids and keys are typed"),
    policies: ["only-edge-in-public-subnets"],
    creation: { p50: 120, p90: 300, source: `${WAITER}; VPC links take about 2 minutes, up to 5` },
  },
  {
    type: "aws:cloudfront/distribution:Distribution",
    unexposed:
      "a declared edge by type (the static site): it serves a bucket through origin access control only, the bucket's policy is judged",
    replaceOn: awsGlobal("cloudfront_distribution", []),
    api: none("CloudFront names up to 64 characters, comments up to 128: built from the base name"),
    policies: ["cloudfront-https-only"],
    // The provider waits for status Deployed: commonly 10-15 minutes, 20-35 with custom origins.
    // https://github.com/hashicorp/terraform-provider-aws/issues/47652
    // https://github.com/aws/aws-cli/issues/3865
    creation: {
      p50: 600,
      p90: 1200,
      source: "the provider waits for status Deployed: commonly 10-15 minutes, at times 20+",
    },
    usage: { quantity: "100 GB to viewers ($0.085/GB) and 1 M requests", monthlyUsd: 9.5 },
    outputs: ({ physical, account }) => ({
      domainName: `${physical}.cloudfront.net`,
      hostedZoneId: "Z2FDTNDATAQYW2",
      arn: `arn:aws:cloudfront::${account}:distribution/${physical}`,
    }),
  },
  {
    type: "aws:cloudfront/originAccessControl:OriginAccessControl",
    unexposed: "signs CloudFront's requests to its origin; grants nothing",
    replaceOn: awsGlobal("cloudfront_origin_access_control", []),
    api: none("CloudFront names up to 64 characters, comments up to 128: built from the base name"),
    unruled: "signs CloudFront's requests to its origin",
  },
  {
    type: "aws:cognito/resourceServer:ResourceServer",
    unexposed: "OAuth scopes; grants nothing by itself",
    replaceOn: aws("cognito_resource_server", ["identifier", "userPoolId"]),
    api: security.RESOURCE_SERVER,
    unruled: "OAuth scopes of the partner API",
  },
  {
    type: "aws:cognito/userPool:UserPool",
    unexposed: "an identity provider: sign-in is its purpose; it holds no resource policy",
    replaceOn: aws(
      "cognito_user_pool",
      ["aliasAttributes", "usernameAttributes", "usernameConfiguration"],
      "a schema attribute can be added in place; changing or removing one replaces the pool (decided at diff time)",
    ),
    stateful: "the users",
    api: security.USER_POOL,
    unruled: "identity; its settings are tested by the component",
  },
  {
    type: "aws:cognito/userPoolClient:UserPoolClient",
    unexposed: "an OAuth client (client credentials); grants only the scopes of a judged API",
    replaceOn: aws("cognito_user_pool_client", ["generateSecret", "userPoolId"]),
    api: security.USER_POOL_CLIENT,
    unruled: "identity; its settings are tested by the component",
    outputs: ({ physical, inputs }) =>
      inputs.generateSecret === true ? { clientSecret: `${physical}-secret` } : {},
  },
  {
    type: "aws:cognito/userPoolDomain:UserPoolDomain",
    unexposed: "the hosted sign-in endpoint, HTTPS only and authenticated by design",
    replaceOn: aws("cognito_user_pool_domain", ["domain", "userPoolId"]),
    api: security.USER_POOL_DOMAIN,
    unruled: "the hosted sign-in domain (HTTPS only, by AWS)",
  },
  {
    type: "aws:route53/record:Record",
    unexposed: "a DNS name; the endpoints it points at are judged",
    replaceOn: awsGlobal(
      "route53_record",
      ["name", "setIdentifier", "zoneId"],
      "a change of type is made in place, as a delete and create in one change batch",
    ),
    api: none("DNS names, built from config keys that check them as DNS labels"),
    unruled: "a DNS name; the load balancers and distributions it points at are judged",
    creation: { p50: 45, p90: 90, source: "the provider waits for INSYNC (Route 53: usually within 60 s)" },
    outputs: ({ inputs }) => ({ fqdn: inputs.name }),
  },
  {
    type: "aws:route53/zone:Zone",
    unexposed: "a DNS zone; holds no data",
    replaceOn: awsGlobal("route53_zone", ["delegationSetId", "name"]),
    stateful: "the zone's records, and for a public zone the name servers its parent delegates to",
    api: none("DNS names, built from config keys that check them as DNS labels"),
    unruled: "a DNS zone; holds no data",
    creation: { p50: 45, p90: 90, source: "the provider waits for INSYNC (Route 53: usually within 60 s)" },
    outputs: ({ physical }) => ({
      zoneId: `Z${physical
        .replace(/[^a-z0-9]/g, "")
        .toUpperCase()
        .slice(-12)}`,
      nameServers: ["ns-1.example.net"],
    }),
    price: () => ({ usd: PRICES.monthly.hostedZone, basis: "hosted zone" }),
  },
  {
    type: "aws:wafv2/webAcl:WebAcl",
    unexposed: "a protective control; internet-facing-lb-has-waf checks it is associated",
    replaceOn: aws("wafv2_web_acl", ["name", "namePrefix", "scope"]),
    uniqueName: { property: "name", auto: true },
    api: security.WEB_ACL,
    unruled: "a protective control itself",
    usage: { quantity: "10 M requests ($0.60/M)", monthlyUsd: 6 },
    price: (r) => {
      const i = r.inputs;
      const rules = Array.isArray(i.rules) ? i.rules.length : 0;
      return {
        usd: PRICES.monthly.wafWebAcl + rules * PRICES.monthly.wafRule,
        basis: `web ACL with ${rules} rule(s)`,
      };
    },
  },
  {
    type: "aws:wafv2/webAclAssociation:WebAclAssociation",
    replaceOn: aws("wafv2_web_acl_association", [EVERY_INPUT]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    policies: ["internet-facing-lb-has-waf"],
    creation: { p50: 30, p90: 90, source: "retried until the load balancer accepts it" },
  },
  {
    type: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
    unexposed: "logs to a log group; grants nothing",
    replaceOn: aws("wafv2_web_acl_logging_configuration", ["resourceArn"]),
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "logging of a protective control, to a log group that is judged",
  },
];
