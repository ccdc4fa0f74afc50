import { Form, Link } from "@remix-run/react";

type FilterSelect = { name: string; label: string; value: string; options: Array<{ value: string; label: string }> };

/**
 * The search and filter bar above a list: a GET form, so results have an address, the back button works and no
 * JavaScript is needed. An empty option value means "all".
 */
export function FilterForm({ search, selects = [] }: { search?: { label: string; value: string; placeholder?: string }; selects?: FilterSelect[] }) {
  const active = Boolean(search?.value) || selects.some((s) => s.value !== "");
  return (
    <Form method="get" className="filters" role="search">
      {search ? (
        <div className="field">
          <label htmlFor="filter-q">{search.label}</label>
          <input id="filter-q" name="q" type="search" defaultValue={search.value} placeholder={search.placeholder} />
        </div>
      ) : null}
      {selects.map((s) => (
        <div className="field" key={s.name}>
          <label htmlFor={`filter-${s.name}`}>{s.label}</label>
          <select id={`filter-${s.name}`} name={s.name} defaultValue={s.value}>
            {s.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      ))}
      <div className="filter-actions">
        <button type="submit" className="secondary">
          查找
        </button>
        {active ? <Link to=".">清除条件</Link> : null}
      </div>
    </Form>
  );
}
