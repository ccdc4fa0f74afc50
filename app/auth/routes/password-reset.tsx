import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "../../utils/zod.ts";
import { db } from "../../db.server.ts";
import { Field, FormError } from "../../components/field.tsx";
import { usernameSchema } from "../../people/person-schema.ts";
import { parseForm } from "../../utils/form.ts";
import { clientIp } from "../../utils/http.ts";
import { loadGrants } from "../auth.server.ts";
import { LOGIN_THROTTLED } from "../login.server.ts";
import { completePasswordReset, RESET_CODE_INVALID } from "../password-reset.server.ts";
import { newPasswordProblem, passwordSchema } from "../password.server.ts";
import { homePath } from "../permissions.ts";
import { sessionCookie } from "../session.server.ts";
import { reserveLoginAttempt, throttleKeys } from "../throttle.server.ts";

export const meta: MetaFunction = () => [{ title: "用重置码设置新密码 · carecert" }];

const resetSchema = z
  .object({
    username: usernameSchema,
    code: z.string().trim().min(1, "请输入管理员发放的重置码"),
    newPassword: passwordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "两次输入的新密码不一致" })
  .superRefine((v, ctx) => {
    const problem = newPasswordProblem(v.newPassword, v.username);
    if (problem) ctx.addIssue({ code: "custom", path: ["newPassword"], message: problem });
  });

export async function loader(_args: LoaderFunctionArgs) {
  // Public page: the one-time code an admin handed out is the credential.
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  // Public action: each try is reserved with the login throttle before the code is compared.
  const form = parseForm(await request.formData(), resetSchema);
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const { username, code, newPassword } = form.data;
  const ip = clientIp(request);
  const values = { username };
  if (!(await reserveLoginAttempt(db, throttleKeys(username, ip))).ok) {
    return data({ errors: { _form: LOGIN_THROTTLED } as Record<string, string>, values }, { status: 429 });
  }
  const outcome = await completePasswordReset(db, { username, code, newPassword, ip });
  if (!outcome.ok) return data({ errors: { _form: RESET_CODE_INVALID } as Record<string, string>, values }, { status: 400 });
  return redirect(homePath(await loadGrants(db, outcome.userId)), { headers: { "Set-Cookie": sessionCookie(request, outcome.token) } });
}

export default function PasswordResetPage() {
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = result?.errors ?? {};
  return (
    <main className="container narrow">
      <h1>用重置码设置新密码</h1>
      <p className="muted">重置码由您所在培训基地、机构的管理员或系统管理员发放，只能使用一次。设置后，您在其他设备上的登录将全部失效。</p>
      <div className="card">
        <Form method="post" className="stack">
          <FormError error={errors._form} />
          <Field label="用户名" name="username" autoComplete="username" defaultValue={result?.values.username ?? params.get("username") ?? ""} error={errors.username} required />
          <Field label="重置码" name="code" autoComplete="one-time-code" error={errors.code} required />
          <Field label="新密码" name="newPassword" type="password" autoComplete="new-password" error={errors.newPassword} hint="至少 8 个字符，不能是常见密码，不能包含用户名" required />
          <Field label="确认新密码" name="confirmPassword" type="password" autoComplete="new-password" error={errors.confirmPassword} required />
          <button type="submit">设置新密码</button>
        </Form>
      </div>
      <p className="muted">
        <Link to="/login">返回登录</Link>
      </p>
    </main>
  );
}
