import { firstRow, returnedRow } from "../../../db/query.ts";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { and, eq } from "drizzle-orm";
import { z } from "../../utils/zod.ts";
import { applications } from "../../../db/schema.ts";
import { writeAudit } from "../../audit/audit.server.ts";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { Field, SelectField } from "../../components/field.tsx";
import { db } from "../../db.server.ts";
import { chinaDate, formatDateTime } from "../../utils/dates.ts";
import { parseForm } from "../../utils/form.ts";
import { notFound } from "../../utils/http.ts";
import { redirectWithNotice } from "../../utils/notice.server.ts";
import { levelLabel, type SkillLevel } from "../../occupations/occupations.ts";
import { checkPastDate } from "../../utils/business-dates.ts";
import { relatedOccupations } from "../eligibility-defaults.ts";
import { schoolingNames, schoolings, type Eligibility } from "../eligibility.ts";
import { planLabel } from "../plan-label.ts";
import { resitOffer } from "../results.server.ts";
import { applicantFacts, evaluateApplication, sessionsOpenForApplication } from "../sessions.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `申报 ${data?.session.plan ?? ""} · carecert` }];

async function requireOpenSession(sessionId: string | undefined) {
  const found = (await sessionsOpenForApplication(db)).find((s) => s.session.id === Number(sessionId));
  if (!found) notFound("未找到该批次，或该批次已停止报名");
  return found;
}

const yesNo = z.enum(["yes", "no"]).default("no");
const levelValues = ["5", "4", "3", "2", "1"] as const;

/** A schema per request: a declared certificate's date is checked against today. */
function factsSchema(today: string) {
  return z
    .object({
      workYears: z.coerce.number({ message: "请填写数字" }).min(0, "不能小于 0").max(60, "请核对年数"),
      apprenticeship: yesNo,
      schooling: z.enum(["none", ...schoolings.filter((s) => s !== "junior_or_below")], { message: "请选择学历" }),
      schoolingInField: yesNo,
      schoolingFinalYear: yesNo,
      preTechnician: yesNo,
      otherCertificate: z.string().trim().default(""),
      otherCertificateLevel: z.enum(["", ...levelValues]).default(""),
      otherCertificateIssuedOn: z.string().trim().default(""),
      intent: z.enum(["check", "apply"]),
    })
    .superRefine((form, ctx) => {
      if (!form.otherCertificate) return;
      if (!form.otherCertificateLevel) ctx.addIssue({ code: "custom", path: ["otherCertificateLevel"], message: "请选择证书等级" });
      const dateProblem = form.otherCertificateIssuedOn ? checkPastDate(form.otherCertificateIssuedOn, today) : "请填写发证日期";
      if (dateProblem) ctx.addIssue({ code: "custom", path: ["otherCertificateIssuedOn"], message: dateProblem });
    });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, "apply:assessment:own");
  const { session, plan, baseName } = await requireOpenSession(params.sessionId);
  const existing = await firstRow(db.select().from(applications).where(and(eq(applications.sessionId, session.id), eq(applications.userId, user.id))));
  if (existing) throw redirect("/assessments");
  const offer = await resitOffer(db, user.id, session);
  return {
    session: { id: session.id, name: session.name, plan: planLabel(plan), baseName, startsAt: formatDateTime(session.theoryStartsAt) },
    relatedOccupations: relatedOccupations[plan.occupation] ?? [],
    resit: offer ? { parts: offer.parts, kept: offer.kept, label: offer.label, until: offer.until } : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireUserWithPermission(request, "apply:assessment:own");
  const { session, plan } = await requireOpenSession(params.sessionId);
  const formData = await request.formData();
  if (formData.get("intent") === "resit") {
    // 补考 of the failed parts: the earlier application's facts and eligibility stand.
    const offer = await resitOffer(db, user.id, session);
    if (!offer) return data({ errors: { resit: "没有可以补考的成绩（须为本职业本等级未合格、且在补考期限内的成绩）" } as Record<string, string>, values: {} as Record<string, string>, eligibility: null as Eligibility | null }, { status: 400 });
    await db.transaction(async (tx) => {
      const row = await returnedRow(tx
        .insert(applications)
        .values({ sessionId: session.id, userId: user.id, facts: offer.application.facts, eligibility: offer.application.eligibility, resitOfApplicationId: offer.application.id, resitParts: offer.parts })
        .onConflictDoNothing()
        .returning());
      if (row) await writeAudit(tx, { ...actor(request, user), event: "assessment.applied", target: { table: "applications", id: row.id }, details: { sessionId: session.id, resitOf: offer.application.id, resitParts: offer.parts } });
    });
    return redirectWithNotice(request, "/assessments", `已申报 ${planLabel(plan)} ${session.name} ${offer.label}，等待培训基地审核（审核前可以撤回）`);
  }
  const today = chinaDate(new Date());
  const form = parseForm(formData, factsSchema(today));
  if (!form.ok) return data({ errors: form.errors, values: form.values, eligibility: null as Eligibility | null }, { status: 400 });
  const { data: input } = form;
  const related = relatedOccupations[plan.occupation] ?? [];
  // Only an occupation this plan counts as related can be declared.
  if (input.otherCertificate && !related.includes(input.otherCertificate)) {
    return data({ errors: { otherCertificate: "请从列表中选择相关职业" } as Record<string, string>, values: form.values, eligibility: null as Eligibility | null }, { status: 400 });
  }
  const declaredCertificates = input.otherCertificate
    ? [{ occupation: input.otherCertificate, level: Number(input.otherCertificateLevel) as SkillLevel, issuedOn: input.otherCertificateIssuedOn, valid: true }]
    : [];
  const declared = {
    workYears: input.workYears,
    apprenticeshipCompleted: input.apprenticeship === "yes",
    schooling: input.schooling === "none" ? [] : [{ level: input.schooling, inField: input.schoolingInField === "yes", finalYear: input.schoolingFinalYear === "yes" }],
    preTechnicianCertificate: input.preTechnician === "yes",
    declaredCertificates,
  };
  const facts = await applicantFacts(db, user.id, declared);
  const eligibility = await evaluateApplication(db, plan, facts, today);
  if (form.data.intent === "check" || !eligibility.eligible) return { errors: {} as Record<string, string>, values: form.values, eligibility };
  await db.transaction(async (tx) => {
    // A second submission (double click, retry) finds the first and changes nothing.
    const row = await returnedRow(tx.insert(applications).values({ sessionId: session.id, userId: user.id, facts, eligibility }).onConflictDoNothing().returning());
    if (row) await writeAudit(tx, { ...actor(request, user), event: "assessment.applied", target: { table: "applications", id: row.id }, details: { sessionId: session.id, route: eligibility.metRoute } });
  });
  return redirectWithNotice(request, "/assessments", `已申报 ${planLabel(plan)} ${session.name}，等待培训基地审核（审核前可以撤回）`);
}

const noYes = [
  { value: "no", label: "否" },
  { value: "yes", label: "是" },
];

export default function ApplyPage() {
  const { session, resit, relatedOccupations: related } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  const eligibility = result?.eligibility ?? null;
  return (
    <main className="container narrow">
      <p className="breadcrumbs">
        <Link to="/assessments">职业技能等级认定</Link>
      </p>
      <h1>申报 {session.plan}</h1>
      <p className="muted">
        {session.name} · {session.baseName} · 理论考试 {session.startsAt}
      </p>
      {resit ? (
        <section className="card">
          <h2>补考</h2>
          <p>
            您上次的认定未合格，可在 {resit.until} 前只补考未合格的部分：<strong>{resit.label}</strong>。
          </p>
          <Form method="post">
            <button name="intent" value="resit">
              申报{resit.label.split("（")[0]}
            </button>
          </Form>
          {errors.resit ? (
            <p className="field-error" role="alert">
              {errors.resit}
            </p>
          ) : null}
          <p className="hint">也可以在下方重新申报全部考试。</p>
        </section>
      ) : null}
      <div className="card">
        <Form method="post" className="stack" noValidate>
          <Field label="累计从事本职业或相关职业工作年限" name="workYears" inputMode="numeric" defaultValue={values.workYears ?? "0"} error={errors.workYears} hint="可填小数，如 1.5；培训基地审核时会核对工作证明" />
          <SelectField label="本职业或相关职业学徒期满" name="apprenticeship" defaultValue={values.apprenticeship} options={[{ value: "no", label: "否" }, { value: "yes", label: "是" }]} />
          <SelectField
            label="最高学历"
            name="schooling"
            defaultValue={values.schooling}
            error={errors.schooling}
            options={[{ value: "none", label: "初中及以下" }, ...schoolings.filter((s) => s !== "junior_or_below").map((value) => ({ value, label: schoolingNames[value] }))]}
          />
          <SelectField label="所学专业是否为本专业或相关专业" name="schoolingInField" defaultValue={values.schoolingInField} options={noYes} />
          <SelectField label="是否为尚未取得毕业证书的在校应届毕业生" name="schoolingFinalYear" defaultValue={values.schoolingFinalYear} options={noYes} />
          <SelectField label="持有本职业或相关职业预备技师证书" name="preTechnician" defaultValue={values.preTechnician} options={noYes} />
          {related.length > 0 ? (
            <fieldset className="stack">
              <legend>在其他机构取得的相关职业技能等级证书（可选）</legend>
              <SelectField label="职业" name="otherCertificate" defaultValue={values.otherCertificate} error={errors.otherCertificate} options={[{ value: "", label: "无" }, ...related.map((name) => ({ value: name, label: name }))]} />
              <SelectField
                label="等级"
                name="otherCertificateLevel"
                defaultValue={values.otherCertificateLevel}
                error={errors.otherCertificateLevel}
                options={[{ value: "", label: "请选择" }, ...levelValues.map((l) => ({ value: l, label: levelLabel(Number(l) as SkillLevel) }))]}
              />
              <Field label="发证日期" name="otherCertificateIssuedOn" type="date" defaultValue={values.otherCertificateIssuedOn} error={errors.otherCertificateIssuedOn} hint="培训基地审核时会核对证书原件" />
            </fieldset>
          ) : null}
          <p className="hint">已在本平台完成的培训课程会自动计入。</p>
          <div className="actions">
            <button name="intent" value="check" className="secondary">
              检查是否符合条件
            </button>
            <button name="intent" value="apply">
              提交申报
            </button>
          </div>
        </Form>
      </div>
      {eligibility ? (
        <section className={eligibility.eligible ? "notice" : "notice warn"} role="status">
          <p>
            <strong>{eligibility.eligible ? `符合申报条件：${eligibility.metRoute}` : "暂不符合申报条件"}</strong>
          </p>
          <ul>
            {eligibility.routes.map((r) => (
              <li key={r.label}>
                {r.met ? "✓" : "✗"} {r.label}
                {r.met ? null : `：${r.conditions.filter((c) => !c.met).map((c) => c.reason).join("；")}`}
              </li>
            ))}
          </ul>
          {eligibility.requirements?.length ? (
            <>
              <p>此外，本等级还须满足：</p>
              <ul>
                {eligibility.requirements.map((c) => (
                  <li key={c.reason}>
                    {c.met ? "✓" : "✗"} {c.reason}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}
    </main>
  );
}
