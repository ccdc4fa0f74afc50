import http from "node:http";
import fs from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { baseUrl, get, loginAs } from "./client.ts";

/** The server process's peak resident memory so far (VmHWM), in MB. */
function serverPeakRssMb(): number {
  const status = fs.readFileSync(`/proc/${inject("serverPid")}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

type Sent = { status: number; body: string; bytesSent: number; contentType: string };

/**
 * Streams a multipart upload of `total` bytes in 64 KB chunks, chunked unless `declare` is set, and stops
 * writing as soon as the server answers: what the server read is bounded by when it answered.
 */
function upload(path: string, cookie: string, total: number, options: { declare?: boolean; accept?: string } = {}): Promise<Sent> {
  const boundary = "carecertboundary";
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="intent"\r\n\r\nimport-roster\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n`);
  const chunk = Buffer.alloc(64 * 1024, "a");
  return new Promise((resolve, reject) => {
    let bytesSent = 0;
    let answered = false;
    const request = http.request(`${baseUrl}${path}`, {
      method: "POST",
      headers: {
        Cookie: cookie,
        Origin: baseUrl,
        Accept: options.accept ?? "text/html",
        "Content-Type": `multipart/form-data; boundary=${boundary}`,
        ...(options.declare ? { "Content-Length": String(head.length + total) } : {}),
      },
    });
    request.on("response", (response) => {
      answered = true;
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (d) => (body += d));
      response.on("end", () => {
        resolve({ status: response.statusCode!, body, bytesSent, contentType: String(response.headers["content-type"]) });
        request.destroy();
      });
    });
    request.on("error", (error) => (answered ? undefined : reject(error)));
    const write = () => {
      while (!answered && bytesSent < total) {
        bytesSent += chunk.length;
        if (!request.write(chunk)) return void request.once("drain", write);
      }
      if (!answered) request.end();
    };
    request.write(head);
    write();
  });
}

describe("uploads are bounded whatever the client sends", () => {
  it("refuses a chunked upload without Content-Length once it passes the cap, while it streams", async () => {
    const cookie = await loginAs("institution");
    const before = serverPeakRssMb();
    const sent = await upload("/institution/workers", cookie, 60 * 1024 * 1024);
    expect(sent.status).toBe(413);
    expect(sent.body).toContain("超过 5 MB");
    // The answer came long before the 60 MB were sent, and the server never held them.
    expect(sent.bytesSent).toBeLessThan(30 * 1024 * 1024);
    expect(serverPeakRssMb() - before).toBeLessThan(100);
    expect((await get("/healthz")).status).toBe(200);
  });

  it("answers an honest Content-Length above the cap at once, before the body is sent", async () => {
    const cookie = await loginAs("institution");
    const started = Date.now();
    const sent = await upload("/institution/workers", cookie, 300 * 1024 * 1024, { declare: true });
    expect(sent.status).toBe(413);
    expect(sent.body).toContain("超过 5 MB");
    expect(sent.contentType).toContain("text/html");
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(sent.bytesSent).toBeLessThan(50 * 1024 * 1024);
  });

  it("answers JSON clients in JSON", async () => {
    const cookie = await loginAs("institution");
    const sent = await upload("/institution/workers", cookie, 20 * 1024 * 1024, { accept: "application/json" });
    expect(sent.status).toBe(413);
    expect(JSON.parse(sent.body)).toEqual({ error: expect.stringContaining("超过 5 MB") });
  });

  it("keeps serving other requests while four oversized uploads stream at once", async () => {
    const cookie = await loginAs("institution");
    const uploads = Array.from({ length: 4 }, () => upload("/institution/workers", cookie, 40 * 1024 * 1024));
    const health = await get("/healthz");
    expect(health.status).toBe(200);
    for (const sent of await Promise.all(uploads)) expect(sent.status).toBe(413);
  });
});
