/**
 * Which database engine this process runs on (issue #16). SQLite (the embedded default, a file at DATABASE_PATH)
 * unless DATABASE_URL names a PostgreSQL database. Read once at module load by db/schema.ts and db/dialect.ts, so
 * every module of one process agrees; a test or tool that needs the other engine starts a process with its own env.
 */

export type DatabaseEngine = "sqlite" | "postgres";

type Env = Record<string, string | undefined>;

/** A DATABASE_URL that is set but cannot be used; the message (Chinese, for the operator) names the problem. */
export class DatabaseUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DatabaseUrlError";
  }
}

const POSTGRES_SCHEMES = new Set(["postgres:", "postgresql:"]);

/** The PostgreSQL server and database a URL names, without its password (safe to print). */
export type PostgresTarget = { host: string; port: number; database: string; user: string | undefined };

/** The URL with its password replaced by `***`, for messages and logs. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    // Not a URL at all: show the scheme-like prefix only, never what could be a password.
    return `${url.slice(0, url.indexOf(":") + 1 || 12)}…`;
  }
}

const missingHost = (shown: string) =>
  new DatabaseUrlError(`DATABASE_URL 缺少 PostgreSQL 服务器的主机名（${shown}）：应为 postgres://用户名:密码@主机:端口/数据库名`);

/**
 * Parses and checks a PostgreSQL URL: `postgres://[user[:password]@]host[:port]/database[?…]`. A Unix-socket server
 * may be given as `?host=/path/to/socket/dir` instead of a host name. Throws DatabaseUrlError naming what is wrong.
 */
export function parsePostgresUrl(url: string): PostgresTarget {
  const shown = redactDatabaseUrl(url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    if (/^postgres(?:ql)?:\/\/(?:[^/?#]*@)?(?:[/?#]|$)/i.test(url)) throw missingHost(shown);
    throw new DatabaseUrlError(`DATABASE_URL 无法解析（${shown}）：应为 postgres://用户名:密码@主机:端口/数据库名 的形式，密码中的特殊字符需按 URL 编码`);
  }
  if (!POSTGRES_SCHEMES.has(parsed.protocol)) {
    throw new DatabaseUrlError(
      `DATABASE_URL 只支持 PostgreSQL（以 postgres:// 或 postgresql:// 开头），收到的是 ${parsed.protocol}//…；使用 SQLite 时不要设置 DATABASE_URL（数据库文件由 DATABASE_PATH 指定）`,
    );
  }
  const socketHost = parsed.searchParams.get("host") ?? "";
  const host = decodeURIComponent(parsed.hostname) || socketHost;
  if (!host) throw missingHost(shown);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
  if (!database) throw new DatabaseUrlError(`DATABASE_URL 缺少数据库名（${shown}）：应在主机和端口之后写 /数据库名，如 postgres://carecert@127.0.0.1:5432/carecert`);
  if (database.includes("/")) throw new DatabaseUrlError(`DATABASE_URL 的数据库名“${database}”不能包含“/”（${shown}）`);
  const port = parsed.port ? Number(parsed.port) : 5432;
  return { host, port, database, user: parsed.username ? decodeURIComponent(parsed.username) : undefined };
}

/**
 * "postgres" when DATABASE_URL is a PostgreSQL URL, "sqlite" when it is unset or empty. Any other value (another
 * scheme, a file path, a URL without a host or a database name) throws DatabaseUrlError: a wrong setting stops the
 * start rather than silently falling back to a local SQLite file.
 */
export function databaseEngine(env: Env = process.env): DatabaseEngine {
  const url = env.DATABASE_URL?.trim();
  if (!url) return "sqlite";
  parsePostgresUrl(url);
  return "postgres";
}

/** The checked PostgreSQL URL, or undefined on SQLite. Throws DatabaseUrlError like databaseEngine(). */
export function databaseUrl(env: Env = process.env): string | undefined {
  const url = env.DATABASE_URL?.trim();
  if (!url) return undefined;
  parsePostgresUrl(url);
  return url;
}
