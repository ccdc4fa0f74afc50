import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { maskHolderName } from "../../../certificates/mask.ts";
import { DataTable } from "../../components/data-table.tsx";
import { db } from "../../db.server.ts";
import { yuan } from "../../allowances/money.ts";
import { levelShortLabel, occupationNames, type SkillLevel } from "../../occupations/occupations.ts";
import { notFound } from "../../utils/http.ts";
import { publicSubsidyList } from "../lists.server.ts";
import { subsidyKindNames } from "../rules.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? "公示"} · carecert` }];

/**
 * 公示 of a subsidy list, public and without login: masked names, occupation and level, amount, the period and how to
 * object. No ID numbers, no bank accounts; only a list in 公示 answers (any other state, 404).
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const found = await publicSubsidyList(db, Number(params.listId));
  if (!found) notFound("没有正在公示的这份名册");
  const { list, policy, districtName, lines } = found;
  return {
    title: `${districtName} ${list.month} ${policy.name}公示`,
    kind: subsidyKindNames[policy.kind],
    district: districtName,
    startsOn: list.noticeStartsOn!,
    endsOn: list.noticeEndsOn!,
    total: yuan(lines.reduce((n, l) => n + l.amount, 0)),
    lines: lines.map((l, i) => ({ n: i + 1, name: maskHolderName(l.name), what: `${occupationNames[l.occupation]}${levelShortLabel(l.level as SkillLevel)}`, amount: yuan(l.amount) })),
  };
}

export default function SubsidyNoticePage() {
  const { title, kind, district, startsOn, endsOn, total, lines } = useLoaderData<typeof loader>();
  return (
    <main className="container">
      <h1>{title}</h1>
      <p>
        {kind}拟发放 {lines.length} 人，合计 {total}。公示期：{startsOn} 至 {endsOn}。
      </p>
      <DataTable
        caption="拟发放人员"
        rows={lines}
        rowKey={(l) => l.n}
        empty="没有拟发放人员。"
        columns={[
          { header: "序号", numeric: true, cell: (l) => l.n },
          { header: "姓名", cell: (l) => l.name },
          { header: "职业等级", cell: (l) => l.what },
          { header: "金额", numeric: true, cell: (l) => l.amount },
        ]}
      />
      <section className="card">
        <h2>如何提出异议</h2>
        <p>对名单有异议的，请在公示期内（{endsOn} 前）提出：</p>
        <ul>
          <li>书面向{district}民政部门提出，写明异议人姓名、联系方式和理由，由区县登记并答复；</li>
          <li>本人可登录 carecert，在“我的”页面对本名册提出异议。</li>
        </ul>
        <p className="hint">公示仅列姓名（部分隐去）、职业等级和金额，不公开身份证号码和银行账号。</p>
      </section>
    </main>
  );
}
