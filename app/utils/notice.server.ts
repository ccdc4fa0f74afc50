import { redirect } from "@remix-run/node";
import { cookieAttributes, readCookie } from "./http.ts";

/** A one-time message shown on the next page after a step succeeds ("tell after"), carried across the redirect. */
const NOTICE_COOKIE = "carecert_notice";
const MAX_NOTICE_LENGTH = 300;

/** Redirects and shows `message` once on the page it lands on. */
export function redirectWithNotice(request: Request, to: string, message: string, init: { headers?: HeadersInit } = {}): Response {
  const headers = new Headers(init.headers);
  headers.append("Set-Cookie", `${NOTICE_COOKIE}=${encodeURIComponent(message.slice(0, MAX_NOTICE_LENGTH))}; ${cookieAttributes(request, 60)}`);
  return redirect(to, { headers });
}

/** The pending notice (if any) and the header that clears it, for the root loader. */
export function takeNotice(request: Request): { notice: string | null; headers: HeadersInit | undefined } {
  const raw = readCookie(request, NOTICE_COOKIE);
  if (!raw) return { notice: null, headers: undefined };
  let notice: string | null;
  try {
    notice = decodeURIComponent(raw).slice(0, MAX_NOTICE_LENGTH);
  } catch {
    notice = null;
  }
  return { notice, headers: { "Set-Cookie": `${NOTICE_COOKIE}=; ${cookieAttributes(request, 0)}` } };
}
