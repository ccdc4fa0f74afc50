/** Throws a Response with the status when the condition fails: guards stay one line each. */
export function invariantResponse(condition: unknown, message: string, init: { status: number } = { status: 400 }): asserts condition {
  if (!condition) throw new Response(message, { status: init.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

export function notFound(message = "未找到该记录"): never {
  throw new Response(message, { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** The client address, which the server layer writes into this header (clients cannot set it). */
export const CLIENT_IP_HEADER = "x-carecert-client-ip";
export function clientIp(request: Request): string {
  return request.headers.get(CLIENT_IP_HEADER) ?? "unknown";
}

/**
 * Only same-site paths, so a crafted ?redirectTo= cannot send users elsewhere. Whitespace and control characters
 * are refused outright: browsers drop tabs and newlines inside URLs ("/\t/evil.example" becomes "//evil.example"),
 * and a newline would make the Location header invalid. What remains must resolve to this site.
 */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback: string): string {
  if (typeof to !== "string" || !to.startsWith("/") || /[\s\x00-\x1f\x7f\\]/.test(to)) return fallback;
  const base = "http://carecert.invalid";
  const url = new URL(to, base);
  if (url.origin !== base) return fallback;
  return url.pathname + url.search + url.hash;
}

/** One cookie's value from a request, or null. */
export function readCookie(request: Request, name: string): string | null {
  for (const part of (request.headers.get("Cookie") ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=") || null;
  }
  return null;
}

/** Cookie attributes shared by every cookie we set: Secure everywhere but on this machine's loopback. */
export function cookieAttributes(request: Request, maxAgeSeconds: number): string {
  const host = new URL(request.url).hostname;
  const loopback = host === "localhost" || host === "[::1]" || host.startsWith("127.");
  return `Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${loopback ? "" : "; Secure"}`;
}

/**
 * `Content-Disposition` for a download under the name the user sees (RFC 6266): the UTF-8 name as RFC 5987
 * `filename*`, and an ASCII-only `filename` for clients that ignore it.
 */
export function attachment(filename: string): string {
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const dot = filename.lastIndexOf(".");
  const [stem, extension] = dot > 0 ? [filename.slice(0, dot), filename.slice(dot)] : [filename, ""];
  const asciiStem = stem
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "");
  const asciiExtension = extension.replace(/[^A-Za-z0-9.]/g, "");
  return `attachment; filename="${asciiStem || "download"}${asciiExtension}"; filename*=UTF-8''${encoded}`;
}
