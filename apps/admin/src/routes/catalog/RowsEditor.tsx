import { errorsOf } from '@certhub/web-ui/errors';
import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { type Column, DataTable } from '../../components/DataTable.js';
import { Problem } from '../../components/fields.js';

export interface RowField {
  key: string;
  label: string;
  hint?: string;
}

interface Row {
  id: string;
}

/** A problem from the API (or the domain's check) on a field of the form, or on the whole. */
export class FieldProblem extends Error {
  constructor(
    readonly field: string | null,
    message: string,
  ) {
    super(message);
  }
}

const problemOf = (error: unknown): FieldProblem => {
  if (error instanceof FieldProblem) return error;
  const [first] = errorsOf(error);
  return new FieldProblem(first?.field?.replace(/^input\./, '') ?? null, first?.message ?? 'That did not go through.');
};

/**
 * Rows of one kind (categories, labs, specs) edited with one pattern: a table; per row, edit in
 * place or delete after confirming (a refusal says what uses the row); a form to add one; and,
 * where order matters, up and down.
 */
export function RowsEditor<T extends Row>({
  title,
  noun,
  rows,
  columns,
  fields,
  valuesOf,
  labelOf,
  create,
  update,
  remove,
  reorder,
}: {
  title: string;
  noun: string;
  rows: readonly T[];
  columns: ReadonlyArray<Column<T>>;
  fields: readonly RowField[];
  valuesOf: (row: T | null) => Record<string, string>;
  labelOf: (row: T) => string;
  create: (values: Record<string, string>) => Promise<unknown>;
  update: (row: T, values: Record<string, string>) => Promise<unknown>;
  remove: (row: T) => Promise<unknown>;
  reorder?: (ids: string[]) => Promise<unknown>;
}) {
  const id = useId();
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<unknown>, success: string) => {
    setBusy(true);
    setMessage(null);
    try {
      await work();
      setMessage({ text: success, error: false });
      return true;
    } catch (error) {
      setMessage({ text: problemOf(error).message, error: true });
      return false;
    } finally {
      setBusy(false);
    }
  };
  const move = (index: number, by: number) => {
    if (!reorder) return;
    const ids = rows.map((row) => row.id);
    const [moved] = ids.splice(index, 1);
    if (!moved) return;
    ids.splice(index + by, 0, moved);
    const row = rows[index];
    void run(() => reorder(ids), `Moved ${row ? labelOf(row) : 'it'} ${by < 0 ? 'up' : 'down'}.`);
  };

  return (
    <section aria-labelledby={`${id}-heading`} className="rows-editor">
      <h2 id={`${id}-heading`}>{title}</h2>
      <div role="status" aria-live="polite">
        {message && <p className={message.error ? 'callout callout-error' : 'callout'}>{message.text}</p>}
      </div>
      {rows.length === 0 ? (
        <p className="empty-state">None yet: add the first one below.</p>
      ) : (
        <div className="table-scroll">
          <DataTable
            caption={title}
            rows={rows}
            columns={columns}
            actions={(row, index) => (
              <>
                {reorder && (
                  <>
                    <button
                      aria-label={`Up: ${labelOf(row)}`}
                      type="button"
                      className="secondary"
                      disabled={busy || index === 0}
                      onClick={() => move(index, -1)}
                    >
                      Up
                    </button>
                    <button
                      aria-label={`Down: ${labelOf(row)}`}
                      type="button"
                      className="secondary"
                      disabled={busy || index === rows.length - 1}
                      onClick={() => move(index, 1)}
                    >
                      Down
                    </button>
                  </>
                )}
                <button
                  type="button"
                  className="secondary"
                  aria-expanded={editing === row.id}
                  onClick={() => {
                    setDeleting(null);
                    setEditing(editing === row.id ? null : row.id);
                  }}
                >
                  Edit<span className="visually-hidden"> {labelOf(row)}</span>
                </button>
                <button
                  type="button"
                  className="secondary"
                  aria-expanded={deleting === row.id}
                  onClick={() => {
                    setEditing(null);
                    setDeleting(deleting === row.id ? null : row.id);
                  }}
                >
                  Delete<span className="visually-hidden"> {labelOf(row)}</span>
                </button>
              </>
            )}
            expanded={(row) =>
              editing === row.id ? (
                <RowForm
                  label={`Edit ${labelOf(row)}`}
                  fields={fields}
                  initial={valuesOf(row)}
                  submit="Save"
                  onCancel={() => setEditing(null)}
                  onSubmit={async (values) => {
                    await update(row, values);
                    setEditing(null);
                    setMessage({ text: `Saved ${values[fields[0]?.key ?? ''] ?? labelOf(row)}.`, error: false });
                  }}
                />
              ) : deleting === row.id ? (
                <fieldset className="actions inline-group">
                  <legend className="visually-hidden">Delete {labelOf(row)}?</legend>
                  <span>
                    Delete {noun} {labelOf(row)}? This cannot be undone.
                  </span>
                  <button
                    type="button"
                    disabled={busy}
                    onClick={async () => {
                      if (await run(() => remove(row), `Deleted ${labelOf(row)}.`)) setDeleting(null);
                    }}
                  >
                    Delete it
                  </button>
                  <button type="button" className="secondary" onClick={() => setDeleting(null)}>
                    Keep it
                  </button>
                </fieldset>
              ) : null
            }
          />
        </div>
      )}
      <details className="panel">
        <summary>Add a {noun}</summary>
        <RowForm
          label={`New ${noun}`}
          fields={fields}
          initial={valuesOf(null)}
          submit={`Add ${noun}`}
          resetOnSuccess
          onSubmit={async (values) => {
            await create(values);
            setMessage({ text: `Added ${values[fields[0]?.key ?? ''] ?? noun}.`, error: false });
          }}
        />
      </details>
    </section>
  );
}

function RowForm({
  label,
  fields,
  initial,
  submit,
  onSubmit,
  onCancel,
  resetOnSuccess = false,
}: {
  label: string;
  fields: readonly RowField[];
  initial: Record<string, string>;
  submit: string;
  onSubmit: (values: Record<string, string>) => Promise<void>;
  onCancel?: () => void;
  resetOnSuccess?: boolean;
}) {
  const id = useId();
  const [values, setValues] = useState(initial);
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (onCancel) first.current?.focus();
  }, [onCancel]);

  const handle = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await onSubmit(values);
      setProblem(null);
      if (resetOnSuccess) setValues(initial);
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setBusy(false);
    }
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && onCancel) onCancel();
  };
  const general = problem && !fields.some((field) => field.key === problem.field);

  return (
    <form className="form" aria-label={label} onSubmit={(event) => void handle(event)} onKeyDown={onKeyDown} noValidate>
      {fields.map((field, index) => {
        const error = problem?.field === field.key ? problem.message : null;
        const described = [field.hint ? `${id}-${field.key}-hint` : null, error ? `${id}-${field.key}-error` : null]
          .filter(Boolean)
          .join(' ');
        return (
          <div className="field" key={field.key}>
            <label htmlFor={`${id}-${field.key}`}>{field.label}</label>
            {field.hint && (
              <p id={`${id}-${field.key}-hint`} className="muted hint">
                {field.hint}
              </p>
            )}
            <input
              id={`${id}-${field.key}`}
              ref={index === 0 ? first : undefined}
              value={values[field.key] ?? ''}
              onChange={(event) => setValues({ ...values, [field.key]: event.target.value })}
              aria-invalid={Boolean(error)}
              aria-describedby={described || undefined}
            />
            {error && (
              <p id={`${id}-${field.key}-error`} className="field-error">
                {error}
              </p>
            )}
          </div>
        );
      })}
      <Problem>{general && problem.message}</Problem>
      <div className="actions">
        <button type="submit" disabled={busy}>
          {submit}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
