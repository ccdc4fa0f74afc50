import Database from "better-sqlite3";
import { sql, type SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { integer, sqliteTable, SQLiteSyncDialect, text } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import type { Scope } from "../../app/auth/permissions.ts";
import { scopeCondition, type ScopeColumns } from "../../app/auth/scope-condition.ts";

const rows = sqliteTable("rows", {
  id: integer("id").primaryKey(),
  organisationId: integer("organisation_id").notNull(),
  regionCode: text("region_code").notNull(),
});

const scope = (s: Partial<Scope>): Scope => ({ any: false, own: false, organisationIds: [], regionCodes: [], ...s });
const both: ScopeColumns = { organisationId: rows.organisationId, regionCode: rows.regionCode };
const organisationOnly: ScopeColumns = { organisationId: rows.organisationId };
const regionOnly: ScopeColumns = { regionCode: rows.regionCode };

const dialect = new SQLiteSyncDialect();
function query(condition: SQL | undefined) {
  if (!condition) return undefined;
  const { sql: text, params } = dialect.sqlToQuery(condition);
  return { sql: text, params };
}

const org = '"rows"."organisation_id"';
const region = '"rows"."region_code"';

describe("scopeCondition: the SQL of each scope shape over the columns a table offers", () => {
  const cases: Array<[string, Scope, ScopeColumns, { sql: string; params: unknown[] } | undefined]> = [
    ["any reaches everything", scope({ any: true, organisationIds: [1], regionCodes: ["330500"] }), both, undefined],
    ["any reaches everything, whatever the table offers", scope({ any: true }), regionOnly, undefined],
    ["nothing granted reaches nothing", scope({}), both, { sql: "0", params: [] }],
    ["own alone reaches nothing through these columns", scope({ own: true }), both, { sql: "0", params: [] }],
    ["one organisation", scope({ organisationIds: [7] }), both, { sql: `${org} in (?)`, params: [7] }],
    ["several organisations", scope({ organisationIds: [7, 8] }), organisationOnly, { sql: `${org} in (?, ?)`, params: [7, 8] }],
    ["organisations on a table without an organisation column reach nothing", scope({ organisationIds: [7] }), regionOnly, { sql: "0", params: [] }],
    ["a county reaches its subtree by prefix", scope({ regionCodes: ["330522"] }), regionOnly, { sql: `${region} like ?`, params: ["330522%"] }],
    ["a city's trailing zeros are not part of its prefix", scope({ regionCodes: ["330500"] }), regionOnly, { sql: `${region} like ?`, params: ["3305%"] }],
    ["a province", scope({ regionCodes: ["330000"] }), regionOnly, { sql: `${region} like ?`, params: ["33%"] }],
    ["a street's 9-digit code is its own prefix", scope({ regionCodes: ["330522101"] }), regionOnly, { sql: `${region} like ?`, params: ["330522101%"] }],
    ["several regions", scope({ regionCodes: ["330522", "330502"] }), regionOnly, { sql: `(${region} like ? or ${region} like ?)`, params: ["330522%", "330502%"] }],
    ["regions on a table without a region column reach nothing", scope({ regionCodes: ["330522"] }), organisationOnly, { sql: "0", params: [] }],
    [
      "organisations and regions together reach either",
      scope({ organisationIds: [7], regionCodes: ["330522"] }),
      both,
      { sql: `(${org} in (?) or ${region} like ?)`, params: [7, "330522%"] },
    ],
    ["only the reach the table offers counts", scope({ organisationIds: [7], regionCodes: ["330522"] }), organisationOnly, { sql: `${org} in (?)`, params: [7] }],
  ];
  it.each(cases)("%s", (_name, s, columns, expected) => {
    expect(query(scopeCondition(s, columns))).toEqual(expected);
  });

  it("a region column may be an expression (a raw alias)", () => {
    expect(query(scopeCondition(scope({ regionCodes: ["330522"] }), { regionCode: sql`c.region_code` }))).toEqual({ sql: "c.region_code like ?", params: ["330522%"] });
  });

  it("selects the rows each scope reaches from a real database", async () => {
    const client = new Database(":memory:");
    client.exec("CREATE TABLE rows (id INTEGER PRIMARY KEY, organisation_id INTEGER NOT NULL, region_code TEXT NOT NULL)");
    const db = drizzle(client);
    await db.insert(rows)
      .values([
        { id: 1, organisationId: 7, regionCode: "330522101" }, // a street of 长兴县
        { id: 2, organisationId: 8, regionCode: "330502" }, // 吴兴区
        { id: 3, organisationId: 9, regionCode: "330106" }, // 杭州 西湖区
      ]);
    const ids = async (s: Scope, columns: ScopeColumns) =>
      (await db.select({ id: rows.id }).from(rows).where(scopeCondition(s, columns)).orderBy(rows.id)).map((r) => r.id);
    expect(await ids(scope({ any: true }), both)).toEqual([1, 2, 3]);
    expect(await ids(scope({}), both)).toEqual([]);
    expect(await ids(scope({ regionCodes: ["330522"] }), both)).toEqual([1]);
    expect(await ids(scope({ regionCodes: ["330500"] }), both)).toEqual([1, 2]);
    expect(await ids(scope({ regionCodes: ["330000"] }), both)).toEqual([1, 2, 3]);
    expect(await ids(scope({ organisationIds: [9], regionCodes: ["330522"] }), both)).toEqual([1, 3]);
    expect(await ids(scope({ organisationIds: [9], regionCodes: ["330522"] }), regionOnly)).toEqual([1]);
    expect(await ids(scope({ organisationIds: [9], regionCodes: ["330522"] }), organisationOnly)).toEqual([3]);
  });
});
