import { firstRow } from "../../db/query.ts";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server.ts";
import { createSession } from "../../app/auth/session.server.ts";
import { declareList, openNotice, refreshInstitutionLists, approveList } from "../../app/allowances/lists.server.ts";
import { maskHolderName } from "../../certificates/mask.ts";
import { chinaDate } from "../../app/utils/dates.ts";
import * as noticesPage from "../../app/notices/routes/notices.tsx";
import * as noticePage from "../../app/notices/routes/allowance-notice.tsx";
import * as myPage from "../../app/me/routes/my.tsx";
import * as listPage from "../../app/allowances/routes/list.tsx";
import * as learnHome from "../../app/learning/routes/learn-home.tsx";
import * as regionHome from "../../app/regions/routes/region-home.tsx";
import { createAllowancePolicy, createCertificate, createOrganisation, createPerson, createUser, createWorker, recordWorkerMonth } from "../../seeds/factories.ts";
import { allowanceLines, allowanceLists, allowanceObjections, auditLog, people } from "../../db/schema.ts";
import { getRequest, postRequest, run } from "../setup/requests.ts";

const cookies: Record<string, string> = {};
const users: Record<string, { id: number; personId: number }> = {};
const persons: Record<string, { id: number; name: string; idNumber: string; bankAccount: string }> = {};
const lists = { running: 0, declared: 0, ended: 0, approved: 0 };
const by = (userId: number) => ({ userId, realUserId: userId, ip: "test" });
const today = chinaDate(new Date());

async function login(key: string, spec: Parameters<typeof createUser>[1]) {
  const user = await createUser(db, spec);
  cookies[key] = `carecert_session=${(await createSession(db, user.id)).token}`;
  users[key] = { id: user.id, personId: user.personId };
  return user;
}

/** A certified caregiver with good October and November records; `person` reuses an account's person. */
async function caregiver(key: string, organisationId: number, options: { personId?: number; attendanceDays?: number } = {}) {
  const personId = options.personId ?? (await createPerson(db, { name: `护理员${key}` })).id;
  await createCertificate(db, { personId, level: 4, issuedOn: "2024-05-20", verifiedAt: new Date("2024-06-01T10:00:00+08:00") });
  const bankAccount = `62284800000${String(personId).padStart(8, "0")}`;
  const worker = await createWorker(db, { organisationId, personId, hiredOn: "2023-01-01", bankAccount });
  for (const month of ["2026-10", "2026-11"]) await recordWorkerMonth(db, { workerId: worker.id, month, attendanceDays: options.attendanceDays ?? 22, continuingEducationHours: 3 });
  const p = (await firstRow(db.select().from(people).where(eq(people.id, personId))))!;
  persons[key] = { id: p.id, name: p.name, idNumber: p.idNumber, bankAccount };
}

/** Computes, declares and (unless told) opens the 公示 of an institution's November list, today. */
async function november(organisationId: number, steps: { notice?: boolean } = {}) {
  const [listId] = await refreshInstitutionLists(db, organisationId, "2026-11", by(users.institution!.id));
  await declareList(db, listId!, by(users.institution!.id));
  if (steps.notice !== false) await openNotice(db, listId!, 5, by(users.district!.id));
  return listId!;
}

const notice = (listId: number, cookie?: string) => run(noticePage.loader, getRequest(`/notices/allowances/${listId}`, { cookie }), { listId: String(listId) });
const my = (key: string) => run(myPage.loader, getRequest("/my", { cookie: cookies[key] }));
const object = (key: string, fields: Record<string, string>) => run(myPage.action, postRequest("/my", fields, { cookie: cookies[key] }));
const lineOf = async (listId: number, personId: number) => (await firstRow(db.select().from(allowanceLines).where(and(eq(allowanceLines.listId, listId), eq(allowanceLines.personId, personId)))))!;

beforeAll(async () => {
  await createAllowancePolicy(db);
  const a = (await createOrganisation(db, { type: "elderly_care", name: "长兴县甲养老院", regionCode: "330522001" })).id;
  const b = (await createOrganisation(db, { type: "elderly_care", name: "长兴县乙养老院", regionCode: "330522110" })).id;
  const c = (await createOrganisation(db, { type: "elderly_care", name: "长兴县丙养老院", regionCode: "330522111" })).id;
  const d = (await createOrganisation(db, { type: "elderly_care", name: "长兴县丁养老院", regionCode: "330522002" })).id;
  await createOrganisation(db, { type: "civil_affairs", name: "长兴县民政局", regionCode: "330522" });
  await login("institution", { role: "institution_admin", organisationId: a });
  await login("district", { role: "district_officer", regionCode: "330522" });
  await login("worker", { role: "trainee" });
  await login("colleague", { role: "trainee" });
  await login("leftOut", { role: "trainee" });
  await login("stranger", { role: "trainee" });
  await caregiver("worker", a, { personId: users.worker!.personId });
  await caregiver("colleague", a, { personId: users.colleague!.personId });
  await caregiver("leftOut", a, { personId: users.leftOut!.personId, attendanceDays: 19 });
  await caregiver("b", b);
  await caregiver("c", c);
  await caregiver("d", d);
  lists.running = await november(a);
  lists.declared = await november(b, { notice: false });
  lists.ended = await november(c);
  await db.update(allowanceLists).set({ noticeStartsOn: "2026-11-20", noticeEndsOn: "2026-11-24" }).where(eq(allowanceLists.id, lists.ended));
  lists.approved = await november(d);
  await db.update(allowanceLists).set({ noticeStartsOn: "2026-11-20", noticeEndsOn: "2026-11-24" }).where(eq(allowanceLists.id, lists.approved));
  await approveList(db, lists.approved, by(users.district!.id));
});

describe("public notices (no login)", () => {
  it("/notices lists only the lists in 公示 today, with district, payees, total and the period's end", async () => {
    const page = await run(noticesPage.loader, getRequest("/notices"));
    expect(page.status).toBe(200);
    expect(page.data.rows).toEqual([
      { key: `allowance-${lists.running}`, href: `/notices/allowances/${lists.running}`, district: "长兴县", issuer: "长兴县甲养老院", title: "2026-11 湖州市养老护理员岗位补贴", payees: 2, total: 800, endsOn: expect.any(String) },
    ]);
    expect(page.data.districts).toEqual([{ value: "330522", label: "长兴县" }]);
    expect((await run(noticesPage.loader, getRequest("/notices?district=330522"))).data.rows).toHaveLength(1);
    // A district without notices is not a choice: the filter falls back to every district.
    expect((await run(noticesPage.loader, getRequest("/notices?district=330502"))).data.district).toBe("");
  });

  it("shows masked names, occupation and level, amount and the reason, the period and where to object in writing", async () => {
    const page = await notice(lists.running);
    expect(page.status).toBe(200);
    expect(page.data.notice).toMatchObject({ organisationName: "长兴县甲养老院", districtName: "长兴县", month: "2026-11", startsOn: today, office: "长兴县民政局", payees: 2, total: 800 });
    expect(page.data.rows).toEqual([
      { key: expect.any(String), maskedName: maskHolderName(persons.worker!.name), detail: "养老护理员 四级/中级工", amount: 400, reason: "湖州市养老护理员岗位补贴（第 1 版）：四级 400 元/月", own: false },
      { key: expect.any(String), maskedName: maskHolderName(persons.colleague!.name), detail: "养老护理员 四级/中级工", amount: 400, reason: "湖州市养老护理员岗位补贴（第 1 版）：四级 400 元/月", own: false },
    ]);
    expect(page.data.signedIn).toBe(false);
  });

  it("never carries a full name, an ID number or a bank account, signed in or not", async () => {
    for (const cookie of [undefined, cookies.worker]) {
      const text = JSON.stringify((await notice(lists.running, cookie)).data);
      for (const p of Object.values(persons)) {
        expect(text).not.toContain(p.idNumber);
        expect(text).not.toContain(p.idNumber.slice(6, 14)); // the birth date digits alone
        expect(text).not.toContain(p.bankAccount);
        expect(text).not.toContain(p.name);
      }
    }
  });

  it("answers 404 for a list not in 公示: declared only, notice ended, approved, or missing", async () => {
    for (const listId of [lists.declared, lists.ended, lists.approved, 999999]) expect((await notice(listId)).status, String(listId)).toBe(404);
  });

  it("marks the signed-in worker's own line and offers only that line to object about", async () => {
    const page = await notice(lists.running, cookies.worker);
    expect(page.data.rows.filter((r: { own: boolean }) => r.own)).toHaveLength(1);
    expect(page.data.ownLines).toEqual([{ lineId: (await lineOf(lists.running, persons.worker!.id)).id, label: "本人：四级/中级工 400 元" }]);
  });

  it("sends an anonymous objection to log in", async () => {
    const posted = await run(noticePage.action, postRequest(`/notices/allowances/${lists.running}`, { lineId: "", content: "名单有误，请核实" }), { listId: String(lists.running) });
    expect(posted.status).toBe(302);
    expect(posted.location).toBe(`/login?redirectTo=${encodeURIComponent(`/notices/allowances/${lists.running}`)}`);
  });
});

describe("the worker's own view (/my)", () => {
  it("shows the worker's lines by month with status, and no other worker's line", async () => {
    const page = await my("worker");
    expect(page.status).toBe(200);
    expect(page.data.allowances).toEqual([
      expect.objectContaining({ month: "2026-11", organisationName: "长兴县甲养老院", level: "四级", amount: 400, status: `公示中（${today} 至 ${(await firstRow(db.select().from(allowanceLists).where(eq(allowanceLists.id, lists.running))))!.noticeEndsOn}）` }),
    ]);
    const text = JSON.stringify(page.data);
    for (const other of ["colleague", "leftOut", "b", "c", "d"]) {
      expect(text).not.toContain(persons[other]!.name);
      expect(text).not.toContain(persons[other]!.idNumber);
    }
    expect(text).not.toContain(persons.worker!.bankAccount);
    expect(page.data.objectable).toEqual([{ listId: lists.running, title: "长兴县甲养老院 2026-11 湖州市养老护理员岗位补贴", lines: [{ lineId: (await lineOf(lists.running, persons.worker!.id)).id, label: "四级 400 元" }] }]);
  });

  it("shows a worker left out why, and lets them object to the list as a whole", async () => {
    const page = await my("leftOut");
    expect(page.data.allowances).toEqual([expect.objectContaining({ month: "2026-11", amount: null, status: "未列入名册", reason: "当月出勤 19 天，少于 20 天" })]);
    expect(page.data.objectable).toEqual([expect.objectContaining({ listId: lists.running, lines: [] })]);
  });

  it("shows the monthly records the institutions entered, education hours per year and the certificates", async () => {
    const sections = Object.fromEntries((await my("worker")).data.sections.map((s: { key: string }) => [s.key, s])) as Record<string, { rows: Array<{ cells: unknown[] }> }>;
    expect(sections.monthly!.rows.map((r) => r.cells)).toEqual([
      ["2026-11", "长兴县甲养老院", 22, "已缴", 3, "无"],
      ["2026-10", "长兴县甲养老院", 22, "已缴", 3, "无"],
    ]);
    expect(sections.education!.rows.map((r) => r.cells)).toEqual([["2026 年", 6, 0, 6, "长兴县甲养老院"]]);
    expect(sections.certificates!.rows).toHaveLength(1);
  });

  it("shows a user with no records empty sections, and sends anonymous visitors to log in", async () => {
    const page = await my("stranger");
    expect(page.data.allowances).toEqual([]);
    expect(page.data.objectable).toEqual([]);
    expect((await run(myPage.loader, getRequest("/my"))).status).toBe(302);
  });
});

describe("objections by the worker", () => {
  it("refuses an empty text and one too long, next to the field", async () => {
    const empty = await object("worker", { listId: String(lists.running), lineId: "", content: "  " });
    expect(empty.status).toBe(400);
    expect(empty.data.errors.content).toBe("请写明异议内容（至少 5 个字）");
    const long = await object("worker", { listId: String(lists.running), lineId: "", content: "很".repeat(501) });
    expect(long.data.errors.content).toBe("最多 500 个字");
  });

  it("refuses another worker's line, and lists outside the 公示 period", async () => {
    const others = await object("worker", { listId: String(lists.running), lineId: String((await lineOf(lists.running, persons.colleague!.id)).id), content: "这条记录有问题" });
    expect(others.status).toBe(409);
    expect(others.data.errors._form).toBe("名册中没有您的这条记录");
    const ended = await object("worker", { listId: String(lists.ended), lineId: "", content: "这份名册有问题" });
    expect(ended.data.errors._form).toBe("公示期已于 2026-11-24 结束，不能再在线提出异议；如有问题请书面向区县民政部门反映");
    expect((await object("worker", { listId: String(lists.declared), lineId: "", content: "这份名册有问题" })).data.errors._form).toBe("这份名册不在公示期，不能提出异议");
    expect(await db.select().from(allowanceObjections)).toEqual([]);
  });

  it("records an objection about one's own line, source online, refuses the duplicate, and the district sees and answers it", async () => {
    const lineId = (await lineOf(lists.running, persons.worker!.id)).id;
    const fields = { listId: String(lists.running), lineId: String(lineId), content: "我11月取得三级证书，金额应按三级计算" };
    const raised = await object("worker", fields);
    expect(raised.status).toBe(302);
    expect(raised.location).toBe("/my");
    const [row] = await db.select().from(allowanceObjections);
    expect(row).toMatchObject({ listId: lists.running, lineId, raisedBy: persons.worker!.name, source: "online", raisedByPersonId: persons.worker!.id, recordedBy: users.worker!.id, resolution: null });
    expect(await db.select().from(auditLog).where(eq(auditLog.event, "allowance.objection_raised"))).toHaveLength(1);

    const again = await object("worker", { ...fields, content: ` ${fields.content}  ` });
    expect(again.status).toBe(409);
    expect(again.data.errors._form).toBe("这条异议已登记（提出人、内容相同，尚未答复），不再重复登记");

    // The district's list page and to-do show it beside the written ones.
    const district = await run(listPage.loader, getRequest(`/allowances/${lists.running}`, { cookie: cookies.district }), { listId: String(lists.running) });
    expect(district.data.objections).toEqual([expect.objectContaining({ raisedBy: persons.worker!.name, source: "本人在线提出", resolution: null })]);
    const home = (await run(regionHome.loader, getRequest("/region", { cookie: cookies.district }))).data as { todos: Array<{ todos: Array<{ key: string; label: string }> }> };
    expect(home.todos.flatMap((s) => s.todos).find((t) => t.key === `objections:${lists.running}`)?.label).toBe("待答复的异议 · 长兴县甲养老院 2026-11（其中本人在线提出 1 条）");

    const pending = await my("worker");
    expect(pending.data.objections).toEqual([expect.objectContaining({ content: fields.content, resolution: null })]);

    const answered = await run(listPage.action, postRequest(`/allowances/${lists.running}`, { intent: "resolve-objection", objectionId: String(row!.id), resolution: "已核实：三级证书于 12 月核验，自 12 月起按三级发放" }, { cookie: cookies.district }), { listId: String(lists.running) });
    expect(answered.status).toBe(302);
    const after = await my("worker");
    expect(after.data.objections).toEqual([expect.objectContaining({ resolution: "已核实：三级证书于 12 月核验，自 12 月起按三级发放", resolvedAt: expect.any(String) })]);
    // Nobody else sees it on their page.
    expect((await my("colleague")).data.objections).toEqual([]);
  });

  it("puts the answer on the worker's to-do list, and only theirs", async () => {
    const todos = async (key: string) => ((await run(learnHome.loader, getRequest("/learn", { cookie: cookies[key] }))).data as { todos: Array<{ todos: Array<{ key: string; count: number; href: string }> }> }).todos.flatMap((s) => s.todos);
    expect((await todos("worker")).find((t) => t.key === "objection-answers")).toEqual(expect.objectContaining({ count: 1, href: "/my#my-objections" }));
    expect((await todos("colleague")).find((t) => t.key === "objection-answers")).toBeUndefined();
  });

  it("lets a worker left out object to the whole list from the public page", async () => {
    const posted = await run(noticePage.action, postRequest(`/notices/allowances/${lists.running}`, { lineId: "", content: "我11月出勤20天，考勤记录有误" }, { cookie: cookies.leftOut }), { listId: String(lists.running) });
    expect(posted.status).toBe(302);
    expect(posted.location).toBe(`/notices/allowances/${lists.running}`);
    expect(await firstRow(db.select().from(allowanceObjections).where(eq(allowanceObjections.raisedByPersonId, persons.leftOut!.id)))).toMatchObject({ lineId: null, source: "online" });
  });

  it("keeps objections recorded by the district marked as written", async () => {
    const recorded = await run(listPage.action, postRequest(`/allowances/${lists.running}`, { intent: "record-objection", raisedBy: "群众来信", content: "某人已离职", lineId: "" }, { cookie: cookies.district }), { listId: String(lists.running) });
    expect(recorded.status).toBe(302);
    expect(await firstRow(db.select().from(allowanceObjections).where(eq(allowanceObjections.raisedBy, "群众来信")))).toMatchObject({ source: "written", raisedByPersonId: null });
  });
});
