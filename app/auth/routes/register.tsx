import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "../../utils/zod.ts";
import { db } from "../../db.server.ts";
import { Field, FormError } from "../../components/field.tsx";
import { idNumberSchema, nameSchema, phoneSchema, usernameSchema } from "../../people/person-schema.ts";
import { parseForm } from "../../utils/form.ts";
import { clientIp } from "../../utils/http.ts";
import { allowRegistrationAttempt, registerTrainee, REGISTRATION_THROTTLED } from "../accounts.server.ts";
import { getCurrentUser } from "../auth.server.ts";
import { newPasswordProblem, passwordSchema } from "../password.server.ts";
import { homePath } from "../permissions.ts";
import { sessionCookie } from "../session.server.ts";

export const meta: MetaFunction = () => [{ title: "学员注册 · carecert" }];

const registerSchema = z
  .object({
    name: nameSchema,
    idNumber: idNumberSchema,
    phone: phoneSchema,
    username: usernameSchema,
    password: passwordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "两次输入的密码不一致" })
  .superRefine((v, ctx) => {
    const problem = newPasswordProblem(v.password, v.username);
    if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
  });

export async function loader({ request }: LoaderFunctionArgs) {
  // Public page for trainees to create their own account.
  const user = await getCurrentUser(request);
  if (user) throw redirect(homePath(user.grants));
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  // Public action: self-registration creates a trainee account only.
  const form = parseForm(await request.formData(), registerSchema);
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const { name, idNumber, phone, username, password } = form.data;
  const ip = clientIp(request);
  // Counted once the form is valid: only such attempts can tell which usernames and ID numbers are taken.
  if (!await allowRegistrationAttempt(db, ip)) {
    return data({ errors: { _form: REGISTRATION_THROTTLED } as Record<string, string>, values: form.values }, { status: 429 });
  }
  const account = await registerTrainee(
    db,
    { name, idNumber: idNumber.idNumber, gender: idNumber.gender, birthDate: idNumber.birthDate, phone, username, password },
    ip,
  );
  if (!account.ok) return data({ errors: { [account.problem.field]: account.problem.message } as Record<string, string>, values: form.values }, { status: 400 });
  return redirect("/learn", { headers: { "Set-Cookie": sessionCookie(request, account.token) } });
}

export default function RegisterPage() {
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  return (
    <main className="container narrow">
      <h1>学员注册</h1>
      <p className="muted">注册后即可在线学习课程、参加章节练习，并在满足条件后申报职业技能等级认定。</p>
      <div className="card">
        <Form method="post" className="stack" noValidate>
          <FormError error={errors._form} />
          <Field label="姓名" name="name" autoComplete="name" defaultValue={values.name} error={errors.name} required />
          <Field
            label="居民身份证号码"
            name="idNumber"
            defaultValue={values.idNumber}
            error={errors.idNumber}
            hint="18 位，末位可为 X；性别和出生日期将按号码自动识别"
            maxLength={18}
            required
          />
          <Field label="手机号码" name="phone" type="tel" inputMode="tel" autoComplete="tel" defaultValue={values.phone} error={errors.phone} required />
          <Field label="用户名" name="username" autoComplete="username" defaultValue={values.username} error={errors.username} hint="3–32 位小写字母、数字或 _ . -" required />
          <Field label="密码" name="password" type="password" autoComplete="new-password" error={errors.password} hint="至少 8 个字符，不能是常见密码，不能包含用户名" required />
          <Field label="确认密码" name="confirmPassword" type="password" autoComplete="new-password" error={errors.confirmPassword} required />
          <button type="submit">注册</button>
        </Form>
      </div>
      <p className="muted">
        已有账号？<Link to="/login">登录</Link>
      </p>
    </main>
  );
}
