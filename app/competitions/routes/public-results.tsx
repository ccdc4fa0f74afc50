import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DataTable } from "../../components/data-table.tsx";
import { db } from "../../db.server.ts";
import { levelShortLabel, type SkillLevel } from "../../occupations/occupations.ts";
import { getRegion } from "../../regions/regions.server.ts";
import { formatDateTime } from "../../utils/dates.ts";
import { notFound } from "../../utils/http.ts";
import { competitionLabel, publicResults } from "../competitions.server.ts";
import { awardNames } from "../rules.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `竞赛结果公示 · ${data?.title ?? ""} · carecert` }];

/** 竞赛结果公示: public, no login; names masked as on certificate verification, no ID numbers. */
export async function loader({ params }: LoaderFunctionArgs) {
  const found = await publicResults(db, Number(params.competitionId));
  if (!found) notFound("没有该竞赛的公示结果");
  const { competition: c, rows } = found;
  const levels = [...new Set(rows.map((r) => r.level))].sort((a, b) => b - a);
  return {
    title: c.title,
    label: competitionLabel(c),
    region: (await getRegion(c.regionCode))?.name ?? c.regionCode,
    publishedAt: c.publishedAt ? formatDateTime(c.publishedAt) : "",
    final: c.status === "closed",
    weights: c.finalWeights,
    groups: levels.map((level) => ({
      level: levelShortLabel(level as SkillLevel),
      rows: rows
        .filter((r) => r.level === level)
        .map((r) => ({ entryId: r.entryId, rank: r.rank, name: r.name, organisation: r.organisation, theory: r.theoryScore, practical: r.practicalScore, total: r.total, award: r.award ? awardNames[r.award] : "—", promotion: r.promotionLevel ? `可申报${levelShortLabel(r.promotionLevel as SkillLevel)}` : null, amount: r.amount })),
    })),
  };
}

export default function PublicCompetitionResults() {
  const { title, label, region, publishedAt, final, weights, groups } = useLoaderData<typeof loader>();
  const score = (n: number | null) => (n === null ? "缺考" : n);
  return (
    <main className="container stack">
      <h1>{title} · 结果公示</h1>
      <p>
        {region} · {label} · 发布于 {publishedAt}
        {final ? "（已定稿）" : "（公示中）"}
      </p>
      <p className="hint">
        决赛总分 = 理论 × {weights.theory}% + 实操 × {weights.practical}%；同分按实操、理论成绩和理论交卷时间排序。对结果有异议的，请在公示期内向主办的民政部门反映。
      </p>
      {groups.map((g) => (
        <DataTable
          key={g.level}
          caption={`${g.level}组 决赛结果`}
          showCaption
          rows={g.rows}
          rowKey={(r) => r.entryId}
          empty="本组没有结果。"
          columns={[
            { header: "名次", cell: (r) => r.rank, numeric: true },
            { header: "姓名", cell: (r) => r.name },
            { header: "单位", cell: (r) => r.organisation, wrap: true },
            { header: "理论", cell: (r) => score(r.theory), numeric: true },
            { header: "实操", cell: (r) => score(r.practical), numeric: true },
            { header: "总分", cell: (r) => r.total, numeric: true },
            { header: "奖项", cell: (r) => `${r.award}${r.promotion ? `（${r.promotion}）` : ""}${r.amount ? `，奖金 ¥${r.amount.toLocaleString("en-US")}` : ""}`, wrap: true },
          ]}
        />
      ))}
    </main>
  );
}
