import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { migrationColumns } from '../column-types.js';

/** Program changes planned for a moment ahead, applied once by whichever instance claims them. */
export class ScheduledChanges1766300000000 implements MigrationInterface {
  name = 'ScheduledChanges1766300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { timestamp, id, stamp, boolean, foreignKey } = migrationColumns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'scheduled_change',
        columns: [
          id,
          { name: 'program_id', type: 'integer' },
          { name: 'effective_at', type: timestamp },
          { name: 'admission_status', type: 'varchar', length: '32', isNullable: true },
          { name: 'edits', type: 'text', isNullable: true },
          { name: 'reason', type: 'text' },
          boolean('announce', false),
          { name: 'state', type: 'varchar', length: '16' },
          { name: 'outcome', type: 'text', isNullable: true },
          { name: 'settled_at', type: timestamp, isNullable: true },
          { name: 'created_by', type: 'varchar', length: '200' },
          { name: 'version', type: 'integer', default: 1 },
          stamp('created_at'),
          stamp('updated_at'),
        ],
        foreignKeys: [foreignKey('program_id', 'program', 'CASCADE')],
        indices: [
          // The timer's and the catch-up's read: pending changes by due moment.
          { name: 'IDX_scheduled_change_due', columnNames: ['state', 'effective_at'] },
          { name: 'IDX_scheduled_change_program', columnNames: ['program_id', 'state'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('scheduled_change');
  }
}
