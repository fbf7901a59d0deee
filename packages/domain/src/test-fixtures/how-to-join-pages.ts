import { readFileSync } from 'node:fs';
import type { CatalogProgram } from '../catalog.js';

/** The current page first, then five earlier real versions of it. */
export const SEED_PAGE = 'how-to-join.md';
export const PAGE_FIXTURES = [
  SEED_PAGE,
  'sfb-378a7ee691.md',
  'sfb-501c316fbf.md',
  'sfb-5957e46e9b.md',
  'sfb-bcc8c8b50d.md',
  'sfb-ddb18f1098.md',
] as const;

const FIXTURES_DIRECTORY = new URL('../importer/fixtures/', import.meta.url);

export function readFixture(name: string): string {
  return readFileSync(new URL(name, FIXTURES_DIRECTORY), 'utf8');
}

/** The programs of a page as read by hand. The seed's file is named without ".md". */
export function readExpectedPrograms(page: string): CatalogProgram[] {
  const name = page === SEED_PAGE ? 'how-to-join.expected.json' : `${page}.expected.json`;
  return (JSON.parse(readFixture(name)) as { programs: CatalogProgram[] }).programs;
}

/** `source` with `search` replaced once; throws when `search` is missing, so no test passes by editing nothing. */
export function editPage(source: string, search: string, replacement: string): string {
  if (!source.includes(search)) throw new Error(`Text to edit not found: ${search}`);
  return source.replace(search, () => replacement);
}

export function tableRow(...cells: string[]): string {
  return `<tr>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`;
}

export const HEADER_ROW = tableRow(
  'Program Category',
  'Program Name',
  'Partner Admission Information',
  'Relevant Specs',
  'Certification Labs',
);

/** A small but complete page around the given table rows (header included). */
export function pageWithRows(...rows: string[]): string {
  return [
    '---',
    'title: Test page',
    'description: A page for tests',
    '---',
    '# How to Join',
    '',
    '- A proven record of developing and marketing enterprise grade and industry leading communications products',
    '',
    '1. Confirm that the program is seeking partners.',
    '2. Email the alias.',
    '',
    '<table>',
    HEADER_ROW,
    ...rows,
    '</table>',
    '',
  ].join('\n');
}
