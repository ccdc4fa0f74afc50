import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actor } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { planLabel } from "../plan-label.ts";
import { publishCheck, publishResults } from "../results.server.ts";
import { requireBaseSession } from "../base-session-guard.server.ts";
import { FormProblems } from "../../components/field.tsx";
import { redirectWithNotice } from "../../utils/notice.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `发布成绩 · ${data?.session.name ?? ""} · carecert` }];

/** The confirmation step before publishing: the counts first, or everything still missing. Works without JavaScript. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session, plan } = await requireBaseSession(request, params.sessionId);
  const { problems, counts } = await publishCheck(db, session.id);
  return { session: { id: session.id, name: session.name, plan: planLabel(plan) }, problems, counts };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, session } = await requireBaseSession(request, params.sessionId);
  const { problems, counts } = await publishResults(db, session.id, actor(request, user));
  if (problems.length > 0) return data({ problems }, { status: 409 });
  return redirectWithNotice(request, `/base/assessments/${session.id}#results`, `已发布成绩：考生 ${counts.candidates} 人，合格 ${counts.passed} 人，不合格 ${counts.failed} 人。合格者的证书已按批次生成。`);
}

export default function PublishPage() {
  const { session, problems: pending, counts } = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  const problems = refused?.problems ?? pending;
  return (
    <main className="container reader">
      <p className="breadcrumbs">
        <Link to={`/base/assessments/${session.id}`}>{session.name}</Link>
      </p>
      <h1>发布成绩</h1>
      <p className="muted">{session.plan}</p>
      <dl className="card">
        <dt>考生</dt>
        <dd>{counts.candidates} 人</dd>
        <dt>合格</dt>
        <dd>{counts.passed} 人</dd>
        <dt>不合格</dt>
        <dd>{counts.failed} 人</dd>
        <dt>缺考（至少一部分）</dt>
        <dd>{counts.absent} 人</dd>
      </dl>
      {problems.length > 0 ? (
        <FormProblems problems={problems} heading="还不能发布：" />
      ) : (
        <Form method="post" className="actions">
          <button type="submit">确认发布</button>
          <span className="hint">发布后考生可见，合格者同时发证；成绩只能通过主考复核更改。</span>
        </Form>
      )}
    </main>
  );
}
