import { firstRow, returnedRow } from "../../db/query.ts";
import ExcelJS from "exceljs";
import { and, desc, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server.ts";
import { createSession } from "../../app/auth/session.server.ts";
import { runCli } from "../../app/cli/cli.server.ts";
import { workforceCommands } from "../../app/workforce/cli.server.ts";
import { xlsxBuffer } from "../../app/imports/table.server.ts";
import { rosterHeaders, rosterOptionalHeaders } from "../../app/workforce/worker-import.ts";
import { IDENTITY_MISMATCH } from "../../app/imports/identity.server.ts";
import * as workersPage from "../../app/workforce/routes/workers.tsx";
import * as templates from "../../app/workforce/routes/worker-templates.ts";
import * as externalPage from "../../app/workforce/routes/external-certificates.tsx";
import { createCertificate, createOrganisation, createPerson, createUser, createWorker, makeCreditCode, makeIdNumber } from "../../seeds/factories.ts";
import { auditLog, certificates, courseCompletions, courses, organisations, people, workerMonths, workers } from "../../db/schema.ts";
import { CLIENT_IP_HEADER } from "../../app/utils/http.ts";
import { getRequest, run } from "../setup/requests.ts";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const cookies: Record<string, string> = {};
const orgs = { home: 0, other: 0 };
const ids = {
  wang: makeIdNumber({ birthDate: "1975-03-08", serial: 801 }),
  li: makeIdNumber({ birthDate: "1982-11-20", serial: 802 }),
  zhao: makeIdNumber({ birthDate: "1990-06-01", gender: "male", serial: 803 }),
};
const certNumber = (level: number, serial: number) => `S00013300000124${level}${String(serial).padStart(6, "0")}`;

function upload(fields: Record<string, string>, file: { name: string; bytes: Uint8Array } | null, as = cookies.home!, query = "") {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.set("file", new File([new Uint8Array(file.bytes)], file.name));
  return new Request(`http://localhost/institution/workers${query}`, { method: "POST", body: form, headers: { Cookie: as, Origin: "http://localhost", [CLIENT_IP_HEADER]: "192.0.2.7" } });
}
const csv = (rows: string[][]) => ({ name: "rows.csv", bytes: new TextEncoder().encode("\uFEFF" + rows.map((r) => r.join(",")).join("\r\n")) });
const rosterCsv = (rows: string[][]) => csv([[...rosterHeaders], ...rows]);
const importRoster = (file: { name: string; bytes: Uint8Array }, as?: string) => run<{ problems: Array<{ row: number | null; column: string | null; message: string }>; message: string | null }>(workersPage.action, upload({ intent: "import-roster" }, file, as));
const importMonthly = (file: { name: string; bytes: Uint8Array }) => run<{ problems: Array<{ row: number | null; column: string | null; message: string }>; message: string | null }>(workersPage.action, upload({ intent: "import-monthly" }, file));
const snapshot = async () => ({
  workers: await db.select().from(workers).where(eq(workers.organisationId, orgs.home)),
  certificates: await db.select().from(certificates),
  months: await db.select().from(workerMonths),
  audit: (await db.select().from(auditLog)).length,
});
const cli = async (argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(db, workforceCommands, argv, (l) => out.push(l), (l) => err.push(l));
  return { code, out: out.join("\n"), err: err.join("\n") };
};
const tmpFile = (name: string, bytes: Uint8Array | Buffer) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "carecert-")), name);
  fs.writeFileSync(file, bytes);
  return file;
};

beforeAll(async () => {
  orgs.home = (await createOrganisation(db, { type: "elderly_care", name: "长兴县夕阳红养老院", regionCode: "330522001" })).id;
  orgs.other = (await createOrganisation(db, { type: "elderly_care", name: "吴兴区松鹤养老院", regionCode: "330502001" })).id;
  for (const [key, spec] of Object.entries({
    home: { role: "institution_admin" as const, organisationId: orgs.home, username: "home-admin" },
    other: { role: "institution_admin" as const, organisationId: orgs.other, username: "other-admin" },
    district: { role: "district_officer" as const, regionCode: "330522", username: "cx-officer" },
    wuxing: { role: "district_officer" as const, regionCode: "330502", username: "wx-officer" },
  })) {
    const user = await createUser(db, spec);
    cookies[key] = `carecert_session=${(await createSession(db, user.id)).token}`;
  }
});

describe("worker roster import", () => {
  const rows = [
    ["王秀英", ids.wang, "养老护理员", "护理员", "2019-04-01", "", certNumber(4, 1), "四级/中级工", "2021-06-30", "浙江省养老服务职业技能评价中心"],
    ["王秀英", ids.wang, "养老护理员", "护理员", "2019-04-01", "", certNumber(3, 2), "三级", "2025-09-30", "浙江省养老服务职业技能评价中心"],
    ["李桂兰", ids.li, "养老护理员", "护士", "2022-01-10", "2027-01-09", "", "", "", ""],
  ];

  it("imports an XLSX roster: workers, people and external certificates awaiting confirmation", async () => {
    const bytes = await xlsxBuffer("名册", [...rosterHeaders, ...rosterOptionalHeaders], rows.map((r) => [...r, "", "", r[0] === "李桂兰" ? "622848000011112222" : ""]));
    const outcome = await importRoster({ name: "名册.xlsx", bytes });
    expect(outcome.data!.message).toBe("导入完成：共 3 行；新增人员 2 名，更新 0 名；新登记外部证书 2 张，更新 0 张（待民政部门核验）");
    const registered = await db.select({ name: people.name, post: workers.post, contractEndsOn: workers.contractEndsOn, bankAccount: workers.bankAccount }).from(workers).innerJoin(people, eq(people.id, workers.personId)).where(eq(workers.organisationId, orgs.home));
    expect(registered).toEqual(expect.arrayContaining([{ name: "王秀英", post: "caregiver", contractEndsOn: null, bankAccount: null }, { name: "李桂兰", post: "nurse", contractEndsOn: "2027-01-09", bankAccount: "622848000011112222" }]));
    expect((await db.select().from(certificates).where(eq(certificates.idNumber, ids.wang))).map((c) => [c.level, c.source, c.verifiedAt])).toEqual([
      [4, "external", null],
      [3, "external", null],
    ]);
  });

  it("changes nothing when the same file is imported again (as CSV)", async () => {
    const before = await snapshot();
    const again = await importRoster(rosterCsv(rows));
    expect(again.data!.message).toBe("导入完成：共 3 行；新增人员 0 名，更新 0 名；新登记外部证书 0 张，更新 0 张（待民政部门核验）");
    expect(await snapshot()).toEqual(before);
  });

  it("rejects a file with any bad row whole, naming each row and column", async () => {
    const before = await snapshot();
    const outcome = await importRoster(
      rosterCsv([
        ["赵强", ids.zhao, "养老护理员", "护理员", "2020-01-01", "", "", "", "", ""],
        ["钱多", "330522199001010000", "养老护理员", "护理员", "2020-01-01", "", "", "", "", ""],
        ["孙丽", makeIdNumber({ serial: 804 }), "厨师", "厨工", "2020/01/01", "", "", "", "", ""],
        ["周红", makeIdNumber({ serial: 805 }), "养老护理员", "护理员", "2020-05-01", "2020-04-30", certNumber(4, 3), "", "", ""],
        ["吴芳", makeIdNumber({ serial: 806 }), "育婴员", "其他", "2020-05-01", "", certNumber(1, 4), "一级", "2021-01-01", "某评价机构"],
        ["郑敏", makeIdNumber({ serial: 807 }), "养老护理员", "其他", "2020-05-01", "", certNumber(4, 5), "三级/高级工", "2021-01-01", "某评价机构"],
        ["冯洁", makeIdNumber({ serial: 808 }), "养老护理员", "其他", "2020-05-01", "", "12345", "六级", "2099-01-01", "某评价机构"],
      ]),
    );
    expect(outcome.status).toBe(400);
    expect(outcome.data!.problems).toEqual([
      { row: 3, column: "身份证号", message: "身份证号码校验位不正确，请核对" },
      { row: 4, column: "职业", message: "职业应为：养老护理员、育婴员、保育师、老年人能力评估师、家庭照护者" },
      { row: 4, column: "岗位", message: "岗位应为：护理员、院长、护士、社工、其他" },
      { row: 4, column: "入职日期", message: "请按 YYYY-MM-DD 填写入职日期，如 2023-01-05" },
      { row: 5, column: "合同截止日期", message: "合同截止日期不能早于入职日期" },
      { row: 5, column: "证书等级", message: "填写证书时，证书编号、证书等级、发证日期、发证机构都要填写" },
      { row: 5, column: "发证日期", message: "填写证书时，证书编号、证书等级、发证日期、发证机构都要填写" },
      { row: 5, column: "发证机构", message: "填写证书时，证书编号、证书等级、发证日期、发证机构都要填写" },
      { row: 6, column: "证书等级", message: "育婴员没有一级" },
      { row: 7, column: "证书等级", message: "证书编号中的等级位为 4，与“三级/高级工”不符" },
      { row: 8, column: "证书编号", message: "证书编号应为字母 Y 或 S 加 21 位数字" },
      { row: 8, column: "证书等级", message: "证书等级应写作“三级”或“三级/高级工”" },
      { row: 8, column: "发证日期", message: "发证日期不能晚于今天" },
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it("rejects conflicting duplicates within the file", async () => {
    const zhao = ["赵强", ids.zhao, "养老护理员", "护理员", "2020-01-01", "", certNumber(5, 6), "五级", "2020-06-01", "某评价机构"];
    const outcome = await importRoster(
      rosterCsv([
        zhao,
        [...zhao.slice(0, 3), "院长", ...zhao.slice(4)],
        ["褚英", makeIdNumber({ serial: 809 }), "养老护理员", "护理员", "2020-01-01", "", certNumber(5, 6), "五级", "2020-06-01", "某评价机构"],
        [...zhao.slice(0, 8), "2020-07-01", zhao[9]!],
      ]),
    );
    expect(outcome.data!.problems).toEqual([
      { row: 3, column: "岗位", message: "与第 2 行身份证号相同，但“岗位”不同" },
      { row: 4, column: "证书编号", message: "与第 2 行证书编号相同，但持证人不同" },
      { row: 5, column: "证书编号", message: "与第 2 行证书编号相同，但证书信息不同" },
    ]);
  });

  it("links a certificate issued here instead of copying it, and refuses what contradicts the records", async () => {
    const holder = await createPerson(db, { name: "陈美华" });
    const account = await createUser(db, { role: "trainee" });
    await db.insert(courses).values({ id: "link-test", title: "测试课程", occupation: "elderly_caregiver", level: 4, requiredHours: 1, summary: "-", contentHash: "x", position: 99 });
    const completion = await returnedRow(db.insert(courseCompletions).values({ userId: account.id, personId: holder.id, courseId: "link-test", completedAt: new Date(), onlineSeconds: 0, offlineMinutes: 0 }).returning());
    const issued = await createCertificate(db, { personId: holder.id, level: 4, source: "issued", courseCompletionId: completion.id, issuedOn: "2025-03-01" });
    const before = (await db.select().from(certificates)).length;
    const linked = await importRoster(rosterCsv([["陈美华", holder.idNumber, "养老护理员", "护理员", "2024-01-01", "", issued.number, "四级", "2025-03-01", "长兴县康养职业技能培训学校"]]));
    expect(linked.data!.message).toContain("新登记外部证书 0 张");
    expect(await db.select().from(certificates)).toHaveLength(before);

    const problems = await importRoster(
      rosterCsv([
        ["陈美华", holder.idNumber, "养老护理员", "护理员", "2024-01-01", "", issued.number, "三级", "2025-03-01", "长兴县康养职业技能培训学校"].map((v, i) => (i === 6 ? `S00013300000125${3}${issued.number.slice(16)}` : v)),
        ["陈美华", (await createPerson(db, { name: "陈美丽" })).idNumber, "养老护理员", "护理员", "2024-01-01", "", "", "", "", ""],
        ["蒋芳", makeIdNumber({ serial: 810 }), "养老护理员", "护理员", "2024-01-01", "", issued.number, "四级", "2025-03-01", "长兴县康养职业技能培训学校"],
      ]),
    );
    expect(problems.data!.problems).toEqual([
      { row: 3, column: "姓名", message: IDENTITY_MISMATCH },
      { row: 4, column: "证书编号", message: "该证书编号已登记在他人名下" },
    ]);
    // The name on record is never shown; the refusal is logged once for the file, naming its rows.
    expect(JSON.stringify(problems.data)).not.toContain("陈美丽");
    const logged = await db.select().from(auditLog).where(eq(auditLog.event, "workforce.identity_mismatch"));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ targetTable: "organisations", targetId: String(orgs.home), ip: "192.0.2.7", details: { file: "rows.csv", count: 1, rows: [3] } });
    expect(await firstRow(db.select().from(people).where(eq(people.name, "蒋芳")))).toBeUndefined();
  });

  it("reports bad rows, in-file conflicts and contradictions of the registry in one pass", async () => {
    const known = await createPerson(db, { name: "郑淑珍" });
    const qian = ["钱丽", makeIdNumber({ birthDate: "1985-05-05", serial: 821 }), "养老护理员", "护理员", "2020-01-01", "", "", "", "", ""];
    const before = await snapshot();
    const outcome = await importRoster(
      rosterCsv([
        ["郑淑芬", known.idNumber, "养老护理员", "护理员", "2020-01-01", "", "", "", "", ""],
        ["孔红", makeIdNumber({ birthDate: "1986-06-06", serial: 822 }), "养老护理员", "护理员", "2020-02-30", "", "", "", "", ""],
        qian,
        [...qian.slice(0, 3), "社工", ...qian.slice(4)],
      ]),
    );
    expect(outcome.data!.problems).toEqual([
      { row: 2, column: "姓名", message: IDENTITY_MISMATCH },
      { row: 3, column: "入职日期", message: "请按 YYYY-MM-DD 填写入职日期，如 2023-01-05" },
      { row: 5, column: "岗位", message: "与第 4 行身份证号相同，但“岗位”不同" },
    ]);
    expect(await snapshot()).toEqual({ ...before, audit: before.audit + 1 });
  });

  it("links a person who registered between the check and the write under the same name, and refuses another name", async () => {
    // Someone registers inside the import's own transaction, just before its writes: the window between check and apply.
    const registerFirst = async (person: { name: string; idNumber: string }, file: { name: string; bytes: Uint8Array }) => {
      const open = db.transaction;
      db.transaction = ((work, config) => {
        // The apply transaction is the IMMEDIATE one; the roster's staging transactions (deferred) pass through.
        if (config?.behavior !== "immediate") return open(work, config);
        db.transaction = open;
        return open(async (tx) => (await createPerson(tx, { ...person, birthDate: "1991-02-03" }), work(tx)), config);
      }) as typeof db.transaction;
      try {
        return await importRoster(file);
      } finally {
        db.transaction = open;
      }
    };
    const sameName = { name: "周美华", idNumber: makeIdNumber({ birthDate: "1991-02-03", serial: 811 }) };
    const linked = await registerFirst(sameName, rosterCsv([[sameName.name, sameName.idNumber, "养老护理员", "护理员", "2023-03-01", "", "", "", "", ""]]));
    expect(linked.data!.message).toContain("新增人员 1 名");
    const person = await db.select().from(people).where(eq(people.idNumber, sameName.idNumber));
    expect(person).toHaveLength(1);
    expect(await db.select({ personId: workers.personId }).from(workers).where(and(eq(workers.organisationId, orgs.home), eq(workers.personId, person[0]!.id)))).toHaveLength(1);

    const otherName = { name: "吴建国", idNumber: makeIdNumber({ birthDate: "1991-02-03", serial: 813 }) };
    const before = await snapshot();
    const refused = await registerFirst(otherName, rosterCsv([["孙丽华", otherName.idNumber, "养老护理员", "护理员", "2023-03-01", "", "", "", "", ""]]));
    expect(refused.data!.problems).toEqual([{ row: null, column: "姓名", message: IDENTITY_MISMATCH }]);
    expect(await snapshot()).toEqual({ ...before, audit: before.audit + 1 });
    expect(await firstRow(db.select({ event: auditLog.event }).from(auditLog).orderBy(desc(auditLog.id)).limit(1))).toEqual({ event: "workforce.identity_mismatch" });
    expect(await db.select().from(people).where(eq(people.idNumber, otherName.idNumber))).toHaveLength(0);
  });

  it("hands out the templates with the issue's headers", async () => {
    const response = (await templates.loader({ request: getRequest("/institution/worker-templates/roster.xlsx", { cookie: cookies.home }), params: { template: "roster.xlsx" }, context: { cspNonce: "" } })) as Response;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    expect((workbook.worksheets[0]!.getRow(1).values as unknown[]).slice(1, 11)).toEqual([...rosterHeaders]);
    const monthly = (await templates.loader({ request: getRequest("/institution/worker-templates/monthly.xlsx", { cookie: cookies.home }), params: { template: "monthly.xlsx" }, context: { cspNonce: "" } })) as Response;
    await workbook.xlsx.load(await monthly.arrayBuffer());
    expect((workbook.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual(["身份证号", "月份", "出勤天数", "社保已缴", "继续教育学时", "责任事故", "应发工资（元）"]);
  });

  it("keeps each institution's registry to its own admin", async () => {
    expect((await run(workersPage.loader, getRequest(`/institution/workers?org=${orgs.home}`, { cookie: cookies.other }))).status).toBe(404);
    expect((await run(workersPage.loader, getRequest("/institution/workers", { cookie: cookies.district }))).status).toBe(403);
    const page = await run<{ workers: Array<{ name: string; certificates: Array<{ state: string }> }> }>(workersPage.loader, getRequest("/institution/workers", { cookie: cookies.home }));
    expect(page.data!.workers.find((w) => w.name === "王秀英")!.certificates.map((c) => c.state)).toEqual(["待核验", "待核验"]);
  });
});

describe("monthly records import", () => {
  const header = ["身份证号", "月份", "出勤天数", "社保已缴", "继续教育学时", "责任事故"];

  it("records months, updates a changed one, and changes nothing on a repeat", async () => {
    const first = await importMonthly(csv([header, [ids.wang, "2026-10", "22", "是", "2", "否"], [ids.wang, "2026-11", "19", "是", "1.5", "否"], [ids.li, "2026-11", "23", "否", "0", "是"]]));
    expect(first.data!.message).toBe("导入完成：共 3 行，新增或更新 3 条月度记录");
    const corrected = await importMonthly(csv([header, [ids.wang, "2026-11", "21", "是", "1.5", "否"]]));
    expect(corrected.data!.message).toBe("导入完成：共 1 行，新增或更新 1 条月度记录");
    const before = await snapshot();
    expect((await importMonthly(csv([header, [ids.wang, "2026-11", "21", "是", "1.5", "否"]]))).data!.message).toBe("导入完成：共 1 行，新增或更新 0 条月度记录");
    expect(await snapshot()).toEqual(before);
    const wang = (await firstRow(db.select().from(workers).innerJoin(people, eq(people.id, workers.personId)).where(and(eq(people.idNumber, ids.wang), eq(workers.organisationId, orgs.home)))))!;
    expect(await firstRow(db.select().from(workerMonths).where(and(eq(workerMonths.workerId, wang.workers.id), eq(workerMonths.month, "2026-11"))))).toMatchObject({ attendanceDays: 21, socialInsurancePaid: true, continuingEducationHours: 1.5 });
  });

  it("reports a bad row, a person not on the roster and a conflicting duplicate in one pass", async () => {
    const outcome = await importMonthly(csv([header, [ids.wang, "2026-13", "22", "是", "0", "否"], [makeIdNumber({ birthDate: "1970-07-07", serial: 831 }), "2026-10", "20", "是", "0", "否"], [ids.li, "2026-09", "20", "是", "0", "否"], [ids.li, "2026-09", "21", "是", "0", "否"]]));
    expect(outcome.data!.problems).toEqual([
      { row: 2, column: "月份", message: "请按 YYYY-MM 填写月份，如 2026-11" },
      { row: 3, column: "身份证号", message: "本机构从业人员名册中没有该身份证号，请先导入名册" },
      { row: 5, column: "月份", message: "与第 4 行是同一人同一月份，但数值不同" },
    ]);
  });

  it("rejects bad rows, people not on the roster and conflicting duplicates", async () => {
    const before = await snapshot();
    const bad = await importMonthly(csv([header, [ids.wang, "2026-13", "22", "是", "2", "否"], [ids.wang, "2026-02", "29", "对", "-1", "否"], [ids.li, "2099-01", "20", "是", "0", "否"]]));
    expect(bad.data!.problems).toEqual([
      { row: 2, column: "月份", message: "请按 YYYY-MM 填写月份，如 2026-11" },
      { row: 3, column: "社保已缴", message: "社保已缴请填写“是”或“否”" },
      { row: 3, column: "继续教育学时", message: "继续教育学时应为不小于 0 的数，最多一位小数（没有填 0）" },
      { row: 3, column: "出勤天数", message: "2026-02 只有 28 天" },
      { row: 4, column: "月份", message: "月份不能晚于本月" },
    ]);
    const stranger = await importMonthly(csv([header, [ids.zhao, "2026-11", "22", "是", "0", "否"], [ids.li, "2026-10", "22", "是", "0", "否"], [ids.li, "2026-10", "20", "是", "0", "否"]]));
    expect(stranger.data!.problems).toEqual([
      { row: 2, column: "身份证号", message: "本机构从业人员名册中没有该身份证号，请先导入名册" },
      { row: 4, column: "月份", message: "与第 3 行是同一人同一月份，但数值不同" },
    ]);
    const notOnRoster = await importMonthly(csv([header, [ids.zhao, "2026-11", "22", "是", "0", "否"]]));
    expect(notOnRoster.data!.problems).toEqual([{ row: 2, column: "身份证号", message: "本机构从业人员名册中没有该身份证号，请先导入名册" }]);
    expect(await snapshot()).toEqual(before);
  });
});

describe("external certificates confirmed by the officer of the region", () => {
  let otherCert = 0;
  beforeAll(async () => {
    const person = await createPerson(db, { name: "外区护理员" });
    await createWorker(db, { organisationId: orgs.other, personId: person.id });
    otherCert = (await createCertificate(db, { personId: person.id, level: 5, verifiedAt: null })).id;
  });

  it("shows each district its own awaiting certificates and confirms only those, logged", async () => {
    const page = await run<{ certificates: Array<{ id: number; holder: string; employers: string[] }> }>(externalPage.loader, getRequest("/region/external-certificates", { cookie: cookies.district }));
    expect(page.data!.certificates.map((c) => c.holder)).toEqual(["王秀英", "王秀英"]);
    expect(page.data!.certificates[0]!.employers).toEqual(["长兴县夕阳红养老院"]);
    const ids = page.data!.certificates.map((c) => String(c.id));
    const form = new URLSearchParams([...ids.map((id) => ["certificateId", id]), ["certificateId", String(otherCert)]]);
    const request = new Request("http://localhost/region/external-certificates", { method: "POST", body: form, headers: { Cookie: cookies.district!, Origin: "http://localhost", "Content-Type": "application/x-www-form-urlencoded" } });
    expect((await run(externalPage.action, request)).data).toEqual({ message: "已确认 2 张外部证书", error: null });
    expect((await firstRow(db.select().from(certificates).where(eq(certificates.id, otherCert))))!.verifiedAt).toBeNull();
    expect(await db.select().from(auditLog).where(and(eq(auditLog.event, "workforce.external_certificate_verified"), inArray(auditLog.targetId, ids)))).toHaveLength(2);
    expect((await run(externalPage.loader, getRequest("/region/external-certificates", { cookie: cookies.home }))).status).toBe(403);
  });

  it("certs:verify-external confirms a region in bulk, within the acting officer's region", async () => {
    const refused = await cli(["certs:verify-external", "--region", "330502", "--as", "cx-officer"]);
    expect(refused).toMatchObject({ code: 1, err: "地区 330502 不在权限范围内" });
    expect(await cli(["certs:verify-external", "--region", "330502", "--as", "wx-officer"])).toMatchObject({ code: 0, out: "已确认 1 张外部证书" });
    expect((await firstRow(db.select().from(certificates).where(eq(certificates.id, otherCert))))!.verifiedAt).not.toBeNull();
  });
});

describe("operator commands", () => {
  const orgHeader = ["名称", "统一社会信用代码", "类型", "区划代码", "床位数", "护理型床位数"];
  const code = (serial: number) => makeCreditCode({ regionCode: "330522", serial });

  it("orgs:import creates organisations through the admin form's checks, and a repeat changes nothing", async () => {
    const file = tmpFile("orgs.csv", new TextEncoder().encode([orgHeader, ["长兴县林城镇敬老院", code(701), "养老机构", "330522103", "80", "40"], ["长兴县小青蛙托育园", code(702), "托育机构", "330522002", "", ""]].map((r) => r.join(",")).join("\n")));
    expect(await cli(["orgs:import", file])).toMatchObject({ code: 0, out: "导入完成：共 2 行，新增机构 2 个，更新 0 个" });
    expect(await cli(["orgs:import", file])).toMatchObject({ code: 0, out: "导入完成：共 2 行，新增机构 0 个，更新 0 个" });
    expect(await firstRow(db.select().from(organisations).where(eq(organisations.creditCode, code(701))))).toMatchObject({ type: "elderly_care", beds: 80, nursingBeds: 40 });
  });

  it("orgs:import rejects the whole file and names row and column", async () => {
    const file = tmpFile("orgs.csv", new TextEncoder().encode([orgHeader, ["长兴县某养老院", code(703), "养老机构", "330522103", "50", "60"], ["某机构", "91330100716105852X", "医院", "330522", "", ""], ["长兴县某托育园", code(704), "托育机构", "999999", "", ""]].map((r) => r.join(",")).join("\n")));
    const { code: exit, out } = await cli(["orgs:import", file]);
    expect(exit).toBe(1);
    // The unknown region (a database check) comes in the same pass as the rows' own problems.
    expect(out.split("\n")).toEqual(["文件未导入，请修改后重新导入：", "  第 2 行「护理型床位数」：护理型床位数不能大于床位数", "  第 3 行「类型」：类型应为：养老机构、托育机构、居家养老服务机构、培训基地、民政部门、社工站", "  第 4 行「区划代码」：没有这个行政区划代码"]);
    const unknownRegion = tmpFile("orgs.csv", new TextEncoder().encode([orgHeader, ["长兴县某托育园", code(704), "托育机构", "999999", "", ""]].map((r) => r.join(",")).join("\n")));
    expect((await cli(["orgs:import", unknownRegion])).out).toContain("第 2 行「区划代码」：没有这个行政区划代码");
    expect(await firstRow(db.select().from(organisations).where(eq(organisations.creditCode, code(703))))).toBeUndefined();
    expect((await cli(["orgs:import", file, "--as", "home-admin"])).err).toBe("用户 home-admin 没有权限：manage:organisation:any");
  });

  it("workers:import and monthly:import run the web import for an institution in the user's scope", async () => {
    const homeCode = (await firstRow(db.select().from(organisations).where(eq(organisations.id, orgs.home))))!.creditCode;
    const otherCode = (await firstRow(db.select().from(organisations).where(eq(organisations.id, orgs.other))))!.creditCode;
    const roster = tmpFile("roster.csv", rosterCsv([["赵强", ids.zhao, "养老护理员", "社工", "2020-01-01", "", "", "", "", ""]]).bytes);
    expect((await cli(["workers:import", roster, "--org", otherCode, "--as", "home-admin"])).err).toBe(`没有统一社会信用代码为 ${otherCode} 的机构，或该机构不在权限范围内`);
    expect(await cli(["workers:import", roster, "--org", homeCode, "--as", "home-admin"])).toMatchObject({ code: 0, out: "导入完成：共 1 行；新增人员 1 名，更新 0 名；新登记外部证书 0 张，更新 0 张（待民政部门核验）" });
    const monthly = tmpFile("monthly.csv", csv([["身份证号", "月份", "出勤天数", "社保已缴", "继续教育学时", "责任事故"], [ids.zhao, "2026-11", "22", "是", "0", "否"]]).bytes);
    expect(await cli(["monthly:import", monthly, "--org", homeCode])).toMatchObject({ code: 0, out: "导入完成：共 1 行，新增或更新 1 条月度记录" });
    expect((await db.select().from(auditLog).where(eq(auditLog.event, "workforce.monthly_imported"))).at(-1)).toMatchObject({ userId: null, ip: expect.stringMatching(/^cli:/) });
  });
});
