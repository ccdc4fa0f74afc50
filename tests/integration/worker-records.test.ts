import { firstRow } from "../../db/query.ts";
import { desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server.ts";
import { createSession } from "../../app/auth/session.server.ts";
import { IDENTITY_MISMATCH } from "../../app/imports/identity.server.ts";
import * as workersPage from "../../app/workforce/routes/workers.tsx";
import { createOrganisation, createPerson, createUser, createWorker, makeIdNumber, recordWorkerMonth } from "../../seeds/factories.ts";
import { auditLog, people, workers } from "../../db/schema.ts";
import { getRequest, postRequest, run } from "../setup/requests.ts";

const cookies: Record<string, string> = {};
const orgs = { home: 0, other: 0 };
const lastAudit = async (event: string) => await firstRow(db.select().from(auditLog).where(eq(auditLog.event, event)).orderBy(desc(auditLog.id)));
const post = (fields: Record<string, string>, as = cookies.home!) => postRequest(`/institution/workers?org=${orgs.home}`, fields, { cookie: as });
type Page = { workers: Array<{ id: number; name: string; status: string }>; paging: { page: number; hasNext: boolean; total: number } };
const page = async (query = "", as = cookies.home!) => (await run<Page>(workersPage.loader, getRequest(`/institution/workers${query}`, { cookie: as }))).data!;
const workerFields = (overrides: Record<string, string> = {}) => ({
  intent: "add-worker",
  name: "沈美华",
  idNumber: makeIdNumber({ birthDate: "1978-05-06", gender: "female" }),
  occupation: "养老护理员",
  post: "护理员",
  hiredOn: "2024-03-01",
  contractEndsOn: "2027-02-28",
  schooling: "",
  bankAccount: "6222021202004567890",
  ...overrides,
});

beforeAll(async () => {
  orgs.home = (await createOrganisation(db, { type: "elderly_care", name: "长兴县康乐养老院", regionCode: "330522001" })).id;
  orgs.other = (await createOrganisation(db, { type: "elderly_care", name: "吴兴区福寿养老院", regionCode: "330502001" })).id;
  for (const [key, spec] of Object.entries({
    home: { role: "institution_admin" as const, organisationId: orgs.home },
    other: { role: "institution_admin" as const, organisationId: orgs.other },
  })) {
    const user = await createUser(db, spec);
    cookies[key] = `carecert_session=${(await createSession(db, user.id)).token}`;
  }
});

describe("adding one worker", () => {
  it("adds a worker by form, registering the person, audited, and tells after", async () => {
    const fields = workerFields();
    const added = await run(workersPage.action, post(fields));
    expect(added.status).toBe(302);
    expect(decodeURIComponent(added.headers.get("Set-Cookie")!)).toContain("已将 沈美华 加入从业人员名册");
    const person = (await firstRow(db.select().from(people).where(eq(people.idNumber, fields.idNumber))))!;
    const worker = (await firstRow(db.select().from(workers).where(eq(workers.personId, person.id))))!;
    expect(worker).toMatchObject({ organisationId: orgs.home, occupation: "elderly_caregiver", post: "caregiver", hiredOn: "2024-03-01", contractEndsOn: "2027-02-28", leftOn: null, bankAccount: "6222021202004567890" });
    expect(await lastAudit("workforce.worker_added")).toMatchObject({ targetTable: "workers", targetId: String(worker.id), details: { organisationId: orgs.home, personId: person.id } });
  });

  it("checks the fields as the roster import does, every error at once, and writes nothing", async () => {
    const before = (await db.select().from(workers)).length;
    const bad = await run<{ errors: Record<string, string> }>(workersPage.action, post(workerFields({ name: "", idNumber: "330522197805061234", occupation: "厨师", hiredOn: "2099-01-01", contractEndsOn: "2020-01-01", bankAccount: "12ab" })));
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.data!.errors).sort()).toEqual(["bankAccount", "idNumber", "name", "occupation"].sort());
    const dates = await run<{ errors: Record<string, string> }>(workersPage.action, post(workerFields({ hiredOn: "2099-01-01", contractEndsOn: "2020-01-01" })));
    expect(dates.data!.errors).toMatchObject({ hiredOn: "入职日期不能晚于今天", contractEndsOn: "合同截止日期不能早于入职日期" });
    expect(await db.select().from(workers)).toHaveLength(before);
  });

  it("refuses an ID number on record under another name without revealing it, and logs the refusal", async () => {
    const known = await createPerson(db, { name: "钱淑英" });
    const refused = await run<{ errors: Record<string, string> }>(workersPage.action, post(workerFields({ name: "钱淑珍", idNumber: known.idNumber })));
    expect(refused.status).toBe(409);
    expect(refused.data!.errors.idNumber).toBe(IDENTITY_MISMATCH);
    expect(JSON.stringify(refused.data)).not.toContain("钱淑英");
    expect(await firstRow(db.select().from(workers).where(eq(workers.personId, known.id)))).toBeUndefined();
    expect(await lastAudit("workforce.identity_mismatch")).toMatchObject({ targetTable: "organisations", targetId: String(orgs.home), details: { file: "单人录入", count: 1 } });
  });

  it("refuses the same person twice at one institution", async () => {
    const fields = workerFields({ name: "孔德芳", idNumber: makeIdNumber({ birthDate: "1980-02-02" }) });
    await run(workersPage.action, post(fields));
    const again = await run<{ errors: Record<string, string> }>(workersPage.action, post(fields));
    expect(again.status).toBe(409);
    expect(again.data!.errors.idNumber).toBe("该人员已在本机构名册中，请在名册中查找后修改");
  });
});

describe("editing, leaving and deleting a worker", () => {
  it("edits the employment facts, audited field by field; name and ID number stay the registry's", async () => {
    const person = await createPerson(db, { name: "朱桂香" });
    const worker = await createWorker(db, { organisationId: orgs.home, personId: person.id, hiredOn: "2023-01-01", post: "caregiver" });
    const edited = await run(workersPage.action, post({ intent: "edit-worker", workerId: String(worker.id), name: "别人", idNumber: makeIdNumber(), occupation: "养老护理员", post: "社工", hiredOn: "2023-01-01", contractEndsOn: "2027-12-31", leftOn: "", schooling: "专科", bankAccount: "" }));
    expect(edited.status).toBe(302);
    expect(await firstRow(db.select().from(workers).where(eq(workers.id, worker.id)))).toMatchObject({ post: "social_worker", contractEndsOn: "2027-12-31", schooling: "college", personId: person.id });
    expect((await firstRow(db.select().from(people).where(eq(people.id, person.id))))!.name).toBe("朱桂香");
    expect(await lastAudit("workforce.worker_updated")).toMatchObject({ targetId: String(worker.id), details: { changes: { post: { from: "caregiver", to: "social_worker" }, contractEndsOn: { from: null, to: "2027-12-31" }, schooling: { from: null, to: "college" } } } });
    const bad = await run<{ errors: Record<string, string> }>(workersPage.action, post({ intent: "edit-worker", workerId: String(worker.id), occupation: "养老护理员", post: "社工", hiredOn: "2023-01-01", contractEndsOn: "", leftOn: "2022-12-31", schooling: "", bankAccount: "" }));
    expect(bad.data!.errors.leftOn).toBe("离职日期应晚于入职日期");
  });

  it("records leaving only when confirmed; the record stays, out of the employed filter", async () => {
    const person = await createPerson(db, { name: "吕翠兰" });
    const worker = await createWorker(db, { organisationId: orgs.home, personId: person.id, hiredOn: "2022-05-01" });
    await recordWorkerMonth(db, { workerId: worker.id, month: "2026-10" });
    expect((await run(workersPage.action, post({ intent: "leave", workerId: String(worker.id), leftOn: "2026-11-15" }))).status).toBe(400);
    expect((await firstRow(db.select().from(workers).where(eq(workers.id, worker.id))))!.leftOn).toBeNull();
    expect((await run(workersPage.action, post({ intent: "leave", workerId: String(worker.id), leftOn: "2026-11-15", confirmed: "yes" }))).status).toBe(302);
    expect((await firstRow(db.select().from(workers).where(eq(workers.id, worker.id))))!.leftOn).toBe("2026-11-15");
    expect(await lastAudit("workforce.worker_left")).toMatchObject({ targetId: String(worker.id), details: { changes: { leftOn: { from: null, to: "2026-11-15" } } } });
    expect((await page(`?status=employed&q=吕翠兰`)).workers).toEqual([]);
    expect((await page(`?status=left&q=吕翠兰`)).workers.map((w) => w.status)).toEqual(["已于 2026-11-15 离职"]);
  });

  it("deletes a worker entered by mistake, but not one with monthly records", async () => {
    const mistaken = await createWorker(db, { organisationId: orgs.home, personId: (await createPerson(db)).id, hiredOn: "2025-01-01" });
    const recorded = await createWorker(db, { organisationId: orgs.home, personId: (await createPerson(db)).id, hiredOn: "2025-01-01" });
    await recordWorkerMonth(db, { workerId: recorded.id, month: "2026-10" });
    const refused = await run<{ errors: Record<string, string> }>(workersPage.action, post({ intent: "delete-worker", workerId: String(recorded.id), confirmed: "yes" }));
    expect(refused.status).toBe(409);
    expect(refused.data!.errors._form).toBe("该人员已有 1 条月度或补贴记录，不能删除；如已离职，请登记离职日期");
    expect(await firstRow(db.select().from(workers).where(eq(workers.id, recorded.id)))).toBeDefined();
    expect((await run(workersPage.action, post({ intent: "delete-worker", workerId: String(mistaken.id), confirmed: "yes" }))).status).toBe(302);
    expect(await firstRow(db.select().from(workers).where(eq(workers.id, mistaken.id)))).toBeUndefined();
    expect(await lastAudit("workforce.worker_deleted")).toMatchObject({ targetId: String(mistaken.id) });
  });

  it("answers 404 for another institution's worker", async () => {
    const theirs = await createWorker(db, { organisationId: orgs.other, personId: (await createPerson(db)).id, hiredOn: "2025-01-01" });
    const outcome = await run(workersPage.action, post({ intent: "delete-worker", workerId: String(theirs.id), confirmed: "yes" }));
    expect(outcome.status).toBe(404);
    expect(await firstRow(db.select().from(workers).where(eq(workers.id, theirs.id)))).toBeDefined();
  });
});

describe("searching and paging the roster", () => {
  beforeAll(async () => {
    for (let i = 0; i < 60; i++) {
      const person = await createPerson(db, { name: `分页测试${String(i).padStart(2, "0")}` });
      await createWorker(db, { organisationId: orgs.home, personId: person.id, hiredOn: "2024-01-01", occupation: i < 5 ? "childcare_worker" : "elderly_caregiver" });
    }
  });

  it("pages 50 at a time with the match count, and page 2 holds the rest", async () => {
    const first = await page("?q=分页测试");
    expect(first.workers).toHaveLength(50);
    expect(first.paging).toMatchObject({ page: 1, hasNext: true, total: 60 });
    const second = await page("?q=分页测试&page=2");
    expect(second.workers).toHaveLength(10);
    expect(second.paging).toMatchObject({ page: 2, hasNext: false, total: 60 });
    expect(new Set([...first.workers, ...second.workers].map((w) => w.id)).size).toBe(60);
  });

  it("narrows by occupation and by the start of an ID number", async () => {
    expect((await page("?q=分页测试&occupation=childcare_worker")).paging.total).toBe(5);
    const someone = (await firstRow(db.select().from(people).where(eq(people.name, "分页测试07"))))!;
    expect((await page(`?q=${someone.idNumber.slice(0, 17)}`)).workers.map((w) => w.name)).toEqual(["分页测试07"]);
  });

  it("keeps to the admin's own institution", async () => {
    expect((await page("?q=分页测试", cookies.other)).workers).toEqual([]);
    expect((await run(workersPage.loader, getRequest(`/institution/workers?org=${orgs.home}`, { cookie: cookies.other }))).status).toBe(404);
  });
});
