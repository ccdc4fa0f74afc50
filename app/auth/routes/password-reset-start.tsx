import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { db } from "../../db.server.ts";
import { formatDateTime } from "../../utils/dates.ts";
import { notFound } from "../../utils/http.ts";
import { actor, requireUserWithPermission } from "../auth.server.ts";
import { loadResetTarget, RESET_CODE_VALID_MS, startPasswordReset } from "../password-reset.server.ts";
import { homePath } from "../permissions.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `重置密码 · ${data?.target.name ?? "账号"} · carecert` }];

async function targetInScope(request: Request, userId: string | undefined) {
  const { user, scope } = await requireUserWithPermission(request, "reset:password");
  const target = await loadResetTarget(db, scope, Number(userId));
  if (!target || target.disabledAt) notFound("未找到该账号，或该账号不在您的管理范围内");
  return { user, target };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, target } = await targetInScope(request, params.userId);
  return { target: { id: target.id, name: target.name, username: target.username }, backTo: homePath(user.grants), validMinutes: RESET_CODE_VALID_MS / 60_000 };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, target } = await targetInScope(request, params.userId);
  const { code, expiresAt } = await startPasswordReset(db, target.id, actor(request, user));
  return { code, expiresAt: formatDateTime(expiresAt), errors: {} as Record<string, string> };
}

export default function PasswordResetStartPage() {
  const { target, backTo, validMinutes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const address = `/password-reset?username=${encodeURIComponent(target.username)}`;
  return (
    <main className="container narrow">
      <p className="breadcrumbs">
        <Link to={backTo}>返回</Link>
      </p>
      <h1>
        重置密码：{target.name} <span className="muted">（{target.username}）</span>
      </h1>
      {result?.code ? (
        <div className="notice">
          <p>
            一次性重置码（只显示这一次，{result.expiresAt} 前有效，只能使用一次）：<span className="secret">{result.code}</span>
          </p>
          <p>
            请当面或电话告知本人，由本人打开 <Link to={address}>{address}</Link> ，输入用户名、重置码并设置新密码。
          </p>
        </div>
      ) : null}
      <div className="card stack">
        <p>
          发放后，用户可在 {validMinutes} 分钟内用重置码设置新密码；在此之前原密码仍然有效。重新发放会使之前的重置码失效。发放和使用都会记入审计日志。
        </p>
        <Form method="post">
          <button type="submit">{result?.code ? "重新发放重置码" : "发放重置码"}</button>
        </Form>
      </div>
    </main>
  );
}
