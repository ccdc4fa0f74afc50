import { firstRow } from "../../db/query.ts";
import { addDays, format } from "date-fns";
import ExcelJS from "exceljs";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server.ts";
import { createSession } from "../../app/auth/session.server.ts";
import { addRedListEntry, placeCreditEntry } from "../../app/credit/credit.server.ts";
import * as listsPage from "../../app/allowances/routes/lists.tsx";
import * as regionCredit from "../../app/credit/routes/region-credit.tsx";
import * as regionCreditXlsx from "../../app/credit/routes/region-credit-xlsx.ts";
import * as newEntry from "../../app/credit/routes/region-credit-new.tsx";
import * as entryPage from "../../app/credit/routes/region-credit-entry.tsx";
import * as myCredit from "../../app/credit/routes/my-credit.tsx";
import * as publicCredit from "../../app/credit/routes/public-credit.tsx";
import * as verifyNumber from "../../app/certificates/routes/verify-number.tsx";
import * as organisationPage from "../../app/organisations/routes/organisation.tsx";
import { todosFor } from "../../app/home/todos.server.ts";
import { chinaDate } from "../../app/utils/dates.ts";
import { createAllowancePolicy, createCertificate, createOrganisation, createPerson, createUser, createWorker, recordWorkerMonth } from "../../seeds/factories.ts";
import { allowanceExclusions, allowanceLines, allowanceLists, auditLog, creditAppeals, creditEntries, people } from "../../db/schema.ts";
import { getRequest, postRequest, run } from "../setup/requests.ts";

const cookies: Record<string, string> = {};
const users: Record<string, { id: number; personId: number }> = {};
const orgs = { changxing: 0, wuxing: 0 };
const by = { userId: null, ip: "192.0.2.10" };
const today = chinaDate(new Date());
const inDays = (n: number) => format(addDays(new Date(`${today}T00:00:00`), n), "yyyy-MM-dd");

async function login(key: string, spec: Parameters<typeof createUser>[1]) {
  const user = await createUser(db, spec);
  cookies[key] = `carecert_session=${(await createSession(db, user.id)).token}`;
  users[key] = { id: user.id, personId: user.personId };
  return user;
}

/** A caregiver with a 四级 certificate and good October–December records at an institution. */
async function caregiver(organisationId: number, personId?: number) {
  const person = personId ? (await firstRow(db.select().from(people).where(eq(people.id, personId))))! : await createPerson(db);
  const certificate = await createCertificate(db, { personId: person.id, level: 4, issuedOn: "2024-05-20" });
  const worker = await createWorker(db, { organisationId, personId: person.id, bankAccount: `62284800000${String(person.id).padStart(8, "0")}` });
  for (const month of ["2026-10", "2026-11", "2026-12"]) await recordWorkerMonth(db, { workerId: worker.id, month });
  return { person, certificate, worker };
}

const black = (values: Partial<Record<string, string>> = {}) => ({
  list: "black",
  subjectKind: "person",
  regionCode: "330522",
  startsOn: "2026-11-10",
  termMonths: "24",
  category: "subsidy_fraud",
  reason: "虚报出勤天数套取岗位补贴",
  evidence: "考勤机原始记录（档案 2026-17）",
  decisionNumber: "长民信〔2026〕3号",
  published: "on",
  title: "",
  awardingBody: "",
  sourceDocument: "",
  ...values,
});

const place = (fields: Record<string, string>, as = "district") => run(newEntry.action, postRequest("/region/credit/new", fields, { cookie: cookies[as] }));
const entryStep = (entryId: number, fields: Record<string, string>, as = "district") => run(entryPage.action, postRequest(`/region/credit/${entryId}`, fields, { cookie: cookies[as] }), { entryId: String(entryId) });
const listPage = (search = "", as = "district") => run(regionCredit.loader, getRequest(`/region/credit${search}`, { cookie: cookies[as] }));

let listed: Awaited<ReturnType<typeof caregiver>>;
let neighbour: Awaited<ReturnType<typeof caregiver>>;
let wuxingWorker: Awaited<ReturnType<typeof caregiver>>;

beforeAll(async () => {
  await createAllowancePolicy(db);
  orgs.changxing = (await createOrganisation(db, { type: "elderly_care", name: "长兴县信用养老院", regionCode: "330522001" })).id;
  orgs.wuxing = (await createOrganisation(db, { type: "elderly_care", name: "吴兴区信用养老院", regionCode: "330502001" })).id;
  await login("district", { role: "district_officer", regionCode: "330522" });
  await login("districtWuxing", { role: "district_officer", regionCode: "330502" });
  await login("city", { role: "city_officer", regionCode: "330500" });
  await login("institution", { role: "institution_admin", organisationId: orgs.changxing });
  await login("worker", { role: "trainee", name: "失信测试员" });
  await login("trainee", { role: "trainee" });
  listed = await caregiver(orgs.changxing, users.worker!.personId);
  neighbour = await caregiver(orgs.changxing);
  wuxingWorker = await caregiver(orgs.wuxing);
});

describe("placing an entry", () => {
  it("reports every problem of the form at once, next to its field", async () => {
    const outcome = await place(black({ idNumber: "", startsOn: "2026-13-01", termMonths: "0", category: "", reason: "", decisionNumber: "" }));
    expect(outcome.status).toBe(400);
    expect((outcome.data as { errors: Record<string, string> }).errors).toEqual({
      idNumber: "请填写身份证号码",
      startsOn: "请填写有效日期",
      termMonths: "期限为 1–120 的整月数；长期有效（至撤销为止）请留空",
      category: "请选择失信行为类别",
      reason: "请写明列入理由（至少 4 个字）",
      decisionNumber: "请填写决定文书编号",
    });
    expect(await db.select().from(creditEntries)).toHaveLength(0);
  });

  it("refuses a person outside the officer's district, and a region outside it", async () => {
    const outcome = await place(black({ idNumber: wuxingWorker.person.idNumber, regionCode: "330502" }));
    expect(outcome.status).toBe(400);
    expect((outcome.data as { errors: Record<string, string> }).errors).toEqual({ regionCode: "请选择您管辖的地区", idNumber: "您辖区机构的从业人员名册中没有这个身份证号码" });
  });

  it("previews what will happen, then places the entry only once confirmed, with its audit row", async () => {
    const preview = await place(black({ idNumber: listed.person.idNumber }));
    expect(preview.status).toBe(200);
    const shown = (preview.data as { preview: { consequences: string[]; fields: Record<string, string> } }).preview;
    expect(shown.consequences[0]).toBe(`${listed.person.name}（${listed.person.idNumber.slice(0, 6)}********${listed.person.idNumber.slice(14)}） 列入黑名单：骗取、套取补贴资金（长民信〔2026〕3号），2026-11-10 起 24 个月（至 2028-11-09）`);
    expect(shown.consequences[1]).toContain("涉及 1 家在职机构");
    expect(await db.select().from(creditEntries)).toHaveLength(0);

    const placed = await place({ ...shown.fields, intent: "place", confirmed: "yes" });
    expect(placed.status).toBe(302);
    const entry = (await firstRow(db.select().from(creditEntries)))!;
    expect(placed.location).toBe(`/region/credit/${entry.id}`);
    expect(entry).toMatchObject({ list: "black", personId: listed.person.id, regionCode: "330522", category: "subsidy_fraud", published: true, termMonths: 24 });
    expect(await db.select().from(auditLog).where(and(eq(auditLog.event, "credit.entry_placed"), eq(auditLog.targetId, String(entry.id))))).toHaveLength(1);
  });
});

describe("scopes", () => {
  it("shows an entry to the district and the city that reach its region, and answers 404 elsewhere", async () => {
    const entry = (await firstRow(db.select().from(creditEntries)))!;
    expect((await listPage("", "district")).data).toMatchObject({ rows: [{ id: entry.id, state: "有效" }] });
    expect((await listPage("", "city")).data).toMatchObject({ rows: [{ id: entry.id }] });
    expect((await listPage("", "districtWuxing")).data).toMatchObject({ rows: [] });
    expect((await run(entryPage.loader, getRequest(`/region/credit/${entry.id}`, { cookie: cookies.districtWuxing }), { entryId: String(entry.id) })).status).toBe(404);
    expect((await entryStep(entry.id, { intent: "revoke", reason: "越权撤销的尝试", confirmed: "yes" }, "districtWuxing")).status).toBe(404);
  });

  it("refuses the officers' pages to an institution admin and a trainee, and the appeal page to an officer", async () => {
    for (const as of ["institution", "trainee"]) {
      expect((await listPage("", as)).status).toBe(403);
      expect((await run(newEntry.action, postRequest("/region/credit/new", black({ idNumber: listed.person.idNumber, confirmed: "yes" }), { cookie: cookies[as] }))).status).toBe(403);
    }
    expect((await run(myCredit.loader, getRequest("/credit", { cookie: cookies.district }))).status).toBe(403);
  });
});

describe("where a black-list entry shows", () => {
  it("leaves the listed worker out of the month's allowance list with the reason in words, and pays the colleague", async () => {
    const generated = await run(listsPage.action, postRequest("/allowances", { organisationId: String(orgs.changxing), month: "2026-11" }, { cookie: cookies.institution }));
    expect(generated.status).toBe(302);
    const list = (await firstRow(db.select().from(allowanceLists).where(and(eq(allowanceLists.organisationId, orgs.changxing), eq(allowanceLists.month, "2026-11")))))!;
    expect((await db.select().from(allowanceLines).where(eq(allowanceLines.listId, list.id))).map((l) => l.workerId)).toEqual([neighbour.worker.id]);
    const exclusion = (await firstRow(db.select().from(allowanceExclusions).where(and(eq(allowanceExclusions.listId, list.id), eq(allowanceExclusions.workerId, listed.worker.id)))))!;
    expect(exclusion.reasons).toEqual(["本人列入黑名单（骗取、套取补贴资金，长民信〔2026〕3号，2026-11-10 起 24 个月（至 2028-11-09））"]);
    // October was before the entry: the worker is paid for it.
    await run(listsPage.action, postRequest("/allowances", { organisationId: String(orgs.changxing), month: "2026-10" }, { cookie: cookies.institution }));
    const october = (await firstRow(db.select().from(allowanceLists).where(and(eq(allowanceLists.organisationId, orgs.changxing), eq(allowanceLists.month, "2026-10")))))!;
    expect((await db.select().from(allowanceLines).where(eq(allowanceLines.listId, october.id))).map((l) => l.workerId).sort()).toEqual([listed.worker.id, neighbour.worker.id].sort());
  });

  it("tells public verification the category and term, never the reason or the evidence", async () => {
    const outcome = await run(verifyNumber.loader, getRequest(`/verify/${listed.certificate.number}`), { number: listed.certificate.number });
    const credit = (outcome.data as { credit: Array<{ list: string; text: string }> }).credit;
    expect(credit).toEqual([{ list: "black", text: "该持证人已被长兴县民政部门列入黑名单：骗取、套取补贴资金，2026-11-10 起 24 个月（至 2028-11-09）" }]);
    expect(JSON.stringify(outcome.data)).not.toContain("虚报出勤");
    expect(JSON.stringify(outcome.data)).not.toContain("考勤机");
    const colleague = await run(verifyNumber.loader, getRequest(`/verify/${neighbour.certificate.number}`), { number: neighbour.certificate.number });
    expect((colleague.data as { credit: unknown[] }).credit).toEqual([]);
  });

  it("lists a published entry on the public notice with the name masked and no ID number", async () => {
    const outcome = await run(publicCredit.loader, getRequest("/notices/credit?list=black"));
    const rows = (outcome.data as { rows: Array<{ subject: string }> }).rows;
    expect(rows).toEqual([expect.objectContaining({ subject: "失***员", kind: "从业人员", region: "长兴县", what: "骗取、套取补贴资金" })]);
    expect(JSON.stringify(outcome.data)).not.toContain(listed.person.idNumber);
  });

  it("exports the officer's rows with full ID numbers and the evidence, as text cells", async () => {
    const response = (await regionCreditXlsx.loader({ request: getRequest("/region/credit/export.xlsx?list=black", { cookie: cookies.district }), params: {}, context: { cspNonce: "" } })) as Response;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const row = (sheet.getRow(2).values as unknown[]).slice(1);
    expect(row[header.indexOf("证件号码或统一社会信用代码")]).toBe(listed.person.idNumber);
    expect(row[header.indexOf("证据")]).toBe("考勤机原始记录（档案 2026-17）");
    expect(sheet.rowCount).toBe(2);
  });
});

describe("an institution on the black list", () => {
  it("excludes all its workers only where the policy has the employer condition", async () => {
    const org = await createOrganisation(db, { type: "elderly_care", name: "长兴县失信养老院", regionCode: "330522002" });
    const a = await caregiver(org.id);
    await placeCreditEntry(db, { organisationId: org.id }, "330522", { list: "black", startsOn: "2026-09-01", termMonths: null, category: "abuse", reason: "护理员殴打老人，机构隐瞒不报", evidence: null, decisionNumber: "长民信〔2026〕5号", published: true }, by);
    const page = await run(organisationPage.loader, getRequest(`/orgs/${org.id}`, { cookie: cookies.district }), { orgId: String(org.id) });
    expect((page.data as { credit: Array<{ text: string }> }).credit.map((c) => c.text)).toEqual(["黑名单：虐待、侮辱或遗弃服务对象（长民信〔2026〕5号） · 2026-09-01 起，至撤销为止"]);
    // The seeded 湖州 policy has no employer condition: the worker is paid.
    const { computeAllowances } = await import("../../app/allowances/lists.server.ts");
    expect((await computeAllowances(db, "330522", "2026-11")).lines.some((l) => l.workerId === a.worker.id)).toBe(true);
    const strict = await createAllowancePolicy(db, { name: "长兴县严格岗位补贴", regionCode: "330522", conditions: [{ type: "valid_certificate" }, { type: "employer_not_black_listed" }] });
    const computed = await computeAllowances(db, "330522", "2026-11");
    expect(computed.excluded.find((e) => e.workerId === a.worker.id && e.policyId === strict.policy.id)?.reasons).toEqual([
      "所在机构「长兴县失信养老院」列入黑名单（虐待、侮辱或遗弃服务对象，长民信〔2026〕5号，2026-09-01 起，至撤销为止）",
    ]);
  });
});

describe("appeals", () => {
  it("lets the listed worker appeal from their own account, once at a time, and shows a to-do to both sides", async () => {
    const entry = (await firstRow(db.select().from(creditEntries).where(eq(creditEntries.personId, listed.person.id))))!;
    const worker = { id: users.worker!.id, personId: listed.person.id, grants: [] as never[] };
    const mine = await run(myCredit.loader, getRequest("/credit", { cookie: cookies.worker }));
    expect((mine.data as { entries: Array<{ id: number; mayAppeal: boolean }> }).entries).toEqual([expect.objectContaining({ id: entry.id, mayAppeal: true })]);
    const { loadGrants } = await import("../../app/auth/auth.server.ts");
    worker.grants = await loadGrants(db, users.worker!.id) as never[];
    expect((await todosFor(db, worker)).flatMap((s) => s.todos).find((t) => t.key === "credit-appealable")).toMatchObject({ count: 1, href: "/credit" });

    const unconfirmed = await run(myCredit.action, postRequest("/credit", { entryId: String(entry.id), content: "出勤记录由机构录入错误，我有排班表为证。" }, { cookie: cookies.worker }));
    expect(unconfirmed.status).toBe(400);
    const lodged = await run(myCredit.action, postRequest("/credit", { entryId: String(entry.id), content: "出勤记录由机构录入错误，我有排班表为证。", confirmed: "yes" }, { cookie: cookies.worker }));
    expect(lodged.status).toBe(302);
    const again = await run(myCredit.action, postRequest("/credit", { entryId: String(entry.id), content: "再次申诉：出勤记录由机构录入错误。", confirmed: "yes" }, { cookie: cookies.worker }));
    expect(again.status).toBe(409);
    expect((again.data as { errors: Record<string, string> }).errors.content).toBe("已有一件申诉正在处理，请等待决定");
    // Someone else cannot appeal the worker's entry.
    expect((await run(myCredit.action, postRequest("/credit", { entryId: String(entry.id), content: "冒名申诉冒名申诉冒名申诉。", confirmed: "yes" }, { cookie: cookies.trainee }))).status).toBe(404);

    const district = { id: users.district!.id, personId: users.district!.personId, grants: await loadGrants(db, users.district!.id) };
    expect((await todosFor(db, district)).flatMap((s) => s.todos).find((t) => t.key === "credit-appeals")).toMatchObject({ count: 1, href: "/region/credit?appeal=open" });
    expect((await listPage("?appeal=open")).data).toMatchObject({ rows: [{ id: entry.id, openAppeals: 1 }] });
  });

  it("revokes the entry from today when the officer upholds the appeal, with the reason", async () => {
    const entry = (await firstRow(db.select().from(creditEntries).where(eq(creditEntries.personId, listed.person.id))))!;
    expect((await entryStep(entry.id, { intent: "uphold", reason: "排班表证明出勤属实" })).status).toBe(400);
    const decided = await entryStep(entry.id, { intent: "uphold", reason: "排班表证明出勤属实", confirmed: "yes" });
    expect(decided.status).toBe(302);
    const after = (await firstRow(db.select().from(creditEntries).where(eq(creditEntries.id, entry.id))))!;
    expect(after.revokedReason).toBe("申诉成立：排班表证明出勤属实");
    expect(await firstRow(db.select().from(creditAppeals).where(eq(creditAppeals.entryId, entry.id)))).toMatchObject({ decision: "upheld", decisionReason: "排班表证明出勤属实" });
    expect(await db.select().from(auditLog).where(eq(auditLog.event, "credit.appeal_decided"))).toHaveLength(1);
    expect(await db.select().from(auditLog).where(eq(auditLog.event, "credit.entry_revoked"))).toHaveLength(1);
    const outcome = await run(verifyNumber.loader, getRequest(`/verify/${listed.certificate.number}`), { number: listed.certificate.number });
    expect((outcome.data as { credit: unknown[] }).credit).toEqual([]);
    const { computeAllowances } = await import("../../app/allowances/lists.server.ts");
    // A revocation takes effect on the day it is made: a month in which the entry was in force still leaves the worker out.
    expect((await computeAllowances(db, "330522", "2026-12")).excluded.find((e) => e.workerId === listed.worker.id)?.reasons[0]).toMatch(/^本人列入黑名单/);
    // Nothing is left to appeal or decide.
    expect((await entryStep(entry.id, { intent: "dismiss", reason: "重复处理的尝试", confirmed: "yes" })).status).toBe(409);
  });
});

describe("terms and corrections", () => {
  it("lets an entry expire by its term with nothing run: filters, verification and allowances follow the date", async () => {
    const person = await caregiver(orgs.changxing);
    const expired = await placeCreditEntry(db, { personId: person.person.id }, "330522", { list: "black", startsOn: "2024-01-01", termMonths: 12, category: "other", reason: "过期的黑名单记录", evidence: null, decisionNumber: "长民信〔2024〕1号", published: true }, by);
    expect((await listPage("?state=expired")).data).toMatchObject({ rows: [{ id: expired.id, state: "已到期" }] });
    expect(((await listPage("?state=active")).data as { rows: Array<{ id: number }> }).rows.map((r) => r.id)).not.toContain(expired.id);
    const outcome = await run(verifyNumber.loader, getRequest(`/verify/${person.certificate.number}`), { number: person.certificate.number });
    expect((outcome.data as { credit: unknown[] }).credit).toEqual([]);
    const { computeAllowances } = await import("../../app/allowances/lists.server.ts");
    expect((await computeAllowances(db, "330522", "2026-11")).lines.some((l) => l.workerId === person.worker.id)).toBe(true);
    expect((await entryStep(expired.id, { intent: "revoke", reason: "到期后撤销的尝试", confirmed: "yes" })).status).toBe(409);
  });

  it("corrects an entry before it takes effect, and refuses once it is in force", async () => {
    const person = await caregiver(orgs.changxing);
    const pending = await placeCreditEntry(db, { personId: person.person.id }, "330522", { list: "black", startsOn: inDays(30), termMonths: 6, category: "other", reason: "尚未生效的黑名单记录", evidence: null, decisionNumber: "长民信〔2026〕9号", published: false }, by);
    const edited = await entryStep(pending.id, { intent: "edit", list: "black", startsOn: inDays(40), termMonths: "12", category: "serious_violation", reason: "尚未生效的黑名单记录（更正）", evidence: "", decisionNumber: "长民信〔2026〕9号", title: "", awardingBody: "", sourceDocument: "" });
    expect(edited.status).toBe(302);
    expect(await firstRow(db.select().from(creditEntries).where(eq(creditEntries.id, pending.id)))).toMatchObject({ startsOn: inDays(40), termMonths: 12, category: "serious_violation", published: false });
    const active = (await firstRow(db.select().from(creditEntries).where(eq(creditEntries.personId, listed.person.id))))!;
    const refused = await entryStep(active.id, { intent: "edit", list: "black", startsOn: "2026-11-10", termMonths: "1", category: "other", reason: "生效后修改的尝试", evidence: "", decisionNumber: "x", title: "", awardingBody: "", sourceDocument: "" });
    expect(refused.status).toBe(409);
  });

  it("shows red-list entries placed by another feature on the public notice and on verification as 表彰", async () => {
    const person = await caregiver(orgs.changxing);
    await db.transaction(async (tx) => addRedListEntry(tx, { personId: person.person.id }, "330500", { title: "最美养老护理员", awardingBody: "湖州市民政局", sourceDocument: "湖民〔2026〕12号", startsOn: "2026-10-01", termMonths: null }, by));
    const outcome = await run(verifyNumber.loader, getRequest(`/verify/${person.certificate.number}`), { number: person.certificate.number });
    expect((outcome.data as { credit: unknown[] }).credit).toEqual([{ list: "red", text: "表彰：最美养老护理员（湖州市民政局，2026-10-01）" }]);
    const notice = await run(publicCredit.loader, getRequest("/notices/credit"));
    expect((notice.data as { rows: Array<{ what: string }> }).rows.map((r) => r.what)).toContain("最美养老护理员（湖州市民政局）");
  });
});
