import { levelShortLabel, occupations, type SkillLevel } from "../occupations/occupations.ts";
import type { PoolFilter } from "./pool.server.ts";
import { teachingSubjects } from "./subjects.ts";

/** The pool's filters from the address: unknown values are ignored, so a stale link still opens. */
export function readPoolFilter(url: URL, bases: Array<{ id: number }>) {
  const p = url.searchParams;
  const kind = p.get("kind") === "experts" ? ("experts" as const) : ("teachers" as const);
  const level = Number(p.get("level"));
  const baseId = Number(p.get("base"));
  const filter: PoolFilter = {
    q: p.get("q")?.trim() || undefined,
    subject: teachingSubjects.find((s) => s === p.get("subject")),
    level: level >= 1 && level <= 5 ? level : undefined,
    baseId: bases.some((b) => b.id === baseId) ? baseId : undefined,
    occupation: occupations.find((o) => o === p.get("occupation")),
    available: p.get("available") === "panels" ? "panels" : p.get("available") === "judging" ? "judging" : undefined,
  };
  return { kind, filter };
}

export const levelsText = (levels: number[]) => [...levels].sort((a, b) => b - a).map((l) => levelShortLabel(l as SkillLevel)).join("、");
export const availabilityText = (e: { availableForPanels: boolean; availableForJudging: boolean }) => [e.availableForPanels ? "考评组" : null, e.availableForJudging ? "竞赛裁判" : null].filter(Boolean).join("、") || "暂不可用";

