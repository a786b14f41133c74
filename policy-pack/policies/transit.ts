/** Encryption in transit: TLS 1.2+ everywhere a client connects, HTTP only to redirect. */
import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

import { statementsOf } from "./documents";
import { dependenciesOf, isTrue, label, onlyFor, read, readArray, show, UNKNOWN } from "./util";

const LISTENERS = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"];
const LISTENER_RULES = ["aws:lb/listenerRule:ListenerRule", "aws:alb/listenerRule:ListenerRule"];

/** ELB security policies whose minimum is TLS 1.2 or 1.3. */
export const TLS12_POLICY = /^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)(-|$)/;

interface TlsConfig {
  allowedSslPolicies: string[];
}

export const httpsListenerTls12: ResourceValidationPolicy = {
  name: "https-listener-tls12",
  description:
    "HTTPS and TLS listeners must use a security policy with TLS 1.2 or later as the minimum, such as " +
    "ELBSecurityPolicy-TLS13-1-2-2021-06.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      allowedSslPolicies: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "Further security policies to accept (the TLS 1.2+ ELB policies are accepted by name).",
      },
    },
  },
  validateResource: (args, reportViolation) => {
    if (!LISTENERS.includes(args.type)) {
      args.notApplicable("only applies to load balancer listeners");
      return;
    }
    const protocol = read(args.props, "protocol");
    if (protocol !== "HTTPS" && protocol !== "TLS") {
      return;
    }
    const allowed = args.getConfig<TlsConfig>().allowedSslPolicies ?? [];
    const policy = read(args.props, "sslPolicy");
    if (policy === UNKNOWN) {
      return;
    }
    if (typeof policy !== "string" || !(TLS12_POLICY.test(policy) || allowed.includes(policy))) {
      reportViolation(
        `${label(args)} uses ${policy === undefined ? "the default security policy (TLS 1.0)" : `security policy ${show(policy)}`}; ` +
          `set sslPolicy to a TLS 1.2+ policy such as ELBSecurityPolicy-TLS13-1-2-2021-06`,
      );
    }
  },
};

function redirectsToHttps(actions: unknown[] | typeof UNKNOWN): boolean {
  return (
    actions !== UNKNOWN &&
    actions.length > 0 &&
    actions.every((a) => read(a, "type") === "redirect" && read(a, "redirect", "protocol") === "HTTPS")
  );
}

export const httpListenerRedirects: StackValidationPolicy = {
  name: "http-listener-redirects",
  description:
    "Plain HTTP listeners may only redirect to HTTPS: give them a single redirect action (protocol HTTPS, " +
    "status HTTP_301) and no rules that forward.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const httpListeners = new Set<string>();
    for (const l of args.resources.filter((r) => LISTENERS.includes(r.type))) {
      if (read(l.props, "protocol") !== "HTTP") {
        continue;
      }
      httpListeners.add(l.urn);
      if (!redirectsToHttps(readArray(l.props, "defaultActions"))) {
        reportViolation(`${label(l)} listens on HTTP and does more than redirect to HTTPS`, l.urn);
      }
    }
    for (const rule of args.resources.filter((r) => LISTENER_RULES.includes(r.type))) {
      const onHttp = dependenciesOf(rule, "listenerArn").some((l) => httpListeners.has(l.urn));
      if (onHttp && !redirectsToHttps(readArray(rule.props, "actions"))) {
        reportViolation(
          `${label(rule)} serves requests on an HTTP listener; only redirects to HTTPS are allowed there`,
          rule.urn,
        );
      }
    }
  },
};

const FORCE_SSL: Array<{ family: RegExp; parameter: string; values: string[] }> = [
  { family: /^(aurora-)?postgres/, parameter: "rds.force_ssl", values: ["1"] },
  { family: /^(aurora-)?mysql|^mariadb/, parameter: "require_secure_transport", values: ["1", "ON", "on"] },
];

function forcesSsl(group: PolicyResource): boolean {
  const family = read(group.props, "family");
  const rule = FORCE_SSL.find((f) => typeof family === "string" && f.family.test(family));
  if (!rule) {
    return true; // engines without such a parameter are not judged here
  }
  const parameters = readArray(group.props, "parameters");
  return (
    parameters !== UNKNOWN &&
    parameters.some((p) => read(p, "name") === rule.parameter && rule.values.includes(show(read(p, "value"))))
  );
}

export const rdsForceSsl: StackValidationPolicy = {
  name: "rds-force-ssl",
  description:
    "RDS databases must refuse unencrypted connections: give every Postgres instance or cluster a parameter " +
    "group with rds.force_ssl = 1 (MySQL/MariaDB: require_secure_transport = 1).",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const check = (db: PolicyResource, property: string, groupTypes: string[]): void => {
      const engine = read(db.props, "engine");
      if (typeof engine !== "string" || !/postgres|mysql|mariadb/.test(engine)) {
        return;
      }
      const groups = dependenciesOf(db, property).filter((g) => groupTypes.includes(g.type));
      if (groups.length === 0) {
        reportViolation(
          `${label(db)} uses ${read(db.props, property) === undefined ? "the default parameter group" : "a parameter group not defined here"}, ` +
            `which does not force SSL: attach one that sets ${engine.includes("postgres") ? "rds.force_ssl = 1" : "require_secure_transport = 1"}`,
          db.urn,
        );
      }
      for (const g of groups.filter((x) => !forcesSsl(x))) {
        reportViolation(`${label(db)} uses ${label(g)}, which does not force SSL`, db.urn);
      }
    };
    for (const r of args.resources) {
      if (r.type === "aws:rds/instance:Instance") {
        check(r, "parameterGroupName", ["aws:rds/parameterGroup:ParameterGroup"]);
      } else if (r.type === "aws:rds/cluster:Cluster") {
        check(r, "dbClusterParameterGroupName", ["aws:rds/clusterParameterGroup:ClusterParameterGroup"]);
      }
    }
  },
};

const BUCKETS = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";

export const s3BucketHasTlsPolicy: StackValidationPolicy = {
  name: "s3-bucket-has-tls-policy",
  description:
    "Every S3 bucket must have a bucket policy (which s3-bucket-policy-denies-http checks denies non-TLS " +
    "requests). Create buckets through the platform's SecureBucket component, which adds it.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const withPolicy = new Set(
      args.resources
        .filter((r) => r.type === BUCKET_POLICY)
        .flatMap((p) => dependenciesOf(p, "bucket").map((b) => b.urn)),
    );
    for (const bucket of args.resources.filter((r) => BUCKETS.includes(r.type))) {
      if (!withPolicy.has(bucket.urn)) {
        reportViolation(
          `${label(bucket)} has no bucket policy, so nothing denies requests without TLS`,
          bucket.urn,
        );
      }
    }
  },
};

interface PolicyStatement {
  Effect?: string;
  Principal?: unknown;
  Action?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

/** True when the statement denies every principal every S3 action over plain HTTP. */
export function deniesInsecureTransport(s: PolicyStatement): boolean {
  const actions = Array.isArray(s.Action) ? s.Action : [s.Action];
  const everyone = s.Principal === "*" || (s.Principal as { AWS?: unknown } | undefined)?.AWS === "*";
  const secure = s.Condition?.Bool?.["aws:SecureTransport"];
  return (
    s.Effect === "Deny" && everyone && actions.includes("s3:*") && (secure === false || secure === "false")
  );
}

export const s3BucketPolicyDeniesHttp: ResourceValidationPolicy = {
  name: "s3-bucket-policy-denies-http",
  description:
    "Bucket policies must deny requests that are not made over TLS: a Deny of s3:* for every principal " +
    'with the condition {"Bool": {"aws:SecureTransport": "false"}}.',
  enforcementLevel: "mandatory",
  validateResource: onlyFor(BUCKET_POLICY, (args, reportViolation) => {
    // Read without the analyzer's proxy: a document still unknown in a preview is judged by the update,
    // which runs the pack on the bucket policy, its document known, before creating it.
    const statements = statementsOf(read(args.props, "policy"));
    if (statements === UNKNOWN) {
      return;
    }
    const known = statements.map((s) => plain(s) as PolicyStatement);
    if (!known.some(deniesInsecureTransport)) {
      reportViolation(`${label(args)} does not deny requests without TLS (aws:SecureTransport = false)`);
    }
  }),
};

/** A known part of a document as a plain value (unknown leaves stay the UNKNOWN symbol). */
function plain(value: unknown): unknown {
  if (value === null || typeof value !== "object") {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((_, i) => plain(read(value, i)));
  }
  return Object.fromEntries(Object.keys(value).map((k) => [k, plain(read(value, k))]));
}

export const CLOUDFRONT_MINIMUM_PROTOCOLS = ["TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"];

export const cloudfrontHttpsOnly: ResourceValidationPolicy = {
  name: "cloudfront-https-only",
  description:
    "CloudFront distributions must serve viewers over HTTPS only (viewerProtocolPolicy https-only or " +
    "redirect-to-https on every cache behavior) with a certificate of their own and minimum protocol " +
    "TLSv1.2_2021 or later.",
  enforcementLevel: "mandatory",
  validateResource: onlyFor("aws:cloudfront/distribution:Distribution", (args, reportViolation) => {
    const behaviors: Array<[string, unknown]> = [
      ["defaultCacheBehavior", read(args.props, "defaultCacheBehavior")],
    ];
    const ordered = readArray(args.props, "orderedCacheBehaviors");
    (ordered === UNKNOWN ? [] : ordered).forEach((b, i) =>
      behaviors.push([`orderedCacheBehaviors[${i}]`, b]),
    );
    for (const [where, behavior] of behaviors) {
      const policy = read(behavior, "viewerProtocolPolicy");
      if (policy !== "https-only" && policy !== "redirect-to-https") {
        reportViolation(
          `${label(args)} lets viewers use HTTP (${where}.viewerProtocolPolicy = ${show(policy)})`,
        );
      }
    }
    if (isTrue(read(args.props, "viewerCertificate", "cloudfrontDefaultCertificate"))) {
      reportViolation(
        `${label(args)} uses the default CloudFront certificate, which allows TLS 1.0: use an ACM certificate`,
      );
    }
    const minimum = read(args.props, "viewerCertificate", "minimumProtocolVersion");
    if (!CLOUDFRONT_MINIMUM_PROTOCOLS.includes(show(minimum))) {
      reportViolation(
        `${label(args)} accepts viewers below TLS 1.2 (viewerCertificate.minimumProtocolVersion = ${show(minimum)}): set TLSv1.2_2021`,
      );
    }
  }),
};

export const opensearchHttps: ResourceValidationPolicy = {
  name: "opensearch-https",
  description:
    "OpenSearch domains must encrypt node-to-node traffic and enforce HTTPS with a TLS 1.2 minimum " +
    "(tlsSecurityPolicy Policy-Min-TLS-1-2-2019-07 or Policy-Min-TLS-1-2-PFS-2023-10).",
  enforcementLevel: "mandatory",
  validateResource: onlyFor("aws:opensearch/domain:Domain", (args, reportViolation) => {
    if (!isTrue(read(args.props, "nodeToNodeEncryption", "enabled"))) {
      reportViolation(`${label(args)} does not encrypt node-to-node traffic (nodeToNodeEncryption.enabled)`);
    }
    if (!isTrue(read(args.props, "domainEndpointOptions", "enforceHttps"))) {
      reportViolation(`${label(args)} does not enforce HTTPS (domainEndpointOptions.enforceHttps)`);
    }
    const tls = read(args.props, "domainEndpointOptions", "tlsSecurityPolicy");
    if (typeof tls !== "string" || !tls.startsWith("Policy-Min-TLS-1-2")) {
      reportViolation(
        `${label(args)} accepts TLS below 1.2 (domainEndpointOptions.tlsSecurityPolicy = ${show(tls)})`,
      );
    }
  }),
};

export const apiDomainTls12: ResourceValidationPolicy = {
  name: "api-domain-tls12",
  description:
    "API Gateway custom domain names must accept TLS 1.2 or later only: set domainNameConfiguration.securityPolicy to TLS_1_2.",
  enforcementLevel: "mandatory",
  validateResource: onlyFor("aws:apigatewayv2/domainName:DomainName", (args, reportViolation) => {
    const policy = read(args.props, "domainNameConfiguration", "securityPolicy");
    if (
      policy !== "TLS_1_2" &&
      policy !== UNKNOWN &&
      !(typeof policy === "string" && /^SecurityPolicy_TLS1[23]/.test(policy))
    ) {
      reportViolation(
        `${label(args)} accepts TLS below 1.2 (domainNameConfiguration.securityPolicy = ${show(policy)})`,
      );
    }
  }),
};
