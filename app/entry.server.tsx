import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
// React 18.3.1's Node renderer (renderToPipeableStream) encodes text into 2 KB buffers and, when a multi-byte
// character does not fit the end of one, sends the whole buffer with its unused zero bytes: NULs inside Chinese
// pages. Its web-stream renderer encodes every string whole, so that is the one used here.
import { renderToReadableStream } from "react-dom/server.browser";
import { isDatabaseUnavailable } from "../db/connect.ts";
import { startBatchWorker } from "./certificates/batches.server.ts";
import { db } from "./db.server.ts";
import { NonceProvider } from "./utils/nonce.tsx";

// Background jobs start with the app in every server process: any of them may take a queued job.
startBatchWorker(db);

declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce: string;
    /** Set when a loader or action failed because the database is locked or unreachable: 503 instead of 500. */
    databaseBusy?: boolean;
  }
}

export const streamTimeout = 5_000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), streamTimeout + 1000);
  let shellRendered = false;
  const body = await renderToReadableStream(
    <NonceProvider value={nonce}>
      <RemixServer context={remixContext} url={request.url} nonce={nonce} />
    </NonceProvider>,
    {
      nonce,
      signal: controller.signal,
      onError(error: unknown) {
        responseStatusCode = 500;
        if (shellRendered) console.error(error);
      },
    },
  );
  shellRendered = true;
  // Crawlers get the whole page at once; browsers get the shell as soon as it is ready.
  if (isbot(request.headers.get("user-agent"))) await body.allReady;
  const stopTimer = () => clearTimeout(timer);
  // An aborted render rejects allReady; that is handled here, not left as an unhandled rejection.
  body.allReady.then(stopTimer, stopTimer);
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  return new Response(body, { headers: responseHeaders, status: responseStatusCode });
}

export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (isDatabaseUnavailable(error)) context.databaseBusy = true;
  if (!request.signal.aborted) console.error(error);
};
