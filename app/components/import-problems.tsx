import type { ImportProblem } from "../imports/table.server.ts";

/** The Chinese report of a rejected import: every problem by row and column. */
export function ImportProblems({ problems }: { problems: ImportProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <div className="form-error" role="alert">
      <p>文件未导入，请修改后重新上传：</p>
      <ul className="import-problems">
        {problems.map((p, i) => (
          <li key={i}>
            {p.row ? `第 ${p.row} 行` : "文件"}
            {p.column ? `「${p.column}」` : ""}：{p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
