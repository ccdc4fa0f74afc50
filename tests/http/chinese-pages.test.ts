import { describe, expect, it } from "vitest";
import { get, loginAs } from "./client.ts";

describe("long Chinese pages", () => {
  it("stream without NUL or replacement characters where a character straddles two chunks", async () => {
    const cookie = await loginAs("trainee");
    const catalogue = await (await get("/courses", cookie)).text();
    const courseLinks = [...new Set([...catalogue.matchAll(/href="(\/courses\/[\w-]+)"/g)].map((m) => m[1]!))];
    expect(courseLinks.length).toBeGreaterThan(0);
    const pages = [...courseLinks];
    for (const course of courseLinks) {
      const html = await (await get(course, cookie)).text();
      pages.push(...new Set([...html.matchAll(/href="(\/courses\/[\w-]+\/lessons\/[\w-]+)"/g)].map((m) => m[1]!)));
    }
    expect(pages.length).toBeGreaterThan(20);
    let bytes = 0;
    for (const page of pages) {
      const response = await get(page, cookie);
      expect(response.status, page).toBe(200);
      const body = new Uint8Array(await response.arrayBuffer());
      bytes += body.length;
      expect(body.indexOf(0), `${page} carries a NUL byte`).toBe(-1);
      expect(new TextDecoder("utf-8", { fatal: true }).decode(body), page).not.toContain("\uFFFD");
    }
    expect(bytes).toBeGreaterThan(200_000);
  });
});
