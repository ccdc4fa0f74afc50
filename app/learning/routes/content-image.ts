import fs from "node:fs";
import path from "node:path";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../../auth/auth.server.ts";
import { contentRoot, sharedModulesRoot } from "../content/content-root.ts";

const types: Record<string, string> = { ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml", ".webp": "image/webp" };

/**
 * Pictures of a course's lessons (/content/:courseId/images/:file) or of a shared module's
 * (/content/shared-modules/:moduleId/images/:file), for logged-in users. Names are checked so no path leaves the
 * folder's images.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  const { file = "" } = params;
  const [root, folder] = params.moduleId === undefined ? [contentRoot(), params.courseId ?? ""] : [sharedModulesRoot(), params.moduleId];
  const type = types[path.extname(file).toLowerCase()];
  if (!/^[a-z0-9-]+$/.test(folder) || !/^[\w.-]+$/.test(file) || !type) return new Response("未找到", { status: 404 });
  const full = path.join(root, folder, "images", file);
  if (!fs.existsSync(full)) return new Response("未找到", { status: 404 });
  return new Response(fs.readFileSync(full), { headers: { "Content-Type": type, "Cache-Control": "private, max-age=86400" } });
}
