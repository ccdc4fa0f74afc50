import { getTableName, is, sql } from "drizzle-orm";
import { getTableConfig as pgTableConfig, PgDialect, PgTable } from "drizzle-orm/pg-core";
import { integer, SQLiteTable, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import { databaseEngine } from "../../db/engine.ts";
import { BIGINT_COLUMNS, postgresTables, toPgTables } from "../../db/schema.pg.ts";
import * as pgTablesModule from "../../db/schema.pg-tables.ts";
import * as sqliteSchema from "../../db/schema.sqlite.ts";
import * as schema from "../../db/schema.ts";

const tableExports = Object.entries(sqliteSchema).filter(([, value]) => is(value, SQLiteTable));
const pgDialect = new PgDialect();

describe("db/schema.ts: one module, either engine's tables", () => {
  it("exports every export of schema.sqlite.ts under the same name: the engine's tables, the rest as they are", () => {
    const postgres = databaseEngine() === "postgres";
    for (const [name, value] of Object.entries(sqliteSchema)) {
      expect(Object.keys(schema), `db/schema.ts lacks ${name}`).toContain(name);
      const exported = (schema as Record<string, unknown>)[name];
      if (postgres && is(value, SQLiteTable)) {
        expect(exported, name).toBe((postgresTables() as Record<string, unknown>)[name]);
        expect(is(exported, PgTable), name).toBe(true);
      } else {
        expect(exported, name).toBe(value);
      }
    }
  });

  it("schema.pg-tables.ts (drizzle-kit's input) exports a PostgreSQL table for every table, named alike", () => {
    expect(Object.keys(pgTablesModule).sort()).toEqual(tableExports.map(([name]) => name).sort());
    for (const [name, table] of tableExports) {
      const pg = (pgTablesModule as Record<string, unknown>)[name];
      expect(is(pg, PgTable), name).toBe(true);
      expect(getTableName(pg as PgTable)).toBe(getTableName(table as SQLiteTable));
    }
  });

  it("converts the column kinds: identity keys, timestamps, booleans, JSON, bigints, bytea, reals", () => {
    const tables = postgresTables();
    const column = (table: keyof typeof tables, name: string) => pgTableConfig(tables[table]).columns.find((c) => c.name === name)!;
    expect(column("users", "id").getSQLType()).toBe("integer");
    expect(column("users", "id").generatedIdentity?.type).toBe("byDefault");
    expect(column("users", "created_at").getSQLType()).toBe("timestamp (3) with time zone");
    expect(pgDialect.sqlToQuery(column("users", "created_at").default as never).sql).toBe("now()");
    expect(column("users", "must_change_password").getSQLType()).toBe("boolean");
    expect(column("users", "must_change_password").default).toBe(false);
    expect(column("auditLog", "details").getSQLType()).toBe("jsonb");
    expect(pgDialect.sqlToQuery(column("teachers", "subjects").default as never).sql).toBe("'[]'::jsonb");
    expect(column("sessions", "secret_hash").getSQLType()).toBe("bytea");
    expect(column("skillScores", "total").getSQLType()).toBe("double precision");
    expect(column("courses", "occupation").enumValues?.length).toBeGreaterThan(1);
    for (const listed of BIGINT_COLUMNS) {
      const [table, name] = listed.split(".") as [string, string];
      const pg = Object.values(tables).find((t) => getTableName(t) === table)!;
      expect(pgTableConfig(pg).columns.find((c) => c.name === name)!.getSQLType(), listed).toBe("bigint");
    }
    expect(column("verificationCounters", "count").getSQLType()).toBe("integer");
  });

  it("rebuilds checks and partial indexes with PostgreSQL columns; a boolean compared with 1 becomes true", () => {
    const { indexes, checks } = pgTableConfig(postgresTables().allowanceLines);
    const paidOnce = indexes.find((i) => i.config.name === "allowance_lines_paid_once_idx")!;
    expect(paidOnce.config.unique).toBe(true);
    expect(pgDialect.sqlToQuery(paidOnce.config.where!).sql).toBe('"allowance_lines"."claimed" = true');
    expect(checks).toEqual([]);
    const certificates = pgTableConfig(postgresTables().certificates);
    expect(certificates.checks.map((c) => pgDialect.sqlToQuery(c.value).sql)).toContain(
      `("certificates"."kind" = 'skill_level') = ("certificates"."level" IS NOT NULL)`,
    );
    expect(certificates.foreignKeys.map((fk) => fk.getName())).toContain("certificates_person_id_people_id_fk");
  });

  it("refuses a column kind or SQL default it has no PostgreSQL spelling for, naming the column", () => {
    const odd = sqliteTable("odd", { id: integer("id").primaryKey(), at: integer("at", { mode: "timestamp_ms" }).default(sql`(strftime('%s'))`) });
    expect(() => toPgTables({ odd })).toThrow(/odd\.at/);
    const seconds = sqliteTable("seconds", { at: integer("at", { mode: "timestamp" }) });
    expect(() => toPgTables({ seconds })).toThrow(/seconds\.at/);
  });

  it("keeps names, composite keys and unique indexes of any table", () => {
    const pairs = sqliteTable("pairs", { a: text("a").notNull(), b: text("b").notNull() }, (t) => [uniqueIndex("pairs_ab_idx").on(t.a, t.b)]);
    const { pairs: pg } = toPgTables({ pairs });
    const config = pgTableConfig(pg);
    expect(config.name).toBe("pairs");
    expect(config.indexes.map((i) => [i.config.name, i.config.unique])).toEqual([["pairs_ab_idx", true]]);
    expect(config.columns.map((c) => [c.name, c.notNull])).toEqual([
      ["a", true],
      ["b", true],
    ]);
  });
});
