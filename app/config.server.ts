import net from "node:net";
import path from "node:path";
import { z } from "./utils/zod.ts";

const flag = z
  .enum(["0", "1", "true", "false"], { message: "须为 0 或 1" })
  .transform((v) => v === "1" || v === "true");

const envSchema = z
  .object({
    NODE_ENV: z.enum(["production", "development", "test"]).default("production"),
    PORT: z.coerce
      .number({ message: "须为整数" })
      .int("须为整数")
      .min(1, "须在 1–65535 之间")
      .max(65535, "须在 1–65535 之间")
      .default(3000),
    DATABASE_PATH: z.string().trim().min(1, "不能为空").default("./data/carecert.db"),
    // PostgreSQL instead of the SQLite file: postgres://user:password@host:5432/database (README, Deployment).
    DATABASE_URL: z
      .string()
      .trim()
      .refine(isPostgresUrl, "须为 postgres://用户名:密码@主机:端口/数据库名 形式的 PostgreSQL 地址")
      .optional(),
    DATABASE_POOL_SIZE: z.coerce.number({ message: "须为整数" }).int("须为整数").min(1, "须在 1–200 之间").max(200, "须在 1–200 之间").default(10),
    // Files every app server must see (certificate batch ZIPs, the signing key by default): a shared directory
    // when several servers run. Beside the SQLite database by default.
    FILES_DIR: z.string().trim().min(1, "不能为空").optional(),
    // Worker processes on this machine, all serving one port.
    WEB_CONCURRENCY: z.coerce.number({ message: "须为整数" }).int("须为整数").min(1, "须在 1–64 之间").max(64, "须在 1–64 之间").default(1),
    CONTENT_PATH: z.string().trim().min(1, "不能为空").default("./content/courses"),
    // The confidential exam pools (考试题库); a deployment keeps its own outside the repository.
    EXAM_POOL_PATH: z.string().trim().min(1, "不能为空").default("./content/exam-pools"),
    PUBLIC_URL: z
      .url({ message: "须为完整网址，如 https://carecert.example.cn" })
      .refine((u) => /^https?:\/\//.test(u), "须以 http:// 或 https:// 开头")
      .optional(),
    DEMO: flag.default(true),
    // Behind a reverse proxy the client address comes from X-Forwarded-For, as far back as the named proxies reach.
    TRUST_PROXY: z
      .string()
      .trim()
      .transform((value, ctx) => {
        const trust = parseTrustProxy(value);
        if (trust === null) {
          ctx.addIssue({ code: "custom", message: "须为 0、代理跳数（如 1）或代理地址列表（如 127.0.0.1,10.0.0.0/8），不接受“信任任何代理”" });
          return z.NEVER;
        }
        return trust;
      })
      .default(false),
    // The certificate signing key's private half (a 0600 file), by default beside the database.
    SIGNING_KEY_PATH: z.string().trim().min(1, "不能为空").optional(),
    // …or the key itself (its JSON file's content), from a secret every server is given.
    SIGNING_KEY: z.string().trim().min(1, "不能为空").optional(),
    // Scheduled online backups: on when BACKUP_DIR is set.
    BACKUP_DIR: z.string().trim().min(1, "不能为空").optional(),
    BACKUP_INTERVAL: z
      .string()
      .trim()
      .regex(/^[1-9]\d*[mhd]$/, "须为数字加单位 m、h 或 d，如 30m、6h、1d")
      .transform((v) => Number(v.slice(0, -1)) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[v.slice(-1) as "m" | "h" | "d"])
      .default(86_400_000),
    BACKUP_KEEP: z.coerce.number({ message: "须为正整数" }).int("须为正整数").min(1, "须为正整数").default(7),
  })
  .transform((env) => {
    const publicUrl = new URL(env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).origin;
    const filesDir = env.FILES_DIR ?? path.dirname(env.DATABASE_PATH);
    return {
      nodeEnv: env.NODE_ENV,
      port: env.PORT,
      databasePath: env.DATABASE_PATH,
      databaseUrl: env.DATABASE_URL ?? null,
      databasePoolSize: env.DATABASE_POOL_SIZE,
      filesDir,
      webConcurrency: env.WEB_CONCURRENCY,
      contentPath: env.CONTENT_PATH,
      examPoolPath: env.EXAM_POOL_PATH,
      publicUrl,
      // The origins a POST may come from: PUBLIC_URL's, and this machine's loopback names only while it is the default.
      allowedOrigins: env.PUBLIC_URL ? [publicUrl] : ["localhost", "127.0.0.1", "[::1]"].map((host) => `http://${host}:${env.PORT}`),
      demo: env.DEMO,
      trustProxy: env.TRUST_PROXY,
      signingKeyPath: env.SIGNING_KEY_PATH ?? path.join(filesDir, "signing-key.json"),
      signingKey: env.SIGNING_KEY ?? null,
      backup: env.BACKUP_DIR ? { dir: env.BACKUP_DIR, intervalMs: env.BACKUP_INTERVAL, keep: env.BACKUP_KEEP } : null,
    };
  });

function isPostgresUrl(value: string): boolean {
  if (!/^postgres(ql)?:\/\//.test(value)) return false;
  try {
    const url = new URL(value);
    return url.hostname !== "" && url.pathname.length > 1;
  } catch {
    return false;
  }
}

const PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

/**
 * Express's "trust proxy" setting from TRUST_PROXY: false, a hop count, or addresses, CIDR ranges and Express's
 * names for private ranges. Never `true`: that takes the left-most X-Forwarded-For entry, which any client writes.
 */
function parseTrustProxy(value: string): false | number | string[] | null {
  if (value === "0" || value === "false") return false;
  if (/^[1-9]\d?$/.test(value)) return Number(value);
  const entries = value.split(",").map((e) => e.trim());
  const valid = entries.every((entry) => {
    if (PROXY_NAMES.has(entry)) return true;
    const [address, prefix, ...rest] = entry.split("/");
    const family = net.isIP(address ?? "");
    if (family === 0 || rest.length > 0) return false;
    return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
  });
  return valid ? entries : null;
}

export type Config = z.output<typeof envSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`配置无效 (invalid configuration):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/** Empty strings count as unset, as in most process managers' env files. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  return result.data;
}

let cached: Config | undefined;
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
