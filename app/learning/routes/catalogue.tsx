import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { levelLabel, occupationNames, occupations, type SkillLevel } from "../../occupations/occupations.ts";
import { formatRequiredHours } from "../hours.ts";
import { listCatalogue, myEnrolments } from "../learning.server.ts";

export const meta: MetaFunction = () => [{ title: "课程目录 · carecert" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = requireUserWithPermission(request, "read:learning:own");
  const enrolled = new Set(myEnrolments(db, user.id).map((e) => e.course.id));
  const courses = listCatalogue(db);
  return {
    groups: occupations
      .map((occupation) => ({
        occupation: occupationNames[occupation],
        courses: courses
          .filter((c) => c.occupation === occupation)
          .map((c) => ({
            id: c.id,
            title: c.title,
            level: c.level ? levelLabel(c.level as SkillLevel) : "培训合格证明",
            hours: formatRequiredHours(c),
            summary: c.summary,
            enrolled: enrolled.has(c.id),
          })),
      }))
      .filter((g) => g.courses.length > 0),
  };
}

export default function CataloguePage() {
  const { groups } = useLoaderData<typeof loader>();
  return (
    <main className="container">
      <h1>课程目录</h1>
      {groups.length === 0 ? <p className="muted">暂无开放的课程。</p> : null}
      {groups.map((g) => (
        <section key={g.occupation}>
          <h2>{g.occupation}</h2>
          <div className="cards">
            {g.courses.map((c) => (
              <Link key={c.id} to={`/courses/${c.id}`} className="card">
                <p className="tag">{c.level}</p>
                <h3>{c.title}</h3>
                <p className="muted">{c.summary}</p>
                <p className="hint">
                  要求 {c.hours}{c.enrolled ? " · 已报名" : ""}
                </p>
              </Link>
            ))}
          </div>
        </section>
      ))}
    </main>
  );
}
