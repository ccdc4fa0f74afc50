import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { notFound } from "../../utils/http.ts";
import { batchInScope } from "../batches.server.ts";

export const meta: MetaFunction = () => [{ title: "证书打包 · carecert" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireUserWithPermission(request, "issue:certificate:org");
  const batch = await batchInScope(db, scope, Number(params.batchId));
  if (!batch) notFound("未找到该打包任务");
  return { batch: { id: batch.id, status: batch.interrupted ? "interrupted" : batch.status, done: batch.done, total: batch.total, error: batch.error } };
}

/** Progress of a ZIP job; the page reloads itself every 2 s while it runs (no script needed). */
export default function BatchPage() {
  const { batch } = useLoaderData<typeof loader>();
  return (
    <main className="container narrow">
      {batch.status === "running" || batch.status === "queued" || batch.status === "interrupted" ? <meta httpEquiv="refresh" content="2" /> : null}
      <p className="breadcrumbs">
        <Link to="/base/certificates">证书发放</Link>
      </p>
      <h1>证书打包下载</h1>
      <section className="card">
        <p>
          <progress value={batch.done} max={Math.max(batch.total, 1)} aria-label="打包进度" /> 已生成 {batch.done} / {batch.total} 份
        </p>
        {batch.status === "queued" ? <p className="hint">已排队，马上开始生成。</p> : null}
        {batch.status === "running" ? <p className="hint">正在生成，可以离开或刷新本页，任务会继续进行。</p> : null}
        {batch.status === "done" ? (
          <a className="button" href={`/base/certificates/batches/${batch.id}/certificates.zip`} download>
            下载 ZIP
          </a>
        ) : null}
        {batch.status === "interrupted" ? <p className="hint">生成任务的服务器已停止，任务将由其他服务器从头继续，请稍候。</p> : null}
        {batch.status === "failed" ? <p className="form-error">生成失败：{batch.error}</p> : null}
      </section>
    </main>
  );
}
