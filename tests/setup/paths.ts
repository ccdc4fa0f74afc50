import path from "node:path";

export const TMP_DIR = path.resolve(".tmp/vitest");
/** A migrated database with reference data, copied for every test file so each starts fresh. */
export const TEMPLATE_DB = path.join(TMP_DIR, "template.db");
