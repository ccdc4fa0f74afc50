const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** CSRF defence: a state-changing request must carry an Origin header naming one of our own origins. */
export function isAllowedOrigin(method: string, origin: string | null | undefined, allowedOrigins: string[]): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  if (!origin || origin === "null") return false;
  return allowedOrigins.includes(origin);
}
