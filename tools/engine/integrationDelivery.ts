/**
 * Wirings where an AWS service delivers for the account: EventBridge rule targets (topic, queue, function,
 * bus through a role) and their dead-letter queues, alarm actions to topics, the event bus's and archive's
 * encryption, and the service roles' trust (the service assumes the role with the keys it sends).
 */
import {
  Hop,
  Integration,
  IntegrationFinding,
  regionOf,
  resourceHop,
  serviceSource,
} from "./integrationModel";
import { RecordedResource } from "./mockEngine";
import { PlanView } from "./planView";

const EB_SNS =
  "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions";
const EB_SQS =
  "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sqs-permissions";
const EB_LAMBDA =
  "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-lambda-permissions";
const EB_ROLE =
  "https://docs.aws.amazon.com/eventbridge/latest/userguide/cross-service-confused-deputy-prevention.html";
const EB_DLQ = "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html";
const EB_BUS_KEY = "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-encryption-key-policy.html";
const EB_ARCHIVE_KEY = "https://docs.aws.amazon.com/eventbridge/latest/userguide/encryption-archives.html";
/**
 * A service that publishes to an encrypted topic or sends to an encrypted queue (EventBridge, CloudWatch)
 * calls KMS as its service principal, and those calls carry no aws:SourceAccount or aws:SourceArn: the key
 * policy must let the principal use the key without them.
 */
const SNS_KEY =
  "https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services";
const SQS_KEY =
  "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-troubleshooting.html#eb-sqs-encrypted";
const ALARM_SNS =
  "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html";

/**
 * The condition keys each service sends when it assumes a role (documented per service; a service not
 * listed is assumed to send none, so a trust condition on them would never hold).
 */
export const TRUST_CONTEXT: Record<string, { sends: boolean; doc: string }> = {
  "ecs-tasks.amazonaws.com": {
    sends: true,
    doc: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html",
  },
  "scheduler.amazonaws.com": {
    sends: true,
    doc: "https://docs.aws.amazon.com/scheduler/latest/UserGuide/cross-service-confused-deputy-prevention.html",
  },
  "events.amazonaws.com": { sends: true, doc: EB_ROLE },
  "config.amazonaws.com": {
    sends: true,
    doc: "https://docs.aws.amazon.com/config/latest/developerguide/cross-service-confused-deputy-prevention.html",
  },
  "vpc-flow-logs.amazonaws.com": {
    sends: true,
    doc: "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html",
  },
  "monitoring.rds.amazonaws.com": {
    sends: true,
    doc: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Monitoring.OS.Enabling.html",
  },
  "lambda.amazonaws.com": {
    sends: false,
    doc: "https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html",
  },
  // AWS Backup's role documentation trusts backup.amazonaws.com without a condition and documents no
  // source key for it.
  "backup.amazonaws.com": {
    sends: false,
    doc: "https://docs.aws.amazon.com/aws-backup/latest/devguide/iam-service-roles.html",
  },
  "cloudtrail.amazonaws.com": {
    sends: false,
    doc: "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html",
  },
};

/** Publishing to a topic or sending to a queue as a service principal, then using the topic's or queue's key. */
function deliveryHops(
  view: PlanView,
  service: string,
  target: RecordedResource,
  sourceArn: string,
  docs: { deliver: string },
): Hop[] {
  const action = target.type === "aws:sns/topic:Topic" ? "sns:Publish" : "sqs:SendMessage";
  const hops = [
    resourceHop(view, service, action, target, serviceSource(view.account, sourceArn), docs.deliver),
  ];
  const key = view.keyOf(target);
  if (key) {
    const doc = target.type === "aws:sns/topic:Topic" ? SNS_KEY : SQS_KEY;
    for (const kms of ["kms:GenerateDataKey", "kms:Decrypt"]) {
      hops.push(resourceHop(view, service, kms, key, {}, doc));
    }
  }
  return hops;
}

const QUEUE_DEPTH = "ApproximateNumberOfMessagesVisible";

/** Whether a queue has an alarm on messages in it that notifies someone. */
export function alarmedQueue(view: PlanView, queue: RecordedResource): boolean {
  const name = view.state(queue).name;
  return view.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").some((a) => {
    const dims = view.input(a, "dimensions") as Record<string, unknown> | undefined;
    const actions = view.input(a, "alarmActions");
    return (
      view.input(a, "metricName") === QUEUE_DEPTH &&
      dims?.QueueName === name &&
      Array.isArray(actions) &&
      actions.length > 0
    );
  });
}

export function ruleTargets(view: PlanView): { integrations: Integration[]; findings: IntegrationFinding[] } {
  const integrations: Integration[] = [];
  const findings: IntegrationFinding[] = [];
  for (const t of view.ofType("aws:cloudwatch/eventTarget:EventTarget")) {
    const rule = view.dep(t, "rule", "aws:cloudwatch/eventRule:EventRule");
    if (!rule) {
      continue;
    }
    const ruleArn = view.arn(rule);
    const from = view.label(rule);
    const arn = view.str(t, "arn") ?? "";
    const target = view.byArn(arn);
    const to = target ? view.label(target) : arn;
    const hops: Hop[] = [];
    if (target?.type === "aws:sns/topic:Topic") {
      hops.push(...deliveryHops(view, "events.amazonaws.com", target, ruleArn, { deliver: EB_SNS }));
    } else if (target?.type === "aws:sqs/queue:Queue") {
      hops.push(...deliveryHops(view, "events.amazonaws.com", target, ruleArn, { deliver: EB_SQS }));
    } else if (target?.type === "aws:lambda/function:Function") {
      hops.push(
        resourceHop(
          view,
          "events.amazonaws.com",
          "lambda:InvokeFunction",
          target,
          serviceSource(view.account, ruleArn),
          EB_LAMBDA,
        ),
      );
    } else if (arn.includes(":event-bus/")) {
      const role = view.named(t, "roleArn", "aws:iam/role:Role");
      if (role) {
        hops.push(
          resourceHop(
            view,
            "events.amazonaws.com",
            "sts:AssumeRole",
            role,
            serviceSource(view.account, ruleArn),
            EB_ROLE,
          ),
          {
            label: `${view.label(role)} events:PutEvents on ${arn}`,
            request: {
              principal: view.arn(role),
              action: "events:PutEvents",
              resource: arn,
              resourceAccount: view.account,
              context: { "aws:PrincipalArn": view.arn(role), "aws:RequestedRegion": regionOf(arn) },
              identity: view.identityPolicies(role),
              boundary: view.boundary(role),
              scps: view.scps,
            },
            doc: "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-region.html",
          },
        );
      }
    }
    const dlqArn = (view.input(t, "deadLetterConfig") as { arn?: string } | undefined)?.arn;
    const dlq = view.byArn(dlqArn);
    if (dlq) {
      hops.push(...deliveryHops(view, "events.amazonaws.com", dlq, ruleArn, { deliver: EB_DLQ }));
      if (!alarmedQueue(view, dlq)) {
        findings.push({
          kind: "loud-failure",
          from,
          to,
          what: `dead-letter queue ${view.label(dlq)}`,
          problem: `no alarm on ${QUEUE_DEPTH} of the dead-letter queue notifies anyone`,
          doc: EB_DLQ,
        });
      }
    } else {
      findings.push({
        kind: "loud-failure",
        from,
        to,
        what: `target ${view.label(t)}`,
        problem:
          "no dead-letter queue: an event EventBridge cannot deliver is dropped, seen only as FailedInvocations",
        doc: EB_DLQ,
      });
    }
    integrations.push({ kind: "rule-target", from, to, hops });
  }
  return { integrations, findings };
}

export function alarmActions(view: PlanView): Integration[] {
  return view.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").flatMap((alarm) => {
    const actions = [view.input(alarm, "alarmActions"), view.input(alarm, "okActions")].flatMap((a) =>
      Array.isArray(a) ? (a as string[]) : [],
    );
    return [...new Set(actions)].flatMap((arn) => {
      const topic = view.byArn(arn);
      if (!topic || topic.type !== "aws:sns/topic:Topic") {
        return [];
      }
      return [
        {
          kind: "alarm-action",
          from: view.label(alarm),
          to: view.label(topic),
          hops: deliveryHops(view, "cloudwatch.amazonaws.com", topic, view.arn(alarm), {
            deliver: ALARM_SNS,
          }),
        },
      ];
    });
  });
}

/** EventBridge encrypts the bus's events and the archive's with the key, in the bus's encryption context. */
export function eventEncryption(view: PlanView): Integration[] {
  const out: Integration[] = [];
  for (const bus of view.ofType("aws:cloudwatch/eventBus:EventBus")) {
    const key = view.keyOf(bus);
    const busArn = view.arn(bus);
    if (key) {
      const context = {
        ...serviceSource(view.account, busArn),
        "kms:EncryptionContext:aws:events:event-bus:arn": busArn,
      };
      out.push({
        kind: "bus-encryption",
        from: view.label(bus),
        to: view.label(key),
        hops: ["kms:DescribeKey", "kms:GenerateDataKey", "kms:Decrypt"].map((a) =>
          resourceHop(
            view,
            "events.amazonaws.com",
            a,
            key,
            a === "kms:DescribeKey" ? serviceSource(view.account, busArn) : context,
            EB_BUS_KEY,
          ),
        ),
      });
    }
    const dlqArn = (view.input(bus, "deadLetterConfig") as { arn?: string } | undefined)?.arn;
    const dlq = view.byArn(dlqArn);
    if (dlq) {
      out.push({
        kind: "bus-dead-letters",
        from: view.label(bus),
        to: view.label(dlq),
        hops: deliveryHops(view, "events.amazonaws.com", dlq, busArn, { deliver: EB_DLQ }),
      });
    }
  }
  for (const archive of view.ofType("aws:cloudwatch/eventArchive:EventArchive")) {
    const key = view.keyOf(archive);
    const busArn = view.str(archive, "eventSourceArn") ?? "";
    if (key) {
      // The archive's page documents only the encryption context for these calls.
      const context = { "kms:EncryptionContext:aws:events:event-bus:arn": busArn };
      out.push({
        kind: "archive-encryption",
        from: view.label(archive),
        to: view.label(key),
        hops: ["kms:GenerateDataKey", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo"].map((a) =>
          resourceHop(view, "events.amazonaws.com", a, key, context, EB_ARCHIVE_KEY),
        ),
      });
    }
  }
  return out;
}

/** Each role an AWS service assumes: the service, with the keys it sends, against the trust policy. */
export function serviceTrust(view: PlanView): Integration[] {
  return view.ofType("aws:iam/role:Role").flatMap((role) => {
    const trust = view.json(role, "assumeRolePolicy");
    const services = new Set<string>();
    for (const s of (trust?.Statement ?? []) as { Principal?: { Service?: string | string[] } }[]) {
      const p = s.Principal?.Service;
      (Array.isArray(p) ? p : p ? [p] : []).forEach((x) => services.add(x));
    }
    return [...services].map((service) => {
      const known = TRUST_CONTEXT[service];
      const context = known?.sends
        ? serviceSource(
            view.account,
            `arn:aws:${service.split(".")[0]}:${view.region}:${view.account}:example`,
          )
        : {};
      return {
        kind: "service-role-trust",
        from: service,
        to: view.label(role),
        hops: [
          resourceHop(
            view,
            service,
            "sts:AssumeRole",
            role,
            context,
            known?.doc ??
              "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceaccount",
          ),
        ],
      };
    });
  });
}
