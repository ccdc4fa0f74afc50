import path from "node:path";
import { contentRoot, examPoolRoot } from "../../app/learning/content/content-root.ts";
import { formatProblem, loadContent } from "../../app/learning/content/load-content.ts";
import { syncContent } from "../../app/learning/content/sync-content.ts";
import { seedAssessmentDefaults } from "../../app/assessment/assessment-defaults.server.ts";
import { loadSigningKey } from "../../certificates/keys.server.ts";
import { closeDatabase, openDatabase } from "../../db/client.ts";
import { applyMigrations } from "../../db/migrate.ts";
import { syncReferenceData } from "../../seeds/reference.ts";
import { seedDemo } from "../../seeds/seed-demo.ts";

/**
 * `node --import tsx tests/setup/demo-sqlite.ts <file>`: builds the demo database on SQLite as `npm start` does
 * (server/start.ts prepareDatabase: migrations, reference data, course content, assessment defaults, the demo, the
 * signing key beside the file). Started as a child process without DATABASE_URL by tests that need a SQLite demo
 * while their own process runs on PostgreSQL (tests/postgres/db-copy.test.ts).
 */
if (process.env.DATABASE_URL) throw new Error("tests/setup/demo-sqlite.ts builds a SQLite database: start it without DATABASE_URL");
const file = process.argv[2];
if (!file) throw new Error("usage: tests/setup/demo-sqlite.ts <file.db>");

const db = openDatabase(file);
await applyMigrations(db);
await syncReferenceData(db);
const content = loadContent(contentRoot(), examPoolRoot());
if (content.problems.length > 0) throw new Error(content.problems.map(formatProblem).join("\n"));
await syncContent(db, content.courses);
await seedAssessmentDefaults(db);
const demo = await seedDemo(db);
if (!demo.created) throw new Error(`${file} already holds data`);
await loadSigningKey(db, { signingKeyPath: path.join(path.dirname(path.resolve(file)), "signing-key.json"), signingKey: null });
db.$sqlite.pragma("wal_checkpoint(TRUNCATE)");
await closeDatabase(db);
