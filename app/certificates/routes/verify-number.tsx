import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { normaliseCertificateNumber } from "../../../certificates/number.ts";
import { db } from "../../db.server.ts";
import { notFound } from "../../utils/http.ts";
import { publicCreditOfHolder } from "../../credit/credit.server.ts";
import { chinaDate } from "../../utils/dates.ts";
import { VerificationResult } from "../verification-result.tsx";
import { limitVerificationRate, publicCertificate } from "../verification.server.ts";

export const meta: MetaFunction = () => [{ title: "证书查验 · carecert" }];

/** Public: where a certificate's QR code leads (?edition= names the printed edition). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await limitVerificationRate(db, request, normaliseCertificateNumber(params.number ?? ""));
  const edition = new URL(request.url).searchParams.get("edition");
  const editionNumber = edition === null ? null : Number(edition);
  if (editionNumber !== null && !(Number.isInteger(editionNumber) && editionNumber > 0)) notFound("未找到该证书");
  const certificate = await publicCertificate(db, normaliseCertificateNumber(params.number ?? ""), editionNumber);
  if (!certificate) notFound("未找到该证书编号。伪造的证书在此查不到，请核对编号。");
  return { certificate, credit: await publicCreditOfHolder(db, certificate.number, chinaDate(new Date())) };
}

export default function VerifyNumberPage() {
  const { certificate, credit } = useLoaderData<typeof loader>();
  return (
    <main className="container narrow">
      <h1>证书查验</h1>
      <VerificationResult certificate={certificate} credit={credit} />
      <p>
        <Link to="/verify">按编号和姓名查验其他证书</Link>
      </p>
    </main>
  );
}
