import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { DataTable } from "../../components/data-table.tsx";
import { db } from "../../db.server.ts";
import { competitionLabel, competitionsJudgedBy } from "../competitions.server.ts";
import { statusNames } from "../rules.ts";

export const meta: MetaFunction = () => [{ title: "竞赛评分 · carecert" }];

/** The competitions whose judge panel the examiner sits on. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, "judge:competition:org");
  return { competitions: (await competitionsJudgedBy(db, user.id)).map((c) => ({ id: c.id, title: c.title, label: competitionLabel(c), status: statusNames[c.status], preliminaryOn: c.preliminaryOn, finalOn: c.finalOn })) };
}

export default function JudgeCompetitionsPage() {
  const { competitions } = useLoaderData<typeof loader>();
  return (
    <main className="container stack">
      <h1>竞赛评分</h1>
      <DataTable
        caption="我担任评委的技能竞赛"
        rows={competitions}
        rowKey={(c) => c.id}
        empty="您还没有被指派为竞赛评委。"
        columns={[
          { header: "竞赛", cell: (c) => <Link to={`/examiner/competitions/${c.id}`}>{c.title}</Link>, wrap: true },
          { header: "职业与等级", cell: (c) => c.label },
          { header: "初赛", cell: (c) => c.preliminaryOn },
          { header: "决赛", cell: (c) => c.finalOn },
          { header: "状态", cell: (c) => c.status },
        ]}
      />
    </main>
  );
}
