import { Link } from "@remix-run/react";
import { DataTable } from "../components/data-table.tsx";

/**
 * A section of a worker's own page (/my) as plain loader data: a titled table of the person's own records. Other
 * areas (subsidies, competition results) add theirs by adding a source to `recordSections` in sections.server.ts.
 */
export type RecordCell = string | number | { text: string; href: string };
export type RecordSection = {
  key: string;
  title: string;
  empty: string;
  columns: Array<{ header: string; numeric?: boolean }>;
  rows: Array<{ key: string; cells: RecordCell[] }>;
};

export function RecordSectionView({ section }: { section: RecordSection }) {
  return (
    // Not a labelled region: the table's own scroll region already carries the title as its landmark name.
    <section>
      <h2>{section.title}</h2>
      <DataTable
        caption={section.title}
        rows={section.rows}
        rowKey={(r) => r.key}
        empty={section.empty}
        columns={section.columns.map((c, i) => ({
          header: c.header,
          numeric: c.numeric,
          cell: (r: RecordSection["rows"][number]) => {
            const cell = r.cells[i];
            return typeof cell === "object" ? <Link to={cell.href}>{cell.text}</Link> : cell;
          },
        }))}
      />
    </section>
  );
}
