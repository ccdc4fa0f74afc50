import crypto from "node:crypto";
import type { Server } from "node:http";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { isAllowedOrigin } from "../app/auth/origin.ts";
import type { Config } from "../app/config.server.ts";
import { securityHeaders } from "../app/security-headers.ts";
import type { ActionFunction } from "@remix-run/node";
import * as examAnswers from "../app/assessment/routes/exam-answers.ts";
import * as examSubmit from "../app/assessment/routes/exam-submit.ts";
import { CLIENT_IP_HEADER } from "../app/utils/http.ts";
import { createRequestHandler, refuseDeclaredTooLarge } from "./request-body.ts";

/** The HTTP layer around Remix: what must happen before any route runs. */
export async function startHttpServer(config: Config): Promise<Server> {
  const development = config.nodeEnv === "development";
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

  app.use(refuseDeclaredTooLarge);

  // Exam-day hot paths: thousands of candidates save an answer every few seconds and hand in within
  // minutes of each other. The route modules' own actions answer them (same guards, same code),
  // called directly instead of through Remix's router.
  const fastPaths: Array<[string, ActionFunction]> = [
    ["/api/exam/:attemptId/answers", examAnswers.action],
    ["/api/exam/:attemptId/submit", examSubmit.action],
  ];
  for (const [route, action] of fastPaths) {
    app.post(route, express.text({ type: "application/x-www-form-urlencoded", limit: "4kb" }), async (req, res) => {
      const request = new Request(`${req.protocol}://${req.get("host")}${req.originalUrl}`, {
        method: "POST",
        headers: { Cookie: req.get("cookie") ?? "", "Content-Type": "application/x-www-form-urlencoded", [CLIENT_IP_HEADER]: req.ip ?? "unknown" },
        body: typeof req.body === "string" ? req.body : "",
      });
      let response: Response;
      try {
        response = (await action({ request, params: { attemptId: req.params.attemptId }, context: { cspNonce: res.locals.cspNonce as string } })) as Response;
      } catch (thrown) {
        if (!(thrown instanceof Response)) throw thrown;
        response = thrown;
      }
      res.status(response.status);
      response.headers.forEach((value, name) => res.setHeader(name, value));
      res.send(await response.text());
    });
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

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: development ? "development" : "production",
      getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce as string }),
    }),
  );

  const server = app.listen(config.port, () => {
    console.log(`carecert 已启动 (listening): http://localhost:${config.port}  (PUBLIC_URL ${config.publicUrl}${development ? "，开发模式" : ""})`);
  });
  // Keep idle connections longer than the usual proxy (60 s) so neither side closes one the other is reusing.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  // Finish requests in flight, then exit.
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => server.close(() => process.exit(0)));
  }
  return server;
}
