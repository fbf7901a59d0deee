import type { EntityManager } from 'typeorm';
import { badUserInput } from './errors.js';

/**
 * Ordered lists (categories on the page, programs in a category) keep positions 0..n-1. Lock the
 * list first (`lockKeys`): positions are read to be rewritten.
 */

type Positioned = { id: number; position: number; version: number };

/** The lock key of an ordered list, for `lockKeys`. */
export const listLockKey = (list: string) => `order:${list}`;

/**
 * Gives the rows positions 0..n-1 in this order. A row that moves gets a new version, so that an
 * editor holding it learns it changed; a row already in place is not written. Versions are bumped
 * in the database only: read the rows again to answer them.
 */
export async function writeOrder<T extends Positioned>(manager: EntityManager, entity: new () => T, rows: T[]): Promise<void> {
  for (const [position, row] of rows.entries()) {
    if (row.position === position) continue;
    await manager
      .createQueryBuilder()
      .update(entity)
      .set({ position, version: () => 'version + 1' } as never)
      .where('id = :id', { id: row.id })
      .execute();
    row.position = position;
  }
}

/**
 * Puts `rows`, a whole list, in the order of `ids`, which must name each of them exactly once, and
 * writes the positions. Answers the rows in their new order.
 */
export async function reorder<T extends Positioned>(
  manager: EntityManager,
  entity: new () => T,
  rows: T[],
  ids: readonly number[],
  { field, noun, of }: { field: string; noun: string; of: string },
): Promise<T[]> {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const strangers = ids.filter((id) => !byId.has(id)).length;
  const missing = rows.filter((row) => !ids.includes(row.id)).length;
  if (new Set(ids).size !== ids.length || strangers || missing) {
    const problems = [missing && `${missing} missing`, strangers && `${strangers} not ${of}`].filter(Boolean);
    throw badUserInput(`List every ${noun} ${of} exactly once${problems.length ? ` (${problems.join(', ')})` : ''}.`, field);
  }
  const ordered = ids.map((id) => byId.get(id) as T);
  await writeOrder(manager, entity, ordered);
  return ordered;
}
