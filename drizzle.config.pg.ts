import { defineConfig } from "drizzle-kit";

// PostgreSQL (issue #16): the tables db/schema.pg.ts builds from db/schema.sqlite.ts. `npm run db:generate` runs this
// and drizzle.config.ts together, so the two engines' migrations never drift apart (tests/unit/schema-drift.test.ts).
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.pg-tables.ts",
  out: "./db/migrations-pg",
});
