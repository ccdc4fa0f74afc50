import { firstRow } from "../../../db/query.ts";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { and, asc, eq } from "drizzle-orm";
import { z } from "../../utils/zod.ts";
import { applications, assessmentPlans, assessmentResults, assessmentSessions, people, recheckRequests, sessionStaff, users } from "../../../db/schema.ts";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { notFound } from "../../utils/http.ts";
import { decideRecheck, partFullNames, planParts } from "../results.server.ts";
import { resultLine } from "../scoring.ts";
import { FormProblems } from "../../components/field.tsx";

export const meta: MetaFunction = () => [{ title: "复核决定 · carecert" }];

/** 复核 is decided by the session's chief examiner; anyone else, the session's other examiners included, gets 404. */
async function requireChief(request: Request, sessionId: string | undefined) {
  const { user } = await requireUserWithPermission(request, "read:examining:org");
  const found = await firstRow(db
    .select({ session: assessmentSessions, plan: assessmentPlans })
    .from(sessionStaff)
    .innerJoin(assessmentSessions, eq(assessmentSessions.id, sessionStaff.sessionId))
    .innerJoin(assessmentPlans, eq(assessmentPlans.id, assessmentSessions.planId))
    .where(and(eq(sessionStaff.sessionId, Number(sessionId)), eq(sessionStaff.userId, user.id), eq(sessionStaff.duty, "chief_examiner"))));
  if (!found) notFound("您不是该批次的主考");
  return { user, ...found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session, plan } = await requireChief(request, params.sessionId);
  const rows = await db
    .select({ recheck: recheckRequests, result: assessmentResults, name: people.name, oralTheory: applications.oralTheory })
    .from(recheckRequests)
    .innerJoin(applications, eq(applications.id, recheckRequests.applicationId))
    .innerJoin(assessmentResults, eq(assessmentResults.applicationId, applications.id))
    .innerJoin(users, eq(users.id, applications.userId))
    .innerJoin(people, eq(people.id, users.personId))
    .where(eq(applications.sessionId, session.id))
    .orderBy(asc(recheckRequests.id));
  const scores = (r: typeof assessmentResults.$inferSelect) => ({ theory: r.theoryScore, skill: r.skillScore, review: r.reviewScore });
  return {
    session: { id: session.id, name: session.name },
    parts: planParts(plan).map((part) => ({ value: part, label: partFullNames[part] })),
    rechecks: rows.map(({ recheck, result, name, oralTheory }) => ({
      id: recheck.id,
      applicationId: recheck.applicationId,
      name,
      reason: recheck.reason,
      answer: recheck.answer,
      result: `${resultLine(planParts(plan).map((part) => ({ part, score: scores(result)[part], oral: oralTheory })))}：${result.passed ? "合格" : "不合格"}`,
    })),
  };
}

const decisionSchema = z.object({
  recheckId: z.coerce.number().int(),
  part: z.enum(["theory", "skill", "review"], { message: "请选择复核的部分" }),
  decision: z.enum(["change", "uphold"], { message: "请选择改分或维持" }),
  score: z.string().optional(),
  reason: z.string().max(300, "最多 300 个字").default(""),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, session } = await requireChief(request, params.sessionId);
  const parsed = decisionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ recheckId: null, problems: parsed.error.issues.map((i) => i.message) }, { status: 400 });
  const { recheckId, part, decision, score, reason } = parsed.data;
  const problems = await decideRecheck(db, { sessionId: session.id, recheckId, part, decision, score: score === undefined || score === "" ? null : Number(score), reason, chiefId: user.id }, actor(request, user));
  if (problems.length > 0) return data({ recheckId, problems }, { status: 400 });
  return redirect(`/examiner/sessions/${session.id}/rechecks`);
}

export default function RecheckDecisions() {
  const { session, parts, rechecks } = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  return (
    <main className="container reader">
      <p className="breadcrumbs">
        <Link to="/examiner">考评工作台</Link> · <Link to={`/examiner/sessions/${session.id}/skill`}>技能考核评分</Link>
      </p>
      <h1>复核决定</h1>
      <p className="muted">{session.name}。复核可改某一部分的成绩（写明理由），或维持原成绩；结果、证书（合格则发证，不再合格则吊销）和考生页面随之更新。</p>
      {rechecks.length === 0 ? <p className="muted">没有复核申请。</p> : null}
      {rechecks.map((r) => (
        <section key={r.id} className="card">
          <p>
            <strong>{r.name}</strong> · {r.result}
          </p>
          <p>申请理由：{r.reason}</p>
          {r.answer ? (
            <p className="hint">复核决定：{r.answer}</p>
          ) : (
            <Form method="post" className="stack">
              <input type="hidden" name="recheckId" value={r.id} />
              <div className="field">
                <label htmlFor={`part-${r.id}`}>复核的部分</label>
                <select id={`part-${r.id}`} name="part">
                  {parts.map((p) => (
                    <option key={p.value} value={p.value}>
                      {p.label}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`score-${r.id}`}>复核后分数（0–100，改分时填写）</label>
                <input id={`score-${r.id}`} name="score" type="number" inputMode="decimal" min={0} max={100} step={0.5} />
              </div>
              <div className="field">
                <label htmlFor={`reason-${r.id}`}>复核理由</label>
                <input id={`reason-${r.id}`} name="reason" required minLength={4} maxLength={300} />
              </div>
              {refused?.recheckId === r.id ? (
                <FormProblems problems={refused.problems} />
              ) : null}
              <div className="actions">
                <button name="decision" value="change">
                  改分
                </button>
                <button name="decision" value="uphold" className="secondary">
                  维持原成绩
                </button>
              </div>
            </Form>
          )}
        </section>
      ))}
    </main>
  );
}
