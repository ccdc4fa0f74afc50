import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getCurrentUser } from "../auth/auth.server.ts";
import { homePath } from "../auth/permissions.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  // Public landing page; a logged-in user is offered their own home.
  const user = await getCurrentUser(request);
  return { home: user ? homePath(user.grants) : null };
}

const audiences = [
  { title: "学员", text: "养老护理员、育婴员、保育师、老年人能力评估师和家庭照护者在线学习，学时按实际学习时间累计，章节练习即时反馈。" },
  { title: "培训基地与评价机构", text: "开设培训班、安排认定批次、在线理论考试与技能考核评分、发布成绩并颁发可验证的职业技能等级证书。" },
  { title: "养老与托育机构", text: "维护从业人员名册、合同与考勤，按月申报岗位补贴。" },
  { title: "民政部门", text: "审核补贴发放名册，查看每万老年人持证养老护理员数、三级及以上占比等队伍建设指标。" },
];

export default function Index() {
  const { home } = useLoaderData<typeof loader>();
  return (
    <main className="container">
      <section className="hero">
        <h1>养老托育从业人员培训与职业技能等级认定</h1>
        <p>从在线学习到证书查验，一个平台完成：学时可信、考试公正、证书可查、补贴有据。</p>
        <div className="actions">
          {home ? (
            <Link to={home} className="button">
              进入工作台
            </Link>
          ) : (
            <>
              <Link to="/login" className="button">
                登录
              </Link>
              <Link to="/register" className="button secondary">
                学员注册
              </Link>
            </>
          )}
        </div>
      </section>
      <div className="cards">
        {audiences.map((a) => (
          <section key={a.title} className="card">
            <h2>{a.title}</h2>
            <p className="muted">{a.text}</p>
          </section>
        ))}
      </div>
    </main>
  );
}
