import { DomUtils, ElementType, parseDocument } from 'htmlparser2';
import { normalizeWhitespace } from './text.js';

export type HtmlNode = ReturnType<typeof parseDocument>['children'][number];
export type HtmlElement = Extract<HtmlNode, { attribs: Record<string, string> }>;

/** A run of text, or a link (`href` as written in the page, trimmed). */
export interface Inline {
  text: string;
  href: string | null;
}

/** What a browser would lay out as one paragraph. */
export type TextBlock = Inline[];

/**
 * What a `<br>` means to the reader: in a table cell "Coming<br />Soon" is one phrase wrapped to
 * fit the column ('space'); in prose "Sign the terms.</br></br>Signing…" starts a new paragraph
 * ('block').
 */
export type LineBreaks = 'space' | 'block';

const BLOCK_ELEMENTS = new Set([
  'address',
  'blockquote',
  'div',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'td',
  'th',
  'tr',
  'ul',
]);

const SPACE: Inline = { text: ' ', href: null };

/** Lenient like a browser: stray end tags (`</a></a>`) are dropped, entities decoded. */
export function parseHtml(html: string): HtmlNode[] {
  return parseDocument(html).children;
}

export function isElement(node: HtmlNode): node is HtmlElement {
  return node.type === ElementType.Tag;
}

/** The paragraphs of some HTML, in order, leaving out empty ones (`<p><br /></p>`). */
export function readTextBlocks(nodes: readonly HtmlNode[], lineBreaks: LineBreaks): TextBlock[] {
  const blocks: TextBlock[] = [];
  let current: TextBlock = [];
  const endBlock = (): void => {
    if (current.some(hasContent)) blocks.push(current);
    current = [];
  };
  const visit = (node: HtmlNode): void => {
    if (node.type === ElementType.Text) {
      current.push({ text: node.data, href: null });
      return;
    }
    if (!isElement(node)) return; // comments, scripts, styles: nothing a reader sees
    if (node.name === 'br') {
      if (lineBreaks === 'block') endBlock();
      else current.push(SPACE);
      return;
    }
    const href = linkTarget(node);
    if (href !== null) {
      current.push({ text: plainText(node.children), href });
      return;
    }
    const isBlock = BLOCK_ELEMENTS.has(node.name);
    if (isBlock) endBlock();
    node.children.forEach(visit);
    if (isBlock) endBlock();
  };
  nodes.forEach(visit);
  endBlock();
  return blocks;
}

/** All the text of some HTML on one line, links included as their text. */
export function plainText(nodes: readonly HtmlNode[]): string {
  const blocks = readTextBlocks(nodes, 'space').map((block) => block.map(({ text }) => text).join(''));
  return normalizeWhitespace(blocks.join(' '));
}

function linkTarget(element: HtmlElement): string | null {
  if (element.name !== 'a') return null;
  const href = DomUtils.getAttributeValue(element, 'href')?.trim();
  return href ? href : null;
}

function hasContent(inline: Inline): boolean {
  return inline.href !== null || normalizeWhitespace(inline.text) !== '';
}
