import crypto from "node:crypto";
import type { Server } from "node:http";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
// Remix's Express adapter, minus its request handler: this server looks at the response before sending it.
import { sendRemixResponse } from "@remix-run/express/dist/server.js";
import { createRequestHandler, type ActionFunction, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type ErrorRequestHandler, type NextFunction, type Request as ExpressRequest, type Response as ExpressResponse } from "express";
import { isAllowedOrigin } from "../app/auth/origin.ts";
import type { Config } from "../app/config.server.ts";
import { securityHeaders } from "../app/security-headers.ts";
import * as examAnswers from "../app/assessment/routes/exam-answers.ts";
import * as examSubmit from "../app/assessment/routes/exam-submit.ts";
import { CLIENT_IP_HEADER } from "../app/utils/http.ts";
import { isDatabaseUnavailable } from "../db/connect.ts";
import { countedRemixRequest, refuseDeclaredTooLarge, refuseTooLarge } from "./request-body.ts";
import { RETRY_AFTER_SECONDS, sendError } from "./responses.ts";

/**
 * An idempotent write retried while the database is write-locked: each try waits at most the connection's short
 * busy timeout (blocking), the pauses between tries do not block other requests.
 */
/** Express 4 ignores the promise an async handler returns: a rejection goes to the error handler, never unhandled. */
function handleAsync(handler: (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => Promise<void>) {
  return (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    handler(req, res, next).catch(next);
  };
}

async function retryWhenBusy<T>(attempt: () => Promise<T>, tries = 3, pauseMs = 250): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (i >= tries || !isDatabaseUnavailable(error)) throw error;
      await sleep(pauseMs);
    }
  }
}

/** The HTTP layer around Remix: what must happen before any route runs. */
export async function startHttpServer(config: Config): Promise<Server> {
  const development = config.nodeEnv === "development";
  const app = express();
  // Express takes its mode from NODE_ENV when created; say it outright so no start path serves error details.
  app.set("env", development ? "development" : "production");
  app.disable("x-powered-by");
  app.set("trust proxy", config.trustProxy);

  app.use((_req, res, next) => {
    const nonce = crypto.randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.set(securityHeaders(nonce, { development, https: config.publicUrl.startsWith("https:") }));
    next();
  });

  // HTML, JS, CSS and JSON (compressible types only: PDF, ZIP and XLSX pass as they are). Remix flushes after each
  // chunk it streams, and compression flushes its encoder then, so pages still stream.
  app.use(compression());

  app.use((req, res, next) => {
    // Only our configured origin: a Host header is whatever the client sends, so it proves nothing.
    if (!isAllowedOrigin(req.method, req.get("origin"), config.allowedOrigins)) {
      res.status(403).type("text/plain; charset=utf-8").send("请求来源无效，已拒绝 (cross-origin request refused)");
      return;
    }
    // Loaders read the client address from here; whatever a client sent under this name is replaced.
    req.headers[CLIENT_IP_HEADER] = req.ip ?? "unknown";
    next();
  });

  app.use(refuseDeclaredTooLarge);

  // Exam-day hot paths: thousands of candidates save an answer every few seconds and hand in within
  // minutes of each other. The route modules' own actions answer them (same guards, same code),
  // called directly instead of through Remix's router. Both are idempotent, so a locked database is retried.
  const fastPaths: Array<[string, ActionFunction]> = [
    ["/api/exam/:attemptId/answers", examAnswers.action],
    ["/api/exam/:attemptId/submit", examSubmit.action],
  ];
  for (const [route, action] of fastPaths) {
    app.post(route, express.text({ type: "application/x-www-form-urlencoded", limit: "4kb" }), handleAsync(async (req, res) => {
      const call = async () => {
        const request = new Request(`${req.protocol}://${req.get("host")}${req.originalUrl}`, {
          method: "POST",
          headers: { Cookie: req.get("cookie") ?? "", "Content-Type": "application/x-www-form-urlencoded", [CLIENT_IP_HEADER]: req.ip ?? "unknown" },
          body: typeof req.body === "string" ? req.body : "",
        });
        try {
          return (await action({ request, params: { attemptId: req.params.attemptId }, context: { cspNonce: res.locals.cspNonce as string } })) as Response;
        } catch (thrown) {
          if (thrown instanceof Response) return thrown;
          throw thrown;
        }
      };
      const response = await retryWhenBusy(call);
      res.status(response.status);
      response.headers.forEach((value, name) => res.setHeader(name, value));
      res.send(await response.text());
    }));
  }

  let build: ServerBuild | (() => Promise<ServerBuild>);
  if (development) {
    const vite = await import("vite").then((v) => v.createServer({ server: { middlewareMode: true } }));
    app.use(vite.middlewares);
    build = () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
  } else {
    const client = path.resolve("build/client");
    // Only these paths are files; every other request goes straight to Remix without a disk lookup.
    app.use("/assets", express.static(path.join(client, "assets"), { immutable: true, maxAge: "1y", fallthrough: false }));
    app.get("/favicon.svg", (_req, res) => res.sendFile(path.join(client, "favicon.svg"), { maxAge: "1d" }));
    // @ts-expect-error the build exists only after `npm run build`
    build = (await import("../build/server/index.js")) as ServerBuild;
  }

  const remix = createRequestHandler(build, development ? "development" : "production");
  app.all(
    "*",
    handleAsync(async (req, res) => {
      const context: AppLoadContext = { cspNonce: res.locals.cspNonce as string };
      let tooLarge = false;
      let response = await remix(countedRemixRequest(req, res, () => (tooLarge = true)), context);
      if (tooLarge) {
        await response.body?.cancel();
        refuseTooLarge(req, res);
        return;
      }
      // A loader or action failed on a write-locked database (flagged by entry.server's handleError): 503, not 500.
      if (context.databaseBusy && response.status >= 500) {
        if (!req.path.endsWith(".data")) {
          await response.body?.cancel();
          sendError(req, res, 503);
          return;
        }
        // Client-side navigations decode Remix's own body; only the status and Retry-After change.
        const headers = new Headers(response.headers);
        headers.set("Retry-After", String(RETRY_AFTER_SECONDS));
        response = new Response(response.body, { status: 503, headers });
      }
      await sendRemixResponse(res, response);
    }),
  );

  // Whatever reaches here (body parsing, static files, a failed fast path) answers in Chinese, without details.
  const errorHandler: ErrorRequestHandler = (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (isDatabaseUnavailable(error)) {
      console.warn(`数据库暂不可用，已答复 503 (database busy or unreachable): ${req.method} ${req.path}`);
      sendError(req, res, 503);
      return;
    }
    const status = (error as { status?: unknown }).status;
    if (typeof status === "number" && status >= 400 && status < 500) {
      sendError(req, res, status);
      return;
    }
    console.error(`请求出错 (request failed): ${req.method} ${req.path}`, error);
    sendError(req, res, 500);
  };
  app.use(errorHandler);

  const server = app.listen(config.port, () => {
    console.log(`carecert 已启动 (listening): http://localhost:${config.port}  (PUBLIC_URL ${config.publicUrl}${development ? "，开发模式" : ""})`);
  });
  // Keep idle connections longer than the usual proxy (60 s) so neither side closes one the other is reusing.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  guardProcess(server);
  return server;
}

/** Finish requests in flight, then exit; a request that hangs does not keep the process alive past 10 s. */
function shutdown(server: Server, code: number) {
  server.close(() => process.exit(code));
  server.closeIdleConnections();
  setTimeout(() => process.exit(code), 10_000).unref();
}

/**
 * A stray rejection is logged and the server keeps serving: requests run in transactions, so a failed one
 * changed nothing. An uncaught exception is logged too; only a busy database (nothing written) is known safe to
 * continue from, anything else stops the process gracefully for its supervisor to restart.
 */
function guardProcess(server: Server) {
  process.on("unhandledRejection", (reason) => {
    console.error("未处理的异步错误，服务继续运行 (unhandled rejection, still serving):", reason);
  });
  process.on("uncaughtException", (error) => {
    if (isDatabaseUnavailable(error)) {
      console.error("数据库暂不可用导致的未捕获错误，服务继续运行 (database unavailable, still serving):", error);
      return;
    }
    console.error("未捕获的异常，服务将退出 (uncaught exception, shutting down):", error);
    shutdown(server, 1);
  });
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => shutdown(server, 0));
  }
}
