import { firstRow } from "../../../db/query.ts";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { and, eq } from "drizzle-orm";
import { z } from "../../utils/zod.ts";
import { eligibilityRules } from "../../../db/schema.ts";
import { writeAudit } from "../../audit/audit.server.ts";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { Field, SelectField } from "../../components/field.tsx";
import { db } from "../../db.server.ts";
import { levelLabel, occupationNames, occupations, type SkillLevel } from "../../occupations/occupations.ts";
import { parseForm } from "../../utils/form.ts";
import { notFound } from "../../utils/http.ts";
import { describeIssues, requirementsSchema, routesSchema } from "../eligibility-schema.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `申报条件 ${data?.title ?? ""} · carecert` }];

async function requireTable(params: { occupation?: string; level?: string }) {
  const occupation = occupations.find((o) => o === params.occupation);
  const level = Number(params.level);
  const where = occupation ? and(eq(eligibilityRules.occupation, occupation), eq(eligibilityRules.level, level)) : undefined;
  const table = where ? await firstRow(db.select().from(eligibilityRules).where(where)) : undefined;
  if (!table || !where) notFound("未找到该申报条件表");
  return { table, where };
}

const json = (text: string) => {
  try {
    return { ok: true as const, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false as const };
  }
};

const formSchema = z
  .object({
    standard: z.string().trim().min(4, "请填写标准名称").max(80, "最多 80 个字"),
    year: z.string().trim().regex(/^(19|20)\d{2}$/, "请填写四位年份"),
    code: z.string().trim().regex(/^\d-\d{2}-\d{2}-\d{2}$/, "职业编码形如 4-10-01-05"),
    confirmed: z.enum(["yes", "no"]),
    note: z.string().trim().max(300, "最多 300 个字").default(""),
    routes: z.string(),
    requirements: z.string().default("[]"),
  })
  .superRefine((v, ctx) => {
    if (v.confirmed === "no" && !v.note) ctx.addIssue({ code: "custom", path: ["note"], message: "未核实的表须写明说明" });
    for (const [field, schema, what] of [["routes", routesSchema, "申报条件"], ["requirements", requirementsSchema, "共同要求"]] as const) {
      const parsed = json(v[field]);
      if (!parsed.ok) {
        ctx.addIssue({ code: "custom", path: [field], message: "不是有效的 JSON" });
        continue;
      }
      const result = schema.safeParse(parsed.value);
      if (!result.success) ctx.addIssue({ code: "custom", path: [field], message: describeIssues(result.error, what) });
    }
  });

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "manage:eligibility-rules:any");
  const { table } = await requireTable(params);
  return {
    title: `${occupationNames[table.occupation]} ${levelLabel(table.level as SkillLevel)}`,
    values: {
      standard: table.source?.standard ?? "",
      year: table.source ? String(table.source.year) : "",
      code: table.source?.code ?? "",
      confirmed: table.source?.confirmed === false ? "no" : "yes",
      note: table.source?.note ?? "",
      routes: JSON.stringify(table.routes, null, 2),
      requirements: JSON.stringify(table.requirements, null, 2),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireUserWithPermission(request, "manage:eligibility-rules:any");
  const { table, where } = await requireTable(params);
  const form = parseForm(await request.formData(), formSchema);
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const { standard, year, code, confirmed, note } = form.data;
  const source = { standard, year: Number(year), code, confirmed: confirmed === "yes", ...(note ? { note } : {}) };
  const routes = routesSchema.parse(JSON.parse(form.data.routes));
  const requirements = requirementsSchema.parse(JSON.parse(form.data.requirements));
  await db.transaction(async (tx) => {
    await tx.update(eligibilityRules).set({ source, routes, requirements }).where(where);
    await writeAudit(tx, {
      ...actor(request, user),
      event: "assessment.eligibility_rules_changed",
      target: { table: "eligibility_rules", id: `${table.occupation}:${table.level}` },
      details: { before: { source: table.source, routes: table.routes, requirements: table.requirements }, after: { source, routes, requirements } },
    });
  });
  return redirect("/admin/eligibility");
}

export default function EditEligibilityTable() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  const values: Record<string, string> = result?.values ?? loaded.values;
  const area = (name: "routes" | "requirements", label: string, rows: number, hint: string) => (
    <div className={errors[name] ? "field has-error" : "field"}>
      <label htmlFor={name}>{label}</label>
      <textarea id={name} name={name} rows={rows} defaultValue={values[name]} spellCheck={false} aria-invalid={errors[name] ? true : undefined} aria-describedby={`${name}-hint${errors[name] ? ` ${name}-error` : ""}`} />
      <p className="hint" id={`${name}-hint`}>
        {hint}
      </p>
      {errors[name] ? (
        <p className="field-error" id={`${name}-error`} role="alert">
          {errors[name]}
        </p>
      ) : null}
    </div>
  );
  return (
    <main className="container narrow">
      <p className="breadcrumbs">
        <Link to="/admin/eligibility">申报条件</Link>
      </p>
      <h1>{loaded.title}</h1>
      <Form method="post" className="card stack" noValidate>
        <Field label="依据的国家职业技能标准" name="standard" defaultValue={values.standard} error={errors.standard} />
        <Field label="标准年份" name="year" inputMode="numeric" defaultValue={values.year} error={errors.year} />
        <Field label="职业编码" name="code" defaultValue={values.code} error={errors.code} />
        <SelectField
          label="是否已对照标准原文核实"
          name="confirmed"
          defaultValue={values.confirmed}
          options={[
            { value: "yes", label: "已核实" },
            { value: "no", label: "待核实" },
          ]}
        />
        <Field label="说明（待核实时必填）" name="note" defaultValue={values.note} error={errors.note} />
        {area("routes", "申报条件（任一条满足即可）", 18, "JSON：每条 {label, conditions, confirmed?, note?}；条件类型 certificate、workYears、apprenticeship、schooling、preTechnician、training、modulePassed。未核实的条件写 \"confirmed\": false 并附 note。")}
        {area("requirements", "共同要求（每条申报条件之外都须满足）", 5, "JSON 数组，条件写法同上；如三级及以上养老护理员须通过“康复服务”模块。")}
        <div className="actions">
          <button>保存</button>
        </div>
      </Form>
    </main>
  );
}
