import type { Scope } from "../auth/permissions.ts";
import { organisationTypeNames, rosterOrganisationTypes } from "../organisations/organisation-types.ts";
import { listOrganisations } from "../organisations/organisations.server.ts";

/** Organisations a staff role can be attached to, for the role pickers. */
export async function organisationOptions(scope: Scope) {
  return (await listOrganisations(scope, { types: ["training_base", ...rosterOrganisationTypes] })).map((o) => ({
    id: o.id,
    name: o.name,
    typeName: organisationTypeNames[o.type],
  }));
}
