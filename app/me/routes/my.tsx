import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "../../auth/auth.server.ts";
import { hasPermission } from "../../auth/permissions.ts";
import { DataTable } from "../../components/data-table.tsx";
import { db } from "../../db.server.ts";
import { ObjectionForm } from "../../notices/objection-form.tsx";
import { objectFromForm } from "../../notices/objections.server.ts";
import { chinaDate } from "../../utils/dates.ts";
import { myAllowanceRows, myObjections } from "../my-records.server.ts";
import { RecordSectionView } from "../record-section.tsx";
import { recordSections } from "../sections.server.ts";

export const meta: MetaFunction = () => [{ title: "我的补贴与记录 · carecert" }];

/**
 * 我的补贴与记录: every account belongs to a person, so any signed-in user may open it; it reads only the records of
 * the user's own person (the scope is `user.personId`, never a parameter).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const today = chinaDate(new Date());
  const allowances = await myAllowanceRows(db, user.personId, today);
  // The lists in 公示 now on which the person stands (paid or left out): where they may object.
  const open = new Map<number, { listId: number; title: string; lines: Array<{ lineId: number; label: string }> }>();
  for (const row of allowances.filter((r) => r.objectable)) {
    const list = open.get(row.listId) ?? { listId: row.listId, title: `${row.organisationName} ${row.month} ${row.policyName}`, lines: [] };
    if (row.lineId !== null) list.lines.push({ lineId: row.lineId, label: `${row.level} ${row.amount} 元` });
    open.set(row.listId, list);
  }
  return {
    allowances,
    objectable: [...open.values()],
    objections: await myObjections(db, user.personId),
    sections: await Promise.all(recordSections.map((source) => source(db, user.personId, today))),
    // Red and black list entries about the person, with the appeal form, live on their own page.
    credit: hasPermission(user.grants, "appeal:credit-entry:own"),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  return objectFromForm(request, user, await request.formData(), "/my");
}

export default function MyRecordsPage() {
  const { allowances, objectable, objections, sections, credit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <main className="container">
      <h1>我的补贴与记录</h1>
      <p className="muted">
        机构为您登记的记录和您的补贴发放情况。只有您本人能看到这一页。
        {credit ? (
          <>
            {" "}
            表彰和失信惩戒记录见<Link to="/credit">我的红黑名单记录</Link>。
          </>
        ) : null}
      </p>

      <section>
        <h2>岗位补贴</h2>
        <DataTable
          caption="岗位补贴（按月）"
          rows={allowances}
          rowKey={(r) => r.key}
          empty="还没有已申报的补贴名册列有您。机构申报后会显示在这里。"
          columns={[
            { header: "月份", cell: (r) => r.month },
            { header: "机构", cell: (r) => r.organisationName },
            { header: "等级", cell: (r) => r.level },
            { header: "金额（元）", numeric: true, cell: (r) => r.amount ?? "—" },
            { header: "状态", wrap: true, cell: (r) => r.status },
            { header: "依据", wrap: true, cell: (r) => r.reason },
          ]}
        />
      </section>

      {objectable.map((list) => (
        <section key={list.listId} className="card stack" aria-labelledby={`object-${list.listId}`}>
          <h2 id={`object-${list.listId}`}>对公示中的名册提出异议：{list.title}</h2>
          <p className="hint">
            公示期内可以提出；区县民政部门答复后显示在下方“我的异议”中。<Link to={`/notices/allowances/${list.listId}`}>查看公示名单</Link>
          </p>
          <ObjectionForm listId={list.listId} lines={list.lines} result={result} />
        </section>
      ))}

      <section id="my-objections">
        <h2>我的异议</h2>
        <DataTable
          caption="我的异议"
          rows={objections}
          rowKey={(o) => o.id}
          empty="您没有提出过异议。"
          columns={[
            { header: "名册", cell: (o) => `${o.organisationName} ${o.month}` },
            { header: "提出时间", cell: (o) => o.recordedAt },
            { header: "异议内容", wrap: true, cell: (o) => o.content },
            { header: "答复", wrap: true, cell: (o) => (o.resolution ? `${o.resolution}（${o.resolvedAt}）` : <span className="tag warn">待答复</span>) },
          ]}
        />
      </section>

      {sections.map((section) => (
        <RecordSectionView key={section.key} section={section} />
      ))}
    </main>
  );
}
