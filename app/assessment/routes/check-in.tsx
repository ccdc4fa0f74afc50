import { firstRow } from "../../../db/query.ts";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { and, eq } from "drizzle-orm";
import { z } from "../../utils/zod.ts";
import { assessmentSessions, sessionStaff } from "../../../db/schema.ts";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { Field } from "../../components/field.tsx";
import { db } from "../../db.server.ts";
import { formatDateTime } from "../../utils/dates.ts";
import { notFound } from "../../utils/http.ts";
import { attendanceList, checkIn, markAbsent, type AttendancePart } from "../exam-day.server.ts";
import { DataTable } from "../../components/data-table.tsx";

export const meta: MetaFunction = () => [{ title: "入场核验 · carecert" }];

const partNames = { theory: "理论考试", skill: "技能考核" } as const;

/**
 * Who checks in whom: at the theory exam the invigilators of a room check in that room, at the skill
 * part the session's examiners check in every candidate; the chief examiner may do either for all rooms.
 */
async function requireDoor(request: Request, sessionId: string | undefined, partParam: string | null) {
  const { user } = await requireUserWithPermission(request, "read:examining:org");
  const part: AttendancePart = partParam === "skill" ? "skill" : "theory";
  const session = await firstRow(db.select().from(assessmentSessions).where(eq(assessmentSessions.id, Number(sessionId))));
  const duties = session ? await db.select().from(sessionStaff).where(and(eq(sessionStaff.sessionId, session.id), eq(sessionStaff.userId, user.id))) : [];
  const chief = duties.some((d) => d.duty === "chief_examiner");
  const rooms = chief ? null : part === "skill" ? (duties.some((d) => d.duty === "examiner") ? null : []) : duties.filter((d) => d.duty === "invigilator").map((d) => d.room!);
  if (!session || (rooms !== null && rooms.length === 0)) notFound(`您不是该批次${partNames[part]}的监考员或考评员`);
  return { user, session, part, rooms };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session, part, rooms } = await requireDoor(request, params.sessionId, new URL(request.url).searchParams.get("part"));
  const list = await attendanceList(db, session.id, part, rooms);
  return {
    session: { id: session.id, name: session.name, startsAt: formatDateTime(session.theoryStartsAt), started: new Date() >= session.theoryStartsAt, opened: session.status !== "draft" },
    part,
    partName: partNames[part],
    rooms: rooms ?? [...new Set(list.map((c) => c.room))],
    // 口试 matters at the theory exam only: the skill part is practical for everyone.
    candidates: list.map((c) => ({ applicationId: c.applicationId, name: c.name, room: c.room, seat: c.seat, status: c.status, oral: part === "theory" && c.oralTheory })),
  };
}

const checkInSchema = z.object({ idNumber: z.string().trim().min(1, "请输入或扫描考生的身份证号码").max(40, "证件号码过长") });

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, session, part, rooms } = await requireDoor(request, params.sessionId, new URL(request.url).searchParams.get("part"));
  const form = await request.formData();
  // Rooms and seats are assigned when the session opens; until then there is no one to let in.
  if (session.status === "draft") return data({ idError: "批次尚未开考，开考后安排了考场和座号才能核验入场" }, { status: 409 });
  if (form.get("intent") === "absent") {
    const ids = form.getAll("applicationId").map(Number);
    const outcome = await markAbsent(db, { sessionId: session.id, part, applicationIds: ids, rooms, startsAt: session.theoryStartsAt, by: actor(request, user) });
    return outcome.ok ? { absent: outcome.marked } : data({ absentError: outcome.error }, { status: 409 });
  }
  const parsed = checkInSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data({ idError: parsed.error.issues[0]!.message }, { status: 400 });
  const outcome = await checkIn(db, { sessionId: session.id, part, idNumber: parsed.data.idNumber, rooms, by: actor(request, user) });
  return outcome.ok ? { checkedIn: outcome } : data({ idError: outcome.error }, { status: 409 });
}

export default function CheckInPage() {
  const { session, part, partName, rooms, candidates } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const checkedIn = result && "checkedIn" in result ? result.checkedIn : undefined;
  const waiting = candidates.filter((c) => c.status === null);
  const present = candidates.filter((c) => c.status === "present").length;
  const query = part === "skill" ? "?part=skill" : "";
  return (
    <main className="container">
      <p className="breadcrumbs">
        <Link to="/examiner">考评工作台</Link> / <Link to={`/examiner/sessions/${session.id}`}>监考</Link>
      </p>
      <h1>入场核验：{session.name}</h1>
      <p className="muted">
        {partName} · 考场：{rooms.join("、")} · 开考 {session.startsAt} · 已入场 {present} / {candidates.length}
      </p>
      {session.opened ? null : <p className="notice warn">批次尚未开考：开考后安排考场和座号，届时在此核验入场。</p>}
      <Form method="post" action={`/examiner/sessions/${session.id}/check-in${query}`} className="card stack" key={checkedIn ? checkedIn.room + checkedIn.seat : "form"}>
        <Field
          label="考生身份证号码"
          name="idNumber"
          autoComplete="off"
          maxLength={40}
          error={result && "idError" in result ? result.idError : undefined}
          hint="输入或用扫码枪扫描考生身份证上的号码，核对姓名和照片后请考生按座号入座"
        />
        <button type="submit" name="intent" value="check-in">
          核验入场
        </button>
      </Form>
      {checkedIn ? (
        <p className="notice" role="status">
          {checkedIn.already ? "已入场过：" : "核验通过："}
          <strong>{checkedIn.name}</strong> · {checkedIn.room} · 座号 <strong>{checkedIn.seat}</strong>
        </p>
      ) : null}
      <h2>考生名单</h2>
      <DataTable<(typeof candidates)[number]>
        caption="考生名单"
        rows={candidates}
        rowKey={(c) => c.applicationId}
        empty="本批次还没有考生。"
        columns={[
          { header: "座号", cell: (c) => c.seat },
          {
            header: "考生",
            cell: (c) => (
              <>
                {c.name}
                {c.oral ? (
                  <>
                    {" "}
                    <span className="tag">口试</span>
                    {c.status === "present" ? (
                      <>
                        {" "}
                        <Link to={`/examiner/sessions/${session.id}/oral/${c.applicationId}`}>代录答案</Link>
                      </>
                    ) : null}
                  </>
                ) : null}
              </>
            ),
          },
          { header: "考场", cell: (c) => c.room },
          { header: "入场", cell: (c) => (c.status === "present" ? "已入场" : c.status === "absent" ? <span className="tag warn">缺考</span> : "未入场") },
        ]}
      />
      {result && "absent" in result ? (
        <p className="notice" role="status">
          已记录 {result.absent} 人缺考。
        </p>
      ) : null}
      {session.started && waiting.length > 0 ? (
        <Form method="post" action={`/examiner/sessions/${session.id}/check-in${query}`} className="card stack">
          <h2>记录缺考</h2>
          <p>以下 {waiting.length} 名考生开考后仍未入场，确认后记为缺考，不能再入场：</p>
          <ul>
            {waiting.map((c) => (
              <li key={c.applicationId}>
                {c.seat} 号 {c.name}（{c.room}）
                <input type="hidden" name="applicationId" value={c.applicationId} />
              </li>
            ))}
          </ul>
          {result && "absentError" in result ? (
            <p className="form-error" role="alert">
              {result.absentError}
            </p>
          ) : null}
          <button type="submit" name="intent" value="absent" className="danger">
            确认以上 {waiting.length} 人缺考
          </button>
        </Form>
      ) : null}
    </main>
  );
}
