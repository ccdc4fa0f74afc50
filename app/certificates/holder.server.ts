import { firstRow } from "../../db/query.ts";
import { and, desc, eq } from "drizzle-orm";
import { certificates } from "../../db/schema.ts";
import { requireUserWithPermission } from "../auth/auth.server.ts";
import { db } from "../db.server.ts";
import { notFound } from "../utils/http.ts";
import { currentEdition } from "./certificates.server.ts";

/** The holder's own certificates, newest first. */
export async function holderCertificates(personId: number) {
  return await db.select().from(certificates).where(eq(certificates.personId, personId)).orderBy(desc(certificates.issuedOn));
}

/** One of the holder's own certificates issued here, with its current edition; anyone else's answers 404. */
export async function requireOwnIssuedCertificate(request: Request, number: string | undefined) {
  const { user } = await requireUserWithPermission(request, "read:certificate:own");
  const certificate = await firstRow(db
    .select()
    .from(certificates)
    .where(and(eq(certificates.number, number ?? ""), eq(certificates.personId, user.personId), eq(certificates.source, "issued"))));
  const edition = certificate ? await currentEdition(db, certificate.id) : null;
  if (!certificate || !edition) notFound("未找到该证书");
  return { user, certificate, edition };
}
