import { firstRow } from "../../db/query.ts";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, people, roleAssignments, roles, users } from "../../db/schema.ts";
import { db } from "../../app/db.server.ts";
import { idNumberCheckChar } from "../../app/people/id-number.ts";
import * as register from "../../app/auth/routes/register.tsx";
import { ID_NUMBER_REFUSED, REGISTRATION_LIMIT, REGISTRATION_THROTTLED } from "../../app/auth/accounts.server.ts";
import { createPerson } from "../../seeds/factories.ts";
import { PASSWORD_COMMON, PASSWORD_HAS_USERNAME } from "../../app/auth/password.server.ts";
import { getRequest, postRequest, run, sessionCookieOf } from "../setup/requests.ts";
import * as learn from "../../app/learning/routes/learn-home.tsx";

const idNumber = (first17: string) => first17 + idNumberCheckChar(first17);
const countUsers = async () => (await firstRow(db.select({ n: sql<number>`count(*)` }).from(users)))!.n;

function form(overrides: Record<string, string> = {}) {
  return {
    name: "赵春梅",
    idNumber: idNumber("33052219750312002"),
    phone: "13905720001",
    username: "zhaochunmei",
    password: "护理学习2026!",
    confirmPassword: "护理学习2026!",
    ...overrides,
  };
}

describe("trainee self-registration", () => {
  it("creates a trainee with a person derived from the ID number, logs them in and audits it", async () => {
    const outcome = await run(register.action, postRequest("/register", form()));
    expect(outcome.status).toBe(302);
    expect(outcome.location).toBe("/learn");

    const user = (await firstRow(db.select().from(users).where(eq(users.username, "zhaochunmei"))))!;
    const person = (await firstRow(db.select().from(people).where(eq(people.id, user.personId))))!;
    expect(person).toMatchObject({ name: "赵春梅", gender: "female", birthDate: "1975-03-12", phone: "13905720001" });
    const role = await db.select({ key: roles.key }).from(roleAssignments).innerJoin(roles, eq(roles.id, roleAssignments.roleId)).where(eq(roleAssignments.userId, user.id));
    expect(role).toEqual([{ key: "trainee" }]);
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await db.select().from(auditLog).where(eq(auditLog.event, "auth.registered"))).toHaveLength(1);

    // The cookie it set opens the trainee's own page.
    const page = await run(learn.loader, getRequest("/learn", { cookie: sessionCookieOf(outcome) }));
    expect(page.data).toMatchObject({ me: { name: "赵春梅", idNumber: `330522********${person.idNumber.slice(14)}`, gender: "女" } });
  });

  it.each([
    [{ idNumber: "330522197503120021" }, "idNumber", "身份证号码校验位不正确，请核对"],
    [{ idNumber: "33052219750312" }, "idNumber", "身份证号码应为 18 位，当前为 14 位"],
    [{ name: "" }, "name", "请填写姓名"],
    [{ phone: "0572-1234567" }, "phone", "请填写 11 位手机号码"],
    [{ username: "Zh" }, "username", "用户名至少 3 个字符"],
    [{ password: "short", confirmPassword: "short" }, "password", "密码至少 8 个字符"],
    [{ confirmPassword: "something else" }, "confirmPassword", "两次输入的密码不一致"],
    [{ password: "x".repeat(257), confirmPassword: "x".repeat(257) }, "password", "密码最多 256 个字符"],
    [{ password: "12345678", confirmPassword: "12345678" }, "password", PASSWORD_COMMON],
    [{ password: "PassWord", confirmPassword: "PassWord" }, "password", PASSWORD_COMMON],
    [{ password: "my-zhaochunmei-1", confirmPassword: "my-zhaochunmei-1" }, "password", PASSWORD_HAS_USERNAME],
    [{ password: "ZhaoChunMei", confirmPassword: "ZhaoChunMei" }, "password", PASSWORD_HAS_USERNAME],
  ])("refuses %j with a message on the field and writes nothing", async (overrides, field, message) => {
    const before = await countUsers();
    const outcome = await run<{ errors: Record<string, string>; values: Record<string, string> }>(register.action, postRequest("/register", form(overrides)));
    expect(outcome.status).toBe(400);
    expect(outcome.data!.errors[field]).toBe(message);
    expect(outcome.data!.values.password).toBeUndefined();
    expect(await countUsers()).toBe(before);
  });

  it("accepts a long passphrase in full: a different ending is a different password", async () => {
    const long = "很长的口令".repeat(30) + "A";
    await run(register.action, postRequest("/register", form({ username: "longpass", idNumber: idNumber("33052219750312004"), password: long, confirmPassword: long })));
    const { verifyPassword } = await import("../../app/auth/password.server.ts");
    const hash = (await firstRow(db.select().from(users).where(eq(users.username, "longpass"))))!.passwordHash;
    expect(await verifyPassword(hash, long)).toBe(true);
    expect(await verifyPassword(hash, long.slice(0, -1) + "B")).toBe(false);
  });

  it("refuses a taken username, and an ID number that already has an account with the same words as a name mismatch", async () => {
    await run(register.action, postRequest("/register", form({ username: "first", idNumber: idNumber("33052219800101006") })));
    const sameName = await run<{ errors: Record<string, string> }>(register.action, postRequest("/register", form({ username: "first", idNumber: idNumber("33052219800101008") })));
    expect(sameName.data!.errors.username).toBe("该用户名已被使用");
    const sameId = await run<{ errors: Record<string, string> }>(register.action, postRequest("/register", form({ username: "second", idNumber: idNumber("33052219800101006") })));
    expect(sameId.data!.errors.idNumber).toBe(ID_NUMBER_REFUSED);
  });

  it("refuses an ID number entered by an institution under another name, audits it and changes nobody", async () => {
    const entered = await createPerson(db, { name: "王桂兰", phone: null });
    const before = await countUsers();
    const outcome = await run<{ errors: Record<string, string> }>(register.action, postRequest("/register", form({ username: "takeover", idNumber: entered.idNumber }), { ip: "198.51.100.44" }));
    expect(outcome.status).toBe(400);
    expect(outcome.data!.errors.idNumber).toBe(ID_NUMBER_REFUSED);
    expect(outcome.data!.errors.idNumber).toContain("联系");
    expect(JSON.stringify(outcome.data)).not.toContain("王桂兰");
    expect(await firstRow(db.select().from(people).where(eq(people.id, entered.id)))).toMatchObject({ name: "王桂兰", phone: null });
    expect(await countUsers()).toBe(before);
    const refused = (await db.select().from(auditLog).where(eq(auditLog.event, "auth.registration_refused"))).filter((r) => r.targetId === String(entered.id));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ targetTable: "people", targetId: String(entered.id), ip: "198.51.100.44", details: { reason: "name_mismatch", username: "takeover" } });
  });

  it("links the account to a person entered under the same name, without overwriting them", async () => {
    const entered = await createPerson(db, { name: "赵春梅", phone: "13800000000" });
    const outcome = await run(register.action, postRequest("/register", form({ username: "linked", idNumber: entered.idNumber, name: " 赵春梅 ", phone: "13912345678" })));
    expect(outcome.status).toBe(302);
    const user = (await firstRow(db.select().from(users).where(eq(users.username, "linked"))))!;
    expect(user.personId).toBe(entered.id);
    expect(await firstRow(db.select().from(people).where(eq(people.id, entered.id)))).toMatchObject({ name: "赵春梅", phone: "13800000000" });
  });

  it("limits registration attempts per address, counted in the database", async () => {
    await run(register.action, postRequest("/register", form({ username: "ratelimit", idNumber: idNumber("33052219800101010") })));
    const attempt = (ip: string) =>
      run<{ errors: Record<string, string> }>(register.action, postRequest("/register", form({ username: "ratelimit", idNumber: idNumber("33052219800101029") }), { ip }));
    for (let i = 0; i < REGISTRATION_LIMIT; i++) expect((await attempt("203.0.113.50")).status).toBe(400);
    const refused = await attempt("203.0.113.50");
    expect(refused.status).toBe(429);
    expect(refused.data!.errors._form).toBe(REGISTRATION_THROTTLED);
    expect((await attempt("203.0.113.51")).status).toBe(400);
  });
});
