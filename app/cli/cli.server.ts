import { firstRow } from "../../db/query.ts";
import os from "node:os";
import type { Db } from "../../db/client.ts";
import { eq } from "drizzle-orm";
import { users } from "../../db/schema.ts";
import { loadGrants } from "../auth/auth.server.ts";
import { resolveScope, type Scope, type WantedPermission } from "../auth/permissions.ts";

/**
 * `npm run cli -- <command> [args] [--option value] [--flag]`. Commands live in their domain's folder
 * and call the same functions as the web pages. The operator acts as the system unless `--as <username>`
 * names a user, whose permissions then apply exactly as on the web.
 */
export type CliContext = {
  db: Db;
  args: string[];
  options: Record<string, string | true>;
  /** Resolves a permission for the acting user; the system operator has every permission everywhere. */
  require(permission: WantedPermission): Scope;
  /** Who the audit log records: the named user, or none (the details say "cli" and the OS user). */
  actor: { userId: number | null; ip: string };
  out(line: string): void;
};

export type CliCommand = { name: string; usage: string; summary: string; run(ctx: CliContext): Promise<number> | number };

export class CliError extends Error {}

export function parseArgs(argv: string[]): { args: string[]; options: Record<string, string | true> } {
  const args: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith("--")) {
      args.push(a);
      continue;
    }
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith("--")) {
      options[a.slice(2)] = next;
      i++;
    } else options[a.slice(2)] = true;
  }
  return { args, options };
}

export function stringOption(ctx: Pick<CliContext, "options">, name: string): string {
  const value = ctx.options[name];
  if (typeof value !== "string" || value === "") throw new CliError(`缺少参数 --${name}`);
  return value;
}

/** Runs one command line; returns the exit code. Errors a user can fix are printed in Chinese, without a stack. */
export async function runCli(db: Db, commands: CliCommand[], argv: string[], out = (line: string) => console.log(line), err = (line: string) => console.error(line)): Promise<number> {
  const [name, ...rest] = argv;
  const command = commands.find((c) => c.name === name);
  if (!command) {
    err(name ? `未知命令：${name}` : "用法：npm run cli -- <命令> [参数]");
    for (const c of commands) err(`  ${c.usage.padEnd(64)} ${c.summary}`);
    return 2;
  }
  const { args, options } = parseArgs(rest);
  try {
    const asUser = typeof options.as === "string" ? await firstRow(db.select().from(users).where(eq(users.username, options.as))) : null;
    if (options.as !== undefined && (!asUser || asUser.disabledAt)) throw new CliError(`没有可用的用户：${String(options.as)}`);
    const grants = asUser ? await loadGrants(db, asUser.id) : null;
    const ctx: CliContext = {
      db,
      args,
      options,
      actor: { userId: asUser?.id ?? null, ip: `cli:${os.userInfo().username}` },
      require(permission) {
        if (!grants) return { any: true, own: false, organisationIds: [], regionCodes: [] };
        const scope = resolveScope(grants, permission);
        if (!scope) throw new CliError(`用户 ${asUser!.username} 没有权限：${permission}`);
        return scope;
      },
      out,
    };
    return await command.run(ctx);
  } catch (error) {
    if (error instanceof CliError) {
      err(error.message);
      return 1;
    }
    throw error;
  }
}
