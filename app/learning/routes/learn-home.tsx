import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { eq } from "drizzle-orm";
import { people } from "../../../db/schema.ts";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { maskIdNumber } from "../../people/id-number.ts";

export const meta: MetaFunction = () => [{ title: "我的学习 · carecert" }];

export async function loader({ request }: LoaderFunctionArgs) {
  // Own scope: the trainee's own person record, never another's.
  const { user } = requireUserWithPermission(request, "read:learning:own");
  const person = db.select().from(people).where(eq(people.id, user.personId)).get()!;
  return { name: person.name, idNumber: maskIdNumber(person.idNumber), gender: person.gender === "male" ? "男" : "女", birthDate: person.birthDate };
}

export default function LearnHome() {
  const me = useLoaderData<typeof loader>();
  return (
    <main className="container">
      <p className="muted">您好，{me.name}</p>
      <h1>我的学习</h1>
      <div className="card">
        <h2>学员信息</h2>
        <dl className="facts">
          <dt>姓名</dt>
          <dd>{me.name}</dd>
          <dt>身份证号码</dt>
          <dd>{me.idNumber}</dd>
          <dt>性别</dt>
          <dd>{me.gender}</dd>
          <dt>出生日期</dt>
          <dd>{me.birthDate}</dd>
        </dl>
        <p className="hint">报名培训、申报职业技能等级认定和领取证书均以此身份信息为准。如有错误，请联系培训基地更正。</p>
      </div>
      <div className="card">
        <h2>我的课程</h2>
        <p className="muted">您还没有报名课程。报名培训基地的培训班后，课程会显示在这里。</p>
        <p>
          <Link to="/account">账号与登录设备</Link>
        </p>
      </div>
    </main>
  );
}
