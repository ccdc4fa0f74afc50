import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { asc, eq, or } from "drizzle-orm";
import { regions } from "../../../db/schema.ts";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { scopeCoversRegion, type Scope } from "../../auth/permissions.ts";
import { ConfirmAction } from "../../components/confirm-action.tsx";
import { DataTable } from "../../components/data-table.tsx";
import { Field, FormError, SelectField } from "../../components/field.tsx";
import { db } from "../../db.server.ts";
import { occupationNames, occupations } from "../../occupations/occupations.ts";
import { maskIdNumber } from "../../people/id-number.ts";
import { idNumberSchema, nameSchema } from "../../people/person-schema.ts";
import { regionDisplayName } from "../../regions/region-name.ts";
import { isConfirmed } from "../../utils/confirm.ts";
import { parseForm } from "../../utils/form.ts";
import { notFound } from "../../utils/http.ts";
import { redirectWithNotice } from "../../utils/notice.server.ts";
import { paged, pageWindow } from "../../utils/pagination.ts";
import { z } from "../../utils/zod.ts";
import { availabilityText } from "../pool-filter.ts";
import { addExpert, expertInScope, retireExpert, searchExperts, updateExpert } from "../pool.server.ts";

export const meta: MetaFunction = () => [{ title: "专家库管理 · carecert" }];

const expertSchema = z.object({
  regionCode: z.string().trim().regex(/^\d{6}$/, "请选择地区"),
  name: nameSchema,
  idNumber: idNumberSchema.transform((r) => r.idNumber),
  occupation: z.enum(occupations, { message: "请选择职业" }),
  speciality: z.string().trim().min(1, "请填写专长，如 康复服务、失智照护").max(80, "最多 80 个字"),
  title: z.string().trim().min(1, "请填写职称或资格，如 副主任护师、养老护理员一级").max(40, "最多 40 个字"),
  employer: z.string().trim().max(60, "最多 60 个字").transform((v) => v || null),
  availableForPanels: z.string().optional().transform((v) => v === "on"),
  availableForJudging: z.string().optional().transform((v) => v === "on"),
});
const retireSchema = z.object({ reason: z.string().trim().min(2, "请填写退出原因，如 本人申请、年龄原因、调离本地").max(60, "最多 60 个字") });

/** The regions an officer keeps experts for: their own and the ones directly below. */
async function regionOptions(scope: Scope) {
  if (scope.regionCodes.length === 0) return [];
  return (await db
    .select()
    .from(regions)
    .where(or(...scope.regionCodes.flatMap((c) => [eq(regions.code, c), eq(regions.parentCode, c)])))
    .orderBy(asc(regions.code)))
    .filter((r) => !r.retired)
    .map((r) => ({ value: r.code, label: regionDisplayName(r) }));
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireUserWithPermission(request, "manage:expert");
  const url = new URL(request.url);
  const range = pageWindow(url);
  const found = await searchExperts(db, scope, { retired: true }, range);
  const { rows, ...paging } = paged(found.rows, range, found.total);
  const editId = url.searchParams.get("edit");
  const editing = editId ? await expertInScope(db, scope, Number(editId)) : null;
  if (editId && (!editing || editing.retiredAt)) notFound("未找到该专家，或不在您的管辖范围内");
  return {
    regions: await regionOptions(scope),
    paging,
    editing: editing
      ? {
          id: editing.id,
          values: { regionCode: editing.regionCode, name: editing.name, idNumber: editing.idNumber, occupation: editing.occupation, speciality: editing.speciality, title: editing.title, employer: editing.employer ?? "", availableForPanels: editing.availableForPanels ? "on" : "", availableForJudging: editing.availableForJudging ? "on" : "" } as Record<string, string>,
        }
      : null,
    experts: rows.map((x) => ({
      id: x.id,
      name: x.name,
      idNumber: maskIdNumber(x.idNumber),
      occupation: occupationNames[x.occupation],
      speciality: x.speciality,
      title: x.title,
      available: availabilityText(x),
      status: x.retiredAt ? `已退出（${x.retiredReason ?? ""}）` : "在库",
      retired: x.retiredAt !== null,
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, scope } = await requireUserWithPermission(request, "manage:expert");
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const by = actor(request, user);
  const refuse = (errors: Record<string, string>, values: Record<string, string> = {}, status = 400) => data({ intent, errors, values }, { status });

  if (intent === "retire") {
    const expert = await expertInScope(db, scope, Number(form.get("expertId")));
    if (!expert || expert.retiredAt) notFound("未找到该专家，或不在您的管辖范围内");
    if (!isConfirmed(form)) return refuse({ _form: "请在确认框中确认后再办理退出" });
    const parsed = parseForm(form, retireSchema);
    if (!parsed.ok) return refuse({ _form: `${expert.name}：${parsed.errors.reason}` });
    await retireExpert(db, expert, parsed.data.reason, by);
    return redirectWithNotice(request, "/region/experts", `${expert.name} 已退出专家库（${parsed.data.reason}）`);
  }
  if (intent !== "add" && intent !== "edit") throw new Response("未知操作", { status: 400 });
  const parsed = parseForm(form, expertSchema);
  if (!parsed.ok) return refuse(parsed.errors, parsed.values);
  if (!scopeCoversRegion(scope, parsed.data.regionCode)) return refuse({ regionCode: "该地区不在您的管辖范围内" }, parsed.values);
  if (intent === "add") {
    const added = await addExpert(db, parsed.data, by);
    if (!added.ok) return refuse(added.errors, parsed.values, 409);
    return redirectWithNotice(request, "/region/experts", `已将 ${parsed.data.name} 加入专家库`);
  }
  const expert = await expertInScope(db, scope, Number(form.get("expertId")));
  if (!expert || expert.retiredAt) notFound("未找到该专家，或不在您的管辖范围内");
  const updated = await updateExpert(db, expert, parsed.data, by);
  if (!updated.ok) return refuse(updated.errors, parsed.values, 409);
  return redirectWithNotice(request, "/region/experts", updated.changed > 0 ? `已修改 ${parsed.data.name} 的 ${updated.changed} 项信息` : "信息没有变化");
}

export default function ExpertsPage() {
  const { regions: regionChoices, paging, editing, experts } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const formIntent = editing ? "edit" : "add";
  const errors: Record<string, string> = outcome?.intent === formIntent ? outcome.errors : {};
  const values: Record<string, string> = outcome?.intent === formIntent ? outcome.values : (editing?.values ?? { availableForPanels: "on", availableForJudging: "on" });
  return (
    <main className="container">
      <p className="breadcrumbs">
        <Link to="/region/pool?kind=experts">师资库和专家库</Link>
      </p>
      <h1>专家库管理</h1>
      <FormError error={outcome?.intent === "retire" ? outcome.errors._form : undefined} />
      <DataTable
        caption="专家"
        rows={experts}
        rowKey={(x) => x.id}
        paging={paging}
        empty="专家库中还没有专家。"
        columns={[
          { header: "姓名", cell: (x) => x.name },
          { header: "身份证号码", cell: (x) => x.idNumber },
          { header: "职业", cell: (x) => x.occupation },
          { header: "专长", cell: (x) => x.speciality, wrap: true },
          { header: "职称", cell: (x) => x.title },
          { header: "可用于", cell: (x) => x.available },
          { header: "状态", cell: (x) => (x.retired ? <span className="tag warn">{x.status}</span> : <span className="tag">{x.status}</span>) },
          {
            header: "操作",
            cell: (x) =>
              x.retired ? null : (
                <div className="actions">
                  <Link to={`?edit=${x.id}#expert-form`}>修改 {x.name}</Link>
                  <ConfirmAction label={`${x.name} 退出专家库`} intent="retire" danger fields={{ expertId: String(x.id) }} consequences={[`${x.name} 不再出现在专家库的查询和导出中，也不再可供考评组、竞赛裁判选用`, "记录和退出原因保留"]} warning="退出后不能恢复；需要时请重新登记。">
                    <Field id={`reason-${x.id}`} name="reason" label="退出原因" />
                  </ConfirmAction>
                </div>
              ),
          },
        ]}
      />
      <section className="card narrow" id="expert-form">
        <h2>{editing ? `修改专家：${editing.values.name}` : "登记专家"}</h2>
        <Form method="post" className="stack" noValidate key={editing?.id ?? "new"}>
          <FormError error={errors._form} />
          {editing ? <input type="hidden" name="expertId" value={editing.id} /> : null}
          <SelectField label="所属地区" name="regionCode" options={regionChoices} defaultValue={values.regionCode} error={errors.regionCode} />
          <Field label="姓名" name="name" defaultValue={values.name} error={errors.name} />
          <Field label="身份证号码" name="idNumber" defaultValue={values.idNumber} error={errors.idNumber} maxLength={18} />
          <SelectField label="职业" name="occupation" options={occupations.map((o) => ({ value: o, label: occupationNames[o] }))} defaultValue={values.occupation} error={errors.occupation} />
          <Field label="专长" name="speciality" defaultValue={values.speciality} error={errors.speciality} />
          <Field label="职称 / 资格" name="title" defaultValue={values.title} error={errors.title} />
          <Field label="工作单位（可不填）" name="employer" defaultValue={values.employer} error={errors.employer} />
          <fieldset className="stack">
            <legend>可用于</legend>
            <label className="option">
              <input type="checkbox" name="availableForPanels" defaultChecked={values.availableForPanels === "on"} /> 认定考评组（技能考核、综合评审）
            </label>
            <label className="option">
              <input type="checkbox" name="availableForJudging" defaultChecked={values.availableForJudging === "on"} /> 技能竞赛裁判
            </label>
          </fieldset>
          <div className="actions">
            <button name="intent" value={formIntent}>
              {editing ? "保存修改" : "登记"}
            </button>
            {editing ? <Link to="/region/experts">取消</Link> : null}
          </div>
        </Form>
      </section>
    </main>
  );
}
