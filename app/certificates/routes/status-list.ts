import { VC_MEDIA_TYPE } from "../../../certificates/credential.server.ts";
import { db } from "../../db.server.ts";
import { statusListJwt } from "../documents.server.ts";

/** The Bitstring Status List credential: revoked and superseded editions, current at every request. */
export async function loader() {
  return new Response(await statusListJwt(db), {
    headers: { "Content-Type": VC_MEDIA_TYPE, "Access-Control-Allow-Origin": "*", "Cache-Control": "no-cache" },
  });
}
