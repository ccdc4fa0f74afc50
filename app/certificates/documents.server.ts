import { firstRow } from "../../db/query.ts";
import { randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { certificateEditions, courseCompletions, courses } from "../../db/schema.ts";
import { certificateCredential, signCredential, statusListCredential, verifyPath, type CredentialInput } from "../../certificates/credential.server.ts";
import { loadSigningKey } from "../../certificates/keys.server.ts";
import { renderCertificate, type CertificateDocument } from "../../certificates/render.server.ts";
import { encodeStatusList } from "../../certificates/status-list.ts";
import { getConfig } from "../config.server.ts";
import { levelLabel, occupationNames, type SkillLevel } from "../occupations/occupations.ts";
import { chinaDate } from "../utils/dates.ts";
import { cancelledEditionIds, type CertificateRow, type EditionRow } from "./certificates.server.ts";

/** The certificate's fields as printed and as carried in its credential. */
function printedFields(c: CertificateRow) {
  return {
    kind: c.kind,
    holderName: c.holderName,
    idType: c.idType,
    idNumber: c.idNumber,
    occupation: c.kind === "training_completion" ? `${occupationNames[c.occupation]}培训` : occupationNames[c.occupation],
    direction: c.direction,
    level: c.level === null ? null : levelLabel(c.level as SkillLevel),
    number: c.number,
    issuerName: c.issuerName,
    issuedOn: c.issuedOn,
  };
}

function credentialInput(c: CertificateRow, edition: EditionRow, publicUrl: string): CredentialInput {
  return { ...printedFields(c), publicUrl, edition: edition.edition, statusIndex: edition.id, issuedAt: edition.issuedAt, identitySalt: randomBytes(16).toString("hex") };
}

/**
 * The edition's signed credential, signed the first time it is asked for (issuing happens inside
 * synchronous transactions; signing is asynchronous) and kept, so every download carries the same one.
 */
export async function editionCredential(db: DbOrTx, c: CertificateRow, edition: EditionRow): Promise<string> {
  if (edition.credential) return edition.credential;
  const config = getConfig();
  const key = await loadSigningKey(db, config);
  const jwt = await signCredential(certificateCredential(credentialInput(c, edition, config.publicUrl)), key);
  await db.update(certificateEditions).set({ credential: jwt }).where(and(eq(certificateEditions.id, edition.id), isNull(certificateEditions.credential)));
  return (await firstRow(db.select({ credential: certificateEditions.credential }).from(certificateEditions).where(eq(certificateEditions.id, edition.id))))!.credential!;
}

/** What the renderer needs, credential included; the query address is the public /verify page. */
async function certificateDocument(db: DbOrTx, c: CertificateRow, edition: EditionRow): Promise<CertificateDocument> {
  const { publicUrl } = getConfig();
  const hours = c.courseCompletionId
    ? ((await firstRow(db.select({ hours: courses.requiredHours }).from(courseCompletions).innerJoin(courses, eq(courses.id, courseCompletions.courseId)).where(eq(courseCompletions.id, c.courseCompletionId))))?.hours ?? null)
    : null;
  return {
    ...printedFields(c),
    hours,
    reissuedOn: edition.edition > 1 ? chinaDate(edition.issuedAt) : null,
    verifyUrl: `${publicUrl}${verifyPath(c.number, edition.edition)}`,
    verifyAddress: `${publicUrl}/verify`,
    credential: await editionCredential(db, c, edition),
    photo: null,
  };
}

export async function certificatePdf(db: DbOrTx, c: CertificateRow, edition: EditionRow): Promise<Buffer> {
  return renderCertificate(await certificateDocument(db, c, edition));
}

/** The revocation list as a signed Bitstring Status List credential, current as of this request. */
export async function statusListJwt(db: DbOrTx, now = new Date()): Promise<string> {
  const config = getConfig();
  const key = await loadSigningKey(db, config);
  return signCredential(statusListCredential(config.publicUrl, encodeStatusList(await cancelledEditionIds(db)), now), key);
}

export const certificateFileName = (c: CertificateRow) => `${c.kind === "skill_level" ? "职业技能等级证书" : "培训合格证明"}-${c.holderName}-${c.number}`;
