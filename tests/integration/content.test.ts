import { firstRow } from "../../db/query.ts";
import { spawnSync } from "node:child_process";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { courses, lessonProgress, lessons, questions } from "../../db/schema.ts";
import { createUser } from "../../seeds/factories.ts";
import { db } from "../../app/db.server.ts";
import { formatProblem, loadContent, type ContentProblem } from "../../app/learning/content/load-content.ts";
import { syncContent } from "../../app/learning/content/sync-content.ts";
import { courseProgress, enrol, recordStudyActivity } from "../../app/learning/learning.server.ts";
import { createSession } from "../../app/auth/session.server.ts";
import * as contentImage from "../../app/learning/routes/content-image.ts";
import { getRequest, run } from "../setup/requests.ts";
import { lesson, validCourseFiles, validCourseYaml, validMap, validQuestions, validSharedModule, writeContent } from "../setup/content-fixture.ts";
import { mapCoverage } from "../../app/learning/content/coverage.ts";

const problemsOf = (files: Record<string, string>) => loadContent(writeContent(files)).problems;
/** Problems as "file-tail:line field message", so each assertion names where the editor must look. */
const located = (problems: ContentProblem[]) => problems.map((p) => `${p.file.split("/").slice(-2).join("/")}:${p.line ?? "-"} ${p.field ?? "-"} ${p.message}`);

describe("content validation", () => {
  it("accepts the fixture course", () => {
    const { courses: loaded, problems } = loadContent(writeContent(validCourseFiles()));
    expect(problems).toEqual([]);
    expect(loaded[0]).toMatchObject({ id: "demo-5", level: 5, lessons: [{ id: "feeding" }, { id: "bathing" }, { id: "transfer" }] });
    expect(loaded[0]!.questions.find((q) => q.id === "demo-0002")).toMatchObject({ options: ["正确", "错误"], answer: [0] });
    expect(loaded[0]!.questions.find((q) => q.id === "demo-0003")!.answer).toEqual([0, 1, 3]);
  });

  it("accepts every real course in content/ (npm run content:check)", () => {
    const { courses: loaded, problems } = loadContent("content/courses");
    expect(problems.map(formatProblem)).toEqual([]);
    expect(loaded.length).toBeGreaterThanOrEqual(7);
  });

  it.each([
    ["a YAML syntax error", { "demo-5/course.yaml": validCourseYaml.replace("level: 5", "level: [5") }, /^demo-5\/course.yaml:\d+ - YAML 格式错误/],
    ["a missing field", { "demo-5/course.yaml": validCourseYaml.replace("onlineHours: 1\n", "") }, "demo-5/course.yaml:1 onlineHours 线上学时须为数字"],
    ["an unknown occupation", { "demo-5/course.yaml": validCourseYaml.replace("elderly_caregiver", "nurse") }, /^demo-5\/course.yaml:3 occupation 职业须为/],
    ["a level the occupation lacks", { "demo-5/course.yaml": validCourseYaml.replace("occupation: elderly_caregiver", "occupation: capability_assessor") }, /^demo-5\/course.yaml:4 level 该职业的等级只能是 3、2、1/],
    ["an unknown field", { "demo-5/course.yaml": validCourseYaml + "teacher: 张老师\n" }, "demo-5/course.yaml:1 - 不认识的字段：teacher"],
    ["a module's pass score over 100", { "demo-5/course.yaml": validCourseYaml.replace("passScore: 60\n  - id: rehab", "passScore: 160\n  - id: rehab") }, "demo-5/course.yaml:15 modules[0].quiz.passScore 及格分不能大于 100"],
    ["a listed lesson with no file", { "demo-5/lessons/bathing.md": null }, "demo-5/course.yaml:12 modules[0].lessons[1] 找不到课时文件 lessons/bathing.md"],
    ["a lesson file no module lists", { "demo-5/lessons/extra.md": lesson("多余课时", "生活照护") }, "lessons/extra.md:- - 该课时没有列入 course.yaml 的任何模块"],
    ["a lesson without front matter", { "demo-5/lessons/feeding.md": "## 协助进食\n\n正文" }, "lessons/feeding.md:1 - 课时文件须以 --- 包围的开头信息（title、minutes、area）开始"],
    ["a lesson minutes out of range", { "demo-5/lessons/feeding.md": lesson("协助进食", "生活照护", 500) }, "lessons/feeding.md:3 minutes 预计学习分钟数不能大于 120"],
    ["a lesson in an area the course lacks", { "demo-5/lessons/feeding.md": lesson("协助进食", "安宁服务") }, "lessons/feeding.md:4 area 领域“安宁服务”不在课程的 areas 中"],
    ["a missing image", { "demo-5/lessons/feeding.md": lesson("协助进食", "生活照护") + "\n![体位](images/position.png)\n" }, "lessons/feeding.md:11 - 找不到图片 images/position.png（图片应放在本课程的 images/ 目录）"],
    [
      "an image without alt text",
      { "demo-5/lessons/feeding.md": lesson("协助进食", "生活照护") + "\n![](images/position.svg)\n", "demo-5/images/position.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>" },
      "lessons/feeding.md:11 - 图片 images/position.svg 须有说明文字（写在 ![ ] 中，至少 10 个字，讲清图中内容）",
    ],
    ["a single-choice answer letter out of range", { "demo-5/questions.yaml": validQuestions.replace("answer: B", "answer: F") }, "demo-5/questions.yaml:8 [0].answer 单选题答案须为 A–D 中的一个字母"],
    ["multiple-choice letters out of order", { "demo-5/questions.yaml": validQuestions.replace("answer: ABD", "answer: DAB") }, "demo-5/questions.yaml:25 [2].answer 答案字母须按顺序且不重复，如 ACD"],
    ["a true/false answer written as text", { "demo-5/questions.yaml": validQuestions.replace("answer: true", "answer: 对") }, "demo-5/questions.yaml:16 [1].answer 判断题答案须为 true 或 false"],
    ["an unknown question type", { "demo-5/questions.yaml": validQuestions.replace("type: single", "type: essay") }, /^demo-5\/questions.yaml:2 \[0\]\.type 题型须为/],
    ["a question missing its explanation", { "demo-5/questions.yaml": validQuestions.replace("  explanation: 防止烫伤。\n", "") }, "demo-5/questions.yaml:10 [1].explanation 请填写解析"],
    ["a question without levels", { "demo-5/questions.yaml": validQuestions.replace("  levels: [5]\n  difficulty: 1\n  stem: 洗浴", "  difficulty: 1\n  stem: 洗浴") }, "demo-5/questions.yaml:10 [1].levels 请写明题目适用的等级，如 [5]"],
    ["a quiz asking for more questions than the bank has", { "demo-5/questions.yaml": validQuestions.replace("area: 生活照护\n  levels: [5]\n  difficulty: 1\n  stem: 洗浴", "area: 康复服务\n  levels: [5]\n  difficulty: 1\n  stem: 洗浴") }, "demo-5/course.yaml:14 modules[0].quiz.questions 题库中适用于该模块的题目只有 1 道，少于每次练习的 2 道"],
    ["lessons too short for the online hours", { "demo-5/course.yaml": validCourseYaml.replace("onlineHours: 1", "onlineHours: 2") }, "demo-5/course.yaml:5 onlineHours 课时预计学习时间合计 50 分钟（1.1 学时），达不到线上学时 2；请补写课时或把学时移到线下"],
    ["no hours at all", { "demo-5/course.yaml": validCourseYaml.replace("onlineHours: 1", "onlineHours: 0").replace("offlineHours: 1", "offlineHours: 0") }, "demo-5/course.yaml:5 onlineHours 线上学时与线下学时合计至少 1 学时"],
    ["a course id that differs from its folder", { "demo-5/course.yaml": validCourseYaml.replace("id: demo-5", "id: demo-6") }, "demo-5/course.yaml:1 id 课程编号须与文件夹名相同（demo-5）"],
  ])("reports %s with file, line and field", (_case, change, expected) => {
    const found = located(problemsOf(validCourseFiles(change as Record<string, string | null>)));
    if (typeof expected === "string") expect(found).toContain(expected);
    else expect(found.some((p) => expected.test(p)), found.join("\n")).toBe(true);
  });

  it("accepts a lesson's sources in its front matter and reports an empty list", () => {
    const withSources = (sources: string) => lesson("协助进食", "生活照护").replace("area: 生活照护\n", `area: 生活照护\nsources:${sources}\n`);
    expect(located(problemsOf(validCourseFiles({ "demo-5/lessons/feeding.md": withSources("\n  - 《基础护理学》第 7 版，人民卫生出版社，2022") })))).toEqual([]);
    expect(located(problemsOf(validCourseFiles({ "demo-5/lessons/feeding.md": withSources(" []") })))).toContain("lessons/feeding.md:5 sources 至少列出一个来源");
  });

  it("reports a question id used by two courses", () => {
    const files = validCourseFiles();
    const second = Object.fromEntries(Object.entries(files).map(([k, v]) => [k.replace("demo-5/", "demo-4/"), v.replace("id: demo-5", "id: demo-4").replace(/level: 5/, "level: 4").replace(/levels: \[5\]/g, "levels: [4]")]));
    const found = located(loadContent(writeContent({ ...files, ...second })).problems);
    expect(found).toContain("demo-5/questions.yaml:- demo-0001 题号 demo-0001 已在课程 demo-4 中使用");
  });

  it("leaves a course with problems out of what would be synced", () => {
    const { courses: loaded } = loadContent(writeContent(validCourseFiles({ "demo-5/lessons/bathing.md": null })));
    expect(loaded).toEqual([]);
  });
});

describe("content maps (map.yaml)", () => {
  const withMap = (map: string) => validCourseFiles({ "demo-5/map.yaml": map });

  it("loads a map and lists the points no lesson covers, without failing the check", () => {
    const { courses: loaded, problems } = loadContent(writeContent(withMap(validMap)));
    expect(problems).toEqual([]);
    expect(mapCoverage(loaded[0]!.map!)).toEqual({
      points: 2,
      covered: 1,
      uncovered: [{ where: "生活照护 › 饮食照护", kind: "相关知识", text: "老年人进食体位的知识", note: "待补写" }],
    });
  });

  it.each([
    ["a lesson the course lacks", validMap.replace("lessons: [feeding, bathing]", "lessons: [feeding, swimming]"), "demo-5/map.yaml:8 functions[0].contents[0].points[0].lessons[1] 本课程没有课时“swimming”"],
    [
      "a question the practice pool lacks",
      validMap.replace("questions: [demo-0001]", "questions: [demo-0009]"),
      "demo-5/map.yaml:9 functions[0].contents[0].points[0].questions[0] 本课程的练习题库没有题目“demo-0009”（对照表只引用练习题，考试题库另行保管）",
    ],
    ["a point that is both a skill and knowledge", validMap.replace("          - knowledge: 老年人进食体位的知识\n", "          - knowledge: 老年人进食体位的知识\n            skill: 能摆放体位\n"), "demo-5/map.yaml:10 functions[0].contents[0].points[1] 每个要点只写 skill（技能要求）或 knowledge（相关知识）其中之一"],
    ["a work content without points", validMap.replace(/        points:[\s\S]*$/, "        points: []\n"), "demo-5/map.yaml:6 functions[0].contents[0].points 至少列出一个要点"],
  ])("fails on %s, with file, line and field", (_case, map, expected) => {
    expect(located(problemsOf(withMap(map)))).toContain(expected);
  });

  it("npm run content:check lists uncovered points and passes; with --strict it fails on them", () => {
    const root = writeContent(withMap(validMap));
    const check = (...args: string[]) =>
      spawnSync(process.execPath, ["--import", "tsx", "scripts/content-check.ts", ...args], { env: { ...process.env, CONTENT_PATH: root, EXAM_POOL_PATH: `${root}/none` }, encoding: "utf8" });
    const lenient = check();
    expect(lenient.status).toBe(0);
    expect(lenient.stdout).toContain("对照表要点覆盖 1 / 2");
    expect(lenient.stdout).toContain("! 未覆盖 生活照护 › 饮食照护 › 相关知识：老年人进食体位的知识（待补写）");
    const strict = check("--strict");
    expect(strict.status).toBe(1);
    expect(strict.stderr).toContain("内容检查未通过（--strict）：1 处未覆盖的要点或缺少的对照表。");
  });

  it("has no map for a course without map.yaml", () => {
    expect(loadContent(writeContent(validCourseFiles())).courses[0]!.map).toBeNull();
  });
});

describe("content sync", () => {
  it("is idempotent, keeps progress when a lesson changes, and retires a removed lesson without losing its hours", async () => {
    const trainee = await createUser(db, { role: "trainee" });
    const first = loadContent(writeContent(validCourseFiles())).courses;
    expect((await syncContent(db, first)).changed).toEqual(["demo-5"]);
    expect((await syncContent(db, first)).changed).toEqual([]);

    await enrol(db, trainee.id, "demo-5", "127.0.0.1");
    const feeding = (await firstRow(db.select().from(lessons).where(and(eq(lessons.courseId, "demo-5"), eq(lessons.id, "feeding")))))!;
    const t0 = new Date("2026-11-22T02:00:00Z");
    await recordStudyActivity(db, trainee.id, feeding, t0);
    await recordStudyActivity(db, trainee.id, feeding, new Date(t0.getTime() + 60_000));

    // Edit the lesson's text: the course changes, the trainee's minute stays.
    const edited = loadContent(writeContent(validCourseFiles({ "demo-5/lessons/feeding.md": lesson("协助进食（修订）", "生活照护", 15) }))).courses;
    expect((await syncContent(db, edited)).changed).toEqual(["demo-5"]);
    expect(await firstRow(db.select().from(lessons).where(eq(lessons.id, "feeding")))).toMatchObject({ title: "协助进食（修订）", minutes: 15, retiredAt: null });
    expect((await firstRow(db.select().from(lessonProgress).where(eq(lessonProgress.userId, trainee.id))))!.creditedSeconds).toBe(60);

    // Remove the lesson: it is retired, its progress row stays and still counts towards the hours.
    const removed = loadContent(
      writeContent(validCourseFiles({ "demo-5/lessons/feeding.md": null, "demo-5/lessons/transfer.md": lesson("床椅转移", "康复服务", 40), "demo-5/course.yaml": validCourseYaml.replace("lessons: [feeding, bathing]", "lessons: [bathing]").replace("questions: 2", "questions: 1") })),
    ).courses;
    await syncContent(db, removed);
    expect((await firstRow(db.select().from(lessons).where(eq(lessons.id, "feeding"))))!.retiredAt).not.toBeNull();
    expect((await firstRow(db.select().from(lessonProgress).where(eq(lessonProgress.userId, trainee.id))))!.creditedSeconds).toBe(60);
    const progress = (await courseProgress(db, trainee.id, "demo-5"))!;
    expect(progress.onlineSeconds).toBe(60);
    expect(progress.modules[0]!.lessons.map((l) => l.id)).toEqual(["bathing"]);

    // A question that disappears is retired; a course that disappears too.
    expect((await firstRow(db.select().from(questions).where(eq(questions.id, "demo-0001"))))!.retiredAt).toBeNull();
    await syncContent(db, []);
    expect((await firstRow(db.select().from(courses).where(eq(courses.id, "demo-5"))))!.retiredAt).not.toBeNull();
  });

  it("renders lesson Markdown once, showing raw HTML as text", async () => {
    const loaded = loadContent(writeContent(validCourseFiles({ "demo-5/lessons/bathing.md": lesson("协助洗浴", "生活照护") + "\n<script>alert(1)</script>\n" }))).courses;
    await syncContent(db, loaded);
    const html = (await firstRow(db.select().from(lessons).where(eq(lessons.id, "bathing"))))!.html;
    expect(html).toContain("<h2>协助洗浴</h2>");
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;");
  });
});

describe("lesson diagrams", () => {
  it("serves the 四级 SVG diagrams to a signed-in trainee, each with a title and description for screen readers", async () => {
    const trainee = await createUser(db, { role: "trainee" });
    const cookie = `carecert_session=${(await createSession(db, trainee.id)).token}`;
    for (const file of ["hemiplegia-positions.svg", "bed-to-wheelchair.svg", "cpr-hand-position.svg"]) {
      const url = `/content/elderly-caregiver-4/images/${file}`;
      const served = await run(contentImage.loader, getRequest(url, { cookie }), { courseId: "elderly-caregiver-4", file });
      expect(served.status, file).toBe(200);
      expect(served.headers.get("Content-Type")).toBe("image/svg+xml");
      expect(served.body).toMatch(/role="img"[\s\S]*<title id="t">[^<]{6,}<\/title>[\s\S]*<desc id="d">[^<]{40,}<\/desc>/);
      expect((await run(contentImage.loader, getRequest(url), { courseId: "elderly-caregiver-4", file })).status).not.toBe(200);
    }
  });
});

describe("shared modules (content/shared-modules)", () => {
  /** Two courses of different levels, both opening with the shared 基本要求 module. */
  const including = (change: Record<string, string> = {}) => {
    const five = validCourseFiles({ "demo-5/course.yaml": validCourseYaml.replace("areas: [生活照护, 康复服务]", "areas: [基本要求, 生活照护, 康复服务]").replace("modules:\n", "modules:\n  - shared: basics-demo\n") });
    const four = Object.fromEntries(Object.entries(five).map(([k, v]) => [k.replace("demo-5/", "demo-4/"), v.replace("id: demo-5", "id: demo-4").replace("level: 5", "level: 4").replace(/levels: \[5\]/g, "levels: [4]").replace(/demo-000/g, "demo-040")]));
    const courseRoot = writeContent({ ...five, ...four, ...change });
    const sharedRoot = writeContent({ ...validSharedModule, ...Object.fromEntries(Object.entries(change).filter(([k]) => k.startsWith("basics-demo/"))) });
    return loadContent(courseRoot, `${courseRoot}/no-pools`, sharedRoot);
  };

  it("gives every including course the module's lessons and quiz questions at the course's level, under ids of its own", () => {
    const { courses: loaded, problems } = including();
    expect(problems.map(formatProblem)).toEqual([]);
    const [four, five] = loaded;
    expect(five!.modules.map((m) => m.id)).toEqual(["basics-demo", "care", "rehab"]);
    expect(five!.lessons.map((l) => [l.id, l.moduleId])).toEqual([["ethics", "basics-demo"], ["feeding", "care"], ["bathing", "care"], ["transfer", "rehab"]]);
    expect(five!.questions.filter((q) => q.area === "基本要求").map((q) => [q.id, q.levels])).toEqual([["bd-0001@demo-5", [5]], ["bd-0002@demo-5", [5]]]);
    expect(four!.questions.filter((q) => q.area === "基本要求").map((q) => [q.id, q.levels])).toEqual([["bd-0001@demo-4", [4]], ["bd-0002@demo-4", [4]]]);
  });

  it.each([
    ["an unknown shared module", { "demo-5/course.yaml": validCourseYaml.replace("areas: [生活照护, 康复服务]", "areas: [基本要求, 生活照护, 康复服务]").replace("modules:\n", "modules:\n  - shared: basics-none\n") }, "demo-5/course.yaml:10 modules[0].shared 找不到共用模块“basics-none”（应在 content/shared-modules/basics-none/module.yaml）"],
    ["a shared module whose area the course lacks", { "demo-5/course.yaml": validCourseYaml.replace("modules:\n", "modules:\n  - shared: basics-demo\n") }, "demo-5/course.yaml:10 modules[0].shared 共用模块“basics-demo”的领域“基本要求”不在课程的 areas 中"],
    ["a shared entry with fields of its own", { "demo-5/course.yaml": validCourseYaml.replace("areas: [生活照护, 康复服务]", "areas: [基本要求, 生活照护, 康复服务]").replace("modules:\n", "modules:\n  - shared: basics-demo\n    title: 基本要求\n") }, "demo-5/course.yaml:11 modules[0].title 共用模块只写 shared: 模块编号，其余写在共用模块的 module.yaml 中"],
    ["a shared question naming levels", { "basics-demo/questions.yaml": validSharedModule["basics-demo/questions.yaml"]!.replace("  difficulty: 1\n  stem: 护理员", "  levels: [5]\n  difficulty: 1\n  stem: 护理员") }, "basics-demo/questions.yaml:4 [0].levels 共用模块的题目适用于引用它的每门课程，不写 levels"],
    ["a shared lesson in another area", { "basics-demo/lessons/ethics.md": lesson("职业道德", "生活照护") }, "lessons/ethics.md:4 area 领域“生活照护”不在课程的 areas 中"],
    ["a shared module too small for its quiz", { "basics-demo/module.yaml": validSharedModule["basics-demo/module.yaml"]!.replace("questions: 2", "questions: 3") }, "basics-demo/module.yaml:6 quiz.questions 题库只有 2 道题，少于每次练习的 3 道"],
  ])("reports %s with file, line and field", (_case, change, expected) => {
    expect(located(including(change as Record<string, string>).problems)).toContain(expected);
  });

  it("syncs the shared lessons into each course, their pictures served from the module's folder", async () => {
    const { courses: loaded } = including();
    await syncContent(db, loaded);
    for (const courseId of ["demo-4", "demo-5"]) {
      const ethics = (await firstRow(db.select().from(lessons).where(and(eq(lessons.courseId, courseId), eq(lessons.id, "ethics")))))!;
      expect(ethics).toMatchObject({ moduleId: "basics-demo", area: "基本要求" });
      expect(ethics.html).toContain('src="/content/shared-modules/basics-demo/images/hand-washing.svg"');
    }
    expect(await firstRow(db.select().from(questions).where(eq(questions.id, "bd-0002@demo-4")))).toMatchObject({ courseId: "demo-4", levels: [4] });
  });
});
