import { firstRow } from "../../../db/query.ts";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { and, desc, eq, isNotNull, or } from "drizzle-orm";
import { countRows } from "../../../db/dialect.ts";
import { z } from "../../utils/zod.ts";
import { certificates } from "../../../db/schema.ts";
import { normaliseCertificateNumber } from "../../../certificates/number.ts";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { ConfirmAction } from "../../components/confirm-action.tsx";
import { DataTable } from "../../components/data-table.tsx";
import { Field } from "../../components/field.tsx";
import { FilterForm } from "../../components/filter-form.tsx";
import { isConfirmed } from "../../utils/confirm.ts";
import { redirectWithNotice } from "../../utils/notice.server.ts";
import { paged, pageWindow } from "../../utils/pagination.ts";
import { db } from "../../db.server.ts";
import { occupationNames } from "../../occupations/occupations.ts";
import { maskIdNumber } from "../../people/id-number.ts";
import { formatDateTime } from "../../utils/dates.ts";
import { notFound } from "../../utils/http.ts";
import { certificateInScope, reinstateCertificate, revocationScope, revokeCertificate, type CertificateRow } from "../certificates.server.ts";
import { publicCertificate } from "../verification.server.ts";

export const meta: MetaFunction = () => [{ title: "证书吊销（黑名单） · carecert" }];

const PERMISSION = "revoke:certificate";

async function row(c: CertificateRow) {
  const shown = (await publicCertificate(db, c.number))!;
  return {
    number: c.number,
    holderName: c.holderName,
    idNumber: maskIdNumber(c.idNumber),
    label: `${shown.document} · ${occupationNames[c.occupation]} ${shown.level ?? ""}`,
    issuer: c.issuerName,
    issuedOn: c.issuedOn,
    statusName: shown.statusName,
    revoked: c.revokedAt ? { at: formatDateTime(c.revokedAt), reason: c.revokedReason } : null,
  };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireUserWithPermission(request, PERMISSION);
  const url = new URL(request.url);
  const q = url.searchParams.get("q")?.trim() ?? "";
  const range = pageWindow(url);
  const reach = revocationScope(scope);
  const found = q
    ? await db
        .select()
        .from(certificates)
        .where(and(reach, or(eq(certificates.number, normaliseCertificateNumber(q)), eq(certificates.idNumber, q.toUpperCase()), eq(certificates.holderName, q))))
        .limit(50)
    : [];
  const revoked = and(reach, isNotNull(certificates.revokedAt));
  const page = await db.select().from(certificates).where(revoked).orderBy(desc(certificates.revokedAt), desc(certificates.id)).limit(range.limit).offset(range.offset);
  const total = (await firstRow(db.select({ n: countRows() }).from(certificates).where(revoked)))!.n;
  const { rows, ...paging } = paged(page, range, total);
  return { q, found: await Promise.all(found.map(row)), blackList: await Promise.all(rows.map(row)), paging };
}

const actionSchema = z.object({
  intent: z.enum(["revoke", "reinstate"]),
  number: z.string().min(1),
  reason: z.string().trim().min(2, "请写明原因（至少 2 个字）").max(200, "最多 200 个字"),
});

export async function action({ request }: ActionFunctionArgs) {
  const { user, scope } = await requireUserWithPermission(request, PERMISSION);
  const form = await request.formData();
  const fields = Object.fromEntries(form);
  const parsed = actionSchema.safeParse(fields);
  const number = String(fields.number ?? "");
  if (parsed.success && parsed.data.intent === "revoke" && !isConfirmed(form)) return data({ number, error: "请在确认框中确认后再吊销" }, { status: 400 });
  if (!parsed.success) return data({ number, error: parsed.error.issues[0]!.message }, { status: 400 });
  const certificate = await certificateInScope(db, parsed.data.number, revocationScope(scope));
  if (!certificate) notFound("未找到该证书，或该证书不在您的管辖范围内");
  const by = actor(request, user);
  const problems = parsed.data.intent === "revoke" ? await revokeCertificate(db, certificate, parsed.data.reason, by) : await reinstateCertificate(db, certificate, parsed.data.reason, by);
  if (problems.length > 0) return data({ number, error: problems[0]! }, { status: 400 });
  const back = `/region/certificates${new URL(request.url).search}`;
  return redirectWithNotice(request, back, parsed.data.intent === "revoke" ? `已吊销证书 ${certificate.number}，查验页面和吊销状态列表即时生效` : `已恢复证书 ${certificate.number}，持证人需重新下载证书`);
}

type Row = Awaited<ReturnType<typeof row>>;

function CertificateActions({ c, result }: { c: Row; result: ReturnType<typeof useActionData<typeof action>> }) {
  const error = result?.number === c.number ? result.error : null;
  const id = `reason-${c.number}`;
  const reason = <Field id={id} label={c.revoked ? "恢复原因" : "吊销原因"} name="reason" maxLength={200} error={error ?? undefined} />;
  if (!c.revoked) {
    return (
      <ConfirmAction
        label="吊销证书"
        intent="revoke"
        danger
        fields={{ number: c.number }}
        consequences={[`${c.holderName} 的 ${c.label}（${c.number}）将显示为已吊销`, "公开查验页面、电子凭证状态列表即时生效，证书列入黑名单"]}
        warning="确有错误时可凭原因恢复，恢复同样记入审计日志。"
      >
        {reason}
      </ConfirmAction>
    );
  }
  return (
    <Form method="post" className="stack">
      <input type="hidden" name="number" value={c.number} />
      {reason}
      <button type="submit" name="intent" value="reinstate" className="secondary">
        恢复证书
      </button>
    </Form>
  );
}

function CertificateCard({ c, result }: { c: Row; result: ReturnType<typeof useActionData<typeof action>> }) {
  return (
    <section className="card">
      <p>
        <strong>{c.holderName}</strong> <span className="muted">{c.idNumber}</span> <span className={c.revoked ? "tag warn" : "tag"}>{c.statusName}</span>
      </p>
      <p className="hint">
        {c.label} · {c.number} · {c.issuer} · 发证 {c.issuedOn}
      </p>
      {c.revoked ? (
        <p className="hint">
          吊销于 {c.revoked.at}：{c.revoked.reason}
        </p>
      ) : null}
      <CertificateActions c={c} result={result} />
    </section>
  );
}

export default function RevocationsPage() {
  const { q, found, blackList, paging } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <main className="container">
      <h1>证书吊销（黑名单）</h1>
      <p className="muted">吊销以欺骗等手段取得的证书；吊销和恢复都记入审计日志，公开查验和电子凭证状态列表即时更新。</p>
      {result?.error && !found.concat(blackList).some((c) => c.number === result.number) ? (
        <p className="form-error" role="alert">
          {result.error}
        </p>
      ) : null}
      <FilterForm search={{ label: "查找证书", value: q, placeholder: "证书编号、身份证号或姓名" }} />
      {q && found.length === 0 ? <p className="muted">辖区内没有找到该证书。</p> : null}
      {found.map((c) => (
        <CertificateCard key={c.number} c={c} result={result} />
      ))}
      <h2>已吊销的证书（{paging.total}）</h2>
      <DataTable
        caption="已吊销的证书"
        rows={blackList}
        rowKey={(c) => c.number}
        empty="辖区内没有被吊销的证书。"
        paging={paging}
        columns={[
          { header: "持证人", cell: (c) => `${c.holderName} ${c.idNumber}` },
          { header: "证书", cell: (c) => `${c.label} · ${c.number}`, wrap: true },
          { header: "发证", cell: (c) => `${c.issuer} · ${c.issuedOn}`, wrap: true },
          { header: "吊销", cell: (c) => (c.revoked ? `${c.revoked.at}：${c.revoked.reason}` : ""), wrap: true },
          { header: "恢复", cell: (c) => <CertificateActions c={c} result={result} /> },
        ]}
      />
    </main>
  );
}
