import type { LoaderFunctionArgs } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { certificates } from "../../../db/schema.ts";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { scopeCondition } from "../../auth/scope-condition.ts";
import { pdfResponse } from "../../documents/pdf.server.ts";
import { db } from "../../db.server.ts";
import { invariantResponse, notFound } from "../../utils/http.ts";
import { certificateInScope, currentEdition } from "../certificates.server.ts";
import { certificateFileName, certificatePdf } from "../documents.server.ts";

/** One certificate this base issued, current edition. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireUserWithPermission(request, "issue:certificate:org");
  const certificate = await certificateInScope(db, params.number ?? "", and(eq(certificates.source, "issued"), scopeCondition(scope, { organisationId: certificates.issuerOrganisationId })));
  const edition = certificate ? await currentEdition(db, certificate.id) : null;
  if (!certificate || !edition) notFound("未找到该证书，或该证书不是本基地发放的");
  invariantResponse(!certificate.revokedAt, "证书已吊销，不能下载", { status: 410 });
  return pdfResponse(await certificatePdf(db, certificate, edition), `${certificateFileName(certificate)}.pdf`);
}
