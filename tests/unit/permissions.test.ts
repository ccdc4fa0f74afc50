import { describe, expect, it } from "vitest";
import { homePath, resolveScope, scopeCoversOrganisation, scopeCoversRegion, type Grant } from "../../app/auth/permissions.ts";
import { roleCatalogue } from "../../app/auth/roles.ts";
import { regionContains, regionPrefix } from "../../app/regions/region-code.ts";

/** Grants as the database would return them for one role assignment. */
function grantsOf(role: keyof typeof roleCatalogue, context: { organisationId?: number; regionCode?: string } = {}): Grant[] {
  return roleCatalogue[role].permissions.map((key) => {
    const [action, entity, access] = key.split(":") as [string, string, Grant["access"]];
    return { action, entity, access, organisationId: context.organisationId ?? null, regionCode: context.regionCode ?? null };
  });
}

describe("region codes", () => {
  it("nests by significant prefix", () => {
    expect(regionPrefix("330000")).toBe("33");
    expect(regionPrefix("330500")).toBe("3305");
    expect(regionPrefix("330522")).toBe("330522");
    expect(regionPrefix("330522101")).toBe("330522101");
    expect(regionContains("330500", "330522101")).toBe(true);
    expect(regionContains("330522", "330522001")).toBe(true);
    expect(regionContains("330522", "330502")).toBe(false);
    expect(regionContains("330522", "330500")).toBe(false);
    expect(regionContains("330000", "320500")).toBe(false);
  });
});

describe("resolveScope", () => {
  const district = grantsOf("district_officer", { regionCode: "330522" });
  const city = grantsOf("city_officer", { regionCode: "330500" });
  const institution = grantsOf("institution_admin", { organisationId: 7 });
  const admin = grantsOf("system_admin");
  const trainee = grantsOf("trainee");

  it("returns null when no grant carries the permission", () => {
    expect(resolveScope(trainee, "read:organisation")).toBeNull();
    expect(resolveScope(district, "manage:user")).toBeNull();
  });

  it("limits a district officer to the district's subtree", () => {
    const scope = resolveScope(district, "read:organisation")!;
    expect(scope).toEqual({ any: false, own: false, organisationIds: [], regionCodes: ["330522"] });
    expect(scopeCoversOrganisation(scope, { id: 1, regionCode: "330522111" })).toBe(true);
    expect(scopeCoversOrganisation(scope, { id: 2, regionCode: "330502001" })).toBe(false);
    expect(scopeCoversRegion(scope, "330522001")).toBe(true);
    expect(scopeCoversRegion(scope, "330500")).toBe(false);
  });

  it("lets a city officer reach every district of the city", () => {
    const scope = resolveScope(city, "read:organisation")!;
    expect(scopeCoversOrganisation(scope, { id: 2, regionCode: "330502001" })).toBe(true);
    expect(scopeCoversOrganisation(scope, { id: 3, regionCode: "330102" })).toBe(false);
  });

  it("limits an organisation role to its organisation, whatever the region", () => {
    const scope = resolveScope(institution, "read:organisation")!;
    expect(scopeCoversOrganisation(scope, { id: 7, regionCode: "330522001" })).toBe(true);
    expect(scopeCoversOrganisation(scope, { id: 8, regionCode: "330522001" })).toBe(false);
    expect(scopeCoversRegion(scope, "330522001")).toBe(false);
  });

  it("honours an explicit access level", () => {
    expect(resolveScope(district, "read:organisation:any")).toBeNull();
    expect(resolveScope(admin, "read:organisation:any")?.any).toBe(true);
    expect(resolveScope(district, "read:organisation:org,region")).not.toBeNull();
  });

  it("unites the reach of several assignments", () => {
    const both = [...grantsOf("institution_admin", { organisationId: 7 }), ...grantsOf("institution_admin", { organisationId: 9 })];
    expect(resolveScope(both, "manage:institution")!.organisationIds).toEqual([7, 9]);
  });

  it("ignores an org or region grant whose assignment lacks its context", () => {
    expect(resolveScope(grantsOf("institution_admin"), "read:organisation")).toBeNull();
  });
});

describe("homePath", () => {
  it.each([
    ["system_admin", {}, "/admin"],
    ["city_officer", { regionCode: "330500" }, "/region"],
    ["district_officer", { regionCode: "330522" }, "/region"],
    ["base_admin", { organisationId: 1 }, "/base"],
    ["institution_admin", { organisationId: 1 }, "/institution"],
    ["examiner", { organisationId: 1 }, "/examiner"],
    ["trainee", {}, "/learn"],
  ] as const)("sends a %s to %s", (role, context, path) => {
    expect(homePath(grantsOf(role, context))).toBe(path);
  });

  it("sends a user without roles to their account", () => {
    expect(homePath([])).toBe("/account");
  });
});
