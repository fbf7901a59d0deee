import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

/**
 * The status feed reads the latest status changes of the whole catalogue (`ORDER BY changed_at
 * DESC, id DESC LIMIT 50`): without an index in that order each request sorted the whole history,
 * which every status change makes longer, so the feed (and the soak) slowed down as it grew.
 */
export class RecentStatusChangesIndex1765000000001 implements MigrationInterface {
  name = 'RecentStatusChangesIndex1765000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'program_status_change',
      new TableIndex({ name: 'IDX_program_status_change_recent', columnNames: ['changed_at', 'id'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('program_status_change', 'IDX_program_status_change_recent');
  }
}
