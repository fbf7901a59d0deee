/**
 * A URL-safe, lower-case slug: "Call Recording and Compliance" → "call-recording-and-compliance".
 * Accents are folded so that names in other languages still give readable slugs.
 */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** The slug columns' width. */
export const SLUG_MAX_LENGTH = 100;

export function isSlug(value: string): boolean {
  return SLUG_PATTERN.test(value) && value.length <= SLUG_MAX_LENGTH;
}
