import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** A small valid course written to a temporary content folder; tests then break one thing at a time. */
export function writeContent(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "carecert-content-"));
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(root, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return root;
}

export const validCourseYaml = `id: demo-5
title: 养老护理员（五级）演示课程
occupation: elderly_caregiver
level: 5
onlineHours: 1
offlineHours: 1
summary: 用于测试的小课程。
areas: [生活照护, 康复服务]
modules:
  - id: care
    title: 生活照护
    lessons: [feeding, bathing]
    quiz:
      questions: 2
      passScore: 60
  - id: rehab
    title: 康复服务
    required: false
    lessons: [transfer]
    quiz:
      questions: 1
      passScore: 60
`;

export const lesson = (title: string, area: string, minutes = 10) =>
  `---\ntitle: ${title}\nminutes: ${minutes}\narea: ${area}\n---\n\n## ${title}\n\n协助老年人时先说明来意，取得同意后再操作，动作轻柔，随时观察老人的反应，发现异常及时报告护士。\n`;

export const validQuestions = `- id: demo-0001
  type: single
  area: 生活照护
  levels: [5]
  difficulty: 1
  stem: 协助卧床老年人进食时宜采取哪种体位？
  options: [平卧位, 坐位或半坐卧位, 俯卧位, 头低足高位]
  answer: B
  explanation: 坐位或半坐卧位利于吞咽。
- id: demo-0002
  type: true_false
  area: 生活照护
  levels: [5]
  difficulty: 1
  stem: 洗浴前应先测试水温。
  answer: true
  explanation: 防止烫伤。
- id: demo-0003
  type: multiple
  area: 康复服务
  levels: [5]
  difficulty: 2
  stem: 协助老年人从床上移到轮椅前应做到哪些？
  options: [固定轮椅刹车, 向老人说明, 快速拉起老人, 评估老人能否配合]
  answer: ABD
  explanation: 拉拽易致损伤。
`;

/** A content map: one point covered by two lessons and a question, one left uncovered with a reason. */
export const validMap = `standard: 养老护理员国家职业技能标准（2019 年版）· 五级/初级工
functions:
  - title: 生活照护
    contents:
      - title: 饮食照护
        points:
          - skill: 能协助老年人进食、进水
            lessons: [feeding, bathing]
            questions: [demo-0001]
          - knowledge: 老年人进食体位的知识
            lessons: []
            note: 待补写
`;

export function validCourseFiles(overrides: Record<string, string | null> = {}): Record<string, string> {
  const files: Record<string, string | null> = {
    "demo-5/course.yaml": validCourseYaml,
    "demo-5/lessons/feeding.md": lesson("协助进食", "生活照护"),
    "demo-5/lessons/bathing.md": lesson("协助洗浴", "生活照护"),
    "demo-5/lessons/transfer.md": lesson("床椅转移", "康复服务", 30),
    "demo-5/questions.yaml": validQuestions,
    ...overrides,
  };
  return Object.fromEntries(Object.entries(files).filter((e): e is [string, string] => e[1] !== null));
}

/** A shared 基本要求 module with one lesson (showing a picture) and two practice questions, no levels. */
export const validSharedModule: Record<string, string> = {
  "basics-demo/module.yaml": `id: basics-demo
title: 基本要求
area: 基本要求
lessons: [ethics]
quiz:
  questions: 2
  passScore: 60
`,
  "basics-demo/lessons/ethics.md": lesson("职业道德", "基本要求") + "\n![洗手六步法的示意图，每步配一幅手势](images/hand-washing.svg)\n",
  "basics-demo/images/hand-washing.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
  "basics-demo/questions.yaml": `- id: bd-0001
  type: true_false
  area: 基本要求
  difficulty: 1
  stem: 护理员可以把老人的病情告诉无关的人。
  answer: false
  explanation: 应保护老人隐私。
- id: bd-0002
  type: single
  area: 基本要求
  difficulty: 1
  stem: 发现火情首先应怎么做？
  options: [继续工作, 报警并疏散, 打开窗户, 收拾物品]
  answer: B
  explanation: 先报警、先救人。
`,
};
