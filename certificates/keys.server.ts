import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JSONWebKeySet, type JWK } from "jose";
import type { DbOrTx } from "../db/client.ts";
import { signingKeys } from "../db/schema.ts";
import type { SigningKey } from "./credential.server.ts";

/**
 * The Ed25519 signing key. Its private half is a JWK in a file readable by the server's user only (0600),
 * kept out of the database so a database copy or backup cannot sign certificates; its public half goes
 * into `signing_keys`, which the JWKS publishes — every key ever used, so older credentials still verify.
 * Created on first start; a new key is made only if the file is gone (its predecessor stays published).
 */
type KeyFile = { kid: string; jwk: JWK };

/** Where the key comes from: a secret every server is given (`SIGNING_KEY`), else a file they share. */
export type SigningKeySource = { signingKeyPath: string; signingKey: string | null };

// Per process, and safe so: every server reads the same key from the same secret or shared file.
const loaded = new Map<string, Promise<SigningKey>>();

export function loadSigningKey(db: DbOrTx, source: SigningKeySource): Promise<SigningKey> {
  const cacheKey = source.signingKey ?? source.signingKeyPath;
  let key = loaded.get(cacheKey);
  if (!key) {
    key = readOrCreate(db, source);
    loaded.set(cacheKey, key);
    key.catch(() => loaded.delete(cacheKey));
  }
  return key;
}

async function readOrCreate(db: DbOrTx, source: SigningKeySource): Promise<SigningKey> {
  const file = source.signingKeyPath;
  const stored = source.signingKey !== null ? parseKeySecret(source.signingKey) : fs.existsSync(file) ? readKeyFile(file) : await createKeyFile(file);
  const { d: _private, ...publicJwk } = stored.jwk;
  // A key file carried over to a fresh database is published there too.
  await db.insert(signingKeys)
    .values({ kid: stored.kid, publicJwk: { ...publicJwk, kid: stored.kid, alg: "EdDSA", use: "sig" } })
    .onConflictDoNothing();
  return { kid: stored.kid, privateKey: (await importJWK(stored.jwk, "EdDSA")) as CryptoKey };
}

function parseKeySecret(secret: string): KeyFile {
  try {
    const parsed = JSON.parse(secret) as Partial<KeyFile>;
    if (typeof parsed.kid === "string" && parsed.jwk?.kty === "OKP" && typeof parsed.jwk.d === "string") return parsed as KeyFile;
  } catch {
    // reported below
  }
  throw new Error("SIGNING_KEY 不是有效的签名私钥：须为签名私钥文件（signing-key.json）的完整 JSON 内容");
}

function readKeyFile(file: string): KeyFile {
  const mode = fs.statSync(file).mode & 0o777;
  if (mode & 0o077) throw new Error(`签名私钥文件 ${file} 的权限为 ${mode.toString(8)}，其他用户可读；请执行 chmod 600`);
  return JSON.parse(fs.readFileSync(file, "utf8")) as KeyFile;
}

/** Written to a temporary file, then linked into place: two processes starting at once end up with one key. */
async function createKeyFile(file: string): Promise<KeyFile> {
  const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint({ kty: jwk.kty!, crv: jwk.crv!, x: jwk.x! });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${crypto.randomUUID()}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify({ kid, jwk } satisfies KeyFile), { mode: 0o600 });
  try {
    fs.linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    fs.unlinkSync(temporary);
  }
  return readKeyFile(file);
}

/** The published key set (/.well-known/jwks.json). */
export async function publishedKeys(db: DbOrTx): Promise<JSONWebKeySet> {
  return { keys: (await db.select().from(signingKeys).orderBy(signingKeys.createdAt)).map((k) => k.publicJwk) };
}
