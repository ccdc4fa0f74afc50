import { scopeCoversRegion } from "../auth/permissions.ts";
import { CliError, stringOption, type CliCommand } from "../cli/cli.server.ts";
import { computeAllowances } from "./lists.server.ts";

export const allowanceCommands: CliCommand[] = [
  {
    name: "allowances:compute",
    usage: "allowances:compute --region <区划代码> --month YYYY-MM [--json]",
    summary: "按政策计算某地区某月的补贴（发放人员与未列入人员及原因），不改动名册",
    async run(ctx) {
      const scope = ctx.require("read:allowance-list:region");
      const region = stringOption(ctx, "region");
      const month = stringOption(ctx, "month");
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new CliError("--month 应为 YYYY-MM");
      if (!scopeCoversRegion(scope, region)) throw new CliError(`地区 ${region} 不在权限范围内`);
      const { rules, lines, excluded, total } = await computeAllowances(ctx.db, region, month);
      if (rules.length === 0) throw new CliError(`${month} 没有适用于地区 ${region} 的补贴政策`);
      if (ctx.options.json) {
        ctx.out(
          JSON.stringify({
            lines: lines.map((l) => ({ idNumber: l.idNumber, name: l.name, institution: l.organisationName, level: l.level, amount: l.amount, policy: l.policyName, rule: l.rule })),
            excluded: excluded.map((e) => ({ idNumber: e.idNumber, name: e.name, institution: e.organisationName, policy: e.policyName, reasons: e.reasons })),
            total,
          }),
        );
        return 0;
      }
      ctx.out(`${region} ${month}：发放 ${lines.length} 人，合计 ${total} 元；未列入 ${excluded.length} 人`);
      for (const l of lines) ctx.out(`  ${l.organisationName}\t${l.name}\t${l.idNumber}\t${l.amount} 元\t${l.rule}`);
      for (const e of excluded) ctx.out(`  未列入 ${e.organisationName}\t${e.name}\t${e.idNumber}\t${e.reasons.join("；")}`);
      return 0;
    },
  },
];
