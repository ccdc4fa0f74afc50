import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import jsYaml from "js-yaml";
import { isNode, LineCounter, parseDocument, type Document } from "yaml";
import type { z } from "../../utils/zod.ts";
import { occupationLevels, type SkillLevel } from "../../occupations/occupations.ts";
import {
  answerIndexes,
  courseFileSchema,
  courseMapFileSchema,
  examPoolFileSchema,
  lessonFrontMatterSchema,
  normaliseStem,
  questionSchema,
  sharedModuleFileSchema,
  skillTasksFileSchema,
  TRUE_FALSE_OPTIONS,
  type CourseFile,
  type CourseMapFile,
  type CourseModule,
  type SharedModuleFile,
  type SkillTasksFile,
} from "./content-schema.ts";
import { formatStudyHours } from "../hours.ts";
import { studyRules } from "../study-rules.ts";

/** One thing wrong in a content file, located for the person who edits it. */
export type ContentProblem = { file: string; line: number | null; field: string | null; message: string };

export type LoadedLesson = {
  id: string;
  moduleId: string;
  title: string;
  minutes: number;
  area: string;
  markdown: string;
  hash: string;
  /** What the lesson follows: the standard, a named textbook, a guideline with its year. */
  sources?: string[];
  /** Where the lesson's pictures are served from: its course's folder, or the shared module's. */
  imageBase: string;
};
export type LoadedQuestion = {
  id: string;
  type: "true_false" | "single" | "multiple";
  area: string;
  levels: number[];
  difficulty: number;
  stem: string;
  options: string[];
  answer: number[];
  explanation: string;
  hash: string;
};
export type LoadedCourse = Omit<CourseFile, "level" | "modules"> & {
  level: SkillLevel | null;
  /** The course's modules, shared ones resolved to their title, lessons and quiz. */
  modules: CourseModule[];
  lessons: LoadedLesson[];
  /** The practice pool: chapter quizzes only. */
  questions: LoadedQuestion[];
  /** The confidential exam pool of the course's occupation and level (theory papers only); empty when none. */
  examQuestions: LoadedQuestion[];
  /** 技能考核 task bank of the level (skill-tasks.yaml), or null when the course ships none. */
  skillTasks: SkillTasksFile | null;
  /** The standard's content map (map.yaml), or null when the course has none yet. */
  map: CourseMapFile | null;
  /** Images a lesson may show, as paths relative to the course folder. */
  images: string[];
  hash: string;
};

/** Paths as the editor sees them from the project folder. */
const displayPath = (file: string) => path.relative(process.cwd(), file).split(path.sep).join("/");

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * A YAML file's value and a way to turn a field path into a line number. js-yaml reads it (ten times faster than `yaml`
 * on the pools); `yaml`, which keeps every node's position, parses it again only when a problem must be located.
 */
function readYaml(file: string, text: string, problems: ContentProblem[], rel: string, lineOffset = 0) {
  let located: { doc: Document; lineCounter: LineCounter } | null = null;
  const locate = () => {
    if (!located) {
      const lineCounter = new LineCounter();
      located = { doc: parseDocument(text, { lineCounter, prettyErrors: false }), lineCounter };
    }
    return located;
  };
  let value: unknown;
  try {
    value = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA });
  } catch {
    const { doc, lineCounter } = locate();
    for (const error of doc.errors) {
      problems.push({ file: rel, line: lineCounter.linePos(error.pos[0]).line + lineOffset, field: null, message: `YAML 格式错误：${error.message.split("\n")[0]}` });
    }
    if (doc.errors.length > 0) return { ok: false, value: undefined, lineOf: () => null, file };
    value = doc.toJS();
  }
  const lineOf = (fieldPath: PropertyKey[]): number | null => {
    const { doc, lineCounter } = locate();
    // The nearest existing node along the path: a missing field is reported where its parent is.
    for (let n = fieldPath.length; n >= 0; n--) {
      const node = doc.getIn(fieldPath.slice(0, n) as unknown[], true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line + lineOffset;
    }
    return null;
  };
  return { ok: true, value, lineOf, file };
}

function fieldName(fieldPath: PropertyKey[]): string | null {
  if (fieldPath.length === 0) return null;
  return fieldPath.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("");
}

function report<T>(
  result: z.ZodSafeParseResult<T>,
  rel: string,
  lineOf: (p: PropertyKey[]) => number | null,
  problems: ContentProblem[],
  prefix: PropertyKey[] = [],
): T | null {
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const fieldPath = [...prefix, ...issue.path];
    problems.push({ file: rel, line: lineOf(fieldPath), field: fieldName(fieldPath), message: issue.message });
  }
  return null;
}

function splitFrontMatter(text: string): { frontMatter: string; body: string } | null {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text.replace(/^\uFEFF/, ""));
  return match ? { frontMatter: match[1]!, body: match[2]! } : null;
}

/** One lesson file: front matter checked, area among `areas`, pictures present in `images` and described. */
function readLesson(
  file: string,
  lessonRel: string,
  rules: { areas: Set<string>; images: string[]; imageBase: string; folder: "本课程" | "本共用模块" },
  problems: ContentProblem[],
): Omit<LoadedLesson, "moduleId"> | null {
  const text = fs.readFileSync(file, "utf8");
  const parts = splitFrontMatter(text);
  if (!parts) {
    problems.push({ file: lessonRel, line: 1, field: null, message: "课时文件须以 --- 包围的开头信息（title、minutes、area）开始" });
    return null;
  }
  const fm = readYaml(lessonRel, parts.frontMatter, problems, lessonRel, 1);
  if (!fm.ok) return null;
  const meta = report(lessonFrontMatterSchema.safeParse(fm.value), lessonRel, fm.lineOf, problems);
  if (!meta) return null;
  if (!rules.areas.has(meta.area)) problems.push({ file: lessonRel, line: fm.lineOf(["area"]), field: "area", message: `领域“${meta.area}”不在课程的 areas 中` });
  if (parts.body.trim().length < 50) problems.push({ file: lessonRel, line: null, field: null, message: "课时正文太短" });
  for (const m of parts.body.matchAll(/!\[([^\]]*)\]\(([^)\s]+)\)/g)) {
    // The body's first line follows the opening ---, the front matter and the closing ---.
    const line = parts.frontMatter.split("\n").length + 2 + parts.body.slice(0, m.index).split("\n").length;
    if (!rules.images.includes(m[2]!)) problems.push({ file: lessonRel, line, field: null, message: `找不到图片 ${m[2]}（图片应放在${rules.folder}的 images/ 目录）` });
    // A picture teaches only those who can see it: the alt text says in words what it shows.
    if (m[1]!.trim().length < 10) problems.push({ file: lessonRel, line, field: null, message: `图片 ${m[2]} 须有说明文字（写在 ![ ] 中，至少 10 个字，讲清图中内容）` });
  }
  return { id: path.basename(file, ".md"), ...meta, markdown: parts.body, hash: sha256(text), imageBase: rules.imageBase };
}

/** The practice pool of a course or shared module folder (questions.yaml), each question checked. */
function readPracticeBank(dir: string, problems: ContentProblem[], rules: Parameters<typeof parseQuestions>[5]): LoadedQuestion[] {
  const rel = displayPath(path.join(dir, "questions.yaml"));
  if (!fs.existsSync(path.join(dir, "questions.yaml"))) {
    problems.push({ file: rel, line: null, field: null, message: "缺少题库文件 questions.yaml" });
    return [];
  }
  const yaml = readYaml(rel, fs.readFileSync(path.join(dir, "questions.yaml"), "utf8"), problems, rel);
  if (!yaml.ok) return [];
  if (!Array.isArray(yaml.value)) {
    problems.push({ file: rel, line: 1, field: null, message: "题库文件须为题目列表（每题以“- ”开头）" });
    return [];
  }
  return parseQuestions(yaml.value, [], yaml.lineOf, rel, problems, rules);
}

const imagesIn = (dir: string) => (fs.existsSync(path.join(dir, "images")) ? fs.readdirSync(path.join(dir, "images")).map((f) => `images/${f}`) : []);

type SharedModule = { file: SharedModuleFile; lessons: LoadedLesson[]; questions: LoadedQuestion[]; images: string[] };

/** Every shared module under `root` (content/shared-modules), checked once; one with a problem is left out. */
function loadSharedModules(root: string, problems: ContentProblem[]): Map<string, SharedModule> {
  const modules = new Map<string, SharedModule>();
  if (!fs.existsSync(root)) return modules;
  for (const dir of fs.readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    const moduleDir = path.join(root, dir);
    const rel = (f: string) => displayPath(path.join(moduleDir, f));
    const before = problems.length;
    if (!fs.existsSync(path.join(moduleDir, "module.yaml"))) {
      problems.push({ file: rel("module.yaml"), line: null, field: null, message: "缺少共用模块文件 module.yaml" });
      continue;
    }
    const yaml = readYaml(rel("module.yaml"), fs.readFileSync(path.join(moduleDir, "module.yaml"), "utf8"), problems, rel("module.yaml"));
    const file = yaml.ok ? report(sharedModuleFileSchema.safeParse(yaml.value), rel("module.yaml"), yaml.lineOf, problems) : null;
    if (!file) continue;
    if (file.id !== dir) problems.push({ file: rel("module.yaml"), line: yaml.lineOf(["id"]), field: "id", message: `模块编号须与文件夹名相同（${dir}）` });
    const areas = new Set([file.area]);
    const images = imagesIn(moduleDir);
    const lessonsDir = path.join(moduleDir, "lessons");
    const lessons = file.lessons.flatMap((id, j) => {
      const lessonFile = path.join(lessonsDir, `${id}.md`);
      if (!fs.existsSync(lessonFile)) {
        problems.push({ file: rel("module.yaml"), line: yaml.lineOf(["lessons", j]), field: fieldName(["lessons", j]), message: `找不到课时文件 lessons/${id}.md` });
        return [];
      }
      const loaded = readLesson(lessonFile, rel(`lessons/${id}.md`), { areas, images, imageBase: `/content/shared-modules/${file.id}`, folder: "本共用模块" }, problems);
      return loaded ? [{ ...loaded, moduleId: file.id }] : [];
    });
    for (const f of fs.existsSync(lessonsDir) ? fs.readdirSync(lessonsDir).filter((f) => f.endsWith(".md")) : []) {
      if (!file.lessons.includes(f.replace(/\.md$/, ""))) problems.push({ file: rel(`lessons/${f}`), line: null, field: null, message: "该课时没有列入 module.yaml 的 lessons" });
    }
    const questions = readPracticeBank(moduleDir, problems, { areas, levels: [], examLevel: null, sharedModule: true });
    if (questions.length < file.quiz.questions) {
      problems.push({ file: rel("module.yaml"), line: yaml.lineOf(["quiz", "questions"]), field: "quiz.questions", message: `题库只有 ${questions.length} 道题，少于每次练习的 ${file.quiz.questions} 道` });
    }
    if (problems.length === before) modules.set(file.id, { file, lessons, questions, images });
  }
  return modules;
}

function loadCourse(root: string, dir: string, problems: ContentProblem[], sharedModules: Map<string, SharedModule>): LoadedCourse | null {
  const courseDir = path.join(root, dir);
  const rel = (f: string) => displayPath(path.join(courseDir, f));
  const before = problems.length;

  const courseRel = rel("course.yaml");
  if (!fs.existsSync(path.join(courseDir, "course.yaml"))) {
    problems.push({ file: courseRel, line: null, field: null, message: "缺少课程文件 course.yaml" });
    return null;
  }
  const courseText = fs.readFileSync(path.join(courseDir, "course.yaml"), "utf8");
  const courseYaml = readYaml(courseRel, courseText, problems, courseRel);
  if (!courseYaml.ok) return null;
  const course = report(courseFileSchema.safeParse(courseYaml.value), courseRel, courseYaml.lineOf, problems);
  if (!course) return null;

  const at = (field: PropertyKey[], message: string) => problems.push({ file: courseRel, line: courseYaml.lineOf(field), field: fieldName(field), message });
  if (course.id !== dir) at(["id"], `课程编号须与文件夹名相同（${dir}）`);
  // A level course serves one of the occupation's levels; a family caregivers' or audience course serves none.
  const levels = course.audience ? [] : occupationLevels[course.occupation];
  if (levels.length === 0 && course.level !== undefined) at(["level"], course.audience ? "面向特定对象（audience）的课程不设等级，请删除 level" : "家庭照护者课程不设等级，请删除 level");
  if (levels.length > 0 && (course.level === undefined || !levels.includes(course.level as SkillLevel))) {
    at(["level"], `该职业的等级只能是 ${levels.join("、")}`);
  }
  const areas = new Set(course.areas);
  // Shared modules (such as 基本要求) resolve to their own title, lessons, quiz and practice questions.
  const included: SharedModule[] = [];
  const modules: CourseModule[] = [];
  // The course.yaml position of each resolved module, so a problem points at the right entry.
  const entryOf: number[] = [];
  course.modules.forEach((entry, i) => {
    if (!("shared" in entry)) {
      modules.push(entry);
      entryOf.push(i);
      return;
    }
    const shared = sharedModules.get(entry.shared);
    if (!shared) return at(["modules", i, "shared"], `找不到共用模块“${entry.shared}”（应在 content/shared-modules/${entry.shared}/module.yaml）`);
    if (!areas.has(shared.file.area)) at(["modules", i, "shared"], `共用模块“${entry.shared}”的领域“${shared.file.area}”不在课程的 areas 中`);
    included.push(shared);
    const { id, title, required, lessons, quiz } = shared.file;
    modules.push({ id, title, required, lessons, quiz });
    entryOf.push(i);
  });
  const sharedIds = new Set(included.map((m) => m.file.id));
  const seenModules = new Set<string>();
  const listed = new Map<string, string>();
  modules.forEach((m, i) => {
    if (seenModules.has(m.id)) at(["modules", entryOf[i]!, sharedIds.has(m.id) ? "shared" : "id"], `模块编号“${m.id}”重复`);
    seenModules.add(m.id);
    m.lessons.forEach((lessonId, j) => {
      if (listed.has(lessonId)) at(["modules", entryOf[i]!, ...(sharedIds.has(m.id) ? ["shared"] : ["lessons", j])], `课时“${lessonId}”已列在模块“${listed.get(lessonId)}”中`);
      else listed.set(lessonId, m.id);
    });
  });

  // Lessons
  const lessonsDir = path.join(courseDir, "lessons");
  const lessonFiles = fs.existsSync(lessonsDir) ? fs.readdirSync(lessonsDir).filter((f) => f.endsWith(".md")).sort() : [];
  const images = imagesIn(courseDir);
  const lessonsById = new Map<string, LoadedLesson>();
  for (const file of lessonFiles) {
    const id = file.replace(/\.md$/, "");
    const lessonRel = rel(`lessons/${file}`);
    if (!listed.has(id)) problems.push({ file: lessonRel, line: null, field: null, message: "该课时没有列入 course.yaml 的任何模块" });
    const loaded = readLesson(path.join(lessonsDir, file), lessonRel, { areas, images, imageBase: `/content/${course.id}`, folder: "本课程" }, problems);
    if (loaded) lessonsById.set(id, { ...loaded, moduleId: listed.get(id) ?? "" });
  }
  for (const shared of included) for (const l of shared.lessons) lessonsById.set(l.id, l);
  modules.forEach((m, i) => {
    if (sharedIds.has(m.id)) return;
    m.lessons.forEach((lessonId, j) => {
      if (!lessonFiles.includes(`${lessonId}.md`)) at(["modules", entryOf[i]!, "lessons", j], `找不到课时文件 lessons/${lessonId}.md`);
    });
  });

  const loadedQuestions = readPracticeBank(courseDir, problems, { areas, levels, examLevel: null });
  // A shared module's questions serve every including course at its level, under ids of their own per course.
  const sharedQuestionIds = new Set(included.flatMap((m) => m.questions.map((q) => q.id)));
  for (const shared of included) {
    loadedQuestions.push(...shared.questions.map((q) => ({ ...q, id: `${q.id}@${course.id}`, levels: course.level === undefined ? [] : [course.level] })));
  }

  // Skill task bank (optional)
  let skillTasks: SkillTasksFile | null = null;
  const tasksRel = rel("skill-tasks.yaml");
  if (fs.existsSync(path.join(courseDir, "skill-tasks.yaml"))) {
    if (course.level === undefined) problems.push({ file: tasksRel, line: null, field: null, message: "不设等级的课程没有技能考核，请删除该文件" });
    const tYaml = readYaml(tasksRel, fs.readFileSync(path.join(courseDir, "skill-tasks.yaml"), "utf8"), problems, tasksRel);
    if (tYaml.ok) skillTasks = report(skillTasksFileSchema.safeParse(tYaml.value), tasksRel, tYaml.lineOf, problems);
  }

  // Content map (optional): every lesson and question it names must exist in this course.
  let map: CourseMapFile | null = null;
  const mapRel = rel("map.yaml");
  if (fs.existsSync(path.join(courseDir, "map.yaml"))) {
    const mYaml = readYaml(mapRel, fs.readFileSync(path.join(courseDir, "map.yaml"), "utf8"), problems, mapRel);
    if (mYaml.ok) map = report(courseMapFileSchema.safeParse(mYaml.value), mapRel, mYaml.lineOf, problems);
    const questionIds = new Set([...loadedQuestions.map((q) => q.id), ...sharedQuestionIds]);
    map?.functions.forEach((f, i) =>
      f.contents.forEach((c, j) =>
        c.points.forEach((p, k) => {
          const at = ["functions", i, "contents", j, "points", k];
          p.lessons.forEach((id, n) => {
            if (!listed.has(id)) problems.push({ file: mapRel, line: mYaml.lineOf([...at, "lessons", n]), field: fieldName([...at, "lessons", n]), message: `本课程没有课时“${id}”` });
          });
          p.questions?.forEach((id, n) => {
            if (!questionIds.has(id)) problems.push({ file: mapRel, line: mYaml.lineOf([...at, "questions", n]), field: fieldName([...at, "questions", n]), message: `本课程的练习题库没有题目“${id}”（对照表只引用练习题，考试题库另行保管）` });
          });
        }),
      ),
    );
  }

  // Every chapter quiz must be able to draw its questions.
  const lessonsOf = (moduleIndex: number) => modules[moduleIndex]!.lessons.map((id) => lessonsById.get(id)).filter((l) => l !== undefined);
  modules.forEach((m, i) => {
    const moduleAreas = new Set(lessonsOf(i).map((l) => l.area));
    const available = loadedQuestions.filter((q) => moduleAreas.has(q.area) && (course.level === undefined || q.levels.includes(course.level))).length;
    if (available < m.quiz.questions) at(["modules", entryOf[i]!, ...(sharedIds.has(m.id) ? ["shared"] : ["quiz", "questions"])], `题库中适用于该模块的题目只有 ${available} 道，少于每次练习的 ${m.quiz.questions} 道`);
  });

  // Lesson estimates must reach the online 学时: a trainee cannot earn more than the lessons offer without idling.
  const lessonMinutes = [...lessonsById.values()].reduce((n, l) => n + l.minutes, 0);
  if (lessonMinutes < course.onlineHours * studyRules.minutesPerStudyHour) {
    at(["onlineHours"], `课时预计学习时间合计 ${lessonMinutes} 分钟（${formatStudyHours(lessonMinutes)} 学时），达不到线上学时 ${course.onlineHours}；请补写课时或把学时移到线下`);
  }

  if (problems.length > before) return null;
  const orderedLessons = modules.flatMap((m) => m.lessons.map((id) => lessonsById.get(id)!));
  const allImages = [...images, ...included.flatMap((m) => m.images.map((i) => `${m.file.id}/${i}`))];
  const hash = sha256([courseText, ...orderedLessons.map((l) => l.hash), ...loadedQuestions.map((q) => q.hash), ...allImages, JSON.stringify(skillTasks)].join("\n"));
  return { ...course, modules, level: (course.level ?? null) as SkillLevel | null, lessons: orderedLessons, questions: loadedQuestions, examQuestions: [], skillTasks, map, images, hash };
}

/**
 * Checks a list of questions one by one. A practice question names the levels it serves; an exam
 * pool question takes the pool's level and may not name any.
 */
function parseQuestions(
  list: unknown[],
  prefix: PropertyKey[],
  lineOf: (p: PropertyKey[]) => number | null,
  file: string,
  problems: ContentProblem[],
  rules: { areas: Set<string>; levels: readonly SkillLevel[]; examLevel: number | null; sharedModule?: boolean },
): LoadedQuestion[] {
  const loaded: LoadedQuestion[] = [];
  list.forEach((raw, i) => {
    const q = report(questionSchema.safeParse(raw), file, lineOf, problems, [...prefix, i]);
    if (!q) return;
    const here = (field: string, message: string) => problems.push({ file, line: lineOf([...prefix, i, field]), field: fieldName([...prefix, i, field]), message });
    if (!rules.areas.has(q.area)) here("area", `领域“${q.area}”不在课程的 areas 中`);
    if (rules.examLevel !== null) {
      if (q.levels) here("levels", "考试题库的题目不写 levels，等级由题库文件的 level 决定");
    } else {
      if (rules.levels.length === 0 && q.levels) {
        here("levels", rules.sharedModule ? "共用模块的题目适用于引用它的每门课程，不写 levels" : "不设等级的课程（家庭照护者、面向特定对象的课程），题目不写 levels");
      }
      if (rules.levels.length > 0 && !q.levels) here("levels", "请写明题目适用的等级，如 [5]");
      if (q.levels?.some((l) => !rules.levels.includes(l as SkillLevel))) here("levels", `该职业的等级只能是 ${rules.levels.join("、")}`);
    }
    loaded.push({
      id: q.id,
      type: q.type,
      area: q.area,
      levels: rules.examLevel !== null ? [rules.examLevel] : (q.levels ?? []),
      difficulty: q.difficulty,
      stem: q.stem,
      options: q.type === "true_false" ? TRUE_FALSE_OPTIONS : q.options,
      answer: answerIndexes(q),
      explanation: q.explanation,
      hash: sha256(JSON.stringify(q)),
    });
  });
  return loaded;
}

/** The default place of the exam pools: content/exam-pools beside content/courses. */
export function siblingExamPoolRoot(courseRoot: string): string {
  return path.join(courseRoot, "..", "exam-pools");
}

/** The default place of the shared modules: content/shared-modules beside content/courses. */
export function siblingSharedModulesRoot(courseRoot: string): string {
  return path.join(courseRoot, "..", "shared-modules");
}

/**
 * Reads every exam pool file (<occupation>-<level>.yaml, e.g. elderly-caregiver-5.yaml) and gives each
 * to the course of its occupation and level, whose areas its questions must use.
 */
function attachExamPools(poolRoot: string, courses: LoadedCourse[], problems: ContentProblem[]) {
  if (!fs.existsSync(poolRoot)) return;
  for (const name of fs.readdirSync(poolRoot).filter((f) => f.endsWith(".yaml")).sort()) {
    const rel = displayPath(path.join(poolRoot, name));
    const yaml = readYaml(rel, fs.readFileSync(path.join(poolRoot, name), "utf8"), problems, rel);
    if (!yaml.ok) continue;
    const pool = report(examPoolFileSchema.safeParse(yaml.value), rel, yaml.lineOf, problems);
    if (!pool) continue;
    const expected = `${pool.occupation.replaceAll("_", "-")}-${pool.level}.yaml`;
    if (name !== expected) problems.push({ file: rel, line: null, field: null, message: `文件名须为 ${expected}` });
    const owners = courses.filter((c) => c.occupation === pool.occupation && c.level === pool.level);
    if (owners.length === 0) {
      problems.push({ file: rel, line: yaml.lineOf(["level"]), field: "level", message: "没有该职业和等级的课程，考试题库无从使用" });
      continue;
    }
    const areas = new Set(owners.flatMap((c) => c.areas));
    const questions = parseQuestions(pool.questions, ["questions"], yaml.lineOf, rel, problems, { areas, levels: [], examLevel: pool.level });
    const poolHash = sha256(questions.map((q) => q.hash).join("\n"));
    for (const course of owners) {
      course.examQuestions = questions;
      course.hash = sha256(`${course.hash}\n${poolHash}`);
    }
  }
}

/** Exam questions whose stem (normalised) is also a practice question's, with that practice question. */
export function sharedStems(courses: LoadedCourse[]): Array<{ exam: LoadedQuestion; practice: LoadedQuestion; course: LoadedCourse }> {
  const practice = new Map(courses.flatMap((c) => c.questions).map((q) => [normaliseStem(q.stem), q]));
  return courses.flatMap((course) =>
    course.examQuestions.flatMap((exam) => {
      const twin = practice.get(normaliseStem(exam.stem));
      return twin ? [{ exam, practice: twin, course }] : [];
    }),
  );
}

/**
 * Reads and validates every course under `root` (content/courses) and the exam pools under `examPoolRoot`;
 * a course with any problem of its own is left out.
 */
export function loadContent(
  root: string,
  examPoolRoot = siblingExamPoolRoot(root),
  sharedModulesRoot = siblingSharedModulesRoot(root),
): { courses: LoadedCourse[]; problems: ContentProblem[] } {
  const problems: ContentProblem[] = [];
  if (!fs.existsSync(root)) return { courses: [], problems };
  const sharedModules = loadSharedModules(sharedModulesRoot, problems);
  const dirs = fs
    .readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const courses = dirs.map((dir) => loadCourse(root, dir, problems, sharedModules)).filter((c) => c !== null);
  attachExamPools(examPoolRoot, courses, problems);
  const owner = new Map<string, string>();
  for (const course of courses) {
    for (const q of course.questions) {
      const other = owner.get(q.id);
      if (other) problems.push({ file: displayPath(path.join(root, course.id, "questions.yaml")), line: null, field: q.id, message: `题号 ${q.id} 已在课程 ${other} 中使用` });
      owner.set(q.id, course.id);
    }
  }
  const pools = new Set<string>();
  for (const course of courses.filter((c) => c.examQuestions.length > 0)) {
    const poolFile = displayPath(path.join(examPoolRoot, `${course.occupation.replaceAll("_", "-")}-${course.level}.yaml`));
    if (pools.has(poolFile)) continue;
    pools.add(poolFile);
    for (const q of course.examQuestions) {
      const other = owner.get(q.id);
      if (other) problems.push({ file: poolFile, line: null, field: q.id, message: `题号 ${q.id} 已在 ${other} 中使用` });
      owner.set(q.id, poolFile);
    }
  }
  // The confidential pool is worthless if a quiz shows the same question.
  for (const { exam, practice, course } of sharedStems(courses)) {
    problems.push({
      file: displayPath(path.join(examPoolRoot, `${course.occupation.replaceAll("_", "-")}-${course.level}.yaml`)),
      line: null,
      field: exam.id,
      message: `题干与练习题 ${practice.id} 相同（忽略空白、标点和全角半角），同一道题不能既是练习题又是考试题`,
    });
  }
  return { courses, problems };
}

export function formatProblem(p: ContentProblem): string {
  return `${p.file}${p.line ? `:${p.line}` : ""}${p.field ? ` ${p.field}` : ""}：${p.message}`;
}
