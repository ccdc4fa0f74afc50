import type { z } from "../utils/zod.ts";
import { sqliteConnectionOf, type Db, type DbOrTx } from "../../db/client.ts";
import { ImportFileError } from "./file-limits.ts";
import { fileRows, validateRows, type ImportProblem } from "./read-table.server.ts";
import type { UploadedFile } from "./upload-limit.ts";
import v8 from "node:v8";

// Validating 100,000 rows allocates millions of short-lived objects; V8's allocation-site pretenuring moves them to old
// space, where they pile up until a major GC. Without it the validation peaks about 55 MB lower (README, Imports).
v8.setFlagsFromString("--no-allocation-site-pretenuring");

export type ImportOutcome = { ok: true; message: string; lockMs: number } | { ok: false; problems: ImportProblem[] };

/** Thrown inside `apply` when the database changed since `check` in a way that makes a row wrong: all rolls back. */
export class ImportRejected extends Error {
  constructor(readonly problems: ImportProblem[]) {
    super("import rejected");
  }
}

/** SQLite allows 32,766 bound values per statement; lists are queried in slices well below that. */
export async function inChunks<T, R>(values: T[], query: (chunk: T[]) => Promise<R[]>, size = 5_000): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < values.length; i += size) out.push(...(await query(values.slice(i, i + size))));
  return out;
}

export type ImportSpec<T, Plan> = {
  headers: readonly string[];
  schema: z.ZodType<T>;
  /** Problems inside the file alone (the same key twice with different values…). */
  conflicts?: (rows: Array<{ row: number; data: T }>) => ImportProblem[];
  /**
   * Every valid row against the database, reading only: no write lock is held, so exams and other writers carry on.
   * It runs even when other rows are bad, so the file's every problem is reported at once.
   */
  check: (db: DbOrTx, rows: Array<{ row: number; data: T }>) => Promise<{ problems: ImportProblem[]; plan: Plan }>;
  /** Once nothing is wrong, before the write lock: e.g. rows into TEMP tables, which lock only the temp database. */
  stage?: (plan: Plan) => Promise<void>;
  /** Called with the problems of a refused file, e.g. to log what it tried. */
  refused?: (problems: ImportProblem[]) => Promise<void>;
  /** Writes what `check` planned, in one short IMMEDIATE transaction; returns the report. */
  apply: (tx: DbOrTx, plan: Plan) => Promise<string>;
  /** Called once the import is over, whatever its outcome: frees what `check` staged. */
  release?: () => Promise<void>;
};

/**
 * The one import pipeline (style guide): read the file, validate every row and collect every problem, check the
 * rows against the database, then apply all of them in one transaction or none. Only `apply` holds the write lock;
 * `lockMs` is how long.
 */
export async function runImport<T, Plan>(db: Db, file: UploadedFile, spec: ImportSpec<T, Plan>): Promise<ImportOutcome> {
  const refuse = async (problems: ImportProblem[]): Promise<ImportOutcome> => {
    await spec.refused?.(problems);
    return { ok: false, problems };
  };
  let checked;
  try {
    checked = await validateRows(fileRows(file), [...spec.headers], spec.schema);
  } catch (error) {
    if (error instanceof ImportFileError) return { ok: false, problems: [{ row: null, column: null, message: error.message }] };
    throw error;
  }
  if (!checked.ok) return { ok: false, problems: checked.problems };
  try {
    // Every kind of problem in one pass: the rows' own, then conflicts between the valid rows and with the database.
    const conflicts = spec.conflicts?.(checked.rows) ?? [];
    const { problems: found, plan } = await spec.check(db, checked.rows);
    const problems = [...checked.problems, ...conflicts, ...found].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    if (problems.length > 0) return await refuse(problems);
    await spec.stage?.(plan);
    // Awaited here, so a rejection is caught below and `release` runs only once the transaction is over.
    return await applyInShortTransaction(db, (tx) => spec.apply(tx, plan));
  } catch (error) {
    if (error instanceof ImportRejected) return await refuse(error.problems);
    throw error;
  } finally {
    await spec.release?.();
  }
}

/**
 * Runs the apply transaction; `lockMs` is the time from BEGIN to the end of COMMIT. On SQLite the automatic checkpoint
 * is held back meanwhile: after a large commit it copies every page into the database file inside the committing
 * call, though after the write lock is released. Run explicitly afterwards (PASSIVE: it never waits for or blocks a
 * writer), it stays out of `lockMs`. PostgreSQL has no database-wide write lock nor a checkpoint of the app's to run.
 */
async function applyInShortTransaction(db: Db, apply: (tx: DbOrTx) => Promise<string>): Promise<ImportOutcome> {
  const client = sqliteConnectionOf(db);
  const autocheckpoint = client ? (client.pragma("wal_autocheckpoint", { simple: true }) as number) : null;
  client?.pragma("wal_autocheckpoint = 0");
  try {
    let locked = 0;
    const message = await db.transaction(
      (tx) => {
        locked = performance.now();
        return apply(tx);
      },
      { behavior: "immediate" },
    );
    return { ok: true, message, lockMs: performance.now() - locked };
  } finally {
    if (client) {
      client.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
      client.pragma("wal_checkpoint(PASSIVE)");
    }
  }
}
