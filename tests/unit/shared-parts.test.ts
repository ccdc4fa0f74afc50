import { describe, expect, it } from "vitest";
import { isConfirmed } from "../../app/utils/confirm.ts";
import { redirectWithNotice, takeNotice } from "../../app/utils/notice.server.ts";
import { paged, pageWindow } from "../../app/utils/pagination.ts";

describe("pagination", () => {
  it.each([
    ["", 1, 0],
    ["?page=3", 3, 100],
    ["?page=abc", 1, 0],
  ])("%s reads page %i from offset %i, one row past the page", (query, page, offset) => {
    expect(pageWindow(new URL(`http://x/list${query}`))).toEqual({ page, pageSize: 50, limit: 51, offset });
  });

  it("knows a next page exists only when the look-ahead row came back", () => {
    const range = pageWindow(new URL("http://x/list?page=2"), 2);
    expect(paged([1, 2, 3], range)).toEqual({ rows: [1, 2], page: 2, hasNext: true, total: undefined });
    expect(paged([1, 2], range, 4)).toEqual({ rows: [1, 2], page: 2, hasNext: false, total: 4 });
  });
});

describe("one-time notice", () => {
  it("survives the redirect once, in Chinese, and is cleared when shown", () => {
    const request = new Request("http://localhost/allowances/1", { method: "POST" });
    const response = redirectWithNotice(request, "/allowances/1", "已申报 2026年11月，23 人");
    expect(response.status).toBe(302);
    const cookie = response.headers.get("Set-Cookie")!.split(";")[0]!;
    const next = takeNotice(new Request("http://localhost/allowances/1", { headers: { Cookie: cookie } }));
    expect(next.notice).toBe("已申报 2026年11月，23 人");
    expect(new Headers(next.headers).get("Set-Cookie")).toMatch(/Max-Age=0/);
    expect(takeNotice(new Request("http://localhost/")).notice).toBeNull();
  });

  it("ignores a cookie that is not valid percent-encoding", () => {
    expect(takeNotice(new Request("http://localhost/", { headers: { Cookie: "carecert_notice=%E4%ZZ" } })).notice).toBeNull();
  });
});

describe("confirmation", () => {
  it("counts only the confirming panel's field", () => {
    const confirmed = new FormData();
    confirmed.set("confirmed", "yes");
    expect(isConfirmed(confirmed)).toBe(true);
    expect(isConfirmed(new FormData())).toBe(false);
  });
});
