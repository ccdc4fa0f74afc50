import { beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../seeds/factories.ts";
import { db } from "../../app/db.server.ts";
import { normaliseStem } from "../../app/learning/content/content-schema.ts";
import { loadContent, type LoadedCourse } from "../../app/learning/content/load-content.ts";
import { syncContent } from "../../app/learning/content/sync-content.ts";
import { createSession } from "../../app/auth/session.server.ts";
import * as catalogueRoute from "../../app/learning/routes/catalogue.tsx";
import * as courseRoute from "../../app/learning/routes/course.tsx";
import * as homeRoute from "../../app/learning/routes/learn-home.tsx";
import * as lessonRoute from "../../app/learning/routes/lesson.tsx";
import * as quizRoute from "../../app/learning/routes/quiz.tsx";
import { runCli } from "../../app/cli/cli.server.ts";
import { contentCommands } from "../../app/learning/content/cli.server.ts";
import { getRequest, postRequest, run } from "../setup/requests.ts";
import { validCourseFiles, writeContent } from "../setup/content-fixture.ts";

let content: LoadedCourse[];
beforeAll(async () => {
  content = loadContent("content/courses").courses;
  await syncContent(db, content);
});

/** Every exam-pool stem, normalised the way content:check compares them. */
const examStems = () => content.flatMap((c) => c.examQuestions.map((q) => ({ id: q.id, stem: normaliseStem(q.stem) })));
const examIds = () => new Set(content.flatMap((c) => c.examQuestions.map((q) => q.id)));

describe("the confidential exam pool", () => {
  it("is shipped for every level that has a course, large enough for its paper, with no stem shared with practice", () => {
    for (const course of content.filter((c) => c.level !== null)) expect(course.examQuestions.length, course.id).toBeGreaterThanOrEqual(50);
    expect(examStems().length).toBeGreaterThan(400);
    const practice = new Set(content.flatMap((c) => c.questions.map((q) => normaliseStem(q.stem))));
    expect(examStems().filter((q) => practice.has(q.stem))).toEqual([]);
  });

  it("is never reached by any learning page, and no quiz draws from it: every course, lesson and quiz route walked, every quiz answered", async () => {
    const trainee = await createUser(db, { role: "trainee" });
    const cookie = `carecert_session=${(await createSession(db, trainee.id)).token}`;
    const pages: string[] = [];
    const visit = async (outcome: Promise<{ status: number; data: unknown; body: string | null; location: string | null }>) => {
      const o = await outcome;
      expect(o.status, JSON.stringify(o.body)).toBeLessThan(400);
      pages.push(JSON.stringify(o.data ?? o.body ?? ""));
    };
    await visit(run(catalogueRoute.loader, getRequest("/courses", { cookie })));
    let quizzes = 0;
    for (const course of content) {
      await visit(run(courseRoute.loader, getRequest(`/courses/${course.id}`, { cookie }), { courseId: course.id }));
      await visit(run(courseRoute.action, postRequest(`/courses/${course.id}`, { intent: "enrol" }, { cookie }), { courseId: course.id }));
      await visit(run(courseRoute.loader, getRequest(`/courses/${course.id}`, { cookie }), { courseId: course.id }));
      for (const l of course.lessons) await visit(run(lessonRoute.loader, getRequest(`/courses/${course.id}/lessons/${l.id}`, { cookie }), { courseId: course.id, lessonId: l.id }));
      for (const m of course.modules) {
        const params = { courseId: course.id, moduleId: m.id };
        const path = `/courses/${course.id}/quiz/${m.id}`;
        // Several attempts per chapter: each draws afresh, each hand-in shows answers and explanations.
        for (let round = 0; round < 4; round++) {
          await visit(run(quizRoute.action, postRequest(path, { intent: "start" }, { cookie }), params));
          const open = await run<{ attempt: { id: number; questions: Array<{ id: string }> } }>(quizRoute.loader, getRequest(path, { cookie }), params);
          pages.push(JSON.stringify(open.data));
          const ids = open.data!.attempt.questions.map((q) => q.id);
          expect(ids.filter((id) => examIds().has(id))).toEqual([]);
          await visit(run(quizRoute.action, postRequest(path, { intent: "submit", attemptId: String(open.data!.attempt.id), ...Object.fromEntries(ids.map((id) => [`q_${id}`, "0"])) }, { cookie }), params));
          quizzes++;
        }
      }
    }
    await visit(run(homeRoute.loader, getRequest("/learn", { cookie })));
    expect(quizzes).toBe(content.reduce((n, c) => n + c.modules.length * 4, 0));
    const seen = normaliseStem(pages.join("\n"));
    expect(examStems().filter((q) => seen.includes(q.stem))).toEqual([]);
  }, 90_000); // walks every page of 23 courses: a minute on a busy 2-core machine
});

describe("content:check on the two pools", () => {
  const pool = (stem: string) => `pool: exam
occupation: elderly_caregiver
level: 5
questions:
  - id: demox-0001
    type: true_false
    area: 生活照护
    difficulty: 1
    stem: ${stem}
    answer: true
    explanation: 防止烫伤。
`;
  const problemsWith = (stem: string) => loadContent(writeContent(validCourseFiles()), writeContent({ "elderly-caregiver-5.yaml": pool(stem) })).problems;

  it("refuses an exam question whose stem is a practice stem once whitespace, punctuation and full-width forms are ignored", () => {
    // The practice bank has "洗浴前应先测试水温。"
    for (const twin of ["洗浴前应先测试水温。", "洗浴前, 应先测试水温", "洗浴前，应先 测试水温！", "洗浴前应先测试水温"]) {
      expect(problemsWith(twin).map((p) => p.message), twin).toEqual([expect.stringContaining("题干与练习题 demo-0002 相同")]);
    }
    expect(problemsWith("洗浴后应先测试水温。")).toEqual([]);
  });

  it("reads the pool from its own folder and syncs it apart from the practice questions", () => {
    const { courses, problems } = loadContent(writeContent(validCourseFiles()), writeContent({ "elderly-caregiver-5.yaml": pool("为老年人洗浴时水温以 38～40℃ 为宜。") }));
    expect(problems).toEqual([]);
    expect(courses[0]!.examQuestions.map((q) => ({ id: q.id, levels: q.levels }))).toEqual([{ id: "demox-0001", levels: [5] }]);
    expect(courses[0]!.questions.map((q) => q.id)).not.toContain("demox-0001");
  });

  it("names the file, field and line of a wrong pool: level in a question, a file name that does not match", () => {
    const wrong = pool("为老年人洗浴时水温以 38～40℃ 为宜。").replace("    difficulty: 1", "    levels: [5]\n    difficulty: 1");
    const problems = loadContent(writeContent(validCourseFiles()), writeContent({ "caregiver.yaml": wrong })).problems;
    expect(problems.map((p) => `${p.line} ${p.field} ${p.message}`)).toEqual(["null null 文件名须为 elderly-caregiver-5.yaml", "8 questions[0].levels 考试题库的题目不写 levels，等级由题库文件的 level 决定"]);
  });
});

describe("skill task banks as content", () => {
  const tasks = (rubric: string, perCandidate = 1) => `perCandidate: ${perCandidate}
tasks:
  - id: transfer
    title: 床椅转移
    rubric:
${rubric}`;
  const check = (text: string) => loadContent(writeContent(validCourseFiles({ "demo-5/skill-tasks.yaml": text }))).problems.map((p) => `${p.line} ${p.field} ${p.message}`);

  it("accepts a bank whose rubrics are worth 100 with a 否决项, and refuses one that is not", () => {
    const good = "      - { id: brake, label: 固定刹车, points: 40, critical: true }\n      - { id: move, label: 转移, points: 60 }\n";
    expect(check(tasks(good))).toEqual([]);
    expect(loadContent(writeContent(validCourseFiles({ "demo-5/skill-tasks.yaml": tasks(good) }))).courses[0]!.skillTasks).toEqual({
      perCandidate: 1,
      tasks: [{ id: "transfer", title: "床椅转移", rubric: [{ id: "brake", label: "固定刹车", points: 40, critical: true }, { id: "move", label: "转移", points: 60, critical: false }] }],
    });
    expect(check(tasks("      - { id: brake, label: 固定刹车, points: 40 }\n      - { id: move, label: 转移, points: 50 }\n"))).toEqual([
      "6 tasks[0].rubric 评分项分值合计为 90 分，应为 100 分",
      "6 tasks[0].rubric 至少标出一个否决项（critical: true）",
    ]);
    expect(check(tasks(good, 2))).toEqual(["1 perCandidate 只有 1 个操作项目，不够每人抽取 2 个"]);
  });
});

describe("content:stats --json", () => {
  it("prints one JSON array with an object per occupation and level, no stem in both pools", async () => {
    const lines: string[] = [];
    expect(await runCli(db, contentCommands, ["content:stats", "--json"], (l) => lines.push(l))).toBe(0);
    expect(lines).toHaveLength(1);
    const stats = JSON.parse(lines[0]!) as Array<Record<string, unknown>>;
    // One object per course, its figures those of the files (the targets themselves: content-targets.test.ts).
    expect(stats).toHaveLength(content.length);
    const fifth = content.find((c) => c.id === "elderly-caregiver-5")!;
    expect(stats.find((s) => s.occupation === "养老护理员" && s.level === 5)).toEqual({
      occupation: "养老护理员",
      level: 5,
      audience: null,
      lessons: fifth.lessons.length,
      onlineHoursReachable: Number((fifth.lessons.reduce((n, l) => n + l.minutes, 0) / 45).toFixed(1)),
      onlineHoursRequired: fifth.onlineHours,
      offlineHoursRequired: fifth.offlineHours,
      practiceQuestions: fifth.questions.length,
      examQuestions: fifth.examQuestions.length,
      skillTasks: fifth.skillTasks!.tasks.length,
      sharedStems: 0,
      mapPoints: expect.any(Number),
      mapPointsCovered: expect.any(Number),
    });
    for (const level of [5, 4, 3]) expect((stats.find((s) => s.occupation === "养老护理员" && s.level === level)!.mapPoints as number) > 0).toBe(true);
    expect(stats.find((s) => s.occupation === "家庭照护者")).toMatchObject({ level: null, examQuestions: 0, skillTasks: 0 });
    expect(stats.find((s) => s.audience === "机构负责人")).toMatchObject({ occupation: "养老护理员", level: null, examQuestions: 0, skillTasks: 0 });
    expect(stats.every((s) => s.sharedStems === 0)).toBe(true);
    for (const s of stats) expect(s.onlineHoursReachable as number, `${s.occupation}${s.level}`).toBeGreaterThanOrEqual(s.onlineHoursRequired as number);
    for (const s of stats.filter((s) => s.level !== null)) expect(s.examQuestions as number, `${s.occupation}${s.level}`).toBeGreaterThanOrEqual(50);
  });
});
