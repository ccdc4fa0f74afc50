import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "../../utils/zod.ts";
import { db } from "../../db.server.ts";
import { Field, FormError } from "../../components/field.tsx";
import { clientIp, safeRedirectPath } from "../../utils/http.ts";
import { parseForm } from "../../utils/form.ts";
import { getCurrentUser, loadGrants } from "../auth.server.ts";
import { attemptLogin, LOGIN_THROTTLED } from "../login.server.ts";
import { homePath } from "../permissions.ts";
import { invalidateSession, sessionCookie, sessionTokenFrom } from "../session.server.ts";

export const meta: MetaFunction = () => [{ title: "登录 · carecert" }];

const loginSchema = z.object({
  username: z.string().trim().min(1, "请输入用户名"),
  password: z.string().min(1, "请输入密码"),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  // Public page; a logged-in visitor goes straight home.
  const user = await getCurrentUser(request);
  if (user) throw redirect(homePath(user.grants));
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  // Public action: anyone may try to log in; throttling and the audit log guard it.
  const form = parseForm(await request.formData(), loginSchema);
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const { username, password, redirectTo } = form.data;
  const outcome = await attemptLogin(db, { username, password, ip: clientIp(request) });
  if (!outcome.ok) {
    return data(
      { errors: { _form: outcome.message } as Record<string, string>, values: { username } },
      { status: outcome.message === LOGIN_THROTTLED ? 429 : 400 },
    );
  }
  // A login always starts a fresh session; one the browser still carried is ended.
  const previous = sessionTokenFrom(request)?.split(".")[0];
  if (previous) await invalidateSession(db, previous);
  const to = outcome.mustChangePassword ? "/account/password" : safeRedirectPath(redirectTo, homePath(await loadGrants(db, outcome.userId)));
  return redirect(to, { headers: { "Set-Cookie": sessionCookie(request, outcome.token) } });
}

export default function LoginPage() {
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <main className="container narrow">
      <h1>登录</h1>
      <div className="card">
        <Form method="post" className="stack">
          <FormError error={result?.errors._form} />
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
          <Field label="用户名" name="username" autoComplete="username" defaultValue={result?.values.username} error={result?.errors.username} required />
          <Field label="密码" name="password" type="password" autoComplete="current-password" error={result?.errors.password} required />
          <button type="submit">登录</button>
        </Form>
      </div>
      <p className="muted">
        还没有账号？学员可 <Link to="/register">自行注册</Link>；工作人员账号由系统管理员开通。
      </p>
    </main>
  );
}
