import { describe, expect, it } from "vitest";
import { rosterRowSchema } from "../../app/workforce/worker-import.ts";
import { makeIdNumber } from "../../seeds/factories.ts";

const row = (hiredOn: string) => ({ 姓名: "王秀英", 身份证号: makeIdNumber({ birthDate: "1975-03-08", serial: 1 }), 职业: "养老护理员", 岗位: "护理员", 入职日期: hiredOn });
const hiredOnProblem = (hiredOn: string) => rosterRowSchema("2026-12-01").safeParse(row(hiredOn)).error?.issues.find((i) => i.path[0] === "入职日期")?.message ?? null;

describe("roster date cells", () => {
  it.each([
    ["2024-02-29", null],
    ["2000-02-29", null],
    ["2023-12-31", null],
    ["2023-02-29", "请按 YYYY-MM-DD 填写入职日期，如 2023-01-05"],
    ["1900-02-29", "请按 YYYY-MM-DD 填写入职日期，如 2023-01-05"],
    ["2023-04-31", "请按 YYYY-MM-DD 填写入职日期，如 2023-01-05"],
    ["2023-13-01", "请按 YYYY-MM-DD 填写入职日期，如 2023-01-05"],
    ["2023-00-10", "请按 YYYY-MM-DD 填写入职日期，如 2023-01-05"],
    ["2023-01-00", "请按 YYYY-MM-DD 填写入职日期，如 2023-01-05"],
    ["2023-1-05", "请按 YYYY-MM-DD 填写入职日期，如 2023-01-05"],
    ["2027-01-01", "入职日期不能晚于今天"],
  ])("%s → %s", (hiredOn, problem) => {
    expect(hiredOnProblem(hiredOn)).toBe(problem);
  });
});
