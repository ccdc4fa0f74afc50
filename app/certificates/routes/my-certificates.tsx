import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { holderCertificates } from "../holder.server.ts";
import { publicCertificate } from "../verification.server.ts";

export const meta: MetaFunction = () => [{ title: "我的证书 · carecert" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, "read:certificate:own");
  return {
    certificates: await Promise.all((await holderCertificates(user.personId)).map(async (c) => ({ ...(await publicCertificate(db, c.number))!, holderName: c.holderName }))),
  };
}

export default function MyCertificates() {
  const { certificates } = useLoaderData<typeof loader>();
  return (
    <main className="container">
      <h1>我的证书</h1>
      {certificates.length === 0 ? <p className="muted">您还没有证书。通过职业技能等级认定或完成家庭照护者培训后，证书会出现在这里。</p> : null}
      {certificates.map((c) => (
        <section key={c.number} className="card">
          <h2>
            {c.document} · {c.occupation}
            {c.level ? ` ${c.level}` : ""} <span className={c.status === "valid" ? "tag" : "tag warn"}>{c.statusName}</span>
          </h2>
          <dl className="facts">
            <dt>证书编号</dt>
            <dd>{c.number}</dd>
            <dt>持证人</dt>
            <dd>{c.holderName}</dd>
            <dt>发证日期</dt>
            <dd>{c.issuedAt}</dd>
            <dt>{c.document === "培训合格证明" ? "培训机构" : "评价机构"}</dt>
            <dd>{c.issuer}</dd>
            {c.revokedAt ? (
              <>
                <dt>吊销日期</dt>
                <dd>{c.revokedAt}</dd>
              </>
            ) : null}
          </dl>
          {c.source === "issued" && c.status !== "revoked" ? (
            <p className="actions">
              <a className="button" href={`/certificates/${c.number}/certificate.pdf`} download>
                下载证书（PDF）
              </a>
              <a className="button secondary" href={`/certificates/${c.number}/credential.jwt`} download>
                下载电子凭证（离线核验）
              </a>
              <Link to={`/verify/${c.number}`}>查看公开查验页</Link>
            </p>
          ) : (
            <p className="hint">{c.source === "external" ? "外部登记的证书由原发证机构提供证书文件。" : "已吊销的证书不能下载。"}</p>
          )}
          {c.currentEdition && c.currentEdition > 1 ? <p className="hint">当前为第 {c.currentEdition} 版，之前下载的版本已作废。</p> : null}
        </section>
      ))}
    </main>
  );
}
