import { firstRow } from "../../db/query.ts";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, passwordResetCodes, sessions, users } from "../../db/schema.ts";
import { createOrganisation, createUser } from "../../seeds/factories.ts";
import { db } from "../../app/db.server.ts";
import { createSession, validateSessionToken } from "../../app/auth/session.server.ts";
import { PASSWORD_COMMON, verifyPassword } from "../../app/auth/password.server.ts";
import { RESET_CODE_INVALID, RESET_CODE_VALID_MS } from "../../app/auth/password-reset.server.ts";
import { attemptLogin } from "../../app/auth/login.server.ts";
import * as start from "../../app/auth/routes/password-reset-start.tsx";
import * as complete from "../../app/auth/routes/password-reset.tsx";
import { getRequest, postRequest, run, sessionCookieOf } from "../setup/requests.ts";

const cookieFor = async (userId: number) => `carecert_session=${(await createSession(db, userId)).token}`;
type Started = { code: string | null; errors: Record<string, string> };

describe("password reset started by an admin in scope", () => {
  let base: { id: number };
  let otherBase: { id: number };
  let baseAdmin: Awaited<ReturnType<typeof createUser>>;
  let examiner: Awaited<ReturnType<typeof createUser>>;
  beforeAll(async () => {
    base = await createOrganisation(db, { type: "training_base", regionCode: "330522" });
    otherBase = await createOrganisation(db, { type: "training_base", regionCode: "330502" });
    baseAdmin = await createUser(db, { role: "base_admin", organisationId: base.id });
    examiner = await createUser(db, { username: "reset.examiner", role: "examiner", organisationId: base.id });
  });

  const startFor = async (adminId: number, userId: number) =>
    run<Started>(start.action, postRequest(`/users/${userId}/password-reset`, {}, { cookie: await cookieFor(adminId) }), { userId: String(userId) });

  it("gives a base admin a one-time code for a user of their base, stored only hashed and logged; the old password still works", async () => {
    const page = await run(start.loader, getRequest(`/users/${examiner.id}/password-reset`, { cookie: await cookieFor(baseAdmin.id) }), { userId: String(examiner.id) });
    expect(page.data).toMatchObject({ target: { username: "reset.examiner" } });
    const started = await startFor(baseAdmin.id, examiner.id);
    expect(started.status).toBe(200);
    const code = started.data!.code!;
    expect(code).toMatch(/^[A-Za-z2-9]{12}$/);
    const row = (await firstRow(db.select().from(passwordResetCodes).where(eq(passwordResetCodes.userId, examiner.id))))!;
    expect(JSON.stringify(row)).not.toContain(code);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(RESET_CODE_VALID_MS);
    const logged = await db.select().from(auditLog).where(eq(auditLog.event, "user.password_reset_started"));
    expect(logged.at(-1)).toMatchObject({ userId: baseAdmin.id, relatedUserId: examiner.id });
    expect(JSON.stringify(logged)).not.toContain(code);
    expect((await attemptLogin(db, { username: "reset.examiner", password: examiner.password, ip: "192.0.2.90" })).ok).toBe(true);
  });

  it("refuses users outside the admin's organisation (404) and people without the permission (403)", async () => {
    const stranger = await createUser(db, { role: "examiner", organisationId: otherBase.id });
    const trainee = await createUser(db, { role: "trainee" });
    expect((await startFor(baseAdmin.id, stranger.id)).status).toBe(404);
    expect((await startFor(baseAdmin.id, trainee.id)).status).toBe(404);
    expect((await startFor(baseAdmin.id, 999_999)).status).toBe(404);
    expect((await startFor(examiner.id, baseAdmin.id)).status).toBe(403);
    expect(await db.select().from(passwordResetCodes).where(eq(passwordResetCodes.userId, stranger.id))).toHaveLength(0);
  });

  it("lets an institution admin reset for their own staff and the system admin for anyone", async () => {
    const home = await createOrganisation(db, { type: "elderly_care", regionCode: "330522" });
    const institutionAdmin = await createUser(db, { role: "institution_admin", organisationId: home.id });
    const colleague = await createUser(db, { role: "institution_admin", organisationId: home.id });
    const admin = await createUser(db, { role: "system_admin" });
    const trainee = await createUser(db, { role: "trainee" });
    expect((await startFor(institutionAdmin.id, colleague.id)).data!.code).toBeTruthy();
    expect((await startFor(institutionAdmin.id, examiner.id)).status).toBe(404);
    expect((await startFor(admin.id, trainee.id)).data!.code).toBeTruthy();
  });

  it("lets the user set a new password with the code once: sessions end, the code is spent, and a fresh one expires", async () => {
    const user = await createUser(db, { username: "reset.user", role: "examiner", organisationId: base.id });
    const before = await createSession(db, user.id);
    const code = (await startFor(baseAdmin.id, user.id)).data!.code!;
    const form = (fields: Record<string, string>, ip = "192.0.2.91") => run<{ errors: Record<string, string> }>(complete.action, postRequest("/password-reset", fields, { ip }));

    const weak = await form({ username: "reset.user", code, newPassword: "password1", confirmPassword: "password1" });
    expect(weak.status).toBe(400);
    expect(weak.data!.errors.newPassword).toBe(PASSWORD_COMMON);

    const done = await form({ username: "reset.user", code, newPassword: "tea garden 2026", confirmPassword: "tea garden 2026" });
    expect(done.status).toBe(302);
    expect(await validateSessionToken(db, before.token)).toBeNull();
    expect(await validateSessionToken(db, sessionCookieOf(done).split("=")[1]!)).toMatchObject({ userId: user.id });
    const stored = (await firstRow(db.select().from(users).where(eq(users.id, user.id))))!;
    expect(await verifyPassword(stored.passwordHash, "tea garden 2026")).toBe(true);
    expect(stored.mustChangePassword).toBe(false);
    expect((await db.select().from(auditLog).where(eq(auditLog.event, "auth.password_reset_completed"))).at(-1)).toMatchObject({ userId: user.id });

    const again = await form({ username: "reset.user", code, newPassword: "another garden 2026", confirmPassword: "another garden 2026" });
    expect(again.status).toBe(400);
    expect(again.data!.errors._form).toBe(RESET_CODE_INVALID);

    const fresh = (await startFor(baseAdmin.id, user.id)).data!.code!;
    await db.update(passwordResetCodes).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(passwordResetCodes.userId, user.id));
    const late = await form({ username: "reset.user", code: fresh, newPassword: "late garden 2026", confirmPassword: "late garden 2026" });
    expect(late.data!.errors._form).toBe(RESET_CODE_INVALID);
    expect(await db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(1);
  });

  it("counts wrong codes with the login throttle", async () => {
    const user = await createUser(db, { username: "reset.guess", role: "examiner", organisationId: base.id });
    await startFor(baseAdmin.id, user.id);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await run(complete.action, postRequest("/password-reset", { username: "reset.guess", code: `WRONGCODE${i}xx`, newPassword: "tea garden 2026", confirmPassword: "tea garden 2026" }, { ip: "192.0.2.92" }))).status);
    }
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });
});
