import { z } from "../../utils/zod.ts";
import { occupations } from "../../occupations/occupations.ts";
import { courseAudiences } from "../course-audience.ts";
import { OPTION_LETTERS } from "../../utils/option-letters.ts";

/** Object errors in Chinese: an unknown key is named, anything else is a shape problem. */
const objectError = (shape: string) => ({
  error: (issue: { code?: string; keys?: string[] }) => (issue.code === "unrecognized_keys" ? `不认识的字段：${issue.keys?.join("、")}` : shape),
});

const slug = z.string({ message: "须为文字" }).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "只能使用小写字母、数字和连字符“-”");
const text = (what: string) => z.string({ message: `请填写${what}` }).trim().min(1, `请填写${what}`);
const int = (what: string, min: number, max: number) =>
  z.number({ message: `${what}须为数字` }).int(`${what}须为整数`).min(min, `${what}不能小于 ${min}`).max(max, `${what}不能大于 ${max}`);

const quizSchema = z.strictObject({ questions: int("练习题数", 1, 30), passScore: int("及格分", 1, 100) }, objectError("须写明练习题数和及格分"));

export type CourseModule = { id: string; title: string; required: boolean; lessons: string[]; quiz: z.output<typeof quizSchema> };

/** A course's module: its own (id, title, lessons, quiz) or a shared one it includes with `shared: <id>`. */
const moduleEntrySchema = z
  .strictObject(
    {
      shared: slug.optional(),
      id: slug.optional(),
      title: text("模块名称").optional(),
      required: z.boolean({ message: "须为 true 或 false" }).optional(),
      lessons: z.array(slug, { message: "须为课时列表" }).min(1, "模块至少包含一个课时").optional(),
      quiz: quizSchema.optional(),
    },
    objectError("模块格式不正确"),
  )
  .superRefine((m, ctx) => {
    const missing = (field: string, message: string) => ctx.addIssue({ code: "custom", path: [field], message });
    if (m.shared !== undefined) {
      for (const field of ["id", "title", "required", "lessons", "quiz"] as const) {
        if (m[field] !== undefined) missing(field, "共用模块只写 shared: 模块编号，其余写在共用模块的 module.yaml 中");
      }
      return;
    }
    if (m.id === undefined) missing("id", "请填写模块编号（或写 shared: 共用模块编号）");
    if (m.title === undefined) missing("title", "请填写模块名称");
    if (m.lessons === undefined) missing("lessons", "请列出模块的课时");
    if (m.quiz === undefined) missing("quiz", "须写明练习题数和及格分");
  })
  .transform((m): CourseModule | { shared: string } =>
    m.shared !== undefined ? { shared: m.shared } : { id: m.id!, title: m.title!, required: m.required ?? true, lessons: m.lessons!, quiz: m.quiz! },
  );


export const courseFileSchema = z.strictObject(
  {
    id: slug,
    title: text("课程名称"),
    occupation: z.enum(occupations, { message: `职业须为 ${occupations.join("、")} 之一` }),
    level: int("等级", 1, 5).optional(),
    // A course for 机构负责人, 养老社工 or 继续教育 rather than a certified level (it then has no level of its own).
    audience: z.enum(courseAudiences, { message: `适用对象须为 ${courseAudiences.join("、")} 之一` }).optional(),
    // 学时 stated apart (issue #14): lessons must reach the online part; the offline part is earned in class.
    onlineHours: int("线上学时", 0, 1000),
    offlineHours: int("线下学时", 0, 1000),
    summary: text("课程简介"),
    areas: z.array(text("课程领域"), { message: "须为领域列表" }).min(1, "至少列出一个领域"),
    modules: z
      .array(
        moduleEntrySchema,
        { message: "须为模块列表" },
      )
      .min(1, "至少包含一个模块"),
  },
  objectError("课程文件须为键值格式"),
).refine((c) => c.onlineHours + c.offlineHours > 0, { path: ["onlineHours"], message: "线上学时与线下学时合计至少 1 学时" });
export type CourseFile = z.output<typeof courseFileSchema>;

/**
 * A module several courses share (content/shared-modules/<id>/module.yaml), such as the standard's 基本要求:
 * one area, its lessons and its practice questions, included by a course with `- shared: <id>`.
 */
export const sharedModuleFileSchema = z.strictObject(
  {
    id: slug,
    title: text("模块名称"),
    area: text("领域"),
    required: z.boolean({ message: "须为 true 或 false" }).default(true),
    lessons: z.array(slug, { message: "须为课时列表" }).min(1, "模块至少包含一个课时"),
    quiz: quizSchema,
  },
  objectError("共用模块文件须写明 id、title、area、lessons 和 quiz"),
);
export type SharedModuleFile = z.output<typeof sharedModuleFileSchema>;

export const lessonFrontMatterSchema = z.strictObject(
  {
    title: text("课时标题"),
    minutes: int("预计学习分钟数", 5, 120),
    area: text("领域"),
    // 本课依据：the standard, a named textbook or a guideline with its year (issue #14)
    sources: z.array(text("来源"), { message: "须为来源列表" }).min(1, "至少列出一个来源").optional(),
  },
  objectError("课时开头须有 --- 包围的标题、时长和领域"),
);
export type LessonFrontMatter = z.output<typeof lessonFrontMatterSchema>;

const questionCommon = {
  id: z.string({ message: "请填写题号" }).regex(/^[a-z0-9]+-\d{4}$/, "题号格式应如 ec5-0001"),
  area: text("领域"),
  levels: z.array(int("等级", 1, 5), { message: "须为等级列表，如 [5]" }).min(1, "至少适用一个等级").optional(),
  difficulty: int("难度", 1, 3),
  stem: text("题干"),
  explanation: text("解析"),
};

export const questionSchema = z.discriminatedUnion(
  "type",
  [
    z.strictObject({ type: z.literal("true_false"), ...questionCommon, answer: z.boolean({ message: "判断题答案须为 true 或 false" }) }),
    z
      .strictObject({
        type: z.literal("single"),
        ...questionCommon,
        options: z.array(text("选项"), { message: "须为选项列表" }).length(4, "单选题须有 4 个选项"),
        answer: z.string({ message: "请填写答案字母" }).regex(/^[A-D]$/, "单选题答案须为 A–D 中的一个字母"),
      }),
    z
      .strictObject({
        type: z.literal("multiple"),
        ...questionCommon,
        options: z.array(text("选项"), { message: "须为选项列表" }).min(4, "多选题须有 4 或 5 个选项").max(5, "多选题须有 4 或 5 个选项"),
        answer: z.string({ message: "请填写答案字母" }).regex(/^[A-E]{2,5}$/, "多选题答案须为至少两个字母，如 ACD"),
      })
      .superRefine((q, ctx) => {
        const picked = [...q.answer].map((c) => OPTION_LETTERS.indexOf(c));
        if (picked.some((i, k) => k > 0 && i <= picked[k - 1]!)) ctx.addIssue({ code: "custom", path: ["answer"], message: "答案字母须按顺序且不重复，如 ACD" });
        if (picked.some((i) => i >= q.options.length)) ctx.addIssue({ code: "custom", path: ["answer"], message: "答案含有不存在的选项" });
        if (picked.length >= q.options.length) ctx.addIssue({ code: "custom", path: ["answer"], message: "多选题至少要有一个错误选项" });
      }),
  ],
  { message: "题型须为 true_false、single 或 multiple" },
);
export type QuestionFile = z.output<typeof questionSchema>;

/**
 * 考试题库 file: the confidential exam pool of one occupation and level. Its questions use the question
 * schema without `levels` (the file names the level); they are checked one by one like a course's.
 */
export const examPoolFileSchema = z.strictObject(
  {
    pool: z.literal("exam", { message: "考试题库文件须写明 pool: exam" }),
    occupation: z.enum(occupations, { message: `职业须为 ${occupations.join("、")} 之一` }),
    level: int("等级", 1, 5),
    questions: z.array(z.unknown(), { message: "须为题目列表" }).min(1, "考试题库至少包含一道题"),
  },
  objectError("考试题库文件须写明 pool、occupation、level 和 questions"),
);

const rubricItemSchema = z.strictObject(
  { id: slug, label: text("评分项"), points: int("分值", 1, 100), critical: z.boolean({ message: "须为 true 或 false" }).default(false) },
  objectError("评分项须写明 id、label、points，可加 critical"),
);

/** 技能考核 task bank of a level: the operations a candidate may draw, each with a rubric worth 100. */
export const skillTasksFileSchema = z
  .strictObject(
    {
      perCandidate: int("每名考生抽取的操作项目数", 1, 10),
      tasks: z
        .array(
          z
            .strictObject({ id: slug, title: text("操作项目名称"), rubric: z.array(rubricItemSchema, { message: "须为评分项列表" }).min(2, "评分表至少两项") }, objectError("操作项目须写明 id、title 和 rubric"))
            .superRefine((task, ctx) => {
              const total = task.rubric.reduce((n, item) => n + item.points, 0);
              if (total !== 100) ctx.addIssue({ code: "custom", path: ["rubric"], message: `评分项分值合计为 ${total} 分，应为 100 分` });
              if (!task.rubric.some((item) => item.critical)) ctx.addIssue({ code: "custom", path: ["rubric"], message: "至少标出一个否决项（critical: true）" });
              const ids = task.rubric.map((item) => item.id);
              ids.forEach((id, i) => ids.indexOf(id) !== i && ctx.addIssue({ code: "custom", path: ["rubric", i, "id"], message: `评分项编号“${id}”重复` }));
            }),
          { message: "须为操作项目列表" },
        )
        .min(1, "至少包含一个操作项目"),
    },
    objectError("技能操作项目文件须写明 perCandidate 和 tasks"),
  )
  .superRefine((file, ctx) => {
    const ids = file.tasks.map((t) => t.id);
    ids.forEach((id, i) => ids.indexOf(id) !== i && ctx.addIssue({ code: "custom", path: ["tasks", i, "id"], message: `操作项目编号“${id}”重复` }));
    if (file.perCandidate > file.tasks.length) ctx.addIssue({ code: "custom", path: ["perCandidate"], message: `只有 ${file.tasks.length} 个操作项目，不够每人抽取 ${file.perCandidate} 个` });
  });
export type SkillTasksFile = z.output<typeof skillTasksFileSchema>;

const mapPointSchema = z
  .strictObject(
    {
      skill: text("技能要求").optional(),
      knowledge: text("相关知识").optional(),
      // Empty or left out: the point is not covered yet, and content:check lists it.
      lessons: z.array(slug, { message: "须为课时列表" }).default([]),
      questions: z.array(z.string({ message: "须为题号" }), { message: "须为题号列表" }).optional(),
      note: text("说明").optional(),
    },
    objectError("要点须写 skill 或 knowledge，可加 lessons、questions、note"),
  )
  .refine((p) => (p.skill === undefined) !== (p.knowledge === undefined), { message: "每个要点只写 skill（技能要求）或 knowledge（相关知识）其中之一" });

/**
 * 内容对照表 (map.yaml) of a course: the standard's 职业功能 → 工作内容 → 技能要求 / 相关知识 for the level, each
 * point with the lessons (and practice questions) that teach it (issue #14).
 */
export const courseMapFileSchema = z.strictObject(
  {
    standard: text("标准名称"),
    note: text("说明").optional(),
    functions: z
      .array(
        z.strictObject(
          {
            title: text("职业功能"),
            contents: z
              .array(
                z.strictObject({ title: text("工作内容"), points: z.array(mapPointSchema, { message: "须为要点列表" }).min(1, "至少列出一个要点") }, objectError("工作内容须写明 title 和 points")),
                { message: "须为工作内容列表" },
              )
              .min(1, "至少列出一项工作内容"),
          },
          objectError("职业功能须写明 title 和 contents"),
        ),
        { message: "须为职业功能列表" },
      )
      .min(1, "至少列出一个职业功能"),
  },
  objectError("对照表须写明 standard 和 functions"),
);
export type CourseMapFile = z.output<typeof courseMapFileSchema>;

/**
 * A stem as compared across pools: Unicode compatibility form (full-width letters, digits and
 * punctuation become their half-width forms), then whitespace and punctuation dropped.
 */
export function normaliseStem(stem: string): string {
  return stem.normalize("NFKC").replace(/[\s\p{P}]/gu, "").toLowerCase();
}

/** Option indexes of the correct answer; true/false questions answer 正确 (0) or 错误 (1). */
export function answerIndexes(q: QuestionFile): number[] {
  if (q.type === "true_false") return [q.answer ? 0 : 1];
  return [...q.answer].map((c) => OPTION_LETTERS.indexOf(c));
}

export const TRUE_FALSE_OPTIONS = ["正确", "错误"];
