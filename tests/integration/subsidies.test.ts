import { firstRow } from "../../db/query.ts";
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import ExcelJS from "exceljs";
import * as mupdf from "mupdf";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server.ts";
import { createSession } from "../../app/auth/session.server.ts";
import { applyForSubsidy } from "../../app/subsidies/applications.server.ts";
import { approveSubsidyList, excludeApplication, openSubsidyNotice, recordSubsidyObjection, resolveSubsidyObjection, returnApplication, subsidyListIntact, subsidyListsWaiting, undoExclusion } from "../../app/subsidies/lists.server.ts";
import { subsidyBaseTodos, subsidyRegionTodos } from "../../app/subsidies/todos.server.ts";
import { insertSubsidyPolicy, saveSubsidyVersion } from "../../app/subsidies/policies.server.ts";
import { HUZHOU_SKILL_UPGRADE_SUBSIDY, HUZHOU_TRAINING_SUBSIDY } from "../../app/subsidies/policy-defaults.ts";
import { chinaDate } from "../../app/utils/dates.ts";
import * as applyPage from "../../app/subsidies/routes/apply.tsx";
import * as basePage from "../../app/subsidies/routes/base.tsx";
import * as listPage from "../../app/subsidies/routes/list.tsx";
import * as listExport from "../../app/subsidies/routes/list-export.ts";
import * as listsPage from "../../app/subsidies/routes/lists.tsx";
import * as noticePage from "../../app/subsidies/routes/notice.tsx";
import { createCertificate, createOrganisation, createPerson, createUser, makeIdNumber } from "../../seeds/factories.ts";
import { auditLog, people, subsidyApplications, subsidyLists, subsidyPolicyVersions } from "../../db/schema.ts";
import { getRequest, postRequest, run } from "../setup/requests.ts";
import { childEnv, databaseFromEnv } from "../setup/test-database.ts";

const cookies: Record<string, string> = {};
const ids = { changxingBase: 0, wuxingBase: 0, training: 0, upgrade: 0 };
const as = (userId: number | null) => ({ userId, realUserId: userId, ip: "192.0.2.10" });
const at = (iso: string) => new Date(`${iso}+08:00`);
const recent = chinaDate(new Date(Date.now() - 40 * 86_400_000));

async function login(key: string, spec: Parameters<typeof createUser>[1]) {
  const user = await createUser(db, spec);
  cookies[key] = `carecert_session=${(await createSession(db, user.id)).token}`;
  return user;
}

/** A person with a verified certificate from a base (an external record naming the base as its issuer). */
async function holder(options: { level?: number; issuedOn?: string; baseId?: number; idRegion?: string; occupation?: "elderly_caregiver" | "infant_caregiver" } = {}) {
  const person = await createPerson(db, options.idRegion ? { idNumber: makeIdNumber({ regionCode: options.idRegion }) } : {});
  const certificate = await createCertificate(db, { personId: person.id, level: options.level ?? 4, occupation: options.occupation ?? "elderly_caregiver", issuedOn: options.issuedOn ?? "2026-07-10", issuerOrganisationId: options.baseId ?? ids.changxingBase });
  return { person, certificate };
}

const apply = async (h: Awaited<ReturnType<typeof holder>>, policyId: number, when: string) => applyForSubsidy(db, { personId: h.person.id, certificateId: h.certificate.id, policyId, bankAccount: `62284800${String(h.person.id).padStart(11, "0")}`, residenceRegionCode: null, via: "self" }, as(null), at(when));
const step = (listId: number, fields: Record<string, string>, who: string) => run(listPage.action, postRequest(`/subsidies/${listId}`, fields, { cookie: cookies[who] }), { listId: String(listId) });
async function download(listId: number, file: string, who: string): Promise<Response> {
  try {
    return await listExport.loader({ request: getRequest(`/subsidies/${listId}/${file}`, { cookie: cookies[who] }), params: { listId: String(listId), file }, context: { cspNonce: "" } });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
const listRow = async (listId: number) => (await firstRow(db.select().from(subsidyLists).where(eq(subsidyLists.id, listId))))!;

beforeAll(async () => {
  ids.training = (await insertSubsidyPolicy(db, HUZHOU_TRAINING_SUBSIDY)).policy.id;
  ids.upgrade = (await insertSubsidyPolicy(db, HUZHOU_SKILL_UPGRADE_SUBSIDY)).policy.id;
  ids.changxingBase = (await createOrganisation(db, { type: "training_base", name: "长兴县测试培训学校", regionCode: "330522001" })).id;
  ids.wuxingBase = (await createOrganisation(db, { type: "training_base", name: "吴兴区测试培训学校", regionCode: "330502001" })).id;
  await login("base", { role: "base_admin", organisationId: ids.changxingBase });
  await login("district", { role: "district_officer", regionCode: "330522" });
  await login("wuxing", { role: "district_officer", regionCode: "330502" });
  await login("city", { role: "city_officer", regionCode: "330500" });
  await login("institution", { role: "institution_admin", organisationId: ids.wuxingBase });
});

describe("a month's subsidy list from application to approval", () => {
  let listId = 0;
  const line: Record<string, number> = {};

  it("collects October's applications into one list per policy and district, each line with its reasons", async () => {
    const names = ["pays", "excluded", "returned", "undone"];
    for (const key of names) {
      const { application, list } = await apply(await holder({ level: key === "pays" ? 3 : 4 }), ids.training, "2026-10-15T10:00:00");
      line[key] = application.id;
      listId = list.id;
    }
    const lines = await db.select().from(subsidyApplications).where(eq(subsidyApplications.listId, listId));
    expect(lines).toHaveLength(4);
    expect(await listRow(listId)).toMatchObject({ districtCode: "330522", month: "2026-10", status: "collecting" });
    expect(lines.map((l) => l.amount)).toEqual([1600, 1200, 1200, 1200]);
    expect(lines[0]!.reasons).toEqual([
      expect.stringMatching(/^持有养老护理员三级证书（S\d{21}，2026-07-10 发证，已核验）$/),
      "补贴标准：养老护理员三级 1600 元",
      "此前未申领过养老护理员三级补贴",
      "首次取得养老护理员三级证书",
      "在发证后 12 个月内申请（2027-07-10 前）",
      "户籍在本地区（身份证登记地 330522）",
    ]);
  });

  it("lets the district exclude, undo and return lines with their reasons before 公示, each step audited", async () => {
    await excludeApplication(db, listId, line.excluded!, "证书复印件与原件不符", as(null), at("2026-11-02T09:00:00"));
    await excludeApplication(db, listId, line.undone!, "待核实", as(null), at("2026-11-02T09:05:00"));
    await undoExclusion(db, listId, line.undone!, as(null), at("2026-11-02T09:10:00"));
    await returnApplication(db, listId, line.returned!, "银行卡号与户名不符，请更正后重新申请", as(null), at("2026-11-02T09:20:00"));
    const byId = new Map((await db.select().from(subsidyApplications).where(eq(subsidyApplications.listId, listId))).map((a) => [a.id, a]));
    expect(byId.get(line.excluded!)).toMatchObject({ status: "excluded", claimed: false, decisionReason: "证书复印件与原件不符" });
    expect(byId.get(line.undone!)).toMatchObject({ status: "pending", claimed: true, decisionReason: null });
    expect(byId.get(line.returned!)).toMatchObject({ status: "returned", claimed: false });
    const events = (await db.select({ event: auditLog.event }).from(auditLog)).map((e) => e.event);
    for (const e of ["subsidy.applied", "subsidy.application_excluded", "subsidy.exclusion_undone", "subsidy.application_returned"]) expect(events).toContain(e);
  });

  it("opens 公示 only after the month, then refuses approval until it ends and every objection is answered", async () => {
    await expect(openSubsidyNotice(db, listId, 7, as(null), at("2026-10-31T18:00:00"))).rejects.toThrow("2026-10 的申请尚在受理，2026-11-01 起才能开启公示");
    expect(await openSubsidyNotice(db, listId, 7, as(null), at("2026-11-03T09:00:00"))).toEqual({ startsOn: "2026-11-03", endsOn: "2026-11-09" });
    await expect(undoExclusion(db, listId, line.excluded!, as(null), at("2026-11-04T09:00:00"))).rejects.toThrow("名册当前状态为“公示中”，不能撤销剔除");
    const objection = await recordSubsidyObjection(db, listId, { raisedBy: "群众来信", content: "某人并未在本地参加培训", applicationId: line.pays! }, as(null), at("2026-11-05T09:00:00"));
    await expect(approveSubsidyList(db, listId, as(null), at("2026-11-09T17:00:00"))).rejects.toThrow("公示期至 2026-11-09 结束，公示期满后才能审批");
    await expect(approveSubsidyList(db, listId, as(null), at("2026-11-10T09:00:00"))).rejects.toThrow("还有 1 条异议未答复");
    await resolveSubsidyObjection(db, listId, objection.id, "经核实培训记录属实，维持", as(null), at("2026-11-06T09:00:00"));
    const hash = await approveSubsidyList(db, listId, as(null), at("2026-11-10T09:00:00"));
    expect(await listRow(listId)).toMatchObject({ status: "approved", contentHash: hash, approvedHeader: { policy: "湖州市养老托育职业技能培训补贴", kind: "培训补贴", district: { code: "330522", name: "长兴县" } } });
  });

  it("keeps an approved list unchanged: every step refused, and its hash ignores renames of live records", async () => {
    const list = await listRow(listId);
    await expect(excludeApplication(db, listId, line.pays!, "重复", as(null), at("2026-11-11T09:00:00"))).rejects.toThrow("名册已审批锁定，不能剔除");
    expect((await step(listId, { intent: "exclude", applicationId: String(line.pays), reason: "重复发放", confirmed: "yes" }, "district")).status).toBe(409);
    const paid = (await firstRow(db.select().from(subsidyApplications).where(eq(subsidyApplications.id, line.pays!))))!;
    await db.update(people).set({ name: "改名后" }).where(eq(people.id, paid.personId));
    expect(await subsidyListIntact(db, list)).toBe(true);
    // Tampering with a stored line is seen.
    await db.update(subsidyApplications).set({ amount: 9999 }).where(eq(subsidyApplications.id, line.pays!));
    expect(await subsidyListIntact(db, list)).toBe(false);
    await db.update(subsidyApplications).set({ amount: paid.amount }).where(eq(subsidyApplications.id, line.pays!));
    expect(await subsidyListIntact(db, list)).toBe(true);
    // The header as PostgreSQL's jsonb hands it back, keys shortest first: the same content, the same hash.
    const { policy, kind, district } = list.approvedHeader!;
    expect(await subsidyListIntact(db, { ...list, approvedHeader: { kind, policy, district: { name: district.name, code: district.code } } })).toBe(true);
  });

  it("exports the bank XLSX (text columns) and the roster PDF, each line with its reason and each exclusion with its reason", async () => {
    const response = await download(listId, "bank.xlsx", "city");
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.getWorksheet("代发明细")!;
    const rows = sheet.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
    const paid = await db.select().from(subsidyApplications).where(and(eq(subsidyApplications.listId, listId), eq(subsidyApplications.status, "pending")));
    expect(rows.slice(2)).toEqual([
      ["序号", "姓名", "身份证号", "银行账号", "职业等级", "金额（元）", "依据"],
      ...paid.map((p, i) => [i + 1, p.name, p.idNumber, p.bankAccount, p.level === 3 ? "养老护理员三级" : "养老护理员四级", p.amount, p.reasons.join("；")]),
      [undefined, "合计", "2 人", undefined, undefined, 2800],
    ]);
    expect(sheet.getColumn(3).numFmt).toBe("@");
    expect(sheet.getColumn(4).numFmt).toBe("@");
    const notPaid = workbook.getWorksheet("未发放")!.getSheetValues().slice(3).map((r) => (r as unknown[]).slice(6));
    expect(notPaid).toEqual([["已剔除", "证书复印件与原件不符"], ["已退回", "银行卡号与户名不符，请更正后重新申请"]]);

    const pdf = await download(listId, "roster.pdf", "district");
    expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
    const doc = mupdf.Document.openDocument(new Uint8Array(await pdf.arrayBuffer()), "application/pdf");
    let text = "";
    for (let i = 0; i < doc.countPages(); i++) text += doc.loadPage(i).toStructuredText("preserve-whitespace").asText();
    for (const expected of ["湖州市养老托育职业技能培训补贴发放名册", "长兴县", "发放2人，合计2800元", "未发放（2人）", "已剔除：证书复印件与原件不符", "首次取得养老护理员三级证书", (await listRow(listId)).contentHash!]) {
      expect(text.replace(/\s+/g, ""), expected).toContain(expected.replace(/\s+/g, ""));
    }
  });

  it("exports only approved lists", async () => {
    const { list } = await apply(await holder(), ids.training, "2026-11-20T10:00:00");
    expect((await download(list.id, "bank.xlsx", "city")).status).toBe(409);
  });
});

describe("once per person and level", () => {
  it("refuses a second subsidy at a level across bases, policies and years, and allows the next level", async () => {
    const first = await holder({ level: 4, issuedOn: "2025-12-01" });
    await apply(first, ids.training, "2026-01-10T10:00:00");
    // A second 四级 certificate from a 吴兴 base the next year, under the other policy.
    const again = await createCertificate(db, { personId: first.person.id, level: 4, issuedOn: "2026-09-01", issuerOrganisationId: ids.wuxingBase });
    const refused = async () => applyForSubsidy(db, { personId: first.person.id, certificateId: again.id, policyId: ids.upgrade, bankAccount: null, residenceRegionCode: null, via: "self" }, as(null), at("2026-10-10T10:00:00"));
    await expect(refused()).rejects.toThrow(/已申领过养老护理员四级补贴（长兴县 2026-01 名册），每人每个等级只能享受一次/);
    const three = await createCertificate(db, { personId: first.person.id, level: 3, issuedOn: "2026-09-01", issuerOrganisationId: ids.wuxingBase });
    const { list } = await applyForSubsidy(db, { personId: first.person.id, certificateId: three.id, policyId: ids.training, bankAccount: null, residenceRegionCode: null, via: "self" }, as(null), at("2026-10-10T10:00:00"));
    expect(list.districtCode).toBe("330502");
  });

  it("lets a person apply again once their application was withdrawn, returned or excluded", async () => {
    const h = await holder({ level: 5 });
    const { application, list } = await apply(h, ids.training, "2026-08-12T10:00:00");
    await returnApplication(db, list.id, application.id, "请补充材料", as(null), at("2026-08-13T10:00:00"));
    expect((await apply(h, ids.training, "2026-08-14T10:00:00")).application.status).toBe("pending");
  });

  it("makes one application when two processes apply for the same person and level at the same instant", async () => {
    const h = await holder({ level: 2 });
    const startAt = String(Date.now() + 2500);
    const script = path.resolve("tests/setup/apply-subsidy.ts");
    // This file's own database (SQLite file or PostgreSQL database), named by the environment the children inherit.
    const args = [startAt, String(h.person.id), String(h.certificate.id), String(ids.training), at("2026-08-20T10:00:00").toISOString()];
    const outputs = await Promise.all([0, 1, 2].map(() => promisify(execFile)(process.execPath, ["--import", "tsx", script, ...args], { env: childEnv(databaseFromEnv()) })));
    const said = outputs.map((o) => o.stdout.trim()).sort();
    expect(said.filter((s) => s === "applied")).toHaveLength(1);
    expect(said.filter((s) => s.startsWith("refused: ")).length).toBe(2);
    expect(said.filter((s) => s !== "applied").every((s) => /已申领过养老护理员二级补贴/.test(s))).toBe(true);
    expect(await db.select().from(subsidyApplications).where(eq(subsidyApplications.personId, h.person.id))).toHaveLength(1);
  }, 60_000);
});

describe("applying", () => {
  it("shows a person every reason against, and refuses through the page with the same reasons", async () => {
    const outsider = await createUser(db, { role: "trainee" });
    await db.update(people).set({ idNumber: makeIdNumber({ regionCode: "510107", serial: 9001 }) }).where(eq(people.id, outsider.personId));
    const cert = await createCertificate(db, { personId: outsider.personId, level: 4, issuedOn: recent, issuerOrganisationId: ids.changxingBase });
    const cookie = `carecert_session=${(await createSession(db, outsider.id)).token}`;
    const page = await run(applyPage.loader, getRequest("/subsidies/apply", { cookie }));
    const training = page.data.certificates[0].options.find((o: { policyId: number }) => o.policyId === ids.training);
    expect(training.decision.reasonsAgainst).toEqual(["户籍和居住证均不在本地区，申请前 12 个月内在本地区参保 0 个月，不足 6 个月"]);
    const refused = await run(applyPage.action, postRequest("/subsidies/apply", { intent: "apply", certificateId: String(cert.id), policyId: String(ids.training), bankAccount: "6228480000000000999", residenceRegionCode: "", confirmed: "yes" }, { cookie }));
    expect(refused.status).toBe(409);
    expect(refused.data.errors._form).toBe("户籍和居住证均不在本地区，申请前 12 个月内在本地区参保 0 个月，不足 6 个月");
    // Declaring a 居住证 in 吴兴区 meets the condition; the application goes to the district of the issuing base.
    const withResidence = await run(applyPage.loader, getRequest("/subsidies/apply?residence=330502", { cookie }));
    expect(withResidence.data.certificates[0].options.find((o: { policyId: number }) => o.policyId === ids.training).decision.eligible).toBe(true);
    const missingConfirm = await run(applyPage.action, postRequest("/subsidies/apply", { intent: "apply", certificateId: String(cert.id), policyId: String(ids.training), bankAccount: "6228480000000000999", residenceRegionCode: "330502" }, { cookie }));
    expect(missingConfirm.status).toBe(400);
    const badAccount = await run(applyPage.action, postRequest("/subsidies/apply", { intent: "apply", certificateId: String(cert.id), policyId: String(ids.training), bankAccount: "12ab", residenceRegionCode: "330502", confirmed: "yes" }, { cookie }));
    expect(badAccount.data.errors.bankAccount).toBe("请填写本人银行卡号（12–30 位数字）");
    const done = await run(applyPage.action, postRequest("/subsidies/apply", { intent: "apply", certificateId: String(cert.id), policyId: String(ids.training), bankAccount: "6228480000000000999", residenceRegionCode: "330502", confirmed: "yes" }, { cookie }));
    expect(done.status).toBe(302);
    const mine = (await firstRow(db.select().from(subsidyApplications).where(eq(subsidyApplications.personId, outsider.personId))))!;
    expect(mine).toMatchObject({ appliedVia: "self", residenceRegionCode: "330502", amount: 1200, bankAccount: "6228480000000000999" });
    expect(mine.reasons).toContain("持本地区居住证（330502）");
    // Withdrawn before review: the claim is released.
    const withdrawn = await run(applyPage.action, postRequest("/subsidies/apply", { intent: "withdraw", applicationId: String(mine.id), confirmed: "yes" }, { cookie }));
    expect(withdrawn.status).toBe(302);
    expect(await firstRow(db.select().from(subsidyApplications).where(eq(subsidyApplications.id, mine.id)))).toMatchObject({ status: "withdrawn", claimed: false });
  });

  it("lets a base apply for all its eligible candidates in one confirmed batch, leaving the others with their reasons", async () => {
    const passed = [await holder({ level: 5, issuedOn: recent }), await holder({ level: 4, issuedOn: recent }), await holder({ level: 4, issuedOn: recent, idRegion: "510107" })];
    const page = await run(basePage.loader, getRequest(`/base/subsidies?policy=${ids.training}`, { cookie: cookies.base }));
    const mine = (h: (typeof passed)[number]) => page.data.candidates.find((c: { id: number }) => c.id === h.certificate.id);
    expect(mine(passed[0]!)).toMatchObject({ eligible: true, amount: 800 });
    expect(mine(passed[2]!)).toMatchObject({ eligible: false, amount: null, reasons: ["户籍和居住证均不在本地区，申请前 12 个月内在本地区参保 0 个月，不足 6 个月"] });
    expect(page.data.batch.count).toBeGreaterThanOrEqual(2);
    const unconfirmed = await run(basePage.action, postRequest(`/base/subsidies?policy=${ids.training}`, { intent: "apply-batch" }, { cookie: cookies.base }));
    expect(unconfirmed.status).toBe(400);
    const before = (await db.select().from(subsidyApplications)).length;
    const done = await run(basePage.action, postRequest(`/base/subsidies?policy=${ids.training}`, { intent: "apply-batch", confirmed: "yes" }, { cookie: cookies.base }));
    expect(done.status).toBe(302);
    const added = (await db.select().from(subsidyApplications)).slice(before);
    expect(added).toHaveLength(page.data.batch.count);
    expect(added.every((a) => a.appliedVia === "base" && a.appliedByOrganisationId === ids.changxingBase)).toBe(true);
    const after = await run(basePage.loader, getRequest(`/base/subsidies?policy=${ids.training}`, { cookie: cookies.base }));
    expect(after.data.batch.count).toBe(0);
    expect(after.data.candidates.map((c: { id: number }) => c.id)).toContain(passed[2]!.certificate.id);
  });
});

describe("scope and the public notice", () => {
  let listId = 0;
  beforeAll(async () => {
    const h = await holder({ level: 1 });
    listId = (await apply(h, ids.training, "2026-09-15T10:00:00")).list.id;
  });

  it("shows a district only its own lists; the city sees its districts'", async () => {
    expect((await run(listPage.loader, getRequest(`/subsidies/${listId}`, { cookie: cookies.district }), { listId: String(listId) })).status).toBe(200);
    expect((await run(listPage.loader, getRequest(`/subsidies/${listId}`, { cookie: cookies.wuxing }), { listId: String(listId) })).status).toBe(404);
    expect((await run(listPage.loader, getRequest(`/subsidies/${listId}`, { cookie: cookies.city }), { listId: String(listId) })).status).toBe(200);
    expect((await run(listPage.loader, getRequest(`/subsidies/${listId}`, { cookie: cookies.institution }), { listId: String(listId) })).status).toBe(403);
    const wuxingLists = await run(listsPage.loader, getRequest("/subsidies", { cookie: cookies.wuxing }));
    expect(wuxingLists.data.lists.every((l: { district: string }) => l.district === "吴兴区")).toBe(true);
    expect((await step(listId, { intent: "open-notice", days: "7", confirmed: "yes" }, "wuxing")).status).toBe(404);
    // The city does not review; the district does not approve.
    expect((await step(listId, { intent: "open-notice", days: "7", confirmed: "yes" }, "city")).status).toBe(403);
    expect((await step(listId, { intent: "approve", confirmed: "yes" }, "district")).status).toBe(403);
  });

  it("refuses a step without its confirmation, changing nothing", async () => {
    const refused = await step(listId, { intent: "open-notice", days: "7" }, "district");
    expect(refused.status).toBe(400);
    expect((await listRow(listId)).status).toBe("collecting");
  });

  it("opens the notice through the page, then shows it publicly: masked names, no ID numbers or accounts; 404 otherwise", async () => {
    expect((await run(noticePage.loader, getRequest(`/notices/subsidies/${listId}`), { listId: String(listId) })).status).toBe(404);
    const opened = await step(listId, { intent: "open-notice", days: "7", confirmed: "yes" }, "district");
    expect(opened.status).toBe(302);
    const notice = await run(noticePage.loader, getRequest(`/notices/subsidies/${listId}`), { listId: String(listId) });
    expect(notice.status).toBe(200);
    const line = (await firstRow(db.select().from(subsidyApplications).where(eq(subsidyApplications.listId, listId))))!;
    const body = JSON.stringify(notice.data);
    expect(body).not.toContain(line.idNumber);
    expect(body).not.toContain(line.name);
    expect(notice.data.lines[0]).toEqual({ n: 1, name: expect.stringMatching(/^测\*+\d$/), what: "养老护理员一级", amount: "¥2,400.00" });
    expect(notice.data.endsOn).toBe(chinaDate(new Date(Date.now() + 6 * 86_400_000)));
    expect((await run(noticePage.loader, getRequest("/notices/subsidies/999999"), { listId: "999999" })).status).toBe(404);
  });
});

describe("to-dos", () => {
  it("counts what the to-dos' links list: the district's lists to review, the city's to approve, the base's unapplied passes", async () => {
    const district = await run(listsPage.loader, getRequest("/subsidies?work=review", { cookie: cookies.district }));
    const districtScope = { any: false, own: false, organisationIds: [], regionCodes: ["330522"] };
    expect(district.data.lists.length).toBeGreaterThan(0);
    expect((await subsidyListsWaiting(db, districtScope)).toReview).toBe(district.data.lists.length);
    expect(await subsidyRegionTodos(db, { review: districtScope, approve: null }, new Date())).toEqual([{ key: "subsidy-review", label: "培训补贴名册待审核、公示", count: district.data.lists.length, href: "/subsidies?work=review" }]);
    const city = await run(listsPage.loader, getRequest("/subsidies?work=approve", { cookie: cookies.city }));
    expect((await subsidyListsWaiting(db, { ...districtScope, regionCodes: ["330500"] })).toApprove).toBe(city.data.lists.length);
    await holder({ level: 5, issuedOn: recent });
    const base = await run(basePage.loader, getRequest(`/base/subsidies?policy=${ids.training}`, { cookie: cookies.base }));
    expect(await subsidyBaseTodos(db, { any: false, own: false, organisationIds: [ids.changxingBase], regionCodes: [] })).toEqual([{ key: "subsidy-unapplied", label: "取证考生尚未申请培训补贴", count: base.data.candidates.length, href: "/base/subsidies" }]);
  });
});

describe("policies as data", () => {
  it("saves a change of money as a new version and a note-only change in place, unless an approved list used the version", async () => {
    const { policy, version } = await insertSubsidyPolicy(db, { ...HUZHOU_TRAINING_SUBSIDY, name: "测试政策" });
    const input = { effectiveFrom: version.effectiveFrom, effectiveTo: version.effectiveTo, amounts: version.amounts, conditions: version.conditions, noticeDays: version.noticeDays, note: "依据：湖州市示例文件" };
    expect(await saveSubsidyVersion(db, policy.id, input, as(null))).toEqual({ kind: "note-updated", policyId: policy.id, version: 1 });
    await expect(saveSubsidyVersion(db, policy.id, { ...input, amounts: { elderly_caregiver: { "5": 900 } } }, as(null))).rejects.toThrow("与第 1 版的有效期（2026-01-01 至 长期）重叠；改动金额或条件须以新的生效日期保存为新版本");
    expect(await saveSubsidyVersion(db, policy.id, { ...input, effectiveFrom: "2027-01-01", amounts: { elderly_caregiver: { "5": 900 } } }, as(null))).toEqual({ kind: "version-added", policyId: policy.id, version: 2 });
    const versions = await db.select().from(subsidyPolicyVersions).where(eq(subsidyPolicyVersions.policyId, policy.id));
    expect(versions.map((v) => [v.version, v.effectiveFrom, v.effectiveTo, v.amounts.elderly_caregiver?.["5"]])).toEqual([
      [1, "2026-01-01", "2026-12-31", 800],
      [2, "2027-01-01", null, 900],
    ]);
    // The approved list earlier in this file paid from the training policy's version 1: its note is history now.
    const training = (await firstRow(db.select().from(subsidyPolicyVersions).where(eq(subsidyPolicyVersions.policyId, ids.training))))!;
    await expect(saveSubsidyVersion(db, ids.training, { effectiveFrom: training.effectiveFrom, effectiveTo: training.effectiveTo, amounts: training.amounts, conditions: training.conditions, noticeDays: training.noticeDays, note: "改写" }, as(null))).rejects.toThrow("第 1 版已用于审批通过的名册，不能再修改；请以新的生效日期保存新版本");
  });
});
