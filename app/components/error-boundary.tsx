import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

const pages: Record<number, { title: string; text: string }> = {
  400: { title: "请求有误", text: "提交的内容无法处理，请返回检查后再试。" },
  403: { title: "没有访问权限", text: "您的账号没有打开此页面的权限。如需开通，请联系所在单位的管理员。" },
  404: { title: "页面不存在", text: "您要找的页面或记录不存在，或不在您的管理范围内。" },
  405: { title: "不支持此操作", text: "此页面不接受这样的提交，请返回页面重新操作。" },
  500: { title: "系统出错了", text: "服务器处理时发生错误，我们已记录此问题。请稍后再试。" },
};

/** The one error page: every thrown Response and unexpected error ends here, in Chinese. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const page = pages[status] ?? { title: `出错了（${status}）`, text: "请求无法完成，请返回首页后重试。" };
  if (!isRouteErrorResponse(error)) console.error(error);
  // A route's own message (Chinese) is shown; the router's internal ones ("No route matches URL …") are English.
  const internal = isRouteErrorResponse(error) && (error as unknown as { internal?: boolean }).internal === true;
  const detail = isRouteErrorResponse(error) && !internal && typeof error.data === "string" && status !== 500 ? error.data : null;
  return (
    <main className="container error-page">
      <p className="error-code">{status}</p>
      <h1>{page.title}</h1>
      <p>{detail && detail !== page.title ? detail : page.text}</p>
      <p>
        <Link to="/" className="button">
          返回首页
        </Link>
      </p>
    </main>
  );
}
