import fs from "node:fs";
import type { JSONWebKeySet } from "jose";
import { parseArgs } from "../app/cli/cli.server.ts";
import { getConfig } from "../app/config.server.ts";
import { credentialRevoked, identityMatches, JWKS_PATH, verifyCredential } from "../certificates/credential.server.ts";
import { credentialFromFile } from "../certificates/pdf-attachment.ts";

/**
 * npm run verify -- <certificate.pdf | credential.jwt> [--jwks <file|url>] [--status <file|url>] [--id-number <居民身份证号码>]
 *
 * Checks a downloaded certificate's credential against the published keys. Offline: pass --jwks a copy
 * of /.well-known/jwks.json saved earlier (and --status a saved status list, if at hand). Otherwise the
 * keys and the status list are fetched from this installation's PUBLIC_URL — never from an address the
 * file itself names, which a forger would control. The credential holds the ID number only as a salted hash:
 * --id-number checks the number printed on the certificate (or shown by the holder) against it.
 * Exit code 0: genuine and not revoked; 1: forged, altered, revoked or superseded; 2: cannot check.
 */
const { args, options } = parseArgs(process.argv.slice(2));
const out = (line: string) => console.log(line);

async function readSource(source: string): Promise<string> {
  if (/^https?:\/\//.test(source)) {
    const response = await fetch(source);
    if (!response.ok) throw new Error(`${source} 返回 ${response.status}`);
    return response.text();
  }
  return fs.readFileSync(source, "utf8");
}

async function main(): Promise<number> {
  const [file] = args;
  if (!file) {
    out("用法：npm run verify -- <证书.pdf | 电子凭证.jwt> [--jwks 公钥文件或网址] [--status 状态列表文件或网址] [--id-number 证件号码]");
    return 2;
  }
  const jwt = credentialFromFile(fs.readFileSync(file));
  if (!jwt) {
    out(`✗ ${file} 中没有找到电子凭证（W3C 可验证凭证）`);
    return 2;
  }
  const publicUrl = getConfig().publicUrl;
  const jwksSource = typeof options.jwks === "string" ? options.jwks : `${publicUrl}${JWKS_PATH}`;
  let jwks: JSONWebKeySet;
  try {
    jwks = JSON.parse(await readSource(jwksSource)) as JSONWebKeySet;
  } catch (error) {
    out(`✗ 无法读取公钥（${jwksSource}）：${(error as Error).message}`);
    return 2;
  }
  const check = await verifyCredential(jwt, jwks);
  if (!check.ok) {
    out(`✗ 不是真实证书：${check.reason}`);
    return 1;
  }
  const { credentialSubject: subject } = check.credential;
  const c = subject.certificate;
  out(`✓ 签名有效（密钥 ${check.kid}，公钥来自 ${jwksSource}）`);
  out(`  ${check.credential.name}  ${c.number}  第 ${c.edition} 版`);
  out(`  持证人 ${subject.name}（${subject.idType}号码以加盐散列记录，可用 --id-number 核对）`);
  if (typeof options["id-number"] === "string") {
    if (!identityMatches(check.credential, options["id-number"])) {
      out("✗ 证件号码与凭证不符");
      return 1;
    }
    out("✓ 证件号码与凭证相符");
  }
  out(`  ${c.occupation}${c.level ? ` ${c.level}` : ""} · ${c.evaluationBody} · 发证日期 ${c.issuedOn}`);

  const statusSource = typeof options.status === "string" ? options.status : new URL(check.credential.credentialStatus.statusListCredential).origin === new URL(jwksSource, publicUrl).origin ? check.credential.credentialStatus.statusListCredential : null;
  if (!statusSource) {
    out("  吊销状态：未核对（状态列表不在公钥所在的网站上；可用 --status 指定）");
    return 0;
  }
  try {
    if (await credentialRevoked(check.credential, await readSource(statusSource), jwks)) {
      out(`✗ 此凭证已作废：证书已被吊销，或已补发新版本（状态列表 ${statusSource}）`);
      return 1;
    }
    out(`  吊销状态：未吊销（状态列表 ${statusSource}）`);
  } catch (error) {
    out(`  吊销状态：未能核对（${(error as Error).message}）；签名核验不受影响`);
  }
  return 0;
}

process.exit(await main());
