import { describe, expect, it } from "vitest";
import { DatabaseUrlError, databaseEngine, databaseUrl, parsePostgresUrl, redactDatabaseUrl } from "../../db/engine.ts";

const engineOf = (DATABASE_URL: string | undefined) => databaseEngine({ DATABASE_URL });

function refusal(DATABASE_URL: string): string {
  try {
    databaseEngine({ DATABASE_URL });
  } catch (error) {
    expect(error).toBeInstanceOf(DatabaseUrlError);
    return (error as Error).message;
  }
  throw new Error(`accepted ${DATABASE_URL}`);
}

describe("db/engine.ts: the engine from DATABASE_URL", () => {
  it("is SQLite when DATABASE_URL is unset or empty", () => {
    expect(engineOf(undefined)).toBe("sqlite");
    expect(engineOf("")).toBe("sqlite");
    expect(engineOf("   ")).toBe("sqlite");
    expect(databaseUrl({})).toBeUndefined();
  });

  it("is PostgreSQL for postgres:// and postgresql:// URLs with a host and a database", () => {
    expect(engineOf("postgres://carecert:secret@db.example.cn:5433/carecert")).toBe("postgres");
    expect(engineOf("postgresql://127.0.0.1/carecert?sslmode=require")).toBe("postgres");
    expect(engineOf("postgres://carecert@%2Fvar%2Frun%2Fpostgresql/carecert")).toBe("postgres");
    expect(engineOf("postgres:///carecert?host=/var/run/postgresql")).toBe("postgres");
    expect(databaseUrl({ DATABASE_URL: " postgres://h/d " })).toBe("postgres://h/d");
    expect(parsePostgresUrl("postgres://u:p%40ss@h:6543/%E6%95%B0%E6%8D%AE")).toEqual({ host: "h", port: 6543, database: "数据", user: "u" });
    expect(parsePostgresUrl("postgres://h/d").port).toBe(5432);
  });

  it("refuses anything else with one Chinese message naming the problem, never the password", () => {
    expect(refusal("mysql://root:pw@localhost/carecert")).toMatch(/只支持 PostgreSQL.*mysql:/);
    expect(refusal("./data/carecert.db")).toMatch(/无法解析/);
    expect(refusal("postgres://carecert:s3cret@/carecert")).toMatch(/缺少 PostgreSQL 服务器的主机名/);
    expect(refusal("postgres://carecert:s3cret@db:5432")).toMatch(/缺少数据库名/);
    expect(refusal("postgres://carecert:s3cret@db:5432/")).toMatch(/缺少数据库名/);
    expect(refusal("postgres://db:99999/carecert")).toMatch(/无法解析/);
    expect(refusal("postgres://db/a/b")).toMatch(/不能包含“\/”/);
    for (const url of ["postgres://carecert:s3cret@/carecert", "postgres://carecert:s3cret@db:5432", "postgres://carecert:s3cret@db:99999/x"]) {
      expect(refusal(url)).not.toContain("s3cret");
    }
  });

  it("redacts the password for messages", () => {
    expect(redactDatabaseUrl("postgres://u:secret@h:5432/d")).toBe("postgres://u:***@h:5432/d");
    expect(redactDatabaseUrl("postgres://u@h/d")).toBe("postgres://u@h/d");
    expect(redactDatabaseUrl("not a url with secret")).not.toContain("secret");
  });
});
