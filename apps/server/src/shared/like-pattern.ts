/** A LIKE pattern matching `text` anywhere, its `%`, `_` and `\` taken literally (use with ESCAPE '\'). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}
