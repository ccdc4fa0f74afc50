import { firstRow } from "../../db/query.ts";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { syncReferenceData } from "../../seeds/reference.ts";
import { regions } from "../../db/schema.ts";
import { createOrganisation, makeCreditCode } from "../../seeds/factories.ts";
import { db } from "../../app/db.server.ts";
import { listOrganisations, saveOrganisation } from "../../app/organisations/organisations.server.ts";
import { childRegionsWithCounts, getRegion, regionPath } from "../../app/regions/regions.server.ts";
import { savePolicyVersion } from "../../app/allowances/policies.server.ts";
import { HUZHOU_POST_ALLOWANCE } from "../../app/allowances/policy-defaults.ts";

const everything = { any: true, own: false, organisationIds: [], regionCodes: [] };
const home = (regionCode: string, name = "杭州市下城区某养老院") =>
  ({ type: "elderly_care", name, creditCode: makeCreditCode({ regionCode, serial: 4711 }), regionCode, beds: 80, nursingBeds: 50, evaluationKind: null, evaluatorCode: null, siteCode: null }) as const;

describe("retired GB/T 2260 codes", () => {
  it("keep the records that hold them, shown as 已撤销 wherever the region's name is shown", async () => {
    const old = await createOrganisation(db, { type: "elderly_care", name: "下城区老年公寓", regionCode: "330103" });
    expect(await listOrganisations(everything, { regionCode: "330103" })).toMatchObject([{ id: old.id, regionCode: "330103", regionName: "下城区（已撤销）" }]);
    expect((await getRegion("330103"))!.name).toBe("下城区（已撤销）");
    expect((await regionPath("330103")).map((r) => r.name)).toEqual(["浙江省", "杭州市", "下城区（已撤销）"]);
    // Editing the organisation without moving it keeps its code.
    expect(await saveOrganisation({ ...home("330103", "下城区老年公寓（更名）"), creditCode: old.creditCode }, { userId: null }, old.id)).toMatchObject({ ok: true });
  });

  it("are not offered for new records or in the region browser", async () => {
    expect(await saveOrganisation(home("330104"), { userId: null })).toEqual({ ok: false, problems: [{ field: "regionCode", message: "该行政区划代码已撤销，请使用现行代码" }] });
    expect(await saveOrganisation(home("330371"), { userId: null })).toMatchObject({ ok: false, problems: [{ field: "regionCode" }] });
    expect(await saveOrganisation(home("330113", "临平区某养老院"), { userId: null })).toMatchObject({ ok: true });
    const policy = await savePolicyVersion(db, { ...HUZHOU_POST_ALLOWANCE, regionCode: "330104" }, HUZHOU_POST_ALLOWANCE, { userId: null });
    expect(policy).toMatchObject({ ok: false, field: "regionCode", message: "该行政区划代码已撤销，请使用现行代码" });
    const hangzhou = await childRegionsWithCounts("330100");
    expect(hangzhou.map((r) => r.name)).toEqual(expect.arrayContaining(["临平区", "钱塘区", "下城区（已撤销）"]));
    expect(hangzhou.map((r) => r.code)).not.toContain("330104");
    expect((await childRegionsWithCounts("330300")).map((r) => r.code)).not.toContain("330371");
  });

  it("are marked by the start-up sync of a database synced before, and a code the source drops is retired, not deleted", async () => {
    await db.update(regions).set({ retired: null });
    await db.insert(regions).values({ code: "330199", name: "旧设区", level: "district", parentCode: "330100" });
    const old = await createOrganisation(db, { type: "elderly_care", name: "旧设区养老院", regionCode: "330199" });
    await syncReferenceData(db);
    const held = async (code: string) => await firstRow(db.select().from(regions).where(eq(regions.code, code)));
    expect((await held("330103"))!.retired).toContain("撤销");
    expect((await held("330371"))!.retired).toContain("统计用区划代码");
    expect(await held("330199")).toMatchObject({ name: "旧设区", retired: "现行 GB/T 2260 已不含此代码" });
    expect(await listOrganisations(everything, { regionCode: "330199" })).toMatchObject([{ id: old.id, regionName: "旧设区（已撤销）" }]);
    expect((await held("330113"))!.retired).toBeNull();
  });
});
