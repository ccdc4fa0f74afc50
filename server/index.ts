import crypto from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { isAllowedOrigin } from "../app/auth/origin.ts";
import { ConfigError, getConfig, type Config } from "../app/config.server.ts";
import { securityHeaders } from "../app/security-headers.ts";
import { CLIENT_IP_HEADER } from "../app/utils/http.ts";
import { openDatabase } from "../db/client.ts";
import { applyMigrations } from "../db/migrate.ts";
import { syncReferenceData } from "../db/reference.ts";
import { contentRoot } from "../app/learning/content/content-root.ts";
import { formatProblem, loadContent } from "../app/learning/content/load-content.ts";
import { syncContent } from "../app/learning/content/sync-content.ts";
import { DEMO_PASSWORD, seedDemo } from "../db/seed-demo.ts";

function loadConfig(): Config {
  try {
    return getConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

const config = loadConfig();
const development = config.nodeEnv === "development";

// Start-up work runs once, before the first request: migrate, reference data, demo.
{
  const db = openDatabase(config.databasePath);
  applyMigrations(db);
  syncReferenceData(db);
  const content = loadContent(contentRoot());
  if (content.problems.length > 0) {
    console.error(`课程内容有误，未启动 (content problems, not started):\n${content.problems.map(formatProblem).join("\n")}`);
    process.exit(1);
  }
  const { changed } = syncContent(db, content.courses);
  if (changed.length > 0) console.log(`已同步课程内容 (content synced): ${changed.join(", ")}`);
  if (config.demo) {
    const demo = await seedDemo(db);
    console.log(demo.created ? "已创建演示数据 (demo data created)." : "演示数据已存在 (demo data present).");
    console.log(`演示账号 (demo logins), 密码 password: ${DEMO_PASSWORD}`);
    for (const login of demo.logins) console.log(`  ${login.username.padEnd(12)} ${login.role}`);
  }
  db.$client.close();
}

const app = express();
app.disable("x-powered-by");
if (config.trustProxy) app.set("trust proxy", true);

app.use((_req, res, next) => {
  const nonce = crypto.randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  res.set(securityHeaders(nonce, { development, https: config.publicUrl.startsWith("https:") }));
  next();
});

app.use((req, res, next) => {
  const allowed = [config.publicUrl, `${req.protocol}://${req.get("host")}`];
  if (!isAllowedOrigin(req.method, req.get("origin"), allowed)) {
    res.status(403).type("text/plain; charset=utf-8").send("请求来源无效，已拒绝 (cross-origin request refused)");
    return;
  }
  // Loaders read the client address from here; whatever a client sent under this name is replaced.
  req.headers[CLIENT_IP_HEADER] = req.ip ?? "unknown";
  next();
});

let build: ServerBuild | (() => Promise<ServerBuild>);
if (development) {
  const vite = await import("vite").then((v) => v.createServer({ server: { middlewareMode: true } }));
  app.use(vite.middlewares);
  build = () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
} else {
  const client = path.resolve("build/client");
  app.use("/assets", express.static(path.join(client, "assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(client, { maxAge: "1h" }));
  // @ts-expect-error the build exists only after `npm run build`
  build = (await import("../build/server/index.js")) as ServerBuild;
}

app.all(
  "*",
  createRequestHandler({
    build,
    mode: development ? "development" : "production",
    getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce as string }),
  }),
);

app.listen(config.port, () => {
  console.log(`carecert 已启动 (listening): http://localhost:${config.port}  (PUBLIC_URL ${config.publicUrl})`);
});
