/** Edge: DNS, certificates, CloudFront, WAF, the partner API and identity. */
import { none, security } from "../rules";
import { CatalogEntry, inputOr, WAITER } from "./entry";
import { PRICES } from "./prices";

export const EDGE: readonly CatalogEntry[] = [
  {
    type: "aws:acm/certificate:Certificate",
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
    api: none("API Gateway v2 names: up to 128 characters of any kind; ids and keys are typed"),
    unruled: "the partner API; its domain's TLS and its VPC link are judged",
  },
  {
    type: "aws:apigatewayv2/apiMapping:ApiMapping",
    api: none("API Gateway v2 names: up to 128 characters of any kind; ids and keys are typed"),
    unruled: "maps a judged domain to an API",
  },
  {
    type: "aws:apigatewayv2/authorizer:Authorizer",
    api: none("API Gateway v2 names: up to 128 characters of any kind; ids and keys are typed"),
    unruled: "JWT authorizer (tested by the component)",
  },
  {
    type: "aws:apigatewayv2/domainName:DomainName",
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
    api: none("API Gateway v2 names: up to 128 characters of any kind; ids and keys are typed"),
    unruled: "routes to the internal ALB through a judged VPC link",
  },
  {
    type: "aws:apigatewayv2/route:Route",
    api: none("API Gateway v2 names: up to 128 characters of any kind; ids and keys are typed"),
    unruled: "a route with an authorizer (tested by the component)",
  },
  {
    type: "aws:apigatewayv2/stage:Stage",
    api: none("API Gateway v2 names: up to 128 characters of any kind; ids and keys are typed"),
    unruled: "throttling and access logs (tested by the component)",
  },
  {
    type: "aws:apigatewayv2/vpcLink:VpcLink",
    api: none("API Gateway v2 names: up to 128 characters of any kind; ids and keys are typed"),
    policies: ["only-edge-in-public-subnets"],
    creation: { p50: 120, p90: 300, source: `${WAITER}; VPC links take about 2 minutes, up to 5` },
  },
  {
    type: "aws:cloudfront/distribution:Distribution",
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
    api: none("CloudFront names up to 64 characters, comments up to 128: built from the base name"),
    unruled: "signs CloudFront's requests to its origin",
  },
  {
    type: "aws:cognito/resourceServer:ResourceServer",
    api: security.RESOURCE_SERVER,
    unruled: "OAuth scopes of the partner API",
  },
  {
    type: "aws:cognito/userPool:UserPool",
    api: security.USER_POOL,
    unruled: "identity; its settings are tested by the component",
  },
  {
    type: "aws:cognito/userPoolClient:UserPoolClient",
    api: security.USER_POOL_CLIENT,
    unruled: "identity; its settings are tested by the component",
    outputs: ({ physical, inputs }) =>
      inputs.generateSecret === true ? { clientSecret: `${physical}-secret` } : {},
  },
  {
    type: "aws:cognito/userPoolDomain:UserPoolDomain",
    api: security.USER_POOL_DOMAIN,
    unruled: "the hosted sign-in domain (HTTPS only, by AWS)",
  },
  {
    type: "aws:route53/record:Record",
    api: none("DNS names, built from config keys that check them as DNS labels"),
    unruled: "a DNS name; the load balancers and distributions it points at are judged",
    creation: { p50: 45, p90: 90, source: "the provider waits for INSYNC (Route 53: usually within 60 s)" },
    outputs: ({ inputs }) => ({ fqdn: inputs.name }),
  },
  {
    type: "aws:route53/zone:Zone",
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
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "attaches a protective control",
    creation: { p50: 30, p90: 90, source: "retried until the load balancer accepts it" },
  },
  {
    type: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
    api: none("an association of resources that exist: no name, description or tags of its own"),
    unruled: "logging of a protective control, to a log group that is judged",
  },
];
