import type { PublicCreditNotice } from "../credit/credit.server.ts";
import type { PublicCertificate } from "./verification.server.ts";

const statusClass: Record<PublicCertificate["status"], string> = { valid: "notice", revoked: "form-error", superseded: "form-error", unverified: "notice warn" };

/** The answer of a public check, as /verify and /verify/:number show it. */
export function VerificationResult({ certificate: c, credit = [] }: { certificate: PublicCertificate; credit?: PublicCreditNotice[] }) {
  return (
    <section className="card" aria-labelledby="verification-heading">
      <h2 id="verification-heading">查验结果</h2>
      <div className={statusClass[c.status]} role="status">
        <strong>
          {c.source === "issued" ? "真实证书" : "外部登记的证书"} · {c.statusName}
        </strong>
        {c.status === "revoked" ? <p>该证书已于 {c.revokedAt} 被吊销，不再有效。</p> : null}
        {c.status === "superseded" ? (
          <p>
            此为第 {c.edition} 版，已于 {c.supersededAt} 被第 {c.currentEdition} 版取代（补发或恢复后重新签发），请以最新版本为准。
          </p>
        ) : null}
        {c.status === "unverified" ? <p>该证书由用人单位登记，民政部门尚未核验，真伪未经确认。</p> : null}
        {c.source === "external" && c.verified ? <p>该证书为外部登记，已由民政部门核验。</p> : null}
      </div>
      {credit.length > 0 ? (
        <ul className="credit-notices" aria-label="红黑名单">
          {credit.map((n) => (
            <li key={n.text} className={n.list === "black" ? "form-error" : "notice"}>
              {n.text}
            </li>
          ))}
        </ul>
      ) : null}
      <dl className="facts">
        <dt>证书名称</dt>
        <dd>{c.document}</dd>
        <dt>证书编号</dt>
        <dd>{c.number}</dd>
        <dt>持证人</dt>
        <dd>{c.holderName}</dd>
        <dt>职业名称</dt>
        <dd>{c.occupation}</dd>
        <dt>职业技能等级</dt>
        <dd>{c.level ?? "—（培训合格证明，不是职业技能等级证书）"}</dd>
        <dt>发证日期</dt>
        <dd>{c.issuedAt}</dd>
        <dt>{c.document === "培训合格证明" ? "培训机构" : "评价机构"}</dt>
        <dd>{c.issuer}</dd>
        {c.edition !== null ? (
          <>
            <dt>版本</dt>
            <dd>
              第 {c.edition} 版{c.currentEdition !== c.edition ? `（最新为第 ${c.currentEdition} 版）` : ""}
            </dd>
          </>
        ) : null}
      </dl>
      <p className="hint">
        为保护个人信息，姓名部分隐去，不显示证件号码。黑名单只显示类别和期限，见<a href="/notices/credit">红黑名单公示</a>。
      </p>
    </section>
  );
}
