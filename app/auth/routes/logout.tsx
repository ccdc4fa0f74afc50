import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { db } from "../../db.server.ts";
import { writeAudit } from "../../audit/audit.server.ts";
import { actor, getCurrentUser } from "../auth.server.ts";
import { blankSessionCookie, invalidateSession } from "../session.server.ts";

export async function loader() {
  // Logging out changes state, so it is a POST; a GET just goes home.
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  // Anyone may end the session they hold.
  const user = await getCurrentUser(request);
  if (user) {
    await db.transaction(async (tx) => {
      await invalidateSession(tx, user.sessionId);
      await writeAudit(tx, { ...actor(request, user), event: "auth.logout", target: { table: "sessions", id: user.sessionId } });
    });
  }
  return redirect("/login", { headers: { "Set-Cookie": blankSessionCookie(request) } });
}
