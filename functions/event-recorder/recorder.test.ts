import * as assert from "assert";

import {
  configFromEnvironment,
  DynamoSdk,
  dynamoStore,
  EventEnvelope,
  EventStore,
  handle,
  Item,
  itemOf,
  RecorderConfig,
  tableVariable,
} from "./recorder";

const EVENT: EventEnvelope = {
  id: "7bf73129-1428-4cd3-a780-95db273d1602",
  source: "acme.orders",
  "detail-type": "OrderPlaced",
  time: "2026-03-01T12:00:00Z",
  account: "123456789012",
  region: "eu-west-1",
  resources: [],
  detail: { orderId: "o-1", total: 42 },
};
const NOW = new Date("2026-03-01T12:00:05.000Z");
const CONFIG: RecorderConfig = { tableName: "platform-dev-event-log", ttlDays: 30 };

/** A table in memory with DynamoDB's conditional put, and an optional failure for one partition key. */
class MemoryStore implements EventStore {
  readonly items = new Map<string, Item>();
  constructor(private readonly failFor?: string) {}
  putIfAbsent(item: Item): Promise<"stored" | "duplicate"> {
    const pk = (item.pk as { S: string }).S;
    if (pk === this.failFor) {
      return Promise.reject(new Error("ProvisionedThroughputExceededException"));
    }
    const key = `${pk}|${(item.sk as { S: string }).S}`;
    if (this.items.has(key)) {
      return Promise.resolve("duplicate");
    }
    this.items.set(key, item);
    return Promise.resolve("stored");
  }
}

const sqsBatch = (...bodies: string[]): unknown => ({
  Records: bodies.map((body, i) => ({ messageId: `m-${i}`, body, eventSource: "aws:sqs" })),
});

describe("event-recorder function", () => {
  describe("configFromEnvironment", () => {
    const env = {
      RECORD_TO_TABLE: "event-log",
      PLATFORM_TABLE_EVENT_LOG_NAME: "platform-dev-event-log",
    };

    it("finds the granted table through the platform's variable, with 30 days by default", () => {
      assert.deepStrictEqual(configFromEnvironment(env), {
        tableName: "platform-dev-event-log",
        ttlDays: 30,
      });
      assert.deepStrictEqual(configFromEnvironment({ ...env, RECORD_TTL_DAYS: "90" }).ttlDays, 90);
      assert.strictEqual(tableVariable("event-log"), "PLATFORM_TABLE_EVENT_LOG_NAME");
    });

    it("names the variable that is missing or wrong", () => {
      assert.throws(() => configFromEnvironment({}), /^Error: RECORD_TO_TABLE is not set/);
      assert.throws(
        () => configFromEnvironment({ RECORD_TO_TABLE: "audit" }),
        /^Error: PLATFORM_TABLE_AUDIT_NAME is not set: grant the function the table "audit"/,
      );
      assert.throws(
        () => configFromEnvironment({ ...env, RECORD_TTL_DAYS: "0" }),
        /^Error: RECORD_TTL_DAYS is "0": expected whole days, 1..3650$/,
      );
      assert.throws(() => configFromEnvironment({ ...env, RECORD_TTL_DAYS: "1.5" }), /RECORD_TTL_DAYS/);
    });
  });

  describe("itemOf", () => {
    it("keys an event by source and type, then time and id, and expires it after the TTL", () => {
      const item = itemOf(EVENT, 30, NOW);
      assert.deepStrictEqual(item.pk, { S: "acme.orders#OrderPlaced" });
      assert.deepStrictEqual(item.sk, { S: "2026-03-01T12:00:00Z#7bf73129-1428-4cd3-a780-95db273d1602" });
      assert.deepStrictEqual(item.detail, { S: '{"orderId":"o-1","total":42}' });
      assert.deepStrictEqual(item.recordedAt, { S: "2026-03-01T12:00:05.000Z" });
      const epoch = Date.parse("2026-03-01T12:00:05Z") / 1000;
      assert.deepStrictEqual(item.expiresAt, { N: String(epoch + 30 * 86400) });
    });

    it("records absent optional fields as empty values", () => {
      const bare: EventEnvelope = {
        id: "e-1",
        source: "acme.orders",
        "detail-type": "OrderPlaced",
        time: EVENT.time,
      };
      const item = itemOf(bare, 1, NOW);
      assert.deepStrictEqual(
        [item.account, item.region, item.resources, item.detail],
        [{ S: "" }, { S: "" }, { S: "[]" }, { S: "{}" }],
      );
    });
  });

  describe("handle", () => {
    it("records an event from a rule once, and a redelivery as a duplicate", async () => {
      const store = new MemoryStore();
      assert.deepStrictEqual(await handle(EVENT, store, CONFIG, NOW), { recorded: "stored" });
      assert.deepStrictEqual(await handle(EVENT, store, CONFIG, NOW), { recorded: "duplicate" });
      assert.strictEqual(store.items.size, 1);
    });

    it("throws on an event it cannot store, so that Lambda retries it and then dead-letters it", async () => {
      await assert.rejects(
        handle(EVENT, new MemoryStore("acme.orders#OrderPlaced"), CONFIG, NOW),
        /ProvisionedThroughputExceededException/,
      );
    });

    it("rejects input that is neither an event nor an SQS batch", async () => {
      await assert.rejects(
        handle({ hello: "world" }, new MemoryStore(), CONFIG, NOW),
        /^TypeError: expected an EventBridge event or an SQS batch of them$/,
      );
    });

    it("reports back only the messages of an SQS batch it could not record", async () => {
      const store = new MemoryStore("acme.payments#PaymentFailed");
      const failing = { ...EVENT, id: "p-1", source: "acme.payments", "detail-type": "PaymentFailed" };
      const response = await handle(
        sqsBatch(JSON.stringify(EVENT), "not json", JSON.stringify({ id: "x" }), JSON.stringify(failing)),
        store,
        CONFIG,
        NOW,
      );
      assert.deepStrictEqual(response, {
        batchItemFailures: [{ itemIdentifier: "m-1" }, { itemIdentifier: "m-2" }, { itemIdentifier: "m-3" }],
      });
      assert.deepStrictEqual([...store.items.keys()], [`acme.orders#OrderPlaced|${EVENT.time}#${EVENT.id}`]);
    });

    it("records a schedule's heartbeat, which has the shape of an EventBridge event", async () => {
      const store = new MemoryStore();
      const heartbeat = {
        version: "0",
        id: "exec-1",
        "detail-type": "Scheduled Event",
        source: "platform.scheduler",
        account: "123456789012",
        time: "2026-03-01T12:15:00Z",
        region: "eu-west-1",
        resources: ["arn:aws:scheduler:eu-west-1:123456789012:schedule/default/heartbeat"],
        detail: { schedule: "heartbeat" },
      };
      assert.deepStrictEqual(await handle(heartbeat, store, CONFIG, NOW), { recorded: "stored" });
      assert.ok(store.items.has("platform.scheduler#Scheduled Event|2026-03-01T12:15:00Z#exec-1"));
    });
  });

  describe("dynamoStore", () => {
    /** A stand-in for @aws-sdk/client-dynamodb that records the commands it is sent. */
    function fakeSdk(fail?: Error): { sdk: DynamoSdk; sent: unknown[] } {
      const sent: unknown[] = [];
      const sdk: DynamoSdk = {
        DynamoDBClient: class {
          send(command: unknown): Promise<unknown> {
            sent.push(command);
            return fail ? Promise.reject(fail) : Promise.resolve({});
          }
        },
        PutItemCommand: class {
          constructor(readonly input: unknown) {}
        },
      };
      return { sdk, sent };
    }

    it("puts the item only if its key is new", async () => {
      const { sdk, sent } = fakeSdk();
      const item = itemOf(EVENT, 30, NOW);
      assert.strictEqual(await dynamoStore(sdk, "platform-dev-event-log").putIfAbsent(item), "stored");
      assert.deepStrictEqual(
        sent.map((c) => (c as { input: unknown }).input),
        [
          {
            TableName: "platform-dev-event-log",
            Item: item,
            ConditionExpression: "attribute_not_exists(pk)",
          },
        ],
      );
    });

    it("turns a failed condition into a duplicate and passes other errors on", async () => {
      const conditional = Object.assign(new Error("The conditional request failed"), {
        name: "ConditionalCheckFailedException",
      });
      const item = itemOf(EVENT, 30, NOW);
      assert.strictEqual(await dynamoStore(fakeSdk(conditional).sdk, "t").putIfAbsent(item), "duplicate");
      await assert.rejects(
        dynamoStore(fakeSdk(new Error("AccessDeniedException")).sdk, "t").putIfAbsent(item),
        /AccessDeniedException/,
      );
    });
  });
});
