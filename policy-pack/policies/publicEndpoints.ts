/**
 * No public endpoint except the declared edge: internet-facing load balancers only where the platform
 * declares its edge, each behind a WAF web ACL; OpenSearch only inside the VPC; an authorizer on every API
 * route; no function URL without authentication.
 *
 * The declared edge is keyed on the resource's URN, not on a tag or a name: the URN carries the Pulumi
 * project of the stack that deploys it and the type of the component that created it
 * (`urn:pulumi:<stack>::<project>::<component type>$aws:lb/loadBalancer:LoadBalancer::<name>`). Tags and
 * names are written by whoever writes the resource; the project is that of the stack being deployed,
 * which for an app team's program is the team's own project (and stacks of the platform's project are
 * deployed only through this repository's reviewed pipeline), so an app team cannot declare an edge of
 * its own by copying a tag, a name or even the component's type token.
 */
import {
  PolicyConfigSchema,
  PolicyResource,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";

import { withDefaults } from "./config";
import { dependenciesOf, isTrue, label, onlyFor, read, show, UNKNOWN } from "./util";

const LOAD_BALANCERS = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];
const WAF_ASSOCIATION = "aws:wafv2/webAclAssociation:WebAclAssociation";

/**
 * The platform's declared internet entry points for load balancers, as `<project>::<component type>`: the
 * public ALB of components/edge/publicAlb.ts in the platform program. (CloudFront's static site and the
 * partner API are entry points by their type and are judged by their own policies.)
 */
export const DEFAULT_EDGE_COMPONENTS = ["platform::platform:edge:PublicLoadBalancer"];

interface EdgeConfig {
  edgeComponents: string[];
}

const edgeSchema: PolicyConfigSchema = {
  properties: {
    edgeComponents: {
      type: "array",
      items: { type: "string" },
      default: DEFAULT_EDGE_COMPONENTS,
      description:
        "The components whose load balancers may face the internet, as <project>::<component type> (the " +
        "project and the parent component type of the load balancer's URN).",
    },
  },
};

/** `<project>::<parent component type>` of a URN (empty parent when the resource has none). */
export function edgeKeyOf(urn: string): string {
  const parts = urn.split("::");
  const project = parts[1] ?? "";
  const chain = (parts[2] ?? "").split("$");
  return `${project}::${chain.length >= 2 ? chain[chain.length - 2] : ""}`;
}

/** True when a load balancer faces the internet (`internal` unset means internet-facing). */
export function internetFacing(lb: { props: unknown }): boolean {
  const internal = read(lb.props, "internal");
  return internal !== UNKNOWN && !isTrue(internal);
}

export const loadBalancerEdgeOnly: StackValidationPolicy = {
  name: "load-balancer-edge-only",
  description:
    "Load balancers are internal except the platform's declared edge (the public ALB of the platform " +
    "program, named in this policy's config by project and component type): set internal = true, and " +
    "reach services from the internet through the public ALB or the partner API.",
  enforcementLevel: "mandatory",
  configSchema: edgeSchema,
  validateStack: (args, reportViolation) => {
    const config = withDefaults<EdgeConfig>(
      { edgeComponents: DEFAULT_EDGE_COMPONENTS },
      args.getConfig<EdgeConfig>(),
    );
    for (const lb of args.resources.filter((r) => LOAD_BALANCERS.includes(r.type) && internetFacing(r))) {
      if (!config.edgeComponents.includes(edgeKeyOf(lb.urn))) {
        reportViolation(
          `${label(lb)} is internet-facing but is not the platform's declared edge (${edgeKeyOf(lb.urn)} is not ` +
            `one of ${config.edgeComponents.join(", ")}): set internal = true`,
          lb.urn,
        );
      }
    }
  },
};

export const internetFacingLbHasWaf: StackValidationPolicy = {
  name: "internet-facing-lb-has-waf",
  description:
    "Every internet-facing load balancer is an Application Load Balancer with a WAF web ACL associated " +
    "(aws.wafv2.WebAclAssociation whose resourceArn is the load balancer's ARN); a network or gateway load " +
    "balancer cannot carry WAF and must stay internal.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const protectedLbs = new Set(
      args.resources
        .filter((r) => r.type === WAF_ASSOCIATION)
        .filter(
          (a) => dependenciesOf(a, "webAclArn").length > 0 || typeof read(a.props, "webAclArn") === "string",
        )
        .flatMap((a) => dependenciesOf(a, "resourceArn").map((d) => d.urn)),
    );
    for (const lb of args.resources.filter((r) => LOAD_BALANCERS.includes(r.type) && internetFacing(r))) {
      const kind = read(lb.props, "loadBalancerType") ?? "application";
      if (kind !== "application" && kind !== UNKNOWN) {
        reportViolation(
          `${label(lb)} is an internet-facing ${show(kind)} load balancer, which WAF cannot protect: make it internal`,
          lb.urn,
        );
      } else if (!protectedLbs.has(lb.urn)) {
        reportViolation(
          `${label(lb)} is internet-facing with no WAF web ACL associated (aws.wafv2.WebAclAssociation)`,
          lb.urn,
        );
      }
    }
  },
};

export const opensearchInVpc: ResourceValidationPolicy = {
  name: "opensearch-in-vpc",
  description:
    "OpenSearch domains must be reachable only inside the VPC: set vpcOptions with the data subnets and a " +
    "security group (a domain without vpcOptions has a public endpoint).",
  enforcementLevel: "mandatory",
  validateResource: onlyFor("aws:opensearch/domain:Domain", (args, reportViolation) => {
    const subnets = read(args.props, "vpcOptions", "subnetIds");
    if (subnets === UNKNOWN) {
      return;
    }
    if (!Array.isArray(subnets) || subnets.length === 0) {
      reportViolation(
        `${label(args)} has a public endpoint: set vpcOptions.subnetIds (and securityGroupIds) to place it in the VPC`,
      );
    }
  }),
};

const V2_ROUTE = "aws:apigatewayv2/route:Route";
const V2_API = "aws:apigatewayv2/api:Api";
const REST_METHOD = "aws:apigateway/method:Method";

function apiOf(route: PolicyResource): PolicyResource | undefined {
  return dependenciesOf(route, "apiId").find((d) => d.type === V2_API);
}

export const apiRoutesAuthorized: StackValidationPolicy = {
  name: "api-routes-authorized",
  description:
    "Every API Gateway route has an authorizer: authorizationType JWT, AWS_IAM or CUSTOM on HTTP API routes " +
    "(and on a WebSocket API's $connect), authorization other than NONE on REST API methods, and no " +
    "quick-create HTTP API (target on the API itself), whose default route has none.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    for (const r of args.resources) {
      if (r.type === V2_ROUTE) {
        const api = apiOf(r);
        if (
          api &&
          read(api.props, "protocolType") === "WEBSOCKET" &&
          read(r.props, "routeKey") !== "$connect"
        ) {
          continue; // a WebSocket API authorizes once, on $connect
        }
        const type = read(r.props, "authorizationType");
        if (type === undefined || type === "NONE") {
          reportViolation(
            `${label(r)} (${show(read(r.props, "routeKey"))}) has no authorizer (authorizationType = ${show(type)}): ` +
              `use JWT, AWS_IAM or CUSTOM`,
            r.urn,
          );
        }
      } else if (r.type === REST_METHOD) {
        const type = read(r.props, "authorization");
        if (type === "NONE") {
          reportViolation(
            `${label(r)} (${show(read(r.props, "httpMethod"))}) has no authorizer (authorization = NONE)`,
            r.urn,
          );
        }
      } else if (r.type === V2_API && read(r.props, "target") !== undefined) {
        reportViolation(
          `${label(r)} is a quick-create API (target is set), whose default route has no authorizer: ` +
            `create its routes with an authorizer instead`,
          r.urn,
        );
      }
    }
  },
};

export const lambdaUrlRequiresAuth: ResourceValidationPolicy = {
  name: "lambda-url-requires-auth",
  description:
    "Lambda function URLs must require IAM authentication (authorizationType AWS_IAM): a URL with NONE lets " +
    "anyone on the internet invoke the function. Put public HTTP behind the public ALB or an API route with an authorizer.",
  enforcementLevel: "mandatory",
  validateResource: onlyFor("aws:lambda/functionUrl:FunctionUrl", (args, reportViolation) => {
    const type = read(args.props, "authorizationType");
    if (type !== "AWS_IAM" && type !== UNKNOWN) {
      reportViolation(
        `${label(args)} is a public function URL (authorizationType = ${show(type)}): set AWS_IAM`,
      );
    }
  }),
};
