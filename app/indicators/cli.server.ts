import { firstRow } from "../../db/query.ts";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { regions } from "../../db/schema.ts";
import { scopeCoversRegion } from "../auth/permissions.ts";
import { CliError, type CliCommand } from "../cli/cli.server.ts";
import { chinaDate } from "../utils/dates.ts";
import { indicatorCatalogue, indicatorKeys, populationNames } from "./catalogue.ts";
import { computeIndicators, type RegionIndicators } from "./indicators.ts";
import { loadIndicatorInput } from "./indicators.server.ts";
import { importPopulation } from "./population.server.ts";
import { readIndicatorQuery } from "./query.ts";
import { formatFigure, statusNames } from "./format.ts";

const round2 = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);

/** One region as the CLI prints it with --json: figures rounded to 2 decimals, shares in percent. */
function indicatorJson(r: RegionIndicators): Record<string, unknown> {
  return {
    region: r.code,
    name: r.name,
    date: r.date,
    population: r.population,
    populationYear: r.populationYear,
    elderly: r.elderly,
    certifiedCaregivers: r.certifiedCaregivers,
    level3PlusCaregivers: r.level3Plus,
    ...Object.fromEntries(indicatorKeys.map((k) => [k, round2(r.figures[k].value)])),
    townships: r.figures.townshipSocialWorkers.denominator,
    homeCareOrganisations: r.figures.homeCareSocialWorkers.denominator,
    targets: Object.fromEntries(
      indicatorKeys.map((k) => {
        const f = r.figures[k];
        return [k, f.target ? { year: f.target.year, value: f.target.value, region: f.target.regionCode, status: f.status, gap: f.gap } : { status: f.status }];
      }),
    ),
    children: r.children.map(indicatorJson),
  };
}

const populationImport: CliCommand = {
  name: "population:import",
  usage: "population:import <file.xlsx|file.csv>",
  summary: "导入人口统计数据（区划代码、年份、60岁以上常住/户籍人口、常住人口）",
  async run(ctx) {
    ctx.require("manage:population:any");
    const file = ctx.args[0];
    if (!file) throw new CliError("请给出要导入的文件：population:import <文件>");
    if (!fs.existsSync(file)) throw new CliError(`找不到文件：${file}`);
    const result = await importPopulation(ctx.db, { name: path.basename(file), bytes: fs.readFileSync(file) }, ctx.actor);
    if (!result.ok) {
      ctx.out("文件未导入，请修改后重试：");
      for (const p of result.problems) ctx.out(`  ${p.row ? `第 ${p.row} 行` : "文件"}${p.column ? `「${p.column}」` : ""}：${p.message}`);
      return 1;
    }
    ctx.out(result.message);
    return 0;
  },
};

const indicators: CliCommand = {
  name: "indicators",
  usage: "indicators --region <code> [--date YYYY-MM-DD] [--population resident|registered] [--json]",
  summary: "计算地区及其下级地区的队伍建设指标",
  async run(ctx) {
    const scope = ctx.require("read:indicators");
    const params = new URLSearchParams();
    for (const [option, param] of [["region", "code"], ["date", "date"], ["population", "population"]] as const) {
      const value = ctx.options[option];
      if (typeof value === "string") params.set(param, value);
    }
    const { query, errors } = readIndicatorQuery(params, chinaDate(new Date()));
    const problems = Object.entries(errors).map(([field, message]) => `--${field === "code" ? "region" : field}：${message}`);
    if (problems.length > 0) throw new CliError(problems.join("\n"));
    const { code, date, population } = query;
    if (!code || !await firstRow(ctx.db.select().from(regions).where(eq(regions.code, code))) || !scopeCoversRegion(scope, code)) throw new CliError(`没有可查看的地区：${code ?? "请用 --region 指定"}`);
    const result = computeIndicators(await loadIndicatorInput(ctx.db, code, date), { root: code, date, population });
    if (ctx.options.json) {
      ctx.out(JSON.stringify(indicatorJson(result), null, 2));
      return 0;
    }
    ctx.out(`${result.name}（${result.code}）队伍建设指标，统计日 ${date}，${populationNames[population]}${result.populationYear ?? "（无人口数据）"}年 60 岁以上 ${result.elderly ?? "—"} 人`);
    for (const r of [result, ...result.children]) {
      ctx.out(`\n${r.name}（${r.code}）`);
      for (const k of indicatorKeys) {
        const f = r.figures[k];
        ctx.out(`  ${indicatorCatalogue[k].name}：${formatFigure(k, f)}　${f.target ? indicatorCatalogue[k].target(f.target.value) : "无目标"}　${statusNames[f.status]}${f.gap ? `　${indicatorCatalogue[k].gap(f.gap, f.target!.value)}` : ""}`);
      }
    }
    return 0;
  },
};

export const indicatorCommands: CliCommand[] = [populationImport, indicators];
