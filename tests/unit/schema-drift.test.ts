import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The two engines' migrations describe the same schema (issue #16): the latest drizzle-kit snapshot of
 * db/migrations (SQLite) and of db/migrations-pg (PostgreSQL) hold the same tables, columns, keys, indexes and checks.
 * Fails when someone changes db/schema.sqlite.ts and generates only one engine's migration: run `npm run db:generate`.
 */

type Column = { name: string; type: string; primaryKey: boolean; notNull: boolean };
type Index = { name: string; columns: string[]; isUnique: boolean; where?: string };
type ForeignKey = { name: string; tableTo: string; columnsFrom: string[]; columnsTo: string[]; onDelete?: string; onUpdate?: string };
type Table = {
  name: string;
  columns: Record<string, Column>;
  indexes: Record<string, Index | { name: string; columns: Array<{ expression: string }>; isUnique: boolean; where?: string }>;
  foreignKeys: Record<string, ForeignKey>;
  compositePrimaryKeys: Record<string, { name?: string; columns: string[] }>;
  uniqueConstraints: Record<string, { name: string; columns: string[] }>;
  checkConstraints: Record<string, { name: string; value: string }>;
};
type Snapshot = { dialect: string; tables: Record<string, Table> };

const root = path.resolve(import.meta.dirname, "../..");

function latestSnapshot(folder: string): { file: string; snapshot: Snapshot } {
  const journal = JSON.parse(fs.readFileSync(path.join(root, folder, "meta/_journal.json"), "utf8")) as { entries: Array<{ idx: number; tag: string }> };
  const last = journal.entries.at(-1)!;
  const file = path.join(folder, "meta", `${String(last.idx).padStart(4, "0")}_snapshot.json`);
  return { file, snapshot: JSON.parse(fs.readFileSync(path.join(root, file), "utf8")) as Snapshot };
}

const sqlite = latestSnapshot("db/migrations");
const postgres = latestSnapshot("db/migrations-pg");

/** Tables by their own name (the PostgreSQL snapshot keys them "public.name"). */
const byName = (snapshot: Snapshot) => new Map(Object.values(snapshot.tables).map((t) => [t.name, t]));
const sqliteTables = byName(sqlite.snapshot);
const postgresTables = byName(postgres.snapshot);
const both = [...sqliteTables.keys()].filter((name) => postgresTables.has(name)).sort();

/** The PostgreSQL types each SQLite storage type becomes in db/schema.pg.ts. */
const KINDS: Record<string, string[]> = {
  integer: ["integer", "bigint", "timestamp (3) with time zone", "boolean"],
  text: ["text", "jsonb"],
  real: ["double precision"],
  blob: ["bytea"],
};

const sorted = <T>(values: Iterable<T>) => [...values].sort();

/** Every unique index or unique constraint as "name(columns)", plain indexes likewise, per table. */
function indexShapes(table: Table) {
  const shapes: string[] = [];
  for (const index of Object.values(table.indexes)) {
    const columns = index.columns.map((c) => (typeof c === "string" ? c : c.expression)).join(",");
    shapes.push(`${index.isUnique ? "unique" : "index"} ${index.name}(${columns})${index.where ? " partial" : ""}`);
  }
  for (const u of Object.values(table.uniqueConstraints)) shapes.push(`unique ${u.name}(${u.columns.join(",")})`);
  return shapes.sort();
}

function primaryKey(table: Table) {
  const columns = Object.values(table.columns).filter((c) => c.primaryKey).map((c) => c.name);
  for (const pk of Object.values(table.compositePrimaryKeys)) columns.push(...pk.columns);
  return columns.sort();
}

function foreignKeys(table: Table) {
  return Object.values(table.foreignKeys)
    .map((fk) => `${fk.name}: (${fk.columnsFrom.join(",")}) → ${fk.tableTo}(${fk.columnsTo.join(",")}) on delete ${fk.onDelete ?? "no action"}`)
    .sort();
}

describe("schema drift between the SQLite and PostgreSQL migrations", () => {
  it(`reads the latest snapshots (${sqlite.file}, ${postgres.file})`, () => {
    expect(sqlite.snapshot.dialect).toBe("sqlite");
    expect(postgres.snapshot.dialect).toBe("postgresql");
    expect(sqliteTables.size).toBeGreaterThan(50);
  });

  it("both hold the same tables", () => {
    expect(sorted(postgresTables.keys()), "tables: run `npm run db:generate` so both engines get the migration").toEqual(sorted(sqliteTables.keys()));
  });

  it("each table has the same columns, nullability and compatible types", () => {
    for (const name of both) {
      const s = sqliteTables.get(name)!;
      const p = postgresTables.get(name)!;
      expect(sorted(Object.keys(p.columns)), `columns of ${name}`).toEqual(sorted(Object.keys(s.columns)));
      for (const column of Object.values(s.columns)) {
        const twin = p.columns[column.name];
        if (!twin) continue;
        expect(twin.notNull, `NOT NULL of ${name}.${column.name}`).toBe(column.notNull);
        expect(KINDS[column.type] ?? [], `type of ${name}.${column.name}: SQLite ${column.type}, PostgreSQL ${twin.type}`).toContain(twin.type);
      }
    }
  });

  it("each table has the same primary key, indexes and unique constraints (by name and columns)", () => {
    for (const name of both) {
      const s = sqliteTables.get(name)!;
      const p = postgresTables.get(name)!;
      expect(primaryKey(p), `primary key of ${name}`).toEqual(primaryKey(s));
      expect(indexShapes(p), `indexes of ${name}`).toEqual(indexShapes(s));
    }
  });

  it("each table has the same foreign keys and checks", () => {
    for (const name of both) {
      const s = sqliteTables.get(name)!;
      const p = postgresTables.get(name)!;
      expect(foreignKeys(p), `foreign keys of ${name}`).toEqual(foreignKeys(s));
      expect(sorted(Object.keys(p.checkConstraints)), `checks of ${name}`).toEqual(sorted(Object.keys(s.checkConstraints)));
    }
  });
});
