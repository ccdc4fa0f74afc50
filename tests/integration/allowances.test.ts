import { sqliteConnectionOf } from "../../db/client.ts";
import { firstRow } from "../../db/query.ts";
import fs from "node:fs";
import ExcelJS from "exceljs";
import * as mupdf from "mupdf";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server.ts";
import { createSession } from "../../app/auth/session.server.ts";
import { runCli } from "../../app/cli/cli.server.ts";
import { allowanceCommands } from "../../app/allowances/cli.server.ts";
import { listIntact } from "../../app/allowances/lists.server.ts";
import { savePolicyVersion } from "../../app/allowances/policies.server.ts";
import { HUZHOU_POST_ALLOWANCE } from "../../app/allowances/policy-defaults.ts";
import { parseCsv } from "../../app/imports/table.server.ts";
import * as listsPage from "../../app/allowances/routes/lists.tsx";
import * as listPage from "../../app/allowances/routes/list.tsx";
import * as listExport from "../../app/allowances/routes/list-export.ts";
import * as policiesPage from "../../app/allowances/routes/policies.tsx";
import { createAllowancePolicy, createCertificate, createOrganisation, createPerson, createUser, createWorker, recordWorkerMonth } from "../../seeds/factories.ts";
import { allowanceLines, allowanceLists, allowancePolicies, allowancePolicyVersions, auditLog, organisations, people, workerMonths, workers } from "../../db/schema.ts";
import { getRequest, postRequest, run } from "../setup/requests.ts";

const cookies: Record<string, string> = {};
const orgs = { a: 0, b: 0, wuxing: 0 };
const staff: Record<string, { id: number; idNumber: string; name: string }> = {};
let policyId = 0;

async function login(key: string, spec: Parameters<typeof createUser>[1]) {
  const user = await createUser(db, spec);
  cookies[key] = `carecert_session=${(await createSession(db, user.id)).token}`;
  return user;
}

/** A certified caregiver with a good November (and October) unless told otherwise. */
async function caregiver(key: string, organisationId: number, options: { level?: number; hiredOn?: string; attendanceDays?: number; verified?: boolean; person?: { id: number } } = {}) {
  const person = options.person ?? await createPerson(db, { name: `护理员${key}` });
  if (!options.person) await createCertificate(db, { personId: person.id, level: options.level ?? 4, issuedOn: "2024-05-20", verifiedAt: options.verified === false ? null : new Date("2024-06-01T10:00:00+08:00") });
  const worker = await createWorker(db, { organisationId, personId: person.id, hiredOn: options.hiredOn ?? "2023-01-01", bankAccount: `62284800000${String(person.id).padStart(8, "0")}` });
  for (const month of ["2026-10", "2026-11", "2026-12"]) await recordWorkerMonth(db, { workerId: worker.id, month, attendanceDays: options.attendanceDays ?? 22 });
  const p = (await firstRow(db.select().from(people).where(eq(people.id, person.id))))!;
  staff[key] = { id: p.id, idNumber: p.idNumber, name: p.name };
  return worker;
}

const listOf = async (organisationId: number, month: string) => (await firstRow(db.select().from(allowanceLists).where(and(eq(allowanceLists.organisationId, organisationId), eq(allowanceLists.month, month)))))!;
const generate = (organisationId: number, month: string, as = "instA") => run(listsPage.action, postRequest("/allowances", { organisationId: String(organisationId), month }, { cookie: cookies[as] }));
// Every step posts as its confirmation panel does (the refusal without it is in allowance-reversals.test.ts).
const step = (listId: number, fields: Record<string, string>, as: string) => run(listPage.action, postRequest(`/allowances/${listId}`, { ...fields, confirmed: "yes" }, { cookie: cookies[as] }), { listId: String(listId) });
const pageOf = (listId: number, as: string) => run(listPage.loader, getRequest(`/allowances/${listId}`, { cookie: cookies[as] }), { listId: String(listId) });
const cli = async (argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(db, allowanceCommands, argv, (l) => out.push(l), (l) => err.push(l));
  return { code, out: out.join("\n"), err: err.join("\n") };
};
async function download(listId: number, file: string, as = "city") {
  try {
    return await listExport.loader({ request: getRequest(`/allowances/${listId}/${file}`, { cookie: cookies[as] }), params: { listId: String(listId), file }, context: { cspNonce: "" } });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

beforeAll(async () => {
  policyId = (await createAllowancePolicy(db)).policy.id;
  orgs.a = (await createOrganisation(db, { type: "elderly_care", name: "长兴县甲养老院", regionCode: "330522001" })).id;
  orgs.b = (await createOrganisation(db, { type: "elderly_care", name: "长兴县乙养老院", regionCode: "330522110" })).id;
  orgs.wuxing = (await createOrganisation(db, { type: "elderly_care", name: "吴兴区丙养老院", regionCode: "330502001" })).id;
  await login("instA", { role: "institution_admin", organisationId: orgs.a });
  await login("instB", { role: "institution_admin", organisationId: orgs.b });
  await login("instW", { role: "institution_admin", organisationId: orgs.wuxing });
  await login("district", { role: "district_officer", regionCode: "330522" });
  await login("districtWuxing", { role: "district_officer", regionCode: "330502" });
  await login("city", { role: "city_officer", regionCode: "330500" });
  await login("admin", { role: "system_admin" });
  await login("trainee", { role: "trainee" });

  await caregiver("four", orgs.a, { level: 4 });
  await caregiver("three", orgs.a, { level: 3 });
  await caregiver("short", orgs.a, { attendanceDays: 19 });
  await caregiver("unverified", orgs.a, { verified: false });
  await caregiver("new", orgs.a, { hiredOn: "2026-09-15" });
  await caregiver("b1", orgs.b, { level: 5 });
  // One person registered by two institutions: longer at 吴兴, so 吴兴 pays and 甲 says why not.
  await caregiver("twice", orgs.wuxing, { level: 2, hiredOn: "2020-03-01" });
  await caregiver("twice-a", orgs.a, { person: { id: staff.twice!.id }, hiredOn: "2025-01-01" });
});

describe("computing a month (allowances:compute)", () => {
  it("prints every line with its rule and every left-out worker with the conditions failed", async () => {
    const { code, out } = await cli(["allowances:compute", "--region", "330522", "--month", "2026-11", "--json"]);
    expect(code).toBe(0);
    const result = JSON.parse(out) as { lines: Array<Record<string, unknown>>; excluded: Array<{ idNumber: string; reasons: string[] }>; total: number };
    expect(result.lines).toEqual(
      expect.arrayContaining([
        { idNumber: staff.four!.idNumber, name: staff.four!.name, institution: "长兴县甲养老院", level: 4, amount: 400, policy: "湖州市养老护理员岗位补贴（第 1 版）", rule: "湖州市养老护理员岗位补贴（第 1 版）：四级 400 元/月" },
        expect.objectContaining({ idNumber: staff.three!.idNumber, level: 3, amount: 500 }),
        expect.objectContaining({ idNumber: staff.b1!.idNumber, institution: "长兴县乙养老院", level: 5, amount: 300 }),
      ]),
    );
    expect(result.lines).toHaveLength(3);
    expect(result.total).toBe(1200);
    const reasons = Object.fromEntries(result.excluded.map((e) => [e.idNumber, e.reasons]));
    expect(reasons[staff.short!.idNumber]).toEqual(["当月出勤 19 天，少于 20 天"]);
    expect(reasons[staff.unverified!.idNumber]).toEqual(["养老护理员证书尚未经民政部门核验"]);
    expect(reasons[staff.new!.idNumber]).toEqual(["当月前服务 1 个整月，不满 3 个月"]);
    expect(reasons[staff.twice!.idNumber]).toEqual(["同一人在「吴兴区丙养老院」登记，已由该机构发放"]);
  });

  it("pays the person registered twice once, at the city level", async () => {
    const result = JSON.parse((await cli(["allowances:compute", "--region", "330500", "--month", "2026-11", "--json"])).out) as { lines: Array<{ idNumber: string; institution: string; amount: number }> };
    expect(result.lines.filter((l) => l.idNumber === staff.twice!.idNumber)).toEqual([expect.objectContaining({ institution: "吴兴区丙养老院", amount: 800 })]);
  });

  it("checks the acting user's region like the web pages", async () => {
    const refused = await cli(["allowances:compute", "--region", "330502", "--month", "2026-11", "--as", "nobody"]);
    expect(refused.code).toBe(1);
    expect((await cli(["allowances:compute", "--region", "330522", "--month", "2026-13"])).err).toBe("--month 应为 YYYY-MM");
  });
});

describe("policy versions across an effective date", () => {
  it("uses version 1 up to November and version 2 from 1 December, closing version 1 the day before", async () => {
    const saved = await savePolicyVersion(db, { policyId }, { ...HUZHOU_POST_ALLOWANCE, effectiveFrom: "2026-12-01", amounts: { "5": 350, "4": 450, "3": 600, "2": 900, "1": 1300 } }, { userId: null, ip: "test" });
    expect(saved).toEqual({ ok: true, policyId, version: 2 });
    expect((await db.select().from(allowancePolicyVersions).where(eq(allowancePolicyVersions.policyId, policyId))).map((v) => [v.version, v.effectiveFrom, v.effectiveTo])).toEqual([
      [1, "2024-01-01", "2026-11-30"],
      [2, "2026-12-01", null],
    ]);
    const amountFor = async (month: string) => (JSON.parse((await cli(["allowances:compute", "--region", "330522", "--month", month, "--json"])).out) as { lines: Array<{ idNumber: string; amount: number; policy: string }> }).lines.find((l) => l.idNumber === staff.four!.idNumber);
    expect(await amountFor("2026-11")).toMatchObject({ amount: 400, policy: "湖州市养老护理员岗位补贴（第 1 版）" });
    expect(await amountFor("2026-12")).toMatchObject({ amount: 450, policy: "湖州市养老护理员岗位补贴（第 2 版）" });
    expect(await savePolicyVersion(db, { policyId }, { ...HUZHOU_POST_ALLOWANCE, effectiveFrom: "2026-06-01", effectiveTo: "2026-12-31" }, { userId: null, ip: "test" })).toMatchObject({ ok: false, field: "effectiveFrom" });
  });

  it("lets only the system admin add versions through the page, with field errors in Chinese", async () => {
    expect((await run(policiesPage.loader, getRequest("/admin/allowance-policies", { cookie: cookies.city }))).status).toBe(403);
    const bad = await run<{ errors: Record<string, string> }>(
      policiesPage.action,
      postRequest("/admin/allowance-policies", { policyId: "", name: "", regionCode: "3305", kind: "monthly", occupation: "elderly_caregiver", effectiveFrom: "2027-01-01", noticeDays: "5" }, { cookie: cookies.admin }),
    );
    expect(bad.status).toBe(400);
    expect(bad.data!.errors).toMatchObject({ name: "请填写政策名称", regionCode: "请填写 6 位行政区划代码", amount_5: "请至少填写一档金额", cond_valid_certificate: "按等级发放的补贴须以持有效证书为条件" });
    const created = await run(
      policiesPage.action,
      postRequest("/admin/allowance-policies", { policyId: "", name: "长兴县一次性等级奖励", regionCode: "330522", kind: "level_award", occupation: "elderly_caregiver", effectiveFrom: "2027-01-01", amount_5: "500", amount_4: "1000", cond_valid_certificate: "on", cond_min_service_months: "on", minServiceMonths: "24", noticeDays: "7" }, { cookie: cookies.admin }),
    );
    expect(created.location).toBe("/admin/allowance-policies");
    const page = await run<{ policies: Array<{ name: string; versions: Array<{ amounts: string; conditions: string[] }> }> }>(policiesPage.loader, getRequest("/admin/allowance-policies", { cookie: cookies.admin }));
    expect(page.data!.policies.find((p) => p.name === "长兴县一次性等级奖励")!.versions[0]).toMatchObject({ amounts: "五级 500 元，四级 1000 元", conditions: ["当月 1 日持有本职业有效证书（取最高等级；已吊销、未核验的不计）", "当月前服务满 24 个整月"] });
  });
});

describe("the review workflow, permission-checked by region", () => {
  let listId = 0;

  it("the institution generates its November list and declares it", async () => {
    const generated = await generate(orgs.a, "2026-11");
    listId = (await listOf(orgs.a, "2026-11")).id;
    expect(generated.location).toBe(`/allowances/${listId}`);
    const page = await pageOf(listId, "instA");
    expect(page.data.lines.map((l: { name: string; amount: number }) => [l.name, l.amount])).toEqual([
      [staff.four!.name, 400],
      [staff.three!.name, 500],
    ]);
    expect(page.data.exclusions).toHaveLength(4);
    expect(page.data.can).toMatchObject({ declare: true, review: false, approve: false });
    // Other institutions, other districts and trainees cannot see it or act on it.
    expect((await pageOf(listId, "instW")).status).toBe(404);
    expect((await pageOf(listId, "districtWuxing")).status).toBe(404);
    expect((await pageOf(listId, "trainee")).status).toBe(403);
    expect((await step(listId, { intent: "declare" }, "district")).status).toBe(403);
    expect((await step(listId, { intent: "declare" }, "instA")).location).toBe(`/allowances/${listId}`);
    expect((await listOf(orgs.a, "2026-11")).status).toBe("declared");
  });

  it("only the district of the institution excludes a line, and only with a reason", async () => {
    const line = (await firstRow(db.select().from(allowanceLines).where(and(eq(allowanceLines.listId, listId), eq(allowanceLines.personId, staff.three!.id)))))!;
    expect((await step(listId, { intent: "exclude", lineId: String(line.id), reason: "核查" }, "districtWuxing")).status).toBe(404);
    expect((await step(listId, { intent: "exclude", lineId: String(line.id), reason: "核查" }, "city")).status).toBe(403);
    expect((await step(listId, { intent: "exclude", lineId: String(line.id), reason: "核查" }, "instA")).status).toBe(403);
    const noReason = await step(listId, { intent: "exclude", lineId: String(line.id), reason: " " }, "district");
    expect(noReason.data).toMatchObject({ errors: { reason: "请填写理由（至少 2 个字）" } });
    await step(listId, { intent: "exclude", lineId: String(line.id), reason: "当月实际在外地进修，出勤记录有误" }, "district");
    expect(await firstRow(db.select().from(allowanceLines).where(eq(allowanceLines.id, line.id)))).toMatchObject({ excludedReason: "当月实际在外地进修，出勤记录有误", claimed: false });
  });

  it("opens 公示, records and answers an objection, and the city approves only after the notice ends", async () => {
    expect((await step(listId, { intent: "open-notice", days: "5" }, "district")).location).toBe(`/allowances/${listId}`);
    const opened = await listOf(orgs.a, "2026-11");
    expect(opened).toMatchObject({ status: "publicised", noticeStartsOn: expect.any(String) });
    const early = await step(listId, { intent: "approve" }, "city");
    expect(early.status).toBe(409);
    expect(early.data).toMatchObject({ errors: { _form: `公示期至 ${opened.noticeEndsOn} 结束，公示期满后才能审批` } });
    await db.update(allowanceLists).set({ noticeStartsOn: "2026-11-20", noticeEndsOn: "2026-11-24" }).where(eq(allowanceLists.id, listId));
    await step(listId, { intent: "record-objection", raisedBy: "匿名群众", content: "该人员当月请假较多", lineId: "" }, "district");
    expect((await step(listId, { intent: "approve" }, "city")).data).toMatchObject({ errors: { _form: "还有 1 条异议未答复" } });
    const objectionId = (await pageOf(listId, "district")).data.objections[0].id;
    await step(listId, { intent: "resolve-objection", objectionId: String(objectionId), resolution: "经核实考勤无误，维持原名单" }, "district");
    expect((await step(listId, { intent: "approve" }, "districtWuxing")).status).toBe(403);
    expect((await step(listId, { intent: "approve" }, "city")).location).toBe(`/allowances/${listId}`);
    const approved = await listOf(orgs.a, "2026-11");
    expect(approved.status).toBe("approved");
    expect(approved.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const events = (await db.select({ event: auditLog.event }).from(auditLog).where(eq(auditLog.targetId, String(listId)))).map((e) => e.event);
    expect(events).toEqual(expect.arrayContaining(["allowance.list_computed", "allowance.list_declared", "allowance.notice_opened", "allowance.list_approved"]));
  });

  it("a locked list never changes: every step is refused and its content still matches its hash", async () => {
    const before = await listOf(orgs.a, "2026-11");
    const lineId = String((await firstRow(db.select().from(allowanceLines).where(eq(allowanceLines.listId, listId))))!.id);
    for (const [fields, as] of [
      [{ intent: "refresh" }, "instA"],
      [{ intent: "declare" }, "instA"],
      [{ intent: "exclude", lineId, reason: "再次核查" }, "district"],
      [{ intent: "open-notice", days: "3" }, "district"],
      [{ intent: "record-objection", raisedBy: "某人", content: "再提异议", lineId: "" }, "district"],
      [{ intent: "approve" }, "city"],
    ] as const) {
      const refused = await step(listId, fields, as);
      expect(refused.status, fields.intent).toBe(409);
      expect(refused.data.errors._form, fields.intent).toMatch(/^名册已审批锁定，不能/);
    }
    await generate(orgs.a, "2026-11");
    expect(await listOf(orgs.a, "2026-11")).toEqual(before);
    expect(await listIntact(db, before)).toBe(true);
    expect((await pageOf(listId, "city")).data.list).toMatchObject({ intact: true, contentHash: before.contentHash });
  });

  it("a change made behind the application's back shows as a broken hash", async () => {
    const line = (await firstRow(db.select().from(allowanceLines).where(eq(allowanceLines.listId, listId))))!;
    await db.update(allowanceLines).set({ amount: line.amount + 1 }).where(eq(allowanceLines.id, line.id));
    expect(await listIntact(db, await listOf(orgs.a, "2026-11"))).toBe(false);
    await db.update(allowanceLines).set({ amount: line.amount }).where(eq(allowanceLines.id, line.id));
    expect(await listIntact(db, await listOf(orgs.a, "2026-11"))).toBe(true);
  });

  it("still matches after the institution, the policy and a worker are renamed, and the exports print the names as approved", async () => {
    const list = await listOf(orgs.a, "2026-11");
    const organisation = (await firstRow(db.select().from(organisations).where(eq(organisations.id, orgs.a))))!;
    const line = (await firstRow(db.select().from(allowanceLines).where(eq(allowanceLines.listId, listId))))!;
    const person = (await firstRow(db.select().from(people).where(eq(people.id, line.personId))))!;
    const policyName = (await firstRow(db.select().from(allowancePolicies).where(eq(allowancePolicies.id, list.policyId))))!.name;
    await db.update(organisations).set({ name: `${organisation.name}（更名后）` }).where(eq(organisations.id, orgs.a));
    await db.update(allowancePolicies).set({ name: "改名后的政策" }).where(eq(allowancePolicies.id, list.policyId));
    await db.update(people).set({ name: `${person.name}改` }).where(eq(people.id, person.id));
    try {
      expect(await listIntact(db, await listOf(orgs.a, "2026-11"))).toBe(true);
      expect((await pageOf(listId, "city")).data.list).toMatchObject({ intact: true });
      const csv = await (await download(listId, "list.csv")).text();
      expect(csv).toContain(organisation.name);
      expect(csv).not.toContain("（更名后）");
      // A real change to a stored line still breaks it.
      await db.update(allowanceLines).set({ amount: line.amount + 100 }).where(eq(allowanceLines.id, line.id));
      expect(await listIntact(db, await listOf(orgs.a, "2026-11"))).toBe(false);
      await db.update(allowanceLines).set({ amount: line.amount }).where(eq(allowanceLines.id, line.id));
    } finally {
      await db.update(organisations).set({ name: organisation.name }).where(eq(organisations.id, orgs.a));
      await db.update(people).set({ name: person.name }).where(eq(people.id, person.id));
      await db.update(allowancePolicies).set({ name: policyName }).where(eq(allowancePolicies.id, list.policyId));
    }
  });

  // An upgrade path of SQLite installations only (PostgreSQL databases start from a schema that keeps the header), so
  // the PostgreSQL suite has no such test rather than a skipped one.
  const sqlite = sqliteConnectionOf(db);
  if (sqlite) {
    it("a list approved before the header was kept still matches after the migration's backfill", async () => {
      await db.update(allowanceLists).set({ approvedHeader: null }).where(eq(allowanceLists.id, listId));
      expect(await listIntact(db, await listOf(orgs.a, "2026-11"))).toBe(false);
      const migration = fs.readFileSync("db/migrations/0011_wave3.sql", "utf8");
      // Replays the SQLite migration's backfill on the raw connection.
      sqlite.exec(migration.slice(migration.indexOf("UPDATE `allowance_lists`")));
      expect(await listIntact(db, await listOf(orgs.a, "2026-11"))).toBe(true);
    });
  }

  it("corrections are adjustment lines of a later month's list", async () => {
    const worker = (await firstRow(db.select().from(allowanceLines).where(and(eq(allowanceLines.listId, listId), eq(allowanceLines.personId, staff.three!.id)))))!.workerId;
    const sameMonth = await step(listId, { intent: "adjust", workerId: String(worker), month: "2026-11", amount: "500", reason: "进修期间出勤已补录" }, "district");
    expect(sameMonth.data).toMatchObject({ errors: { _form: "调整只能计入以后月份的名册" } });
    expect((await step(listId, { intent: "adjust", workerId: String(worker), month: "2026-12", amount: "500", reason: "进修期间出勤已补录" }, "instA")).status).toBe(403);
    expect((await step(listId, { intent: "adjust", workerId: String(worker), month: "2026-12", amount: "500", reason: "进修期间出勤已补录" }, "district")).location).toBe(`/allowances/${listId}`);
    await generate(orgs.a, "2026-12");
    const december = (await pageOf((await listOf(orgs.a, "2026-12")).id, "instA")).data.lines as Array<{ name: string; kind: string; amount: number; rule: string }>;
    expect(december.filter((l) => l.kind === "adjustment")).toEqual([expect.objectContaining({ name: staff.three!.name, amount: 500, rule: "更正 2026-11 名册：进修期间出勤已补录" })]);
    expect(await listIntact(db, await listOf(orgs.a, "2026-11"))).toBe(true);
  });
});

describe("one payment per person, month and allowance, even when two institutions declare", () => {
  it("refuses to declare a stale list holding a person another institution has declared", async () => {
    // 甲's October list is computed while 吴兴's record fails a condition, so 甲 pays the person …
    const wuxingWorker = (await firstRow(db.select().from(workers).where(and(eq(workers.organisationId, orgs.wuxing), eq(workers.personId, staff.twice!.id)))))!;
    const october = and(eq(workerMonths.workerId, wuxingWorker.id), eq(workerMonths.month, "2026-10"));
    await db.update(workerMonths).set({ attendanceDays: 10 }).where(october);
    await generate(orgs.a, "2026-10");
    expect(await firstRow(db.select().from(allowanceLines).where(and(eq(allowanceLines.listId, (await listOf(orgs.a, "2026-10")).id), eq(allowanceLines.personId, staff.twice!.id))))).toBeDefined();
    // … then 吴兴 corrects the record and declares first.
    await db.update(workerMonths).set({ attendanceDays: 22 }).where(october);
    await generate(orgs.wuxing, "2026-10", "instW");
    await step((await listOf(orgs.wuxing, "2026-10")).id, { intent: "declare" }, "instW");
    const stale = await step((await listOf(orgs.a, "2026-10")).id, { intent: "declare" }, "instA");
    expect(stale.status).toBe(409);
    expect(stale.data.errors._form).toBe(`${staff.twice!.name}（${staff.twice!.idNumber}）已列入其他机构已申报的名册，请重新生成本名册`);
    expect((await listOf(orgs.a, "2026-10")).status).toBe("draft");
    // Recomputed, the list explains it and can be declared.
    await generate(orgs.a, "2026-10");
    expect((await step((await listOf(orgs.a, "2026-10")).id, { intent: "declare" }, "instA")).location).toBeTruthy();
  });
});

describe("exports read back", () => {
  let listId = 0;
  beforeAll(async () => {
    listId = (await listOf(orgs.a, "2026-11")).id;
  });

  it("refuses to export a list that is not locked", async () => {
    await generate(orgs.b, "2026-11", "instB");
    expect((await download((await listOf(orgs.b, "2026-11")).id, "bank.xlsx")).status).toBe(409);
    expect((await download(listId, "bank.xlsx", "districtWuxing")).status).toBe(404);
  });

  it("the bank XLSX lists the paid lines with accounts, and the hash", async () => {
    const response = await download(listId, "bank.xlsx");
    expect(response.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const rows = workbook.getWorksheet("代发明细")!.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
    expect(rows).toEqual([
      ["序号", "姓名", "身份证号", "银行账号", "金额（元）"],
      [1, staff.four!.name, staff.four!.idNumber, `62284800000${String(staff.four!.id).padStart(8, "0")}`, 400],
    ]);
    const notes = workbook.getWorksheet("说明")!.getColumn(1).values.slice(1);
    expect(notes).toContain(`长兴县甲养老院 2026-11 名册校验码（SHA-256）：${(await listOf(orgs.a, "2026-11")).contentHash}`);
    expect(notes).toContain("合计 1 人，400 元");
  });

  it("the CSV carries the hash on every row", async () => {
    const text = await (await download(listId, "list.csv", "instA")).text();
    const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, "")).filter((r) => r.length > 1);
    expect(header).toEqual(["序号", "机构", "月份", "姓名", "身份证号", "银行账号", "等级", "金额（元）", "依据", "名册校验码"]);
    // Month, ID number and account in the ="…" form a spreadsheet keeps as text (tests/integration/exports.test.ts).
    expect(rows).toEqual([["1", "长兴县甲养老院", '="2026-11"', staff.four!.name, `="${staff.four!.idNumber}"`, expect.any(String), "四级", "400", "湖州市养老护理员岗位补贴（第 1 版）：四级 400 元/月", (await listOf(orgs.a, "2026-11")).contentHash]]);
  });

  it("the PDF roster has the lines, totals per level and institution, signature lines and the hash", async () => {
    const response = await download(listId, "roster.pdf", "district");
    const doc = mupdf.Document.openDocument(new Uint8Array(await response.arrayBuffer()), "application/pdf");
    let text = "";
    for (let i = 0; i < doc.countPages(); i++) text += doc.loadPage(i).toStructuredText("preserve-whitespace").asText();
    for (const expected of ["湖州市养老护理员岗位补贴发放名册", "长兴县甲养老院", staff.four!.name, staff.four!.idNumber, "按等级汇总", "四级：1 人，400 元", "按机构汇总", "长兴县甲养老院：1 人，400 元", "市民政部门审批（盖章）", (await listOf(orgs.a, "2026-11")).contentHash!]) {
      expect(text.replace(/\s+/g, ""), expected).toContain(expected.replace(/\s+/g, ""));
    }
    expect(text).not.toContain(staff.three!.name);
  });
});
