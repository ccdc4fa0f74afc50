import { Link } from "@remix-run/react";

export type TodoView = { key: string; label: string; count: number; href: string };
export type TodoSectionView = { role: string; title: string; todos: TodoView[] };

/**
 * A role's to-dos as cards, each its count and a link to the page that lists exactly those rows. Items with nothing
 * waiting are left out by the service, so an empty section reads 暂无待办. Several roles: one section each.
 */
export function TodoList({ sections }: { sections: TodoSectionView[] }) {
  return (
    <>
      {sections.map((section) => (
        <section key={section.role} className="todos" aria-labelledby={`todos-${section.role}`} data-role={section.role}>
          <h2 id={`todos-${section.role}`}>{section.title}</h2>
          {section.todos.length === 0 ? (
            <p className="muted">暂无待办</p>
          ) : (
            <ul className="cards todo-cards">
              {section.todos.map((todo) => (
                <li key={todo.key}>
                  <Link to={todo.href} className="card todo" data-todo={todo.key}>
                    <span className="stat">{todo.count.toLocaleString("zh-CN")}</span>
                    <span className="todo-label">{todo.label}</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </>
  );
}
