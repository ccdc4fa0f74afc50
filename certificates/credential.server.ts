import { createHash } from "node:crypto";
import { createLocalJWKSet, jwtVerify, SignJWT, type CryptoKey, type JSONWebKeySet, type JWTPayload } from "jose";
import { statusListBit } from "./status-list.ts";

/**
 * Certificates as W3C Verifiable Credentials (VC Data Model 2.0), secured as JWTs the way VC-JOSE-COSE
 * describes: the payload is the credential itself, the header says `typ: vc+jwt`, `cty: vc`, `alg: EdDSA`.
 */
export const VC_CONTEXT = "https://www.w3.org/ns/credentials/v2";
/** Our own JSON-LD context, served at this stable path: it defines every term the VC 2.0 context does not. */
export const CREDENTIALS_CONTEXT_PATH = "/credentials/v1";
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
  /** Random per credential; the ID number enters the credential only as sha256(salt + number). */
  identitySalt: string;
  occupation: string;
  direction: string | null;
  level: string | null;
  issuerName: string;
  issuedOn: string;
};

export const verifyPath = (number: string, edition: number) => `/verify/${encodeURIComponent(number)}?edition=${edition}`;

/**
 * sha256 over the salt followed by the ID number as printed (capital X), in hex: a verifier holding the number can
 * check it, a reader of the credential learns nothing directly. ID numbers are few enough to brute-force one hash, so
 * the salt only stops matching one hash against many credentials; the credential is still given only to its holder.
 */
export function identityHash(salt: string, idNumber: string): string {
  return createHash("sha256").update(`${salt}${idNumber.trim().toUpperCase()}`).digest("hex");
}

export function identityMatches(credential: Pick<CertificateCredential, "credentialSubject">, idNumber: string): boolean {
  const { identitySalt, identityHash: hash } = credential.credentialSubject;
  return identityHash(identitySalt, idNumber) === hash;
}

export function certificateCredential(c: CredentialInput) {
  const statusList = `${c.publicUrl}${STATUS_LIST_PATH}`;
  return {
    "@context": [VC_CONTEXT, `${c.publicUrl}${CREDENTIALS_CONTEXT_PATH}`],
    id: `${c.publicUrl}${verifyPath(c.number, c.edition)}`,
    type: ["VerifiableCredential", c.kind === "skill_level" ? "VocationalSkillLevelCertificate" : "TrainingCompletionCertificate"],
    name: c.kind === "skill_level" ? "职业技能等级证书" : "培训合格证明",
    issuer: { id: c.publicUrl, name: c.issuerName },
    validFrom: c.issuedAt.toISOString(),
    credentialSubject: {
      type: "CertificateHolder",
      name: c.holderName,
      idType: c.idType,
      identitySalt: c.identitySalt,
      identityHash: identityHash(c.identitySalt, c.idNumber),
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

/**
 * The context document behind CREDENTIALS_CONTEXT_PATH: every type and property of our credentials that the VC 2.0
 * context leaves undefined, so JSON-LD processors keep them instead of dropping them.
 */
export function credentialsContext(publicUrl: string) {
  const term = (name: string) => `${publicUrl}${CREDENTIALS_CONTEXT_PATH}#${name}`;
  const typed = (name: string, type: string) => ({ "@id": term(name), "@type": `http://www.w3.org/2001/XMLSchema#${type}` });
  return {
    "@context": {
      "@version": 1.1,
      "@protected": true,
      VocationalSkillLevelCertificate: term("VocationalSkillLevelCertificate"),
      TrainingCompletionCertificate: term("TrainingCompletionCertificate"),
      CertificateHolder: term("CertificateHolder"),
      idType: term("idType"),
      identitySalt: term("identitySalt"),
      identityHash: term("identityHash"),
      certificate: term("certificate"),
      number: term("number"),
      edition: typed("edition", "integer"),
      occupation: term("occupation"),
      direction: term("direction"),
      level: term("level"),
      evaluationBody: term("evaluationBody"),
      issuedOn: typed("issuedOn", "date"),
    },
  };
}

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
