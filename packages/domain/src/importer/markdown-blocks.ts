/**
 * Just enough of CommonMark's block structure to find the parts of the "How to Join" page:
 * headings, paragraphs, block quotes, lists (with continuation paragraphs) and the HTML table.
 * Inline content is left as written.
 */
export type MarkdownBlock =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; lines: string[] }
  /** Lines without their `>` marker. */
  | { kind: 'quote'; lines: string[] }
  | { kind: 'list'; ordered: boolean; items: ListItem[] }
  | { kind: 'html'; html: string };

/** A list item's paragraphs, each its lines joined with "\n", indentation removed. */
export type ListItem = string[];

const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const QUOTE = /^ {0,3}>[ \t]?(.*)$/;
const ORDERED_ITEM = /^ {0,3}\d{1,9}[.)][ \t]+(.*)$/;
const BULLET_ITEM = /^ {0,3}[-*+][ \t]+(.*)$/;
const TABLE_START = /^ {0,3}<table[\s>]/i;
/** A line indented this much belongs to the list item above it. */
const CONTINUATION_INDENT = 2;
const TAB_WIDTH = 4;

interface ListMarker {
  ordered: boolean;
  content: string;
}

class LineCursor {
  private index = 0;

  constructor(private readonly lines: readonly string[]) {}

  get current(): string | undefined {
    return this.lines[this.index];
  }

  advance(): void {
    this.index += 1;
  }

  /** The first non-blank line from the cursor on, without moving the cursor. */
  peekNonBlank(): string | undefined {
    for (let index = this.index; index < this.lines.length; index += 1) {
      const line = this.lines[index];
      if (line !== undefined && !isBlank(line)) return line;
    }
    return undefined;
  }

  skipBlankLines(): void {
    while (this.current !== undefined && isBlank(this.current)) this.advance();
  }
}

export function scanMarkdownBlocks(markdown: string): MarkdownBlock[] {
  const lines = new LineCursor(markdown.split(/\r\n?|\n/));
  const blocks: MarkdownBlock[] = [];
  for (let line = lines.current; line !== undefined; line = lines.current) {
    if (isBlank(line)) lines.advance();
    else blocks.push(readBlock(line, lines));
  }
  return blocks;
}

function readBlock(line: string, lines: LineCursor): MarkdownBlock {
  if (TABLE_START.test(line)) return readHtmlTable(lines);
  const heading = HEADING.exec(line);
  if (heading) {
    lines.advance();
    return { kind: 'heading', level: heading[1]?.length ?? 1, text: heading[2] ?? '' };
  }
  if (QUOTE.test(line)) return readQuote(lines);
  const marker = listMarker(line);
  if (marker) return readList(marker, lines);
  return readParagraph(lines);
}

function startsBlock(line: string): boolean {
  return TABLE_START.test(line) || HEADING.test(line) || QUOTE.test(line) || listMarker(line) !== null;
}

/**
 * Up to the line that closes the table, not to the next blank line as CommonMark would: an old
 * version of the page has a note right under `</table>` with no blank line between.
 */
function readHtmlTable(lines: LineCursor): MarkdownBlock {
  const html: string[] = [];
  for (let line = lines.current; line !== undefined; line = lines.current) {
    html.push(line);
    lines.advance();
    if (line.toLowerCase().includes('</table>')) break;
  }
  return { kind: 'html', html: html.join('\n') };
}

function readQuote(lines: LineCursor): MarkdownBlock {
  const content: string[] = [];
  for (let match = quoteMatch(lines.current); match; match = quoteMatch(lines.current)) {
    content.push(match[1] ?? '');
    lines.advance();
  }
  return { kind: 'quote', lines: content };
}

function quoteMatch(line: string | undefined): RegExpExecArray | null {
  return line === undefined ? null : QUOTE.exec(line);
}

function readParagraph(lines: LineCursor): MarkdownBlock {
  const content: string[] = [];
  for (let line = lines.current; line !== undefined; line = lines.current) {
    if (isBlank(line) || (content.length > 0 && startsBlock(line))) break;
    content.push(line.trim());
    lines.advance();
  }
  return { kind: 'paragraph', lines: content };
}

/** A list goes on across blank lines for as long as items of its kind follow. */
function readList(first: ListMarker, lines: LineCursor): MarkdownBlock {
  const items: ListItem[] = [];
  for (let marker: ListMarker | null = first; marker?.ordered === first.ordered; ) {
    lines.advance();
    items.push(readListItem(marker.content, lines));
    const next = lines.peekNonBlank();
    marker = next === undefined ? null : listMarker(next);
    if (marker?.ordered === first.ordered) lines.skipBlankLines();
  }
  return { kind: 'list', ordered: first.ordered, items };
}

/**
 * The item's first line and what continues it: indented lines (after a blank line, a new
 * paragraph) and unindented "lazy" lines that do not start a block of their own.
 */
function readListItem(firstLine: string, lines: LineCursor): ListItem {
  const paragraphs: string[][] = [[firstLine.trim()]];
  const appendLine = (line: string): void => {
    paragraphs[paragraphs.length - 1]?.push(line.trim());
    lines.advance();
  };
  for (let line = lines.current; line !== undefined; line = lines.current) {
    if (isBlank(line)) {
      const next = lines.peekNonBlank();
      if (next === undefined || indentOf(next) < CONTINUATION_INDENT) break;
      lines.skipBlankLines();
      paragraphs.push([]);
      appendLine(next);
    } else if (indentOf(line) >= CONTINUATION_INDENT || !startsBlock(line)) {
      appendLine(line);
    } else {
      break;
    }
  }
  return paragraphs.map((paragraph) => paragraph.join('\n'));
}

function listMarker(line: string): ListMarker | null {
  const ordered = ORDERED_ITEM.exec(line);
  if (ordered) return { ordered: true, content: ordered[1] ?? '' };
  const bullet = BULLET_ITEM.exec(line);
  if (bullet) return { ordered: false, content: bullet[1] ?? '' };
  return null;
}

function indentOf(line: string): number {
  let columns = 0;
  for (const character of line) {
    if (character === ' ') columns += 1;
    else if (character === '\t') columns += TAB_WIDTH - (columns % TAB_WIDTH);
    else break;
  }
  return columns;
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}
