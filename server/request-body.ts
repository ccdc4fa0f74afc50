import { Readable, Transform } from "node:stream";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { MAX_UPLOAD_BYTES, UPLOAD_TOO_LARGE_MESSAGE } from "../app/imports/upload-limit.ts";

/** Any request body: the largest upload plus room for the other form fields and multipart framing. */
export const MAX_REQUEST_BODY_BYTES = MAX_UPLOAD_BYTES + 64 * 1024;
// After refusing, read and discard this much more so the client can read the answer (closing a socket with
// unread data resets it); a client that keeps sending beyond it is cut off.
const DRAIN_BYTES = 64 * 1024 * 1024;

class BodyTooLarge extends Error {}

function requestHeaders(req: ExpressRequest): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, v);
  }
  return headers;
}

/** 413 in Chinese, as JSON for API clients and a page otherwise; then drains the rest of the body, bounded. */
export function refuseTooLarge(req: ExpressRequest, res: ExpressResponse) {
  const json = req.path.startsWith("/api/") || (req.get("accept") ?? "").includes("application/json");
  res.status(413);
  if (json) res.json({ error: UPLOAD_TOO_LARGE_MESSAGE });
  else res.type("html").send(`<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>上传内容过大 · carecert</title><main><h1>上传内容过大</h1><p>${UPLOAD_TOO_LARGE_MESSAGE}。</p><p><a href="${req.originalUrl.replace(/"/g, "%22")}">返回</a></p></main></html>`);
  if (req.complete) return;
  let discarded = 0;
  req.unpipe();
  req.on("data", (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DRAIN_BYTES) req.socket.destroy();
  });
  req.resume();
}

/** Refuses at once a body whose declared length is over the cap, before any of it is read. */
export function refuseDeclaredTooLarge(req: ExpressRequest, res: ExpressResponse, next: NextFunction) {
  if (Number(req.get("content-length") ?? 0) > MAX_REQUEST_BODY_BYTES) refuseTooLarge(req, res);
  else next();
}

/** The request body as Remix reads it, failing as soon as more than the cap has arrived (chunked bodies declare nothing). */
function countedBody(req: ExpressRequest, onTooLarge: () => void): ReadableStream<Uint8Array> {
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      if (received <= MAX_REQUEST_BODY_BYTES) return done(null, chunk);
      onTooLarge();
      done(new BodyTooLarge("request body over the cap"));
    },
  });
  req.pipe(counter);
  return Readable.toWeb(counter) as ReadableStream<Uint8Array>;
}

/**
 * The Fetch request Remix reads, as Remix's Express adapter builds it, but with the body counted while it streams:
 * a body over the cap fails the route's read and calls `onTooLarge`, so the caller answers 413 instead.
 */
export function countedRemixRequest(req: ExpressRequest, res: ExpressResponse, onTooLarge: () => void): Request {
  let controller: AbortController | null = new AbortController();
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  // As the adapter does: req.hostname honours "trust proxy"; the port comes from X-Forwarded-Host or Host.
  const port = [req.get("X-Forwarded-Host"), req.get("host")].map((h) => Number.parseInt(h?.split(":")[1] ?? "", 10)).find(Number.isSafeInteger);
  const url = `${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`;
  res.on("finish", () => (controller = null));
  res.on("close", () => controller?.abort());
  return new Request(url, {
    method: req.method,
    headers: requestHeaders(req),
    signal: controller.signal,
    ...(hasBody ? { body: countedBody(req, onTooLarge), duplex: "half" } : {}),
  } as RequestInit);
}
