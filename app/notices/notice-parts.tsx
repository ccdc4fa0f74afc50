import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { yuan } from "../allowances/money.ts";
import { DataTable } from "../components/data-table.tsx";

/**
 * The page parts of a public notice (公示), shared by every kind of list the public is shown: allowance lists here,
 * subsidy lists and competition results later. They take plain, already masked data: nothing here may receive an
 * ID number or a bank account.
 */

/** One row of a notice index: a list in 公示, with where it leads. */
export type NoticeSummary = { key: string; href: string; district: string; issuer: string; title: string; payees: number; total: number; endsOn: string };

export function NoticeIndexTable({ caption, rows, empty, paging }: { caption: string; rows: NoticeSummary[]; empty: ReactNode; paging?: { page: number; hasNext: boolean } }) {
  return (
    <DataTable
      caption={caption}
      rows={rows}
      rowKey={(r) => r.key}
      empty={empty}
      paging={paging}
      columns={[
        { header: "区县", cell: (r) => r.district },
        { header: "机构", cell: (r) => r.issuer },
        { header: "名册", wrap: true, cell: (r) => <Link to={r.href}>{r.title}</Link> },
        { header: "人数", numeric: true, cell: (r) => r.payees },
        { header: "合计", numeric: true, cell: (r) => yuan(r.total) },
        { header: "公示截止", cell: (r) => r.endsOn },
      ]}
    />
  );
}

/** The notice's heading: what is noticed, by whom, and for how long. */
export function NoticeHeader({ kind, title, issuer, district, startsOn, endsOn, payees, total }: { kind: string; title: string; issuer: string; district: string; startsOn: string; endsOn: string; payees: number; total: number }) {
  return (
    <header className="stack">
      <p className="breadcrumbs">
        <Link to="/notices">公示公告</Link> · {kind}
      </p>
      <h1>{title}</h1>
      <p className="muted">
        {district} · {issuer} · 公示期 {startsOn} 至 {endsOn}
      </p>
      <p>
        共 {payees} 人，合计 {yuan(total)}。姓名按证书查验的方式部分隐去；不公布身份证号码和银行账号。
      </p>
    </header>
  );
}

/** A masked row of a notice: who (masked), what (occupation, level), how much, and why in words. */
export type NoticeRow = { key: string; maskedName: string; detail: string; amount: number; reason: string; own?: boolean };

export function NoticeRowsTable({ caption, rows, empty }: { caption: string; rows: NoticeRow[]; empty: ReactNode }) {
  return (
    <DataTable
      caption={caption}
      rows={rows}
      rowKey={(r) => r.key}
      empty={empty}
      columns={[
        { header: "姓名", cell: (r) => (r.own ? <strong>{r.maskedName}（本人）</strong> : r.maskedName) },
        { header: "职业和等级", cell: (r) => r.detail },
        { header: "金额（元）", numeric: true, cell: (r) => r.amount },
        { header: "依据", wrap: true, cell: (r) => r.reason },
      ]}
    />
  );
}

/**
 * How to object during the notice: in writing to the named office, or from one's own account (the form, given as
 * children, when signed in; otherwise a link to log in and come back).
 */
export function HowToObject({ office, endsOn, loginTo, children }: { office: string; endsOn: string; loginTo: string | null; children?: ReactNode }) {
  return (
    <section className="card stack" aria-labelledby="how-to-object">
      <h2 id="how-to-object">如何提出异议</h2>
      <p>
        对名单有异议的，请于 <strong>{endsOn}</strong> 前（含当日）提出：
      </p>
      <ul>
        <li>
          书面提出：写明姓名、联系方式和异议内容，交 <strong>{office}</strong>；
        </li>
        <li>
          本人在线提出：登录本人账号后在本页或“<Link to="/my">我的补贴与记录</Link>”中提交，答复可在“我的补贴与记录”中查看。
        </li>
      </ul>
      {loginTo ? (
        <p>
          <Link to={`/login?redirectTo=${encodeURIComponent(loginTo)}`}>登录后在线提出异议</Link>
        </p>
      ) : null}
      {children}
    </section>
  );
}
