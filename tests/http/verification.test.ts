import { closeDatabase } from "../../db/client.ts";
import { afterAll, describe, expect, it } from "vitest";
import { createCertificate, createPerson } from "../../seeds/factories.ts";
import { NAME_TRIES } from "../../app/certificates/verification.server.ts";
import { post, serverDb } from "./client.ts";

const db = serverDb();
afterAll(() => closeDatabase(db));

describe("name confirmation against the running server", () => {
  it("lets exactly the limit of concurrent wrong-name guesses through, then refuses even the right name", async () => {
    // A birth date of its own keeps the ID number apart from people other test files add to the shared server database.
    const person = await createPerson(db, { name: "上官婉清", birthDate: "1968-03-21" });
    const { number } = await createCertificate(db, { personId: person.id });
    const guesses = await Promise.all(Array.from({ length: NAME_TRIES.limit + 7 }, (_, i) => post("/verify", { number, name: `上官婉${i}` })));
    const statuses = guesses.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array<number>(NAME_TRIES.limit).fill(404), ...Array<number>(7).fill(429)]);
    expect((await post("/verify", { number, name: "上官婉清" })).status).toBe(429);
  });
});
