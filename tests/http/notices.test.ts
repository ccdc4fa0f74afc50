import { closeDatabase } from "../../db/client.ts";
import { firstRow, returnedRow } from "../../db/query.ts";
import { asc, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { allowanceLines, allowanceLists, competitions, subsidyApplications, subsidyLists, users, workers } from "../../db/schema.ts";
import { DEMO_PASSWORD } from "../../seeds/seed-demo.ts";
import { get, post, serverDb } from "./client.ts";

const db = serverDb();
afterAll(() => closeDatabase(db));

/** The demo's list in 公示 (长兴县泗安镇颐养院, November), as the running server renders it. */
describe("the public notice's HTML on the demo data", () => {
  const list = async () => (await firstRow(db.select().from(allowanceLists).where(eq(allowanceLists.status, "publicised"))))!;

  it("is linked from /notices and carries no ID number, bank account or full name of anyone on the list", async () => {
    const { id } = await list();
    expect(await (await get("/notices")).text()).toContain(`href="/notices/allowances/${id}"`);
    const response = await get(`/notices/allowances/${id}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    const lines = await db.select({ name: allowanceLines.name, idNumber: allowanceLines.idNumber, lineAccount: allowanceLines.bankAccount, workerAccount: workers.bankAccount }).from(allowanceLines).innerJoin(workers, eq(workers.id, allowanceLines.workerId)).where(eq(allowanceLines.listId, id));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(html).not.toContain(line.idNumber);
      expect(html).not.toContain(line.idNumber.slice(0, 6) + line.idNumber.slice(6, 14));
      for (const account of [line.lineAccount, line.workerAccount]) if (account) expect(html).not.toContain(account);
      // Two-character names keep only their first character, which may appear anywhere; longer ones must not appear whole.
      if (Array.from(line.name).length > 2) expect(html).not.toContain(line.name);
    }
    expect(html).toContain("长兴县民政局");
  });

  it("shows the demo worker her own line on /my", async () => {
    const login = await post("/login", { username: "worker", password: DEMO_PASSWORD });
    expect(login.status).toBe(302);
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    const html = await (await get("/my", cookie)).text();
    expect(html).toContain("长兴县泗安镇颐养院");
    expect(html).toContain(`href="/notices/allowances/${(await list()).id}"`);
  });
  it("lists subsidy lists in 公示 and published competition results on /notices, and shows each person their own on /my", async () => {
    const listed = (await firstRow(db.select({ personId: subsidyApplications.personId, listId: subsidyLists.id }).from(subsidyApplications).innerJoin(subsidyLists, eq(subsidyLists.id, subsidyApplications.listId)).where(eq(subsidyLists.status, "publicised"))))!;
    const demoHash = (await firstRow(db.select({ hash: users.passwordHash }).from(users).where(eq(users.username, "trainee"))))!.hash;
    const applicant = await firstRow(db.select().from(users).where(eq(users.personId, listed.personId))) ?? await returnedRow(db.insert(users).values({ personId: listed.personId, username: "subsidy-applicant", passwordHash: demoHash }).returning());
    // The demo's competition, the first made: PostgreSQL returns rows in no set order (an updated row moves), and
    // other files add competitions to this server.
    const competition = (await firstRow(db.select().from(competitions).orderBy(asc(competitions.id))))!;
    for (const [username, title, href] of [
      [applicant.username, "培训补贴、技能提升补贴", `/notices/subsidies/${listed.listId}`],
      ["competitor-1", "技能竞赛成绩", `/notices/competitions/${competition.id}`],
    ] as const) {
      expect(await (await get("/notices")).text()).toContain(`href="${href}"`);
      const login = await post("/login", { username, password: DEMO_PASSWORD });
      expect(login.status).toBe(302);
      const html = await (await get("/my", login.headers.get("set-cookie")!.split(";")[0]!)).text();
      expect(html).toContain(title);
      expect(html).toContain(`href="${href}"`);
    }
  });
});
