import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Words Cognito does not allow in a hosted-UI domain prefix. */
export const COGNITO_RESERVED_WORDS = ["aws", "amazon", "cognito"] as const;

/**
 * The Cognito hosted-UI domain prefix of an environment, derived from its DNS domain (unique to the
 * owner): `dev.example.com` becomes `dev-example-com`. At most 63 characters.
 */
export function cognitoDomainPrefix(domain: string): string {
  return domain.replace(/\./g, "-").slice(0, 63).replace(/-+$/, "");
}

/** What is wrong with the prefix derived from `domain`, or undefined. */
export function cognitoDomainProblem(domain: string): string | undefined {
  const prefix = cognitoDomainPrefix(domain);
  const word = COGNITO_RESERVED_WORDS.find((w) => prefix.includes(w));
  return word === undefined
    ? undefined
    : `the Cognito domain prefix "${prefix}" derived from it contains "${word}", which Cognito reserves`;
}

/** The OIDC issuer of a user pool: what JWT verifiers (the gateway, API Gateway) trust. */
export function issuerUrl(region: string, userPoolId: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.interpolate`https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}

export interface IdentityArgs {
  region: string;
  /** DNS domain of the environment: the gateway's callback and logout URLs live under it. */
  domain: string;
  /** Create a resource server and a client-credentials client for the partner API. Default: false. */
  partnerApi?: boolean;
  /** Hostname of the partner API; the identifier of its resource server. Required with `partnerApi`. */
  partnerHostname?: string;
  /** Mark the user pool `protect` and turn on its deletion protection. Default: false. */
  protect?: boolean;
}

/**
 * Identity of an environment: a Cognito user pool (sign-in by email, administrators create users, strong
 * passwords, optional TOTP MFA), its hosted UI on a Cognito prefix domain, and an app client for the
 * gateway (authorization code flow with PKCE, no client secret, OIDC scopes). The gateway verifies the
 * pool's JWTs against the issuer's JWKS. With the partner API, a resource server with an `api` scope and a
 * client-credentials client for partners, whose tokens API Gateway's JWT authorizer checks.
 */
export class Identity extends pulumi.ComponentResource {
  readonly userPool: aws.cognito.UserPool;
  readonly userPoolId: pulumi.Output<string>;
  readonly userPoolArn: pulumi.Output<string>;
  readonly issuerUrl: pulumi.Output<string>;
  readonly jwksUrl: pulumi.Output<string>;
  readonly gatewayClientId: pulumi.Output<string>;
  /** Base URL of the hosted UI and the OAuth2 endpoints. */
  readonly authDomainUrl: string;
  readonly tokenUrl: string;
  readonly partnerClientId?: pulumi.Output<string>;
  /** Secret of the partner client (a Pulumi secret). */
  readonly partnerClientSecret?: pulumi.Output<string>;
  /** The scope partners request (`<identifier>/api`). */
  readonly partnerScope?: string;

  constructor(name: string, args: IdentityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:edge:Identity", name, {}, opts);
    const parent = { parent: this };
    const protect = args.protect ?? false;

    this.userPool = new aws.cognito.UserPool(
      `${name}-users`,
      {
        usernameAttributes: ["email"],
        autoVerifiedAttributes: ["email"],
        adminCreateUserConfig: { allowAdminCreateUserOnly: true },
        passwordPolicy: {
          minimumLength: 12,
          requireLowercase: true,
          requireUppercase: true,
          requireNumbers: true,
          requireSymbols: true,
          temporaryPasswordValidityDays: 3,
        },
        mfaConfiguration: "OPTIONAL",
        softwareTokenMfaConfiguration: { enabled: true },
        accountRecoverySetting: { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] },
        deletionProtection: protect ? "ACTIVE" : "INACTIVE",
      },
      { parent: this, protect },
    );
    this.userPoolId = this.userPool.id;
    this.userPoolArn = this.userPool.arn;
    this.issuerUrl = issuerUrl(args.region, this.userPool.id);
    this.jwksUrl = pulumi.interpolate`${this.issuerUrl}/.well-known/jwks.json`;

    const prefix = cognitoDomainPrefix(args.domain);
    new aws.cognito.UserPoolDomain(
      `${name}-domain`,
      { domain: prefix, userPoolId: this.userPool.id },
      parent,
    );
    this.authDomainUrl = `https://${prefix}.auth.${args.region}.amazoncognito.com`;
    this.tokenUrl = `${this.authDomainUrl}/oauth2/token`;

    const gatewayClient = new aws.cognito.UserPoolClient(
      `${name}-gateway-client`,
      {
        userPoolId: this.userPool.id,
        generateSecret: false,
        allowedOauthFlowsUserPoolClient: true,
        allowedOauthFlows: ["code"],
        allowedOauthScopes: ["openid", "email", "profile"],
        supportedIdentityProviders: ["COGNITO"],
        callbackUrls: [`https://${args.domain}/auth/callback`],
        logoutUrls: [`https://${args.domain}/`],
        explicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"],
        preventUserExistenceErrors: "ENABLED",
        enableTokenRevocation: true,
        accessTokenValidity: 60,
        idTokenValidity: 60,
        refreshTokenValidity: 30,
        tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "days" },
      },
      parent,
    );
    this.gatewayClientId = gatewayClient.id;

    if (args.partnerApi ?? false) {
      if (args.partnerHostname === undefined) {
        throw new Error("Identity: partnerApi needs partnerHostname");
      }
      const identifier = `https://${args.partnerHostname}`;
      const server = new aws.cognito.ResourceServer(
        `${name}-partner-api`,
        {
          userPoolId: this.userPool.id,
          identifier,
          name: "partner-api",
          scopes: [{ scopeName: "api", scopeDescription: "Call the partner API" }],
        },
        parent,
      );
      this.partnerScope = `${identifier}/api`;
      const partnerClient = new aws.cognito.UserPoolClient(
        `${name}-partner-client`,
        {
          userPoolId: this.userPool.id,
          generateSecret: true,
          allowedOauthFlowsUserPoolClient: true,
          allowedOauthFlows: ["client_credentials"],
          allowedOauthScopes: [this.partnerScope],
          supportedIdentityProviders: ["COGNITO"],
          preventUserExistenceErrors: "ENABLED",
          enableTokenRevocation: true,
          accessTokenValidity: 60,
          tokenValidityUnits: { accessToken: "minutes" },
        },
        // The scope exists only once the resource server does.
        { parent: this, dependsOn: [server] },
      );
      this.partnerClientId = partnerClient.id;
      this.partnerClientSecret = pulumi.secret(partnerClient.clientSecret);
    }

    this.registerOutputs({
      userPoolId: this.userPoolId,
      userPoolArn: this.userPoolArn,
      issuerUrl: this.issuerUrl,
      jwksUrl: this.jwksUrl,
      gatewayClientId: this.gatewayClientId,
      authDomainUrl: this.authDomainUrl,
      tokenUrl: this.tokenUrl,
      partnerClientId: this.partnerClientId,
      partnerClientSecret: this.partnerClientSecret,
      partnerScope: this.partnerScope,
    });
  }
}
