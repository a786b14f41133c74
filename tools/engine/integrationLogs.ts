/**
 * Wirings where an AWS service writes the account's logs: the trail to its bucket, key and log group, load
 * balancer and S3 server access logs to their bucket, WAF, OpenSearch and CloudFront logs to their log
 * groups, VPC flow logs through their role, and CloudWatch Logs to each log group's key. Each is the
 * request the service's principal makes, with the condition keys its page says it sends, judged by the
 * resource's own policy (bucket policy, key policy, the Region's log resource policies, the trust policy).
 */
import { ELB_LOG_DELIVERY_SERVICE } from "../../components/edge/accessLogs";
import { NamedPolicy } from "./iamEvaluator";
import { rolePrincipal, roleRequest } from "./integrationGrants";
import {
  Hop,
  Integration,
  noPolicy,
  regionOf,
  resourceHop,
  serviceHop,
  serviceSource,
} from "./integrationModel";
import { ELB_LOG_ACCOUNTS } from "./invokes";
import { RecordedResource } from "./mockEngine";
import { PlanView } from "./planView";

const TRAIL_BUCKET =
  "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html";
/** CloudTrail sends aws:SourceArn (the trail) and aws:SourceAccount, and the trail in the encryption context. */
const TRAIL_KEY =
  "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html";
/** CloudWatch Logs uses a log group's key as logs.<region>, with the log group in the encryption context. */
const LOGS_KEY = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html";
/** Vended logs (WAF, CloudFront v2) arrive as delivery.logs.amazonaws.com with aws:SourceAccount and aws:SourceArn. */
const LOG_DELIVERY =
  "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-V2-CloudWatchLogs.html";
const WAF_LOGS = "https://docs.aws.amazon.com/waf/latest/developerguide/logging-cw-logs.html";
const ALB_LOGS =
  "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html";
const S3_ACCESS_LOGS =
  "https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html#grant-log-delivery-permissions-general";
const FLOW_LOGS = "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html";
/** OpenSearch publishes its logs as es.amazonaws.com with aws:SourceAccount and aws:SourceArn (the domain). */
const SEARCH_LOGS =
  "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/createdomain-configure-slow-logs.html";
/** CloudTrail assumes the trail's log role (no source keys documented) and writes the log group with it. */
const TRAIL_LOGS =
  "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html";

export const BUCKET = "aws:s3/bucket:Bucket";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

const bucketNamed = (view: PlanView, name: string | undefined): RecordedResource | undefined =>
  name === undefined ? undefined : view.byArn(`arn:aws:s3:::${name}`);

/**
 * A log group's resource policy: CloudWatch Logs' resource policies are the account's, per Region; every
 * one of the log group's Region applies to it.
 */
function logGroupPolicy(view: PlanView, logGroup: RecordedResource): NamedPolicy {
  const region = regionOf(view.arn(logGroup));
  const policies = view
    .ofType("aws:cloudwatch/logResourcePolicy:LogResourcePolicy")
    .filter((p) => (view.str(p, "region") ?? view.region) === region);
  return {
    name:
      policies.length === 0
        ? `no log resource policy in ${region}`
        : `log resource policies of ${region} (${policies.map((p) => p.name).join(", ")})`,
    document: { Statement: policies.flatMap((p) => view.json(p, "policyDocument")?.Statement ?? []) },
  };
}

/** CloudTrail writes to its bucket and encrypts with its key. */
export function trailDelivery(view: PlanView): Integration[] {
  const out: Integration[] = [];
  for (const trail of view.ofType("aws:cloudtrail/trail:Trail")) {
    const trailArn = view.arn(trail);
    const context = serviceSource(view.account, trailArn);
    const bucket =
      view.dep(trail, "s3BucketName", BUCKET) ?? bucketNamed(view, view.str(trail, "s3BucketName"));
    if (bucket) {
      const bucketArn = view.arn(bucket);
      const prefix = view.str(trail, "s3KeyPrefix");
      const object = `${bucketArn}/${prefix ? `${prefix}/` : ""}AWSLogs/${view.account}/CloudTrail/${view.region}/trail.json.gz`;
      const policy = view.resourcePolicy(bucket);
      out.push({
        kind: "trail-delivery",
        from: view.label(trail),
        to: view.label(bucket),
        hops: [
          serviceHop(
            view.account,
            "cloudtrail.amazonaws.com",
            "s3:GetBucketAcl",
            bucketArn,
            view.label(bucket),
            policy,
            context,
            TRAIL_BUCKET,
          ),
          serviceHop(
            view.account,
            "cloudtrail.amazonaws.com",
            "s3:PutObject",
            object,
            `${view.label(bucket)} AWSLogs/${view.account}/`,
            policy,
            { ...context, "s3:x-amz-acl": "bucket-owner-full-control" },
            TRAIL_BUCKET,
          ),
        ],
      });
    }
    const logRole = view.named(trail, "cloudWatchLogsRoleArn", "aws:iam/role:Role");
    const logGroup = view.byArn(view.str(trail, "cloudWatchLogsGroupArn")?.replace(/:\*$/, ""));
    if (logRole && logGroup?.type === LOG_GROUP) {
      const who = rolePrincipal(view, logRole);
      const stream = `${view.arn(logGroup)}:log-stream:${view.account}_CloudTrail_${view.region}`;
      out.push({
        kind: "trail-logs",
        from: view.label(trail),
        to: view.label(logGroup),
        hops: [
          {
            label: `cloudtrail.amazonaws.com sts:AssumeRole on ${view.label(logRole)}`,
            request: {
              principal: "cloudtrail.amazonaws.com",
              action: "sts:AssumeRole",
              resource: view.arn(logRole),
              resourceAccount: view.account,
              context: {},
              resourcePolicy: view.resourcePolicy(logRole) ?? noPolicy(view.label(logRole)),
            },
            doc: TRAIL_LOGS,
          },
          ...["logs:CreateLogStream", "logs:PutLogEvents"].map((a) => ({
            label: `${who.label} ${a} on ${view.label(logGroup)}`,
            request: roleRequest(view, who, a, stream),
            doc: TRAIL_LOGS,
          })),
        ],
      });
    }
    const key = view.byArn(view.str(trail, "kmsKeyId"));
    if (key) {
      const encrypt = { ...context, "kms:EncryptionContext:aws:cloudtrail:arn": trailArn };
      out.push({
        kind: "trail-encryption",
        from: view.label(trail),
        to: view.label(key),
        hops: [
          resourceHop(view, "cloudtrail.amazonaws.com", "kms:GenerateDataKey", key, encrypt, TRAIL_KEY),
          resourceHop(view, "cloudtrail.amazonaws.com", "kms:DescribeKey", key, context, TRAIL_KEY),
        ],
      });
    }
  }
  return out;
}

/** CloudWatch Logs encrypts and decrypts each encrypted log group's events with its key. */
export function logGroupEncryption(view: PlanView): Integration[] {
  return view.ofType(LOG_GROUP).flatMap((logGroup) => {
    const key = view.byArn(view.str(logGroup, "kmsKeyId"));
    if (!key) {
      return [];
    }
    const arn = view.arn(logGroup);
    const service = `logs.${regionOf(arn)}.amazonaws.com`;
    const context = { "kms:EncryptionContext:aws:logs:arn": arn };
    return [
      {
        kind: "log-encryption",
        from: view.label(logGroup),
        to: view.label(key),
        hops: ["kms:GenerateDataKey", "kms:Decrypt"].map((a) =>
          resourceHop(view, service, a, key, context, LOGS_KEY),
        ),
      },
    ];
  });
}

/** The log delivery service writes a stream of the log group, as the Region's log resource policies allow. */
function deliveryHops(view: PlanView, logGroup: RecordedResource, source: string, doc: string): Hop[] {
  const arn = view.arn(logGroup);
  // The pages' policies match aws:SourceArn as arn:aws:logs:<region>:<account>:* (a delivery source).
  const context = {
    ...serviceSource(view.account, `arn:aws:logs:${regionOf(arn)}:${view.account}:delivery-source:${source}`),
  };
  const policy = logGroupPolicy(view, logGroup);
  return ["logs:CreateLogStream", "logs:PutLogEvents"].map((a) =>
    serviceHop(
      view.account,
      "delivery.logs.amazonaws.com",
      a,
      `${arn}:log-stream:delivery`,
      view.label(logGroup),
      policy,
      context,
      doc,
    ),
  );
}

/** WAF logging, OpenSearch's logs and CloudFront's standard logging (v2) to their log groups. */
export function logDeliveries(view: PlanView): Integration[] {
  const out: Integration[] = [];
  for (const config of view.ofType("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration")) {
    const acl = view.byArn(view.str(config, "resourceArn"));
    const destinations = (view.input(config, "logDestinationConfigs") ?? []) as string[];
    for (const logGroup of destinations.map((d) => view.byArn(d)).filter((g) => g?.type === LOG_GROUP)) {
      out.push({
        kind: "log-delivery",
        from: acl ? view.label(acl) : view.label(config),
        to: view.label(logGroup!),
        hops: deliveryHops(view, logGroup!, config.name, WAF_LOGS),
      });
    }
  }
  for (const domain of view.ofType("aws:opensearch/domain:Domain")) {
    const options = (view.input(domain, "logPublishingOptions") ?? []) as {
      cloudwatchLogGroupArn?: string;
      enabled?: boolean;
    }[];
    for (const option of options.filter((o) => o.enabled !== false)) {
      const logGroup = view.byArn(option.cloudwatchLogGroupArn);
      if (logGroup?.type !== LOG_GROUP) {
        continue;
      }
      const context = serviceSource(view.account, view.arn(domain));
      out.push({
        kind: "log-delivery",
        from: view.label(domain),
        to: view.label(logGroup),
        hops: ["logs:CreateLogStream", "logs:PutLogEvents"].map((a) =>
          serviceHop(
            view.account,
            "es.amazonaws.com",
            a,
            `${view.arn(logGroup)}:log-stream:search`,
            view.label(logGroup),
            logGroupPolicy(view, logGroup),
            context,
            SEARCH_LOGS,
          ),
        ),
      });
    }
  }
  for (const delivery of view.ofType("aws:cloudwatch/logDelivery:LogDelivery")) {
    const sourceName = view.str(delivery, "deliverySourceName");
    const source = view
      .ofType("aws:cloudwatch/logDeliverySource:LogDeliverySource")
      .find((s) => view.str(s, "name") === sourceName);
    const destination = view.named(
      delivery,
      "deliveryDestinationArn",
      "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination",
    );
    const config = destination
      ? (view.input(destination, "deliveryDestinationConfiguration") as
          { destinationResourceArn?: string } | undefined)
      : undefined;
    const logGroup = view.byArn(config?.destinationResourceArn);
    if (logGroup?.type !== LOG_GROUP) {
      continue;
    }
    const from = source ? view.byArn(view.str(source, "resourceArn")) : undefined;
    out.push({
      kind: "log-delivery",
      from: from ? view.label(from) : `delivery source ${sourceName}`,
      to: view.label(logGroup),
      hops: deliveryHops(view, logGroup, sourceName ?? delivery.name, LOG_DELIVERY),
    });
  }
  return out;
}

/** Load balancer access logs and S3 server access logs to their bucket. */
export function accessLogs(view: PlanView): Integration[] {
  const out: Integration[] = [];
  for (const lb of view.ofType("aws:lb/loadBalancer:LoadBalancer")) {
    const logs = view.input(lb, "accessLogs") as
      { bucket?: string; enabled?: boolean; prefix?: string } | undefined;
    const bucket = logs?.enabled ? bucketNamed(view, logs.bucket) : undefined;
    if (!bucket) {
      continue;
    }
    const region = regionOf(view.arn(lb)) || view.region;
    const elbAccount = ELB_LOG_ACCOUNTS[region];
    const object = `${view.arn(bucket)}/${logs?.prefix ? `${logs.prefix}/` : ""}AWSLogs/${view.account}/elasticloadbalancing/${region}/access.log.gz`;
    const on = `${view.label(bucket)} ${logs?.prefix ?? ""}/AWSLogs/${view.account}/`;
    const policy = view.resourcePolicy(bucket) ?? noPolicy(view.label(bucket));
    // The Region's ELB account is another account: what it may do on its side is AWS's; the bucket policy
    // is what the account decides.
    const hop: Hop = elbAccount
      ? {
          label: `ELB account ${elbAccount} s3:PutObject on ${on}`,
          request: {
            principal: `arn:aws:iam::${elbAccount}:root`,
            action: "s3:PutObject",
            resource: object,
            resourceAccount: view.account,
            context: {},
            identity: [
              {
                name: `Elastic Load Balancing's own account ${elbAccount}`,
                document: { Statement: [{ Effect: "Allow", Action: "s3:PutObject", Resource: "*" }] },
              },
            ],
            resourcePolicy: policy,
          },
          doc: ALB_LOGS,
        }
      : serviceHop(view.account, ELB_LOG_DELIVERY_SERVICE, "s3:PutObject", object, on, policy, {}, ALB_LOGS);
    out.push({ kind: "access-logs", from: view.label(lb), to: view.label(bucket), hops: [hop] });
  }
  for (const logging of view.ofType("aws:s3/bucketLogging:BucketLogging")) {
    const source = view.dep(logging, "bucket", BUCKET);
    const target = bucketNamed(view, view.str(logging, "targetBucket"));
    if (!source || !target) {
      continue;
    }
    const prefix = view.str(logging, "targetPrefix") ?? "";
    out.push({
      kind: "access-logs",
      from: view.label(source),
      to: view.label(target),
      hops: [
        serviceHop(
          view.account,
          "logging.s3.amazonaws.com",
          "s3:PutObject",
          `${view.arn(target)}/${prefix}access-log`,
          `${view.label(target)} ${prefix}`,
          view.resourcePolicy(target),
          serviceSource(view.account, view.arn(source)),
          S3_ACCESS_LOGS,
        ),
      ],
    });
  }
  return out;
}

/** VPC flow logs to a log group: the service assumes the flow log's role, which writes the log group. */
export function flowLogs(view: PlanView): Integration[] {
  const out: Integration[] = [];
  for (const flowLog of view.ofType("aws:ec2/flowLog:FlowLog")) {
    const role = view.named(flowLog, "iamRoleArn", "aws:iam/role:Role");
    const logGroup = view.named(flowLog, "logDestination", LOG_GROUP);
    if (!role || logGroup?.type !== LOG_GROUP) {
      continue;
    }
    const state = view.state(flowLog).id;
    const id = typeof state === "string" ? state : flowLog.name;
    const flowLogArn = `arn:aws:ec2:${view.region}:${view.account}:vpc-flow-log/${id}`;
    const who = rolePrincipal(view, role);
    const stream = `${view.arn(logGroup)}:log-stream:eni-flow`;
    out.push({
      kind: "flow-logs",
      from: view.label(flowLog),
      to: view.label(logGroup),
      hops: [
        {
          label: `vpc-flow-logs.amazonaws.com sts:AssumeRole on ${view.label(role)}`,
          request: {
            principal: "vpc-flow-logs.amazonaws.com",
            action: "sts:AssumeRole",
            resource: view.arn(role),
            resourceAccount: view.account,
            context: serviceSource(view.account, flowLogArn),
            resourcePolicy: view.resourcePolicy(role) ?? noPolicy(view.label(role)),
          },
          doc: FLOW_LOGS,
        },
        ...["logs:CreateLogStream", "logs:PutLogEvents"].map((a) => ({
          label: `${who.label} ${a} on ${view.label(logGroup)}`,
          request: roleRequest(view, who, a, stream),
          doc: FLOW_LOGS,
        })),
      ],
    });
  }
  return out;
}

/** Every log wiring. */
export function logWirings(view: PlanView): Integration[] {
  return [
    ...trailDelivery(view),
    ...logGroupEncryption(view),
    ...logDeliveries(view),
    ...accessLogs(view),
    ...flowLogs(view),
  ];
}
