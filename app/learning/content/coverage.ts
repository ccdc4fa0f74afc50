import type { CourseMapFile } from "./content-schema.ts";

/** One 技能要求 or 相关知识 of the standard no lesson teaches yet, placed as 职业功能 › 工作内容. */
export type UncoveredPoint = { where: string; kind: "技能要求" | "相关知识"; text: string; note: string | null };

export type MapCoverage = { points: number; covered: number; uncovered: UncoveredPoint[] };

/** How much of a course's content map its lessons cover; a point counts as covered when it names at least one lesson. */
export function mapCoverage(map: CourseMapFile): MapCoverage {
  const all = map.functions.flatMap((f) => f.contents.flatMap((c) => c.points.map((p) => ({ where: `${f.title} › ${c.title}`, p }))));
  const uncovered = all
    .filter(({ p }) => p.lessons.length === 0)
    .map(({ where, p }) => ({ where, kind: p.skill !== undefined ? ("技能要求" as const) : ("相关知识" as const), text: (p.skill ?? p.knowledge)!, note: p.note ?? null }));
  return { points: all.length, covered: all.length - uncovered.length, uncovered };
}
