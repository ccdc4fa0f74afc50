import { pageNumber } from "./page-number.ts";

export const PAGE_SIZE = 50;

export type PageWindow = { page: number; pageSize: number; limit: number; offset: number };

/** The rows to read for `?page=`: one more than a page, so the page knows whether a next one exists without counting. */
export function pageWindow(url: URL, pageSize = PAGE_SIZE): PageWindow {
  const page = pageNumber(url);
  return { page, pageSize, limit: pageSize + 1, offset: (page - 1) * pageSize };
}

export type Paged<T> = { rows: T[]; page: number; hasNext: boolean; total?: number };

/** Cuts the extra look-ahead row off what `pageWindow` read. `total`, when counted, is shown as 共 N 条. */
export function paged<T>(rows: T[], range: PageWindow, total?: number): Paged<T> {
  return { rows: rows.slice(0, range.pageSize), page: range.page, hasNext: rows.length > range.pageSize, total };
}
