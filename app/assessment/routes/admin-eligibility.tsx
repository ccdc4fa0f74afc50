import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { asc } from "drizzle-orm";
import { eligibilityRules } from "../../../db/schema.ts";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { levelLabel, occupationNames, type SkillLevel } from "../../occupations/occupations.ts";

export const meta: MetaFunction = () => [{ title: "申报条件 · carecert" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "manage:eligibility-rules:any");
  const tables = await db.select().from(eligibilityRules).orderBy(asc(eligibilityRules.occupation), asc(eligibilityRules.level));
  return {
    tables: tables.map((t) => ({
      key: `${t.occupation}/${t.level}`,
      title: `${occupationNames[t.occupation]} ${levelLabel(t.level as SkillLevel)}`,
      source: t.source ? `${t.source.standard} · 职业编码 ${t.source.code}` : "未注明来源",
      sourceNote: t.source && !t.source.confirmed ? (t.source.note ?? "未核实") : null,
      routes: t.routes.length,
      unconfirmed: t.routes.filter((r) => r.confirmed === false).length,
    })),
  };
}

export default function EligibilityTables() {
  const { tables } = useLoaderData<typeof loader>();
  return (
    <main className="container">
      <p className="breadcrumbs">
        <Link to="/admin">系统管理</Link>
      </p>
      <h1>申报条件</h1>
      <p className="muted">各职业、各等级的申报条件按国家职业技能标准录入；标“待核实”的条件未能对照标准原文确认，请核对后修改。</p>
      <ul className="stack">
        {tables.map((t) => (
          <li key={t.key} className="card">
            <h2>
              <Link to={`/admin/eligibility/${t.key}`}>{t.title}</Link>
            </h2>
            <p>{t.source}</p>
            {t.sourceNote ? <p className="notice warn">待核实：{t.sourceNote}</p> : null}
            <p className="muted">
              {t.routes} 条申报条件{t.unconfirmed ? `，其中 ${t.unconfirmed} 条待核实` : ""}
            </p>
          </li>
        ))}
      </ul>
    </main>
  );
}
