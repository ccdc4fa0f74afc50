import path from "node:path";
import { z } from "zod";

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
    CONTENT_PATH: z.string().trim().min(1, "不能为空").default("./content/courses"),
    // The confidential exam pools (考试题库); a deployment keeps its own outside the repository.
    EXAM_POOL_PATH: z.string().trim().min(1, "不能为空").default("./content/exam-pools"),
    PUBLIC_URL: z
      .url({ message: "须为完整网址，如 https://carecert.example.cn" })
      .refine((u) => /^https?:\/\//.test(u), "须以 http:// 或 https:// 开头")
      .optional(),
    DEMO: flag.default(true),
    // Behind a reverse proxy the client address comes from X-Forwarded-For.
    TRUST_PROXY: flag.default(false),
    // The certificate signing key's private half (a 0600 file), by default beside the database.
    SIGNING_KEY_PATH: z.string().trim().min(1, "不能为空").optional(),
  })
  .transform((env) => ({
    nodeEnv: env.NODE_ENV,
    port: env.PORT,
    databasePath: env.DATABASE_PATH,
    contentPath: env.CONTENT_PATH,
    examPoolPath: env.EXAM_POOL_PATH,
    publicUrl: new URL(env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).origin,
    demo: env.DEMO,
    trustProxy: env.TRUST_PROXY,
    signingKeyPath: env.SIGNING_KEY_PATH ?? path.join(path.dirname(env.DATABASE_PATH), "signing-key.json"),
  }));

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
