/**
 * What dev leaves out to stay at or under $300 a month modeled, as the config that turns each part back
 * on (docs/cost.md shows the same YAML; a test checks it does). Tests that judge these parts in a
 * dev-tier stack plan dev with them; stage and prod run them as they are.
 */
import * as yaml from "js-yaml";

import { StackConfig, validateStackConfig } from "../../stacks/config";
import { organizationOutputs, Plan, planStack, rawConfigOf } from "../../tools/engine/plan";
import { readStackFiles, StackFiles } from "../../tools/engine/stackFiles";
import { stackPlan } from "./graph";

export type DevPart = "atlas" | "kafka" | "events";

/** The parts dev leaves out, in the order docs/cost.md lists them. */
export const DEV_LEFT_OUT: readonly DevPart[] = ["atlas", "kafka", "events"];

/** Each part's `config:` entries of Pulumi.dev.yaml, as docs/cost.md prints them. */
export const DEV_PART_YAML: Readonly<Record<DevPart, string>> = {
  atlas: `platform:mongodbEnabled: true
platform:mongodbAtlasOrgId: 5f1a2b3c4d5e6f7a8b9c0d1e
platform:mongodbAtlasCidr: 192.168.240.0/21
`,
  kafka: `platform:kafkaProvider: msk
platform:kafkaTopics:
  - name: orders
  - name: payments
    partitions: 3
  - name: customer-profiles
    cleanupPolicy: compact
    retentionHours: -1
platform:kafkaClients:
  - name: orders
    read: [payments]
    write: [orders]
  - name: payments
    read: [orders]
    write: [payments]
  - name: notifications
    read: [orders, payments, customer-profiles]
`,
  events: `platform:tables:
  - name: carts
    attributes: { cartId: S, customerId: S, updatedAt: N }
    hashKey: cartId
    indexes:
      - name: by-customer
        hashKey: customerId
        rangeKey: updatedAt
    ttlAttribute: expiresAt
  - name: event-log
    attributes: { pk: S, sk: S }
    hashKey: pk
    rangeKey: sk
    ttlAttribute: expiresAt
platform:eventRules:
  - name: payment-events
    pattern: '{"source": ["acme.payments"], "detail-type": ["PaymentSucceeded", "PaymentFailed"]}'
    targets:
      - queue: orders/payment-events
  - name: audit-trail
    description: Every order and payment event, into the event log
    pattern: '{"source": ["acme.orders", "acme.payments"]}'
    targets:
      - function: event-recorder
platform:functions:
  - name: event-recorder
    description: Records events into the event-log table
    bundled: event-recorder
    memory: 256
    timeout: 30
    environment:
      RECORD_TO_TABLE: event-log
      RECORD_TTL_DAYS: "30"
    tables:
      - name: event-log
        access: readWrite
    schedules:
      - name: heartbeat
        expression: rate(15 minutes)
`,
};

/** What the events part adds to the orders service's entry of `platform:services` (docs/cost.md). */
export const ORDERS_EVENTS_YAML = `queues:
  - name: payment-events # fed by the payment-events rule on the bus
tables:
  - name: carts
    access: readWrite
`;

interface ServiceEntry {
  name: string;
  queues?: unknown[];
  tables?: unknown[];
}

/** dev's stack files with the given parts turned back on, as docs/cost.md says to. */
export function devFilesWith(parts: readonly DevPart[] = DEV_LEFT_OUT): StackFiles {
  const files = readStackFiles("dev");
  const config = { ...files.config };
  for (const part of parts) {
    const entries = yaml.load(DEV_PART_YAML[part]) as Record<string, unknown>;
    for (const [key, value] of Object.entries(entries)) {
      config[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
  }
  if (parts.includes("events")) {
    const orders = yaml.load(ORDERS_EVENTS_YAML) as Required<Pick<ServiceEntry, "queues" | "tables">>;
    const services = (JSON.parse(config["platform:services"]) as ServiceEntry[]).map((s) =>
      s.name === "orders"
        ? { ...s, queues: [...(s.queues ?? []), ...orders.queues], tables: orders.tables }
        : s,
    );
    config["platform:services"] = JSON.stringify(services);
  }
  return { ...files, config };
}

const plans = new Map<string, Promise<Plan>>();

/** The plan of dev with the given parts back on (cached per parts and mode, like `stackPlan`). */
export function devPlanWith(
  parts: readonly DevPart[] = DEV_LEFT_OUT,
  mode: "preview" | "up" = "preview",
): Promise<Plan> {
  const key = `${parts.join("+")}:${mode}`;
  let plan = plans.get(key);
  if (!plan) {
    plan = planStack("dev", { files: devFilesWith(parts), up: mode === "up" });
    plans.set(key, plan);
  }
  return plan;
}

/** The validated config of dev with the given parts back on. */
export async function devConfigWith(parts: readonly DevPart[] = DEV_LEFT_OUT): Promise<StackConfig> {
  const { outputs } = await organizationOutputs();
  const result = validateStackConfig({ ...rawConfigOf(devFilesWith(parts)), organization: outputs });
  if (!result.ok) {
    throw new Error(JSON.stringify(result.problems));
  }
  return result.config;
}

/**
 * A real stack's plan for the tests that judge the left-out parts in every tier: dev's with every part
 * back on, stage's and prod's as they are.
 */
export function planWithParts(stack: string, mode: "preview" | "up" = "preview"): Promise<Plan> {
  return stack === "dev" ? devPlanWith(DEV_LEFT_OUT, mode) : stackPlan(stack, mode);
}
