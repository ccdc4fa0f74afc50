import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { getCurrentUser, requireUser } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { chinaDate } from "../../utils/dates.ts";
import { notFound } from "../../utils/http.ts";
import { HowToObject, NoticeHeader, NoticeRowsTable } from "../notice-parts.tsx";
import { allowanceNotice } from "../notices.server.ts";
import { ObjectionForm } from "../objection-form.tsx";
import { objectFromForm } from "../objections.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.notice.title ?? "公示"} · carecert` }];

/**
 * Public, no login: one allowance list while its 公示 runs, names masked, no ID numbers or accounts; any other
 * list answers 404. A signed-in reader finds their own lines marked and may object here.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const found = await allowanceNotice(db, Number(params.listId), chinaDate(new Date()));
  if (!found) notFound("该名册不在公示期内");
  const user = await getCurrentUser(request);
  const { lines, ...notice } = found;
  const own = user ? lines.filter((l) => l.personId === user.personId) : [];
  return {
    notice,
    rows: lines.map((l) => ({ key: String(l.lineId), maskedName: l.maskedName, detail: `${l.occupation} ${l.level}`, amount: l.amount, reason: l.reason, own: l.personId === user?.personId })),
    signedIn: user !== null,
    ownLines: own.map((l) => ({ lineId: l.lineId, label: `本人：${l.level} ${l.amount} 元` })),
  };
}

/** Objecting needs the worker's own account: anonymous posts are sent to log in. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  form.set("listId", String(Number(params.listId)));
  return objectFromForm(request, user, form, `/notices/allowances/${Number(params.listId)}`);
}

export default function AllowanceNoticePage() {
  const { notice, rows, signedIn, ownLines } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <main className="container">
      <NoticeHeader kind="补贴发放名册" title={notice.title} issuer={notice.organisationName} district={notice.districtName} startsOn={notice.startsOn} endsOn={notice.endsOn} payees={notice.payees} total={notice.total} />
      <p className="hint">{notice.policyName}</p>
      <NoticeRowsTable caption="公示名单" rows={rows} empty="本名册没有发放人员。" />
      <HowToObject office={notice.office} endsOn={notice.endsOn} loginTo={signedIn ? null : `/notices/allowances/${notice.listId}`}>
        {signedIn ? <ObjectionForm listId={notice.listId} lines={ownLines} result={result} /> : null}
      </HowToObject>
    </main>
  );
}
