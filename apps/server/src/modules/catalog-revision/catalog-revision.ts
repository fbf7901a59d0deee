import type { DataSource, EntityManager } from 'typeorm';
import { CatalogRevisionEntity } from './catalog-revision.entity.js';

const ROW_ID = 1;

/** Inside the transaction of a change to public data: makes every cached public response stale. */
export async function bumpCatalogRevision(manager: EntityManager): Promise<void> {
  await manager.increment(CatalogRevisionEntity, { id: ROW_ID }, 'revision', 1);
}

export async function readCatalogRevision(dataSource: DataSource): Promise<number> {
  const rows: Array<{ revision: number | string }> = await dataSource.query('SELECT revision FROM catalog_revision WHERE id = 1');
  return Number(rows[0]?.revision ?? 0);
}
