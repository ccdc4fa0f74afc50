import { eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, verificationCounters } from "../../db/schema.ts";
import { createCertificate, createPerson } from "../../seeds/factories.ts";
import { db } from "../../app/db.server.ts";
import { NAME_TRIES, NETWORK_RATE, SCAN_DISTINCT, VERIFY_RATE } from "../../app/certificates/verification.server.ts";
import * as verifyPage from "../../app/certificates/routes/verify.tsx";
import * as verifyNumber from "../../app/certificates/routes/verify-number.tsx";
import * as api from "../../app/certificates/routes/api-certificate.ts";
import { getRequest, postRequest, run } from "../setup/requests.ts";

const lookup = (number: string, ip: string) => run(api.loader, getRequest(`/api/v1/certificates/${number}`, { ip }), { number });
const confirm = (number: string, name: string, ip: string) => run<{ errors: Record<string, string>; certificate: unknown }>(verifyPage.action, postRequest("/verify", { number, name }, { ip }));
const auditOf = async (event: string) => await db.select().from(auditLog).where(eq(auditLog.event, event));

let number: string;

beforeAll(async () => {
  const person = await createPerson(db, { name: "欧阳秀兰" });
  number = (await createCertificate(db, { personId: person.id })).number;
});

describe("public verification limits", () => {
  it("counts lookups per network: many addresses of one /24 scanning hit the network limit, and it is logged", async () => {
    // Each address stays far below its own limit; together they exceed the network's.
    let refused = 0;
    for (let i = 0; i < NETWORK_RATE.limit + 5; i++) {
      const outcome = await lookup(`S000133000001235${String(900000 + i)}`, `203.0.113.${(i % 250) + 1}`);
      if (outcome.status === 429) refused++;
    }
    expect(VERIFY_RATE.limit).toBeGreaterThan(1);
    expect(refused).toBe(5);
    // Another address of the same network is refused too; another network is not.
    expect((await lookup(number, "203.0.113.254")).status).toBe(429);
    expect((await run(verifyNumber.loader, getRequest(`/verify/${number}`, { ip: "203.0.113.9" }), { number })).status).toBe(429);
    expect((await lookup(number, "198.51.100.20")).status).toBe(200);
    // The limit hit and the scan of many distinct numbers are both in the audit log, once each per window.
    expect(await auditOf("certificates.verification_limited")).toMatchObject([{ details: { network: "203.0.113.0/24", scope: "network" } }]);
    expect(await auditOf("certificates.verification_scan")).toMatchObject([{ details: { network: "203.0.113.0/24", distinctNumbers: SCAN_DISTINCT.limit + 1 } }]);
  });

  it("counts IPv6 addresses by their /64", async () => {
    for (let i = 0; i < NETWORK_RATE.limit; i++) expect((await lookup(number, `2001:db8:0:1::${(i + 1).toString(16)}`)).status).toBe(200);
    expect((await lookup(number, "2001:db8:0:1:ffff::1")).status).toBe(429);
    expect((await lookup(number, "2001:db8:0:2::1")).status).toBe(200);
  });

  it("keeps its counters in the database, where every server process sees them", async () => {
    const rows = await db.select().from(verificationCounters).where(like(verificationCounters.key, "net:%"));
    expect(rows.map((r) => r.key)).toEqual(expect.arrayContaining(["net:203.0.113.0/24", "net:2001:db8:0:1::/64"]));
  });

  it("cuts off name guesses against one number after the limit, even from different networks", async () => {
    for (let i = 0; i < NAME_TRIES.limit; i++) {
      const guess = await confirm(number, `欧阳秀${"梅兰芳英华"[i % 5]}${i}`, `192.0.${i + 10}.1`);
      expect(guess.status).toBe(404);
    }
    // The right name no longer confirms anything this hour, from wherever it comes.
    const cutOff = await confirm(number, "欧阳秀兰", "192.0.99.1");
    expect(cutOff.status).toBe(429);
    expect(cutOff.data!.certificate).toBeNull();
    expect(cutOff.data!.errors._form).toMatch(/^该证书编号的姓名核对次数已达上限，请 \d+ 分钟后再试/);
    // Looking the number up without a name still answers, masked.
    expect(JSON.parse((await lookup(number, "192.0.99.2")).body!)).toMatchObject({ status: "valid", holderName: "欧**兰" });
    expect(await auditOf("certificates.verification_name_limited")).toMatchObject([{ targetTable: "certificates", details: { number } }]);
  });

  it("does not spend a try when the name matches", async () => {
    const person = await createPerson(db, { name: "司马德胜" });
    const other = (await createCertificate(db, { personId: person.id })).number;
    for (let i = 0; i < NAME_TRIES.limit + 2; i++) expect((await confirm(other, "司马德胜", `192.0.${i + 120}.1`)).status).toBe(200);
    expect((await confirm(other, "司马德", "192.0.200.1")).status).toBe(404);
  });

  it("refuses all but the limit of name guesses sent at the same moment", async () => {
    const target = (await createCertificate(db, { personId: (await createPerson(db, { name: "司马春梅" })).id })).number;
    const guesses = await Promise.all(Array.from({ length: 20 }, (_, i) => confirm(target, `猜测${i}`, `192.0.2.${i + 1}`)));
    expect(guesses.filter((g) => g.status !== 429)).toHaveLength(NAME_TRIES.limit);
  });

  it("refuses all but the limit of lookups one address sends at the same moment", async () => {
    const outcomes = await Promise.all(Array.from({ length: VERIFY_RATE.limit + 15 }, () => lookup(number, "198.51.100.99")));
    expect(outcomes.filter((o) => o.status === 429)).toHaveLength(15);
  });
});
