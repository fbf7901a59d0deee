import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DataTable } from './DataTable.js';

const rows = [
  { id: 'a', name: 'Ada', role: 'Admin' },
  { id: 'b', name: 'Bo', role: 'Editor' },
];
const columns = [
  { label: 'Name', render: (row: (typeof rows)[number]) => row.name },
  { label: 'Role', render: (row: (typeof rows)[number]) => row.role },
];

afterEach(cleanup);

/** What the cells of one role (columnheader, rowheader, cell) in the table say, in order. */
const texts = (table: HTMLElement, role: string) =>
  within(table)
    .getAllByRole(role)
    .map((cell) => cell.textContent);

describe('DataTable', () => {
  it('heads each row with its first column and ends it with its actions', () => {
    render(
      <DataTable
        caption="People"
        rows={rows}
        columns={columns}
        actions={(row) => <button type="button">Edit {row.name}</button>}
        expanded={() => null}
      />,
    );
    const table = screen.getByRole('table', { name: 'People' });
    expect(texts(table, 'columnheader')).toEqual(['Name', 'Role', 'Actions']);
    expect(texts(table, 'rowheader')).toEqual(['Ada', 'Bo']);
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(within(table).getByRole('button', { name: 'Edit Bo' })).toBeTruthy();
  });

  it('opens what belongs to a row in a full-width row just below it', () => {
    render(
      <DataTable
        caption="People"
        rows={rows}
        columns={columns}
        actions={() => null}
        expanded={(row) => row.id === 'a' && <p>Editing {row.name}</p>}
      />,
    );
    const [, first, editor, second] = screen.getAllByRole('row');
    expect(first?.textContent).toContain('Ada');
    expect(editor?.className).toBe('editor-row');
    expect(editor?.querySelector('td')?.colSpan).toBe(3);
    expect(editor?.textContent).toBe('Editing Ada');
    expect(second?.textContent).toContain('Bo');
  });

  it('lists without an actions column when its rows have no actions', () => {
    render(<DataTable caption="People" className="data people" rows={rows} columns={columns} />);
    const table = screen.getByRole('table', { name: 'People' });
    expect(table.className).toBe('data people');
    expect(texts(table, 'columnheader')).toEqual(['Name', 'Role']);
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(texts(table, 'cell')).toEqual(['Admin', 'Editor']);
  });
});
