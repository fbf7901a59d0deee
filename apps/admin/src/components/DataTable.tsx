import { Fragment, type ReactNode } from 'react';

/** A column: its header, and what a row shows in it. */
export interface Column<T> {
  label: string;
  render: (row: T) => ReactNode;
}

/**
 * The console's table of things to list or manage (applications, listings, staff accounts, webhook
 * endpoints, catalogue rows): the first column heads each row; with `actions`, the last holds the
 * row's actions, and the row's editor or confirmation, when one is open (`expanded`), takes a
 * full-width row just below it.
 */
export function DataTable<T extends { id: string }>({
  caption,
  className = 'data',
  busy,
  columns,
  rows,
  actions,
  expanded,
}: {
  caption: string;
  className?: string;
  busy?: boolean;
  columns: ReadonlyArray<Column<T>>;
  rows: readonly T[];
  /** The row's buttons, in a last column; a list without them has no such column. */
  actions?: (row: T, index: number) => ReactNode;
  /** What is open below the row, if anything. */
  expanded?: (row: T) => ReactNode;
}) {
  return (
    <table className={className} aria-busy={busy}>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {columns.map((column) => (
            <th scope="col" key={column.label}>
              {column.label}
            </th>
          ))}
          {actions && (
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => {
          const open = expanded?.(row);
          return (
            <Fragment key={row.id}>
              <tr>
                {columns.map((column, columnIndex) =>
                  columnIndex === 0 ? (
                    <th scope="row" key={column.label}>
                      {column.render(row)}
                    </th>
                  ) : (
                    <td key={column.label}>{column.render(row)}</td>
                  ),
                )}
                {actions && <td className="row-actions">{actions(row, index)}</td>}
              </tr>
              {open && (
                <tr className="editor-row">
                  <td colSpan={columns.length + (actions ? 1 : 0)}>{open}</td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
