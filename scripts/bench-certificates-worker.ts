import { randomBytes } from "node:crypto";
import { parentPort, workerData } from "node:worker_threads";
import { importJWK, type CryptoKey, type JWK } from "jose";
import { certificateCredential, signCredential } from "../certificates/credential.server.ts";
import { renderCertificate } from "../certificates/render.server.ts";
import { benchCertificate } from "./bench-certificates-data.ts";

/** Renders certificates first…first+count-1 and posts each PDF back (the buffer is transferred, not copied). */
const { first, count, kid, jwk, publicUrl } = workerData as { first: number; count: number; kid: string; jwk: JWK; publicUrl: string };
const key = { kid, privateKey: (await importJWK(jwk, "EdDSA")) as CryptoKey };
for (let i = first; i < first + count; i++) {
  const c = benchCertificate(i);
  const credential = await signCredential(certificateCredential({ ...c, publicUrl, edition: 1, statusIndex: i + 1, issuedAt: new Date(`${c.issuedOn}T10:00:00+08:00`), identitySalt: randomBytes(16).toString("hex") }), key);
  const pdf = await renderCertificate({ ...c, hours: null, reissuedOn: null, verifyUrl: `${publicUrl}/verify/${c.number}?edition=1`, verifyAddress: `${publicUrl}/verify`, credential, photo: null });
  const bytes = new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength).slice();
  parentPort!.postMessage({ index: i, name: `${c.number}.pdf`, bytes }, [bytes.buffer]);
}
parentPort!.postMessage({ done: true });
