import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { TEMPLATE_DB, TMP_DIR } from "./paths.ts";

// Runs before each test file's imports: the app's database module then opens this file's own copy.
const file = path.join(TMP_DIR, `test-${randomUUID()}.db`);
fs.copyFileSync(TEMPLATE_DB, file);
process.env.DATABASE_PATH = file;
process.env.NODE_ENV = "test";
