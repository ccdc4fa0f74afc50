import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "../../utils/zod.ts";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { clientIp } from "../../utils/http.ts";
import { deviceIdFrom, saveAnswer } from "../exam.server.ts";

const saveSchema = z.object({
  questionId: z.string().max(40),
  choice: z
    .string()
    .max(20)
    .transform((v) => (v === "" ? [] : v.split(",").map(Number))),
  seq: z.coerce.number().int().min(0),
});

export async function loader() {
  return new Response("Method Not Allowed", { status: 405 });
}

/** One answer saved as it is given; the answer body says whether it was kept, ignored or refused. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireUserWithPermission(request, "apply:assessment:own");
  const parsed = saveSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return Response.json({ status: "refused", reason: "bad_request" }, { status: 400 });
  const outcome = await saveAnswer(db, { attemptId: Number(params.attemptId), userId: user.id, deviceId: deviceIdFrom(request), ip: clientIp(request), ...parsed.data });
  const status = outcome.status === "refused" ? (outcome.reason === "not_found" ? 404 : outcome.reason === "closed" || outcome.reason === "other_device" ? 409 : 400) : 200;
  return Response.json(outcome, { status });
}
