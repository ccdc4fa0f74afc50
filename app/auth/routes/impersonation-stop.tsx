import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { writeAudit } from "../../audit/audit.server.ts";
import { db } from "../../db.server.ts";
import { actor, requireUser } from "../auth.server.ts";
import { createSession, invalidateSession, sessionCookie } from "../session.server.ts";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  // Only a session opened by "log in as" can be handed back to the admin who opened it.
  const user = await requireUser(request, { allowPendingPasswordChange: true });
  if (!user.impersonator) return redirect("/");
  const admin = user.impersonator;
  const token = await db.transaction(async (tx) => {
    await invalidateSession(tx, user.sessionId);
    await writeAudit(tx, { ...actor(request, user), event: "auth.impersonation_stopped", target: { table: "users", id: user.id }, relatedUserId: user.id });
    return (await createSession(tx, admin.id, { ip: actor(request, user).ip })).token;
  });
  return redirect(`/admin/users/${user.id}`, { headers: { "Set-Cookie": sessionCookie(request, token) } });
}
