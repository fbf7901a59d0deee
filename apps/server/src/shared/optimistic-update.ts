import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { conflict, notFound } from './errors.js';

/**
 * Applies `changes` to the row only if it is still at `expectedVersion`, and bumps the version.
 * A stale version is refused with CONFLICT carrying the row as it is now, so the caller can show
 * what changed meanwhile; nothing is written. Returns the row after the change.
 */
export async function updateAtVersion<T extends ObjectLiteral & { id: number; version: number }>(
  manager: EntityManager,
  target: EntityTarget<T>,
  id: number,
  expectedVersion: number,
  changes: Partial<T>,
  describe: { typeName: string; toPublic: (row: T) => Record<string, unknown> },
): Promise<T> {
  const result = await manager
    .createQueryBuilder()
    .update(target)
    .set({ ...changes, version: () => 'version + 1' } as never)
    .where('id = :id AND version = :expectedVersion', { id, expectedVersion })
    .execute();
  const row = await manager.findOneBy(target, { id } as never);
  if (!row) throw notFound(`No ${describe.typeName} has this id.`, 'id');
  if (!result.affected) throw staleVersion(row, expectedVersion, describe);
  return row;
}

/** The CONFLICT for an edit of `row` made at an older version, carrying the row as it is now. */
export function staleVersion<T extends { version: number }>(
  row: T,
  expectedVersion: number,
  describe: { typeName: string; toPublic: (row: T) => Record<string, unknown> },
) {
  return conflict(
    `This ${describe.typeName} was changed by someone else (version ${row.version}, you edited version ${expectedVersion}). Reload it and apply your change again.`,
    { field: 'expectedVersion', currentVersion: row.version, current: describe.toPublic(row) },
  );
}
