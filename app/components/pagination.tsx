import { Link, useLocation } from "@remix-run/react";

/** 上一页 / 第 N 页 / 下一页, keeping the page's filters in the address. */
export function Pagination({ page, hasNext, total }: { page: number; hasNext: boolean; total?: number }) {
  const { search } = useLocation();
  if (page === 1 && !hasNext) return total !== undefined ? <p className="pager muted">共 {total} 条</p> : null;
  const to = (n: number) => {
    const params = new URLSearchParams(search);
    if (n === 1) params.delete("page");
    else params.set("page", String(n));
    const query = params.toString();
    return query ? `?${query}` : ".";
  };
  return (
    <nav className="pager" aria-label="分页">
      {page > 1 ? (
        <Link to={to(page - 1)} rel="prev">
          上一页
        </Link>
      ) : null}
      <span className="muted" aria-current="page">
        第 {page} 页{total !== undefined ? ` · 共 ${total} 条` : ""}
      </span>
      {hasNext ? (
        <Link to={to(page + 1)} rel="next">
          下一页
        </Link>
      ) : null}
    </nav>
  );
}
