import { describe, expect, it } from "vitest";
import { guidanceFor, guidancePosition, MIN_CELL_COUNT, percentile, regionWageTable, summarise, wageCells, type GuidanceFact, type WageFact } from "../../app/wages/wage-stats.ts";

// Amounts in fen: 450000 is ¥4,500.00.
describe("percentile (linear between closest ranks, PERCENTILE.INC)", () => {
  it.each([
    { case: "empty", values: [], p25: null, median: null, p75: null },
    { case: "one value is every percentile", values: [500000], p25: 500000, median: 500000, p75: 500000 },
    // n = 5: ranks (n−1)·p = 1, 2, 3 fall on values.
    { case: "odd count", values: [300000, 400000, 500000, 600000, 900000], p25: 400000, median: 500000, p75: 600000 },
    // n = 4: ranks 0.75, 1.5, 2.25 → 300000 + 0.75·100000; 400000 + 0.5·100000; 500000 + 0.25·200000.
    { case: "even count", values: [300000, 400000, 500000, 700000], p25: 375000, median: 450000, p75: 550000 },
    // n = 2: 100001.25 rounds down, 100001.5 rounds half up, 100001.75 up.
    { case: "rounded to the fen", values: [100001, 100002], p25: 100001, median: 100002, p75: 100002 },
  ])("$case", ({ values, p25, median, p75 }) => {
    expect([percentile(values, 0.25), percentile(values, 0.5), percentile(values, 0.75)]).toEqual([p25, median, p75]);
  });

  it("sorts before it summarises", () => {
    expect(summarise([700000, 300000, 500000, 400000])).toEqual({ count: 4, p25: 375000, median: 450000, p75: 550000 });
  });
});

const fact = (regionCode: string, level: WageFact["level"], wageFen: number, occupation: WageFact["occupation"] = "elderly_caregiver"): WageFact => ({ regionCode, occupation, level, wageFen });

describe("cells by occupation and level", () => {
  it("groups by occupation and level, 无证 after the levels, and hides cells under three workers", () => {
    expect(MIN_CELL_COUNT).toBe(3);
    const cells = wageCells([
      fact("330522001", null, 380000),
      fact("330522001", 4, 520000),
      fact("330522001", 4, 480000),
      fact("330522001", 4, 500000),
      fact("330522001", null, 360000),
      fact("330502001", 5, 450000, "childcare_worker"),
    ]);
    expect(cells).toEqual([
      { occupation: "elderly_caregiver", level: 4, hidden: false, count: 3, p25: 490000, median: 500000, p75: 510000 },
      { occupation: "elderly_caregiver", level: null, hidden: true, count: 2, p25: null, median: null, p75: null },
      { occupation: "childcare_worker", level: 5, hidden: true, count: 1, p25: null, median: null, p75: null },
    ]);
  });

  it("has no cells without wages", () => {
    expect(wageCells([])).toEqual([]);
  });

  it("counts each wage in the region and in the child region that holds it", () => {
    const facts = [fact("330522001", 5, 400000), fact("330522101", 5, 420000), fact("330522", 5, 440000), fact("330502001", 5, 460000), fact("320500001", 5, 999900)];
    const table = regionWageTable(facts, { code: "330500", name: "湖州市" }, [
      { code: "330502", name: "吴兴区" },
      { code: "330522", name: "长兴县" },
    ]);
    expect(table.root).toMatchObject({ count: 4, cells: [{ level: 5, count: 4, p25: 415000, median: 430000, p75: 445000 }] });
    expect(table.children.map((c) => [c.name, c.count, c.cells[0]?.median ?? null, c.cells[0]?.hidden])).toEqual([
      ["吴兴区", 1, null, true],
      ["长兴县", 3, 420000, false],
    ]);
  });
});

describe("guidance", () => {
  const g = (regionCode: string, level: number, medianFen: number, year = 2026): GuidanceFact => ({ regionCode, year, occupation: "elderly_caregiver", level, lowFen: medianFen - 100000, medianFen, highFen: medianFen + 150000 });
  const rows = [g("330500", 4, 500000), g("330500", 0, 380000), g("330522", 4, 480000), g("330500", 4, 470000, 2025)];

  it("takes the region's own figure, else the nearest ancestor's, for the year and level (无证 = level 0)", () => {
    expect(guidanceFor(rows, ["330522", "330500", "330000"], 2026, "elderly_caregiver", 4)?.medianFen).toBe(480000);
    expect(guidanceFor(rows, ["330502", "330500", "330000"], 2026, "elderly_caregiver", 4)?.medianFen).toBe(500000);
    expect(guidanceFor(rows, ["330502", "330500"], 2026, "elderly_caregiver", null)?.medianFen).toBe(380000);
    expect(guidanceFor(rows, ["330502", "330500"], 2025, "elderly_caregiver", 4)?.medianFen).toBe(470000);
    expect(guidanceFor(rows, ["330502", "330500"], 2024, "elderly_caregiver", 4)).toBeNull();
    expect(guidanceFor(rows, ["330502", "330500"], 2026, "childcare_worker", 4)).toBeNull();
  });

  it.each([
    [399999, "below_low"],
    [400000, "below_median"],
    [499999, "below_median"],
    [500000, "at_median"],
    [500001, "above_median"],
    [650000, "above_median"],
    [650001, "above_high"],
  ] as const)("a median of %i fen is %s against 400000 / 500000 / 650000", (median, position) => {
    expect(guidancePosition(median, { lowFen: 400000, medianFen: 500000, highFen: 650000 })).toBe(position);
  });
});
