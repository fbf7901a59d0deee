import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { AdmissionStep, HowToJoinContent, Note, Requirement } from '../catalog.js';
import { KNOWN_REQUIREMENT_IDS, KNOWN_REQUIREMENTS, KnownNoteId } from '../how-to-join.js';
import { effectiveDateOfFrontMatter } from './effective-date.js';
import { assignIds } from './ids.js';
import { type ListItem, type MarkdownBlock, scanMarkdownBlocks } from './markdown-blocks.js';
import { markdownToParagraphs } from './markdown-inline.js';
import { PageParseError, type PageSection } from './page-parse-error.js';
import { parseProgramsTable } from './programs-table.js';
import { normalizeWhitespace, phraseKey } from './text.js';

export { PageParseError, type PageSection } from './page-parse-error.js';

const PARAGRAPH_SEPARATOR = '\n\n';

const FrontMatter = z.object({
  title: z.string().transform(normalizeWhitespace).pipe(z.string().min(1, 'must not be empty')),
  description: z
    .string()
    .transform((text) => normalizeWhitespace(text) || null)
    .nullish(),
  'ms.date': z
    .unknown()
    .optional()
    .transform((value, context) => {
      if (value === undefined || value === null) return null;
      const date = effectiveDateOfFrontMatter(value);
      if (!date) context.addIssue({ code: 'custom', message: `"${String(value)}" is not a date such as 06/13/2018` });
      return date;
    }),
});

const KNOWN_REQUIREMENT_ID_BY_PHRASE: ReadonlyMap<string, string> = new Map(
  KNOWN_REQUIREMENTS.map(({ id, text }) => [phraseKey(text), id]),
);

/** Which note is which, by what it talks about; the first rule that fits a note gives its id. */
const KNOWN_NOTES: readonly { id: KnownNoteId; mentions: RegExp }[] = [
  { id: KnownNoteId.TESTING_FEES, mentions: /\btesting fees?\b/i },
  { id: KnownNoteId.INDEPENDENT_LABS, mentions: /\bindependent (?:compan|lab)/i },
];

/**
 * How a note starts: a DocFX alert in a block quote (`> [!NOTE]`), the same written as plain text
 * in older versions (`[Note]`), or a "Note:" label.
 */
const NOTE_MARKER = /^\s*(?:\[!?(?:note|tip|important|warning|caution)\]|(?:\*\*|__)?note(?:\*\*|__)?:(?:\*\*|__)?)/i;

/**
 * Reads the "How to Join" page (DocFX Markdown with an HTML table) into catalogue data. Pure: no
 * I/O, so it also runs in a browser to preview an import. Throws `PageParseError` saying where the
 * page cannot be read.
 *
 * The page's parts are found by shape rather than by heading, because headings changed between
 * versions: the requirements are the first bullet list, the admission steps the first numbered list,
 * the notes every note-marked paragraph or quote, the programs the first `<table>`.
 */
export function parseHowToJoinPage(source: string): HowToJoinContent {
  const { frontMatter, body } = splitFrontMatter(source);
  const blocks = scanMarkdownBlocks(body);
  return {
    ...readFrontMatter(frontMatter),
    requirements: readRequirements(blocks),
    admissionSteps: readAdmissionSteps(blocks),
    notes: readNotes(blocks),
    programs: parseProgramsTable(findTable(blocks)),
  };
}

export function splitFrontMatter(source: string): { frontMatter: string; body: string } {
  const lines = source.replace(/^\ufeff/, '').split(/\r\n?|\n/);
  if (lines[0]?.trimEnd() !== '---') {
    throw new PageParseError({ section: 'front matter' }, 'the page does not start with a "---" front matter block');
  }
  const end = lines.findIndex((line, index) => index > 0 && /^(?:---|\.\.\.)\s*$/.test(line));
  if (end < 0) {
    throw new PageParseError({ section: 'front matter' }, 'the front matter is not closed by a "---" line');
  }
  return { frontMatter: lines.slice(1, end).join('\n'), body: lines.slice(end + 1).join('\n') };
}

export function readFrontMatter(yaml: string): Pick<HowToJoinContent, 'title' | 'description' | 'publishedAt'> {
  const result = FrontMatter.safeParse(parseFrontMatterYaml(yaml));
  if (!result.success) {
    const problems = result.error.issues.map(
      ({ path, message }) => `${path.map(String).join('.') || 'front matter'}: ${message}`,
    );
    throw new PageParseError({ section: 'front matter' }, problems.join('; '));
  }
  const { title, description, 'ms.date': published } = result.data;
  return { title, description: description ?? null, publishedAt: published?.toISOString() ?? null };
}

function parseFrontMatterYaml(yaml: string): unknown {
  try {
    return parseYaml(yaml);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PageParseError({ section: 'front matter' }, `not valid YAML: ${reason}`);
  }
}

function readRequirements(blocks: readonly MarkdownBlock[]): Requirement[] {
  const texts = listItemTexts(findList(blocks, false, 'requirements'), 'requirements');
  const identified = assignIds(texts, {
    knownIds: KNOWN_REQUIREMENT_IDS,
    knownIdsOf: (text) => {
      const known = KNOWN_REQUIREMENT_ID_BY_PHRASE.get(phraseKey(text));
      return known === undefined ? [] : [known];
    },
    fallbackId: 'requirement',
  });
  return identified.map(({ id, text }, index) => ({ id, text, position: index + 1 }));
}

/** Positions count from 1 whatever the page's numbering: Markdown renders "1. 2. 1." as 1, 2, 3. */
function readAdmissionSteps(blocks: readonly MarkdownBlock[]): AdmissionStep[] {
  const texts = listItemTexts(findList(blocks, true, 'admission steps'), 'admission steps');
  return texts.map((text, index) => ({ position: index + 1, text }));
}

function readNotes(blocks: readonly MarkdownBlock[]): Note[] {
  const texts = blocks.flatMap((block) => {
    const text = noteText(block);
    return text === null ? [] : [text];
  });
  const identified = assignIds(texts, {
    knownIds: KNOWN_NOTES.map(({ id }) => id),
    knownIdsOf: (text) => KNOWN_NOTES.filter(({ mentions }) => mentions.test(text)).map(({ id }) => id),
    fallbackId: 'note',
  });
  return identified.map(({ id, text }, index) => ({ id, text, position: index + 1 }));
}

/** The text of a note without its marker, or null when the block is no note. */
function noteText(block: MarkdownBlock): string | null {
  if (block.kind !== 'paragraph' && block.kind !== 'quote') return null;
  const source = block.lines.join('\n');
  const marker = NOTE_MARKER.exec(source);
  if (!marker) return null;
  const text = markdownText(source.slice(marker[0].length).split(/\n\s*\n/));
  if (text === '') throw new PageParseError({ section: 'notes' }, `a note has no text: "${normalizeWhitespace(source)}"`);
  return text;
}

function findList(
  blocks: readonly MarkdownBlock[],
  ordered: boolean,
  section: PageSection,
): Extract<MarkdownBlock, { kind: 'list' }> {
  const list = blocks.find(
    (block): block is Extract<MarkdownBlock, { kind: 'list' }> => block.kind === 'list' && block.ordered === ordered,
  );
  if (!list) {
    const kind = ordered ? 'numbered' : 'bullet';
    throw new PageParseError({ section }, `no ${kind} list of ${section} found`);
  }
  return list;
}

function listItemTexts(list: { items: ListItem[] }, section: PageSection): string[] {
  return list.items.map((item, index) => {
    const text = markdownText(item);
    if (text === '') throw new PageParseError({ section }, `item ${index + 1} has no text`);
    return text;
  });
}

/** Markdown paragraphs as plain text, one blank line between paragraphs. */
function markdownText(paragraphs: readonly string[]): string {
  return paragraphs.flatMap(markdownToParagraphs).join(PARAGRAPH_SEPARATOR);
}

function findTable(blocks: readonly MarkdownBlock[]): string {
  const table = blocks.find((block) => block.kind === 'html');
  if (!table) throw new PageParseError({ section: 'table' }, 'no programs table (<table>) found');
  return table.html;
}
