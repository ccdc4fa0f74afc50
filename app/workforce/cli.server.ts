import { firstRow } from "../../db/query.ts";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { organisations } from "../../db/schema.ts";
import { scopeCoversOrganisation, scopeCoversRegion, type WantedPermission } from "../auth/permissions.ts";
import { CliError, stringOption, type CliCommand, type CliContext } from "../cli/cli.server.ts";
import { chinaDate } from "../utils/dates.ts";
import { importMonthly, importOrganisations, importRoster, verifyExternalCertificates, type ImportOutcome } from "./workforce.server.ts";

/** Operator commands for the worker registry; the same functions and checks as the web pages. */

const by = (ctx: CliContext) => ({ userId: ctx.actor.userId, realUserId: ctx.actor.userId, ip: ctx.actor.ip });

function readFile(ctx: CliContext) {
  const file = ctx.args[0];
  if (!file) throw new CliError("请给出要导入的文件");
  if (!fs.existsSync(file)) throw new CliError(`找不到文件：${file}`);
  return { name: path.basename(file), bytes: new Uint8Array(fs.readFileSync(file)) };
}

function report(ctx: CliContext, outcome: ImportOutcome): number {
  if (outcome.ok) {
    ctx.out(outcome.message);
    return 0;
  }
  ctx.out("文件未导入，请修改后重新导入：");
  for (const p of outcome.problems) ctx.out(`  ${p.row ? `第 ${p.row} 行` : "文件"}${p.column ? `「${p.column}」` : ""}：${p.message}`);
  return 1;
}

/** The institution named by `--org <credit code>`, inside the acting user's scope for the permission. */
async function institution(ctx: CliContext, permission: WantedPermission) {
  const scope = ctx.require(permission);
  const creditCode = stringOption(ctx, "org").toUpperCase();
  const org = await firstRow(ctx.db.select().from(organisations).where(eq(organisations.creditCode, creditCode)));
  if (!org || !scopeCoversOrganisation(scope, org)) throw new CliError(`没有统一社会信用代码为 ${creditCode} 的机构，或该机构不在权限范围内`);
  return org;
}

export const workforceCommands: CliCommand[] = [
  {
    name: "orgs:import",
    usage: "orgs:import <文件.xlsx|.csv>",
    summary: "导入机构（名称、统一社会信用代码、类型、区划代码、床位数、护理型床位数）",
    async run(ctx) {
      ctx.require("manage:organisation:any");
      return report(ctx, await importOrganisations(ctx.db, readFile(ctx), by(ctx)));
    },
  },
  {
    name: "workers:import",
    usage: "workers:import <文件> --org <统一社会信用代码>",
    summary: "导入机构的从业人员名册（含外部证书）",
    async run(ctx) {
      const org = await institution(ctx, "manage:worker:org");
      return report(ctx, await importRoster(ctx.db, org.id, readFile(ctx), by(ctx), chinaDate(new Date())));
    },
  },
  {
    name: "monthly:import",
    usage: "monthly:import <文件> --org <统一社会信用代码>",
    summary: "导入机构的月度记录（出勤、社保、继续教育、责任事故）",
    async run(ctx) {
      const org = await institution(ctx, "manage:worker:org");
      return report(ctx, await importMonthly(ctx.db, org.id, readFile(ctx), by(ctx), chinaDate(new Date())));
    },
  },
  {
    name: "certs:verify-external",
    usage: "certs:verify-external --region <区划代码>",
    summary: "确认辖区内全部待核验的外部证书（逐张记入审计日志）",
    async run(ctx) {
      const scope = ctx.require("verify:external-certificate:region");
      const region = stringOption(ctx, "region");
      if (!scopeCoversRegion(scope, region)) throw new CliError(`地区 ${region} 不在权限范围内`);
      const verified = await verifyExternalCertificates(ctx.db, { any: false, own: false, organisationIds: [], regionCodes: [region] }, "all", by(ctx));
      ctx.out(`已确认 ${verified} 张外部证书`);
      return 0;
    },
  },
];
