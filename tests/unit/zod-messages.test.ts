import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "../../app/utils/zod.ts";
import { rosterRowSchema } from "../../app/workforce/worker-import.ts";
import { organisationSchema } from "../../app/organisations/organisation-schema.ts";
import { makeIdNumber } from "../../seeds/factories.ts";

/** zod's English defaults ("Invalid input", "Expected string, received number", "Required") or any other English word. */
const ENGLISH = /[A-Za-z]{2,}/;
const messages = (schema: z.ZodType, input: unknown) => schema.safeParse(input).error?.issues.map((i) => i.message) ?? [];

describe("the Chinese zod error map", () => {
  // One failing input for every issue code zod 4 can raise, as the app's schemas meet them.
  it.each<[string, z.ZodType, unknown]>([
    ["invalid_type: a field left out", z.object({ name: z.string() }), {}],
    ["invalid_type: a number where text goes", z.string(), 5],
    ["invalid_type: z.coerce of text", z.coerce.number().int(), "abc"],
    ["invalid_type: a boolean", z.boolean(), "是"],
    ["too_small: text", z.string().min(3), "ab"],
    ["too_small: empty text", z.string().min(1), ""],
    ["too_small: a number", z.number().min(1), 0],
    ["too_small: a list", z.array(z.string()).min(2), ["a"]],
    ["too_small: exact length", z.string().length(4), "12"],
    ["too_big: text", z.string().max(2), "abc"],
    ["too_big: a number", z.number().max(10), 11],
    ["too_big: an integer", z.number().int().lte(3), 4],
    ["too_big: a list", z.array(z.number()).max(1), [1, 2]],
    ["invalid_format: a pattern", z.string().regex(/^\d+$/), "x"],
    ["invalid_format: an email", z.email(), "not-an-address"],
    ["invalid_format: a URL", z.url(), "nowhere"],
    ["invalid_format: a date", z.iso.date(), "2024-13-01"],
    ["invalid_format: starts with", z.string().startsWith("S"), "Y1"],
    ["not_multiple_of", z.number().multipleOf(5), 7],
    ["unrecognized_keys", z.strictObject({ a: z.string() }), { a: "1", b: "2" }],
    ["invalid_union", z.union([z.literal(""), z.string().regex(/^\d{4}$/)]), "12"],
    ["invalid_union: discriminated", z.discriminatedUnion("type", [z.object({ type: z.literal("a") }), z.object({ type: z.literal("b") })]), { type: "c" }],
    ["invalid_key", z.record(z.string().regex(/^\d+$/), z.number()), { x: 1 }],
    ["invalid_element", z.map(z.string(), z.number()), new Map([["a", "b"]])],
    ["invalid_value: an enum of internal codes", z.enum(["male", "female"]), "男"],
    ["invalid_value: a literal", z.literal("yes"), "no"],
    ["custom: a refinement without a message", z.string().refine((v) => v === "ok"), "no"],
    ["custom: a transform adding an issue", z.string().transform((v, ctx) => ctx.addIssue({ code: "custom", input: v })), "x"],
    ["nan", z.number(), Number.NaN],
    ["a date out of range", z.date().min(new Date("2020-01-01")), new Date("2019-01-01")],
  ])("%s", (_, schema, input) => {
    const found = messages(schema, input);
    expect(found.length).toBeGreaterThan(0);
    for (const message of found) expect(message).not.toMatch(ENGLISH);
  });

  it("lists Chinese choices of an enum, and a union gives its branch's own message", () => {
    expect(messages(z.enum(["是", "否"]), "对")).toEqual(["应为：是、否"]);
    expect(messages(z.union([z.literal(""), z.string().refine((v) => v === "甲", "应为甲")]), "乙")).toEqual(["应为甲"]);
  });

  it("never lets a schema's own message be replaced", () => {
    expect(messages(z.string().min(2, "请填写机构全称"), "某")).toEqual(["请填写机构全称"]);
  });

  it("names a bad 学历 in an import row in Chinese (it said \"Invalid input\")", () => {
    const row = { 姓名: "王秀英", 身份证号: makeIdNumber({ birthDate: "1975-03-08", serial: 1 }), 职业: "养老护理员", 岗位: "护理员", 入职日期: "2020-01-01", 学历: "大学" };
    const problem = rosterRowSchema("2026-12-01").safeParse(row).error?.issues.find((i) => i.path[0] === "学历")?.message;
    expect(problem).toMatch(/^学历应为：/);
    expect(problem).not.toMatch(ENGLISH);
  });

  it("answers an organisation form without a type in Chinese", () => {
    for (const message of messages(organisationSchema, { name: "长兴县某机构" })) expect(message).not.toMatch(ENGLISH);
  });

  it("is the only zod the app imports, so every schema (routes, imports, CLI, content) gets the map", () => {
    const sources = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []));
    const direct = ["app", "scripts", "server", "db"].flatMap(sources).filter((f) => f !== path.join("app", "utils", "zod.ts") && /from ["']zod(\/[^"']*)?["']/.test(fs.readFileSync(f, "utf8")));
    expect(direct).toEqual([]);
  });
});
