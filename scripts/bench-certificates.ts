import fs from "node:fs";
import os from "node:os";
import { Worker } from "node:worker_threads";
import { ZipArchive } from "archiver";
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from "jose";

/**
 * Certificate rendering: a batch of PDFs (each with its QR code, seal and signed credential attached)
 * written into one ZIP, as a base's batch download does. Rendering runs in worker threads, one per core;
 * each parses the CJK fonts once and reuses them. Reports PDFs per second and the process's peak memory
 * (worker threads share it), sampled every 50 ms.
 */
// Worker threads do not inherit the --import tsx hooks: a small ES module entry registers tsx, then loads the worker.
const WORKER_ENTRY = new URL(
  `data:text/javascript,${encodeURIComponent(`import { register } from ${JSON.stringify(import.meta.resolve("tsx/esm/api"))}; register(); await import(${JSON.stringify(new URL("./bench-certificates-worker.ts", import.meta.url).href)});`)}`,
);

async function renderBatch(total: number, workers: number, zipFile: string) {
  const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint({ kty: jwk.kty!, crv: jwk.crv!, x: jwk.x! });
  const output = fs.createWriteStream(zipFile);
  const zip = new ZipArchive({ store: true });
  zip.pipe(output);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  let bytes = 0;
  let firstAt = 0;
  const started = performance.now();
  const share = Math.ceil(total / workers);
  await Promise.all(
    Array.from({ length: workers }, (_, w) => {
      const first = w * share;
      const worker = new Worker(WORKER_ENTRY, { workerData: { first, count: Math.max(0, Math.min(share, total - first)), kid, jwk, publicUrl: "https://carecert.example.cn" } });
      return new Promise<void>((resolve, reject) => {
        worker.on("message", (m: { done?: true; name?: string; bytes?: Uint8Array }) => {
          if (m.done) return void worker.terminate().then(() => resolve());
          firstAt ||= performance.now();
          bytes += m.bytes!.byteLength;
          zip.append(Buffer.from(m.bytes!.buffer, m.bytes!.byteOffset, m.bytes!.byteLength), { name: m.name! });
        });
        worker.on("error", reject);
      });
    }),
  );
  await zip.finalize();
  await new Promise<void>((resolve) => output.on("close", () => resolve()));
  const elapsed = (performance.now() - started) / 1000;
  clearInterval(sampler);
  return {
    total,
    workers,
    seconds: Math.round(elapsed * 10) / 10,
    perSecond: Math.round(total / elapsed),
    // From the first finished PDF on: without the workers' start-up (loading modules, parsing the fonts).
    steadyPerSecond: Math.round(total / ((performance.now() - firstAt) / 1000)),
    averageKb: Math.round(bytes / total / 1024),
    zipMb: Math.round(fs.statSync(zipFile).size / 1024 / 1024),
    peakRssMb: Math.round(peakRss / 1024 / 1024),
  };
}

export async function certificateRendering(dir = ".tmp/bench") {
  fs.mkdirSync(dir, { recursive: true });
  const cores = os.availableParallelism();
  const runs = [await renderBatch(1000, 1, `${dir}/certificates-1.zip`), await renderBatch(10_000, cores, `${dir}/certificates.zip`)];
  console.log("\ncertificate PDFs | worker threads | seconds | PDFs/s | PDFs/s after start-up | KB per PDF | ZIP MB | peak RSS MB");
  console.log("---|---|---|---|---|---|---|---");
  for (const r of runs) console.log(`${r.total} | ${r.workers} | ${r.seconds} | ${r.perSecond} | ${r.steadyPerSecond} | ${r.averageKb} | ${r.zipMb} | ${r.peakRssMb}`);
  return runs;
}

if (import.meta.url === `file://${process.argv[1]}`) await certificateRendering();
