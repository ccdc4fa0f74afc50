import { describe, expect, it } from "vitest";
import { applicationsOpen, sessionDateProblems } from "../../app/assessment/session-dates.ts";
import { attendanceProblem, checkBusinessDate, checkPastDate, latestBusinessDate } from "../../app/utils/business-dates.ts";

const TODAY = "2026-12-01";

describe("business dates", () => {
  it.each([
    ["2000-01-01", null],
    ["1999-12-31", "日期不能早于 2000-01-01"],
    ["1900-05-01", "日期不能早于 2000-01-01"],
    ["2028-12-01", null],
    ["2028-12-02", "日期不能晚于 2028-12-01（两年以内）"],
    ["2030-01-01", "日期不能晚于 2028-12-01（两年以内）"],
    ["2026-02-30", "请填写有效日期"],
    ["2026-1-5", "请填写有效日期"],
  ])("%s → %s", (date, problem) => {
    expect(checkBusinessDate(date, TODAY)).toBe(problem);
  });

  it("counts two calendar years, 29 February included", () => {
    expect(latestBusinessDate("2028-02-29")).toBe("2030-02-28");
  });

  it("refuses a date still to come where it must have happened", () => {
    expect(checkPastDate(TODAY, TODAY)).toBeNull();
    expect(checkPastDate("2026-12-02", TODAY)).toBe("日期不能晚于今天");
  });

  it.each([
    ["2026-11-30", null],
    ["2026-12-01", null],
    ["2026-12-02", "该课次在 2026-12-02，尚未开始，不能登记考勤"],
  ])("attendance for a class session on %s → %s", (date, problem) => {
    expect(attendanceProblem(date, TODAY)).toBe(problem);
  });
});

describe("assessment session dates", () => {
  it.each([
    [{ examDate: "2026-12-26", applicationsCloseOn: "2026-12-19" }, {}],
    [{ examDate: "2026-12-26", applicationsCloseOn: "2026-12-25" }, {}],
    [{ examDate: "2026-12-26", applicationsCloseOn: "2026-12-01" }, {}],
    [{ examDate: "2026-12-26", applicationsCloseOn: "2026-12-26" }, { applicationsCloseOn: "报名截止日期须早于考试日期" }],
    [{ examDate: "2026-12-26", applicationsCloseOn: "2026-11-30" }, { applicationsCloseOn: "报名截止日期不能早于今天" }],
    [{ examDate: "2026-12-01", applicationsCloseOn: "2026-12-01" }, { theoryStartsAt: "考试日期须晚于今天，已过的日期不能开放报名", applicationsCloseOn: "报名截止日期须早于考试日期" }],
    [{ examDate: "2020-06-01", applicationsCloseOn: "2026-12-10" }, { theoryStartsAt: "考试日期须晚于今天，已过的日期不能开放报名", applicationsCloseOn: "报名截止日期须早于考试日期" }],
    [{ examDate: "2029-01-10", applicationsCloseOn: "2028-12-20" }, { theoryStartsAt: "日期不能晚于 2028-12-01（两年以内）", applicationsCloseOn: "日期不能晚于 2028-12-01（两年以内）" }],
  ])("%j → %j", (dates, problems) => {
    expect(sessionDateProblems(dates, TODAY)).toEqual(problems);
  });

  it.each([
    ["2026-12-19", true],
    ["2026-12-20", false],
    ["2026-12-26", false],
    ["2027-01-01", false],
  ])("applications on %s: open %s", (today, open) => {
    expect(applicationsOpen({ examDate: "2026-12-26", applicationsCloseOn: "2026-12-19" }, today)).toBe(open);
  });
});
