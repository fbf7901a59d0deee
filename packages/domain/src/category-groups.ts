/** A run of consecutive items of one category. */
export interface CategoryGroup<T extends { category: unknown }> {
  category: T['category'];
  items: T[];
}

/**
 * Consecutive items of one category, in the order given (the catalogue's page order): the row
 * groups of the public catalogue and of the console's program list. A category is told by its id,
 * or by `keyOf` where the items carry another unique key (the public catalogue selects the slug).
 */
export function groupByCategory<T extends { category: { id: string } }>(items: readonly T[]): Array<CategoryGroup<T>>;
export function groupByCategory<T extends { category: unknown }>(
  items: readonly T[],
  keyOf: (category: T['category']) => string,
): Array<CategoryGroup<T>>;
export function groupByCategory<T extends { category: { id: string } }>(
  items: readonly T[],
  keyOf: (category: T['category']) => string = (category) => category.id,
): Array<CategoryGroup<T>> {
  const groups: Array<CategoryGroup<T>> = [];
  for (const item of items) {
    const last = groups.at(-1);
    if (last && keyOf(last.category) === keyOf(item.category)) last.items.push(item);
    else groups.push({ category: item.category, items: [item] });
  }
  return groups;
}
