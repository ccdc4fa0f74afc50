import { contentRoot, examPoolRoot } from "../app/learning/content/content-root.ts";
import { mapCoverage } from "../app/learning/content/coverage.ts";
import { formatProblem, loadContent } from "../app/learning/content/load-content.ts";

// npm run content:check [-- --strict] — every problem in every content file, with file, line and field, then the
// standard's knowledge points no lesson covers yet: a list to work through, a failure only with --strict.
const strict = process.argv.includes("--strict");
const { courses, problems } = loadContent(contentRoot(), examPoolRoot());
for (const p of problems) console.error(formatProblem(p));
let gaps = 0;
for (const c of courses) {
  console.log(`✓ ${c.id}：${c.lessons.length} 课时，练习题 ${c.questions.length} 道，考试题 ${c.examQuestions.length} 道，技能操作项目 ${c.skillTasks?.tasks.length ?? 0} 个`);
  if (!c.map) {
    gaps++;
    console.log(`  ! 尚无内容对照表 map.yaml`);
    continue;
  }
  const coverage = mapCoverage(c.map);
  console.log(`  对照表要点覆盖 ${coverage.covered} / ${coverage.points}`);
  for (const u of coverage.uncovered) console.log(`  ! 未覆盖 ${u.where} › ${u.kind}：${u.text}${u.note ? `（${u.note}）` : ""}`);
  gaps += coverage.uncovered.length;
}
if (problems.length > 0) {
  console.error(`\n内容检查未通过：${problems.length} 个问题。`);
  process.exit(1);
}
if (strict && gaps > 0) {
  console.error(`\n内容检查未通过（--strict）：${gaps} 处未覆盖的要点或缺少的对照表。`);
  process.exit(1);
}
console.log(`内容检查通过：${courses.length} 门课程${gaps > 0 ? `，${gaps} 处未覆盖的要点或缺少的对照表（见上，--strict 时不通过）` : ""}。`);
