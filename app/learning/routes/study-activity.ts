import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "../../utils/zod.ts";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { getEnrolment, getLesson, recordStudyActivity } from "../learning.server.ts";

const reportSchema = z.object({ courseId: z.string().max(64), lessonId: z.string().max(64) });

export async function loader() {
  return new Response("Method Not Allowed", { status: 405 });
}

/** A visible lesson page's activity report. Only the server's clock counts; the client sends no time. */
export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireUserWithPermission(request, "study:course:own");
  const parsed = reportSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return new Response("请求格式不正确", { status: 400 });
  const lesson = await getLesson(db, parsed.data.courseId, parsed.data.lessonId);
  if (!lesson || !await getEnrolment(db, user.id, lesson.courseId)) return new Response("未找到该课时", { status: 404 });
  const credited = await recordStudyActivity(db, user.id, lesson);
  return Response.json({ credited });
}
