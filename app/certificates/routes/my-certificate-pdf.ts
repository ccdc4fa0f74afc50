import type { LoaderFunctionArgs } from "@remix-run/node";
import { pdfResponse } from "../../documents/pdf.server.ts";
import { db } from "../../db.server.ts";
import { invariantResponse } from "../../utils/http.ts";
import { certificateFileName, certificatePdf } from "../documents.server.ts";
import { requireOwnIssuedCertificate } from "../holder.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { certificate, edition } = await requireOwnIssuedCertificate(request, params.number);
  invariantResponse(!certificate.revokedAt, "证书已吊销，不能下载", { status: 410 });
  return pdfResponse(await certificatePdf(db, certificate, edition), `${certificateFileName(certificate)}.pdf`);
}
