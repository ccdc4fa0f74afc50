import type { Key, ReactNode } from "react";
import { Pagination } from "./pagination.tsx";

export type Column<Row> = {
  /** Always a real header: screen readers and phone cards read it; `hideHeader` keeps it for them only. */
  header: string;
  cell: (row: Row) => ReactNode;
  numeric?: boolean;
  /** Long free text that may wrap on wide screens too. */
  wrap?: boolean;
  hideHeader?: boolean;
};

type DataTableProps<Row> = {
  /** Names the table for screen readers (and the scrollable region around it). */
  caption: string;
  columns: Array<Column<Row>>;
  rows: Row[];
  rowKey: (row: Row) => Key;
  /** Shown instead of an empty table. */
  empty: ReactNode;
  /** Paging state from `paged()`; omitted for tables that cannot grow past a page. */
  paging?: { page: number; hasNext: boolean; total?: number };
  showCaption?: boolean;
  className?: string;
};

/**
 * The one table: below 640 px each row becomes a card whose cells are labelled with their column (CSS reads
 * `data-label`), so phones never scroll sideways; on wide screens an overflowing table scrolls inside a
 * keyboard-focusable region.
 */
export function DataTable<Row>({ caption, columns, rows, rowKey, empty, paging, showCaption, className }: DataTableProps<Row>) {
  return (
    <>
      {rows.length === 0 && (paging?.page ?? 1) === 1 ? (
        <p className="empty-state">{empty}</p>
      ) : (
        <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
          <table className={["data-table", className].filter(Boolean).join(" ")}>
            <caption className={showCaption ? undefined : "sr-only"}>{caption}</caption>
            <thead>
              <tr>
                {columns.map((column) => (
                  <th key={column.header} scope="col" className={column.numeric ? "num" : undefined}>
                    {column.hideHeader ? <span className="sr-only">{column.header}</span> : column.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={rowKey(row)}>
                  {columns.map((column) => (
                    <td key={column.header} data-label={column.hideHeader ? undefined : column.header} className={[column.numeric ? "num" : "", column.wrap ? "wrap" : ""].join(" ").trim() || undefined}>
                      {column.cell(row)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {paging ? <Pagination {...paging} /> : null}
    </>
  );
}
