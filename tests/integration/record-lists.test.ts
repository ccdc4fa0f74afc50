import { like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server.ts";
import { createSession } from "../../app/auth/session.server.ts";
import * as population from "../../app/indicators/routes/population.tsx";
import * as orgList from "../../app/admin/routes/organisations.tsx";
import { createOrganisation, createUser } from "../../seeds/factories.ts";
import { populationStatistics, regions } from "../../db/schema.ts";
import { getRequest, run } from "../setup/requests.ts";

let adminCookie: string;
let districtCookie: string;
type Paging = { page: number; hasNext: boolean; total?: number };

beforeAll(async () => {
  adminCookie = `carecert_session=${(await createSession(db, (await createUser(db, { role: "system_admin" })).id)).token}`;
  districtCookie = `carecert_session=${(await createSession(db, (await createUser(db, { role: "district_officer", regionCode: "330522" })).id)).token}`;
});

describe("population statistics list", () => {
  beforeAll(async () => {
    // Every township of 长兴县 for five years, and 吴兴区's for one: well past a page.
    const now = new Date();
    const row = (regionCode: string, year: number) => ({ regionCode, year, elderlyResidents: 1000, elderlyRegistered: 1100, residents: 5000, updatedAt: now });
    const changxing = await db.select({ code: regions.code }).from(regions).where(like(regions.code, "330522___"));
    const wuxing = await db.select({ code: regions.code }).from(regions).where(like(regions.code, "330502___"));
    expect(changxing.length).toBeGreaterThan(10);
    await db.insert(populationStatistics).values([...changxing.flatMap((r) => [2021, 2022, 2023, 2024, 2025].map((year) => row(r.code, year))), ...wuxing.map((r) => row(r.code, 2025))]);
  });
  const list = async (query: string) => (await run<{ rows: Array<{ regionCode: string; year: number }>; paging: Paging; years: number[] }>(population.loader, getRequest(`/indicators/population${query}`, { cookie: adminCookie }))).data!;

  it("pages the table 50 rows at a time with the count, and page 2 carries on where page 1 stopped", async () => {
    const all = (await db.select().from(populationStatistics)).length;
    const first = await list("");
    expect(all).toBeGreaterThan(50);
    expect(first.rows).toHaveLength(50);
    expect(first.paging).toMatchObject({ page: 1, hasNext: true, total: all });
    const second = await list("?page=2");
    expect(second.rows[0]).not.toEqual(first.rows[0]);
    expect(first.rows.at(-1)!.regionCode <= second.rows[0]!.regionCode).toBe(true);
  });

  it("narrows by region code, by year and by name", async () => {
    const county = await list("?q=330522");
    expect(county.rows.every((r) => r.regionCode.startsWith("330522"))).toBe(true);
    const county2025 = await list("?q=330522&year=2025");
    expect(county2025.paging.total).toBe(county.paging.total! / 5);
    expect(county2025.rows.every((r) => r.year === 2025)).toBe(true);
    expect(county.years).toEqual([2025, 2024, 2023, 2022, 2021]);
    const named = await list(`?q=${encodeURIComponent("雉城")}`);
    expect(named.rows.length).toBeGreaterThan(0);
    expect(named.rows.every((r) => r.regionCode.startsWith("330522"))).toBe(true);
  });
});

describe("organisations list", () => {
  beforeAll(async () => {
    for (let i = 0; i < 55; i++) await createOrganisation(db, { type: "elderly_care", name: `分页养老院${String(i).padStart(2, "0")}`, regionCode: i < 40 ? "330522001" : "330502001" });
  });
  const list = async (query: string, cookie = adminCookie) => (await run<{ organisations: Array<{ id: number; name: string; creditCode: string }>; paging: Paging }>(orgList.loader, getRequest(`/admin/organisations${query}`, { cookie }))).data;

  it("searches by name, pages, and filters by type and region code", async () => {
    const first = (await list(`?q=${encodeURIComponent("分页养老院")}`))!;
    expect(first.organisations).toHaveLength(50);
    expect(first.paging).toMatchObject({ page: 1, hasNext: true });
    const second = (await list(`?q=${encodeURIComponent("分页养老院")}&page=2`))!;
    expect(second.organisations).toHaveLength(5);
    expect(second.paging.hasNext).toBe(false);
    expect((await list(`?q=330502&type=elderly_care`))!.organisations.filter((o) => o.name.startsWith("分页养老院"))).toHaveLength(15);
    expect((await list(`?q=${encodeURIComponent("分页养老院")}&type=training_base`))!.organisations).toEqual([]);
    const one = first.organisations[3]!;
    expect((await list(`?q=${one.creditCode}`))!.organisations.map((o) => o.id)).toEqual([one.id]);
  });

  it("stays the system admin's page", async () => {
    const outcome = await run(orgList.loader, getRequest("/admin/organisations", { cookie: districtCookie }));
    expect(outcome.status).toBe(403);
  });
});
