import { randomInt } from "node:crypto";
import argon2 from "argon2";
import { z } from "zod";

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

/** Length counts characters, not bytes; argon2 hashes the whole input, so nothing is truncated. */
export const passwordSchema = z
  .string({ message: "请输入密码" })
  .refine((p) => [...p].length >= PASSWORD_MIN, `密码至少 ${PASSWORD_MIN} 个字符`)
  .refine((p) => [...p].length <= PASSWORD_MAX, `密码最多 ${PASSWORD_MAX} 个字符`);

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

export function verifyPassword(hash: string, password: string): Promise<boolean> {
  return argon2.verify(hash, password);
}

let dummyHash: Promise<string> | undefined;
/** Spends the same time as a real check, so unknown usernames are not revealed by timing. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword("carecert-timing-equaliser");
  await argon2.verify(await dummyHash, password);
  return false;
}

/** A one-time initial password: 12 characters without look-alikes, easy to read out on the phone. */
export function generateInitialPassword(): string {
  const alphabet = "ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789";
  return Array.from({ length: 12 }, () => alphabet[randomInt(alphabet.length)]).join("");
}

export const INITIAL_PASSWORD_VALID_MS = 3 * 24 * 3600_000;
