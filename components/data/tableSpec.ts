/**
 * DynamoDB tables as the stack config declares them (`platform:tables`), their validation and their
 * resolution into the fully defaulted {@link TableSpec} the `DynamoTable` component takes.
 *
 * Pure: no Pulumi runtime. The zod schema checks shapes and AWS's ranges; {@link tableProblems} checks
 * meaning (keys and indexes on declared attributes, billing settings, projections, the TTL attribute) and
 * names the table in every problem.
 */
import { z } from "zod";

/** Table names in config: part of the physical name `<namePrefix>-<env>-<name>`. */
export const TABLE_NAME = /^[a-z][a-z0-9-]{1,38}[a-z0-9]$/;
/** Key attribute names the platform accepts (DynamoDB allows 1..255 characters; these stay readable). */
export const ATTRIBUTE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,254}$/;
/** Index names: DynamoDB's rule, 3..255 of a-z, A-Z, 0-9, '_', '-', '.'. */
export const INDEX_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

export const ATTRIBUTE_TYPES = ["S", "N", "B"] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];
export const BILLING_MODES = ["PAY_PER_REQUEST", "PROVISIONED"] as const;
export type BillingMode = (typeof BILLING_MODES)[number];
export const PROJECTIONS = ["ALL", "KEYS_ONLY", "INCLUDE"] as const;
export type Projection = (typeof PROJECTIONS)[number];

/** DynamoDB's default quota of global secondary indexes per table. */
export const MAX_GLOBAL_INDEXES = 20;
/** Non-key attributes projected into all of a table's indexes together, at most. */
export const MAX_PROJECTED_ATTRIBUTES = 100;

/** What a service or function may do with a table it names. */
export const TABLE_ACCESS = ["read", "readWrite"] as const;
export type TableAccess = (typeof TABLE_ACCESS)[number];

const capacity = z.number().int().min(1).max(40000);

const indexSchema = z.strictObject({
  name: z.string().regex(INDEX_NAME, "3..255 of A-Z, a-z, 0-9, '_', '-', '.'"),
  hashKey: z.string(),
  rangeKey: z.string().optional(),
  projection: z.enum(PROJECTIONS).optional(),
  nonKeyAttributes: z.array(z.string().min(1)).min(1).max(MAX_PROJECTED_ATTRIBUTES).optional(),
  readCapacity: capacity.optional(),
  writeCapacity: capacity.optional(),
});

/** One entry of `platform:tables`, as written in the stack file. */
export const tableSchema = z.strictObject({
  name: z.string().regex(TABLE_NAME, "3..40 of a-z, 0-9, '-', starting with a letter"),
  attributes: z.record(
    z.string().regex(ATTRIBUTE_NAME, "an attribute name: letters, digits, '_', '-', '.'"),
    z.enum(ATTRIBUTE_TYPES),
  ),
  hashKey: z.string(),
  rangeKey: z.string().optional(),
  indexes: z.array(indexSchema).max(MAX_GLOBAL_INDEXES).optional(),
  billingMode: z.enum(BILLING_MODES).optional(),
  readCapacity: capacity.optional(),
  writeCapacity: capacity.optional(),
  ttlAttribute: z
    .string()
    .regex(ATTRIBUTE_NAME, "an attribute name: letters, digits, '_', '-', '.'")
    .optional(),
});

export const tablesSchema = z.array(tableSchema).max(100);

export type TableConfig = z.infer<typeof tableSchema>;
export type TableIndexConfig = z.infer<typeof indexSchema>;

/** A grant on a table, as a service or function declares it. */
export const tableGrantSchema = z.strictObject({
  name: z.string(),
  access: z.enum(TABLE_ACCESS),
});
export type TableGrant = z.infer<typeof tableGrantSchema>;

export interface TableIndexSpec {
  name: string;
  hashKey: string;
  rangeKey?: string;
  projection: Projection;
  nonKeyAttributes?: string[];
  readCapacity?: number;
  writeCapacity?: number;
}

/** A table with every default applied: what the DynamoTable component builds. */
export interface TableSpec {
  name: string;
  attributes: { name: string; type: AttributeType }[];
  hashKey: string;
  rangeKey?: string;
  indexes: TableIndexSpec[];
  billingMode: BillingMode;
  readCapacity?: number;
  writeCapacity?: number;
  ttlAttribute?: string;
}

/** A problem with the key suffix under `platform:tables` (e.g. `[1].indexes[0].hashKey`). */
export interface TableProblem {
  at: string;
  message: string;
}

const show = (v: unknown): string => JSON.stringify(v);

function declaredList(attributes: Record<string, string>): string {
  const names = Object.keys(attributes);
  return names.length === 0 ? "none" : names.map((n) => show(n)).join(", ");
}

/** Problems of one table. */
function oneTableProblems(t: TableConfig, i: number): TableProblem[] {
  const out: TableProblem[] = [];
  const add = (at: string, message: string): void => {
    out.push({ at: `[${i}]${at}`, message: `table "${t.name}": ${message}` });
  };
  const declared = t.attributes;
  const undeclared = (at: string, attribute: string): void => {
    add(
      at,
      `got ${show(attribute)}, which is not declared in attributes (declared: ${declaredList(declared)}); ` +
        "declare it there with its type (S, N or B)",
    );
  };
  const used = new Set<string>();
  const key = (at: string, attribute: string | undefined): void => {
    if (attribute === undefined) {
      return;
    }
    used.add(attribute);
    if (!(attribute in declared)) {
      undeclared(at, attribute);
    }
  };
  key(".hashKey", t.hashKey);
  key(".rangeKey", t.rangeKey);
  if (t.rangeKey !== undefined && t.rangeKey === t.hashKey) {
    add(".rangeKey", `got ${show(t.rangeKey)}, the hash key too; a range key is a second attribute`);
  }

  const provisioned = (t.billingMode ?? "PAY_PER_REQUEST") === "PROVISIONED";
  const capacityProblems = (at: string, c: { readCapacity?: number; writeCapacity?: number }): void => {
    if (provisioned) {
      for (const field of ["readCapacity", "writeCapacity"] as const) {
        if (c[field] === undefined) {
          add(`${at}.${field}`, "is required with billingMode PROVISIONED (1..40000 units)");
        }
      }
    } else {
      for (const field of ["readCapacity", "writeCapacity"] as const) {
        if (c[field] !== undefined) {
          add(
            `${at}.${field}`,
            "applies to billingMode PROVISIONED only; on-demand tables (PAY_PER_REQUEST) take no capacity",
          );
        }
      }
    }
  };
  capacityProblems("", t);

  const indexNames = new Map<string, number>();
  t.indexes?.forEach((index, k) => {
    const at = `.indexes[${k}]`;
    const first = indexNames.get(index.name);
    if (first !== undefined) {
      add(`${at}.name`, `index ${show(index.name)} is declared twice (also .indexes[${first}])`);
    } else {
      indexNames.set(index.name, k);
    }
    key(`${at}.hashKey`, index.hashKey);
    key(`${at}.rangeKey`, index.rangeKey);
    if (index.rangeKey !== undefined && index.rangeKey === index.hashKey) {
      add(`${at}.rangeKey`, `got ${show(index.rangeKey)}, the index's hash key too`);
    }
    const projection = index.projection ?? "ALL";
    if (projection === "INCLUDE" && index.nonKeyAttributes === undefined) {
      add(`${at}.nonKeyAttributes`, "is required with projection INCLUDE: the attributes to project");
    }
    if (projection !== "INCLUDE" && index.nonKeyAttributes !== undefined) {
      add(`${at}.nonKeyAttributes`, `applies to projection INCLUDE only; the projection is ${projection}`);
    }
    capacityProblems(at, index);
  });
  const projected = (t.indexes ?? []).reduce((n, index) => n + (index.nonKeyAttributes?.length ?? 0), 0);
  if (projected > MAX_PROJECTED_ATTRIBUTES) {
    add(
      ".indexes",
      `project ${projected} non-key attributes in all; DynamoDB allows ${MAX_PROJECTED_ATTRIBUTES} per table`,
    );
  }

  // DynamoDB rejects attribute definitions that no key schema uses.
  for (const name of Object.keys(declared)) {
    if (!used.has(name)) {
      add(
        `.attributes.${name}`,
        "is declared but no key of the table or of an index uses it; declare key attributes only " +
          "(DynamoDB stores other attributes without a schema)",
      );
    }
  }
  if (t.ttlAttribute !== undefined && t.ttlAttribute in declared && declared[t.ttlAttribute] !== "N") {
    add(
      ".ttlAttribute",
      `got ${show(t.ttlAttribute)}, declared as ${declared[t.ttlAttribute]}; a TTL attribute holds a Number (epoch seconds)`,
    );
  }
  return out;
}

/** Every problem of the declared tables, each with the key suffix under `platform:tables`. */
export function tableProblems(tables: readonly TableConfig[]): TableProblem[] {
  const out: TableProblem[] = [];
  const names = new Map<string, number>();
  tables.forEach((t, i) => {
    const first = names.get(t.name);
    if (first !== undefined) {
      out.push({
        at: `[${i}].name`,
        message: `table "${t.name}" is declared twice (also platform:tables[${first}]); names must be unique`,
      });
    } else {
      names.set(t.name, i);
    }
    out.push(...oneTableProblems(t, i));
  });
  return out;
}

/** Resolves a validated table entry into its spec. */
export function resolveTable(t: TableConfig): TableSpec {
  const billingMode = t.billingMode ?? "PAY_PER_REQUEST";
  const provisioned = billingMode === "PROVISIONED";
  return {
    name: t.name,
    attributes: Object.entries(t.attributes).map(([name, type]) => ({ name, type })),
    hashKey: t.hashKey,
    rangeKey: t.rangeKey,
    indexes: (t.indexes ?? []).map((index) => ({
      name: index.name,
      hashKey: index.hashKey,
      rangeKey: index.rangeKey,
      projection: index.projection ?? "ALL",
      nonKeyAttributes: index.nonKeyAttributes,
      readCapacity: provisioned ? index.readCapacity : undefined,
      writeCapacity: provisioned ? index.writeCapacity : undefined,
    })),
    billingMode,
    readCapacity: provisioned ? t.readCapacity : undefined,
    writeCapacity: provisioned ? t.writeCapacity : undefined,
    ttlAttribute: t.ttlAttribute,
  };
}

/** Problems of the table grants a service or function declares (`tables: [{name, access}]`). */
export function tableGrantProblems(
  grants: readonly TableGrant[],
  tables: readonly { name: string }[],
): { at: string; message: string }[] {
  const out: { at: string; message: string }[] = [];
  const declared = tables.map((t) => t.name);
  const seen = new Map<string, number>();
  grants.forEach((g, j) => {
    const first = seen.get(g.name);
    if (first !== undefined) {
      out.push({
        at: `.tables[${j}].name`,
        message: `table ${show(g.name)} is granted twice (also .tables[${first}]); give one access level`,
      });
    }
    seen.set(g.name, j);
    if (!declared.includes(g.name)) {
      out.push({
        at: `.tables[${j}].name`,
        message:
          `got ${show(g.name)}; platform:tables declares no table of that name ` +
          `(its tables: ${declared.map((n) => show(n)).join(", ") || "none"})`,
      });
    }
  });
  return out;
}
