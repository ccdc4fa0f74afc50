import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { levelLabel, occupationNames, occupations, type SkillLevel } from "../../occupations/occupations.ts";
import { formatRequiredHours } from "../hours.ts";
import { courseAudienceNames } from "../course-audience.ts";
import { listCatalogue, myEnrolments } from "../learning.server.ts";

export const meta: MetaFunction = () => [{ title: "课程目录 · carecert" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, "read:learning:own");
  const enrolled = new Set((await myEnrolments(db, user.id)).map((e) => e.course.id));
  // Entry level first, up to 一级; courses for an audience (院长, 社工, 继续教育) after the levels.
  const courses = (await listCatalogue(db)).sort((a, b) => (b.level ?? -1) - (a.level ?? -1));
  return {
    groups: occupations
      .map((occupation) => ({
        occupation: occupationNames[occupation],
        anchor: occupation,
        courses: courses
          .filter((c) => c.occupation === occupation)
          .map((c) => ({
            id: c.id,
            title: c.title,
            level: c.level ? levelLabel(c.level as SkillLevel) : c.audience ? courseAudienceNames[c.audience] : "培训合格证明",
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
      {groups.length > 1 ? (
        <nav aria-label="按职业浏览" className="actions">
          {groups.map((g) => (
            <a key={g.anchor} href={`#${g.anchor}`}>
              {g.occupation}（{g.courses.length}）
            </a>
          ))}
        </nav>
      ) : null}
      {groups.map((g) => (
        <section key={g.occupation} id={g.anchor} aria-labelledby={`${g.anchor}-title`}>
          <h2 id={`${g.anchor}-title`}>{g.occupation}</h2>
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
