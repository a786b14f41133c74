import * as assert from "assert";

import {
  DynamoTable,
  DynamoTableArgs,
  tableAccessStatements,
  tableArn,
  tableNameVariable,
} from "../../../components/data/dynamoTable";
import {
  resolveTable,
  TableConfig,
  tableGrantProblems,
  tableProblems,
} from "../../../components/data/tableSpec";
import { inputs, runComponent, single } from "../../helpers/graph";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/env";

const CARTS: TableConfig = {
  name: "carts",
  attributes: { cartId: "S", customerId: "S", updatedAt: "N" },
  hashKey: "cartId",
  indexes: [{ name: "by-customer", hashKey: "customerId", rangeKey: "updatedAt" }],
  ttlAttribute: "expiresAt",
};

function problems(tables: TableConfig[]): string[] {
  return tableProblems(tables).map((p) => `${p.at}: ${p.message}`);
}

describe("DynamoDB tables", () => {
  describe("tableProblems", () => {
    it("accepts keys and indexes on declared attributes", () => {
      assert.deepStrictEqual(problems([CARTS]), []);
    });

    it("rejects an index on an undeclared attribute, naming the index's key", () => {
      const table: TableConfig = {
        ...CARTS,
        indexes: [{ name: "by-status", hashKey: "status", rangeKey: "updatedAt" }],
      };
      assert.deepStrictEqual(problems([table]), [
        '[0].indexes[0].hashKey: table "carts": got "status", which is not declared in attributes ' +
          '(declared: "cartId", "customerId", "updatedAt"); declare it there with its type (S, N or B)',
        '[0].attributes.customerId: table "carts": is declared but no key of the table or of an index uses it; ' +
          "declare key attributes only (DynamoDB stores other attributes without a schema)",
      ]);
    });

    it("rejects undeclared table keys, a range key equal to the hash key and duplicate names", () => {
      const table: TableConfig = { name: "orders", attributes: { id: "S" }, hashKey: "id", rangeKey: "id" };
      const ghost: TableConfig = { name: "ghosts", attributes: {}, hashKey: "pk" };
      assert.deepStrictEqual(problems([table, { ...table, rangeKey: undefined }, ghost]), [
        '[0].rangeKey: table "orders": got "id", the hash key too; a range key is a second attribute',
        '[1].name: table "orders" is declared twice (also platform:tables[0]); names must be unique',
        '[2].hashKey: table "ghosts": got "pk", which is not declared in attributes (declared: none); ' +
          "declare it there with its type (S, N or B)",
      ]);
    });

    it("wants capacity exactly with billingMode PROVISIONED, table and indexes alike", () => {
      assert.deepStrictEqual(problems([{ ...CARTS, billingMode: "PROVISIONED", readCapacity: 5 }]), [
        '[0].writeCapacity: table "carts": is required with billingMode PROVISIONED (1..40000 units)',
        '[0].indexes[0].readCapacity: table "carts": is required with billingMode PROVISIONED (1..40000 units)',
        '[0].indexes[0].writeCapacity: table "carts": is required with billingMode PROVISIONED (1..40000 units)',
      ]);
      assert.deepStrictEqual(problems([{ ...CARTS, readCapacity: 5 }]), [
        '[0].readCapacity: table "carts": applies to billingMode PROVISIONED only; on-demand tables ' +
          "(PAY_PER_REQUEST) take no capacity",
      ]);
    });

    it("checks projections and the TTL attribute's type", () => {
      const table: TableConfig = {
        ...CARTS,
        attributes: { ...CARTS.attributes, expiresAt: "S" },
        rangeKey: "expiresAt",
        indexes: [
          { name: "by-customer", hashKey: "customerId", projection: "INCLUDE" },
          { name: "by-update", hashKey: "updatedAt", nonKeyAttributes: ["total"] },
        ],
      };
      assert.deepStrictEqual(problems([table]), [
        '[0].indexes[0].nonKeyAttributes: table "carts": is required with projection INCLUDE: the attributes to project',
        '[0].indexes[1].nonKeyAttributes: table "carts": applies to projection INCLUDE only; the projection is ALL',
        '[0].ttlAttribute: table "carts": got "expiresAt", declared as S; a TTL attribute holds a Number (epoch seconds)',
      ]);
    });

    it("checks grants against the declared tables", () => {
      assert.deepStrictEqual(
        tableGrantProblems(
          [
            { name: "carts", access: "read" },
            { name: "carts", access: "readWrite" },
            { name: "cart", access: "read" },
          ],
          [CARTS],
        ),
        [
          {
            at: ".tables[1].name",
            message: 'table "carts" is granted twice (also .tables[0]); give one access level',
          },
          {
            at: ".tables[2].name",
            message: 'got "cart"; platform:tables declares no table of that name (its tables: "carts")',
          },
        ],
      );
    });
  });

  describe("tableAccessStatements", () => {
    const carts = tableArn("eu-west-1", "123456789012", "platform-dev-carts");
    const log = tableArn("eu-west-1", "123456789012", "platform-dev-event-log");

    it("reaches exactly the granted tables and their indexes, one statement per access level", () => {
      const statements = tableAccessStatements([
        { arn: carts, access: "readWrite" },
        { arn: log, access: "read" },
      ]);
      assert.deepStrictEqual(
        statements.map((s) => [s.Sid, s.Resource]),
        [
          ["ReadTables", [log, `${log}/index/*`]],
          ["ReadWriteTables", [carts, `${carts}/index/*`]],
        ],
      );
      const [read, write] = statements.map((s) => s.Action as string[]);
      assert.ok(!read.some((a) => /Put|Update|Delete|Write/.test(a)), "read grants no writes");
      assert.ok(write.includes("dynamodb:PutItem") && write.includes("dynamodb:Query"));
      assert.ok(![...read, ...write].some((a) => a.includes("*")), "no wildcard actions");
      assert.deepStrictEqual(tableAccessStatements([]), []);
    });

    it("names tables the way the platform exposes them", () => {
      assert.strictEqual(carts, "arn:aws:dynamodb:eu-west-1:123456789012:table/platform-dev-carts");
      assert.strictEqual(tableNameVariable("event-log"), "PLATFORM_TABLE_EVENT_LOG_NAME");
    });
  });

  describe("DynamoTable", () => {
    async function table(args: Partial<DynamoTableArgs> = {}): Promise<Record<string, unknown>> {
      const { resources } = await runComponent(
        () =>
          new DynamoTable("carts", {
            spec: resolveTable(CARTS),
            tableName: "platform-dev-carts",
            kmsKeyArn: KEY,
            recoveryPeriodDays: 14,
            ...args,
          }),
      );
      const t = single(resources, "aws:dynamodb/table:Table");
      return { ...inputs(t), protect: t.protect };
    }

    it("encrypts with the environment key and keeps point-in-time recovery for the tier's period", async () => {
      const t = await table();
      assert.deepStrictEqual(t.serverSideEncryption, { enabled: true, kmsKeyArn: KEY });
      assert.deepStrictEqual(t.pointInTimeRecovery, { enabled: true, recoveryPeriodInDays: 14 });
      assert.strictEqual(t.name, "platform-dev-carts");
      assert.strictEqual(t.billingMode, "PAY_PER_REQUEST");
    });

    it("declares the keys, an index by key schema and the TTL attribute", async () => {
      const t = await table();
      assert.strictEqual(t.hashKey, "cartId");
      assert.deepStrictEqual(t.attributes, [
        { name: "cartId", type: "S" },
        { name: "customerId", type: "S" },
        { name: "updatedAt", type: "N" },
      ]);
      assert.deepStrictEqual(t.globalSecondaryIndexes, [
        {
          name: "by-customer",
          keySchemas: [
            { attributeName: "customerId", keyType: "HASH" },
            { attributeName: "updatedAt", keyType: "RANGE" },
          ],
          projectionType: "ALL",
        },
      ]);
      assert.deepStrictEqual(t.ttl, { enabled: true, attributeName: "expiresAt" });
    });

    it("turns on deletion protection and protect together", async () => {
      const unprotected = await table();
      assert.deepStrictEqual([unprotected.deletionProtectionEnabled, unprotected.protect], [false, false]);
      const prod = await table({ protect: true });
      assert.deepStrictEqual([prod.deletionProtectionEnabled, prod.protect], [true, true]);
    });

    it("passes provisioned capacity to the table and its indexes", async () => {
      const spec = resolveTable({
        ...CARTS,
        billingMode: "PROVISIONED",
        readCapacity: 5,
        writeCapacity: 2,
        indexes: [{ ...CARTS.indexes![0], readCapacity: 3, writeCapacity: 1 }],
      });
      const t = await table({ spec });
      assert.deepStrictEqual([t.billingMode, t.readCapacity, t.writeCapacity], ["PROVISIONED", 5, 2]);
      const [index] = t.globalSecondaryIndexes as Array<Record<string, unknown>>;
      assert.deepStrictEqual([index.readCapacity, index.writeCapacity], [3, 1]);
    });
  });
});
