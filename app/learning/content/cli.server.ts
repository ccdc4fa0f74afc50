import type { CliCommand } from "../../cli/cli.server.ts";
import { occupationNames } from "../../occupations/occupations.ts";
import { formatStudyHours } from "../hours.ts";
import { mapCoverage } from "./coverage.ts";
import { courseAudienceNames } from "../course-audience.ts";
import { contentRoot, examPoolRoot } from "./content-root.ts";
import { formatProblem, loadContent, sharedStems, type LoadedCourse } from "./load-content.ts";

export type ContentStats = {
  occupation: string;
  level: number | null;
  /** 机构负责人 / 养老社工 / 继续教育 for a course written for an audience rather than a level. */
  audience: string | null;
  lessons: number;
  onlineHoursReachable: number;
  onlineHoursRequired: number;
  offlineHoursRequired: number;
  practiceQuestions: number;
  examQuestions: number;
  skillTasks: number;
  sharedStems: number;
  /** 技能要求 and 相关知识 in the course's content map, and how many a lesson covers; null without a map. */
  mapPoints: number | null;
  mapPointsCovered: number | null;
};

/** What each course offers per occupation and level: lessons and their hours, both pools, skill tasks. */
export function contentStats(courses: LoadedCourse[]): ContentStats[] {
  const shared = sharedStems(courses);
  return courses.map((c) => ({
    occupation: occupationNames[c.occupation],
    level: c.level,
    audience: c.audience ? courseAudienceNames[c.audience] : null,
    lessons: c.lessons.length,
    onlineHoursReachable: Number(formatStudyHours(c.lessons.reduce((n, l) => n + l.minutes, 0))),
    onlineHoursRequired: c.onlineHours,
    offlineHoursRequired: c.offlineHours,
    practiceQuestions: c.questions.length,
    examQuestions: c.examQuestions.length,
    skillTasks: c.skillTasks?.tasks.length ?? 0,
    sharedStems: new Set(shared.filter((s) => s.course === c).map((s) => s.exam.id)).size,
    ...(c.map ? (({ points, covered }) => ({ mapPoints: points, mapPointsCovered: covered }))(mapCoverage(c.map)) : { mapPoints: null, mapPointsCovered: null }),
  }));
}

export const contentCommands: CliCommand[] = [
  {
    name: "content:stats",
    usage: "content:stats [--json]",
    summary: "每个职业和等级的课时、线上和线下学时、练习题、考试题、技能操作项目数和对照表覆盖",
    run(ctx) {
      const { courses, problems } = loadContent(contentRoot(), examPoolRoot());
      const stats = contentStats(courses);
      // A problem in the content is worth a failing exit code, even when the figures print; JSON stays one array.
      if (ctx.options.json) ctx.out(JSON.stringify(stats));
      else {
        for (const s of stats) {
          ctx.out(
            `${s.occupation}${s.level === null ? "" : ` ${s.level}级`}${s.audience ? `（${s.audience}）` : ""}：${s.lessons} 课时，线上可学 ${s.onlineHoursReachable} / 要求 ${s.onlineHoursRequired} 学时，线下要求 ${s.offlineHoursRequired} 学时，练习题 ${s.practiceQuestions}，考试题 ${s.examQuestions}，技能操作项目 ${s.skillTasks}，两库重复题干 ${s.sharedStems}，${s.mapPoints === null ? "尚无内容对照表" : `对照表要点覆盖 ${s.mapPointsCovered} / ${s.mapPoints}`}`,
          );
        }
        for (const p of problems) ctx.out(`! ${formatProblem(p)}`);
      }
      return problems.length > 0 ? 1 : 0;
    },
  },
];
