/** U+00A0 saved as UTF-8 and read back as Latin-1 ("Â" + no-break space); the seed page has one. */
const MOJIBAKE_NO_BREAK_SPACE = /\u00c2\u00a0/g;
const INVISIBLE_CHARACTERS = /[\u200b-\u200d\u2060\ufeff]/g;

/** One line of text: every run of whitespace (no-break spaces included) becomes one space. */
export function normalizeWhitespace(text: string): string {
  return text.replace(MOJIBAKE_NO_BREAK_SPACE, ' ').replace(INVISIBLE_CHARACTERS, '').replace(/\s+/g, ' ').trim();
}

/**
 * A key for comparing phrases written by hand: case, spacing, spacing around colons and trailing
 * full stops do not matter ("No admission review required:<br />Contact labs for testing.").
 */
export function phraseKey(text: string): string {
  return normalizeWhitespace(text)
    .toLowerCase()
    .replace(/\s*:\s*/g, ': ')
    .replace(/[\s.]+$/, '');
}

// The `s` flag: emphasis may span the line breaks of a paragraph.
const STRONG = /(\*\*|__)(?=\S)(.+?)(?<=\S)\1/gs;
const EMPHASIS_ASTERISK = /\*(?=\S)(.+?)(?<=\S)\*/gs;
// Underscores inside words (snake_case) are not emphasis in Markdown.
const EMPHASIS_UNDERSCORE = /(?<![\p{L}\p{N}_])_(?=\S)(.+?)(?<=\S)_(?![\p{L}\p{N}_])/gsu;

/**
 * Markdown emphasis as plain text: "Program **Terms and Conditions**" → "Program Terms and
 * Conditions". A lone asterisk ("testing fees*", a footnote mark) is text and stays.
 */
export function stripEmphasis(text: string): string {
  return text.replace(STRONG, '$2').replace(EMPHASIS_ASTERISK, '$1').replace(EMPHASIS_UNDERSCORE, '$1');
}
