import { firstRow } from "../../../db/query.ts";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { eq } from "drizzle-orm";
import { organisations } from "../../../db/schema.ts";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { ConfirmAction } from "../../components/confirm-action.tsx";
import { DataTable } from "../../components/data-table.tsx";
import { Field, FormError } from "../../components/field.tsx";
import { db } from "../../db.server.ts";
import { levelShortLabel, type SkillLevel } from "../../occupations/occupations.ts";
import { getRegion } from "../../regions/regions.server.ts";
import { isConfirmed } from "../../utils/confirm.ts";
import { notFound } from "../../utils/http.ts";
import { redirectWithNotice } from "../../utils/notice.server.ts";
import {
  CompetitionRefusal,
  competitionInScope,
  competitionLabel,
  decideEntry,
  eligibleJudges,
  entriesOf,
  finalResults,
  judgesOf,
  markPracticalAbsent,
  resolveSpread,
  resultSummary,
  runningStage,
  setPanel,
  stageStandings,
  stepRefusals,
  takeStep,
} from "../competitions.server.ts";
import { awardNames, competitionSteps, isCompetitionStep, stageNames, statusNames } from "../rules.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.competition.title ?? "技能竞赛"} · carecert` }];

const entryStatusNames = { pending: "待审核", accepted: "已通过", rejected: "未通过", withdrawn: "已撤回" } as const;
const partState = (state: string, score: number | null) => (state === "scored" ? `${score} 分` : state === "absent" ? "缺考" : state === "not_held" ? "—" : "未完成");

async function requireCompetition(request: Request, id: string | undefined) {
  const { user, scope } = await requireUserWithPermission(request, "manage:competition:region");
  const competition = await competitionInScope(db, scope, Number(id));
  if (!competition) notFound("未找到该竞赛，或不在您的辖区");
  return { user, competition };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { competition } = await requireCompetition(request, params.competitionId);
  const stage = runningStage(competition);
  const standings = stage ? await stageStandings(db, competition, stage) : null;
  const preview = competition.status === "final" && standings?.complete ? resultSummary(await finalResults(db, competition)) : null;
  const panel = await judgesOf(db, competition.id);
  return {
    competition: {
      ...competition,
      label: competitionLabel(competition),
      region: (await getRegion(competition.regionCode))?.name ?? competition.regionCode,
      host: (await firstRow(db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, competition.hostOrganisationId))))?.name ?? "",
      statusName: statusNames[competition.status],
      awardLines: competition.awards.map((a) => `${awardNames[a.award]} ${a.count !== undefined ? `${a.count} 名` : `${a.share}%`}${a.amount ? `，奖金 ¥${a.amount.toLocaleString("en-US")}` : ""}${a.promotion ? "，可晋升一个等级" : ""}`),
    },
    entries: (await entriesOf(db, competition.id)).map((e) => ({ id: e.entry.id, name: e.name, organisation: e.organisation, level: levelShortLabel(e.entry.level as SkillLevel), status: e.entry.status, reason: e.entry.decisionReason, finalist: e.entry.finalist })),
    panel,
    eligibleJudges: (await eligibleJudges(db, competition)).map((j) => ({ ...j, onPanel: panel.some((p) => p.userId === j.userId) })),
    stage: stage ? stageNames[stage] : null,
    standings: standings
      ? {
          weights: standings.weights,
          groups: standings.byLevel.map((g) => ({
            level: levelShortLabel(g.level as SkillLevel),
            rows: g.ranked.map((r) => {
              const c = g.competitors.find((x) => x.entryId === r.entryId)!;
              return { ...c, theoryText: partState(c.theoryState, c.theory), practicalText: partState(c.practicalState, c.practical), total: r.total, rank: r.rank };
            }),
          })),
        }
      : null,
    panelSize: panel.length,
    refusals: await stepRefusals(db, competition),
    preview,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, competition } = await requireCompetition(request, params.competitionId);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const by = actor(request, user);
  const back = `/region/competitions/${competition.id}`;
  try {
    if (intent === "decide") {
      const decision = form.get("decision") === "accepted" ? "accepted" : "rejected";
      await decideEntry(db, competition, { entryId: Number(form.get("entryId")), decision, reason: String(form.get("reason") ?? "") }, by);
      return redirectWithNotice(request, `${back}#entries`, decision === "accepted" ? "报名已审核通过" : "报名未通过，理由已告知报名单位");
    }
    if (intent === "panel") {
      const ids = form.getAll("judge").map(Number);
      await setPanel(db, competition, ids, by);
      return redirectWithNotice(request, `${back}#panel`, `评委组已设为 ${ids.length} 人`);
    }
    if (intent === "resolve") {
      const decision = form.get("decision") === "rescore" ? "rescore" : "confirm";
      const score = form.get("score") ? Number(form.get("score")) : null;
      await resolveSpread(db, competition, { entryId: Number(form.get("entryId")), decision, score: Number.isNaN(score) ? null : score, reason: String(form.get("reason") ?? "") }, by);
      return redirectWithNotice(request, `${back}#standings`, decision === "rescore" ? "已按复评分数计分" : "已确认评委平均分");
    }
    if (intent === "absent") {
      await markPracticalAbsent(db, competition, Number(form.get("entryId")), by);
      return redirectWithNotice(request, `${back}#standings`, "该选手实操已记为缺赛");
    }
    if (isCompetitionStep(intent)) {
      if (!isConfirmed(form)) return data({ error: `请在确认面板中核对后再${competitionSteps[intent].label}，未作任何更改` }, { status: 400 });
      const { message } = await takeStep(db, competition, intent, by);
      return redirectWithNotice(request, `${back}#steps`, message);
    }
  } catch (error) {
    if (error instanceof CompetitionRefusal) return data({ error: error.message }, { status: 409 });
    throw error;
  }
  return data({ error: "未知的操作" }, { status: 400 });
}

export default function RegionCompetitionPage() {
  const { competition: c, entries, panel, eligibleJudges, stage, standings, panelSize, refusals, preview } = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  const pending = entries.filter((e) => e.status === "pending").length;
  const accepted = entries.filter((e) => e.status === "accepted").length;
  const finalists = entries.filter((e) => e.finalist).length;
  const published = c.status === "published" || c.status === "closed";
  return (
    <main className="container stack">
      <p>
        <Link to="/region/competitions">← 技能竞赛</Link>
      </p>
      <h1>{c.title}</h1>
      <dl className="facts">
        <dt>职业与等级组别</dt>
        <dd>{c.label}</dd>
        <dt>举办地区</dt>
        <dd>{c.region}</dd>
        <dt>承办单位</dt>
        <dd>{c.host}</dd>
        <dt>日程</dt>
        <dd>
          报名截止 {c.entriesCloseOn}，初赛 {c.preliminaryOn}，决赛 {c.finalOn}
        </dd>
        <dt>计分</dt>
        <dd>
          初赛 理论 {c.preliminaryWeights.theory}%{c.preliminaryWeights.practical ? ` + 实操 ${c.preliminaryWeights.practical}%` : ""}；决赛 理论 {c.finalWeights.theory}% + 实操 {c.finalWeights.practical}%；每组前 {c.advanceCount} 名晋级决赛
        </dd>
        <dt>奖项</dt>
        <dd>{c.awardLines.join("；")}</dd>
        <dt>状态</dt>
        <dd>
          <span className="tag">{c.statusName}</span> {published ? <Link to={`/notices/competitions/${c.id}`}>公示页面</Link> : null}
        </dd>
      </dl>
      <FormError error={refused?.error} />

      <section className="card stack" id="steps" aria-labelledby="steps-heading">
        <h2 id="steps-heading">赛程</h2>
        {c.status === "entries" ? (
          refusals["open-preliminary"] ? (
            <p className="hint">开始初赛：{refusals["open-preliminary"]}</p>
          ) : (
            <ConfirmAction label="开始初赛" intent="open-preliminary" consequences={[`${accepted} 名选手的理论试卷从各等级考试题库按组卷蓝图抽取`, `承办单位开设考场，评委组 ${panelSize} 人担任监考`]} warning="开始后不再审核报名。" />
          )
        ) : null}
        {c.status === "preliminary" ? (
          refusals.advance ? (
            <p className="hint">公布晋级名单：{refusals.advance}</p>
          ) : (
            <ConfirmAction label="公布晋级名单" intent="advance" consequences={[`每个等级组别按初赛排名前 ${c.advanceCount} 名晋级决赛（末位同分同时晋级）`]} warning="晋级名单公布后不能撤回。" />
          )
        ) : null}
        {c.status === "final" && refusals["open-final"] === "决赛已经开始" ? null : c.status === "final" ? (
          refusals["open-final"] ? (
            <p className="hint">
              已晋级决赛 {finalists} 人。开始决赛：{refusals["open-final"]}
            </p>
          ) : (
            <ConfirmAction label="开始决赛" intent="open-final" consequences={[`${finalists} 名决赛选手的理论试卷从考试题库抽取`, "各等级组别抽取一个实操项目，由评委组逐项评分"]} />
          )
        ) : null}
        {c.status === "final" && refusals["open-final"] === "决赛已经开始" ? (
          refusals.publish || !preview ? (
            <p className="hint">发布结果：{refusals.publish}</p>
          ) : (
            <ConfirmAction
              label="发布竞赛结果"
              intent="publish"
              consequences={[
                `决赛选手 ${preview.competitors} 人按总分排名`,
                `获奖 ${preview.awarded} 人：${Object.entries(preview.byAward)
                  .filter(([, n]) => n > 0)
                  .map(([a, n]) => `${awardNames[a as keyof typeof awardNames]} ${n} 人`)
                  .join("，")}`,
                `奖金合计 ¥${preview.amount.toLocaleString("en-US")}`,
                "公示页面公开发布（姓名脱敏）",
              ]}
              warning="定稿前可以撤回。"
            />
          )
        ) : null}
        {c.status === "published" ? (
          <div className="row">
            <ConfirmAction label="撤回竞赛结果" intent="withdraw-results" danger consequences={["公示页面不再显示结果", "排名和奖项回到待发布状态"]} />
            <ConfirmAction label="结果定稿" intent="finalise" consequences={["结果定稿后不能再撤回", "获奖晋级记录可作为申报上一等级的依据"]} />
          </div>
        ) : null}
        {c.status === "closed" ? <p>结果已定稿。</p> : null}
      </section>

      <section className="stack" id="entries" aria-labelledby="entries-heading">
        <h2 id="entries-heading">
          报名（待审核 {pending}，已通过 {accepted}）
        </h2>
        <DataTable
          caption="报名"
          rows={entries}
          rowKey={(e) => e.id}
          empty="还没有单位报名。"
          columns={[
            { header: "选手", cell: (e) => e.name },
            { header: "单位", cell: (e) => e.organisation, wrap: true },
            { header: "组别", cell: (e) => e.level },
            { header: "状态", cell: (e) => `${entryStatusNames[e.status]}${e.reason ? `（${e.reason}）` : ""}${e.finalist ? " · 晋级决赛" : ""}`, wrap: true },
            {
              header: "审核",
              cell: (e) =>
                e.status === "pending" && c.status === "entries" ? (
                  <Form method="post" className="row">
                    <input type="hidden" name="intent" value="decide" />
                    <input type="hidden" name="entryId" value={e.id} />
                    <Field label="不予通过的理由" name="reason" id={`reason-${e.id}`} />
                    <button type="submit" name="decision" value="accepted">
                      通过
                    </button>
                    <button type="submit" name="decision" value="rejected" className="secondary">
                      不予通过
                    </button>
                  </Form>
                ) : (
                  "—"
                ),
            },
          ]}
        />
      </section>

      <section className="card stack" id="panel" aria-labelledby="panel-heading">
        <h2 id="panel-heading">评委组（{panel.length} 人）</h2>
        <p className="hint">从辖区培训基地具备本职业各组别考评员资格的考评员中指派，至少 3 名且为奇数；评委同时担任理论考试监考。</p>
        <Form method="post" className="stack">
          <fieldset>
            <legend>评委</legend>
            {eligibleJudges.length === 0 ? <p className="empty-state">辖区内没有具备资格的考评员。</p> : null}
            {eligibleJudges.map((j) => (
              <label key={j.userId} className="inline">
                <input type="checkbox" name="judge" value={j.userId} defaultChecked={j.onPanel} /> {j.name}（{j.organisation}）
              </label>
            ))}
          </fieldset>
          <button type="submit" name="intent" value="panel" className="secondary">
            保存评委组
          </button>
        </Form>
      </section>

      {standings ? (
        <section className="stack" id="standings" aria-labelledby="standings-heading">
          <h2 id="standings-heading">
            {stage}成绩与排名（理论 {standings.weights.theory}%{standings.weights.practical ? ` + 实操 ${standings.weights.practical}%` : ""}）
          </h2>
          <p className="hint">理论试卷由选手在本人账号作答、交卷即评分；评委在“考评”页面为选手入场核验、记录缺考，并为实操逐项评分。</p>
          {standings.groups.map((g) => (
            <DataTable
              key={g.level}
              caption={`${stage}排名 · ${g.level}`}
              showCaption
              rows={g.rows}
              rowKey={(r) => r.entryId}
              empty="本组没有选手。"
              columns={[
                { header: "名次", cell: (r) => r.rank ?? "—", numeric: true },
                { header: "选手", cell: (r) => r.name },
                { header: "单位", cell: (r) => r.organisation, wrap: true },
                { header: "理论", cell: (r) => r.theoryText },
                {
                  header: "实操",
                  cell: (r) =>
                    r.practicalState === "not_held" ? (
                      "—"
                    ) : (
                      <div className="stack">
                        <span>
                          {r.practicalText}（已评 {r.judgesDone}/{panelSize}）
                        </span>
                        {r.unresolvedSpread ? (
                          <Form method="post" className="stack">
                            <span className="tag warn">评委评分相差 {r.spread} 分，须复评或确认</span>
                            <input type="hidden" name="intent" value="resolve" />
                            <input type="hidden" name="entryId" value={r.entryId} />
                            <Field label="复评分数（确认平均分可不填）" name="score" id={`score-${r.entryId}`} inputMode="numeric" />
                            <Field label="理由" name="reason" id={`spread-reason-${r.entryId}`} />
                            <div className="row">
                              <button type="submit" name="decision" value="rescore">
                                按复评分数
                              </button>
                              <button type="submit" name="decision" value="confirm" className="secondary">
                                确认平均分
                              </button>
                            </div>
                          </Form>
                        ) : null}
                        {r.resolution ? <span className="hint">已处理：{r.resolution.decision === "rescore" ? `复评 ${r.resolution.score} 分` : "确认平均分"}（{r.resolution.reason}）</span> : null}
                        {r.practicalState === "missing" && r.judgesDone === 0 ? (
                          <Form method="post">
                            <input type="hidden" name="entryId" value={r.entryId} />
                            <button type="submit" name="intent" value="absent" className="secondary">
                              记为实操缺赛
                            </button>
                          </Form>
                        ) : null}
                      </div>
                    ),
                },
                { header: "总分", cell: (r) => r.total, numeric: true },
              ]}
            />
          ))}
        </section>
      ) : null}
    </main>
  );
}
