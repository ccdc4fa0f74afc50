import type { LoaderFunctionArgs } from "@remix-run/node";
import { VC_MEDIA_TYPE } from "../../../certificates/credential.server.ts";
import { db } from "../../db.server.ts";
import { attachment, invariantResponse } from "../../utils/http.ts";
import { certificateFileName, editionCredential } from "../documents.server.ts";
import { requireOwnIssuedCertificate } from "../holder.server.ts";

/** The signed credential alone (vc+jwt), for `npm run verify` or any VC wallet. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { certificate, edition } = await requireOwnIssuedCertificate(request, params.number);
  invariantResponse(!certificate.revokedAt, "证书已吊销，不能下载", { status: 410 });
  return new Response(await editionCredential(db, certificate, edition), {
    headers: {
      "Content-Type": VC_MEDIA_TYPE,
      "Content-Disposition": attachment(`${certificateFileName(certificate)}.jwt`),
      "Cache-Control": "private, no-store",
    },
  });
}
