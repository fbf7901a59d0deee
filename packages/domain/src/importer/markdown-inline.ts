import { type Inline, parseHtml, readTextBlocks } from './html-inline.js';
import { normalizeWhitespace, stripEmphasis } from './text.js';

/** `[title](url)`, also `[title](<url> "tooltip")`. */
const MARKDOWN_LINK = /\[([^\]]*)\]\(\s*<?([^\s<>()]+)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g;

/**
 * Text with its Markdown links taken out as links. Editors of the page sometimes write Markdown
 * inside an HTML table cell, where the site renders it as a link all the same.
 */
export function splitMarkdownLinks(text: string): Inline[] {
  const inlines: Inline[] = [];
  let textStart = 0;
  for (const match of text.matchAll(MARKDOWN_LINK)) {
    const [source, title = '', href = ''] = match;
    inlines.push({ text: text.slice(textStart, match.index), href: null });
    inlines.push({ text: title, href });
    textStart = match.index + source.length;
  }
  inlines.push({ text: text.slice(textStart), href: null });
  return inlines;
}

/**
 * Markdown prose, which may hold inline HTML, as plain-text paragraphs: entities decoded, `<br>` and
 * `<p>` taken as paragraph breaks, emphasis dropped, whitespace normalised. Links stay written as
 * Markdown links so that their targets are not lost.
 */
export function markdownToParagraphs(markdown: string): string[] {
  return readTextBlocks(parseHtml(markdown), 'block')
    .map((block) => normalizeWhitespace(stripEmphasis(block.map(asMarkdown).join(''))))
    .filter((paragraph) => paragraph !== '');
}

function asMarkdown({ text, href }: Inline): string {
  return href === null ? text : `[${normalizeWhitespace(text)}](${href})`;
}
