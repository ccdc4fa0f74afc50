import { describe, expect, it } from "vitest";
import { fieldChanges } from "../../app/audit/changes.ts";
import { canonicalJson, sameJson } from "../../app/utils/json.ts";

describe("JSON compared whatever its key order (PostgreSQL's jsonb reorders keys)", () => {
  it("canonicalJson sorts every object's keys, nested and in arrays, and keeps array order", () => {
    expect(canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"x":2,"y":1}]},"b":1}');
    expect(canonicalJson([3, 1, 2])).toBe("[3,1,2]");
    expect(canonicalJson({ at: new Date(Date.UTC(2026, 0, 1)) })).toBe('{"at":"2026-01-01T00:00:00.000Z"}');
  });

  it("sameJson: equal up to key order and undefined members, different otherwise", () => {
    expect(sameJson({ elderly_caregiver: { 4: 500, 5: 300 }, infant_caregiver: { 5: 200 } }, { infant_caregiver: { 5: 200 }, elderly_caregiver: { 5: 300, 4: 500 } })).toBe(true);
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
    expect(sameJson({ a: 1 }, { a: 2 })).toBe(false);
  });

  it("fieldChanges sees no change in a JSON field read back with its keys reordered", () => {
    const stored = { rooms: [{ capacity: 30, name: "第一考场" }], name: "五级" };
    expect(fieldChanges(stored, { rooms: [{ name: "第一考场", capacity: 30 }], name: "五级" })).toEqual({});
    expect(fieldChanges(stored, { rooms: [{ name: "第一考场", capacity: 40 }] })).toEqual({ rooms: { from: stored.rooms, to: [{ name: "第一考场", capacity: 40 }] } });
  });
});
