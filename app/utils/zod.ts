import { z } from "zod";

/**
 * The one zod every schema in the app uses (routes, imports, CLI, content): importing it installs the Chinese error
 * map, so a schema without its own message (an enum, a union, a type check) never shows zod's English default such
 * as "Invalid input". Messages a schema states itself always win over these.
 */
type Issue = z.core.$ZodRawIssue;

const quantity = (origin: string, n: number | bigint) => (origin === "string" ? `${n} 个字` : origin === "array" || origin === "set" ? `${n} 项` : origin === "file" ? `${n} 字节` : `${n}`);

/** A union names what its most promising branch objected to: a branch's own message before a generic one. */
function unionMessage(issue: Issue & { code: "invalid_union" }): string {
  if (issue.discriminator) return "请从给出的选项中选择";
  const branches = (issue.errors ?? []) as z.core.$ZodIssue[][];
  const stated = branches.flat().find((i) => i.code === "custom" && i.message);
  return stated?.message ?? branches.flat().find((i) => i.code !== "invalid_value" && i.code !== "invalid_type")?.message ?? "填写的内容不符合要求";
}

export function chineseIssueMessage(issue: Issue): string {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined || issue.input === null ? "请填写此项" : "填写的内容格式不正确";
    case "too_small":
      if (issue.origin === "string" && Number(issue.minimum) <= 1) return "请填写此项";
      if (issue.exact) return `应为 ${quantity(issue.origin, issue.minimum)}`;
      return issue.origin === "string" || issue.origin === "array" || issue.origin === "set" ? `至少 ${quantity(issue.origin, issue.minimum)}` : `不能小于 ${issue.minimum}`;
    case "too_big":
      if (issue.exact) return `应为 ${quantity(issue.origin, issue.maximum)}`;
      return issue.origin === "string" || issue.origin === "array" || issue.origin === "set" || issue.origin === "file" ? `最多 ${quantity(issue.origin, issue.maximum)}` : `不能大于 ${issue.maximum}`;
    case "invalid_format":
      return issue.format === "email" ? "请填写正确的电子邮箱" : issue.format === "url" ? "请填写正确的网址" : "填写的内容格式不正确";
    case "not_multiple_of":
      return `应为 ${issue.divisor} 的整数倍`;
    case "unrecognized_keys":
      return "包含无法识别的项";
    case "invalid_union":
      return unionMessage(issue);
    case "invalid_key":
    case "invalid_element":
      return "其中有内容格式不正确";
    case "invalid_value":
      // Values in Chinese are worth listing; internal codes (male, training_base…) are not.
      return issue.values.length > 0 && issue.values.every((v) => typeof v === "string" && /^[^A-Za-z]+$/.test(v)) ? `应为：${issue.values.join("、")}` : "请从给出的选项中选择";
    default:
      return "填写的内容不符合要求";
  }
}

z.config({ customError: (issue) => chineseIssueMessage(issue) });

export { z };
