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

/** Only same-site paths, so a crafted ?redirectTo= cannot send users elsewhere. */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback: string): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
