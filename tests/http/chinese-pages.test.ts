import { describe, expect, it } from "vitest";
import { get, loginAs, post } from "./client.ts";

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

/** What the page shows: the router's hydration data carries its own English note, which is never displayed. */
const shown = (html: string) => /<main[^>]*>([\s\S]*?)<\/main>/.exec(html)?.[1] ?? "";

describe("error pages", () => {
  it("an unknown address answers a Chinese 404 page, not the router's English message", async () => {
    for (const cookie of [undefined, await loginAs("trainee")]) {
      const response = await get("/no-such-page/at-all", cookie);
      expect(response.status).toBe(404);
      const html = shown(await response.text());
      expect(html).toContain("页面不存在");
      expect(html).not.toMatch(/No route matches|Error:/);
    }
  });

  it("a POST to a page without a form answers in Chinese", async () => {
    const response = await post("/courses", {}, { cookie: await loginAs("trainee") });
    const html = shown(await response.text());
    expect(response.status).toBe(405);
    expect(html).toContain("不支持此操作");
    expect(html).not.toMatch(/did not provide an `action`|Error:/);
  });
});
