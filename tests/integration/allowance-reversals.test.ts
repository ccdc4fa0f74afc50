import { firstRow } from "../../db/query.ts";
import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server.ts";
import { createSession } from "../../app/auth/session.server.ts";
import { chinaDate } from "../../app/utils/dates.ts";
import { takeNotice } from "../../app/utils/notice.server.ts";
import * as listsPage from "../../app/allowances/routes/lists.tsx";
import * as listPage from "../../app/allowances/routes/list.tsx";
import { createAllowancePolicy, createCertificate, createOrganisation, createPerson, createUser, createWorker, recordWorkerMonth } from "../../seeds/factories.ts";
import { allowanceLines, allowanceLists, allowanceObjections, auditLog } from "../../db/schema.ts";
import { getRequest, postRequest, run, type Outcome } from "../setup/requests.ts";

/** Every step of the list can be taken back until it is final (issue 13): withdraw, return, undo an exclusion. */

const cookies: Record<string, string> = {};
const orgs = { a: 0, empty: 0 };

async function login(key: string, spec: Parameters<typeof createUser>[1]) {
  const user = await createUser(db, spec);
  cookies[key] = `carecert_session=${(await createSession(db, user.id)).token}`;
}

async function caregiver(organisationId: number, level: number) {
  const person = await createPerson(db, {});
  await createCertificate(db, { personId: person.id, level, issuedOn: "2024-05-20", verifiedAt: new Date("2024-06-01T10:00:00+08:00") });
  const worker = await createWorker(db, { organisationId, personId: person.id, hiredOn: "2023-01-01", bankAccount: `6228480000${String(person.id).padStart(9, "0")}` });
  for (const month of ["2026-09", "2026-10", "2026-11"]) await recordWorkerMonth(db, { workerId: worker.id, month, attendanceDays: 22 });
}

const listOf = async (organisationId: number, month: string) => (await firstRow(db.select().from(allowanceLists).where(and(eq(allowanceLists.organisationId, organisationId), eq(allowanceLists.month, month)))))!;
// In id order: without ORDER BY, PostgreSQL returns an updated row after the others.
const linesOf = async (listId: number) => await db.select().from(allowanceLines).where(eq(allowanceLines.listId, listId)).orderBy(asc(allowanceLines.id));
const generate = (organisationId: number, month: string, as = "inst") => run(listsPage.action, postRequest("/allowances", { organisationId: String(organisationId), month }, { cookie: cookies[as] }));
const step = (listId: number, fields: Record<string, string>, as: string) => run(listPage.action, postRequest(`/allowances/${listId}`, fields, { cookie: cookies[as] }), { listId: String(listId) });
const confirmed = (listId: number, fields: Record<string, string>, as: string) => step(listId, { ...fields, confirmed: "yes" }, as);
const pageOf = (listId: number, as: string) => run(listPage.loader, getRequest(`/allowances/${listId}`, { cookie: cookies[as] }), { listId: String(listId) });
const noticeOf = (outcome: Outcome) => takeNotice(new Request("http://localhost/", { headers: { Cookie: outcome.headers.get("Set-Cookie")?.split(";")[0] ?? "" } })).notice;
const eventsOf = async (table: string, id: number) => (await db.select({ event: auditLog.event }).from(auditLog).where(and(eq(auditLog.targetTable, table), eq(auditLog.targetId, String(id))))).map((e) => e.event);

beforeAll(async () => {
  await createAllowancePolicy(db);
  orgs.a = (await createOrganisation(db, { type: "elderly_care", name: "长兴县丁养老院", regionCode: "330522001" })).id;
  orgs.empty = (await createOrganisation(db, { type: "elderly_care", name: "长兴县戊养老院", regionCode: "330522001" })).id;
  await login("inst", { role: "institution_admin", organisationId: orgs.a });
  await login("instEmpty", { role: "institution_admin", organisationId: orgs.empty });
  await login("district", { role: "district_officer", regionCode: "330522" });
  await login("city", { role: "city_officer", regionCode: "330500" });
  await caregiver(orgs.a, 4);
  await caregiver(orgs.a, 3);
});

describe("declaring", () => {
  it("refuses a month that has not ended by the China calendar, changing nothing", async () => {
    const current = chinaDate(new Date()).slice(0, 7);
    await generate(orgs.a, current);
    const list = await listOf(orgs.a, current);
    const refused = await confirmed(list.id, { intent: "declare" }, "inst");
    expect(refused.status).toBe(409);
    expect(refused.data.errors._form).toMatch(new RegExp(`^${current} 尚未结束，\\d{4}-\\d{2}-01 起才能申报$`));
    expect((await listOf(orgs.a, current)).status).toBe("draft");
    expect(await eventsOf("allowance_lists", list.id)).not.toContain("allowance.list_declared");
    expect((await pageOf(list.id, "inst")).data).toMatchObject({ can: { declare: false }, declareRefusal: refused.data.errors._form });
  });

  it("shows the payees, the total and the exclusions before, and refuses without the confirmation", async () => {
    await generate(orgs.a, "2026-11");
    const list = await listOf(orgs.a, "2026-11");
    expect((await pageOf(list.id, "inst")).data.summary).toEqual({ payees: 2, total: 900, totalText: "¥900.00", exclusions: 0 });
    const unconfirmed = await step(list.id, { intent: "declare" }, "inst");
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.data.errors._form).toBe("请先在确认框中核对后再提交");
    expect((await listOf(orgs.a, "2026-11")).status).toBe("draft");
  });

  it("declares and says so after, with the numbers", async () => {
    const list = await listOf(orgs.a, "2026-11");
    const declared = await confirmed(list.id, { intent: "declare" }, "inst");
    expect(declared.location).toBe(`/allowances/${list.id}`);
    expect(noticeOf(declared)).toBe("已申报 长兴县丁养老院 2026-11 名册：2 人，合计 ¥900.00");
    expect((await listOf(orgs.a, "2026-11")).status).toBe("declared");
  });

  it("declaring 0 payees needs the box 确认本月无人符合发放条件 ticked, checked on the server", async () => {
    await generate(orgs.empty, "2026-11", "instEmpty");
    const list = await listOf(orgs.empty, "2026-11");
    expect(await linesOf(list.id)).toHaveLength(0);
    const refused = await confirmed(list.id, { intent: "declare" }, "instEmpty");
    expect(refused.status).toBe(409);
    expect(refused.data.errors._form).toBe("本月没有符合发放条件的人员：请勾选“确认本月无人符合发放条件”后再申报");
    expect((await listOf(orgs.empty, "2026-11")).status).toBe("draft");
    const declared = await confirmed(list.id, { intent: "declare", zeroPayees: "yes" }, "instEmpty");
    expect(noticeOf(declared)).toBe("已申报 长兴县戊养老院 2026-11 名册：0 人，合计 ¥0.00");
    expect((await listOf(orgs.empty, "2026-11")).status).toBe("declared");
  });
});

describe("withdrawing a declared list (institution)", () => {
  it("takes it back to draft, releases its lines and logs it; only the institution may", async () => {
    const list = await listOf(orgs.a, "2026-11");
    expect((await confirmed(list.id, { intent: "withdraw" }, "district")).status).toBe(403);
    expect((await pageOf(list.id, "inst")).data.can).toMatchObject({ withdraw: true, declare: false });
    const withdrawn = await confirmed(list.id, { intent: "withdraw" }, "inst");
    expect(noticeOf(withdrawn)).toBe("已撤回 2026-11 名册的申报，名册可以修改后重新申报");
    expect(await listOf(orgs.a, "2026-11")).toMatchObject({ status: "draft", declaredAt: null, declaredBy: null });
    expect((await linesOf(list.id)).every((l) => !l.claimed)).toBe(true);
    expect(await eventsOf("allowance_lists", list.id)).toContain("allowance.list_withdrawn");
    // Editable again: recomputed and declared once more.
    expect((await confirmed(list.id, { intent: "refresh" }, "inst")).location).toBe(`/allowances/${list.id}`);
    await confirmed(list.id, { intent: "declare" }, "inst");
    expect((await listOf(orgs.a, "2026-11")).status).toBe("declared");
  });

  it("is refused once the district has excluded a line", async () => {
    const list = await listOf(orgs.a, "2026-11");
    const line = (await linesOf(list.id))[0]!;
    const excluded = await confirmed(list.id, { intent: "exclude", lineId: String(line.id), reason: "出勤记录待核实" }, "district");
    expect(noticeOf(excluded)).toBe(`已剔除 ${line.name}（¥${line.amount}.00）：出勤记录待核实`);
    const refused = await confirmed(list.id, { intent: "withdraw" }, "inst");
    expect(refused.status).toBe(409);
    expect(refused.data.errors._form).toBe("区县已开始审核（已剔除 1 条记录），不能撤回；如需修改，请联系区县退回名册");
    expect((await listOf(orgs.a, "2026-11")).status).toBe("declared");
  });
});

describe("undoing an exclusion (district), before 公示 only", () => {
  it("puts the line back on the list, claimed again, and logs it", async () => {
    const list = await listOf(orgs.a, "2026-11");
    const line = (await linesOf(list.id)).find((l) => l.excludedAt !== null)!;
    expect((await confirmed(list.id, { intent: "undo-exclusion", lineId: String(line.id) }, "inst")).status).toBe(403);
    const undone = await confirmed(list.id, { intent: "undo-exclusion", lineId: String(line.id) }, "district");
    expect(noticeOf(undone)).toBe(`已撤销对 ${line.name} 的剔除，重新列入名册`);
    expect(await firstRow(db.select().from(allowanceLines).where(eq(allowanceLines.id, line.id)))).toMatchObject({ excludedAt: null, excludedReason: null, claimed: true });
    expect(await eventsOf("allowance_lines", line.id)).toEqual(["allowance.line_excluded", "allowance.exclusion_undone"]);
    const again = await confirmed(list.id, { intent: "undo-exclusion", lineId: String(line.id) }, "district");
    expect(again.status).toBe(409);
  });

  it("is refused once 公示 has opened", async () => {
    const list = await listOf(orgs.a, "2026-11");
    const line = (await linesOf(list.id))[0]!;
    await confirmed(list.id, { intent: "exclude", lineId: String(line.id), reason: "出勤记录待核实" }, "district");
    const opened = await confirmed(list.id, { intent: "open-notice", days: "5" }, "district");
    expect(noticeOf(opened)).toMatch(/^已开启公示：\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}，名册 1 人，合计 ¥500\.00$/);
    const refused = await confirmed(list.id, { intent: "undo-exclusion", lineId: String(line.id) }, "district");
    expect(refused.status).toBe(409);
    expect(refused.data.errors._form).toBe("名册当前状态为“公示中”，不能撤销剔除");
    expect((await firstRow(db.select().from(allowanceLines).where(eq(allowanceLines.id, line.id))))!.excludedAt).not.toBeNull();
  });
});

describe("objections during 公示", () => {
  it("refuses the same objection (same person, same list, same text) while it is open", async () => {
    const list = await listOf(orgs.a, "2026-11");
    const objection = { intent: "record-objection", raisedBy: "匿名群众", content: "该人员当月请假较多", lineId: "" };
    expect(noticeOf(await step(list.id, objection, "district"))).toBe("已登记 匿名群众 的异议，答复前不能审批");
    const twice = await step(list.id, { ...objection, content: " 该人员当月请假较多 " }, "district");
    expect(twice.status).toBe(409);
    expect(twice.data.errors._form).toBe("这条异议已登记（提出人、内容相同，尚未答复），不再重复登记");
    expect(await db.select().from(allowanceObjections).where(eq(allowanceObjections.listId, list.id))).toHaveLength(1);
    // A different text from the same person is a new objection.
    await step(list.id, { ...objection, content: "另一名人员的证书已过期" }, "district");
    expect(await db.select().from(allowanceObjections).where(eq(allowanceObjections.listId, list.id))).toHaveLength(2);
  });
});

describe("returning a list with a reason (district)", () => {
  it("needs a reason, only the district may, and sends it back editable with the reason on its page", async () => {
    await generate(orgs.a, "2026-10");
    const list = await listOf(orgs.a, "2026-10");
    await confirmed(list.id, { intent: "declare" }, "inst");
    expect((await confirmed(list.id, { intent: "return", reason: "请补充出勤证明" }, "inst")).status).toBe(403);
    expect((await confirmed(list.id, { intent: "return", reason: "请补充出勤证明" }, "city")).status).toBe(403);
    const noReason = await confirmed(list.id, { intent: "return", reason: "" }, "district");
    expect(noReason.data.errors).toEqual({ reason: "请填写理由（至少 2 个字）" });
    const returned = await confirmed(list.id, { intent: "return", reason: "请补充出勤证明" }, "district");
    expect(noticeOf(returned)).toBe("已退回 长兴县丁养老院 2026-10 名册：请补充出勤证明");
    expect(await listOf(orgs.a, "2026-10")).toMatchObject({ status: "draft", returnedReason: "请补充出勤证明", declaredAt: null });
    expect((await linesOf(list.id)).every((l) => !l.claimed)).toBe(true);
    const page = await pageOf(list.id, "inst");
    expect(page.data.list.returned).toMatchObject({ reason: "请补充出勤证明" });
    expect(page.data.can).toMatchObject({ declare: true, refresh: true });
    expect(await eventsOf("allowance_lists", list.id)).toContain("allowance.list_returned");
    // Declared again, the reason has been dealt with.
    await confirmed(list.id, { intent: "declare" }, "inst");
    expect(await listOf(orgs.a, "2026-10")).toMatchObject({ status: "declared", returnedReason: null });
  });

  it("is refused once 公示 has opened", async () => {
    const list = await listOf(orgs.a, "2026-11");
    const refused = await confirmed(list.id, { intent: "return", reason: "请补充出勤证明" }, "district");
    expect(refused.status).toBe(409);
    expect(refused.data.errors._form).toBe("名册当前状态为“公示中”，不能退回");
  });
});

describe("approving", () => {
  it("asks first and tells after, with the hash", async () => {
    const list = await listOf(orgs.a, "2026-11");
    await db.update(allowanceLists).set({ noticeStartsOn: "2026-11-20", noticeEndsOn: "2026-11-24" }).where(eq(allowanceLists.id, list.id));
    for (const o of await db.select().from(allowanceObjections).where(eq(allowanceObjections.listId, list.id))) {
      expect(noticeOf(await step(list.id, { intent: "resolve-objection", objectionId: String(o.id), resolution: "经核实，维持原名单" }, "district"))).toBe("已答复异议");
    }
    expect((await step(list.id, { intent: "approve" }, "city")).status).toBe(400);
    const approved = await confirmed(list.id, { intent: "approve" }, "city");
    expect(noticeOf(approved)).toMatch(/^已审批并锁定 长兴县丁养老院 2026-11 名册：1 人，合计 ¥500\.00；校验码 [0-9a-f]{12}…$/);
  });
});
