import { firstRow } from "../../../db/query.ts";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { eq } from "drizzle-orm";
import { competitions } from "../../../db/schema.ts";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { DataTable } from "../../components/data-table.tsx";
import { FormError, SelectField } from "../../components/field.tsx";
import { db } from "../../db.server.ts";
import { levelShortLabel, type SkillLevel } from "../../occupations/occupations.ts";
import { chinaDate } from "../../utils/dates.ts";
import { notFound } from "../../utils/http.ts";
import { redirectWithNotice } from "../../utils/notice.server.ts";
import { parseForm } from "../../utils/form.ts";
import { z } from "../../utils/zod.ts";
import { CompetitionRefusal, competitionLabel, enter, enteringOrganisations, entrantCandidates, entriesOf, withdrawEntry } from "../competitions.server.ts";
import { entryRefusal, statusNames } from "../rules.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `报名 · ${data?.competition.title ?? "技能竞赛"} · carecert` }];

const entryStatusNames = { pending: "待审核", accepted: "已通过", rejected: "未通过", withdrawn: "已撤回" } as const;

/** The competition when one of the user's organisations lies in its region (404 otherwise). */
async function requireEntering(request: Request, id: string | undefined) {
  const { user, scope } = await requireUserWithPermission(request, "enter:competition:org");
  const competition = await firstRow(db.select().from(competitions).where(eq(competitions.id, Number(id))));
  const orgs = competition ? await enteringOrganisations(db, scope, competition) : [];
  if (!competition || orgs.length === 0) notFound("未找到该竞赛，或本单位不在其举办地区");
  return { user, competition, orgs };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { competition, orgs } = await requireEntering(request, params.competitionId);
  const today = chinaDate(new Date());
  const entries = await entriesOf(db, competition.id, orgs.map((o) => o.id));
  const entered = new Set(entries.filter((e) => e.entry.status !== "withdrawn").map((e) => e.entry.userId));
  return {
    competition: { id: competition.id, title: competition.title, label: competitionLabel(competition), entriesCloseOn: competition.entriesCloseOn, status: statusNames[competition.status], published: competition.status === "published" || competition.status === "closed" },
    closed: entryRefusal({ status: competition.status, today, entriesCloseOn: competition.entriesCloseOn }),
    levels: competition.levels.map((l) => ({ value: String(l), label: levelShortLabel(l as SkillLevel) })),
    orgs: await Promise.all(orgs.map(async (o) => ({ id: o.id, name: o.name, candidates: (await entrantCandidates(db, o, competition, today)).filter((p) => !entered.has(p.userId)) }))),
    entries: entries.map((e) => ({ id: e.entry.id, name: e.name, organisation: e.organisation, level: levelShortLabel(e.entry.level as SkillLevel), status: e.entry.status, reason: e.entry.decisionReason, finalist: e.entry.finalist })),
  };
}

const entrySchema = z.object({
  organisationId: z.string().regex(/^\d+$/, "请选择单位").transform(Number),
  userId: z.string().regex(/^\d+$/, "请选择选手").transform(Number),
  level: z.string().regex(/^[1-5]$/, "请选择组别").transform(Number),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, competition, orgs } = await requireEntering(request, params.competitionId);
  const form = await request.formData();
  const by = actor(request, user);
  const back = `/org/competitions/${competition.id}`;
  try {
    if (form.get("intent") === "withdraw") {
      await withdrawEntry(db, competition, Number(form.get("entryId")), orgs.map((o) => o.id), by);
      return redirectWithNotice(request, back, "已撤回报名");
    }
    const parsed = parseForm(form, entrySchema);
    if (!parsed.ok) return data({ errors: parsed.errors, error: null }, { status: 400 });
    const org = orgs.find((o) => o.id === parsed.data.organisationId);
    const candidate = org ? (await entrantCandidates(db, org, competition, chinaDate(new Date()))).find((p) => p.userId === parsed.data.userId) : undefined;
    if (!org || !candidate) return data({ errors: { userId: "只能报名本机构在职的从业人员或本基地培训班的学员（须有平台账号）" }, error: null }, { status: 400 });
    await enter(db, competition, { ...parsed.data }, by);
    return redirectWithNotice(request, back, `已报名：${candidate.name}（${levelShortLabel(parsed.data.level as SkillLevel)}组），待主办方审核`);
  } catch (error) {
    if (error instanceof CompetitionRefusal) return data({ errors: {} as Record<string, string>, error: error.message }, { status: 409 });
    throw error;
  }
}

export default function OrgCompetitionPage() {
  const { competition: c, closed, levels, orgs, entries } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  return (
    <main className="container stack">
      <p>
        <Link to="/org/competitions">← 技能竞赛报名</Link>
      </p>
      <h1>{c.title}</h1>
      <p>
        {c.label} · 报名截止 {c.entriesCloseOn} · <span className="tag">{c.status}</span> {c.published ? <Link to={`/notices/competitions/${c.id}`}>竞赛结果</Link> : null}
      </p>
      <FormError error={result?.error ?? undefined} />
      {closed ? (
        <p className="hint">{closed}</p>
      ) : (
        orgs.map((o) => (
          <section key={o.id} className="card stack" aria-labelledby={`enter-${o.id}`}>
            <h2 id={`enter-${o.id}`}>报名 · {o.name}</h2>
            {o.candidates.length === 0 ? (
              <p className="empty-state">没有可报名的人员（须为本单位在职从业人员或培训班学员，并有平台账号）。</p>
            ) : (
              <Form method="post" className="stack">
                <input type="hidden" name="organisationId" value={o.id} />
                <SelectField label="选手" name="userId" id={`userId-${o.id}`} error={errors.userId} options={[{ value: "", label: "请选择" }, ...o.candidates.map((p) => ({ value: String(p.userId), label: p.name }))]} />
                <SelectField label="组别" name="level" id={`level-${o.id}`} error={errors.level} options={levels} />
                <button type="submit">报名</button>
              </Form>
            )}
          </section>
        ))
      )}
      <DataTable
        caption="本单位的报名"
        showCaption
        rows={entries}
        rowKey={(e) => e.id}
        empty="本单位还没有报名。"
        columns={[
          { header: "选手", cell: (e) => e.name },
          { header: "单位", cell: (e) => e.organisation, wrap: true },
          { header: "组别", cell: (e) => e.level },
          { header: "状态", cell: (e) => `${entryStatusNames[e.status]}${e.reason ? `（${e.reason}）` : ""}${e.finalist ? " · 晋级决赛" : ""}`, wrap: true },
          {
            header: "操作",
            cell: (e) =>
              !closed && e.status !== "withdrawn" ? (
                <Form method="post">
                  <input type="hidden" name="entryId" value={e.id} />
                  <button type="submit" name="intent" value="withdraw" className="secondary">
                    撤回报名
                  </button>
                </Form>
              ) : (
                "—"
              ),
          },
        ]}
      />
    </main>
  );
}
