import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { auditDetailFields, auditEventLabels, auditObject } from "../../app/audit/audit-labels.ts";

const appDir = path.resolve(import.meta.dirname, "../../app");
const sources = (fs.readdirSync(appDir, { recursive: true }) as string[])
  .filter((file) => /\.tsx?$/.test(file))
  .map((file) => fs.readFileSync(path.join(appDir, file), "utf8"));

/** Every "component.action" literal (or template) written as an audit event: what follows `event:` up to the next field. */
function writtenEvents() {
  const events = new Set<string>();
  for (const source of sources) {
    for (const match of source.matchAll(/\bevent:\s*([^,}]+(?:\?[^,}]+:[^,}]+)?)/g)) {
      for (const literal of match[1]!.matchAll(/["`]([a-z_]+\.[a-z_${}.]+)["`]/g)) events.add(literal[1]!);
    }
  }
  return [...events];
}

describe("audit log in Chinese", () => {
  it("has a Chinese label for every event written anywhere in app/", () => {
    const events = writtenEvents();
    expect(events.length).toBeGreaterThan(60);
    const missing = events.filter((event) => {
      // A template such as `assessment.${input.part}_scored` needs a label for some value of its placeholder.
      if (event.includes("${")) {
        const pattern = new RegExp(`^${event.replace(/\./g, "\\.").replace(/\$\{[^}]*\}/g, "[a-z_]+")}$`);
        return !Object.keys(auditEventLabels).some((key) => pattern.test(key));
      }
      return !(event in auditEventLabels);
    });
    expect(missing).toEqual([]);
    for (const label of Object.values(auditEventLabels)) expect(label).toMatch(/[\u4e00-\u9fff]/);
  });

  it("names and links the object an event points at", () => {
    expect(auditObject("allowance_lists", "2", () => true)).toEqual({ text: "补贴名册 #2", href: "/allowances/2" });
    // No link to a page the reader cannot open.
    expect(auditObject("allowance_lists", "2", (p) => p !== "read:allowance-list")).toEqual({ text: "补贴名册 #2", href: null });
    expect(auditObject("sessions", "9", () => true)).toEqual({ text: "登录会话 #9", href: null });
    expect(auditObject(null, null, () => true)).toBeNull();
  });

  it("shows details field by field, nested ones under their parent", () => {
    expect(auditDetailFields({ listId: 2, amount: 300, passed: false, before: { source: "长兴县规划" }, questionIds: ["a", "b"] })).toEqual([
      { label: "补贴名册", value: "2" },
      { label: "金额（元）", value: "300" },
      { label: "是否通过", value: "否" },
      { label: "修改前 · 依据", value: "长兴县规划" },
      { label: "题目编号", value: "a、b" },
    ]);
  });
});
