/**
 * The event recorder: writes every event it receives into a DynamoDB table, once, with an expiry. Rules
 * on the environment's bus invoke it directly or through an SQS queue, and schedules invoke it with a
 * "Scheduled Event" (a heartbeat: the latest one shows the pipeline is alive). The table is an audit trail
 * of what went over the bus: query `pk = <source>#<detail-type>` for a kind of event, newest first.
 *
 * Everything here is plain logic with the table behind {@link EventStore}; index.ts wires the AWS SDK.
 */

/** An event in EventBridge's shape. */
export interface EventEnvelope {
  id: string;
  source: string;
  "detail-type": string;
  time: string;
  account?: string;
  region?: string;
  resources?: string[];
  detail?: unknown;
}

/** One message of an SQS batch (the fields the recorder reads). */
export interface SqsRecord {
  messageId: string;
  body: string;
}

/** What Lambda hands an SQS-triggered function. */
export interface SqsBatch {
  Records: SqsRecord[];
}

/** Partial batch response: the messages to return to the queue. */
export interface BatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

/** A DynamoDB attribute value, in the low-level API's form (only the types the recorder writes). */
export type AttributeValue = { S: string } | { N: string };
export type Item = Record<string, AttributeValue>;

/** The table, as the recorder uses it. */
export interface EventStore {
  /** Writes the item unless one with the same key exists (EventBridge delivers at least once). */
  putIfAbsent(item: Item): Promise<"stored" | "duplicate">;
}

export interface RecorderConfig {
  tableName: string;
  /** Days a recorded event is kept before DynamoDB's TTL deletes it. */
  ttlDays: number;
}

/** Name of the variable that holds a granted table's physical name (the platform's convention). */
export function tableVariable(table: string): string {
  return `PLATFORM_TABLE_${table.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_NAME`;
}

export const DEFAULT_TTL_DAYS = 30;

/**
 * Reads the recorder's settings: `RECORD_TO_TABLE` (the table's name in the platform config, which the
 * function must be granted) and `RECORD_TTL_DAYS` (1..3650, default 30). Throws naming the variable.
 */
export function configFromEnvironment(env: Readonly<Record<string, string | undefined>>): RecorderConfig {
  const table = env.RECORD_TO_TABLE;
  if (table === undefined || table === "") {
    throw new Error("RECORD_TO_TABLE is not set: name the table (as in platform:tables) to record events to");
  }
  const variable = tableVariable(table);
  const tableName = env[variable];
  if (tableName === undefined || tableName === "") {
    throw new Error(
      `${variable} is not set: grant the function the table "${table}" (tables: [{name: ${table}, access: readWrite}])`,
    );
  }
  const ttlText = env.RECORD_TTL_DAYS;
  const ttlDays = ttlText === undefined || ttlText === "" ? DEFAULT_TTL_DAYS : Number(ttlText);
  if (!Number.isInteger(ttlDays) || ttlDays < 1 || ttlDays > 3650) {
    throw new Error(`RECORD_TTL_DAYS is ${JSON.stringify(ttlText)}: expected whole days, 1..3650`);
  }
  return { tableName, ttlDays };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** True for an object with the fields every EventBridge event has. */
export function isEventEnvelope(value: unknown): value is EventEnvelope {
  return (
    isObject(value) &&
    ["id", "source", "detail-type", "time"].every((k) => typeof value[k] === "string" && value[k] !== "")
  );
}

function isSqsBatch(value: unknown): value is SqsBatch {
  return isObject(value) && Array.isArray(value.Records);
}

/**
 * The item of an event: partition key `<source>#<detail-type>`, sort key `<time>#<id>` (newest last in a
 * query), the event's fields, when it was recorded, and `expiresAt` (epoch seconds) for the table's TTL.
 */
export function itemOf(event: EventEnvelope, ttlDays: number, now: Date): Item {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  return {
    pk: { S: `${event.source}#${event["detail-type"]}` },
    sk: { S: `${event.time}#${event.id}` },
    id: { S: event.id },
    source: { S: event.source },
    detailType: { S: event["detail-type"] },
    time: { S: event.time },
    account: { S: event.account ?? "" },
    region: { S: event.region ?? "" },
    resources: { S: JSON.stringify(event.resources ?? []) },
    detail: { S: JSON.stringify(event.detail ?? {}) },
    recordedAt: { S: now.toISOString() },
    expiresAt: { N: String(nowSeconds + ttlDays * 86400) },
  };
}

/** Records one event; a second delivery of the same event is a duplicate, not an error. */
export async function recordEvent(
  event: EventEnvelope,
  store: EventStore,
  config: RecorderConfig,
  now: Date,
): Promise<"stored" | "duplicate"> {
  return store.putIfAbsent(itemOf(event, config.ttlDays, now));
}

/**
 * Handles what Lambda hands the function: one event (from a rule or a schedule; a failure throws, so that
 * Lambda retries and then sends it to the failure queue), or an SQS batch of events (each message that
 * is not an event or fails to store is reported back, and only those return to the queue).
 */
export async function handle(
  input: unknown,
  store: EventStore,
  config: RecorderConfig,
  now: Date = new Date(),
): Promise<BatchResponse | { recorded: "stored" | "duplicate" }> {
  if (isSqsBatch(input)) {
    const batchItemFailures: { itemIdentifier: string }[] = [];
    for (const record of input.Records) {
      try {
        const body: unknown = JSON.parse(record.body);
        if (!isEventEnvelope(body)) {
          throw new TypeError("the message is not an EventBridge event");
        }
        await recordEvent(body, store, config, now);
      } catch {
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  }
  if (isEventEnvelope(input)) {
    return { recorded: await recordEvent(input, store, config, now) };
  }
  throw new TypeError("expected an EventBridge event or an SQS batch of them");
}

/** The parts of the AWS SDK's DynamoDB client the store uses. */
export interface DynamoSdk {
  DynamoDBClient: new (config: object) => { send(command: unknown): Promise<unknown> };
  PutItemCommand: new (input: { TableName: string; Item: Item; ConditionExpression: string }) => unknown;
}

/** The table through the AWS SDK: a conditional put, so that a redelivered event is not written twice. */
export function dynamoStore(sdk: DynamoSdk, tableName: string): EventStore {
  const client = new sdk.DynamoDBClient({});
  return {
    async putIfAbsent(item: Item): Promise<"stored" | "duplicate"> {
      try {
        await client.send(
          new sdk.PutItemCommand({
            TableName: tableName,
            Item: item,
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        );
        return "stored";
      } catch (e) {
        if (isObject(e) && e.name === "ConditionalCheckFailedException") {
          return "duplicate";
        }
        throw e;
      }
    },
  };
}
