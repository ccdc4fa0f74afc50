import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { getCurrentUser } from "./auth/auth.server.ts";
import { hasPermission, homePath, type WantedPermission } from "./auth/permissions.ts";
import { GeneralErrorBoundary } from "./components/error-boundary.tsx";
import { SiteMenu } from "./components/site-menu.tsx";
import stylesheet from "./styles/app.css?url";
import { useNonce } from "./utils/nonce.tsx";
import { takeNotice } from "./utils/notice.server.ts";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "carecert · 养老托育职业技能培训与认证" }];

// An item shows when the user holds any of its permissions.
const navItems: Array<{ to: string; label: string; permission: WantedPermission | WantedPermission[] }> = [
  { to: "/learn", label: "我的学习", permission: "read:learning" },
  { to: "/courses", label: "课程", permission: "read:learning" },
  { to: "/assessments", label: "等级认定", permission: "apply:assessment" },
  { to: "/examiner", label: "考评工作", permission: "read:examining" },
  { to: "/base", label: "培训基地", permission: "manage:training-base" },
  { to: "/base/classes", label: "培训班", permission: "manage:class" },
  { to: "/base/teachers", label: "师资", permission: "manage:class" },
  { to: "/base/assessments", label: "认定批次", permission: "manage:assessment" },
  { to: "/base/staff", label: "考评人员", permission: "manage:staff" },
  { to: "/institution", label: "机构管理", permission: "manage:institution" },
  { to: "/region", label: "辖区概览", permission: "read:region" },
  { to: "/indicators", label: "队伍指标", permission: "read:indicators" },
  { to: "/institution/workers", label: "从业人员", permission: "manage:worker" },
  { to: "/allowances", label: "补贴名册", permission: ["declare:allowance-list", "read:allowance-list"] },
  { to: "/admin/allowance-policies", label: "补贴政策", permission: "manage:allowance-policy" },
  { to: "/admin/users", label: "账号", permission: "manage:user" },
  { to: "/admin/organisations", label: "机构", permission: "manage:organisation" },
  { to: "/admin/audit", label: "审计日志", permission: "read:audit-log" },
  { to: "/certificates", label: "我的证书", permission: "read:certificate" },
  { to: "/my", label: "我的补贴与记录", permission: "read:person" },
  { to: "/base/certificates", label: "证书发放", permission: "issue:certificate" },
  { to: "/region/certificates", label: "证书吊销", permission: "revoke:certificate" },
  // competitions
  { to: "/region/competitions", label: "技能竞赛", permission: "manage:competition" },
  { to: "/org/competitions", label: "竞赛报名", permission: "enter:competition" },
  { to: "/examiner/competitions", label: "竞赛评分", permission: "judge:competition" },
  // wages and the pool (issue 15)
  { to: "/wages", label: "工资监测", permission: "read:wages" },
  { to: "/region/pool", label: "师资专家库", permission: "read:pool" },
  // subsidies
  { to: "/subsidies/apply", label: "培训补贴", permission: "apply:subsidy:own" },
  { to: "/base/subsidies", label: "考生补贴", permission: "apply:subsidy:org" },
  { to: "/subsidies", label: "培训补贴名册", permission: "read:subsidy-list" },
  { to: "/admin/subsidy-policies", label: "培训补贴政策", permission: "manage:subsidy-policy" },
  // credit lists
  { to: "/region/credit", label: "红黑名单", permission: "manage:credit-list" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const { notice, headers } = takeNotice(request);
  if (!user) return data({ user: null, notice }, { headers });
  return data(
    {
      notice,
      user: {
      name: user.name,
      username: user.username,
      impersonator: user.impersonator?.username ?? null,
      home: homePath(user.grants),
      nav: user.mustChangePassword ? [] : navItems.filter((item) => [item.permission].flat().some((p) => hasPermission(user.grants, p))).map(({ to, label }) => ({ to, label })),
      },
    },
    { headers },
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  const user = data?.user ?? null;
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {user?.impersonator ? (
          <div className="impersonation-banner" role="status">
            您正以 <strong>{user.name}</strong>（{user.username}）的身份浏览，操作均记录在管理员 {user.impersonator} 名下。
            <Form method="post" action="/impersonation/stop">
              <button type="submit" className="link-button">
                结束并返回管理员
              </button>
            </Form>
          </div>
        ) : null}
        <header className="site-header">
          <div className="container header-inner">
            <Link to={user ? user.home : "/"} className="brand">
              <span className="brand-mark" aria-hidden="true">
                护
              </span>
              <span>
                carecert<small>养老托育职业技能培训认证</small>
              </span>
            </Link>
            <nav className="main-nav wide-only" aria-label="主导航">
              <NavItems user={user} />
            </nav>
            <SiteMenu>
              <nav className="menu-nav" aria-label="主导航">
                <NavItems user={user} />
              </nav>
            </SiteMenu>
          </div>
        </header>
        {data?.notice ? (
          <div className="container">
            <p className="notice flash" role="status">
              {data.notice}
            </p>
          </div>
        ) : null}
        {children}
        <footer className="site-footer">
          <div className="container">
            carecert · 养老护理员、育婴员、保育师、老年人能力评估师、家庭照护者培训与职业技能等级认定 · <Link to="/verify">证书查验</Link> · <Link to="/notices">公示公告</Link>
          </div>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

type LayoutUser = { name: string; nav: Array<{ to: string; label: string }> } | null;

/** The same links serve the wide header and the phone's menu; only one of them shows at a time. */
function NavItems({ user }: { user: LayoutUser }) {
  if (!user) {
    return (
      <>
        <NavLink to="/login">登录</NavLink>
        <NavLink to="/register">学员注册</NavLink>
        <NavLink to="/verify">证书查验</NavLink>
        <NavLink to="/notices">公示公告</NavLink>
      </>
    );
  }
  return (
    <>
      {user.nav.map((item) => (
        <NavLink key={item.to} to={item.to} prefetch="intent" end={item.to === "/base" || item.to === "/admin" || item.to === "/region"}>
          {item.label}
        </NavLink>
      ))}
      <NavLink to="/account">{user.name}</NavLink>
      <Form method="post" action="/logout">
        <button type="submit" className="link-button">
          退出
        </button>
      </Form>
    </>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
