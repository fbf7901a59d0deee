/** Rows per multi-row INSERT and ids per `IN (…)` list: far below both databases' limits on parameters. */
export const ROWS_PER_STATEMENT = 200;

/** `items` in consecutive slices of `size` (the last one shorter): for multi-row inserts and `IN (…)` lists. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, index * size + size));
}
