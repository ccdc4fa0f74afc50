import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { CLIENT_IP_HEADER } from "../../app/utils/http.ts";

type Options = { cookie?: string | null; ip?: string };

function headers(options: Options, extra: Record<string, string> = {}) {
  return {
    ...extra,
    [CLIENT_IP_HEADER]: options.ip ?? "192.0.2.10",
    ...(options.cookie ? { Cookie: options.cookie } : {}),
  };
}

export function getRequest(path: string, options: Options = {}) {
  return new Request(`http://localhost${path}`, { headers: headers(options) });
}

export function postRequest(path: string, fields: Record<string, string> | string[][], options: Options = {}) {
  return new Request(`http://localhost${path}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: headers(options, { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://localhost" }),
  });
}

export type Outcome<T = unknown> = { status: number; headers: Headers; data: T | null; location: string | null; body: string | null };

/** Runs a loader or action the way Remix would and flattens returned data, responses and thrown responses into one shape. */
export async function run<T = any>(
  fn: (args: LoaderFunctionArgs & ActionFunctionArgs) => unknown,
  request: Request,
  params: Record<string, string> = {},
): Promise<Outcome<T>> {
  let result: unknown;
  try {
    result = await fn({ request, params, context: { cspNonce: "" } });
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    result = thrown;
  }
  if (result instanceof Response) {
    const body = result.headers.get("Location") ? null : await result.text();
    return { status: result.status, headers: result.headers, data: null, location: result.headers.get("Location"), body };
  }
  // Remix's data(value, init) helper
  if (result && typeof result === "object" && (result as { type?: string }).type === "DataWithResponseInit") {
    const { data, init } = result as { data: T; init?: ResponseInit };
    return { status: init?.status ?? 200, headers: new Headers(init?.headers), data, location: null, body: null };
  }
  return { status: 200, headers: new Headers(), data: result as T, location: null, body: null };
}

/** The `name=value` part of the session cookie a response sets. */
export function sessionCookieOf(outcome: Outcome): string {
  const header = outcome.headers.get("Set-Cookie");
  if (!header) throw new Error("no Set-Cookie on the response");
  return header.split(";")[0]!;
}
