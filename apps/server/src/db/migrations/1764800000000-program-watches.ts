import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { migrationColumns } from '../column-types.js';

/** Visitors watching programs for status changes (double opt-in, one-click unsubscribe). */
export class ProgramWatches1764800000000 implements MigrationInterface {
  name = 'ProgramWatches1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { timestamp, id, stamp, foreignKey } = migrationColumns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'program_watch',
        columns: [
          id,
          { name: 'program_id', type: 'integer' },
          { name: 'email', type: 'varchar', length: '320' },
          { name: 'trigger', type: 'varchar', length: '32' },
          { name: 'confirm_token_hash', type: 'varchar', length: '64' },
          { name: 'unsubscribe_token_hash', type: 'varchar', length: '64' },
          { name: 'confirmed_at', type: timestamp, isNullable: true },
          stamp('created_at'),
        ],
        foreignKeys: [foreignKey('program_id', 'program', 'CASCADE')],
        indices: [
          { name: 'UQ_program_watch_program_email', columnNames: ['program_id', 'email'], isUnique: true },
          { name: 'UQ_program_watch_confirm', columnNames: ['confirm_token_hash'], isUnique: true },
          { name: 'UQ_program_watch_unsubscribe', columnNames: ['unsubscribe_token_hash'], isUnique: true },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('program_watch');
  }
}
