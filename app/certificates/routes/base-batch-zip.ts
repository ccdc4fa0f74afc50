import fs from "node:fs";
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { attachment, notFound } from "../../utils/http.ts";
import { batchFile, batchInScope } from "../batches.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireUserWithPermission(request, "issue:certificate:org");
  const batch = await batchInScope(db, scope, Number(params.batchId));
  const file = batch ? batchFile(batch.id) : null;
  if (!batch || batch.status !== "done" || !file || !fs.existsSync(file)) notFound("该打包文件不存在或尚未生成完成");
  return new Response(createReadableStreamFromReadable(fs.createReadStream(file)), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Length": String(fs.statSync(file).size),
      // Named as the session is on the page (第6批…), not by its id.
      "Content-Disposition": attachment(`${batch.sessionName}-证书.zip`),
      "Cache-Control": "private, no-store",
    },
  });
}
