import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server.ts";
import { runCli } from "../../app/cli/cli.server.ts";
import { allowanceCommands } from "../../app/allowances/cli.server.ts";
import { createAllowancePolicy, createCertificate, createOrganisation, createUser, createWorker, recordWorkerMonth } from "../../seeds/factories.ts";
import { courseCompletions, courses } from "../../db/schema.ts";
import { createSession } from "../../app/auth/session.server.ts";
import * as myPage from "../../app/me/routes/my.tsx";
import { getRequest, run } from "../setup/requests.ts";

// 安吉县 requires 8 学时 of continuing education in the last 12 months (issue #14 item 1): hours the institution
// reports in its monthly records and hours of continuing-education courses the person completed on the platform add up.
const REGION = "330523";
const people: Record<string, { userId: number; personId: number; idNumber: string }> = {};

async function course(id: string, values: { audience: "continuing_education" | null; level?: number; requiredHours: number }) {
  await db.insert(courses)
    .values({ id, title: id, occupation: "elderly_caregiver", level: values.level ?? null, audience: values.audience, requiredHours: values.requiredHours, offlineHours: 0, summary: "测试课程", contentHash: id, position: 900 });
}
const complete = async (key: string, courseId: string, at: string) =>
  await db.insert(courseCompletions).values({ userId: people[key]!.userId, personId: people[key]!.personId, courseId, completedAt: new Date(at), onlineSeconds: 0, offlineMinutes: 0 });

async function caregiver(key: string, organisationIds: number[], reportedHours: number) {
  const user = await createUser(db, { role: "trainee", name: `继教${key}` });
  await createCertificate(db, { personId: user.person.id, level: 4, issuedOn: "2024-05-20", verifiedAt: new Date("2024-06-01T10:00:00+08:00") });
  for (const organisationId of organisationIds) {
    const worker = await createWorker(db, { organisationId, personId: user.person.id, hiredOn: "2023-01-01", bankAccount: `6228480000${String(user.person.id).padStart(9, "0")}` });
    await recordWorkerMonth(db, { workerId: worker.id, month: "2026-10", attendanceDays: 22, continuingEducationHours: reportedHours });
    await recordWorkerMonth(db, { workerId: worker.id, month: "2026-11", attendanceDays: 22, continuingEducationHours: 0 });
  }
  people[key] = { userId: user.id, personId: user.person.id, idNumber: user.person.idNumber };
}

async function november() {
  const out: string[] = [];
  await runCli(db, allowanceCommands, ["allowances:compute", "--region", REGION, "--month", "2026-11", "--json"], (l) => out.push(l), () => {});
  const result = JSON.parse(out.join("\n")) as { lines: Array<{ idNumber: string; institution: string }>; excluded: Array<{ idNumber: string; institution: string; reasons: string[] }> };
  return {
    paid: (key: string) => result.lines.filter((l) => l.idNumber === people[key]!.idNumber).map((l) => l.institution),
    reasons: (key: string) => result.excluded.filter((e) => e.idNumber === people[key]!.idNumber).flatMap((e) => e.reasons),
  };
}

beforeAll(async () => {
  await createAllowancePolicy(db, {
    regionCode: REGION,
    name: "安吉县养老护理员岗位补贴",
    conditions: [{ type: "valid_certificate" }, { type: "min_attendance_days", days: 20 }, { type: "continuing_education_hours", hours: 8 }],
  });
  const home = (await createOrganisation(db, { type: "elderly_care", name: "安吉县甲养老院", regionCode: "330523001" })).id;
  await course("ce-test-falls", { audience: "continuing_education", requiredHours: 4 });
  await course("ce-test-cpr", { audience: "continuing_education", requiredHours: 3 });
  await course("ec-test-level", { audience: null, level: 4, requiredHours: 150 });

  await caregiver("reportedOnly", [home], 3);
  await caregiver("both", [home], 3);
  await complete("both", "ce-test-falls", "2026-08-10T09:00:00+08:00"); // 3 reported + 4 here = 7
  await complete("both", "ce-test-cpr", "2026-11-30T20:00:00+08:00"); // + 3 on the month's last evening = 10
  await caregiver("stale", [home], 3);
  await complete("stale", "ce-test-falls", "2025-11-30T23:00:00+08:00"); // before the 12 months (2025-12 to 2026-11)
  await complete("stale", "ce-test-cpr", "2026-12-01T00:30:00+08:00"); // after the month
  await complete("stale", "ec-test-level", "2026-09-01T09:00:00+08:00"); // a level course is not continuing education
});

describe("continuing education from the platform counts towards an allowance's 继续教育 condition", () => {
  it("adds the hours of continuing-education courses completed in the 12 months to the hours the institution reported", async () => {
    const month = await november();
    expect(month.reasons("reportedOnly")).toEqual(["近 12 个月继续教育 3 学时，少于 8 学时"]);
    expect(month.paid("both")).toEqual(["安吉县甲养老院"]);
  });

  it("counts neither completions outside the 12 months ending with the month nor courses that are not continuing education", async () => {
    expect((await november()).reasons("stale")).toEqual(["近 12 个月继续教育 3 学时，少于 8 学时"]);
  });

  it("shows the worker on /my, per year, the hours the institutions reported beside those of courses finished here", async () => {
    const cookie = `carecert_session=${(await createSession(db, people.stale!.userId)).token}`;
    const page = await run(myPage.loader, getRequest("/my", { cookie }));
    const education = page.data.sections.find((s: { key: string }) => s.key === "education") as { rows: Array<{ cells: unknown[] }> };
    // The 2026-12-01 00:30 completion falls in 2026's column; the 2025-11-30 one in 2025's.
    expect(education.rows.map((r) => r.cells)).toEqual([
      ["2026 年", 3, 3, 6, "安吉县甲养老院"],
      ["2025 年", 0, 4, 4, "—"],
    ]);
  });
});
