import { describe, expect, it } from "vitest";
import { allowanceMonth, daysAfter, lastEndedMonth } from "../../app/home/todo-rules.ts";

describe("to-do calendar rules", () => {
  it.each([
    ["2026-12-01", "2026-11"],
    ["2026-12-31", "2026-11"],
    ["2027-01-01", "2026-12"],
    ["2024-03-01", "2024-02"],
  ])("on %s the last ended month is %s", (today, month) => {
    expect(lastEndedMonth(today)).toBe(month);
  });

  it.each([
    ["2026-12-30", 3, "2027-01-02"],
    ["2024-02-28", 1, "2024-02-29"],
    ["2026-03-01", -1, "2026-02-28"],
  ])("%s plus %i days is %s", (date, days, expected) => {
    expect(daysAfter(date, days)).toBe(expected);
  });

  it.each([
    { requested: "2020-01", waiting: ["2026-10"], newest: "2026-11", expected: "2020-01" },
    { requested: null, waiting: ["2026-10", "2026-08"], newest: "2026-11", expected: "2026-08" },
    { requested: null, waiting: [], newest: "2026-11", expected: "2026-11" },
    { requested: null, waiting: [], newest: null, expected: "2026-12" },
  ])("/allowances opens on $expected (asked $requested, waiting $waiting, newest $newest)", ({ requested, waiting, newest, expected }) => {
    expect(allowanceMonth(requested, waiting, newest, "2026-12")).toBe(expected);
  });
});
