import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "../../utils/zod.ts";
import { checkRoleContext, createStaffAccount, findAccountConflict } from "../../auth/accounts.server.ts";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { Field, FormError } from "../../components/field.tsx";
import { db } from "../../db.server.ts";
import { idNumberSchema, nameSchema, phoneSchema, usernameSchema } from "../../people/person-schema.ts";
import { parseForm } from "../../utils/form.ts";
import { organisationOptions } from "../admin.server.ts";
import { roleAssignmentFields } from "../role-assignment-schema.ts";
import { RoleContextFields } from "../role-assignment.tsx";

export const meta: MetaFunction = () => [{ title: "新建工作人员账号 · carecert" }];

const staffSchema = z.object({ name: nameSchema, idNumber: idNumberSchema, phone: phoneSchema, username: usernameSchema, ...roleAssignmentFields });

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireUserWithPermission(request, "manage:user:any");
  return { organisations: await organisationOptions(scope) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireUserWithPermission(request, "manage:user:any");
  const form = parseForm(await request.formData(), staffSchema);
  if (!form.ok) return data({ errors: form.errors, values: form.values, created: null }, { status: 400 });
  const { data: input, values } = form;
  const problem = await findAccountConflict(db, input.username, input.idNumber.idNumber) ?? await checkRoleContext(db, input);
  if (problem) return data({ errors: { [problem.field]: problem.message } as Record<string, string>, values, created: null }, { status: 400 });
  const created = await createStaffAccount(
    db,
    { ...input, idNumber: input.idNumber.idNumber, gender: input.idNumber.gender, birthDate: input.idNumber.birthDate },
    actor(request, user),
  );
  return { errors: {} as Record<string, string>, values: {} as Record<string, string>, created: { ...created, username: input.username, name: input.name } };
}

export default function NewUserPage() {
  const { organisations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (result?.created) {
    const c = result.created;
    return (
      <main className="container narrow">
        <h1>账号已创建</h1>
        <div className="card">
          <p>
            {c.name}（用户名 <strong>{c.username}</strong>）的初始密码：
          </p>
          <p className="secret">{c.initialPassword}</p>
          <p className="hint">初始密码只显示这一次，3 天内有效；对方首次登录时必须设置自己的新密码。请通过安全的方式告知本人。</p>
        </div>
        <p className="actions">
          <Link to={`/admin/users/${c.userId}`} className="button secondary">
            查看账号
          </Link>
          <Link to="/admin/users/new" className="button secondary">
            继续新建
          </Link>
        </p>
      </main>
    );
  }
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  return (
    <main className="container narrow">
      <h1>新建工作人员账号</h1>
      <div className="card">
        <Form method="post" className="stack" noValidate>
          <FormError error={errors._form} />
          <Field label="姓名" name="name" defaultValue={values.name} error={errors.name} required />
          <Field label="居民身份证号码" name="idNumber" defaultValue={values.idNumber} error={errors.idNumber} maxLength={18} required />
          <Field label="手机号码" name="phone" type="tel" defaultValue={values.phone} error={errors.phone} required />
          <Field label="用户名" name="username" defaultValue={values.username} error={errors.username} required />
          <RoleContextFields organisations={organisations} errors={errors} values={values} />
          <button type="submit">创建并生成初始密码</button>
        </Form>
      </div>
    </main>
  );
}
