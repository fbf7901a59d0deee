import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';
import { migrationColumns } from '../column-types.js';

/** Changes take effect at a moment of their own: an import of a page version dated in the past. */
export class EffectiveDates1766000000000 implements MigrationInterface {
  name = 'EffectiveDates1766000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { timestamp } = migrationColumns(queryRunner);
    // A plain ALTER: TypeORM's addColumn rebuilds the table on SQLite, and the rebuilt table would
    // lose the AUTOINCREMENT that keeps audit ids from ever being handed out twice.
    await queryRunner.query(`ALTER TABLE "audit_event" ADD COLUMN "effective_at" ${timestamp} NULL`);
    await queryRunner.query('UPDATE audit_event SET effective_at = occurred_at');
    await queryRunner.createIndex(
      'audit_event',
      new TableIndex({ name: 'IDX_audit_event_effective_at', columnNames: ['effective_at'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('audit_event', 'IDX_audit_event_effective_at');
    await queryRunner.query('ALTER TABLE "audit_event" DROP COLUMN "effective_at"');
  }
}
