import { publishedKeys } from "../../../certificates/keys.server.ts";
import { db } from "../../db.server.ts";

/** The public keys credentials are signed with, every one ever used. */
export async function loader() {
  return new Response(JSON.stringify(await publishedKeys(db)), {
    headers: { "Content-Type": "application/jwk-set+json", "Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=300" },
  });
}
