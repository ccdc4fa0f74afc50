import { credentialsContext } from "../../../certificates/credential.server.ts";
import { getConfig } from "../../config.server.ts";

/** GET /credentials/v1 — the JSON-LD context our credentials list after the VC 2.0 one (public, stable). */
export function loader() {
  return new Response(JSON.stringify(credentialsContext(getConfig().publicUrl), null, 2), {
    headers: { "Content-Type": "application/ld+json", "Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=86400" },
  });
}
