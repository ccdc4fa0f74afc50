import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../app/config.server.ts";
import { isAllowedOrigin } from "../../app/auth/origin.ts";

describe("parseConfig", () => {
  it("applies the documented defaults", () => {
    expect(parseConfig({})).toEqual({
      nodeEnv: "production",
      port: 3000,
      databasePath: "./data/carecert.db",
      databaseUrl: null,
      databasePoolSize: 10,
      filesDir: "./data",
      webConcurrency: 1,
      contentPath: "./content/courses",
      examPoolPath: "./content/exam-pools",
      publicUrl: "http://localhost:3000",
      allowedOrigins: ["http://localhost:3000", "http://127.0.0.1:3000", "http://[::1]:3000"],
      demo: true,
      trustProxy: false,
      signingKeyPath: "data/signing-key.json",
      signingKey: null,
      backup: null,
    });
  });

  it("reads every variable and treats empty ones as unset", () => {
    const config = parseConfig({ PORT: "8080", DATABASE_PATH: "/srv/cc.db", PUBLIC_URL: "https://carecert.example.cn/", DEMO: "0", TRUST_PROXY: "1", NODE_ENV: "" });
    expect(config).toMatchObject({ port: 8080, databasePath: "/srv/cc.db", publicUrl: "https://carecert.example.cn", demo: false, trustProxy: 1, signingKeyPath: "/srv/signing-key.json" });
    expect(parseConfig({ SIGNING_KEY_PATH: "/etc/carecert/key.json" }).signingKeyPath).toBe("/etc/carecert/key.json");
  });

  it("accepts POSTs from PUBLIC_URL's origin only once it is set, not from loopback names", () => {
    expect(parseConfig({ PUBLIC_URL: "https://carecert.example.cn/path" }).allowedOrigins).toEqual(["https://carecert.example.cn"]);
  });

  it.each([
    ["0", false],
    ["1", 1],
    ["2", 2],
    ["127.0.0.1", ["127.0.0.1"]],
    ["loopback, 10.0.0.0/8, fd00::/8", ["loopback", "10.0.0.0/8", "fd00::/8"]],
  ])("reads TRUST_PROXY=%j as the proxies to trust", (value, trust) => {
    expect(parseConfig({ TRUST_PROXY: value }).trustProxy).toEqual(trust);
  });

  it("reads the many-server settings: PostgreSQL, pool, shared files, key and workers", () => {
    const config = parseConfig({ DATABASE_URL: "postgresql://carecert:secret@10.0.0.5:5432/carecert", DATABASE_POOL_SIZE: "20", FILES_DIR: "/mnt/shared/carecert", WEB_CONCURRENCY: "4", SIGNING_KEY: '{"kid":"k"}' });
    expect(config).toMatchObject({ databaseUrl: "postgresql://carecert:secret@10.0.0.5:5432/carecert", databasePoolSize: 20, filesDir: "/mnt/shared/carecert", webConcurrency: 4, signingKey: '{"kid":"k"}' });
    // The key file follows the shared directory unless named.
    expect(config.signingKeyPath).toBe("/mnt/shared/carecert/signing-key.json");
  });

  it("reads the backup schedule", () => {
    expect(parseConfig({ BACKUP_DIR: "/srv/backups", BACKUP_INTERVAL: "6h", BACKUP_KEEP: "14" }).backup).toEqual({ dir: "/srv/backups", intervalMs: 6 * 3_600_000, keep: 14 });
    expect(parseConfig({ BACKUP_DIR: "/srv/backups" }).backup).toEqual({ dir: "/srv/backups", intervalMs: 86_400_000, keep: 7 });
  });

  it.each([
    [{ PORT: "abc" }, "PORT: 须为整数"],
    [{ PORT: "70000" }, "PORT: 须在 1–65535 之间"],
    [{ PORT: "3.5" }, "PORT: 须为整数"],
    [{ PUBLIC_URL: "carecert.example.cn" }, "PUBLIC_URL: 须为完整网址，如 https://carecert.example.cn"],
    [{ PUBLIC_URL: "ftp://carecert.example.cn" }, "PUBLIC_URL: 须以 http:// 或 https:// 开头"],
    [{ DEMO: "yes" }, "DEMO: 须为 0 或 1"],
    [{ NODE_ENV: "staging" }, "NODE_ENV"],
    [{ TRUST_PROXY: "true" }, "TRUST_PROXY: 须为 0、代理跳数"],
    [{ TRUST_PROXY: "*" }, "不接受“信任任何代理”"],
    [{ TRUST_PROXY: "10.0.0.0/33" }, "TRUST_PROXY"],
    [{ TRUST_PROXY: "proxy.example" }, "TRUST_PROXY"],
    [{ BACKUP_INTERVAL: "daily" }, "BACKUP_INTERVAL: 须为数字加单位"],
    [{ BACKUP_KEEP: "0" }, "BACKUP_KEEP: 须为正整数"],
    [{ DATABASE_URL: "mysql://db.example/carecert" }, "DATABASE_URL: 须为 postgres://"],
    [{ DATABASE_URL: "postgres://db.example" }, "DATABASE_URL: 须为 postgres://"],
    [{ DATABASE_URL: "postgres://" }, "DATABASE_URL: 须为 postgres://"],
    [{ WEB_CONCURRENCY: "0" }, "WEB_CONCURRENCY: 须在 1–64 之间"],
    [{ DATABASE_POOL_SIZE: "many" }, "DATABASE_POOL_SIZE: 须为整数"],
  ])("stops on %j with a clear message", (env, message) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(message);
  });

  it("lists every problem at once", () => {
    try {
      parseConfig({ PORT: "0", DEMO: "maybe" });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).problems).toHaveLength(2);
    }
  });
});

describe("isAllowedOrigin", () => {
  const ours = ["https://carecert.example.cn", "http://127.0.0.1:3000"];
  it("lets safe methods through without an Origin", () => {
    expect(isAllowedOrigin("GET", null, ours)).toBe(true);
    expect(isAllowedOrigin("HEAD", "https://evil.example", ours)).toBe(true);
  });
  it.each([
    ["POST", null, false],
    ["POST", "null", false],
    ["POST", "https://evil.example", false],
    ["DELETE", "https://carecert.example.cn.evil.example", false],
    ["POST", "https://carecert.example.cn", true],
    ["PUT", "http://127.0.0.1:3000", true],
  ])("%s with Origin %j → %s", (method, origin, allowed) => {
    expect(isAllowedOrigin(method, origin, ours)).toBe(allowed);
  });
});
