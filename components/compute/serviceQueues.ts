/** The queues of a service: its own, each with its dead-letter queue, fed by the rules that target it. */
import * as pulumi from "@pulumi/pulumi";

import { Queue, QueueSender } from "../messaging/queue";
import { AlarmThresholds } from "../shared/alarms";
import { RESERVED_ENV_PREFIX } from "../shared/naming";
import { ServiceArgs, ServiceScope } from "./serviceArgs";

/** Platform variable name of a queue's URL: `PLATFORM_QUEUE_<NAME>_URL`. */
export function queueUrlVariable(queue: string): string {
  return `${RESERVED_ENV_PREFIX}QUEUE_${queue.toUpperCase().replace(/-/g, "_")}_URL`;
}

/** EventBridge may send to a queue for the given rules only; none without rules. */
export function eventSenders(ruleArns: pulumi.Input<string>[] | undefined): QueueSender[] | undefined {
  return ruleArns === undefined || ruleArns.length === 0
    ? undefined
    : [{ service: "events.amazonaws.com", sourceArns: ruleArns }];
}

/** The service's queues by name, in the order of its spec. */
export function serviceQueues(
  scope: ServiceScope,
  inputs: Pick<ServiceArgs, "spec" | "kmsKeyArn" | "protect" | "events" | "alarmActions"> & {
    thresholds: AlarmThresholds;
  },
): Record<string, Queue> {
  const queues: Record<string, Queue> = {};
  for (const q of inputs.spec.queues) {
    queues[q.name] = new Queue(
      `${scope.name}-${q.name}`,
      {
        kmsKeyArn: inputs.kmsKeyArn,
        visibilityTimeoutSeconds: q.visibilityTimeoutSeconds,
        messageRetentionSeconds: q.retentionDays * 86400,
        maxReceiveCount: q.maxReceiveCount,
        protect: inputs.protect,
        // Rules on the environment's bus that deliver to this queue.
        senders: eventSenders(inputs.events?.queueEventRules[q.name]),
        alarmActions: inputs.alarmActions,
        alarmThresholds: inputs.thresholds,
      },
      { parent: scope.parent },
    );
  }
  return queues;
}
