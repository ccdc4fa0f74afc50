import { afterAll } from "vitest";
import { createDatabase, databaseEnv, dropDatabase, testEngine } from "./test-database.ts";

// Runs before each test file's imports: the app's database module then opens this file's own copy of the template
// (SQLite: a file; PostgreSQL: a database on the suite's server, which replaces DATABASE_URL in this process).
const database = await createDatabase();
Object.assign(process.env, databaseEnv(database));
process.env.NODE_ENV = "test";

if (testEngine() === "postgres") {
  afterAll(async () => {
    // The app's pool first, so dropping the database does not cut connections it still holds.
    try {
      const { db } = await import("../../app/db.server.ts");
      const { closeDatabase } = await import("../../db/client.ts");
      await closeDatabase(db);
    } catch {
      // A file whose settings the app refuses never had a pool.
    }
    await dropDatabase(database);
  });
}
