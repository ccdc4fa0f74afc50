import fs from "node:fs";
import path from "node:path";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../../auth/auth.server.ts";
import { contentRoot } from "../content/content-root.ts";

const types: Record<string, string> = { ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml", ".webp": "image/webp" };

/** Pictures of a course's lessons, for logged-in users. Names are checked so no path leaves the course's images folder. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  requireUser(request);
  const { courseId = "", file = "" } = params;
  const type = types[path.extname(file).toLowerCase()];
  if (!/^[a-z0-9-]+$/.test(courseId) || !/^[\w.-]+$/.test(file) || !type) return new Response("未找到", { status: 404 });
  const full = path.join(contentRoot(), courseId, "images", file);
  if (!fs.existsSync(full)) return new Response("未找到", { status: 404 });
  return new Response(fs.readFileSync(full), { headers: { "Content-Type": type, "Cache-Control": "private, max-age=86400" } });
}
