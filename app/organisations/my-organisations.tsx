import { Link } from "@remix-run/react";
import { TodoList, type TodoSectionView } from "../components/todo-list.tsx";
import { OrganisationFacts, StaffTable } from "./organisation-facts.tsx";
import type { OrganisationView } from "./organisations.server.ts";

type Props = {
  title: string;
  userName: string;
  /** What waits for this user, per role held (the page's own role first). */
  todos: TodoSectionView[];
  organisations: Array<{ org: OrganisationView; staff: Parameters<typeof StaffTable>[0]["staff"] }>;
  /** Work pages of other domains the admin may open from home. */
  links?: Array<{ to: string; label: string }>;
};

/** The home page of a training-base or institution admin: the organisations they run and their staff. */
export function MyOrganisations({ title, userName, todos, organisations, links = [] }: Props) {
  return (
    <main className="container">
      <p className="muted">您好，{userName}</p>
      <h1>{title}</h1>
      <TodoList sections={todos} />
      {links.length > 0 ? (
        <p className="actions">
          {links.map((l) => (
            <Link key={l.to} to={l.to} className="button secondary">
              {l.label}
            </Link>
          ))}
        </p>
      ) : null}
      {organisations.map(({ org, staff }) => (
        <section key={org.id} className="card">
          <h2>
            <Link to={`/orgs/${org.id}`}>{org.name}</Link>
          </h2>
          <OrganisationFacts org={org} />
          <h2>工作人员</h2>
          {/* Base and institution admins may start a password reset for their own staff. */}
          <StaffTable staff={staff} canResetPasswords />
        </section>
      ))}
    </main>
  );
}
