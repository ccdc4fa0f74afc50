import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server.ts";
import { createSession } from "../../app/auth/session.server.ts";
import * as usersPage from "../../app/admin/routes/users.tsx";
import { createUser } from "../../seeds/factories.ts";
import { getRequest, run } from "../setup/requests.ts";

let cookie = "";
beforeAll(async () => {
  const admin = await createUser(db, { role: "system_admin", username: "paging-admin" });
  cookie = `carecert_session=${(await createSession(db, admin.id)).token}`;
});

describe("page numbers in the address", () => {
  it.each(["abc", "1e400", "2.5", "-3", "0", "99999999999999999999", ""])("answers ?page=%s with the first page rather than a 500", async (page) => {
    const outcome = await run<{ paging: { page: number }; users: unknown[] }>(usersPage.loader, getRequest(`/admin/users?page=${page}`, { cookie }));
    expect(outcome.status).toBe(200);
    expect(outcome.data!.paging.page).toBe(1);
    expect(outcome.data!.users.length).toBeGreaterThan(0);
  });

  it("still follows a real page number", async () => {
    const outcome = await run<{ paging: { page: number } }>(usersPage.loader, getRequest("/admin/users?page=2", { cookie }));
    expect(outcome.data!.paging.page).toBe(2);
  });
});
