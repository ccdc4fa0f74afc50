import type { ActionFunctionArgs } from "@remix-run/node";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { clientIp } from "../../utils/http.ts";
import { logPageLeft } from "../exam.server.ts";

export async function loader() {
  return new Response("Method Not Allowed", { status: 405 });
}

/** The exam page reports that it went out of sight; as lean as an answer save, and nothing is blocked. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireUserWithPermission(request, "apply:assessment:own");
  const logged = await logPageLeft(db, { attemptId: Number(params.attemptId), userId: user.id, ip: clientIp(request) });
  return new Response(null, { status: logged ? 204 : 404 });
}
