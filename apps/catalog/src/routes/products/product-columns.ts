/**
 * The columns of a table of certified products: the product, its vendor, across programs its
 * program, the program's own attributes, and its status; and what each column sorts by.
 */

export type ColumnKind = 'product' | 'vendor' | 'program' | 'attribute' | 'status';

export interface Column {
  name: string;
  kind: ColumnKind;
}

export type AttributeKind = 'TEXT' | 'YES_NO' | 'VERSIONS';

export interface AttributeValue {
  name: string;
  value: string;
  kind: AttributeKind;
}

/** What the columns need of a row to sort it. */
export interface SortableListing {
  name: string;
  status: string;
  listedSince: string;
  vendor: { name: string };
  program: { name: string };
  attributes: readonly AttributeValue[];
}

export function listingColumns({
  attributeNames,
  showProgram,
  showVendor,
}: {
  attributeNames: readonly string[];
  showProgram: boolean;
  showVendor: boolean;
}): Column[] {
  return [
    ...(showVendor ? [{ name: 'Vendor', kind: 'vendor' as const }] : []),
    { name: 'Product', kind: 'product' },
    ...(showProgram ? [{ name: 'Program', kind: 'program' as const }] : []),
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

const YES = new Set(['true', 'yes', '✔', 'y']);

/** An attribute as the cell shows it, one line per value: a yes as "✔ Yes", several versions one per line. */
export function attributeText(attribute: AttributeValue): string[] {
  const value = attribute.value.trim();
  if (attribute.kind === 'YES_NO') return [YES.has(value.toLowerCase()) ? '✔ Yes' : 'No'];
  if (!value) return [];
  return value
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
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
    case 'status':
      return row.status;
    default: {
      const attribute = row.attributes.find((candidate) => candidate.name === column.name);
      return attribute ? attributeText(attribute).join(' ') || null : null;
    }
  }
}
