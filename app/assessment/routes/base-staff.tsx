import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "../../utils/zod.ts";
import { findAccountConflict, setUserDisabled } from "../../auth/accounts.server.ts";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { Field, FormError, SelectField } from "../../components/field.tsx";
import { db } from "../../db.server.ts";
import { levelShortLabel, occupationLevels, occupationNames, occupations, type SkillLevel } from "../../occupations/occupations.ts";
import { listOrganisations } from "../../organisations/organisations.server.ts";
import { idNumberSchema, nameSchema, phoneSchema, usernameSchema } from "../../people/person-schema.ts";
import { parseForm } from "../../utils/form.ts";
import { notFound } from "../../utils/http.ts";
import { createBaseStaff, listBaseStaff } from "../staff.server.ts";

export const meta: MetaFunction = () => [{ title: "考评人员 · carecert" }];

const certified = occupations.filter((o) => occupationLevels[o].length > 0);

const createSchema = z
  .object({
    intent: z.literal("create"),
    organisationId: z.coerce.number().int(),
    name: nameSchema,
    idNumber: idNumberSchema,
    phone: phoneSchema,
    username: usernameSchema,
    // Left empty for someone who only invigilates.
    occupation: z.union([z.literal(""), z.enum(certified)]).default(""),
    highestLevel: z.string().default(""),
    certificateNumber: z.string().trim().max(40, "最多 40 个字符").default(""),
  })
  .superRefine((v, ctx) => {
    if (v.occupation && !occupationLevels[v.occupation].includes(Number(v.highestLevel) as SkillLevel)) {
      ctx.addIssue({ code: "custom", path: ["highestLevel"], message: `请选择${occupationNames[v.occupation]}的一个等级` });
    }
  });
const toggleSchema = z.object({ intent: z.enum(["disable", "enable"]), userId: z.coerce.number().int() });

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireUserWithPermission(request, "manage:staff:org");
  const bases = await listOrganisations(scope, { types: ["training_base"] });
  return {
    bases: bases.map((b) => ({ value: String(b.id), label: b.name })),
    staff: (await listBaseStaff(db, bases.map((b) => b.id))).map((s) => ({
      userId: s.userId,
      name: s.name,
      username: s.username,
      disabled: s.disabledAt !== null,
      qualifications: s.qualifications.map((q) => `${occupationNames[q.occupation]} ${levelShortLabel(q.highestLevel as SkillLevel)}及以下${q.certificateNumber ? `（证书 ${q.certificateNumber}）` : ""}`),
    })),
    occupations: certified.map((o) => ({ value: o, label: occupationNames[o] })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, scope } = await requireUserWithPermission(request, "manage:staff:org");
  const bases = await listOrganisations(scope, { types: ["training_base"] });
  const formData = await request.formData();
  const by = actor(request, user);
  if (formData.get("intent") !== "create") {
    const parsed = toggleSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return data({ errors: { _form: "请求无效" } as Record<string, string>, values: {} as Record<string, string>, created: null }, { status: 400 });
    // Someone else's staff answers like a missing one.
    if (!(await listBaseStaff(db, bases.map((b) => b.id))).some((s) => s.userId === parsed.data.userId)) notFound("未找到该考评人员");
    await setUserDisabled(db, parsed.data.userId, parsed.data.intent === "disable", by);
    return redirect("/base/staff");
  }
  const form = parseForm(formData, createSchema);
  if (!form.ok) return data({ errors: form.errors, values: form.values, created: null }, { status: 400 });
  const { data: input, values } = form;
  const problem = bases.some((b) => b.id === input.organisationId)
    ? await findAccountConflict(db, input.username, input.idNumber.idNumber)
    : { field: "organisationId", message: "只能为本基地新建考评人员" };
  if (problem) return data({ errors: { [problem.field]: problem.message } as Record<string, string>, values, created: null }, { status: 400 });
  const created = await createBaseStaff(
    db,
    {
      name: input.name,
      phone: input.phone,
      username: input.username,
      idNumber: input.idNumber.idNumber,
      gender: input.idNumber.gender,
      birthDate: input.idNumber.birthDate,
      organisationId: input.organisationId,
      qualification: input.occupation ? { occupation: input.occupation, highestLevel: Number(input.highestLevel), certificateNumber: input.certificateNumber || null } : null,
    },
    by,
  );
  return { errors: {} as Record<string, string>, values: {} as Record<string, string>, created: { ...created, username: input.username, name: input.name } };
}

export default function BaseStaffPage() {
  const { bases, staff, occupations: occupationOptions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  return (
    <main className="container">
      <p className="breadcrumbs">
        <Link to="/base">培训基地</Link>
      </p>
      <h1>考评人员</h1>
      {result?.created ? (
        <div className="card notice" role="status">
          <p>
            {result.created.name}（用户名 <strong>{result.created.username}</strong>）的初始密码：
          </p>
          <p className="secret">{result.created.initialPassword}</p>
          <p className="hint">初始密码只显示这一次，3 天内有效；对方首次登录时必须设置自己的新密码。请通过安全的方式告知本人。</p>
        </div>
      ) : null}
      {staff.length === 0 ? (
        <p className="muted">本基地还没有考评人员。</p>
      ) : (
        <ul className="stack">
          {staff.map((s) => (
            <li key={s.userId} className="card">
              <p>
                <strong>{s.name}</strong>（{s.username}）{s.disabled ? " · 已停用" : ""}
              </p>
              <p className="muted">{s.qualifications.length ? `考评员资格：${s.qualifications.join("；")}` : "无考评员资格，只能监考"}</p>
              <Form method="post">
                <input type="hidden" name="userId" value={s.userId} />
                <button name="intent" value={s.disabled ? "enable" : "disable"} className="secondary">
                  {s.disabled ? "恢复账号" : "停用账号"}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
      <h2>新建考评人员账号</h2>
      <div className="card">
        <Form method="post" className="stack" noValidate>
          <FormError error={errors._form} />
          <SelectField label="培训基地" name="organisationId" defaultValue={values.organisationId} error={errors.organisationId} options={bases} />
          <Field label="姓名" name="name" defaultValue={values.name} error={errors.name} required />
          <Field label="居民身份证号码" name="idNumber" defaultValue={values.idNumber} error={errors.idNumber} maxLength={18} required />
          <Field label="手机号码" name="phone" type="tel" defaultValue={values.phone} error={errors.phone} required />
          <Field label="用户名" name="username" defaultValue={values.username} error={errors.username} required />
          <SelectField label="考评员资格：职业" name="occupation" defaultValue={values.occupation} error={errors.occupation} hint="只监考的人员可不填" options={[{ value: "", label: "无（只监考）" }, ...occupationOptions]} />
          <SelectField
            label="可考评的最高等级"
            name="highestLevel"
            defaultValue={values.highestLevel}
            error={errors.highestLevel}
            hint="如选三级，可考评三级、四级和五级"
            options={[{ value: "", label: "请选择" }, ...([1, 2, 3, 4, 5] as const).map((l) => ({ value: String(l), label: levelShortLabel(l) }))]}
          />
          <Field label="考评员证书编号（可选）" name="certificateNumber" defaultValue={values.certificateNumber} error={errors.certificateNumber} />
          <input type="hidden" name="intent" value="create" />
          <button type="submit">创建并生成初始密码</button>
        </Form>
      </div>
    </main>
  );
}
