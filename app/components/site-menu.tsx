import { useLocation } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";

/**
 * The phone's menu: a <details> panel, so it opens without JavaScript; with JavaScript it closes again
 * once a link has been followed (the layout, and so the open panel, survives client-side navigation).
 */
export function SiteMenu({ children }: { children: ReactNode }) {
  const menu = useRef<HTMLDetailsElement>(null);
  const { pathname } = useLocation();
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [pathname]);
  return (
    <details className="site-menu" ref={menu}>
      <summary>
        <span className="menu-icon" aria-hidden="true" />
        菜单
      </summary>
      {children}
    </details>
  );
}
