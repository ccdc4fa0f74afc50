import type { Request, Response } from "express";

/** How long a client should wait before retrying when the database is write-locked. */
export const RETRY_AFTER_SECONDS = 3;

const pages: Record<number, { title: string; text: string }> = {
  400: { title: "请求有误", text: "提交的内容无法处理，请返回检查后再试。" },
  404: { title: "页面不存在", text: "您要找的页面或文件不存在。" },
  413: { title: "提交的内容过大", text: "提交的内容超过了允许的大小。" },
  500: { title: "系统出错了", text: "服务器处理时发生错误，我们已记录此问题。请稍后再试。" },
  503: { title: "系统繁忙", text: "系统正忙，您的操作尚未完成，请稍候几秒再试。" },
};

/** The JSON APIs (exam saves, verification) get JSON; pages get a small Chinese HTML page. */
const wantsJson = (req: Request) => req.path.startsWith("/api/") || req.accepts(["html", "json"]) === "json";

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * An error answered outside Remix: the status and a Chinese message, never an error's text or stack.
 * JSON shape: `{ status: "busy" | "error", reason, message, retryAfter? }`.
 */
export function sendError(req: Request, res: Response, status: number) {
  const page = pages[status] ?? pages[status >= 500 ? 500 : 400]!;
  const busy = status === 503;
  if (busy) res.set("Retry-After", String(RETRY_AFTER_SECONDS));
  res.status(status);
  if (wantsJson(req)) {
    res.json({
      status: busy ? "busy" : "error",
      reason: busy ? "database_busy" : status >= 500 ? "server_error" : "bad_request",
      message: page.text,
      ...(busy ? { retryAfter: RETRY_AFTER_SECONDS } : {}),
    });
    return;
  }
  res.type("text/html; charset=utf-8").send(`<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(page.title)} · carecert</title></head>
<body><main><p>${status}</p><h1>${escapeHtml(page.title)}</h1><p>${escapeHtml(page.text)}</p><p><a href="/">返回首页</a></p></main></body></html>`);
}
