import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { pdfResponse } from "../../documents/pdf.server.ts";
import { notFound } from "../../utils/http.ts";
import { admissionTicketPdf } from "../admission-ticket.server.ts";
import { admissionTicket } from "../exam-day.server.ts";

/** The candidate's own 准考证; anyone else's, or one before rooms are assigned, is not there. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, "apply:assessment:own");
  const ticket = await admissionTicket(db, user.id, Number(params.sessionId));
  if (!ticket) notFound("没有您在该批次的准考证：申报需审核通过，批次开考后安排考场和座号");
  return pdfResponse(await admissionTicketPdf(ticket), `准考证-${ticket.session.name}-${ticket.name}.pdf`);
}
