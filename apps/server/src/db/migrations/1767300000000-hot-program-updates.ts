import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

/** Room left free in each page of `program` on PostgreSQL, in per cent, for the new versions of its rows. */
export const PROGRAM_FILLFACTOR = 70;

/**
 * Status changes update a program row in place, on PostgreSQL without vacuum too.
 *
 * PostgreSQL writes every update as a new version of the row. When no indexed column changes and
 * the page has room, the new version is a HOT update: no index entry is added, and the next read
 * of the page clears the old versions itself (page pruning), with or without vacuum. A status
 * change set `admission_status`, which `IDX_program_admission_status` indexed, so no status change
 * was ever HOT: on a server with autovacuum off every one left a dead version and an entry in each
 * index of the table, and the soak ended with thousands of dead versions for 25 live programs
 * (docs/benchmark.md).
 *
 * - The index goes, on both databases. Four statuses over a catalogue of at most a few thousand
 *   programs: the public lists select three of the four, which the planner read by scanning the
 *   table with or without the index; only a filter on a rare status used it, and at 2,000
 *   programs (PostgreSQL, 300 runs each) that query took 0.65 ms without it against 0.45 ms with it.
 * - PostgreSQL keeps 30 % of each page of `program` free, so that a changed row's new version fits
 *   beside the old one. It applies to the pages written from now on (all of them in a new
 *   database); the pages of an existing table take it as they are rewritten (VACUUM FULL).
 */
export class HotProgramUpdates1767300000000 implements MigrationInterface {
  name = 'HotProgramUpdates1767300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('program', 'IDX_program_admission_status');
    if (queryRunner.connection.options.type === 'postgres')
      await queryRunner.query(`ALTER TABLE program SET (fillfactor = ${PROGRAM_FILLFACTOR})`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') await queryRunner.query('ALTER TABLE program RESET (fillfactor)');
    await queryRunner.createIndex(
      'program',
      new TableIndex({ name: 'IDX_program_admission_status', columnNames: ['admission_status'] }),
    );
  }
}
