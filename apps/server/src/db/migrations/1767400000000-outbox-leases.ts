import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';
import { migrationColumns } from '../column-types.js';

/** The outbox tables: notifications and webhook deliveries, delivered by platform/outbox-worker.ts. */
const OUTBOXES = ['notification', 'webhook_delivery'] as const;

/**
 * The outbox worker's claims and lease renewals are HOT updates on PostgreSQL, and its due read
 * stays small without vacuum.
 *
 * A claim held its lease in `next_attempt_at`, which the due index (status, next_attempt_at)
 * covered, and the "sent" update changed `status`: neither could be HOT, so each sent item left two
 * dead entries among the pending ones in the due index, which on a server with autovacuum off
 * stay there, due, for good (42,256 dead row versions for 21,132 notifications at the end of a
 * soak; docs/benchmark.md).
 *
 * - The lease gets a column of its own, `leased_until`, which no index covers, so a claim and a
 *   renewal change no indexed column. `next_attempt_at` keeps meaning when a pending item is due.
 * - The due index becomes partial, `WHERE status = 'PENDING'`, on (next_attempt_at, id): the due
 *   read's order, so that it stops at its limit; only pending rows have an entry, so it does not
 *   grow with the sent ones. The "sent" update still leaves one dead entry in it (a changed status
 *   is never HOT); the worker reads the index so that it marks those entries dead as it passes
 *   them (`withIndexScans` in outbox-worker.ts).
 * - The metrics count the failed rows (platform/metrics/database-metrics.ts), which the old index
 *   answered; a small partial index on them does now, so that a scrape never reads the table.
 * - PostgreSQL keeps 10 % of each page of both tables free, so that a claimed row's new version
 *   fits beside the old one even in pages filled by a burst of new rows (with full pages, 93 % of
 *   the claims were HOT where new rows came 50 at a time; with 10 % free, all of them).
 *
 * An item claimed before the upgrade keeps its lease in `next_attempt_at`, which holds it as
 * before; going down, a lease is moved back there.
 */
export class OutboxLeases1767400000000 implements MigrationInterface {
  name = 'OutboxLeases1767400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { dialect, timestamp } = migrationColumns(queryRunner);
    for (const table of OUTBOXES) {
      // A plain ALTER on both databases: TypeORM's addColumn would rebuild the table on SQLite.
      await queryRunner.query(`ALTER TABLE "${table}" ADD COLUMN "leased_until" ${timestamp}`);
      await queryRunner.dropIndex(table, `IDX_${table}_due`);
      await queryRunner.createIndex(
        table,
        new TableIndex({ name: `IDX_${table}_due`, columnNames: ['next_attempt_at', 'id'], where: "status = 'PENDING'" }),
      );
      await queryRunner.createIndex(
        table,
        new TableIndex({ name: `IDX_${table}_failed`, columnNames: ['id'], where: "status = 'FAILED'" }),
      );
      if (dialect === 'postgres') await queryRunner.query(`ALTER TABLE "${table}" SET (fillfactor = 90)`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const { dialect } = migrationColumns(queryRunner);
    for (const table of OUTBOXES) {
      if (dialect === 'postgres') await queryRunner.query(`ALTER TABLE "${table}" RESET (fillfactor)`);
      await queryRunner.dropIndex(table, `IDX_${table}_failed`);
      await queryRunner.dropIndex(table, `IDX_${table}_due`);
      await queryRunner.createIndex(
        table,
        new TableIndex({ name: `IDX_${table}_due`, columnNames: ['status', 'next_attempt_at'] }),
      );
      // An item being sent stays held, as the old claims held it.
      await queryRunner.query(
        `UPDATE "${table}" SET "next_attempt_at" = "leased_until"
          WHERE "status" = 'PENDING' AND "leased_until" > "next_attempt_at"`,
      );
      await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "leased_until"`);
    }
  }
}
