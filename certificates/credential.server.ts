import { createLocalJWKSet, jwtVerify, SignJWT, type CryptoKey, type JSONWebKeySet, type JWTPayload } from "jose";
import { statusListBit } from "./status-list.ts";

/**
 * Certificates as W3C Verifiable Credentials (VC Data Model 2.0), secured as JWTs the way VC-JOSE-COSE
 * describes: the payload is the credential itself, the header says `typ: vc+jwt`, `cty: vc`, `alg: EdDSA`.
 */
export const VC_CONTEXT = "https://www.w3.org/ns/credentials/v2";
export const VC_MEDIA_TYPE = "application/vc+jwt";
const STATUS_LIST_PATH = "/credentials/status/revocation";
export const JWKS_PATH = "/.well-known/jwks.json";

export type CredentialInput = {
  publicUrl: string;
  kind: "skill_level" | "training_completion";
  number: string;
  edition: number;
  /** The edition's index in the revocation status list. */
  statusIndex: number;
  issuedAt: Date;
  holderName: string;
  idType: string;
  idNumber: string;
  occupation: string;
  direction: string | null;
  level: string | null;
  issuerName: string;
  issuedOn: string;
};

export const verifyPath = (number: string, edition: number) => `/verify/${encodeURIComponent(number)}?edition=${edition}`;

export function certificateCredential(c: CredentialInput) {
  const statusList = `${c.publicUrl}${STATUS_LIST_PATH}`;
  return {
    "@context": [VC_CONTEXT],
    id: `${c.publicUrl}${verifyPath(c.number, c.edition)}`,
    type: ["VerifiableCredential", c.kind === "skill_level" ? "VocationalSkillLevelCertificate" : "TrainingCompletionCertificate"],
    name: c.kind === "skill_level" ? "职业技能等级证书" : "培训合格证明",
    issuer: { id: c.publicUrl, name: c.issuerName },
    validFrom: c.issuedAt.toISOString(),
    credentialSubject: {
      type: "CertificateHolder",
      name: c.holderName,
      idType: c.idType,
      idNumber: c.idNumber,
      certificate: {
        number: c.number,
        edition: c.edition,
        occupation: c.occupation,
        direction: c.direction ?? "--",
        level: c.level,
        evaluationBody: c.issuerName,
        issuedOn: c.issuedOn,
      },
    },
    credentialStatus: {
      id: `${statusList}#${c.statusIndex}`,
      type: "BitstringStatusListEntry",
      statusPurpose: "revocation",
      statusListIndex: String(c.statusIndex),
      statusListCredential: statusList,
    },
  };
}
export type CertificateCredential = ReturnType<typeof certificateCredential>;

export function statusListCredential(publicUrl: string, encodedList: string, validFrom: Date) {
  const id = `${publicUrl}${STATUS_LIST_PATH}`;
  return {
    "@context": [VC_CONTEXT],
    id,
    type: ["VerifiableCredential", "BitstringStatusListCredential"],
    issuer: { id: publicUrl, name: "carecert" },
    validFrom: validFrom.toISOString(),
    credentialSubject: { id: `${id}#list`, type: "BitstringStatusList", statusPurpose: "revocation", encodedList },
  };
}

export type SigningKey = { kid: string; privateKey: CryptoKey };

export function signCredential(credential: object, key: SigningKey): Promise<string> {
  return new SignJWT(credential as JWTPayload).setProtectedHeader({ alg: "EdDSA", kid: key.kid, typ: "vc+jwt", cty: "vc" }).sign(key.privateKey);
}

type CredentialCheck =
  | { ok: true; credential: CertificateCredential; kid: string }
  | { ok: false; reason: string };

/** Checks the signature against a published key set, and that it is a certificate credential of ours. */
export async function verifyCredential(jwt: string, jwks: JSONWebKeySet): Promise<CredentialCheck> {
  try {
    const { payload, protectedHeader } = await jwtVerify(jwt.trim(), createLocalJWKSet(jwks), { algorithms: ["EdDSA"], typ: "vc+jwt" });
    const credential = payload as unknown as CertificateCredential;
    if (!Array.isArray(credential.type) || !credential.type.includes("VerifiableCredential") || !credential.credentialSubject?.certificate?.number) {
      return { ok: false, reason: "签名有效，但内容不是证书凭证" };
    }
    return { ok: true, credential, kid: protectedHeader.kid ?? "" };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ERR_JWKS_NO_MATCHING_KEY") return { ok: false, reason: "签名密钥不在发布的公钥中" };
    if (code === "ERR_JWS_SIGNATURE_VERIFICATION_FAILED") return { ok: false, reason: "签名无效：凭证内容已被改动或并非本平台签发" };
    return { ok: false, reason: `不是有效的签名凭证（${code ?? (error as Error).message}）` };
  }
}

/** Reads a credential's status bit from a status list credential (a vc+jwt) signed with the same key set. */
export async function credentialRevoked(credential: CertificateCredential, statusListJwt: string, jwks: JSONWebKeySet): Promise<boolean> {
  const { payload } = await jwtVerify(statusListJwt.trim(), createLocalJWKSet(jwks), { algorithms: ["EdDSA"], typ: "vc+jwt" });
  const list = payload as unknown as ReturnType<typeof statusListCredential>;
  if (list.id !== credential.credentialStatus.statusListCredential) throw new Error("status list does not match the credential");
  return statusListBit(list.credentialSubject.encodedList, Number(credential.credentialStatus.statusListIndex));
}
