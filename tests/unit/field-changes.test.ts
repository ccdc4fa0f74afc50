import { describe, expect, it } from "vitest";
import { fieldChanges } from "../../app/audit/changes.ts";

describe("fieldChanges", () => {
  it.each([
    ["nothing changed", { name: "一期", endsOn: "2026-12-31" }, { name: "一期", endsOn: "2026-12-31" }, {}],
    ["one field", { name: "一期", endsOn: "2026-12-31" }, { name: "二期", endsOn: "2026-12-31" }, { name: { from: "一期", to: "二期" } }],
    ["a field left out is not compared", { name: "一期", venue: "A" }, { name: "一期", venue: undefined }, {}],
    ["null to a value", { contractEndsOn: null }, { contractEndsOn: "2027-01-01" }, { contractEndsOn: { from: null, to: "2027-01-01" } }],
    ["a value to null", { bankAccount: "6222000011112222" }, { bankAccount: null }, { bankAccount: { from: "6222000011112222", to: null } }],
    ["equal dates", { at: new Date("2026-12-10T01:00:00Z") }, { at: new Date("2026-12-10T01:00:00Z") }, {}],
    ["moved date", { at: new Date("2026-12-10T01:00:00Z") }, { at: new Date("2026-12-11T01:00:00Z") }, { at: { from: "2026-12-10T01:00:00.000Z", to: "2026-12-11T01:00:00.000Z" } }],
    ["booleans", { fullTime: true }, { fullTime: false }, { fullTime: { from: true, to: false } }],
  ])("%s", (_, before, after, expected) => {
    expect(fieldChanges(before, after)).toEqual(expected);
  });

  it("compares structured values by content", () => {
    expect(fieldChanges({ rooms: [{ name: "一号", capacity: 30 }] }, { rooms: [{ name: "一号", capacity: 30 }] })).toEqual({});
    expect(fieldChanges({ rooms: [{ name: "一号", capacity: 30 }] }, { rooms: [{ name: "一号", capacity: 40 }] })).toHaveProperty("rooms");
  });
});
