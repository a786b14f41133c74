/** Edge: DNS, certificates, CloudFront, WAF, the partner API and identity. */
import { CatalogEntry, inputOr, WAITER } from "./entry";
import { PRICES } from "./prices";

export const EDGE: readonly CatalogEntry[] = [
  {
    type: "aws:acm/certificate:Certificate",
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
    unruled: "waits for DNS validation",
    creation: { seconds: 120, source: "DNS validation: record propagation and ACM's check" },
  },
  {
    type: "aws:apigatewayv2/api:Api",
    unruled: "the partner API; its domain's TLS and its VPC link are judged",
  },
  {
    type: "aws:apigatewayv2/apiMapping:ApiMapping",
    unruled: "maps a judged domain to an API",
  },
  {
    type: "aws:apigatewayv2/authorizer:Authorizer",
    unruled: "JWT authorizer (tested by the component)",
  },
  {
    type: "aws:apigatewayv2/domainName:DomainName",
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
    unruled: "routes to the internal ALB through a judged VPC link",
  },
  {
    type: "aws:apigatewayv2/route:Route",
    unruled: "a route with an authorizer (tested by the component)",
  },
  {
    type: "aws:apigatewayv2/stage:Stage",
    unruled: "throttling and access logs (tested by the component)",
  },
  {
    type: "aws:apigatewayv2/vpcLink:VpcLink",
    policies: ["only-edge-in-public-subnets"],
    creation: { seconds: 120, source: `${WAITER}; VPC links take about 2 minutes` },
  },
  {
    type: "aws:cloudfront/distribution:Distribution",
    policies: ["cloudfront-https-only"],
    creation: { seconds: 300, source: "the provider waits for status Deployed, 3-5 minutes" },
    usage: { quantity: "100 GB to viewers ($0.085/GB) and 1 M requests", monthlyUsd: 9.5 },
    outputs: ({ physical, account }) => ({
      domainName: `${physical}.cloudfront.net`,
      hostedZoneId: "Z2FDTNDATAQYW2",
      arn: `arn:aws:cloudfront::${account}:distribution/${physical}`,
    }),
  },
  {
    type: "aws:cloudfront/originAccessControl:OriginAccessControl",
    unruled: "signs CloudFront's requests to its origin",
  },
  {
    type: "aws:cognito/resourceServer:ResourceServer",
    unruled: "OAuth scopes of the partner API",
  },
  {
    type: "aws:cognito/userPool:UserPool",
    unruled: "identity; its settings are tested by the component",
  },
  {
    type: "aws:cognito/userPoolClient:UserPoolClient",
    unruled: "identity; its settings are tested by the component",
    outputs: ({ physical, inputs }) =>
      inputs.generateSecret === true ? { clientSecret: `${physical}-secret` } : {},
  },
  {
    type: "aws:cognito/userPoolDomain:UserPoolDomain",
    unruled: "the hosted sign-in domain (HTTPS only, by AWS)",
  },
  {
    type: "aws:route53/record:Record",
    unruled: "a DNS name; the load balancers and distributions it points at are judged",
    creation: { seconds: 45, source: "the provider waits for INSYNC" },
    outputs: ({ inputs }) => ({ fqdn: inputs.name }),
  },
  {
    type: "aws:route53/zone:Zone",
    unruled: "a DNS zone; holds no data",
    creation: { seconds: 45, source: "the provider waits for INSYNC" },
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
    unruled: "attaches a protective control",
    creation: { seconds: 30, source: "retried until the load balancer accepts it" },
  },
  {
    type: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
    unruled: "logging of a protective control, to a log group that is judged",
  },
];
