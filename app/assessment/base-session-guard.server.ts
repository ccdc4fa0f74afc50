import { requireUserWithPermission } from "../auth/auth.server.ts";
import { db } from "../db.server.ts";
import { notFound } from "../utils/http.ts";
import { getSessionInScope } from "./sessions.server.ts";

/** The base admin's pages of one session: the session within their base, or 404. */
export async function requireBaseSession(request: Request, sessionId: string | undefined) {
  const { user, scope } = await requireUserWithPermission(request, "manage:assessment:org");
  const found = await getSessionInScope(db, scope, Number(sessionId));
  if (!found) notFound("未找到该批次，或该批次不属于您的培训基地");
  return { user, ...found };
}
