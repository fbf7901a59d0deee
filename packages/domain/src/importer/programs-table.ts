import { DomUtils } from 'htmlparser2';
import { AdmissionStatus } from '../admission-status.js';
import { LabAvailability, SpecAvailability } from '../availability.js';
import type { CatalogProgram, LabLink, SpecLink } from '../catalog.js';
import { hasAllowedScheme, LINK_SCHEMES_TEXT } from '../link.js';
import { slugify } from '../slug.js';
import { isEmail } from '../staff.js';
import { type HtmlElement, type Inline, isElement, parseHtml, plainText, readTextBlocks, type TextBlock } from './html-inline.js';
import { splitMarkdownLinks } from './markdown-inline.js';
import { type PageLocation, PageParseError } from './page-parse-error.js';
import { normalizeWhitespace, phraseKey } from './text.js';

/** The table's columns in page order. Header texts vary between versions, so they are checked loosely. */
const COLUMNS = [
  { key: 'category', label: 'Program Category', header: /categor/ },
  { key: 'name', label: 'Program Name', header: /name/ },
  { key: 'admission', label: 'Partner Admission Information', header: /admission|status/ },
  { key: 'specs', label: 'Relevant Specs', header: /spec/ },
  { key: 'labs', label: 'Certification Labs', header: /lab/ },
] as const;
type Column = (typeof COLUMNS)[number];
type ColumnKey = Column['key'];
type RowCells = Record<ColumnKey, HtmlElement>;

/** The admission texts the page has used; any other wording is an error rather than a guess. */
const STATUS_PHRASES: ReadonlyMap<string, AdmissionStatus> = new Map([
  ['seeking partners', AdmissionStatus.SEEKING_PARTNERS],
  ['seeking new partners', AdmissionStatus.SEEKING_PARTNERS],
  ['accepting new partners', AdmissionStatus.SEEKING_PARTNERS],
  ['not seeking partners', AdmissionStatus.NOT_SEEKING_PARTNERS],
  ['not seeking new partners', AdmissionStatus.NOT_SEEKING_PARTNERS],
  ['no admission review required: contact labs for testing', AdmissionStatus.NO_ADMISSION_REVIEW],
]);

const SPEC_AVAILABILITY_PHRASES: ReadonlyMap<string, SpecAvailability> = new Map([
  ['available on admission to program', SpecAvailability.ON_ADMISSION],
]);

const LAB_AVAILABILITY_PHRASES: ReadonlyMap<string, LabAvailability> = new Map([
  ['n/a', LabAvailability.NOT_APPLICABLE],
  ['not applicable', LabAvailability.NOT_APPLICABLE],
  ['coming soon', LabAvailability.COMING_SOON],
]);

const TABLE_SECTION_ROW_GROUPS = new Set(['thead', 'tbody', 'tfoot']);
const HEADER_ROW_NUMBER = 1;

/** A body row with one cell per column, cells spanning from rows above included. */
interface LaidOutRow {
  number: number;
  cells: RowCells;
}

/** A cell spanning down into the next `rowsLeft` rows. */
interface SpanningCell {
  cell: HtmlElement;
  rowsLeft: number;
}

/** What a cell lists: a link, or plain text (`href` null). */
type CellEntry = Inline;

/** A problem with a cell's content; `readCell` adds where the cell is. */
class CellProblem extends Error {}

/**
 * The "Current programs" table as catalogue programs, in table order. The first row is the header;
 * rowspans are carried down as a browser lays them out.
 */
export function parseProgramsTable(html: string): CatalogProgram[] {
  const table = DomUtils.findOne((element) => element.name === 'table', parseHtml(html), true);
  if (!table) throw new PageParseError({ section: 'table' }, 'no <table> found');
  const [header, ...body] = tableRows(table);
  if (!header) throw new PageParseError({ section: 'table' }, 'the table has no rows');
  checkHeader(header);
  if (body.length === 0) throw new PageParseError({ section: 'table' }, 'the table lists no programs');
  const rows = layOutRows(body);
  const programs = rows.map(readProgram);
  rejectDuplicateNames(programs, rows);
  return programs;
}

function tableRows(table: HtmlElement): HtmlElement[] {
  return table.children
    .filter(isElement)
    .flatMap((child) => (TABLE_SECTION_ROW_GROUPS.has(child.name) ? child.children.filter(isElement) : [child]))
    .filter((element) => element.name === 'tr');
}

function rowCells(row: HtmlElement): HtmlElement[] {
  return row.children.filter(isElement).filter(({ name }) => name === 'td' || name === 'th');
}

function checkHeader(header: HtmlElement): void {
  const cells = rowCells(header);
  if (cells.length !== COLUMNS.length) {
    const expected = COLUMNS.map(({ label }) => label).join(', ');
    throw new PageParseError(
      { section: 'table', row: HEADER_ROW_NUMBER },
      `the header has ${cells.length} cells, expected ${COLUMNS.length}: ${expected}`,
    );
  }
  COLUMNS.forEach((column, index) => {
    const text = plainText(cells[index]?.children ?? []);
    if (!column.header.test(text.toLowerCase())) {
      throw new PageParseError(
        { section: 'table', row: HEADER_ROW_NUMBER, cell: column.label },
        `header "${text}" does not look like "${column.label}"`,
      );
    }
  });
}

function layOutRows(rows: readonly HtmlElement[]): LaidOutRow[] {
  const spanning: (SpanningCell | undefined)[] = [];
  return rows.map((row, index) => layOutRow(row, HEADER_ROW_NUMBER + 1 + index, spanning));
}

/** Fills the columns not covered by cells spanning from above with the row's own cells, in order. */
function layOutRow(row: HtmlElement, rowNumber: number, spanning: (SpanningCell | undefined)[]): LaidOutRow {
  const ownCells = rowCells(row);
  const openColumns = COLUMNS.filter((_, index) => !spanning[index]?.rowsLeft);
  const unplaced = [...ownCells];
  const cells: Partial<RowCells> = {};
  COLUMNS.forEach((column, index) => {
    const span = spanning[index];
    if (span?.rowsLeft) {
      span.rowsLeft -= 1;
      cells[column.key] = span.cell;
      return;
    }
    const cell = unplaced.shift();
    if (!cell) return;
    spanning[index] = { cell, rowsLeft: rowSpanOf(cell) - 1 };
    cells[column.key] = cell;
  });
  for (const cell of ownCells) rejectColumnSpan(cell, rowNumber, cells);
  if (!hasEveryColumn(cells) || unplaced.length > 0) {
    throw misshapenRow(rowNumber, cells, ownCells.length, openColumns);
  }
  return { number: rowNumber, cells };
}

function hasEveryColumn(cells: Partial<RowCells>): cells is RowCells {
  return COLUMNS.every(({ key }) => cells[key] !== undefined);
}

function misshapenRow(
  rowNumber: number,
  cells: Partial<RowCells>,
  cellCount: number,
  openColumns: readonly Column[],
): PageParseError {
  const firstMissing = openColumns[cellCount];
  const problem =
    `the row has ${cellCount} cells where ${openColumns.length} are expected ` +
    `(${openColumns.map(({ label }) => label).join(', ')}) besides cells spanning from rows above`;
  return new PageParseError(
    { ...rowLocation(rowNumber, cells), cell: firstMissing?.label ?? null },
    firstMissing ? `missing cell: ${problem}` : `too many cells: ${problem}`,
  );
}

function rejectColumnSpan(cell: HtmlElement, rowNumber: number, cells: Partial<RowCells>): void {
  if (Number(DomUtils.getAttributeValue(cell, 'colspan') ?? 1) > 1) {
    throw new PageParseError(rowLocation(rowNumber, cells), 'cells spanning columns (colspan) are not supported');
  }
}

function rowSpanOf(cell: HtmlElement): number {
  const rowSpan = Number.parseInt(DomUtils.getAttributeValue(cell, 'rowspan') ?? '', 10);
  return Number.isFinite(rowSpan) && rowSpan > 1 ? rowSpan : 1;
}

/** Where a row is, named by its program as far as the name cell can be read. */
function rowLocation(rowNumber: number, cells: Partial<RowCells>): PageLocation {
  const nameCell = cells.name;
  const programName = nameCell ? plainText(nameCell.children) : '';
  return { section: 'table', row: rowNumber, programName: programName || null };
}

function columnLabel(key: ColumnKey): string {
  return COLUMNS.find((column) => column.key === key)?.label ?? key;
}

/** Reads the name first so that errors in the other cells can name the program. */
function readProgram(row: LaidOutRow): CatalogProgram {
  const name = readCell(row, 'name', readIdentifyingText);
  const category = readCell(row, 'category', readIdentifyingText);
  const { admissionStatus, admissionContact } = readCell(row, 'admission', readAdmission);
  const { specs, availability: specAvailability } = readCell(row, 'specs', readSpecs);
  const { labs, availability: labAvailability } = readCell(row, 'labs', readLabs);
  const program: CatalogProgram = { category, name, admissionStatus, specs, specAvailability, labs, labAvailability };
  return admissionContact === null ? program : { ...program, admissionContact };
}

function readCell<T>(row: LaidOutRow, column: ColumnKey, read: (entries: CellEntry[]) => T): T {
  const location = (): PageLocation => ({ ...rowLocation(row.number, row.cells), cell: columnLabel(column) });
  const entries = cellEntries(row.cells[column]);
  if (entries.length === 0) throw new PageParseError(location(), 'the cell is empty');
  try {
    return read(entries);
  } catch (error) {
    if (error instanceof CellProblem) throw new PageParseError(location(), error.message);
    throw error;
  }
}

/** The links and texts of a cell in reading order, Markdown links included. */
function cellEntries(cell: HtmlElement): CellEntry[] {
  return readTextBlocks(cell.children, 'space').flatMap(blockEntries);
}

function blockEntries(block: TextBlock): CellEntry[] {
  const entries: CellEntry[] = [];
  let text = '';
  const endText = (): void => {
    entries.push(...splitMarkdownLinks(text));
    text = '';
  };
  for (const inline of block) {
    if (inline.href === null) {
      text += inline.text;
    } else {
      endText();
      entries.push(inline);
    }
  }
  endText();
  return entries
    .map(({ text, href }) => ({ text: normalizeWhitespace(text), href }))
    .filter(({ text, href }) => text !== '' || href !== null);
}

function cellText(entries: readonly CellEntry[]): string {
  return normalizeWhitespace(entries.map(entryLabel).join(' '));
}

/** A link's text, or its address when it has none. */
function entryLabel({ text, href }: CellEntry): string {
  return text || (href ?? '');
}

/** Names and categories are matched by slug, so they need letters or digits. */
function readIdentifyingText(entries: CellEntry[]): string {
  const text = cellText(entries);
  if (slugify(text) === '') throw new CellProblem(`"${text}" has no letters or digits`);
  return text;
}

/**
 * The status, and the address to write to when the cell gives one beside it (How to Join says
 * "Email the alias listed in the table"): a `mailto:` link, or a bare address, possibly in
 * parentheses or after "contact"/"email". Whatever else the cell says must be a known status, so
 * nothing written in the row is dropped unread.
 */
function readAdmission(entries: CellEntry[]): { admissionStatus: AdmissionStatus; admissionContact: string | null } {
  const contacts: string[] = [];
  const rest: CellEntry[] = [];
  for (const entry of entries) {
    const mailto = entry.href === null ? null : mailtoAddress(entry.href);
    if (mailto !== null) {
      contacts.push(mailto);
      continue;
    }
    if (entry.href !== null) {
      rest.push(entry);
      continue;
    }
    const text = entry.text.replace(BARE_EMAIL, (address) => {
      if (!isEmail(address)) return address;
      contacts.push(address);
      return ' ';
    });
    rest.push({ ...entry, text });
  }
  const unique = [...new Set(contacts.map((address) => address.toLowerCase()))];
  if (unique.length > 1)
    throw new CellProblem(`gives ${unique.length} contact addresses (${unique.join(', ')}) where one is expected`);
  const [admissionContact = null] = unique;
  const text =
    admissionContact === null ? cellText(rest) : cellText(rest).replace(LEADING_CONNECTORS, '').replace(TRAILING_CONNECTORS, '');
  const admissionStatus = STATUS_PHRASES.get(phraseKey(text));
  if (admissionStatus === undefined) throw new CellProblem(`unknown status "${text}"`);
  return { admissionStatus, admissionContact };
}

const BARE_EMAIL = /[^\s<>()[\]{},;:"']+@[^\s<>()[\]{},;:"']+\.[^\s<>()[\]{},;:"'.]+/g;
/** What a status cell may put around an address: "(…)", "contact:", "email", a dash. */
const CONNECTOR = String.raw`(?:[\s,;:.(){}[\]–—-]|\b(?:contact|e-?mail|write to)\b)`;
const LEADING_CONNECTORS = new RegExp(`^${CONNECTOR}+`, 'i');
const TRAILING_CONNECTORS = new RegExp(`${CONNECTOR}+$`, 'i');

/** The address of a `mailto:` link (without `?subject=…`), or null when the link is no mailto. */
function mailtoAddress(href: string): string | null {
  const match = /^\s*mailto:([^?#]*)/i.exec(href);
  if (!match) return null;
  let address: string;
  try {
    address = decodeURIComponent(match[1] ?? '').trim();
  } catch {
    throw new CellProblem(`the contact link "${href}" is not a valid mailto: address`);
  }
  if (!isEmail(address)) throw new CellProblem(`the contact link "${href}" does not give one email address`);
  return address;
}

function readSpecs(entries: CellEntry[]): { specs: SpecLink[]; availability: SpecAvailability | null } {
  const { listed, availability } = splitAvailability(entries, SPEC_AVAILABILITY_PHRASES, 'specs');
  return { specs: listed.map((entry) => ({ title: entryLabel(entry), url: linkOf(entry) })), availability };
}

function readLabs(entries: CellEntry[]): { labs: LabLink[]; availability: LabAvailability | null } {
  const { listed, availability } = splitAvailability(entries, LAB_AVAILABILITY_PHRASES, 'labs');
  return { labs: listed.map((entry) => ({ name: entryLabel(entry), url: linkOf(entry) })), availability };
}

/** A listed link's address, when the catalogue may link to it (the same rule as staff edits). */
function linkOf({ text, href }: CellEntry): string | null {
  if (href !== null && !hasAllowedScheme(href)) {
    throw new CellProblem(
      `the link "${text || href}" goes to "${href}": only an ${LINK_SCHEMES_TEXT} address or a relative link is taken`,
    );
  }
  return href;
}

/**
 * Tells apart what a cell lists from a phrase saying why it lists nothing ("N/A"). A cell doing
 * both is contradictory, and is reported rather than half read.
 */
function splitAvailability<T>(
  entries: readonly CellEntry[],
  phrases: ReadonlyMap<string, T>,
  listName: string,
): { listed: CellEntry[]; availability: T | null } {
  const listed: CellEntry[] = [];
  const stated = new Map<T, string>();
  for (const entry of entries) {
    const availability = entry.href === null ? phrases.get(phraseKey(entry.text)) : undefined;
    if (availability === undefined) listed.push(entry);
    else stated.set(availability, entry.text);
  }
  const statedTexts = [...stated.values()].map((text) => `"${text}"`).join(' and ');
  if (stated.size > 1) throw new CellProblem(`contradictory ${statedTexts}`);
  if (stated.size === 1 && listed.length > 0) {
    throw new CellProblem(`lists ${listName} and also says ${statedTexts}`);
  }
  const [availability = null] = stated.keys();
  return { listed, availability };
}

/** Programs are matched by the slug of their name, so two rows must not share one. */
function rejectDuplicateNames(programs: readonly CatalogProgram[], rows: readonly LaidOutRow[]): void {
  const rowBySlug = new Map<string, number>();
  programs.forEach((program, index) => {
    const row = rows[index];
    if (!row) return;
    const slug = slugify(program.name);
    const firstRow = rowBySlug.get(slug);
    if (firstRow !== undefined) {
      throw new PageParseError(
        { section: 'table', row: row.number, cell: columnLabel('name'), programName: program.name },
        `duplicate program name (row ${firstRow} has the same name)`,
      );
    }
    rowBySlug.set(slug, row.number);
  });
}
