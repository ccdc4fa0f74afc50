import { firstRow } from "../../../db/query.ts";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { and, desc, eq, like, or } from "drizzle-orm";
import { countRows, likeAnyCase } from "../../../db/dialect.ts";
import { z } from "../../utils/zod.ts";
import { certificates } from "../../../db/schema.ts";
import { normaliseCertificateNumber } from "../../../certificates/number.ts";
import { planLabel } from "../../assessment/plan-label.ts";
import { listSessions } from "../../assessment/sessions.server.ts";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { scopeCondition } from "../../auth/scope-condition.ts";
import { db } from "../../db.server.ts";
import { notFound } from "../../utils/http.ts";
import { DataTable } from "../../components/data-table.tsx";
import { Field } from "../../components/field.tsx";
import { FilterForm } from "../../components/filter-form.tsx";
import { Pagination } from "../../components/pagination.tsx";
import { paged, pageWindow } from "../../utils/pagination.ts";
import { latestBatches, sessionCertificates, startBatch } from "../batches.server.ts";
import { certificateInScope, reissueCertificate } from "../certificates.server.ts";
import { publicCertificate } from "../verification.server.ts";

export const meta: MetaFunction = () => [{ title: "证书发放 · carecert" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireUserWithPermission(request, "issue:certificate:org");
  const url = new URL(request.url);
  const q = url.searchParams.get("q")?.trim() ?? "";
  const range = pageWindow(url);
  const published = (await listSessions(db, scope)).filter((s) => s.session.status === "published");
  const batches = await latestBatches(db, published.map((s) => s.session.id));
  const search = q ? or(likeAnyCase(certificates.holderName, `%${q}%`), like(certificates.number, `%${normaliseCertificateNumber(q)}%`)) : undefined;
  const where = and(eq(certificates.source, "issued"), scopeCondition(scope, { organisationId: certificates.issuerOrganisationId }), search);
  const issued = await db.select().from(certificates).where(where).orderBy(desc(certificates.issuedOn), desc(certificates.number)).limit(range.limit).offset(range.offset);
  const { rows, ...paging } = paged(issued, range, (await firstRow(db.select({ n: countRows() }).from(certificates).where(where)))!.n);
  return {
    q,
    sessions: await Promise.all(published.map(async ({ session, plan }) => {
      const batch = batches.get(session.id);
      return {
        id: session.id,
        name: session.name,
        label: planLabel(plan),
        certificates: (await sessionCertificates(db, session.id)).length,
        batch: batch ? { id: batch.id, status: batch.interrupted ? "interrupted" : batch.status, done: batch.done, total: batch.total } : null,
      };
    })),
    paging,
    certificates: await Promise.all(rows.map(async (c) => ({ ...(await publicCertificate(db, c.number))!, holderName: c.holderName, idNumber: c.idNumber }))),
  };
}

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("zip"), sessionId: z.coerce.number().int() }),
  z.object({ intent: z.literal("reissue"), number: z.string().min(1), note: z.string().trim().min(2, "请写明补发原因，如“原证书遗失”").max(200, "最多 200 个字") }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const { user, scope } = await requireUserWithPermission(request, "issue:certificate:org");
  const fields = Object.fromEntries(await request.formData());
  const parsed = actionSchema.safeParse(fields);
  if (!parsed.success) return data({ number: typeof fields.number === "string" ? fields.number : null, problems: parsed.error.issues.map((i) => i.message), message: null }, { status: 400 });
  const input = parsed.data;
  if (input.intent === "zip") {
    const session = (await listSessions(db, scope)).find((s) => s.session.id === input.sessionId && s.session.status === "published");
    if (!session) notFound("未找到该批次，或该批次不属于您的培训基地");
    const batchId = await startBatch(db, { organisationId: session.session.organisationId, sessionId: session.session.id, requestedBy: user.id }, actor(request, user));
    return redirect(`/base/certificates/batches/${batchId}`);
  }
  const certificate = await certificateInScope(db, input.number, and(eq(certificates.source, "issued"), scopeCondition(scope, { organisationId: certificates.issuerOrganisationId })));
  if (!certificate) notFound("未找到该证书，或该证书不是本基地发放的");
  const problems = await reissueCertificate(db, certificate, input.note, actor(request, user));
  if (problems.length > 0) return data({ number: certificate.number, problems, message: null }, { status: 400 });
  return data({ number: certificate.number, problems: [] as string[], message: `已补发证书 ${certificate.number}：原证书和电子凭证作废，请下载新证书交给持证人` });
}

export default function BaseCertificates() {
  const { q, sessions, paging, certificates } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <main className="container">
      <h1>证书发放</h1>
      <p className="muted">发布成绩时，合格的考生自动获得职业技能等级证书。可按批次打包下载，或为遗失、损毁的证书补发（编号不变，原证书作废）。</p>
      {result?.message ? (
        <p className="notice" role="status">
          {result.message}
        </p>
      ) : null}
      {result?.problems.length && !result.number ? (
        <div className="form-error" role="alert">
          {result.problems.map((p) => (
            <p key={p}>{p}</p>
          ))}
        </div>
      ) : null}

      <h2>按批次下载</h2>
      <DataTable
        caption="按批次下载证书"
        rows={sessions}
        rowKey={(s) => s.id}
        empty="还没有已发布成绩的认定批次。"
        columns={[
          {
            header: "认定批次",
            wrap: true,
            cell: (s) => (
              <>
                {s.name}
                <br />
                <span className="muted">{s.label}</span>
              </>
            ),
          },
          { header: "证书", numeric: true, cell: (s) => s.certificates },
          {
            header: "打包下载",
            cell: (s) => (
              <>
                {s.batch?.status === "done" ? (
                  <a href={`/base/certificates/batches/${s.batch.id}/certificates.zip`} download>
                    下载 ZIP（{s.batch.done} 份）
                  </a>
                ) : null}
                {s.batch?.status === "running" || s.batch?.status === "queued" ? <Link to={`/base/certificates/batches/${s.batch.id}`}>正在生成 {s.batch.done}/{s.batch.total}</Link> : null}
                {s.certificates > 0 && s.batch?.status !== "running" && s.batch?.status !== "queued" ? (
                  <Form method="post" className="inline">
                    <input type="hidden" name="sessionId" value={s.id} />
                    <button name="intent" value="zip" className="link-button">
                      {s.batch ? "重新生成" : "生成 ZIP"}
                    </button>
                  </Form>
                ) : null}
              </>
            ),
          },
        ]}
      />

      <h2>已发放的证书（{paging.total}）</h2>
      <FilterForm search={{ label: "按姓名或证书编号查找", value: q, placeholder: "姓名或证书编号" }} />
      {certificates.length === 0 ? <p className="muted">没有找到证书。</p> : null}
      {certificates.map((c) => (
        <section key={c.number} className="card">
          <p>
            <strong>{c.holderName}</strong> <span className="muted">{c.idNumber}</span> <span className={c.status === "valid" ? "tag" : "tag warn"}>{c.statusName}</span>
          </p>
          <p className="hint">
            {c.document} · {c.occupation} {c.level ?? ""} · {c.number} · 发证 {c.issuedAt}
            {c.currentEdition && c.currentEdition > 1 ? ` · 第 ${c.currentEdition} 版` : ""}
          </p>
          {c.status !== "revoked" ? (
            <>
              <p>
                <a className="button secondary" href={`/base/certificates/${c.number}/certificate.pdf`} download>
                  下载 PDF
                </a>
              </p>
              <details open={result?.number === c.number && result.problems.length > 0}>
                <summary>补发证书</summary>
                <Form method="post" className="stack">
                  <input type="hidden" name="number" value={c.number} />
                  <Field id={`note-${c.number}`} label="补发原因" name="note" maxLength={200} hint="如：原证书遗失" error={result?.number === c.number ? result.problems[0] : undefined} />
                  <button name="intent" value="reissue" className="secondary">
                    补发（编号不变，原证书作废）
                  </button>
                </Form>
              </details>
            </>
          ) : null}
        </section>
      ))}
      <Pagination {...paging} />
    </main>
  );
}
