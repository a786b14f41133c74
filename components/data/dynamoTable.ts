import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { RESERVED_ENV_PREFIX } from "../shared/naming";
import { Statement } from "../shared/policies";
import { TableAccess, TableSpec } from "./tableSpec";

export interface DynamoTableArgs {
  /** The table, resolved from `platform:tables` (keys, indexes, billing mode, TTL attribute). */
  spec: TableSpec;
  /**
   * Physical name of the table ({@link tablePhysicalName}). Fixed rather than auto-named, so that grants
   * can name it before it exists; a change that forces a replacement fails instead of silently creating
   * an empty table next to the old one.
   */
  tableName: string;
  /** The environment key: the table, its indexes and its backups are encrypted with it. */
  kmsKeyArn: pulumi.Input<string>;
  /** Days of continuous backups point-in-time recovery keeps (1..35). Default: 35. */
  recoveryPeriodDays?: number;
  /** `protect` the table against `pulumi destroy` and turn on DynamoDB deletion protection. Default: false. */
  protect?: boolean;
}

/** `<baseName>-<table>`: the physical name of a table declared in config. */
export function tablePhysicalName(baseName: string, table: string): string {
  return `${baseName}-${table}`;
}

/** ARN of a table by its physical name (known before the table exists). */
export function tableArn(region: string, accountId: string, tableName: string): string {
  return `arn:aws:dynamodb:${region}:${accountId}:table/${tableName}`;
}

/** The variable that tells a service or function the physical name of a table it may use. */
export function tableNameVariable(table: string): string {
  return `${RESERVED_ENV_PREFIX}TABLE_${table.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_NAME`;
}

const READ_ACTIONS = [
  "dynamodb:DescribeTable",
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:Scan",
  "dynamodb:ConditionCheckItem",
];

/** DynamoDB actions of each access level (readWrite is read plus writes). Transactions are authorized through these item actions. */
export const TABLE_ACTIONS: Readonly<Record<TableAccess, readonly string[]>> = {
  read: READ_ACTIONS,
  readWrite: [
    ...READ_ACTIONS,
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
  ],
};

/** A table a role may use, by ARN. */
export interface TableAccessGrant {
  arn: string;
  access: TableAccess;
}

/**
 * The statements that let a role use exactly the given tables (and their indexes): one statement per
 * access level. The environment key's policy already lets the account's principals decrypt through
 * DynamoDB, so no KMS statement is needed.
 */
export function tableAccessStatements(grants: readonly TableAccessGrant[]): Statement[] {
  const statements: Statement[] = [];
  for (const access of ["read", "readWrite"] as const) {
    const arns = grants.filter((g) => g.access === access).map((g) => g.arn);
    if (arns.length > 0) {
      statements.push({
        Sid: access === "read" ? "ReadTables" : "ReadWriteTables",
        Effect: "Allow",
        Action: [...TABLE_ACTIONS[access]],
        Resource: arns.flatMap((arn) => [arn, `${arn}/index/*`]),
      });
    }
  }
  return statements;
}

/**
 * A DynamoDB table declared in config: encrypted with the environment key, point-in-time recovery on,
 * deletion protection and `protect` where the tier says so, TTL on its TTL attribute, global secondary
 * indexes on declared attributes. Services and functions reach it from the private tier through the VPC's
 * DynamoDB gateway endpoint and with a grant on this table only ({@link tableAccessStatements}).
 */
export class DynamoTable extends pulumi.ComponentResource {
  readonly table: aws.dynamodb.Table;
  readonly tableName: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;

  constructor(name: string, args: DynamoTableArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:data:DynamoTable", name, {}, opts);
    const spec = args.spec;
    const protect = args.protect ?? false;

    this.table = new aws.dynamodb.Table(
      name,
      {
        name: args.tableName,
        billingMode: spec.billingMode,
        readCapacity: spec.readCapacity,
        writeCapacity: spec.writeCapacity,
        attributes: spec.attributes,
        hashKey: spec.hashKey,
        rangeKey: spec.rangeKey,
        globalSecondaryIndexes: spec.indexes.map((index) => ({
          name: index.name,
          keySchemas: [
            { attributeName: index.hashKey, keyType: "HASH" },
            ...(index.rangeKey === undefined ? [] : [{ attributeName: index.rangeKey, keyType: "RANGE" }]),
          ],
          projectionType: index.projection,
          nonKeyAttributes: index.nonKeyAttributes,
          readCapacity: index.readCapacity,
          writeCapacity: index.writeCapacity,
        })),
        serverSideEncryption: { enabled: true, kmsKeyArn: args.kmsKeyArn },
        pointInTimeRecovery: { enabled: true, recoveryPeriodInDays: args.recoveryPeriodDays ?? 35 },
        ttl:
          spec.ttlAttribute === undefined ? undefined : { enabled: true, attributeName: spec.ttlAttribute },
        deletionProtectionEnabled: protect,
      },
      { parent: this, protect },
    );
    this.tableName = this.table.name;
    this.arn = this.table.arn;

    this.registerOutputs({ table: this.table, tableName: this.tableName, arn: this.arn });
  }
}
