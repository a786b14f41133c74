import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { encryptedLogGroup } from "../shared/logGroup";
import { aliasRecord } from "./loadBalancer";

/** API Gateway's steady-state and burst limits: at most 10,000 requests per second and 5,000 burst per Region by default. */
export const MAX_RATE_LIMIT = 10000;
export const MAX_BURST_LIMIT = 5000;

/** One JSON line per request in the access log. */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: "$context.requestId",
  ip: "$context.identity.sourceIp",
  clientId: "$context.authorizer.claims.client_id",
  requestTime: "$context.requestTime",
  method: "$context.httpMethod",
  path: "$context.path",
  status: "$context.status",
  latency: "$context.responseLatency",
  integrationStatus: "$context.integrationStatus",
  integrationError: "$context.integrationErrorMessage",
  authorizerError: "$context.authorizer.error",
});

export interface PartnerApiArgs {
  vpcId: pulumi.Input<string>;
  /** Private subnets of the VPC link. */
  subnetIds: pulumi.Input<string>[];
  /** HTTPS listener of the internal ALB that every request is forwarded to. */
  internalListenerArn: pulumi.Input<string>;
  /** Security group of the internal ALB; this component admits its VPC link there. */
  internalSecurityGroupId: pulumi.Input<string>;
  /** Name on the internal ALB's certificate, verified by API Gateway. */
  internalHostname: string;
  /** OIDC issuer of the user pool. */
  issuerUrl: pulumi.Input<string>;
  /** Client id of the partners' client-credentials client: the accepted audience (`client_id` claim). */
  audience: pulumi.Input<string>;
  /** Scope every route requires. */
  scope: string;
  /** Steady-state requests per second across all partners. */
  rateLimit: number;
  /** Burst of requests across all partners. */
  burstLimit: number;
  /** Public name of the API (for example `partners.<domain>`), covered by `certificateArn`. */
  hostname: string;
  certificateArn: pulumi.Input<string>;
  /** Public hosted zone that gets the alias record of `hostname`. */
  zoneId: pulumi.Input<string>;
  /** The environment key (access log group). */
  kmsKeyArn: pulumi.Input<string>;
  logRetentionDays: number;
}

/**
 * An HTTP API for external partners on its own name (`partners.<domain>`, TLS 1.2): a JWT authorizer on
 * the environment's user pool (client-credentials tokens with the partner scope), throttling on the
 * default stage, access logs to a KMS-encrypted log group, and a VPC link that forwards every request to
 * the internal ALB over HTTPS. The default `execute-api` endpoint is disabled, so the custom name is the
 * only way in.
 */
export class PartnerApi extends pulumi.ComponentResource {
  readonly api: aws.apigatewayv2.Api;
  readonly apiId: pulumi.Output<string>;
  readonly url: string;
  readonly securityGroupId: pulumi.Output<string>;

  constructor(name: string, args: PartnerApiArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:edge:PartnerApi", name, {}, opts);
    const parent = { parent: this };
    if (
      args.rateLimit < 1 ||
      args.rateLimit > MAX_RATE_LIMIT ||
      args.burstLimit < 1 ||
      args.burstLimit > MAX_BURST_LIMIT
    ) {
      throw new Error(
        `partner API throttling: rate 1..${MAX_RATE_LIMIT} and burst 1..${MAX_BURST_LIMIT}; got ${args.rateLimit}/${args.burstLimit}`,
      );
    }

    const sg = new aws.ec2.SecurityGroup(
      `${name}-link-sg`,
      { vpcId: args.vpcId, description: "Partner API VPC link: HTTPS to the internal ALB only" },
      parent,
    );
    this.securityGroupId = sg.id;
    new aws.vpc.SecurityGroupEgressRule(
      `${name}-link-to-alb`,
      {
        securityGroupId: sg.id,
        referencedSecurityGroupId: args.internalSecurityGroupId,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        description: "HTTPS to the internal ALB",
      },
      parent,
    );
    new aws.vpc.SecurityGroupIngressRule(
      `${name}-alb-from-link`,
      {
        securityGroupId: args.internalSecurityGroupId,
        referencedSecurityGroupId: sg.id,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        description: "HTTPS from the partner API VPC link",
      },
      parent,
    );
    const link = new aws.apigatewayv2.VpcLink(
      `${name}-link`,
      { subnetIds: args.subnetIds, securityGroupIds: [sg.id] },
      parent,
    );

    this.api = new aws.apigatewayv2.Api(
      name,
      { protocolType: "HTTP", description: "Partner API", disableExecuteApiEndpoint: true },
      parent,
    );
    this.apiId = this.api.id;
    const authorizer = new aws.apigatewayv2.Authorizer(
      `${name}-jwt`,
      {
        apiId: this.api.id,
        authorizerType: "JWT",
        identitySources: ["$request.header.Authorization"],
        jwtConfiguration: { issuer: args.issuerUrl, audiences: [args.audience] },
      },
      parent,
    );
    const integration = new aws.apigatewayv2.Integration(
      `${name}-internal-alb`,
      {
        apiId: this.api.id,
        integrationType: "HTTP_PROXY",
        integrationMethod: "ANY",
        connectionType: "VPC_LINK",
        connectionId: link.id,
        integrationUri: args.internalListenerArn,
        payloadFormatVersion: "1.0",
        tlsConfig: { serverNameToVerify: args.internalHostname },
        timeoutMilliseconds: 29000,
      },
      parent,
    );
    new aws.apigatewayv2.Route(
      `${name}-proxy`,
      {
        apiId: this.api.id,
        routeKey: "ANY /{proxy+}",
        authorizationType: "JWT",
        authorizerId: authorizer.id,
        authorizationScopes: [args.scope],
        target: pulumi.interpolate`integrations/${integration.id}`,
      },
      parent,
    );
    const logGroup = encryptedLogGroup(
      `${name}-access-logs`,
      { retentionInDays: args.logRetentionDays, kmsKeyArn: args.kmsKeyArn },
      parent,
    );
    const stage = new aws.apigatewayv2.Stage(
      `${name}-stage`,
      {
        apiId: this.api.id,
        name: "$default",
        autoDeploy: true,
        defaultRouteSettings: {
          throttlingRateLimit: args.rateLimit,
          throttlingBurstLimit: args.burstLimit,
          detailedMetricsEnabled: true,
        },
        accessLogSettings: { destinationArn: logGroup.arn, format: ACCESS_LOG_FORMAT },
      },
      parent,
    );
    const domain = new aws.apigatewayv2.DomainName(
      `${name}-domain`,
      {
        domainName: args.hostname,
        domainNameConfiguration: {
          certificateArn: args.certificateArn,
          endpointType: "REGIONAL",
          securityPolicy: "TLS_1_2",
        },
      },
      parent,
    );
    new aws.apigatewayv2.ApiMapping(
      `${name}-mapping`,
      { apiId: this.api.id, domainName: domain.id, stage: stage.id },
      parent,
    );
    aliasRecord(this, name, args.zoneId, args.hostname, {
      name: domain.domainNameConfiguration.targetDomainName,
      zoneId: domain.domainNameConfiguration.hostedZoneId,
      evaluateTargetHealth: false,
    });
    this.url = `https://${args.hostname}`;

    this.registerOutputs({ apiId: this.apiId, url: this.url, securityGroupId: this.securityGroupId });
  }
}
