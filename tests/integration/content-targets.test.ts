import { describe, expect, it } from "vitest";
import { loadContent } from "../../app/learning/content/load-content.ts";
import { contentStats } from "../../app/learning/content/cli.server.ts";
import { occupationLevels, occupationNames, type Occupation } from "../../app/occupations/occupations.ts";
import { courseAudiences } from "../../app/learning/course-audience.ts";

// Issue #14's targets, read from the shipped content the way content:stats reports it.
const { courses, problems } = loadContent("content/courses");
const certified = (Object.entries(occupationLevels) as Array<[Occupation, readonly number[]]>).flatMap(([occupation, levels]) => levels.map((level) => ({ occupation, level })));
const courseOf = (occupation: Occupation, level: number) => courses.find((c) => c.occupation === occupation && c.level === level && !c.audience);
const label = ({ occupation, level }: { occupation: Occupation; level: number }) => `${occupationNames[occupation]} ${level}级`;
/** Lesson text as a reader meets it: the Markdown body without whitespace. */
const characters = (markdown: string) => markdown.replace(/\s/g, "").length;

describe("the courses every certified level needs (issue #14)", () => {
  it("loads without a problem", () => {
    expect(problems).toEqual([]);
  });

  it("gives each of the 16 certified levels a course, ≥ 150 practice and ≥ 300 exam questions with no shared stem, ≥ 8 skill operations, and lessons reaching the online hours", () => {
    expect(certified).toHaveLength(16);
    const stats = contentStats(courses);
    const short = certified.flatMap((level) => {
      const course = courseOf(level.occupation, level.level);
      if (!course) return [`${label(level)}：没有课程`];
      const s = stats[courses.indexOf(course)]!;
      return [
        s.practiceQuestions < 150 && `${label(level)}：练习题 ${s.practiceQuestions}`,
        s.examQuestions < 300 && `${label(level)}：考试题 ${s.examQuestions}`,
        s.sharedStems > 0 && `${label(level)}：两库重复题干 ${s.sharedStems}`,
        s.skillTasks < 8 && `${label(level)}：技能操作项目 ${s.skillTasks}`,
        s.onlineHoursReachable < s.onlineHoursRequired && `${label(level)}：线上可学 ${s.onlineHoursReachable} < ${s.onlineHoursRequired}`,
      ].filter((x): x is string => typeof x === "string");
    });
    expect(short).toEqual([]);
  });

  it("opens every certified course with the shared 基本要求 module and maps its standard with every point covered", () => {
    const gaps = certified.flatMap((level) => {
      const course = courseOf(level.occupation, level.level);
      if (!course) return [];
      const basics = course.modules.find((m) => m.id.startsWith("basics-"));
      const uncovered = course.map ? course.map.functions.flatMap((f) => f.contents.flatMap((c) => c.points.filter((p) => p.lessons.length === 0))) : null;
      return [!basics && `${label(level)}：没有共用的基本要求模块`, uncovered === null ? `${label(level)}：没有内容对照表` : uncovered.length > 0 && `${label(level)}：${uncovered.length} 个要点未覆盖`].filter(
        (x): x is string => typeof x === "string",
      );
    });
    expect(gaps).toEqual([]);
  });

  it("writes 四级 and above at ≥ 2,000 characters a lesson on average, with a picture for every three lessons and sources on every lesson", () => {
    const thin = certified.flatMap((level) => {
      const course = courseOf(level.occupation, level.level);
      if (!course) return [];
      const own = course.lessons.filter((l) => !l.moduleId.startsWith("basics-"));
      const average = own.reduce((n, l) => n + characters(l.markdown), 0) / own.length;
      const pictures = own.reduce((n, l) => n + (l.markdown.match(/!\[[^\]]+\]\(images\//g)?.length ?? 0), 0);
      return [
        level.level <= 4 && average < 2000 && `${label(level)}：平均 ${Math.round(average)} 字`,
        pictures * 3 < own.length && `${label(level)}：${own.length} 课时只有 ${pictures} 幅图`,
        ...course.lessons.filter((l) => !l.sources?.length).map((l) => `${label(level)}：${l.id} 未列来源`),
      ].filter((x): x is string => typeof x === "string");
    });
    expect(thin).toEqual([]);
  });

  it("keys between 40 % and 60 % of each pool's true/false questions 正确, so answering 正确 throughout earns no more than chance", () => {
    const leaning = certified.flatMap((level) => {
      const course = courseOf(level.occupation, level.level);
      if (!course) return [];
      return (
        [
          ["练习题", course.questions],
          ["考试题", course.examQuestions],
        ] as const
      ).flatMap(([pool, questions]) => {
        const trueFalse = questions.filter((q) => q.type === "true_false");
        const share = trueFalse.filter((q) => q.answer[0] === 0).length / trueFalse.length;
        return share < 0.4 || share > 0.6 ? [`${label(level)} ${pool}：${Math.round(share * 100)} % 为“正确”`] : [];
      });
    });
    expect(leaning).toEqual([]);
  });

  it("offers a director's course, a social-work course and continuing-education courses completable online", () => {
    for (const audience of courseAudiences) {
      const offered = courses.filter((c) => c.audience === audience);
      expect(offered.length, audience).toBeGreaterThanOrEqual(audience === "continuing_education" ? 3 : 1);
      for (const c of offered) expect(c.lessons.reduce((n, l) => n + l.minutes, 0), c.id).toBeGreaterThanOrEqual(c.onlineHours * 45);
    }
    expect(courses.filter((c) => c.audience === "continuing_education").every((c) => c.offlineHours === 0)).toBe(true);
  });
});
