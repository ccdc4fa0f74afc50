import { describe, expect, it } from "vitest";
import { maskHolderName } from "../../certificates/mask.ts";
import { certificateNumberPrefix, completionCertificateNumber, completionNumberStem, normaliseCertificateNumber, skillCertificateNumber, skillNumberStem } from "../../certificates/number.ts";
import { countLookup, networkOf, type RateWindow } from "../../certificates/rate-limit.ts";
import { encodeStatusList, MIN_STATUS_LIST_ENTRIES, statusListBit } from "../../certificates/status-list.ts";
import { verificationStatus } from "../../certificates/verification.ts";
import zlib from "node:zlib";

describe("certificate numbers (domain §6)", () => {
  const prefix = certificateNumberPrefix({ evaluationKind: "S", evaluatorCode: "0137", provinceCode: "33", siteCode: "052201" });

  it("puts letter, evaluator, province, site, year, level and serial in the national shape", () => {
    const number = skillCertificateNumber(skillNumberStem(prefix, "2026-07-10", 3), 42);
    expect(number).toBe("S013733052201263000042");
    expect(number).toHaveLength(22);
    expect(number).toMatch(/^[YS]\d{21}$/);
    expect(skillCertificateNumber(skillNumberStem(certificateNumberPrefix({ evaluationKind: "Y", evaluatorCode: "0001", provinceCode: "11", siteCode: "000001" }), "2030-01-01", 1), 1)).toBe("Y000111000001301000001");
  });

  it.each([
    [0, "serial out of range: 0"],
    [1_000_000, "serial out of range: 1000000"],
    [1.5, "serial out of range: 1.5"],
  ])("refuses serial %s", (serial, message) => {
    expect(() => skillCertificateNumber(skillNumberStem(prefix, "2026-01-01", 5), serial)).toThrow(message);
  });

  it("accepts the first and last serial of a stem", () => {
    expect(skillCertificateNumber("S013733052201265", 1).endsWith("000001")).toBe(true);
    expect(skillCertificateNumber("S013733052201265", 999_999).endsWith("999999")).toBe(true);
  });

  it.each([0, 6, 2.5])("refuses level %s", (level) => {
    expect(() => skillNumberStem(prefix, "2026-01-01", level)).toThrow("invalid level");
  });

  it("refuses a body prefix that is not one letter and twelve digits", () => {
    expect(() => skillNumberStem("X013733052201", "2026-01-01", 5)).toThrow("invalid evaluation body prefix");
    expect(() => skillNumberStem("S01373305220", "2026-01-01", 5)).toThrow("invalid evaluation body prefix");
  });

  it("gives training completions their own series that no skill number can match", () => {
    const number = completionCertificateNumber(completionNumberStem("2026-12-01"), 7);
    expect(number).toBe("PX202600000007");
    expect(number).not.toMatch(/^[YS]\d{21}$/);
  });

  it("tidies what a visitor types", () => {
    expect(normaliseCertificateNumber(" s0137 3305 2201 265000001 ")).toBe("S013733052201265000001");
  });
});

describe("masked holder names (张*三 style)", () => {
  it.each([
    ["张三", "张*"],
    ["李秀英", "李*英"],
    ["欧阳娜娜", "欧**娜"],
    ["阿依古丽·买买提", "阿***·**提"],
    ["王", "王"],
    ["", ""],
    // A character outside the BMP counts as one.
    ["𠇔明", "𠇔*"],
  ])("%s → %s", (name, masked) => {
    expect(maskHolderName(name)).toBe(masked);
  });
});

describe("Bitstring Status List", () => {
  it("sets bit i counted from the most significant bit of the first byte", () => {
    const list = encodeStatusList([0, 9, 131_071]);
    const bytes = zlib.gunzipSync(Buffer.from(list.slice(1), "base64url"));
    expect(list.startsWith("u")).toBe(true);
    expect(bytes.length * 8).toBe(MIN_STATUS_LIST_ENTRIES);
    expect(bytes[0]).toBe(0b1000_0000);
    expect(bytes[1]).toBe(0b0100_0000);
    expect(bytes[bytes.length - 1]).toBe(1);
    expect([0, 1, 8, 9, 10, 131_070, 131_071].map((i) => statusListBit(list, i))).toEqual([true, false, false, true, false, false, true]);
  });

  it("grows beyond the minimum when an index needs it, and reads unset beyond the end", () => {
    const list = encodeStatusList([200_000]);
    expect(statusListBit(list, 200_000)).toBe(true);
    expect(statusListBit(list, 199_999)).toBe(false);
    expect(statusListBit(encodeStatusList([]), 500_000)).toBe(false);
  });
});

describe("verification status", () => {
  const at = new Date("2026-08-01T00:00:00Z");
  it.each([
    [{ source: "issued", verifiedAt: at, revokedAt: null }, null, "valid"],
    [{ source: "issued", verifiedAt: at, revokedAt: at }, { supersededAt: null }, "revoked"],
    // Revocation wins over an old edition: a black-listed certificate shows as revoked on every edition.
    [{ source: "issued", verifiedAt: at, revokedAt: at }, { supersededAt: at }, "revoked"],
    [{ source: "issued", verifiedAt: at, revokedAt: null }, { supersededAt: at }, "superseded"],
    [{ source: "external", verifiedAt: null, revokedAt: null }, null, "unverified"],
    [{ source: "external", verifiedAt: at, revokedAt: null }, null, "valid"],
    [{ source: "external", verifiedAt: null, revokedAt: at }, null, "revoked"],
  ] as const)("%o with edition %o is %s", (certificate, edition, status) => {
    expect(verificationStatus(certificate, edition)).toBe(status);
  });
});

describe("verification rate limit", () => {
  const rule = { limit: 3, windowMs: 60_000 };
  it("allows the limit within a window, refuses the next with the seconds left, and starts afresh after the window", () => {
    let window: RateWindow | undefined;
    const results = [0, 1_000, 2_000, 30_000].map((t) => {
      const step = countLookup(window, t, rule);
      window = step.window;
      return [step.allowed, step.retryAfterSeconds];
    });
    expect(results).toEqual([
      [true, 0],
      [true, 0],
      [true, 0],
      [false, 30],
    ]);
    expect(countLookup(window, 59_999, rule).allowed).toBe(false);
    expect(countLookup(window, 60_000, rule)).toEqual({ window: { startedAt: 60_000, count: 1 }, allowed: true, retryAfterSeconds: 0 });
  });
});

describe("the network an address is counted in", () => {
  it.each([
    ["203.0.113.7", "203.0.113.0/24"],
    ["::ffff:203.0.113.200", "203.0.113.0/24"],
    ["2001:db8:0:1::9", "2001:db8:0:1::/64"],
    ["2001:0db8:0000:0001:ffff:0:0:1", "2001:db8:0:1::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
    ["fe80::1", "fe80:0:0:0::/64"],
    ["unknown", "unknown"],
  ])("%s → %s", (address, network) => {
    expect(networkOf(address)).toBe(network);
  });
});
