import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { DataTable } from "../../components/data-table.tsx";
import { db } from "../../db.server.ts";
import { getRegion } from "../../regions/regions.server.ts";
import { competitionLabel, competitionsForOrganisations } from "../competitions.server.ts";
import { statusNames } from "../rules.ts";

export const meta: MetaFunction = () => [{ title: "技能竞赛报名 · carecert" }];

/** The competitions held in the region of the user's institution or base. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireUserWithPermission(request, "enter:competition:org");
  return {
    competitions: await Promise.all((await competitionsForOrganisations(db, scope.organisationIds)).map(async (c) => ({ id: c.id, title: c.title, label: competitionLabel(c), region: (await getRegion(c.regionCode))?.name ?? c.regionCode, entriesCloseOn: c.entriesCloseOn, status: statusNames[c.status], published: c.status === "published" || c.status === "closed" }))),
  };
}

export default function OrgCompetitionsPage() {
  const { competitions } = useLoaderData<typeof loader>();
  return (
    <main className="container stack">
      <h1>技能竞赛报名</h1>
      <p className="hint">本单位所在地区举办的技能竞赛。机构可报名本机构在职的从业人员，培训基地可报名本基地培训班的学员；选手须有平台账号，用本人账号参加理论考试。</p>
      <DataTable
        caption="可报名的技能竞赛"
        rows={competitions}
        rowKey={(c) => c.id}
        empty="本地区暂无技能竞赛。"
        columns={[
          { header: "竞赛", cell: (c) => <Link to={`/org/competitions/${c.id}`}>{c.title}</Link>, wrap: true },
          { header: "职业与等级", cell: (c) => c.label },
          { header: "地区", cell: (c) => c.region },
          { header: "报名截止", cell: (c) => c.entriesCloseOn },
          { header: "状态", cell: (c) => (c.published ? <Link to={`/notices/competitions/${c.id}`}>{c.status}</Link> : c.status) },
        ]}
      />
    </main>
  );
}
