import { contentRoot, examPoolRoot } from "../app/learning/content/content-root.ts";
import { formatProblem, loadContent } from "../app/learning/content/load-content.ts";

// npm run content:check — every problem in every content file, with file, line and field.
const { courses, problems } = loadContent(contentRoot(), examPoolRoot());
for (const p of problems) console.error(formatProblem(p));
for (const c of courses) console.log(`✓ ${c.id}：${c.lessons.length} 课时，练习题 ${c.questions.length} 道，考试题 ${c.examQuestions.length} 道，技能操作项目 ${c.skillTasks?.tasks.length ?? 0} 个`);
if (problems.length > 0) {
  console.error(`\n内容检查未通过：${problems.length} 个问题。`);
  process.exit(1);
}
console.log(`内容检查通过：${courses.length} 门课程。`);
