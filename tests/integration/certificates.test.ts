import { firstRow } from "../../db/query.ts";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { and, eq, inArray } from "drizzle-orm";
import JSZip from "jszip";
import { beforeAll, describe, expect, it } from "vitest";
import { applications, auditLog, certificateEditions, certificates } from "../../db/schema.ts";
import { createCertificate, createOrganisation, createUser, createWorker } from "../../seeds/factories.ts";
import { db } from "../../app/db.server.ts";
import { getConfig } from "../../app/config.server.ts";
import { loadContent } from "../../app/learning/content/load-content.ts";
import { syncContent } from "../../app/learning/content/sync-content.ts";
import { seedAssessmentDefaults } from "../../app/assessment/assessment-defaults.server.ts";
import { applicantFacts } from "../../app/assessment/sessions.server.ts";
import { createSession as createLoginSession } from "../../app/auth/session.server.ts";
import { issueSessionCertificates } from "../../app/certificates/certificates.server.ts";
import { VERIFY_RATE } from "../../app/certificates/verification.server.ts";
import { credentialRevoked, identityMatches, VC_CONTEXT, verifyCredential, type CertificateCredential } from "../../certificates/credential.server.ts";
import { credentialFromFile } from "../../certificates/pdf-attachment.ts";
import * as publishPage from "../../app/assessment/routes/base-session-publish.tsx";
import * as mine from "../../app/certificates/routes/my-certificates.tsx";
import * as myPdf from "../../app/certificates/routes/my-certificate-pdf.ts";
import * as myCredential from "../../app/certificates/routes/my-credential.ts";
import * as verifyPage from "../../app/certificates/routes/verify.tsx";
import * as verifyNumber from "../../app/certificates/routes/verify-number.tsx";
import * as api from "../../app/certificates/routes/api-certificate.ts";
import * as jwksRoute from "../../app/certificates/routes/jwks.ts";
import * as contextRoute from "../../app/certificates/routes/credential-context.ts";
import * as statusListRoute from "../../app/certificates/routes/status-list.ts";
import * as baseCertificates from "../../app/certificates/routes/base-certificates.tsx";
import * as basePdf from "../../app/certificates/routes/base-certificate-pdf.ts";
import * as batchPage from "../../app/certificates/routes/base-batch.tsx";
import * as batchZip from "../../app/certificates/routes/base-batch-zip.ts";
import * as revocations from "../../app/certificates/routes/revocations.tsx";
import { completeCourse, scoredSession } from "../setup/certificate-fixtures.ts";
import { readCertificatePdf } from "../setup/read-pdf.ts";
import { TMP_DIR } from "../setup/paths.ts";
import { getRequest, postRequest, run } from "../setup/requests.ts";
import { childEnv, databaseFromEnv } from "../setup/test-database.ts";

const cookieOf = async (userId: number) => `carecert_session=${(await createLoginSession(db, userId)).token}`;
const { publicUrl } = getConfig();
const year = new Date().getFullYear().toString().slice(2);
let base: { id: number; name: string };
let adminCookie: string;
let districtCookie: string;
let wuxingCookie: string;
// The first session: one pass (a rare-character name), one fail.
let passer: { id: number; cookie: string; number: string; idNumber: string };
let failer: { id: number; cookie: string };

async function fetched(response: Response | Promise<Response>) {
  return Buffer.from(await (await response).arrayBuffer());
}
const jwks = async () => JSON.parse((await fetched(jwksRoute.loader())).toString());
const statusList = async () => (await fetched(statusListRoute.loader())).toString();
const publicApi = (number: string, query = "", ip = "198.51.100.1") => run(api.loader, getRequest(`/api/v1/certificates/${number}${query}`, { ip }), { number });
const publicPage = (number: string, query = "", ip = "198.51.100.2") => run<{ certificate: Record<string, unknown> }>(verifyNumber.loader, getRequest(`/verify/${number}${query}`, { ip }), { number });
const holderPdf = async (number: string, cookie: string) => fetched((await myPdf.loader({ request: getRequest(`/certificates/${number}/certificate.pdf`, { cookie }), params: { number }, context: { cspNonce: "" } })) as Response);
/** An officer's revoke or reinstate, confirmed as the page's panel does; a success's message is the notice it leaves. */
async function officer(cookie: string, fields: Record<string, string>) {
  const outcome = await run<{ number: string; error: string | null }>(revocations.action, postRequest("/region/certificates", { confirmed: "yes", ...fields }, { cookie }));
  const notice = outcome.headers.get("Set-Cookie")?.match(/carecert_notice=([^;]*)/)?.[1];
  return { ...outcome, data: outcome.data ? { ...outcome.data, message: null } : { number: fields.number!, error: null, message: notice ? decodeURIComponent(notice) : null } };
}
const publish = (sessionId: number) => run<{ problems: string[] }>(publishPage.action, postRequest(`/base/assessments/${sessionId}/publish`, {}, { cookie: adminCookie }), { sessionId: String(sessionId) });

beforeAll(async () => {
  await syncContent(db, loadContent("content/courses").courses);
  await seedAssessmentDefaults(db);
  base = await createOrganisation(db, { type: "training_base", name: "长兴县康养职业技能培训学校", regionCode: "330522001", evaluationKind: "S", evaluatorCode: "0137", siteCode: "052201" });
  adminCookie = await cookieOf((await createUser(db, { role: "base_admin", organisationId: base.id })).id);
  districtCookie = await cookieOf((await createUser(db, { role: "district_officer", regionCode: "330522" })).id);
  wuxingCookie = await cookieOf((await createUser(db, { role: "district_officer", regionCode: "330502" })).id);
  const { session, candidates } = await scoredSession(db, base.id, [{ theory: 82, name: "龚䶮喆" }, { theory: 59 }]);
  expect((await publish(session.id)).location).toBe(`/base/assessments/${session.id}#results`);
  const issued = (await firstRow(db.select().from(certificates).where(eq(certificates.personId, candidates[0]!.person.id))))!;
  passer = { id: candidates[0]!.id, cookie: await cookieOf(candidates[0]!.id), number: issued.number, idNumber: candidates[0]!.person.idNumber };
  failer = { id: candidates[1]!.id, cookie: await cookieOf(candidates[1]!.id) };
});

describe("issuing on publication", () => {
  it("gives the candidate who passed a certificate numbered in the national shape, and the one who failed none", async () => {
    // S (social evaluation body) + evaluator 0137 + province 33 + site 052201 + year + level 5 + serial 000001.
    expect(passer.number).toBe(`S013733052201${year}5000001`);
    const passerPage = await run<{ certificates: Array<{ number: string; status: string; document: string }> }>(mine.loader, getRequest("/certificates", { cookie: passer.cookie }));
    expect(passerPage.data!.certificates).toMatchObject([{ number: passer.number, status: "valid", document: "职业技能等级证书" }]);
    const failerPage = await run<{ certificates: unknown[] }>(mine.loader, getRequest("/certificates", { cookie: failer.cookie }));
    expect(failerPage.data!.certificates).toEqual([]);
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.event, "certificates.issued"), eq(auditLog.relatedUserId, passer.id)));
    expect(audit).toHaveLength(1);
  });

  it("issues nothing more when asked again, and never to someone who did not pass", async () => {
    const sessionId = (await firstRow(db.select({ sessionId: applications.sessionId }).from(applications).where(eq(applications.userId, failer.id))))!.sessionId;
    expect(await db.transaction(async (tx) => issueSessionCertificates(tx, sessionId, new Date(), { userId: null }))).toBe(0);
    const failerPerson = (await firstRow(db.select().from(applications).where(eq(applications.userId, failer.id))))!;
    expect(await db.select().from(certificates).where(eq(certificates.applicationId, failerPerson.id))).toEqual([]);
    // Not even by asking for a file under another holder's number.
    expect((await run(myPdf.loader, getRequest(`/certificates/${passer.number}/certificate.pdf`, { cookie: failer.cookie }), { number: passer.number })).status).toBe(404);
  });

  it("numbers serials without repeats or gaps when two processes publish at the same moment", async () => {
    const other = await createOrganisation(db, { type: "training_base", regionCode: "330522001", evaluationKind: "Y", evaluatorCode: "0420", siteCode: "052299" });
    const sessions = [];
    for (let i = 0; i < 10; i++) sessions.push((await scoredSession(db, other.id, [{ theory: 90 }, { theory: 75 }, { theory: 40 }, { theory: 66 }, { theory: 61 }])).session.id);
    const startAt = String(Date.now() + 2500);
    const script = path.resolve("tests/setup/publish-sessions.ts");
    // This file's own database (SQLite file or PostgreSQL database), named by the environment the children inherit.
    await Promise.all([sessions.slice(0, 5), sessions.slice(5)].map((ids) => promisify(execFile)(process.execPath, ["--import", "tsx", script, startAt, ...ids.map(String)], { env: childEnv(databaseFromEnv()) })));
    const numbers = (await db
      .select({ number: certificates.number })
      .from(certificates)
      .innerJoin(applications, eq(applications.id, certificates.applicationId))
      .where(inArray(applications.sessionId, sessions)))
      .map((c) => c.number)
      .sort();
    // Four of the five candidates pass in each of the ten sessions.
    expect(numbers).toHaveLength(40);
    expect(numbers.every((n) => n.startsWith(`Y042033052299${year}5`) && n.length === 22)).toBe(true);
    expect(numbers.map((n) => Number(n.slice(-6)))).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  }, 60_000);

  it("feeds the applicant's certificates into eligibility, valid or not on the day", async () => {
    const facts = await applicantFacts(db, passer.id, { workYears: 0, apprenticeshipCompleted: false, schooling: [] }, "2030-01-01");
    expect(facts.certificates).toEqual([{ occupation: "elderly_caregiver", level: 5, issuedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), valid: true }]);
    const before = await applicantFacts(db, passer.id, { workYears: 0, apprenticeshipCompleted: false, schooling: [] }, "2000-01-01");
    expect(before.certificates[0]!.valid).toBe(false);
  });
});

describe("the family-caregiver course", () => {
  it("ends in a 培训合格证明 with its own number series, not a skill-level certificate", async () => {
    const trainee = await createUser(db, { role: "trainee", name: "钱桂芳" });
    expect(await completeCourse(db, trainee.id, "family-caregiver", 16 * 45)).toBe(true);
    const issued = await db.select().from(certificates).where(eq(certificates.personId, trainee.person.id));
    expect(issued).toMatchObject([{ kind: "training_completion", level: null, occupation: "family_caregiver", source: "issued" }]);
    expect(issued[0]!.number).toMatch(/^PX\d{4}\d{8}$/);
    const pdf = readCertificatePdf(await holderPdf(issued[0]!.number, await cookieOf(trainee.id)));
    expect(pdf.text).toContain("培训合格证明");
    expect(pdf.text).toContain("不是职业技能等级证书");
    expect(pdf.text).toContain("16 学时");
    expect(pdf.text).not.toContain("职业技能等级证书\n");
    const check = (await publicApi(issued[0]!.number)).body!;
    expect(JSON.parse(check)).toMatchObject({ status: "valid", document: "培训合格证明", level: null, holderName: "钱*芳" });
  });
});

describe("the PDF", () => {
  it("is one A4 page whose text holds every field, with the rare characters of the holder's name", async () => {
    const pdf = await holderPdf(passer.number, passer.cookie);
    const document = readCertificatePdf(pdf);
    expect(document.pages).toBe(1);
    const size = (await import("mupdf")).Document.openDocument(pdf, "application/pdf").loadPage(0).getBounds();
    expect([Math.round(size[2] - size[0]), Math.round(size[3] - size[1])]).toEqual([595, 842]);
    const issuedOn = (await firstRow(db.select().from(certificates).where(eq(certificates.number, passer.number))))!.issuedOn;
    const [y, m, d] = issuedOn.split("-").map(Number);
    for (const field of ["职业技能等级证书", "龚䶮喆", "居民身份证", passer.idNumber, "养老护理员", "--", "五级/初级工", passer.number, base.name, `${y}年${m}月${d}日`, `${publicUrl}/verify`, "技能人才评价证书全国联网查询：http://zscx.osta.org.cn"]) {
      expect(document.text, field).toContain(field);
    }
  });

  it("carries a QR code that decodes to the certificate's verification address", async () => {
    const document = readCertificatePdf(await holderPdf(passer.number, passer.cookie));
    expect(document.qr).toBe(`${publicUrl}/verify/${passer.number}?edition=1`);
  });

  it("lets the base download it, and no other base", async () => {
    const own = await run(basePdf.loader, getRequest(`/base/certificates/${passer.number}/certificate.pdf`, { cookie: adminCookie }), { number: passer.number });
    expect(own.status).toBe(200);
    expect(own.headers.get("Content-Type")).toBe("application/pdf");
    const elsewhere = await createOrganisation(db, { type: "training_base", regionCode: "330502001" });
    const otherAdmin = await cookieOf((await createUser(db, { role: "base_admin", organisationId: elsewhere.id })).id);
    expect((await run(basePdf.loader, getRequest(`/base/certificates/${passer.number}/certificate.pdf`, { cookie: otherAdmin }), { number: passer.number })).status).toBe(404);
  });
});

describe("the signed credential", () => {
  it("is attached to the PDF, verifies with the published key, and fails once one byte changes", async () => {
    const pdf = await holderPdf(passer.number, passer.cookie);
    const [attachment] = readCertificatePdf(pdf).attachments;
    expect(attachment!.name).toBe(`${passer.number}.vc.jwt`);
    // The same credential the holder downloads alone, and the one `npm run verify` takes out of the PDF.
    const alone = (await run(myCredential.loader, getRequest(`/certificates/${passer.number}/credential.jwt`, { cookie: passer.cookie }), { number: passer.number })).body!;
    expect(attachment!.content).toBe(alone);
    expect(credentialFromFile(pdf)).toBe(alone);

    const keys = await jwks();
    expect(keys.keys).toMatchObject([{ kty: "OKP", crv: "Ed25519", alg: "EdDSA" }]);
    expect(keys.keys[0].d).toBeUndefined();
    const check = await verifyCredential(alone, keys);
    expect(check.ok).toBe(true);
    const credential = (check as { credential: CertificateCredential }).credential;
    expect(credential["@context"]).toEqual(["https://www.w3.org/ns/credentials/v2", `${publicUrl}/credentials/v1`]);
    expect(credential.credentialSubject.certificate).toMatchObject({ number: passer.number, level: "五级/初级工", occupation: "养老护理员" });
    expect(credential.credentialStatus).toMatchObject({ type: "BitstringStatusListEntry", statusPurpose: "revocation", statusListCredential: `${publicUrl}/credentials/status/revocation` });

    const [header, payload, signature] = alone.split(".");
    const i = Math.floor(payload!.length / 2);
    const altered = `${header}.${payload!.slice(0, i)}${payload![i] === "A" ? "B" : "A"}${payload!.slice(i + 1)}.${signature}`;
    expect(await verifyCredential(altered, keys)).toEqual({ ok: false, reason: "签名无效：凭证内容已被改动或并非本平台签发" });
  });

  it("defines every term it uses in the context document we serve, and carries the ID number only as a salted hash", async () => {
    const jwt = (await run(myCredential.loader, getRequest(`/certificates/${passer.number}/credential.jwt`, { cookie: passer.cookie }), { number: passer.number })).body!;
    const payload = JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString()) as CertificateCredential;
    expect(JSON.stringify(payload)).not.toContain(passer.idNumber);
    expect(JSON.stringify(payload)).not.toContain(passer.idNumber.slice(6, 14));

    const served = contextRoute.loader();
    expect(served.headers.get("Content-Type")).toBe("application/ld+json");
    const terms = (JSON.parse(await served.text()) as { "@context": Record<string, unknown> })["@context"];
    expect(payload["@context"]).toEqual([VC_CONTEXT, `${publicUrl}/credentials/v1`]);
    // id, type and name are the VC 2.0 context's own terms; every other key must be ours.
    const keysOf = (o: object): string[] => Object.entries(o).flatMap(([k, v]) => [k, ...(v && typeof v === "object" && !Array.isArray(v) ? keysOf(v) : [])]);
    for (const key of keysOf(payload.credentialSubject)) expect(["id", "type", "name"].includes(key) || key in terms, key).toBe(true);
    for (const type of [...payload.type.filter((t) => t !== "VerifiableCredential"), payload.credentialSubject.type]) expect(terms, type).toHaveProperty(type);

    const subject = payload.credentialSubject;
    expect(subject.identitySalt).toMatch(/^[0-9a-f]{32}$/);
    expect(subject.identityHash).toBe(createHash("sha256").update(`${subject.identitySalt}${passer.idNumber}`).digest("hex"));
    expect(identityMatches(payload, passer.idNumber.toLowerCase())).toBe(true);
    expect(identityMatches(payload, `${passer.idNumber.slice(0, 17)}${passer.idNumber.endsWith("0") ? "1" : "0"}`)).toBe(false);
  });

  it("shows revoked in the status list after revocation, and a reinstatement issues a new credential", async () => {
    const { number } = (await scoredSessionPasser("冯淑珍"))!;
    const holder = (await firstRow(db.select().from(certificates).where(eq(certificates.number, number))))!;
    const cookie = await cookieOf((await firstRow(db.select({ userId: applications.userId }).from(applications).where(eq(applications.id, holder.applicationId!))))!.userId);
    const keys = await jwks();
    const first = (await verifyCredential(credentialFromFile(await holderPdf(number, cookie))!, keys)) as { credential: CertificateCredential };
    expect(await credentialRevoked(first.credential, await statusList(), keys)).toBe(false);

    expect((await officer(districtCookie, { intent: "revoke", number, reason: "伪造工作年限材料" })).data!.message).toContain("已吊销");
    expect(await credentialRevoked(first.credential, await statusList(), keys)).toBe(true);

    expect((await officer(districtCookie, { intent: "reinstate", number, reason: "复查后材料属实，撤销吊销" })).data!.message).toContain("已恢复");
    const second = (await verifyCredential(credentialFromFile(await holderPdf(number, cookie))!, keys)) as { credential: CertificateCredential };
    expect(second.credential.credentialSubject.certificate.edition).toBe(2);
    expect(await credentialRevoked(second.credential, await statusList(), keys)).toBe(false);
    // The revoked credential stays revoked: Bitstring Status List revocation is final.
    expect(await credentialRevoked(first.credential, await statusList(), keys)).toBe(true);
    expect((await db.select().from(auditLog).where(inArray(auditLog.event, ["certificates.revoked", "certificates.reinstated"]))).filter((a) => a.details?.number === number)).toHaveLength(2);
  });

  it("is checked by `npm run verify` from the PDF against a saved key set and status list", async () => {
    const dir = fs.mkdtempSync(path.join(TMP_DIR, "verify-"));
    const files = { pdf: path.join(dir, "certificate.pdf"), jwks: path.join(dir, "jwks.json"), status: path.join(dir, "status.jwt"), forged: path.join(dir, "forged.jwt") };
    fs.writeFileSync(files.pdf, await holderPdf(passer.number, passer.cookie));
    fs.writeFileSync(files.jwks, JSON.stringify(await jwks()));
    fs.writeFileSync(files.status, await statusList());
    const verify = (file: string, extra: string[] = []) =>
      promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/verify.ts", file, "--jwks", files.jwks, "--status", files.status, ...extra]).then(
        (r) => ({ code: 0, out: r.stdout }),
        (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
      );
    const jwt = credentialFromFile(fs.readFileSync(files.pdf))!;
    fs.writeFileSync(files.forged, jwt.replace(/\.[^.]+\./, (p) => `.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p.slice(1, -1), "base64url").toString()), name: "伪造" })).toString("base64url")}.`));
    const [genuine, holder, someoneElse, forged] = await Promise.all([
      verify(files.pdf),
      verify(files.pdf, ["--id-number", passer.idNumber]),
      verify(files.pdf, ["--id-number", "110101199003074477"]),
      verify(files.forged),
    ]);
    expect(genuine.code).toBe(0);
    expect(genuine.out).toContain("✓ 签名有效");
    expect(genuine.out).toContain(passer.number);
    expect(genuine.out).toContain("吊销状态：未吊销");
    expect(genuine.out).not.toContain(passer.idNumber);
    // The ID number is checked against the credential's salted hash.
    expect(holder.code).toBe(0);
    expect(holder.out).toContain("✓ 证件号码与凭证相符");
    expect(someoneElse.code).toBe(1);
    expect(someoneElse.out).toContain("✗ 证件号码与凭证不符");
    expect(forged.code).toBe(1);
    expect(forged.out).toContain("✗ 不是真实证书");
  }, 60_000);
});

/** A fresh session at the test base with one passing candidate; returns their certificate number. */
async function scoredSessionPasser(name: string) {
  const { session, candidates } = await scoredSession(db, base.id, [{ theory: 70, name }]);
  expect((await publish(session.id)).location).toBe(`/base/assessments/${session.id}#results`);
  return await firstRow(db.select({ number: certificates.number }).from(certificates).where(eq(certificates.personId, candidates[0]!.person.id)));
}

describe("public verification", () => {
  it("confirms a genuine certificate by number and name, masking the name and never showing the ID number", async () => {
    const outcome = await run<{ certificate: Record<string, unknown> }>(verifyPage.action, postRequest("/verify", { number: passer.number.toLowerCase(), name: "龚䶮喆" }, { ip: "198.51.100.3" }));
    expect(outcome.status).toBe(200);
    expect(outcome.data!.certificate).toMatchObject({ status: "valid", number: passer.number, holderName: "龚*喆", occupation: "养老护理员", level: "五级/初级工", issuer: base.name, revokedAt: null });
    expect(JSON.stringify(outcome.data)).not.toContain(passer.idNumber);
  });

  it("says nothing about a certificate when the name does not match, and not found for an unknown number", async () => {
    const wrongName = await run<{ errors: Record<string, string>; certificate: unknown }>(verifyPage.action, postRequest("/verify", { number: passer.number, name: "龚喆" }, { ip: "198.51.100.3" }));
    expect(wrongName.status).toBe(404);
    expect(wrongName.data!.certificate).toBeNull();
    expect(wrongName.data!.errors._form).toContain("未找到编号与姓名都相符的证书");
    const empty = await run<{ errors: Record<string, string> }>(verifyPage.action, postRequest("/verify", { number: " ", name: "" }, { ip: "198.51.100.3" }));
    expect(empty.data!.errors).toEqual({ number: "请输入证书编号", name: "请输入持证人姓名" });
    expect((await publicPage("S013733052201265999999")).status).toBe(404);
    const unknown = await publicApi("S013733052201265999999");
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body!)).toEqual({ error: "not_found", message: "未找到该证书" });
  });

  it("answers the same on the QR page and the API: valid, then superseded for the old edition after 补发, then revoked with its date", async () => {
    const { number } = (await scoredSessionPasser("蒋文静"))!;
    const page = await publicPage(number, "?edition=1");
    expect(page.data!.certificate).toMatchObject({ status: "valid", holderName: "蒋*静", edition: 1, currentEdition: 1 });
    const body = JSON.parse((await publicApi(number)).body!);
    expect(Object.keys(body)).toEqual(expect.arrayContaining(["status", "number", "holderName", "occupation", "level", "issuedAt", "issuer", "revokedAt"]));
    expect(body).toMatchObject({ status: "valid", number, holderName: "蒋*静", occupation: "养老护理员", level: "五级/初级工", issuer: base.name, revokedAt: null });

    const noReason = await run<{ number: string; problems: string[] }>(baseCertificates.action, postRequest("/base/certificates", { intent: "reissue", number, note: " " }, { cookie: adminCookie }));
    expect(noReason.status).toBe(400);
    expect(noReason.data).toMatchObject({ number, problems: ["请写明补发原因，如“原证书遗失”"] });
    const reissued = await run<{ problems: string[]; message: string }>(baseCertificates.action, postRequest("/base/certificates", { intent: "reissue", number, note: "原证书遗失" }, { cookie: adminCookie }));
    expect(reissued.data!.message).toContain("已补发");
    expect((await publicPage(number, "?edition=1")).data!.certificate).toMatchObject({ status: "superseded", statusName: "已作废（已补发新证书）", edition: 1, currentEdition: 2 });
    expect(JSON.parse((await publicApi(number, "?edition=1")).body!)).toMatchObject({ status: "superseded", edition: 1, currentEdition: 2 });
    expect((await publicPage(number)).data!.certificate).toMatchObject({ status: "valid", edition: 2 });
    expect((await publicPage(number, "?edition=3")).status).toBe(404);
    // The reissued PDF keeps the number and says 补发.
    const holder = (await firstRow(db.select().from(certificates).where(eq(certificates.number, number))))!;
    const cookie = await cookieOf((await firstRow(db.select({ userId: applications.userId }).from(applications).where(eq(applications.id, holder.applicationId!))))!.userId);
    const pdf = readCertificatePdf(await holderPdf(number, cookie));
    expect(pdf.text).toContain("补　发");
    expect(pdf.qr).toBe(`${publicUrl}/verify/${number}?edition=2`);

    await officer(districtCookie, { intent: "revoke", number, reason: "以欺骗手段取得证书" });
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    expect((await publicPage(number)).data!.certificate).toMatchObject({ status: "revoked", revokedAt: today });
    expect(JSON.parse((await publicApi(number, "?edition=1")).body!)).toMatchObject({ status: "revoked", revokedAt: today });
    expect((await run(myPdf.loader, getRequest(`/certificates/${number}/certificate.pdf`, { cookie }), { number })).status).toBe(410);
  });

  it("shows an external record honestly: unverified until an officer confirms it", async () => {
    const person = (await createUser(db, { role: "trainee", name: "韩翠萍" })).person;
    const external = await createCertificate(db, { personId: person.id, number: "S000133000001234000777", verifiedAt: null, source: "external" });
    expect(JSON.parse((await publicApi(external.number)).body!)).toMatchObject({ status: "unverified", source: "external", verified: false, edition: null });
    await db.update(certificates).set({ verifiedAt: new Date() }).where(eq(certificates.id, external.id));
    expect(JSON.parse((await publicApi(external.number)).body!)).toMatchObject({ status: "valid", source: "external", verified: true });
  });

  it("limits lookups per address", async () => {
    for (let i = 0; i < VERIFY_RATE.limit; i++) expect((await publicApi(passer.number, "", "203.0.113.7")).status).toBe(200);
    const refused = await publicApi(passer.number, "", "203.0.113.7");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(refused.body).toMatch(/^查询过于频繁，请 \d+ 秒后再试$/);
    expect((await publicPage(passer.number, "", "203.0.113.7")).status).toBe(429);
    expect((await publicApi(passer.number, "", "203.0.113.8")).status).toBe(200);
  });
});

describe("revocation by an officer", () => {
  it("reaches certificates of the officer's region only: issuing base or employing institution", async () => {
    const { number } = (await scoredSessionPasser("邹美华"))!;
    // 吴兴区's officer cannot see a 长兴县 base's certificate.
    expect((await officer(wuxingCookie, { intent: "revoke", number, reason: "越权尝试" })).status).toBe(404);
    const search = await run<{ found: unknown[] }>(revocations.loader, getRequest(`/region/certificates?q=${number}`, { cookie: wuxingCookie }));
    expect(search.data!.found).toEqual([]);
    // An external certificate of a worker employed in 吴兴区 is theirs, not 长兴县's.
    const person = (await createUser(db, { role: "trainee" })).person;
    const wuxingHome = await createOrganisation(db, { type: "elderly_care", regionCode: "330502001" });
    await createWorker(db, { organisationId: wuxingHome.id, personId: person.id });
    const external = await createCertificate(db, { personId: person.id, number: "S000133000001234000888" });
    expect((await officer(districtCookie, { intent: "revoke", number: external.number, reason: "越权尝试" })).status).toBe(404);
    expect((await officer(wuxingCookie, { intent: "revoke", number: external.number, reason: "证书系伪造" })).data!.message).toContain("已吊销");
    expect(JSON.parse((await publicApi(external.number)).body!)).toMatchObject({ status: "revoked" });
  });

  it("asks for a reason next to the field, refuses revoking twice, and lists the black list", async () => {
    const { number } = (await scoredSessionPasser("曹志红"))!;
    const unconfirmed = await run(revocations.action, postRequest("/region/certificates", { intent: "revoke", number, reason: "考试作弊" }, { cookie: districtCookie }));
    expect(unconfirmed.data).toMatchObject({ number, error: "请在确认框中确认后再吊销" });
    expect((await firstRow(db.select().from(certificates).where(eq(certificates.number, number))))!.revokedAt).toBeNull();
    const missing = await officer(districtCookie, { intent: "revoke", number, reason: " " });
    expect(missing.status).toBe(400);
    expect(missing.data).toMatchObject({ number, error: "请写明原因（至少 2 个字）" });
    await officer(districtCookie, { intent: "revoke", number, reason: "考试作弊" });
    expect((await officer(districtCookie, { intent: "revoke", number, reason: "考试作弊" })).data!.error).toBe("证书已处于吊销状态");
    const list = await run<{ blackList: Array<{ number: string; revoked: { reason: string } }> }>(revocations.loader, getRequest("/region/certificates", { cookie: districtCookie }));
    expect(list.data!.blackList.find((c) => c.number === number)!.revoked.reason).toBe("考试作弊");
    const edition = (await firstRow(db.select().from(certificateEditions).innerJoin(certificates, eq(certificates.id, certificateEditions.certificateId)).where(eq(certificates.number, number))))!;
    expect(edition.certificate_editions.revokedAt).not.toBeNull();
  });
});

describe("batch download", () => {
  it("builds a session's ZIP in the background with progress, one PDF per certificate", async () => {
    const { session } = await scoredSession(db, base.id, [{ theory: 88, name: "魏丽萍" }, { theory: 77, name: "苏建英" }, { theory: 30, name: "吕晓燕" }]);
    await publish(session.id);
    const started = await run(baseCertificates.action, postRequest("/base/certificates", { intent: "zip", sessionId: String(session.id) }, { cookie: adminCookie }));
    expect(started.location).toMatch(/^\/base\/certificates\/batches\/\d+$/);
    const batchId = started.location!.split("/").at(-1)!;
    type State = { batch: { status: string; done: number; total: number } };
    const poll = async () => (await run<State>(batchPage.loader, getRequest(`/base/certificates/batches/${batchId}`, { cookie: adminCookie }), { batchId })).data!;
    let state = await poll();
    for (let i = 0; i < 100 && state.batch.status !== "done"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      state = await poll();
    }
    expect(state.batch).toMatchObject({ status: "done", done: 2, total: 2 });
    const response = (await batchZip.loader({ request: getRequest(`/base/certificates/batches/${batchId}/certificates.zip`, { cookie: adminCookie }), params: { batchId }, context: { cspNonce: "" } })) as Response;
    const zip = await JSZip.loadAsync(await fetched(response));
    const names = Object.keys(zip.files).sort();
    expect(names).toHaveLength(2);
    expect(names.every((n) => /^职业技能等级证书-(魏丽萍|苏建英)-S\d{21}\.pdf$/.test(n))).toBe(true);
    const first = readCertificatePdf(Buffer.from(await zip.files[names[0]!]!.async("uint8array")));
    expect(first.text).toMatch(/魏丽萍|苏建英/);
    // Another base's admin can see neither the job nor its file.
    const elsewhere = await createOrganisation(db, { type: "training_base", regionCode: "330502001" });
    const otherAdmin = await cookieOf((await createUser(db, { role: "base_admin", organisationId: elsewhere.id })).id);
    expect((await run(batchPage.loader, getRequest(`/base/certificates/batches/${batchId}`, { cookie: otherAdmin }), { batchId })).status).toBe(404);
  });
});
