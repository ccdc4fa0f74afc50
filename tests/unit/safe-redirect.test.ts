import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "../../app/utils/http.ts";

describe("safeRedirectPath", () => {
  it.each([
    ["/account", "/account"],
    ["/courses/elderly-caregiver-5?tab=quiz#top", "/courses/elderly-caregiver-5?tab=quiz#top"],
    ["/verify/S013733052201265000001", "/verify/S013733052201265000001"],
    // Browsers drop tabs and newlines inside URLs: "/\t/evil.example" becomes "//evil.example".
    ["/\t/evil.example/phish", "/home"],
    ["/\n/evil.example/phish", "/home"],
    ["/\r\n/evil.example", "/home"],
    ["//evil.example/phish", "/home"],
    ["/\\evil.example", "/home"],
    ["/\\/evil.example", "/home"],
    ["https://evil.example/", "/home"],
    ["javascript:alert(1)", "/home"],
    ["account", "/home"],
    ["", "/home"],
    [" /account", "/home"],
    // A newline elsewhere would make the Location header invalid (a 500), so it is refused as a whole.
    ["/account\nSet-Cookie: x=1", "/home"],
    ["/account\u0000", "/home"],
    [null, "/home"],
    [undefined, "/home"],
  ])("%j → %s", (input, expected) => {
    expect(safeRedirectPath(input, "/home")).toBe(expected);
  });
});
