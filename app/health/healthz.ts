import { sqliteConnectionOf } from "../../db/client.ts";
import { appliedMigrationCount } from "../../db/migrate.ts";
import sqliteJournal from "../../db/migrations/meta/_journal.json";
import postgresJournal from "../../db/migrations-pg/meta/_journal.json";
import { db } from "../db.server.ts";

/** Public liveness and readiness: the database answers and every committed migration is applied. */
export async function loader() {
  const expected = (sqliteConnectionOf(db) ? sqliteJournal : postgresJournal).entries.length;
  try {
    const applied = await appliedMigrationCount(db);
    if (applied < expected) return Response.json({ status: "error", reason: "migrations pending", applied, expected }, { status: 503 });
    return Response.json({ status: "ok", database: "ok", migrations: applied });
  } catch {
    return Response.json({ status: "error", reason: "database unreachable" }, { status: 503 });
  }
}
