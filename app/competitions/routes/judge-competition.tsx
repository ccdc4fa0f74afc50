import { firstRow } from "../../../db/query.ts";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { and, eq } from "drizzle-orm";
import { competitions, competitionScores } from "../../../db/schema.ts";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { FormProblems } from "../../components/field.tsx";
import { db } from "../../db.server.ts";
import { levelShortLabel, type SkillLevel } from "../../occupations/occupations.ts";
import { notFound } from "../../utils/http.ts";
import { redirectWithNotice } from "../../utils/notice.server.ts";
import { chinaDate } from "../../utils/dates.ts";
import { isJudge, practicalTaskOf, runningStage, stageStandings, submitPracticalScores } from "../competitions.server.ts";
import { scoringRefusal, stageNames } from "../rules.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `竞赛评分 · ${data?.competition.title ?? ""} · carecert` }];

async function requireJudge(request: Request, id: string | undefined) {
  const { user } = await requireUserWithPermission(request, "judge:competition:org");
  const competition = await firstRow(db.select().from(competitions).where(eq(competitions.id, Number(id))));
  if (!competition || !await isJudge(db, competition.id, user.id)) notFound("您不是该竞赛的评委");
  return { user, competition };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, competition } = await requireJudge(request, params.competitionId);
  const stage = runningStage(competition);
  const running = stage !== null && competition.status === stage;
  const standings = running ? await stageStandings(db, competition, stage) : null;
  const mine = new Map(
    running ? (await db.select().from(competitionScores).where(and(eq(competitionScores.judgeId, user.id), eq(competitionScores.stage, stage)))).map((s) => [s.entryId, s.total]) : [],
  );
  return {
    competition: { id: competition.id, title: competition.title },
    stage: stage ? stageNames[stage] : null,
    refusal: stage ? scoringRefusal(stage, { status: competition.status, today: chinaDate(new Date()), preliminaryOn: competition.preliminaryOn, finalOn: competition.finalOn }) : "竞赛尚未开赛",
    rooms: (standings?.sittings ?? []).map((s) => ({ sessionId: s.theorySessionId, level: levelShortLabel(s.level as SkillLevel) })),
    competitors: await Promise.all((standings?.competitors ?? [])
      .filter((c) => c.practicalState !== "not_held")
      .map(async (c) => ({ entryId: c.entryId, name: c.name, organisation: c.organisation, level: levelShortLabel(c.level as SkillLevel), absent: c.practicalState === "absent", mine: mine.get(c.entryId) ?? null, task: await practicalTaskOf(db, competition, stage!, c.level) }))),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, competition } = await requireJudge(request, params.competitionId);
  const form = await request.formData();
  const entryId = Number(form.get("entryId"));
  const stage = runningStage(competition);
  const entryLevel = stage ? (await stageStandings(db, competition, stage)).competitors.find((c) => c.entryId === entryId)?.level : undefined;
  const task = stage && entryLevel !== undefined ? await practicalTaskOf(db, competition, stage, entryLevel) : null;
  if (!task) return data({ entryId, problems: ["未找到该选手，或本阶段没有实操比赛"] }, { status: 400 });
  const items = Object.fromEntries(task.rubric.map((item) => [item.id, form.get(`item_${item.id}`) === "" || form.get(`item_${item.id}`) === null ? Number.NaN : Number(form.get(`item_${item.id}`))]));
  const problems = await submitPracticalScores(db, competition, { entryId, judgeId: user.id, items }, actor(request, user));
  if (problems.length > 0) return data({ entryId, problems }, { status: 400 });
  return redirectWithNotice(request, `/examiner/competitions/${competition.id}`, "评分已提交");
}

export default function JudgeCompetitionPage() {
  const { competition, stage, refusal, rooms, competitors } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <main className="container stack">
      <p>
        <Link to="/examiner/competitions">← 竞赛评分</Link>
      </p>
      <h1>
        {competition.title}
        {stage ? ` · ${stage}` : ""}
      </h1>
      <p className="hint">各评委独立逐项评分，提交后不能修改；评分相差过大时由主办方复评或确认。</p>
      {rooms.length > 0 ? (
        <ul>
          {rooms.map((r) => (
            <li key={r.sessionId}>
              理论考试（{r.level}）：<Link to={`/examiner/sessions/${r.sessionId}/check-in`}>入场核验</Link> · <Link to={`/examiner/sessions/${r.sessionId}`}>监考</Link>
            </li>
          ))}
        </ul>
      ) : null}
      {refusal ? <p className="notice warn">{refusal}</p> : null}
      {!refusal && competitors.length === 0 ? <p className="empty-state">本阶段没有实操比赛。</p> : null}
      {!refusal
        ? competitors.map((c) => (
            <details key={c.entryId} className="card" open={result?.entryId === c.entryId || undefined}>
              <summary>
                <strong>{c.name}</strong>（{c.organisation}，{c.level}）· {c.task?.title}{" "}
                {c.absent ? <span className="tag">缺赛</span> : c.mine !== null ? <span className="tag">已评 {c.mine} 分</span> : <span className="tag warn">待评分</span>}
              </summary>
              {c.mine === null && !c.absent && c.task ? (
                <Form method="post" className="stack">
                  <input type="hidden" name="entryId" value={c.entryId} />
                  {c.task.rubric.map((item) => (
                    <div key={item.id} className="field">
                      <label htmlFor={`${c.entryId}-${item.id}`}>
                        {item.label}（0–{item.points} 分）{item.critical ? <span className="tag warn">否决项</span> : null}
                      </label>
                      <input id={`${c.entryId}-${item.id}`} name={`item_${item.id}`} type="number" inputMode="decimal" min={0} max={item.points} step={0.5} required />
                    </div>
                  ))}
                  {result?.entryId === c.entryId ? <FormProblems problems={result.problems} /> : null}
                  <button type="submit">提交评分</button>
                </Form>
              ) : null}
            </details>
          ))
        : null}
    </main>
  );
}
