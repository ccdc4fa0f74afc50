import type { ReactNode } from "react";

type FieldProps = {
  label: string;
  name: string;
  /** Defaults to the name; set it when one page holds the same form several times. */
  id?: string;
  type?: string;
  defaultValue?: string;
  error?: string;
  hint?: ReactNode;
  required?: boolean;
  autoComplete?: string;
  inputMode?: "text" | "numeric" | "tel";
  maxLength?: number;
  /** A multi-line field (a textarea of this many rows) instead of an input. */
  rows?: number;
};

/** A labelled input with its error message right beneath it, linked for screen readers. */
export function Field({ label, name, id = name, type = "text", defaultValue, error, hint, rows, ...input }: FieldProps) {
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={error ? "field has-error" : "field"}>
      <label htmlFor={id}>{label}</label>
      {rows ? (
        <textarea id={id} name={name} rows={rows} defaultValue={defaultValue} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
      ) : (
        <input id={id} name={name} type={type} defaultValue={defaultValue} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
      )}
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function FormError({ error }: { error?: string }) {
  return error ? (
    <p className="form-error" role="alert">
      {error}
    </p>
  ) : null;
}

/** Every reason a form or step was refused, at once, optionally under a heading. */
export function FormProblems({ problems, heading }: { problems: string[]; heading?: string }) {
  return problems.length > 0 ? (
    <div className="form-error" role="alert">
      {heading ? <p>{heading}</p> : null}
      <ul>
        {problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </div>
  ) : null;
}

type SelectProps = {
  label: string;
  name: string;
  id?: string;
  options: Array<{ value: string; label: string }>;
  defaultValue?: string;
  error?: string;
  hint?: ReactNode;
};

export function SelectField({ label, name, id = name, options, defaultValue, error, hint }: SelectProps) {
  return (
    <div className={error ? "field has-error" : "field"}>
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={defaultValue} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint ? <p className="hint">{hint}</p> : null}
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
