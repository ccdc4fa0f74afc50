import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { getTableConfig, integer, sqliteTable, text, type SQLiteTable } from "drizzle-orm/sqlite-core";
import { getTableName } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { CopyError, openSqliteSnapshot, planCopy, schemaTablePairs, sourceCounts, type TablePair } from "../../db/copy.ts";

/** db/copy.ts without PostgreSQL: the copy order and the consistent read of the SQLite source. */

const work = fs.mkdtempSync(path.join(os.tmpdir(), "carecert-copy-unit-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const pair = (table: SQLiteTable): TablePair => ({ name: getTableName(table), source: table, target: undefined as never });

describe("planCopy", () => {
  it("puts every table of the schema after the tables its foreign keys reference", () => {
    const { tables, selfReferences } = planCopy(schemaTablePairs());
    expect(tables).toHaveLength(76);
    const position = new Map(tables.map((t, i) => [t.name, i]));
    for (const t of tables) {
      for (const fk of getTableConfig(t.source).foreignKeys) {
        const referenced = getTableName(fk.reference().foreignTable);
        if (referenced !== t.name) expect(position.get(referenced)!, `${t.name} → ${referenced}`).toBeLessThan(position.get(t.name)!);
      }
    }
    // The schema has no table referencing itself today; planCopy would list it here.
    expect([...selfReferences.keys()]).toEqual([]);
  });

  it("refuses a cycle between tables, naming them, and a self-reference that cannot be null", () => {
    const a = sqliteTable("a", { id: integer("id").primaryKey(), bId: integer("b_id").references((): never => b.id as never) });
    const b = sqliteTable("b", { id: integer("id").primaryKey(), aId: integer("a_id").references(() => a.id) });
    const c = sqliteTable("c", { id: integer("id").primaryKey() });
    expect(() => planCopy([pair(c), pair(a), pair(b)])).toThrow(/外键成环.*a、b/);
    const tree = sqliteTable("tree", { id: integer("id").primaryKey(), parentId: integer("parent_id").notNull().references((): never => tree.id as never), name: text("name") });
    expect(() => planCopy([pair(tree)])).toThrow(CopyError);
    expect(() => planCopy([pair(tree)])).toThrow(/tree 的列 parent_id 引用本表且不可为空/);
  });
});

describe("openSqliteSnapshot", () => {
  it("reads the database as of the moment it opened while another connection keeps writing (WAL)", () => {
    const file = path.join(work, "live.db");
    const live = new Database(file);
    live.pragma("journal_mode = WAL");
    live.exec("CREATE TABLE t (id integer PRIMARY KEY, v text); INSERT INTO t (v) VALUES ('a'), ('b'), ('c')");
    const t = sqliteTable("t", { id: integer("id").primaryKey(), v: text("v") });
    const snapshot = openSqliteSnapshot(file);
    try {
      live.exec("INSERT INTO t (v) VALUES ('d'), ('e')");
      expect(sourceCounts(snapshot, [pair(t)]).get("t")).toBe(3);
      expect(snapshot.db.select().from(t).all().map((r) => r.v)).toEqual(["a", "b", "c"]);
      // Read-only: nothing written through the copy's connection.
      expect(() => snapshot.sqlite.exec("INSERT INTO t (v) VALUES ('x')")).toThrow(/readonly/);
    } finally {
      snapshot.close();
    }
    const later = openSqliteSnapshot(file);
    expect(sourceCounts(later, [pair(t)]).get("t")).toBe(5);
    later.close();
    live.close();
  });

  it("names a missing source file", () => {
    expect(() => openSqliteSnapshot(path.join(work, "none.db"))).toThrow(/找不到来源 SQLite 数据库文件/);
  });
});
