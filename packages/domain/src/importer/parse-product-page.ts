import MarkdownIt from 'markdown-it';

import {
  type AttributeColumn,
  AttributeKind,
  type AttributeValue,
  directorySlug,
  type ListingNote,
  NO,
  type ParsedListing,
  type ParsedProductTable,
  type ProductPageContent,
  YES,
} from '../directory.js';
import { hasAllowedScheme } from '../link.js';
import { isElement, parseHtml } from './html-inline.js';
import { LocatedParseError } from './page-parse-error.js';
import { readFrontMatter, splitFrontMatter } from './parse-how-to-join.js';
import { normalizeWhitespace } from './text.js';

/** Where on a product page a problem was found; `row` counts body rows from 1, `cell` is the column's header. */
export interface ProductPageLocation {
  page: string;
  table?: number | null;
  tableName?: string | null;
  row?: number | null;
  cell?: string | null;
}

/**
 * The product page cannot be imported as written. The message names the page, table, row and cell:
 * `infra-sbc.md, table 1 (Session Border Controllers), row 4, cell "Vendor": no company…`.
 */
export class ProductPageParseError extends LocatedParseError {
  override readonly name = 'ProductPageParseError';
  readonly page: string;
  readonly table: number | null;

  constructor(location: ProductPageLocation, problem: string) {
    super(describeLocation(location), location, problem);
    this.page = location.page;
    this.table = location.table ?? null;
  }
}

function describeLocation({ page, table, tableName, row, cell }: ProductPageLocation): string {
  const parts = [page];
  if (table != null) parts.push(`table ${table}${tableName ? ` (${tableName})` : ''}`);
  if (row != null) parts.push(`row ${row}`);
  if (cell) parts.push(`cell "${cell}"`);
  return parts.join(', ');
}

/** The first column names the company; headers the pages have used. */
const COMPANY_HEADER = /^(?:manufacturer|vendor|pc vendor|carrier|company|brand|partner)$/;
/** The second column names the product. */
const PRODUCT_HEADER = /model|product|service name|solution|tool version/;
const VERSION_HEADER = /version/;
/** `&#x2714;` (and its lighter twin) as the pages mark a yes. */
const TICKS = new Set(['\u2714', '\u2713', '\u2714\ufe0f']);
/** Footnote markers: a cell ends with one, a note under the table starts with it. */
const FOOTNOTE_MARKER = /^[\u2020\u2021\u00a7\u00b6*\u00b9\u00b2\u00b3]+/u;
const TRAILING_MARKER = /\s*([\u2020\u2021\u00a7\u00b6*\u00b9\u00b2\u00b3]+)$/u;

const markdown = new MarkdownIt({ html: true });
type Token = ReturnType<typeof markdown.parse>[number];

interface Cell {
  /** The cell's lines (`<br/>` separates them), whitespace normalised, entities decoded. */
  lines: string[];
  /** The first link in the cell, as written. */
  href: string | null;
}

interface RawTable {
  group: string | null;
  header: string[];
  rows: Cell[][];
  /** Paragraphs after the table, up to the next heading or table. */
  after: string[];
}

export interface ParseProductPageOptions {
  /** How errors name the page, e.g. its file name. */
  page?: string;
}

/**
 * Reads a program's docs page of certified products: every Markdown table whose first column is the
 * company and second the product, under the heading it sits in. Other tables (specification
 * versions, app releases) are not product tables and are left out. Pure, like the How to Join
 * importer. Throws `ProductPageParseError` naming the page, table, row and cell.
 */
export function parseProductPage(source: string, options: ParseProductPageOptions = {}): ProductPageContent {
  const page = options.page ?? 'page';
  const { frontMatter, body } = splitFrontMatter(source);
  const { title } = readFrontMatter(frontMatter);
  const tokens = markdown.parse(body, {});
  const rawTables = readTables(tokens);
  const heading = firstHeading(tokens);
  const tables: ParsedProductTable[] = [];
  for (const raw of rawTables) {
    const companyHeader = raw.header[0] ?? '';
    const productHeader = raw.header[1] ?? '';
    if (!COMPANY_HEADER.test(companyHeader.toLowerCase()) || !PRODUCT_HEADER.test(productHeader.toLowerCase())) continue;
    tables.push(readProductTable(raw, { page, table: tables.length + 1, tableName: raw.group ?? heading ?? title }));
  }
  if (tables.length === 0) {
    throw new ProductPageParseError(
      { page },
      'no product table found (a table whose columns start with the company and the product)',
    );
  }
  assignSlugs(tables.flatMap((table) => table.listings));
  return { title, heading, tables };
}

function firstHeading(tokens: readonly Token[]): string | null {
  const index = tokens.findIndex((token) => token.type === 'heading_open');
  return index < 0 ? null : normalizeWhitespace(tokens[index + 1]?.content ?? '') || null;
}

/** Each listing's slug, unique per vendor in page order. */
function assignSlugs(listings: ParsedListing[]): void {
  const taken = new Set<string>();
  for (const listing of listings) {
    const base = directorySlug(listing.name);
    const vendor = directorySlug(listing.vendor.name);
    let slug = base;
    for (let suffix = 2; taken.has(`${vendor}/${slug}`); suffix += 1) slug = `${base}-${suffix}`;
    taken.add(`${vendor}/${slug}`);
    listing.slug = slug;
  }
}

/**
 * Whether a page lists certified products (has a table of companies and products, even one with
 * a mistake in it); what `certhub import` tells product pages from How to Join by.
 */
export function isProductPage(source: string): boolean {
  try {
    parseProductPage(source);
    return true;
  } catch (error) {
    return error instanceof ProductPageParseError && error.table !== null;
  }
}

function readTables(tokens: readonly Token[]): RawTable[] {
  const tables: RawTable[] = [];
  let group: string | null = null;
  let current: RawTable | null = null;
  let row: Cell[] | null = null;
  let inHeader = false;
  let inParagraph = false;
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] as Token;
    switch (token.type) {
      case 'heading_open': {
        const text = normalizeWhitespace(tokens[index + 1]?.content ?? '');
        // The page title (level 1) names the page, not a group of its tables.
        group = token.tag === 'h1' ? null : text || null;
        current = null;
        break;
      }
      case 'table_open':
        current = { group, header: [], rows: [], after: [] };
        tables.push(current);
        break;
      case 'thead_open':
        inHeader = true;
        break;
      case 'thead_close':
        inHeader = false;
        break;
      case 'tr_open':
        row = [];
        break;
      case 'tr_close':
        if (current && row && !inHeader) current.rows.push(row);
        row = null;
        break;
      case 'paragraph_open':
        inParagraph = true;
        break;
      case 'paragraph_close':
        inParagraph = false;
        break;
      case 'inline': {
        if (row && current) {
          const cell = readCell(token.children ?? []);
          if (inHeader) current.header.push(cell.lines.join(' '));
          else row.push(cell);
        } else if (inParagraph && current) {
          current.after.push(normalizeWhitespace(inlineText(token.children ?? [])));
        }
        break;
      }
      default:
        break;
    }
  }
  return tables;
}

function readCell(children: readonly Token[]): Cell {
  const lines: string[] = [''];
  let href: string | null = null;
  for (const child of children) {
    if (child.type === 'text' || child.type === 'code_inline') lines[lines.length - 1] += child.content;
    else if (child.type === 'softbreak') lines[lines.length - 1] += ' ';
    else if (child.type === 'link_open') href ??= String(child.attrGet('href') ?? '').trim() || null;
    else if (child.type === 'html_inline' && isLineBreak(child.content)) lines.push('');
  }
  return { lines: lines.map(normalizeWhitespace), href };
}

function inlineText(children: readonly Token[]): string {
  return children
    .map((child) => {
      if (child.type === 'text' || child.type === 'code_inline') return child.content;
      if (child.type === 'softbreak' || child.type === 'hardbreak') return ' ';
      return '';
    })
    .join('');
}

/** Whether an inline HTML tag is a line break (`<br>`, `<br/>`, `</br>`), read by an HTML parser. */
function isLineBreak(html: string): boolean {
  if (html.trim().toLowerCase() === '</br>') return true;
  return parseHtml(html).some((node) => isElement(node) && node.name === 'br');
}

function readProductTable(
  raw: RawTable,
  location: Omit<ProductPageLocation, 'row' | 'cell'> & { table: number },
): ParsedProductTable {
  const attributeHeaders = raw.header.slice(2);
  const bodyRows = raw.rows.filter((cells) => cells.some((cell) => cell.lines.some((line) => line !== '')));
  const columns: AttributeColumn[] = attributeHeaders.map((name, index) => {
    if (name === '')
      throw new ProductPageParseError({ ...location, row: null, cell: `column ${index + 3}` }, 'the column has no header');
    return {
      name,
      kind: columnKind(
        name,
        bodyRows.map((cells) => cells[index + 2]),
      ),
    };
  });
  const footnotes = raw.after.flatMap((paragraph) => {
    const marker = FOOTNOTE_MARKER.exec(paragraph);
    return marker ? [{ marker: marker[0], text: normalizeWhitespace(paragraph.slice(marker[0].length)) }] : [];
  });
  const listings: ParsedListing[] = [];
  let vendor: ParsedListing['vendor'] | null = null;
  raw.rows.forEach((cells, index) => {
    if (!bodyRows.includes(cells)) return;
    const at = (cell: string): ProductPageLocation => ({ ...location, row: index + 1, cell });
    const company = cells[0] ?? { lines: [], href: null };
    const companyName = company.lines.filter(Boolean).join(' ');
    if (companyName !== '') {
      if (company.href !== null && !hasAllowedScheme(company.href)) {
        throw new ProductPageParseError(at(raw.header[0] ?? ''), `the link "${company.href}" is not a web address`);
      }
      vendor = { name: companyName, website: company.href !== null && URL.canParse(company.href) ? company.href : null };
    }
    if (vendor === null) {
      throw new ProductPageParseError(at(raw.header[0] ?? ''), 'no company: the first product row must name one');
    }
    const product = cells[1] ?? { lines: [], href: null };
    const marked = splitMarker(product.lines.filter(Boolean).join(' '));
    if (marked.text === '') throw new ProductPageParseError(at(raw.header[1] ?? ''), 'no product name');
    const markers = marked.marker ? [marked.marker] : [];
    const attributes = columns.map((column, columnIndex): AttributeValue => {
      const cell = cells[columnIndex + 2] ?? { lines: [], href: null };
      const { values, markers: cellMarkers } = readValues(column, cell, at(column.name));
      markers.push(...cellMarkers);
      return { name: column.name, kind: column.kind, values };
    });
    const notes: ListingNote[] = [...new Set(markers)].map((marker) => {
      const note = footnotes.find((footnote) => footnote.marker === marker);
      if (!note) throw new ProductPageParseError(at(raw.header[1] ?? ''), `the marker "${marker}" has no note under the table`);
      return note;
    });
    listings.push({ vendor, name: marked.text, slug: '', group: raw.group, attributes, notes });
  });
  return {
    number: location.table,
    group: raw.group,
    companyHeader: raw.header[0] ?? '',
    productHeader: raw.header[1] ?? '',
    columns,
    listings,
  };
}

/**
 * A column is VERSIONS when its header says version, YES_NO when every line it fills is a tick,
 * TEXT otherwise.
 */
function columnKind(header: string, cells: readonly (Cell | undefined)[]): AttributeKind {
  if (VERSION_HEADER.test(header.toLowerCase())) return AttributeKind.VERSIONS;
  const lines = cells.flatMap((cell) => cell?.lines ?? []).filter((line) => line !== '');
  if (lines.length > 0 && lines.every((line) => TICKS.has(line))) return AttributeKind.YES_NO;
  return AttributeKind.TEXT;
}

function readValues(column: AttributeColumn, cell: Cell, location: ProductPageLocation): { values: string[]; markers: string[] } {
  const markers: string[] = [];
  const lines = cell.lines.map((line) => {
    const { text, marker } = splitMarker(line);
    if (marker) markers.push(marker);
    return text;
  });
  if (column.kind === AttributeKind.YES_NO) {
    const values = lines.map((line) => {
      if (line === '') return NO;
      if (TICKS.has(line)) return YES;
      throw new ProductPageParseError(location, `"${line}" is neither a tick nor empty`);
    });
    // One line per value; a cell that is only empty lines is one "no".
    return { values: values.includes(YES) ? values : [NO], markers };
  }
  return { values: joinWrappedLines(lines.filter((line) => line !== '')), markers };
}

/**
 * A line that opens with a parenthesis finishes the one above: "ECZ7.5.0 Patch 2 <br/> (Build 143)"
 * is one version wrapped to fit the column, not two versions.
 */
function joinWrappedLines(lines: readonly string[]): string[] {
  const joined: string[] = [];
  for (const line of lines) {
    if (line.startsWith('(') && joined.length > 0) joined[joined.length - 1] += ` ${line}`;
    else joined.push(line);
  }
  return joined;
}

function splitMarker(text: string): { text: string; marker: string | null } {
  const match = TRAILING_MARKER.exec(text);
  if (!match || match.index === 0) return { text, marker: null };
  return { text: text.slice(0, match.index).trim(), marker: match[1] ?? null };
}
