import { isNotNull } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { checkSourceSchema, copyTables, CopyError, openSqliteSnapshot, schemaTablePairs } from "../../db/copy.ts";
import { databaseEngine, DatabaseUrlError, redactDatabaseUrl } from "../../db/engine.ts";
import { applyPostgresMigrations, closePostgres, guardTransactions, openPostgres, PostgresStartupError, type PostgresDb } from "../../db/postgres.ts";
import { allowanceLists, subsidyLists } from "../../db/schema.ts";
import { listIntact } from "../allowances/lists.server.ts";
import { subsidyListIntact } from "../subsidies/lists.server.ts";

/**
 * The PostgreSQL side of `db:copy` (app/cli/copy.server.ts starts it in a process of its own, scripts/db-copy.ts):
 * this process's engine must be PostgreSQL, so that the app's functions run here (the approved lists' integrity
 * checks) read the PostgreSQL tables; the SQLite source is read through db/copy.ts, which never uses the
 * engine-selected tables.
 */

const number = (n: number) => n.toLocaleString("en-US");

/**
 * Every approved list (allowance lists and subsidy lists, the ones holding a content hash) recomputed from the rows
 * in `db` and compared with its stored hash, with the same functions the app uses to show a list as intact.
 */
export async function verifyApprovedLists(db: DbOrTx): Promise<{ problems: string[]; allowance: number; subsidy: number }> {
  const problems: string[] = [];
  const allowance = await db.select().from(allowanceLists).where(isNotNull(allowanceLists.contentHash)).orderBy(allowanceLists.id);
  for (const list of allowance) {
    if (!(await listIntact(db, list))) problems.push(`补贴发放名册 #${list.id}（${list.month}，机构 #${list.organisationId}）的校验码与复制后的内容不符`);
  }
  const subsidy = await db.select().from(subsidyLists).where(isNotNull(subsidyLists.contentHash)).orderBy(subsidyLists.id);
  for (const list of subsidy) {
    if (!(await subsidyListIntact(db, list))) problems.push(`补贴名册 #${list.id}（${list.month}，区县 ${list.districtCode}）的校验码与复制后的内容不符`);
  }
  return { problems, allowance: allowance.length, subsidy: subsidy.length };
}

/**
 * Copies the SQLite database at `sourcePath` into the empty PostgreSQL database at `targetUrl`: migrates the
 * target, copies every table in one transaction, then checks the row counts, the signing keys and every approved
 * list's hash before committing. Prints progress and a summary; returns the exit code (0 copied and checked, 1 not).
 */
export async function copySqliteToPostgres(input: { sourcePath: string; targetUrl: string; out?: (line: string) => void; err?: (line: string) => void; batchSize?: number }): Promise<number> {
  const out = input.out ?? ((line: string) => console.log(line));
  const err = input.err ?? ((line: string) => console.error(line));
  if (databaseEngine() !== "postgres") throw new Error("copySqliteToPostgres runs in a process whose DATABASE_URL names PostgreSQL (app tables must be PostgreSQL's)");
  const started = performance.now();
  let target: PostgresDb | undefined;
  let snapshot: ReturnType<typeof openSqliteSnapshot> | undefined;
  try {
    snapshot = openSqliteSnapshot(input.sourcePath);
    checkSourceSchema(snapshot);
    out(`来源：SQLite ${snapshot.file}（只读，一个读事务内的一致快照）`);
    out(`目标：${redactDatabaseUrl(input.targetUrl)}`);
    target = guardTransactions(openPostgres(input.targetUrl, { max: 2, statementTimeoutMs: 3_600_000, idleInTransactionTimeoutMs: 600_000, applicationName: "carecert db:copy" }));
    out("正在建立目标数据库的表结构（迁移）……");
    await applyPostgresMigrations(target);
    const pairs = schemaTablePairs();
    out(`正在复制 ${pairs.length} 张表（整个复制在一个事务中，失败则目标数据库保持为空）……`);
    const width = String(pairs.length).length;
    let lists = { allowance: 0, subsidy: 0 };
    const result = await copyTables(snapshot, target, pairs, {
      batchSize: input.batchSize,
      out,
      progress: (e) => {
        const step = `[${String(e.index).padStart(width)}/${e.of}]`;
        out(e.done ? `  ${step} ${e.table.padEnd(32)} ${number(e.rows).padStart(9)} 行` : `  ${step} ${e.table.padEnd(32)} ${number(e.rows).padStart(9)} 行……`);
      },
      verify: async (tx) => {
        const checked = await verifyApprovedLists(tx as unknown as DbOrTx);
        lists = checked;
        return checked.problems;
      },
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    out("校验通过：");
    for (const line of result.lines) out(`  - ${line}`);
    out(`  - 已批准的补贴发放名册 ${lists.allowance} 份、补贴名册 ${lists.subsidy} 份：在目标数据库上重新计算的校验码与保存的一致`);
    out(`  - ${result.sequences} 个自增序列已推进到各表现有的最大编号之后`);
    out(`完成：复制 ${result.tables} 张表、${number(result.rows)} 行，用时 ${seconds} 秒。`);
    return 0;
  } catch (error) {
    if (error instanceof CopyError || error instanceof PostgresStartupError || error instanceof DatabaseUrlError) {
      err(`db:copy 未完成：${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    snapshot?.close();
    if (target) await closePostgres(target);
  }
}
