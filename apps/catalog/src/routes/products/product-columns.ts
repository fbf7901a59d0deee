import type { MessageKey } from '../../i18n/locale.js';

/**
 * The columns of a table of certified products: the product, its vendor, across programs its
 * program, the program's own attributes, and its status; and what each column sorts by.
 */

const ENGLISH_YES_NO = { yes: '✔ Yes', no: 'No' };

export type ColumnKind = 'product' | 'vendor' | 'program' | 'group' | 'attribute' | 'status';

export interface Column {
  name: string;
  kind: ColumnKind;
}

export type AttributeKind = 'TEXT' | 'YES_NO' | 'VERSIONS';

/** As the API gives it: `values` one per line of the cell (YES_NO lines are "yes" or "no"), `value` them all as one line. */
export interface AttributeValue {
  name: string;
  kind: AttributeKind;
  value: string;
  values: readonly string[];
}

/** What the columns need of a row to sort it. */
export interface SortableListing {
  name: string;
  group?: string | null;
  status: string;
  vendor: { name: string };
  program: { name: string };
  attributes: readonly AttributeValue[];
}

/** The column of the heading a listing sits under on its program's page ("Monitors"), when the page has several. */
export const GROUP_COLUMN = 'Listed under';

export function listingColumns({
  attributeNames,
  showProgram,
  showVendor,
  showGroup = false,
}: {
  attributeNames: readonly string[];
  showProgram: boolean;
  showVendor: boolean;
  showGroup?: boolean;
}): Column[] {
  return [
    ...(showVendor ? [{ name: 'Vendor', kind: 'vendor' as const }] : []),
    { name: 'Product', kind: 'product' },
    ...(showProgram ? [{ name: 'Program', kind: 'program' as const }] : []),
    ...(showGroup ? [{ name: GROUP_COLUMN, kind: 'group' as const }] : []),
    ...attributeNames.map((name) => ({ name, kind: 'attribute' as const })),
    { name: 'Status', kind: 'status' },
  ];
}

/**
 * The program's columns in order: those it declares, else those its listings carry in the order
 * first seen (a program imported from a page has the page's columns).
 */
export function attributeColumnNames(
  declared: ReadonlyArray<{ name: string }> | null | undefined,
  rows: ReadonlyArray<{ attributes: ReadonlyArray<{ name: string }> }>,
): string[] {
  if (declared && declared.length > 0) return declared.map((column) => column.name);
  const names = new Set<string>();
  for (const row of rows) for (const attribute of row.attributes) names.add(attribute.name);
  return [...names];
}

/** A fixed column's header in the page's language (`name` stays the URL's sort key); an attribute's as its program's page names it. */
export function columnLabel(column: Column, t: (id: MessageKey) => string): string {
  return column.kind === 'attribute' ? column.name : t(`products.column.${column.kind}`);
}

/**
 * An attribute as the cell shows it, one line per value: a yes as "✔ Yes" (words, not the tick
 * alone), a no as "No", in the page's language (`words`).
 */
export function attributeText(attribute: AttributeValue, words: { yes: string; no: string } = ENGLISH_YES_NO): string[] {
  if (attribute.kind === 'YES_NO') return attribute.values.map((value) => (value === 'yes' ? words.yes : words.no));
  return attribute.values.filter((value) => value.trim());
}

/** What a column sorts a row by; null (no value) sorts last. */
export function columnValue(column: Column, row: SortableListing): string | null {
  switch (column.kind) {
    case 'product':
      return row.name;
    case 'vendor':
      return row.vendor.name;
    case 'program':
      return row.program.name;
    case 'group':
      return row.group ?? null;
    case 'status':
      return row.status;
    default: {
      const attribute = row.attributes.find((candidate) => candidate.name === column.name);
      return attribute?.value || null;
    }
  }
}
