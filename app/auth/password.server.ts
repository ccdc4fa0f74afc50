import { randomInt } from "node:crypto";
import { dictionary } from "@zxcvbn-ts/language-common";
import argon2 from "argon2";
import { z } from "../utils/zod.ts";

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

/** Length counts characters, not bytes; argon2 hashes the whole input, so nothing is truncated. */
export const passwordSchema = z
  .string({ message: "请输入密码" })
  .refine((p) => [...p].length >= PASSWORD_MIN, `密码至少 ${PASSWORD_MIN} 个字符`)
  .refine((p) => [...p].length <= PASSWORD_MAX, `密码最多 ${PASSWORD_MAX} 个字符`);

export const PASSWORD_COMMON = "该密码过于常见，容易被猜中，请换一个";
export const PASSWORD_HAS_USERNAME = "密码不能包含用户名";

// zxcvbn's list of common passwords (~49,000), lower-cased once per process.
let commonPasswords: Set<string> | undefined;

/** What is wrong with a new password beyond its length, or null: a common password, or one containing the username. */
export function newPasswordProblem(password: string, username: string): string | null {
  commonPasswords ??= new Set(dictionary.passwords.map((p) => p.toLowerCase()));
  const lower = password.toLowerCase();
  if (commonPasswords.has(lower)) return PASSWORD_COMMON;
  const name = username.trim().toLowerCase();
  if (name.length > 0 && lower.includes(name)) return PASSWORD_HAS_USERNAME;
  return null;
}

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
