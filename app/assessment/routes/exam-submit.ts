import type { ActionFunctionArgs } from "@remix-run/node";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { clientIp } from "../../utils/http.ts";
import { deviceIdFrom, submitOwnAttempt } from "../exam.server.ts";

export async function loader() {
  return new Response("Method Not Allowed", { status: 405 });
}

/**
 * 交卷 from the exam page: as lean as an answer save, so that 2,000 candidates handing in at the end
 * of the exam do not queue behind page rendering. Without JavaScript the page's form does the same
 * through the exam route's action.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireUserWithPermission(request, "apply:assessment:own");
  const outcome = await submitOwnAttempt(db, { attemptId: Number(params.attemptId), userId: user.id, deviceId: deviceIdFrom(request), ip: clientIp(request) });
  const status = outcome.status === "refused" ? (outcome.reason === "not_found" ? 404 : 409) : 200;
  return Response.json(outcome, { status });
}
