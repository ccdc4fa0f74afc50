import type { LoaderFunctionArgs } from "@remix-run/node";
import { normaliseCertificateNumber } from "../../../certificates/number.ts";
import { db } from "../../db.server.ts";
import { limitVerificationRate, publicCertificate } from "../verification.server.ts";

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Access-Control-Allow-Origin": "*", "Cache-Control": "no-store" },
  });

/** GET /api/v1/certificates/:number[?edition=N] — the public check for other regions' systems. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await limitVerificationRate(db, request, normaliseCertificateNumber(params.number ?? ""));
  const edition = new URL(request.url).searchParams.get("edition");
  const editionNumber = edition === null ? null : Number(edition);
  const c = editionNumber === null || (Number.isInteger(editionNumber) && editionNumber > 0) ? await publicCertificate(db, normaliseCertificateNumber(params.number ?? ""), editionNumber) : null;
  if (!c) return json({ error: "not_found", message: "未找到该证书" }, 404);
  return json({
    status: c.status,
    number: c.number,
    holderName: c.holderName,
    document: c.document,
    occupation: c.occupation,
    level: c.level,
    issuedAt: c.issuedAt,
    issuer: c.issuer,
    revokedAt: c.revokedAt,
    source: c.source,
    verified: c.verified,
    edition: c.edition,
    currentEdition: c.currentEdition,
  });
}
