import { firstRow } from "../../../db/query.ts";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { eq } from "drizzle-orm";
import { z } from "../../utils/zod.ts";
import { users } from "../../../db/schema.ts";
import { db } from "../../db.server.ts";
import { Field, FormError } from "../../components/field.tsx";
import { parseForm } from "../../utils/form.ts";
import { changePassword } from "../accounts.server.ts";
import { actor, requireUser } from "../auth.server.ts";
import { newPasswordProblem, passwordSchema, verifyPassword } from "../password.server.ts";
import { homePath } from "../permissions.ts";
import { sessionCookie } from "../session.server.ts";

export const meta: MetaFunction = () => [{ title: "修改密码 · carecert" }];

const passwordChangeSchema = z
  .object({
    currentPassword: z.string().min(1, "请输入当前密码"),
    newPassword: passwordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "两次输入的新密码不一致" })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ["newPassword"], message: "新密码不能与当前密码相同" });

export async function loader({ request }: LoaderFunctionArgs) {
  // Any logged-in user, including one whose initial password must be replaced first.
  const user = await requireUser(request, { allowPendingPasswordChange: true });
  return { mustChange: user.mustChangePassword };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { allowPendingPasswordChange: true });
  const form = parseForm(await request.formData(), passwordChangeSchema);
  if (!form.ok) return data({ errors: form.errors }, { status: 400 });
  const weak = newPasswordProblem(form.data.newPassword, user.username);
  if (weak) return data({ errors: { newPassword: weak } as Record<string, string> }, { status: 400 });
  const { passwordHash } = (await firstRow(db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, user.id))))!;
  if (!(await verifyPassword(passwordHash, form.data.currentPassword))) {
    return data({ errors: { currentPassword: "当前密码不正确" } as Record<string, string> }, { status: 400 });
  }
  const token = await changePassword(db, user.id, form.data.newPassword, actor(request, user));
  return redirect(homePath(user.grants), { headers: { "Set-Cookie": sessionCookie(request, token) } });
}

export default function PasswordPage() {
  const { mustChange } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  return (
    <main className="container narrow">
      <h1>修改密码</h1>
      {mustChange ? <p className="notice warn">您正在使用管理员设置的初始密码，请先设置自己的新密码再继续使用。</p> : null}
      <div className="card">
        <Form method="post" className="stack">
          <FormError error={errors._form} />
          <Field label={mustChange ? "初始密码" : "当前密码"} name="currentPassword" type="password" autoComplete="current-password" error={errors.currentPassword} required />
          <Field label="新密码" name="newPassword" type="password" autoComplete="new-password" error={errors.newPassword} hint="至少 8 个字符，不能是常见密码，不能包含用户名" required />
          <Field label="确认新密码" name="confirmPassword" type="password" autoComplete="new-password" error={errors.confirmPassword} required />
          <button type="submit">保存新密码</button>
        </Form>
      </div>
      <p className="muted">修改密码后，您在其他设备上的登录将全部失效。</p>
    </main>
  );
}
